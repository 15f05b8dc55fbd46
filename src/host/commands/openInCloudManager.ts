// Opens Cloud Manager's Images page in the browser (it has no page per image; the list shows your images).
import * as vscode from 'vscode';
import { targetImages } from '../images/imageTargets';
import type { CommandDefinition } from './command';

export const CLOUD_MANAGER_IMAGES_URL = 'https://cloud.linode.com/images';

export const openInCloudManagerCommand: CommandDefinition = {
  id: 'openInCloudManager',
  title: 'Open in Cloud Manager',
  async run(services, ...args) {
    const [image] = (await targetImages(services, args, { action: 'openInCloudManager', many: false, title: 'Open in Cloud Manager' })).images;
    if (!image) return;
    await services.prompts.current.openExternal(vscode.Uri.parse(CLOUD_MANAGER_IMAGES_URL));
  },
};
