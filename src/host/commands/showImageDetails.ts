// Opens an image's JSON in a read-only editor, re-read from Linode each time it is opened.
import * as vscode from 'vscode';
import { l10n } from '../../core/l10n';
import { rereadImage } from '../images/imageUpdates';
import type { OneImageCommand } from './command';

export const showImageDetailsCommand: OneImageCommand = {
  id: 'showImageDetails',
  get title() {
    return l10n.t('Show Image Details');
  },
  targets: { action: 'details', many: false },
  async run(services, target) {
    // Upserting the fresh copy updates the document if it is already open.
    const image = await rereadImage(services, target);
    const document = await services.imageDetails.open(image);
    // The editor's document: the one VS Code shows, even if it let go of the one opened above meanwhile.
    const editor = await vscode.window.showTextDocument(document, { preview: true });
    return editor.document;
  },
};
