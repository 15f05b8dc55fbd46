// "Copy SSH Command" on a trial Linode's row: `ssh root@<its IPv4>` on the clipboard.
import { l10n } from '../../core/l10n';
import { copy, sshCommand } from '../deploy/followLinode';
import { isTrialNode } from '../deploy/trialLinodes';
import type { PlainCommand } from './command';

export const copySshCommandCommand: PlainCommand = {
  id: 'copySshCommand',
  get title() {
    return l10n.t('Copy SSH Command');
  },
  async run(_services, node?: unknown) {
    const command = isTrialNode(node) ? sshCommand(node.row.linode) : undefined;
    if (command) await copy(command);
  },
};
