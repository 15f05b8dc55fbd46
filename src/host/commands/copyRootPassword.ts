// "Copy Root Password" on a trial Linode's row: the password kept in secret storage when the Linode was made, on the
// clipboard (never shown, never logged).
import * as vscode from 'vscode';
import { l10n } from '../../core/l10n';
import { profileOf } from '../deploy/linodeAccess';
import { isTrialNode } from '../deploy/trialLinodes';
import type { PlainCommand } from './command';

export const copyRootPasswordCommand: PlainCommand = {
  id: 'copyRootPassword',
  get title() {
    return l10n.t('Copy Root Password');
  },
  async run(services, node?: unknown) {
    if (!isTrialNode(node)) return;
    const { linode } = node.row;
    const profile = await profileOf(services.session.client(), services.tokens);
    const password = await services.rootPasswords.get(profile.account, linode.id);
    if (password === undefined) {
      void services.prompts.current.info(l10n.t('No root password of "{0}" is kept in this VS Code (it was made or rebuilt elsewhere).', linode.label));
      return;
    }
    await vscode.env.clipboard.writeText(password);
    vscode.window.setStatusBarMessage(l10n.t('The root password of "{0}" is on the clipboard.', linode.label), 4_000);
  },
};
