// Copies the selected images' ids (one per line), e.g. for `linode-cli linodes create --image`.
import * as vscode from 'vscode';
import { targetImages } from '../images/imageTargets';
import { showDone } from '../images/imageUpdates';
import type { CommandDefinition } from './command';

export const copyImageIdCommand: CommandDefinition = {
  id: 'copyImageId',
  title: 'Copy Image ID',
  async run(services, ...args) {
    const { images } = await targetImages(services, args, { action: 'copyId', many: true, title: 'Copy Image ID' });
    if (images.length === 0) return;
    const ids = images.map((image) => image.id);
    await vscode.env.clipboard.writeText(ids.join('\n'));
    showDone(ids.length === 1 ? `Copied ${ids[0]}.` : `Copied ${ids.length} image ids.`);
  },
};
