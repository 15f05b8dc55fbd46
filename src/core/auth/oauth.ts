// "Sign in with Linode": the OAuth pieces that need no listener. The authorization URL, the token endpoint (code
// exchange and refresh), revoking a token, and the grant the rest of the extension keeps. Linode's login server is
// https://login.linode.com. Both kinds of app get a code in the redirect's query, as Linode's own clients do:
// - a public app (no secret) proves the code is its own with PKCE (RFC 7636, S256), as Cloud Manager does
//   (linode/manager, packages/manager/src/OAuth/oauth.ts): `code_challenge` in the authorization URL, the
//   `code_verifier` in the exchange; its token lasts two hours and has no refresh token. The implicit flow (token
//   in the fragment) is not used: nothing Linode documents needs it, and a code in the query also reaches VS
//   Code's URI handler, which a fragment may not.
// - a private app exchanges the code with its secret for a renewable grant (linode_api4's LinodeLoginClient).
// Scopes go as one `scopes` value joined by commas (linode_api4; Linode's OAuth docs). Sign Out ends the token at
// Linode: `/oauth/revoke` for a public app (Cloud Manager), `/oauth/token/expire` for a private one (linode_api4).
// Every request names the extension in its User-Agent: Linode's edge answers token requests that lack ordinary
// headers with an HTML 403. No `vscode` import: this is the core.
//
// Secrets (access and refresh tokens, codes, the verifier, the client secret) travel only in form bodies and the
// redirect, never in a URL this code builds, and never reach a message: errors name fields and OAuth error codes,
// not values, and what the server writes in `error_description` is stripped of every secret the request carried.
import { createHash, randomBytes } from 'node:crypto';
import { isLoopbackHost } from '../api/apiUrl';
import { htmlAnswerMessage, kindOf, parseJsonText, ShapeError, UnparsedBody, type Decoder } from '../api/decode';
import { CancelledError, LinodeApiError, LinodeNetworkError, LinodeResponseError, networkCause } from '../api/errors';
import { l10n } from '../l10n';
import { OAuthError, SIGN_IN_AGAIN_ERRORS } from './errors';

/** One token-endpoint request, from sending to the last byte of the answer. */
const TOKEN_REQUEST_TIMEOUT_MS = 30_000;

/** What a sign-in (or a refresh) yields, and what the host keeps in secret storage. */
export interface OAuthGrant {
  accessToken: string;
  /** Private clients only; a public client's token cannot be renewed, so it means signing in again. */
  refreshToken?: string;
  /** When the access token stops working (ms since the epoch, this machine's clock). */
  expiresAt: number;
  /** What Linode granted (may be less than what was asked for). */
  scopes: string[];
}

// ---- the login URL -------------------------------------------------------------------------------------

/**
 * The login server's base URL, normalised (no trailing slash). Https anywhere, plain http only on loopback (the
 * simulator): the client secret and the codes would otherwise cross the network readable. Throws when refused.
 */
export function checkLoginUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new Error(l10n.t('The login URL "{0}" is not a valid URL.', raw));
  }
  if (url.username || url.password) {
    throw new Error(l10n.t('The login URL must not contain credentials.'));
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw new Error(l10n.t('The login URL must use https (plain http only for a loopback host), not {0}.', `${url.protocol}//${url.host}`));
  }
  if (url.search || url.hash) {
    throw new Error(l10n.t('The login URL must not have a query or a fragment.'));
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

// ---- the authorization request -------------------------------------------------------------------------

/** An unguessable `state` (256 random bits, base64url): it ties the redirect to this sign-in. */
export function newState(): string {
  return randomBytes(32).toString('base64url');
}

/** A PKCE pair (RFC 7636): the verifier stays in memory for one attempt, the S256 challenge goes in the URL. */
export interface Pkce {
  /** 43 characters of base64url (256 random bits): within the 43–128 RFC 7636 §4.1 allows. */
  verifier: string;
  challenge: string;
}

export function newPkce(): Pkce {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: pkceChallenge(verifier) };
}

/** `BASE64URL(SHA256(verifier))`, the S256 method (RFC 7636 §4.2). */
export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

export interface AuthorizeUrlOptions {
  loginUrl: string;
  clientId: string;
  /** e.g. `images:read_write`, `linodes:read_only`, `events:read_only`; `*` for everything. */
  scopes: readonly string[];
  redirectUri: string;
  state: string;
  /** A public app's PKCE challenge; a private app proves itself with its secret instead. */
  codeChallenge?: string;
}

/**
 * The page the browser opens:
 * `<loginUrl>/oauth/authorize?client_id&response_type=code&scopes&redirect_uri&state[&code_challenge&code_challenge_method=S256]`.
 */
export function authorizeUrl(options: AuthorizeUrlOptions): string {
  if (options.scopes.length === 0) {
    throw new Error(l10n.t('Ask for at least one scope ("*" for everything).'));
  }
  const query = new URLSearchParams({
    client_id: options.clientId,
    response_type: 'code',
    // One value, commas between scopes, as linode_api4 sends it and Linode documents it.
    scopes: options.scopes.join(','),
    redirect_uri: options.redirectUri,
    state: options.state,
  });
  if (options.codeChallenge !== undefined) {
    query.set('code_challenge', options.codeChallenge);
    query.set('code_challenge_method', 'S256');
  }
  return `${checkLoginUrl(options.loginUrl)}/oauth/authorize?${query.toString()}`;
}

// ---- the token answer ----------------------------------------------------------------------------------

/** The token endpoint's answer, checked. */
export interface TokenAnswer {
  access_token: string;
  /** Always `bearer` (checked, any case). */
  token_type: string;
  /** Seconds. */
  expires_in: number;
  refresh_token?: string;
  /** `scope` (spaces) or `scopes` (commas, as Linode's Python library reads it); undefined when neither is sent. */
  scopes?: string[];
}

type JsonObject = Record<string, unknown>;

/** Only what an `Authorization` header can carry; anything else would fail every request later, far from here. */
const HEADER_SAFE = /^[\x21-\x7e]+$/;

/** A token field: text that fits in a header. The message names the field, never the value. */
function tokenField(object: JsonObject, key: string): string | undefined {
  const value = object[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new ShapeError(l10n.t('{0} is {1}, not text', key, kindOf(value)));
  if (value === '') throw new ShapeError(l10n.t('{0} is empty', key));
  if (!HEADER_SAFE.test(value)) throw new ShapeError(l10n.t('{0} has characters a token cannot have', key));
  return value;
}

/** `expires_in` as a number of seconds; a string of digits is read too (some servers send one). */
function secondsField(object: JsonObject, key: string): number {
  const value = object[key];
  const seconds = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0) return seconds;
  if (value === undefined) throw new ShapeError(l10n.t('{0} is missing', key));
  throw new ShapeError(l10n.t('{0} is {1}, not a number of seconds above 0', key, kindOf(value)));
}

function scopesField(object: JsonObject): string[] | undefined {
  for (const key of ['scope', 'scopes']) {
    const value = object[key];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') throw new ShapeError(l10n.t('{0} is {1}, not text', key, kindOf(value)));
    return value.split(/[\s,]+/).filter((scope) => scope.length > 0);
  }
  return undefined;
}

export const TOKEN_ANSWER: Decoder<TokenAnswer> = {
  notDocumented: (request, detail) => l10n.t("Linode's answer to {0} was not the token answer Linode documents ({1})", request, detail),
  decode(value) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new ShapeError(value === undefined ? l10n.t('the answer is empty') : l10n.t('the answer is {0}, not an object', kindOf(value)));
    }
    const object = value as JsonObject;
    const accessToken = tokenField(object, 'access_token');
    if (accessToken === undefined) throw new ShapeError(l10n.t('{0} is missing', 'access_token'));
    const tokenType = object.token_type;
    if (typeof tokenType !== 'string') {
      throw new ShapeError(tokenType === undefined ? l10n.t('{0} is missing', 'token_type') : l10n.t('{0} is {1}, not text', 'token_type', kindOf(tokenType)));
    }
    // Only a bearer token can go in `Authorization: Bearer`; any other kind would need a signing scheme we lack.
    if (tokenType.toLowerCase() !== 'bearer') throw new ShapeError(l10n.t('{0} is not "bearer"', 'token_type'));
    const answer: TokenAnswer = { access_token: accessToken, token_type: tokenType, expires_in: secondsField(object, 'expires_in') };
    const refreshToken = tokenField(object, 'refresh_token');
    if (refreshToken !== undefined) answer.refresh_token = refreshToken;
    const scopes = scopesField(object);
    if (scopes !== undefined) answer.scopes = scopes;
    return answer;
  },
};

/**
 * The answer checked, or a LinodeResponseError naming what is wrong. Unlike the API client's decoder this never
 * quotes the body: a token endpoint's odd answer may well be a token in another format.
 */
export function decodeTokenAnswer(answer: { status: number; contentType: string | null; body: unknown }, request: string): TokenAnswer {
  const type = (answer.contentType ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'text/html' || (answer.body instanceof UnparsedBody && /^\s*</.test(answer.body.text))) {
    throw new LinodeResponseError(request, answer.status, htmlAnswerMessage(request));
  }
  if (answer.body instanceof UnparsedBody) {
    throw new LinodeResponseError(
      request,
      answer.status,
      type ? l10n.t("Linode's answer to {0} was not JSON ({1})", request, type) : l10n.t("Linode's answer to {0} was not JSON", request),
    );
  }
  try {
    return TOKEN_ANSWER.decode(answer.body);
  } catch (error) {
    if (error instanceof ShapeError) throw new LinodeResponseError(request, answer.status, TOKEN_ANSWER.notDocumented(request, error.message));
    throw error;
  }
}

/** The grant a checked answer gives at `now`; `requestedScopes` stand when the answer names none (RFC 6749 §5.1). */
function grantFromAnswer(answer: TokenAnswer, now: number, requestedScopes: readonly string[] = []): OAuthGrant {
  const grant: OAuthGrant = {
    accessToken: answer.access_token,
    expiresAt: now + answer.expires_in * 1000,
    scopes: answer.scopes ?? [...requestedScopes],
  };
  if (answer.refresh_token !== undefined) grant.refreshToken = answer.refresh_token;
  return grant;
}

// ---- the token endpoint --------------------------------------------------------------------------------

interface TokenRequestOptions {
  loginUrl: string;
  clientId: string;
  /** The User-Agent of every request (the extension, its version and VS Code's). */
  userAgent: string;
  signal?: AbortSignal;
  /** Default TOKEN_REQUEST_TIMEOUT_MS. */
  timeoutMs?: number;
  /** The clock for `expiresAt`; default Date.now. */
  now?: () => number;
}

/** How a client proves a code is its own: a private app's secret, or a public app's PKCE verifier. */
export type ClientProof = { clientSecret: string } | { codeVerifier: string };

export type ExchangeCodeOptions = TokenRequestOptions & ClientProof & {
  code: string;
  /** The scopes asked for, which stand when the answer names none. */
  scopes?: readonly string[];
};

export interface RefreshGrantOptions extends TokenRequestOptions {
  clientSecret: string;
  refreshToken: string;
  /** The grant's scopes, which stand when the answer names none. */
  scopes?: readonly string[];
}

/**
 * The code for a grant: `POST /oauth/token` with `grant_type=authorization_code, client_id, code` and the secret
 * (private: a grant with a refresh token) or the verifier (public, as Cloud Manager sends it). Throws OAuthError
 * when refused; a wrong verifier is `invalid_grant`.
 */
export async function exchangeCode(options: ExchangeCodeOptions): Promise<OAuthGrant> {
  const form = new URLSearchParams({ grant_type: 'authorization_code', client_id: options.clientId, code: options.code });
  const proof = 'clientSecret' in options ? options.clientSecret : options.codeVerifier;
  form.set('clientSecret' in options ? 'client_secret' : 'code_verifier', proof);
  const answer = await tokenRequest(options, form, [options.code, proof], 'sign-in');
  return grantFromAnswer(answer, (options.now ?? Date.now)(), options.scopes);
}

/**
 * A new grant for the refresh token (Linode hands out a new refresh token and the old one stops working). An
 * OAuthError whose `signInAgain` is true means the user has to sign in again; a LinodeNetworkError or a 5xx
 * means Linode could not be asked, and the refresh can be tried again later.
 */
export async function refreshGrant(options: RefreshGrantOptions): Promise<OAuthGrant> {
  const form = new URLSearchParams({
    grant_type: 'refresh_token',
    client_id: options.clientId,
    client_secret: options.clientSecret,
    refresh_token: options.refreshToken,
  });
  const answer = await tokenRequest(options, form, [options.refreshToken, options.clientSecret], 'renew');
  const grant = grantFromAnswer(answer, (options.now ?? Date.now)(), options.scopes);
  // A server that does not rotate refresh tokens sends none back; the old one then stays valid (RFC 6749 §6).
  grant.refreshToken ??= options.refreshToken;
  return grant;
}

type Purpose = 'sign-in' | 'renew' | 'sign-out';

interface LoginAnswer {
  request: string;
  status: number;
  contentType: string | null;
  body: unknown;
}

/**
 * A form-encoded POST to the login server, answered 2xx; anything else thrown: a refusal as OAuthError, an HTML page
 * (Linode's edge) or a redirect as LinodeResponseError, another status as LinodeApiError.
 */
async function loginPost(options: TokenRequestOptions, path: string, form: URLSearchParams, secrets: string[], purpose: Purpose): Promise<LoginAnswer> {
  const base = checkLoginUrl(options.loginUrl);
  const request = `POST ${path}`;
  if (options.signal?.aborted) throw new CancelledError();
  const timeoutMs = options.timeoutMs ?? TOKEN_REQUEST_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const origin = new URL(base).origin;
  let status: number;
  let statusText: string;
  let contentType: string | null;
  let text: string;
  try {
    const response = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json', 'User-Agent': options.userAgent },
      body: form.toString(),
      signal,
      // A redirect would carry the secret's form on to wherever it points; it is reported instead.
      redirect: 'manual',
    });
    ({ status, statusText } = response);
    contentType = response.headers.get('content-type');
    text = await response.text();
  } catch (error) {
    if (options.signal?.aborted) throw new CancelledError();
    if (timeout.aborted) {
      throw new LinodeNetworkError(l10n.t('No answer from {0} within {1} s', origin, Math.max(1, Math.round(timeoutMs / 1000))), request, true, { cause: error });
    }
    throw new LinodeNetworkError(l10n.t('Could not reach {0}: {1}', origin, networkCause(error)), request, false, { cause: error });
  }
  const body = parseJsonText(text);
  if (status >= 200 && status < 300) return { request, status, contentType, body };
  if (status >= 300 && status < 400) {
    throw new LinodeResponseError(request, status, l10n.t("Linode's answer to {0} was a redirect (HTTP {1}), not the token", request, status));
  }
  const refusal = oauthErrorBody(body);
  if (refusal) {
    throw oauthError(refusal.error, refusal.description, secrets, purpose, status);
  }
  // Linode's edge refuses with an HTML "Access Denied" page (seen for token requests without a User-Agent).
  if ((contentType ?? '').toLowerCase().startsWith('text/html') || (body instanceof UnparsedBody && /^\s*</.test(body.text))) {
    throw new LinodeResponseError(
      request,
      status,
      l10n.t("Linode's login server answered {0} with an HTML page (HTTP {1}), not OAuth's JSON: a proxy, or Linode's edge refusing the request.", request, status),
    );
  }
  const answered = statusText
    ? l10n.t("Linode's login server answered HTTP {0} {1}", status, statusText)
    : l10n.t("Linode's login server answered HTTP {0}", status);
  throw new LinodeApiError(status, [{ reason: answered }], request);
}

/** A POST to the token endpoint, its answer checked. */
async function tokenRequest(options: TokenRequestOptions, form: URLSearchParams, secrets: string[], purpose: Purpose): Promise<TokenAnswer> {
  const answer = await loginPost(options, '/oauth/token', form, secrets, purpose);
  return decodeTokenAnswer(answer, answer.request);
}

export type RevokeOptions = TokenRequestOptions & { token: string } & ({ clientSecret: string } | { clientSecret?: undefined });

/**
 * Ends a token at Linode (Sign Out): a public app's with `POST /oauth/revoke` (`client_id, token`, as Cloud Manager
 * does), a private app's with `POST /oauth/token/expire` (`client_id, client_secret, token`, as linode_api4 does).
 * Resolves once Linode said yes; throws as the token endpoint does otherwise. Returns the request, for the log.
 */
export async function revokeToken(options: RevokeOptions): Promise<string> {
  const form = new URLSearchParams({ client_id: options.clientId });
  const path = options.clientSecret === undefined ? '/oauth/revoke' : '/oauth/token/expire';
  if (options.clientSecret !== undefined) form.set('client_secret', options.clientSecret);
  form.set('token', options.token);
  const answer = await loginPost(options, path, form, [options.token, options.clientSecret ?? ''], 'sign-out');
  return answer.request;
}

/** `{error, error_description}` (RFC 6749 §5.2), or undefined when the body is something else. */
function oauthErrorBody(body: unknown): { error: string; description: string | undefined } | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const { error, error_description: description } = body as JsonObject;
  if (typeof error !== 'string' || error === '') return undefined;
  return { error, description: typeof description === 'string' ? description : undefined };
}

/** Plain words for the codes RFC 6749 defines, for a server that sends no description (undefined for another code). */
function errorWords(error: string): string | undefined {
  switch (error) {
    case 'access_denied':
      return l10n.t('the sign-in was declined');
    case 'invalid_request':
      return l10n.t('the request was incomplete or malformed');
    case 'invalid_client':
      return l10n.t('the client id or secret was not accepted');
    case 'invalid_grant':
      return l10n.t('the code or refresh token is no longer valid');
    case 'unauthorized_client':
      return l10n.t('this client may not sign in this way');
    case 'unsupported_grant_type':
      return l10n.t('the grant type is not supported');
    case 'unsupported_response_type':
      return l10n.t('the response type is not supported');
    case 'invalid_scope':
      return l10n.t('a requested scope is not valid');
    case 'server_error':
      return l10n.t('the login server failed');
    case 'temporarily_unavailable':
      return l10n.t('the login server is temporarily unavailable');
    default:
      return undefined;
  }
}

/**
 * The OAuthError for a refusal, worded for the user: "Linode refused the sign-in: the code has expired
 * (invalid_grant)". The server's description is cut to one short line and stripped of every secret in `secrets`.
 */
export function oauthError(rawError: string, rawDescription: string | undefined, secrets: readonly string[], purpose: Purpose, status?: number): OAuthError {
  // The code is shown as is, so it has to look like one (RFC 6749 allows printable ASCII; we allow less).
  const error = /^[A-Za-z0-9_.-]{1,64}$/.test(rawError) ? rawError : 'unknown_error';
  const description = cleanDescription(rawDescription ?? '', secrets);
  const words = description || errorWords(error) || l10n.t('no reason given');
  if (error === 'access_denied') {
    return new OAuthError(l10n.t("The sign-in was declined on Linode's login page ({0}).", error), error, description, status);
  }
  const failed = (status !== undefined && status >= 500) || error === 'server_error' || error === 'temporarily_unavailable';
  // A refresh refused for good leaves only a new sign-in; say so, since the user has to act.
  const signInAgain = purpose === 'renew' && SIGN_IN_AGAIN_ERRORS.has(error);
  return new OAuthError(refusalMessage(failed, purpose, signInAgain, words, error), error, description, status);
}

/** "Linode refused the sign-in: the code has expired (invalid_grant)." and its variants, each one whole sentence. */
function refusalMessage(failed: boolean, purpose: Purpose, signInAgain: boolean, words: string, error: string): string {
  if (purpose === 'sign-out') return l10n.t('Linode did not revoke the token: {0} ({1}).', words, error);
  if (failed) {
    if (purpose !== 'renew') return l10n.t("Linode's login server could not complete the sign-in: {0} ({1}).", words, error);
    return signInAgain
      ? l10n.t("Linode's login server could not renew the sign-in: {0} ({1}). Sign in again.", words, error)
      : l10n.t("Linode's login server could not renew the sign-in: {0} ({1}).", words, error);
  }
  if (purpose !== 'renew') return l10n.t('Linode refused the sign-in: {0} ({1}).', words, error);
  return signInAgain
    ? l10n.t('Linode refused to renew the sign-in: {0} ({1}). Sign in again.', words, error)
    : l10n.t('Linode refused to renew the sign-in: {0} ({1}).', words, error);
}

/** One short line without secrets, with a lower-case start so it reads on after a colon. */
function cleanDescription(text: string, secrets: readonly string[]): string {
  let line = text;
  for (const secret of secrets) {
    if (secret.length > 0) line = line.split(secret).join('…');
  }
  line = line.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim().replace(/\.$/, '');
  if (line.length > 200) line = `${line.slice(0, 199)}…`;
  return /^[A-Z][a-z]/.test(line) ? `${line[0].toLowerCase()}${line.slice(1)}` : line;
}

