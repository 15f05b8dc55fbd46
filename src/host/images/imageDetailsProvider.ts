// Read-only documents with an image's JSON, as Linode returns it: `linode-image:/private/15/<label>.json`.
// The content comes from the tree's cache, so whenever an image changes (an edit, the poller, Show Image
// Details re-reading it) its open document changes with it.
import * as vscode from 'vscode';
import type { Image } from '../../core/api/types';
import type { ImagesTreeProvider } from '../tree/imagesTreeProvider';

export const IMAGE_DETAILS_SCHEME = 'linode-image';

export function imageDetailsUri(image: Image): vscode.Uri {
  // The last segment only names the tab; the id (which has a slash) is everything before it.
  const name = `${image.label.replace(/[/\\]/g, '-')}.json`;
  return vscode.Uri.from({ scheme: IMAGE_DETAILS_SCHEME, path: `/${image.id}/${name}` });
}

export function imageIdOf(uri: vscode.Uri): string {
  return uri.path.replace(/^\//, '').split('/').slice(0, -1).join('/');
}

export class ImageDetailsProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly tree: ImagesTreeProvider) {
    this.subscription = tree.onDidChangeImages(() => {
      for (const document of vscode.workspace.textDocuments) {
        if (document.uri.scheme === IMAGE_DETAILS_SCHEME) this.changed.fire(document.uri);
      }
    });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const id = imageIdOf(uri);
    const image = this.tree.image(id);
    if (!image) return `// The image ${id} is not in the list any more: it was deleted, or the list was cleared.\n`;
    return `${JSON.stringify(image, null, 2)}\n`;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
