// "Connect with Remote-SSH" on a trial Linode's row (offered only while that extension is installed): a new window on
// the Linode, as root.
import { l10n } from '../../core/l10n';
import { connectWithRemoteSsh } from '../deploy/followLinode';
import { isTrialNode } from '../deploy/trialLinodes';
import type { PlainCommand } from './command';

export const connectWithRemoteSshCommand: PlainCommand = {
  id: 'connectWithRemoteSsh',
  get title() {
    return l10n.t('Connect with Remote-SSH');
  },
  async run(_services, node?: unknown) {
    if (isTrialNode(node) && node.row.linode.ipv4.length > 0) await connectWithRemoteSsh(node.row.linode);
  },
};
