// Read-only documents with an image's JSON, as Linode returns it: `linode-image:/private/15/<label>.json`.
// The content comes from the image store, so whenever an image changes (an edit, the poller, Show Image
// Details re-reading it) its open document changes with it.
import * as vscode from 'vscode';
import type { Image } from '../../core/api/types';
import { l10n } from '../../core/l10n';
import type { ImageStore } from '../../core/store/imageStore';

export const IMAGE_DETAILS_SCHEME = 'linode-image';

export function imageDetailsUri(image: Image): vscode.Uri {
  // The last segment only names the tab; the id (which has a slash) is everything before it.
  const name = `${image.label.replace(/[/\\]/g, '-')}.json`;
  return vscode.Uri.from({ scheme: IMAGE_DETAILS_SCHEME, path: `/${image.id}/${name}` });
}

function imageIdOf(uri: vscode.Uri): string {
  return uri.path.replace(/^\//, '').split('/').slice(0, -1).join('/');
}

export class ImageDetailsProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: { dispose(): void };

  constructor(private readonly store: ImageStore) {
    this.subscription = store.onDidChange((change) => {
      // Only the documents of the images that changed (all of them when the whole list did).
      const changed = change.kind === 'images' ? new Set(change.changes.map((c) => c.id)) : change.kind === 'reset' ? undefined : new Set<string>();
      for (const document of vscode.workspace.textDocuments) {
        if (document.uri.scheme !== IMAGE_DETAILS_SCHEME) continue;
        if (!changed || changed.has(imageIdOf(document.uri))) this.changed.fire(document.uri);
      }
    });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const id = imageIdOf(uri);
    const image = this.store.image(id);
    if (!image) return `// ${l10n.t('The image {0} is not in the list any more: it was deleted, or the list was cleared.', id)}\n`;
    return `${JSON.stringify(image, null, 2)}\n`;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
