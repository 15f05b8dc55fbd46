// Signs out of a stored account: a sign-in's token is revoked at Linode, then the account is forgotten (see
// auth/signOutAccount.ts). The images stay at Linode.
import { l10n } from '../../core/l10n';
import { signOutAccount, warnRevokeFailed } from '../auth/signOutAccount';
import { TOKEN_ENV_VARIABLE, type StoredAccount } from '../auth/tokenStore';
import type { CommandDefinition } from './command';
import { describeAccount } from './switchAccount';
import { accountKind, revokedOnSignOut } from '../auth/accountKind';

export const signOutCommand: CommandDefinition = {
  id: 'signOut',
  get title() {
    return l10n.t('Sign Out…');
  },
  async run(services) {
    const { prompts, tokens, sync } = services;
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
    const answer = await prompts.current.confirm(l10n.t('Sign out of {0}?', account.label), signOutDetail(account), button);
    if (answer !== button) return;
    const outcome = await signOutAccount(services, account);
    const next = tokens.current;
    const after = next?.source === 'environment'
      ? l10n.t('The {0} environment variable is still used.', TOKEN_ENV_VARIABLE)
      : next?.account
        ? l10n.t('Showing the images of {0}.', next.account.label)
        : '';
    if (outcome.kind === 'revokeFailed') {
      void warnRevokeFailed(services, account.label, outcome.reason, after);
    } else {
      const done = outcome.kind === 'revoked'
        ? l10n.t('Signed out of {0}; Linode revoked its token.', account.label)
        : l10n.t('Signed out of {0}. Its token was not revoked: it is your own.', account.label);
      void prompts.current.info(after ? `${done} ${after}` : done);
    }
    // The account listener shows the next account's images (or none); this waits for them when there are some.
    if (next) await sync.refresh();
  },
};

/** What Sign Out does to this account's token, said before it is done. */
function signOutDetail(account: StoredAccount): string {
  const kind = accountKind(account);
  if (revokedOnSignOut(kind)) {
    return l10n.t("VS Code revokes this sign-in's token at Linode, then forgets it. Your images stay at Linode.");
  }
  if (kind.kind === 'linodeCli') {
    return l10n.t('VS Code forgets its copy of the {0} token of "{1}". The token is yours, so it is not revoked: {0} goes on using it.', kind.source, kind.name);
  }
  return l10n.t(
    'VS Code forgets this personal access token. It is yours, so it is not revoked: it stays valid at Linode until you revoke it in Cloud Manager (Profile → API Tokens).',
  );
}
