// Opens an image's JSON in a read-only editor, re-read from Linode each time it is opened.
import * as vscode from 'vscode';
import { imageDetailsUri } from '../images/imageDetailsProvider';
import { targetImages } from '../images/imageTargets';
import { rereadImage } from '../images/imageUpdates';
import type { CommandDefinition } from './command';

export const showImageDetailsCommand: CommandDefinition = {
  id: 'showImageDetails',
  title: 'Show Image Details',
  async run(services, ...args) {
    const [target] = (await targetImages(services, args, { action: 'details', many: false, title: 'Show Image Details' })).images;
    if (!target) return;
    // Upserting the fresh copy updates the document if it is already open.
    const image = await rereadImage(services, target);
    const document = await vscode.workspace.openTextDocument(imageDetailsUri(image));
    await vscode.window.showTextDocument(document, { preview: true });
    return document;
  },
};
