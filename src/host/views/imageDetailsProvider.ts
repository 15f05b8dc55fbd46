// Read-only documents with an image's JSON, as Linode returns it: `linode-image:/private/15/<label>.json`.
// The content comes from the image store, so whenever an image changes (an edit, the poller, Show Image
// Details re-reading it) its open document changes with it.
import * as vscode from 'vscode';
import type { Image } from '../../core/api/types';
import { l10n } from '../../core/l10n';
import type { ImageStore } from '../../core/store/imageStore';

export const IMAGE_DETAILS_SCHEME = 'linode-image';

function imageDetailsUri(image: Image): vscode.Uri {
  // The last segment only names the tab; the id (which has a slash) is everything before it.
  const name = `${image.label.replace(/[/\\]/g, '-')}.json`;
  return vscode.Uri.from({ scheme: IMAGE_DETAILS_SCHEME, path: `/${image.id}/${name}` });
}

function imageIdOf(uri: vscode.Uri): string {
  return uri.path.replace(/^\//, '').split('/').slice(0, -1).join('/');
}

/** How long Show Image Details waits for a kept document to catch up, and how often it announces the change again. */
const OPEN_UP_TO_DATE_MS = 30_000;
const ANNOUNCE_AGAIN_MS = 2_000;

/** Resolves at the document's next change, or after `ms`. */
function nextChange(document: vscode.TextDocument, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      subscription.dispose();
      resolve();
    };
    const timer = setTimeout(done, ms);
    const subscription = vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.document === document) done();
    });
  });
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
   * opening (its editor closed, the model not yet gone) whose text still waits for an update: VS Code queues each
   * provider's updates as round trips to the workbench, and a late one can even overtake a newer one. So the change
   * is announced again until the document shows it (each round ends at the document's next change, or after a
   * while), within a bound past which it is shown as it is: the editor still updates when the workbench catches up.
   */
  async open(image: Image): Promise<vscode.TextDocument> {
    const uri = imageDetailsUri(image);
    let document = await vscode.workspace.openTextDocument(uri);
    const giveUpAt = Date.now() + OPEN_UP_TO_DATE_MS;
    while (!this.showsCurrent(document) && Date.now() < giveUpAt) {
      // A kept document can also be let go of meanwhile (VS Code keeps one a few minutes): opening it again then
      // asks this provider for the text.
      if (document.isClosed) {
        document = await vscode.workspace.openTextDocument(uri);
        continue;
      }
      const changed = nextChange(document, ANNOUNCE_AGAIN_MS);
      this.changed.fire(uri);
      await changed;
    }
    return document;
  }

  private showsCurrent(document: vscode.TextDocument): boolean {
    return document.getText().replace(/\r\n/g, '\n') === this.provideTextDocumentContent(document.uri);
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
