// What kind of account a token belongs to, asked in one place: Sign Out (revoke or not), renewal, the action an
// error offers, the view's message and the account picker all ask `accountKind` instead of guessing from fields.
// No runtime `vscode` import, so the unit tests check it in plain Node.
import type { CliAccountSource } from '../../core/auth/cliAccounts';
import { l10n } from '../../core/l10n';
import type { CurrentToken, StoredAccount } from './tokenStore';

export type AccountKind =
  /** LINODE_CLI_TOKEN from the environment, used while no account is stored. */
  | { kind: 'environment' }
  /** A personal access token the user pasted (Set API Token), or one an earlier version stored. */
  | { kind: 'personalToken' }
  /** A token copied from linode-cli's configuration or the shared Linode config file. */
  | { kind: 'linodeCli'; source: CliAccountSource; name: string }
  /**
   * Signed in with Linode's login page. A public app's token cannot be renewed; a private app's is, with its refresh
   * token. `expired`: Linode refused the token or its renewal, so only a new sign-in helps.
   */
  | { kind: 'signIn'; client: 'public' | 'private'; renewable: boolean; expired: boolean };

/** The kind of a stored account, or of the token in use (which may be the environment's). */
export function accountKind(of: StoredAccount | CurrentToken): AccountKind {
  if ('source' in of && of.source === 'environment') return { kind: 'environment' };
  const account = 'source' in of ? of.account : of;
  if (!account) return { kind: 'environment' };
  if (account.oauth) {
    // Accounts stored before the client type was kept: only a private app's sign-in has a refresh token.
    const client = account.oauth.clientType ?? (account.oauth.refreshToken ? 'private' : 'public');
    const expired = account.oauth.expired === true;
    return { kind: 'signIn', client, renewable: client === 'private' && account.oauth.refreshToken !== undefined && !expired, expired };
  }
  if (account.importedFrom) return { kind: 'linodeCli', source: account.importedFrom.source, name: account.importedFrom.name };
  return { kind: 'personalToken' };
}

/** Whether the token in use came from a sign-in (a refusal then means "sign in again"). */
export function isSignIn(current: CurrentToken | undefined): boolean {
  return current !== undefined && accountKind(current).kind === 'signIn';
}

/** Sign Out ends the token at Linode only for a sign-in; every other token is the user's own and stays valid. */
export function revokedOnSignOut(kind: AccountKind): boolean {
  return kind.kind === 'signIn';
}

/** What a user can do when Linode refuses the token: sign in again, or give another token. */
export function remedyForRefusedToken(kind: AccountKind): 'signInAgain' | 'setApiToken' {
  return kind.kind === 'signIn' ? 'signInAgain' : 'setApiToken';
}

/** "personal access token", "token of linode-cli user alice", "signed in with Linode · sign-in expired". */
export function describeAccountKind(kind: AccountKind, expiresAt?: number, now = Date.now()): string {
  switch (kind.kind) {
    case 'environment':
      return l10n.t('token from the environment');
    case 'personalToken':
      return l10n.t('personal access token');
    case 'linodeCli':
      return kind.source === 'linode-cli' ? l10n.t('token of linode-cli user {0}', kind.name) : l10n.t('token of Linode config profile {0}', kind.name);
    case 'signIn':
      return kind.expired || (expiresAt !== undefined && expiresAt <= now && !kind.renewable)
        ? l10n.t('signed in with Linode · sign-in expired')
        : l10n.t('signed in with Linode');
  }
}
