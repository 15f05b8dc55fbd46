// Chooses which stored account the view shows, or adds one.
import * as vscode from 'vscode';
import { TOKEN_ENV_VARIABLE, type StoredAccount } from '../tokenStore';
import type { CommandDefinition } from './command';

type AccountItem = vscode.QuickPickItem & { account?: StoredAccount; then?: string };

export const switchAccountCommand: CommandDefinition = {
  id: 'switchAccount',
  title: 'Switch Account…',
  async run({ tokens, prompts, sync, logger }) {
    await tokens.ready;
    const current = tokens.currentAccount;
    // The account shown comes first, so the list opens on it.
    const accounts = [...tokens.accounts].sort((a, b) => Number(b.id === current?.id) - Number(a.id === current?.id));
    const items: AccountItem[] = [
      ...accounts.map((account): AccountItem => ({
        label: `${account.id === current?.id ? '$(check)' : '$(account)'} ${account.label}`,
        description: describeAccount(account),
        account,
      })),
      { label: '', kind: vscode.QuickPickItemKind.Separator },
      { label: '$(sign-in) Sign In with Linode…', then: 'linodeImages.signIn' },
      { label: '$(key) Add a Personal Access Token…', then: 'linodeImages.setApiToken' },
    ];
    const placeHolder = current
      ? `Showing the images of ${current.label}`
      : tokens.current?.source === 'environment' ? `Showing the images of the ${TOKEN_ENV_VARIABLE} token` : 'No account yet';
    const picked = await prompts.current.quickPick(items, { title: 'Linode Account', placeHolder });
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
  if (!account.oauth) return 'personal access token';
  if (account.oauth.expired || account.oauth.expiresAt <= Date.now()) return 'signed in with Linode · sign-in expired';
  return 'signed in with Linode';
}
