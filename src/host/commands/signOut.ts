// Forgets a stored account (its token, and for a sign-in its refresh token). The images stay at Linode.
import { l10n } from '../../core/l10n';
import { TOKEN_ENV_VARIABLE, type StoredAccount } from '../tokenStore';
import type { CommandDefinition } from './command';
import { describeAccount } from './switchAccount';

export const signOutCommand: CommandDefinition = {
  id: 'signOut',
  get title() {
    return l10n.t('Sign Out…');
  },
  async run({ prompts, tokens, sync, logger }) {
    await tokens.ready;
    if (!tokens.hasStoredToken) {
      void prompts.current.info(l10n.t('No Linode account is stored in VS Code.'));
      return;
    }
    let account: StoredAccount | undefined = tokens.currentAccount;
    if (tokens.accounts.length > 1) {
      const picked = await prompts.current.quickPick(
        tokens.accounts.map((candidate) => ({ label: candidate.label, description: describeAccount(candidate), account: candidate, picked: candidate.id === account?.id })),
        { title: l10n.t('Sign Out'), placeHolder: l10n.t('The account to sign out of') },
      );
      account = picked?.account;
    }
    if (!account) return;
    const button = l10n.t('Sign Out');
    const answer = await prompts.current.confirm(
      l10n.t('Sign out of {0}?', account.label),
      account.oauth
        ? l10n.t(
          "VS Code forgets this sign-in (its token and refresh token). Your images stay at Linode. Linode keeps the app's access until you revoke it in Cloud Manager (your profile → Apps).",
        )
        : l10n.t(
          'VS Code forgets this personal access token. The token itself stays valid at Linode; revoke it in Cloud Manager (Profile → API Tokens) if it is no longer needed.',
        ),
      button,
    );
    if (answer !== button) return;
    await tokens.remove(account.id);
    logger.info(`Signed out of ${account.label}.`);
    const next = tokens.current;
    const environmentTokenLeft = next?.source === 'environment';
    void prompts.current.info(
      environmentTokenLeft
        ? l10n.t('Signed out of {0}. The {1} environment variable is still used.', account.label, TOKEN_ENV_VARIABLE)
        : next?.account
          ? l10n.t('Signed out of {0}. Showing the images of {1}.', account.label, next.account.label)
          : l10n.t('Signed out of {0}.', account.label),
    );
    // The account listener shows the next account's images (or none); this waits for them when there are some.
    if (next) await sync.refresh();
  },
};
