// Signing out of one account: a sign-in's token is revoked at Linode first (Cloud Manager and linode_api4 end a
// token the same way on logout), then the account is forgotten whatever Linode answered, so a login server that
// cannot be reached never keeps an account the user asked to remove. A personal access token or one copied from
// linode-cli is the user's own: it is only forgotten.
import { l10n } from '../../core/l10n';
import { errorMessage } from '../errors';
import type { ApiSession } from '../apiSession';
import type { Logger } from '../log';
import type { PromptsHolder } from '../prompts';
import type { StoredAccount, TokenStore } from './tokenStore';
import type { ClientSecrets } from './clientSecret';
import { revokeToken } from '../../core/auth/oauth';
import { accountKind } from './accountKind';

export type SignOutOutcome =
  /** Linode confirmed the token no longer works. */
  | { kind: 'revoked' }
  /** The user's own token (a personal access token, or linode-cli's): left valid on purpose. */
  | { kind: 'kept' }
  /** Linode could not be asked or said no: the token may still work until it expires. */
  | { kind: 'revokeFailed'; reason: string };

export interface SignOutServices {
  tokens: TokenStore;
  clientSecrets: ClientSecrets;
  session: ApiSession;
  logger: Logger;
}

export async function signOutAccount(services: SignOutServices, account: StoredAccount): Promise<SignOutOutcome> {
  const kind = accountKind(account);
  const outcome = kind.kind === 'signIn' && account.oauth ? await revoke(services, account, account.oauth, kind.client) : { kind: 'kept' as const };
  await services.tokens.remove(account.id);
  services.logger.info(`Signed out of ${account.label} (${outcome.kind === 'revokeFailed' ? `not revoked: ${outcome.reason}` : outcome.kind}).`);
  return outcome;
}

async function revoke(services: SignOutServices, account: StoredAccount, oauth: NonNullable<StoredAccount['oauth']>, client: 'public' | 'private'): Promise<SignOutOutcome> {
  const isPrivate = client === 'private';
  try {
    const secret = isPrivate ? await services.clientSecrets.get(oauth.clientId) : undefined;
    if (isPrivate && !secret) return { kind: 'revokeFailed', reason: l10n.t("the OAuth app's client secret is no longer stored in VS Code") };
    // The access token, as Cloud Manager and linode_api4 end it; its grant (a refresh token) goes with it.
    const common = { loginUrl: oauth.loginUrl, clientId: oauth.clientId, token: account.token, userAgent: services.session.userAgent };
    const request = await revokeToken(secret === undefined ? common : { ...common, clientSecret: secret });
    services.logger.info(`Revoked the sign-in of ${account.label} at Linode (${request}).`);
    return { kind: 'revoked' };
  } catch (error) {
    return { kind: 'revokeFailed', reason: errorMessage(error) };
  }
}

/** Where a user ends a third-party app's token by hand: Cloud Manager's API Tokens page lists them. */
const CLOUD_MANAGER_TOKENS_URL = 'https://cloud.linode.com/profile/tokens';

/** The account is forgotten, but its token may still work: say so, and where to end it. */
export async function warnRevokeFailed(services: { prompts: PromptsHolder }, label: string, reason: string, after = ''): Promise<void> {
  const open = l10n.t('Open Cloud Manager');
  const message = l10n.t(
    'Signed out of {0} in VS Code, but Linode did not confirm that its token is revoked: {1} The token works until it expires (two hours at most); to end it now, remove the app under Third Party Access in Cloud Manager (Profile → API Tokens).',
    label,
    /[.!?]$/.test(reason) ? reason : `${reason}.`,
  );
  const choice = await services.prompts.current.warning(after ? `${message} ${after}` : message, open);
  if (choice === open) await services.prompts.current.openExternalUrl(CLOUD_MANAGER_TOKENS_URL);
}
