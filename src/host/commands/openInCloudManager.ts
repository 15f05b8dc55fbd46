// Opens Cloud Manager's Images page in the browser (it has no page per image; the list shows your images).
import * as vscode from 'vscode';
import { l10n } from '../../core/l10n';
import type { OneImageCommand } from './command';

const CLOUD_MANAGER_IMAGES_URL = 'https://cloud.linode.com/images';

export const openInCloudManagerCommand: OneImageCommand = {
  id: 'openInCloudManager',
  get title() {
    return l10n.t('Open in Cloud Manager');
  },
  targets: { action: 'openInCloudManager', many: false },
  async run(services) {
    await services.prompts.current.openExternal(vscode.Uri.parse(CLOUD_MANAGER_IMAGES_URL));
  },
};
