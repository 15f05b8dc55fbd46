// Who the token in use belongs to, and whether it may make Linodes, asked of Linode once per token: GET /profile
// answers the username and (X-OAuth-Scopes) the token's scopes. The username, with the API's address, names the
// account a trial Linode is recorded under; the scopes let a deployment stop, with one clear message, before anything
// is sent that Linode would refuse.
import * as vscode from 'vscode';
import type { LinodeClient } from '../../core/api/client';
import { l10n } from '../../core/l10n';
import { accountKind, isSignIn } from '../auth/accountKind';
import type { TokenStore } from '../auth/tokenStore';
import type { ApiSession } from '../apiSession';
import { commandId } from '../ids';
import type { PromptsHolder } from '../prompts';
import type { KeyAccess } from './sshKeyChoices';

/** The scope that creating, rebuilding and deleting a Linode needs. */
const LINODE_WRITE_SCOPE = 'linodes:read_write';

export interface LinodeProfile {
  username: string;
  /** As Linode reported them; undefined when it did not say (then Linode decides when asked). */
  scopes: string[] | undefined;
  /** The account trial Linodes are recorded under: the API's address and the username. */
  account: string;
}

/** By API address and token (kept in memory only): a token's username and scopes do not change. */
const profiles = new Map<string, Promise<LinodeProfile>>();

/** The profile of the token `client` sends; asked once per token. */
export function profileOf(client: LinodeClient, tokens: Pick<TokenStore, 'current'>): Promise<LinodeProfile> {
  const key = `${client.apiUrl}\n${tokens.current?.value ?? ''}`;
  let known = profiles.get(key);
  if (!known) {
    known = client.checkToken().then(({ profile, scopes }) => ({ username: profile.username, scopes, account: `${client.apiUrl} ${profile.username}` }));
    profiles.set(key, known);
    // A failed look is not kept: the next one asks again.
    known.catch(() => profiles.delete(key));
  }
  return known;
}

function allowsLinodeWrites(scopes: readonly string[] | undefined): boolean {
  return scopes === undefined || scopes.includes('*') || scopes.includes(LINODE_WRITE_SCOPE);
}

export interface WriterServices {
  session: ApiSession;
  tokens: TokenStore;
  prompts: PromptsHolder;
}

/**
 * The profile, when the token may make Linodes. Otherwise one message that names the missing scope, with the way to
 * a token that has it (a sign-in asks Linode for it), and undefined: the caller sends nothing.
 */
export async function linodeWriter(services: WriterServices, client: LinodeClient, what: string): Promise<LinodeProfile | undefined> {
  const profile = await profileOf(client, services.tokens);
  if (allowsLinodeWrites(profile.scopes)) return profile;
  const has = profile.scopes && profile.scopes.length > 0 ? profile.scopes.join(', ') : l10n.t('none');
  const current = services.tokens.current;
  const signedIn = current !== undefined && accountKind(current).kind === 'signIn';
  if (signedIn) {
    const signIn = l10n.t('Sign In Again with Linodes: Read/Write');
    void services.prompts.current.error(
      l10n.t(
        '{0} needs the {1} scope, and this sign-in did not ask Linode for it (it has: {2}). Sign in again to allow this extension to create, rebuild and delete Linodes; Linode asks you to approve it.',
        what,
        LINODE_WRITE_SCOPE,
        has,
      ),
      signIn,
    ).then((choice) => {
      if (choice === signIn) void vscode.commands.executeCommand(commandId('signIn'), { scopes: [LINODE_WRITE_SCOPE] });
    });
    return undefined;
  }
  const setToken = l10n.t('Set API Token');
  void services.prompts.current.error(
    l10n.t(
      '{0} needs an API token with the {1} scope (Linodes: Read/Write in Cloud Manager), and this token has: {2}. Nothing was sent to Linode.',
      what,
      LINODE_WRITE_SCOPE,
      has,
    ),
    setToken,
  ).then((choice) => {
    if (choice === setToken) void vscode.commands.executeCommand(commandId('setApiToken'));
  });
  return undefined;
}

/** What the profile's SSH keys may be read with: the token's scopes, and whether it is a sign-in's (the note differs). */
export function keyAccess(profile: LinodeProfile, tokens: Pick<TokenStore, 'current'>): KeyAccess {
  return { scopes: profile.scopes, signedIn: isSignIn(tokens.current) };
}
