// Forgets a stored account (its token, and for a sign-in its refresh token). The images stay at Linode.
import { TOKEN_ENV_VARIABLE, type StoredAccount } from '../tokenStore';
import type { CommandDefinition } from './command';
import { describeAccount } from './switchAccount';

export const signOutCommand: CommandDefinition = {
  id: 'signOut',
  title: 'Sign Out…',
  async run({ prompts, tokens, sync, logger }) {
    await tokens.ready;
    if (!tokens.hasStoredToken) {
      void prompts.current.info('No Linode account is stored in VS Code.');
      return;
    }
    let account: StoredAccount | undefined = tokens.currentAccount;
    if (tokens.accounts.length > 1) {
      const picked = await prompts.current.quickPick(
        tokens.accounts.map((candidate) => ({ label: candidate.label, description: describeAccount(candidate), account: candidate, picked: candidate.id === account?.id })),
        { title: 'Sign Out', placeHolder: 'The account to sign out of' },
      );
      account = picked?.account;
    }
    if (!account) return;
    const answer = await prompts.current.confirm(
      `Sign out of ${account.label}?`,
      account.oauth
        ? 'VS Code forgets this sign-in (its token and refresh token). Your images stay at Linode. Linode keeps the app\'s access until you revoke it in Cloud Manager (your profile → Apps).'
        : 'VS Code forgets this personal access token. The token itself stays valid at Linode; revoke it in Cloud Manager (Profile → API Tokens) if it is no longer needed.',
      'Sign Out',
    );
    if (answer !== 'Sign Out') return;
    await tokens.remove(account.id);
    logger.info(`Signed out of ${account.label}.`);
    const next = tokens.current;
    void prompts.current.info(
      next?.source === 'environment'
        ? `Signed out of ${account.label}. The ${TOKEN_ENV_VARIABLE} environment variable is still used.`
        : next?.account ? `Signed out of ${account.label}. Showing the images of ${next.account.label}.` : `Signed out of ${account.label}.`,
    );
    // The account listener shows the next account's images (or none); this waits for them when there are some.
    if (next) await sync.refresh();
  },
};
