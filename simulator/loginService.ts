// The login origin's grants (login.ts serves them over HTTP): its settings, the authorization codes and refresh tokens
// it has issued, and the token exchange. Access tokens it issues go into the token table the api origin checks
// (state.tokens). The rules followed are described in login.ts.

import { createHash, randomBytes } from 'node:crypto';
import type { SimulatorState } from './state';
import { SIMULATOR_OAUTH_CLIENTS, type OAuthClient } from './tokens';

const DEFAULT_TOKEN_LIFETIME_SECONDS = 7200;
/** How long an authorization code can be exchanged (RFC 6749 recommends at most 10 minutes). */
const CODE_LIFETIME_MS = 10 * 60_000;
/** A PKCE code_verifier: 43 to 128 unreserved characters (RFC 7636 §4.1). */
const CODE_VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

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
  /** The PKCE `code_challenge` (S256) sent with the authorization request; the exchange must prove it. */
  challenge?: string;
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
  /** Private clients only: a public client's token (PKCE code flow) cannot be renewed, as with the implicit flow. */
  refresh_token?: string;
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

  /** A code for the grant; `challenge` is the request's S256 `code_challenge`, which the exchange must prove. */
  issueCode(client: OAuthClient, redirectUri: string, username: string, scopes: string[], challenge?: string): string {
    const code = randomBytes(16).toString('hex');
    this.codes.set(code, {
      clientId: client.id,
      redirectUri,
      username,
      scopes: [...scopes],
      expiresAt: this.state.now() + CODE_LIFETIME_MS,
      ...(challenge === undefined ? {} : { challenge }),
    });
    return code;
  }

  /** `POST /oauth/token`. Throws OAuthError. */
  token(form: URLSearchParams): TokenAnswer {
    const grantType = form.get('grant_type') ?? 'authorization_code';
    if (grantType !== 'authorization_code' && grantType !== 'refresh_token') {
      throw new OAuthError('unsupported_grant_type', `grant_type must be authorization_code or refresh_token, not "${grantType}".`);
    }
    const client = this.authenticateClient(form, grantType);
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
      this.checkVerifier(code, grant, form.get('code_verifier'));
      this.codes.delete(code);
      return this.issueGrant(client, grant.username, grant.scopes);
    }
    const refreshToken = required(form, 'refresh_token');
    const grant = this.refreshTokens.get(refreshToken);
    if (!grant || grant.clientId !== client.id) {
      throw new OAuthError('invalid_grant', 'The refresh token is unknown, already used, revoked, or was issued to another client.');
    }
    this.refreshTokens.delete(refreshToken);
    return this.issueGrant(client, grant.username, grant.scopes);
  }

  /**
   * `POST /oauth/token/expire` (linode_api4) and `POST /oauth/revoke` (Cloud Manager's sign-out, RFC 7009): form
   * `client_id`, `client_secret` for a private client, `token`. The token (an access or a refresh token issued to
   * that client) stops working, with the rest of its grant. An unknown token, or another client's, changes nothing
   * and is not an error (RFC 7009 §2.2), so the answer tells nothing about tokens. Throws OAuthError.
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

  /**
   * A public client needs no secret (a `client_secret` it sends anyway is ignored); its code is bound to it by PKCE
   * instead, and it has no refresh token to use. A private client must send its secret.
   */
  private authenticateClient(form: URLSearchParams, grantType: string): OAuthClient {
    const client = findClient(form.get('client_id'));
    if (!client) {
      throw new OAuthError('invalid_client', 'Unknown client_id.');
    }
    if (client.public) {
      if (grantType === 'refresh_token') {
        throw new OAuthError('invalid_client', 'A public client gets no refresh token; it signs in again when its token expires.');
      }
      return client;
    }
    if (form.get('client_secret') !== client.secret) {
      throw new OAuthError('invalid_client', 'client_secret is missing or wrong.');
    }
    return client;
  }

  /**
   * PKCE (RFC 7636 §4.6): a code issued with a challenge needs the verifier whose base64url SHA-256 it is. A missing
   * or malformed verifier is a bad request and leaves the code usable; a verifier that does not prove the code (or
   * one sent for a code issued without a challenge, which OAuth 2.1 refuses against downgrades) uses the code up,
   * so each code gets one guess. Throws OAuthError.
   */
  private checkVerifier(code: string, grant: CodeGrant, verifier: string | null): void {
    if (grant.challenge === undefined) {
      if (verifier !== null && verifier !== '') {
        this.codes.delete(code);
        throw new OAuthError('invalid_grant', 'code_verifier was sent, but the code was issued without a code_challenge.');
      }
      return;
    }
    if (verifier === null || verifier === '') {
      throw new OAuthError('invalid_request', 'code_verifier is required: the code was issued with a code_challenge.');
    }
    if (!CODE_VERIFIER.test(verifier)) {
      throw new OAuthError('invalid_request', 'code_verifier must be 43 to 128 characters of A-Z, a-z, 0-9, "-", ".", "_" and "~" (RFC 7636).');
    }
    if (createHash('sha256').update(verifier, 'ascii').digest('base64url') !== grant.challenge) {
      this.codes.delete(code);
      throw new OAuthError('invalid_grant', 'The code_verifier does not match the code_challenge the code was issued for; the code is used up.');
    }
  }

  /** An access token; for a private client also a refresh token (public clients sign in again, as Cloud Manager does). */
  private issueGrant(client: OAuthClient, username: string, scopes: string[]): TokenAnswer {
    const accessToken = this.issueAccessToken(client, username, scopes);
    const answer: TokenAnswer = {
      access_token: accessToken,
      token_type: 'bearer',
      expires_in: this.settings.tokenLifetimeSeconds,
      scope: scopes.join(' '),
      scopes: scopes.join(','),
    };
    if (!client.public) {
      const refreshToken = randomBytes(32).toString('hex');
      this.refreshTokens.set(refreshToken, { clientId: client.id, username, scopes: [...scopes], accessToken });
      answer.refresh_token = refreshToken;
    }
    return answer;
  }
}

function required(form: URLSearchParams, name: string): string {
  const value = form.get(name);
  if (value === null || value === '') {
    throw new OAuthError('invalid_request', `${name} is required.`);
  }
  return value;
}
