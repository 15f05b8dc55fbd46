// Chooses which stored account the view shows, or adds one.
import * as vscode from 'vscode';
import type { CliAccount } from '../../core/auth/cliAccounts';
import { l10n } from '../../core/l10n';
import { cliAccountLabel, describeCliAccount, offeredCliAccounts, useCliAccount } from '../auth/linodeCliAccounts';
import { commandId, type CommandId } from '../ids';
import { TOKEN_ENV_VARIABLE, type StoredAccount } from '../auth/tokenStore';
import type { CommandDefinition } from './command';
import { accountKind, describeAccountKind } from '../auth/accountKind';

type AccountItem = vscode.QuickPickItem & { account?: StoredAccount; cliAccount?: CliAccount; then?: CommandId };

export const switchAccountCommand: CommandDefinition = {
  id: 'switchAccount',
  get title() {
    return l10n.t('Switch Account…');
  },
  async run(services) {
    const { tokens, prompts, sync, logger } = services;
    await tokens.ready;
    // Accounts linode-cli (or the shared Linode config) has and VS Code does not yet: one pick away.
    const onDisk = await offeredCliAccounts(services);
    const current = tokens.currentAccount;
    // The account shown comes first, so the list opens on it.
    const accounts = [...tokens.accounts].sort((a, b) => Number(b.id === current?.id) - Number(a.id === current?.id));
    const items: AccountItem[] = [
      ...accounts.map((account): AccountItem => {
        const icon = account.id === current?.id ? '$(check)' : '$(account)';
        return { label: `${icon} ${account.label}`, description: describeAccount(account), account };
      }),
      ...(onDisk.length > 0 ? [{ label: l10n.t('On this computer'), kind: vscode.QuickPickItemKind.Separator }] : []),
      ...onDisk.map((cliAccount): AccountItem => ({ label: l10n.t('$(terminal) {0}', cliAccountLabel(cliAccount)), description: describeCliAccount(cliAccount), cliAccount })),
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
    if (picked.cliAccount) {
      if (await useCliAccount(services, picked.cliAccount)) await sync.refresh();
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
  return describeAccountKind(accountKind(account), account.oauth?.expiresAt);
}
