// Personal access tokens known to the simulator and the OAuth scope rules the real API applies; the seeded users
// and their accounts; the OAuth clients the login origin (login.ts) knows.

export interface TokenRecord {
  /** Scopes as the API reports them in `X-OAuth-Scopes`; `*` means full access. */
  scopes: string[];
  label: string;
  /** Whose token it is (`GET /profile`, events, `created_by`, which account's images); SIMULATOR_USERNAME when absent. */
  username?: string;
  /** When it stops working (epoch ms); the api origin then answers 401 "Invalid Token". Never, when absent. */
  expiresAt?: number;
  /** The OAuth client it was issued to (tokens from the login origin). */
  clientId?: string;
}

/** Full access (`*`). 64 hex characters, the shape of a real Linode personal access token. */
export const SIMULATOR_TOKEN = 'fa11acce55'.padEnd(64, '0');

/** Scopes `images:read_only linodes:read_only`: can list and read, cannot write. */
export const SIMULATOR_READONLY_TOKEN = '0eadab1e'.padEnd(64, '0');

/**
 * Scopes `images:read_write linodes:read_only` and no `events` scope: everything the extension's image workflows
 * need, but `GET /account/events` answers 401, so a client can be tested falling back when it cannot read events.
 */
export const SIMULATOR_NO_EVENTS_TOKEN = '5c0be0e7'.padEnd(64, '0');

export const SIMULATOR_USERNAME = 'sim-user';

/**
 * Full access (`*`) as `sim-teammate`, in that user's own account. Not a default token: the `sharing` seed adds it
 * (tests of other seeds can put it into `state.tokens` with TEAMMATE_TOKEN_RECORD).
 */
export const SIMULATOR_TEAMMATE_TOKEN = '7ea3a7e'.padEnd(64, '0');

/** The second seeded user, who signs in to an account of its own (see SIMULATOR_USERS). */
export const SIMULATOR_TEAMMATE_USERNAME = 'sim-teammate';

/** The account every default token, the seed's images and Linodes, and `someone-else` belong to. */
export const MAIN_ACCOUNT = 'main';

export interface SimulatorUser {
  username: string;
  email: string;
  uid: number;
  /**
   * The account the user belongs to. Private images belong to the account of the user in their `created_by`
   * (anyone not listed here, such as `someone-else`, is in MAIN_ACCOUNT), and a token sees only its account's.
   */
  account: string;
}

/**
 * Users the login origin accepts (with any non-empty password). `sim-user` is the main account's user, the one
 * every default token belongs to. `sim-teammate` has an account of its own, so a second sign-in shows a different
 * set of private images (none in the default seed; the `two-accounts` seed gives it two) and no Linodes.
 */
export const SIMULATOR_USERS: readonly SimulatorUser[] = [
  { username: SIMULATOR_USERNAME, email: `${SIMULATOR_USERNAME}@example.com`, uid: 4242421, account: MAIN_ACCOUNT },
  { username: SIMULATOR_TEAMMATE_USERNAME, email: `${SIMULATOR_TEAMMATE_USERNAME}@example.com`, uid: 4242422, account: 'teammate' },
];

export function findUser(username: string | null | undefined): SimulatorUser | undefined {
  return SIMULATOR_USERS.find((user) => user.username === username);
}

/** The account a user (an image's `created_by`, an event's `username`) acts in: MAIN_ACCOUNT unless listed otherwise. */
export function accountOfUser(username: string | null | undefined): string {
  return findUser(username)?.account ?? MAIN_ACCOUNT;
}

/** Whether the token no longer works at `now` (ms). */
export function tokenExpired(record: TokenRecord, now: number): boolean {
  return record.expiresAt !== undefined && record.expiresAt <= now;
}

// ---- OAuth clients (the login origin) --------------------------------------------------------------

/**
 * A public OAuth client (no secret). 20 hex characters, like Linode's ids. It signs in with a code and PKCE S256 (as
 * Cloud Manager does; the code in the redirect's query, exchanged with the `code_verifier`) or with the implicit
 * flow (as linode-cli does; the token in the redirect's fragment). Either way its token has no refresh token.
 */
export const SIMULATOR_PUBLIC_CLIENT_ID = 'feedface01'.padEnd(20, '0');

/** A private OAuth client: the redirect carries `?code=`, which `POST /oauth/token` exchanges with the secret. */
export const SIMULATOR_PRIVATE_CLIENT_ID = '5ec2e7c1'.padEnd(20, '0');

/** The private client's secret (64 characters, like Linode's). Never in a recorded URL, body or log line. */
export const SIMULATOR_PRIVATE_CLIENT_SECRET = '5ec2e75ec2e7'.padEnd(64, '0');

/**
 * Redirect URIs registered for both clients. A `redirect_uri` must equal one of them exactly, except the loopback
 * ones (`http://127.0.0.1/`, `http://localhost/`): those allow any port and any path (and query), as OAuth servers
 * commonly do for native apps (RFC 8252 §7.3), since a native app listens on whatever port is free.
 * (Linode's own CLI signs in with `http://localhost:<port>`.)
 */
export const SIMULATOR_REDIRECT_URIS: readonly string[] = [
  'http://127.0.0.1/',
  'http://localhost/',
  'vscode://linode-images-dev.linode-images/auth',
  'vscode-insiders://linode-images-dev.linode-images/auth',
  'https://vscode.dev/redirect',
  'https://insiders.vscode.dev/redirect',
];

export interface OAuthClient {
  id: string;
  label: string;
  /**
   * Public clients have no secret: a code bound by PKCE S256, or the implicit flow's token in the redirect's
   * fragment; no refresh token. Private ones get a code to exchange with the secret (and a refresh token).
   */
  public: boolean;
  /** Private clients only. */
  secret?: string;
  redirectUris: readonly string[];
}

export const SIMULATOR_OAUTH_CLIENTS: readonly OAuthClient[] = [
  { id: SIMULATOR_PUBLIC_CLIENT_ID, label: 'Linode Images for VS Code (simulator, public client)', public: true, redirectUris: SIMULATOR_REDIRECT_URIS },
  {
    id: SIMULATOR_PRIVATE_CLIENT_ID,
    label: 'Linode Images for VS Code (simulator, private client)',
    public: false,
    secret: SIMULATOR_PRIVATE_CLIENT_SECRET,
    redirectUris: SIMULATOR_REDIRECT_URIS,
  },
];

/** The record of SIMULATOR_TEAMMATE_TOKEN (a fresh copy). */
export function teammateTokenRecord(): TokenRecord {
  return { scopes: ['*'], label: 'simulator teammate full access', username: SIMULATOR_TEAMMATE_USERNAME };
}

export function defaultTokens(): Map<string, TokenRecord> {
  return new Map<string, TokenRecord>([
    [SIMULATOR_TOKEN, { scopes: ['*'], label: 'simulator full access' }],
    [SIMULATOR_READONLY_TOKEN, { scopes: ['images:read_only', 'linodes:read_only'], label: 'simulator read-only' }],
    [SIMULATOR_NO_EVENTS_TOKEN, { scopes: ['images:read_write', 'linodes:read_only'], label: 'simulator without events scope' }],
  ]);
}

export type ScopeArea = 'images' | 'linodes' | 'events' | 'account';
export type ScopeLevel = 'read_only' | 'read_write';

/** read_write implies read_only, and `*` implies everything, as in the real API. */
export function scopesAllow(scopes: readonly string[], area: ScopeArea, level: ScopeLevel): boolean {
  if (scopes.includes('*') || scopes.includes(`${area}:read_write`)) {
    return true;
  }
  return level === 'read_only' && scopes.includes(`${area}:read_only`);
}

/** Parses `Authorization: Bearer <token>`; returns undefined when the header is absent or not a bearer token. */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) {
    return undefined;
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : '';
}
