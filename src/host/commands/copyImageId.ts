// Copies the selected images' ids (one per line), e.g. for `linode-cli linodes create --image`.
import * as vscode from 'vscode';
import { l10n } from '../../core/l10n';
import { showDone } from '../images/imageUpdates';
import type { ManyImagesCommand } from './command';

export const copyImageIdCommand: ManyImagesCommand = {
  id: 'copyImageId',
  get title() {
    return l10n.t('Copy Image ID');
  },
  targets: { action: 'copyId', many: true },
  async run(_services, { images }) {
    const ids = images.map((image) => image.id);
    await vscode.env.clipboard.writeText(ids.join('\n'));
    showDone(ids.length === 1 ? l10n.t('Copied {0}.', ids[0]) : l10n.t('Copied {0} image ids.', ids.length));
  },
};
