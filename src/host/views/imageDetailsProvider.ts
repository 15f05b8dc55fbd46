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

  /**
   * The image's document, showing what the store holds now. VS Code may hand back a document it kept from an earlier
   * opening (its editor closed, the model not yet gone) whose text no change reached since: that one is brought up
   * to date before it is returned.
   */
  async open(image: Image): Promise<vscode.TextDocument> {
    const uri = imageDetailsUri(image);
    const document = await vscode.workspace.openTextDocument(uri);
    const current = this.provideTextDocumentContent(uri);
    if (document.getText() === current) return document;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        subscription.dispose();
        resolve();
      };
      const subscription = vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document === document && document.getText() === current) done();
      });
      // The update is a round trip to the workbench; a busy one is not waited for forever.
      const timer = setTimeout(done, 10_000);
      this.changed.fire(uri);
    });
    return document;
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
