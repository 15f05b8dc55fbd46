// Chooses which stored account the view shows, or adds one.
import * as vscode from 'vscode';
import { l10n } from '../../core/l10n';
import { commandId, type CommandId } from '../ids';
import { TOKEN_ENV_VARIABLE, type StoredAccount } from '../tokenStore';
import type { CommandDefinition } from './command';

type AccountItem = vscode.QuickPickItem & { account?: StoredAccount; then?: CommandId };

export const switchAccountCommand: CommandDefinition = {
  id: 'switchAccount',
  get title() {
    return l10n.t('Switch Account…');
  },
  async run({ tokens, prompts, sync, logger }) {
    await tokens.ready;
    const current = tokens.currentAccount;
    // The account shown comes first, so the list opens on it.
    const accounts = [...tokens.accounts].sort((a, b) => Number(b.id === current?.id) - Number(a.id === current?.id));
    const items: AccountItem[] = [
      ...accounts.map((account): AccountItem => {
        const icon = account.id === current?.id ? '$(check)' : '$(account)';
        return { label: `${icon} ${account.label}`, description: describeAccount(account), account };
      }),
      { label: '', kind: vscode.QuickPickItemKind.Separator },
      { label: l10n.t('$(sign-in) Sign In with Linode…'), then: commandId('signIn') },
      { label: l10n.t('$(key) Add a Personal Access Token…'), then: commandId('setApiToken') },
    ];
    const placeHolder = current
      ? l10n.t('Showing the images of {0}', current.label)
      : tokens.current?.source === 'environment'
        ? l10n.t('Showing the images of the {0} token', TOKEN_ENV_VARIABLE)
        : l10n.t('No account yet');
    const picked = await prompts.current.quickPick(items, { title: l10n.t('Linode Account'), placeHolder });
    if (!picked) return;
    if (picked.then) {
      await vscode.commands.executeCommand(picked.then);
      return;
    }
    if (!picked.account || picked.account.id === current?.id) return;
    await tokens.use(picked.account.id);
    logger.info(`Showing the images of ${picked.account.label}.`);
    await sync.ensureStarted();
  },
};

/** "personal access token", "signed in with Linode", "sign-in expired". */
export function describeAccount(account: StoredAccount): string {
  if (!account.oauth) return l10n.t('personal access token');
  if (account.oauth.expired || account.oauth.expiresAt <= Date.now()) return l10n.t('signed in with Linode · sign-in expired');
  return l10n.t('signed in with Linode');
}
