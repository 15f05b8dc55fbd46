// The login origin's grants (login.ts serves them over HTTP): its settings, the authorization codes and refresh tokens
// it has issued, and the token exchange. Access tokens it issues go into the token table the api origin checks
// (state.tokens). The rules followed are described in login.ts.

import { randomBytes } from 'node:crypto';
import type { SimulatorState } from './state';
import { SIMULATOR_OAUTH_CLIENTS, type OAuthClient } from './tokens';

export const DEFAULT_TOKEN_LIFETIME_SECONDS = 7200;
/** How long an authorization code can be exchanged (RFC 6749 recommends at most 10 minutes). */
export const CODE_LIFETIME_MS = 10 * 60_000;

export type LoginOption = boolean | { tokenLifetimeSeconds?: number };

export interface LoginSettings {
  /** `expires_in` of every access token the login origin issues, in seconds (default 7200, two hours). */
  tokenLifetimeSeconds: number;
}

/** The settings for the `login` option, or undefined when the login origin is off. */
export function resolveLoginOption(option: LoginOption | undefined): LoginSettings | undefined {
  if (option === false) {
    return undefined;
  }
  const lifetime = (typeof option === 'object' ? option.tokenLifetimeSeconds : undefined) ?? DEFAULT_TOKEN_LIFETIME_SECONDS;
  if (!(lifetime > 0)) {
    throw new Error(`login.tokenLifetimeSeconds must be positive, got ${String(lifetime)}`);
  }
  return { tokenLifetimeSeconds: lifetime };
}

export function findClient(id: string | null): OAuthClient | undefined {
  return SIMULATOR_OAUTH_CLIENTS.find((client) => client.id === id);
}

/** An OAuth error answer (RFC 6749 §5.2): its code, description and status. */
export class OAuthError extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
    readonly status = 400,
  ) {
    super(description);
  }

  get body(): { error: string; error_description: string } {
    return { error: this.error, error_description: this.description };
  }
}

interface CodeGrant {
  clientId: string;
  redirectUri: string;
  username: string;
  scopes: string[];
  expiresAt: number;
}

interface RefreshGrant {
  clientId: string;
  username: string;
  scopes: string[];
  /** The access token issued with this refresh token. */
  accessToken: string;
}

export interface TokenAnswer {
  access_token: string;
  refresh_token: string;
  token_type: 'bearer';
  expires_in: number;
  /** Space-separated, as Linode's docs show. */
  scope: string;
  /** Comma-separated, as Linode's Python library reads it. */
  scopes: string;
}

/** Codes and refresh tokens of the login origin; issued access tokens live in `state.tokens`. */
export class LoginService {
  private readonly codes = new Map<string, CodeGrant>();
  private readonly refreshTokens = new Map<string, RefreshGrant>();

  constructor(
    private readonly state: SimulatorState,
    readonly settings: LoginSettings,
  ) {}

  /** Forgets every code and refresh token (the access tokens go with `state.clear()`). */
  clear(): void {
    this.codes.clear();
    this.refreshTokens.clear();
  }

  /** A new access token for `username`, registered where the api origin looks tokens up. */
  issueAccessToken(client: OAuthClient, username: string, scopes: string[]): string {
    const token = randomBytes(32).toString('hex');
    this.state.tokens.set(token, {
      scopes: [...scopes],
      label: `OAuth: ${client.label}`,
      username,
      expiresAt: this.state.now() + this.settings.tokenLifetimeSeconds * 1000,
      clientId: client.id,
    });
    return token;
  }

  issueCode(client: OAuthClient, redirectUri: string, username: string, scopes: string[]): string {
    const code = randomBytes(16).toString('hex');
    this.codes.set(code, { clientId: client.id, redirectUri, username, scopes: [...scopes], expiresAt: this.state.now() + CODE_LIFETIME_MS });
    return code;
  }

  /** `POST /oauth/token`. Throws OAuthError. */
  token(form: URLSearchParams): TokenAnswer {
    const grantType = form.get('grant_type') ?? 'authorization_code';
    if (grantType !== 'authorization_code' && grantType !== 'refresh_token') {
      throw new OAuthError('unsupported_grant_type', `grant_type must be authorization_code or refresh_token, not "${grantType}".`);
    }
    const client = this.authenticateClient(form);
    if (grantType === 'authorization_code') {
      const code = required(form, 'code');
      const grant = this.codes.get(code);
      if (grant && grant.expiresAt <= this.state.now()) {
        this.codes.delete(code);
      }
      if (!grant || grant.clientId !== client.id || grant.expiresAt <= this.state.now()) {
        throw new OAuthError('invalid_grant', 'The code is unknown, expired, already used, or was issued to another client.');
      }
      const redirectUri = form.get('redirect_uri');
      if (redirectUri !== null && redirectUri !== grant.redirectUri) {
        throw new OAuthError('invalid_grant', 'redirect_uri differs from the one the code was issued for.');
      }
      this.codes.delete(code);
      return this.issuePair(client, grant.username, grant.scopes);
    }
    const refreshToken = required(form, 'refresh_token');
    const grant = this.refreshTokens.get(refreshToken);
    if (!grant || grant.clientId !== client.id) {
      throw new OAuthError('invalid_grant', 'The refresh token is unknown, already used, revoked, or was issued to another client.');
    }
    this.refreshTokens.delete(refreshToken);
    return this.issuePair(client, grant.username, grant.scopes);
  }

  /**
   * `POST /oauth/token/expire` (`client_id`, `client_secret` for a private client, `token`): the token (an access
   * or a refresh token issued to that client) stops working, with the rest of its grant. Throws OAuthError.
   */
  expire(form: URLSearchParams): void {
    const client = findClient(form.get('client_id'));
    if (!client || (!client.public && form.get('client_secret') !== client.secret)) {
      throw new OAuthError('invalid_client', 'Unknown client, or a wrong client_secret.');
    }
    const token = required(form, 'token');
    if (this.state.tokens.get(token)?.clientId === client.id || this.refreshTokens.get(token)?.clientId === client.id) {
      this.revoke(token);
    }
  }

  /**
   * Revokes a token and its grant: an access token (any, also a personal access token) disappears with the
   * refresh token issued along with it; a refresh token disappears with its access token. False when unknown.
   */
  revoke(token: string): boolean {
    let found = this.state.tokens.delete(token);
    const refresh = this.refreshTokens.get(token);
    if (refresh) {
      this.refreshTokens.delete(token);
      this.state.tokens.delete(refresh.accessToken);
      found = true;
    }
    for (const [refreshToken, grant] of this.refreshTokens) {
      if (grant.accessToken === token) {
        this.refreshTokens.delete(refreshToken);
      }
    }
    return found;
  }

  private authenticateClient(form: URLSearchParams): OAuthClient {
    const client = findClient(form.get('client_id'));
    if (!client) {
      throw new OAuthError('invalid_client', 'Unknown client_id.');
    }
    if (client.public) {
      throw new OAuthError('invalid_client', 'A public client gets its token in the authorization redirect; it has no token exchange.');
    }
    if (form.get('client_secret') !== client.secret) {
      throw new OAuthError('invalid_client', 'client_secret is missing or wrong.');
    }
    return client;
  }

  private issuePair(client: OAuthClient, username: string, scopes: string[]): TokenAnswer {
    const accessToken = this.issueAccessToken(client, username, scopes);
    const refreshToken = randomBytes(32).toString('hex');
    this.refreshTokens.set(refreshToken, { clientId: client.id, username, scopes: [...scopes], accessToken });
    return {
      access_token: accessToken,
      refresh_token: refreshToken,
      token_type: 'bearer',
      expires_in: this.settings.tokenLifetimeSeconds,
      scope: scopes.join(' '),
      scopes: scopes.join(','),
    };
  }
}

function required(form: URLSearchParams, name: string): string {
  const value = form.get(name);
  if (value === null || value === '') {
    throw new OAuthError('invalid_request', `${name} is required.`);
  }
  return value;
}
