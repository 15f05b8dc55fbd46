// The login origin: a stand-in for Linode's OAuth login server (https://login.linode.com), on its own loopback port,
// so "Sign in with Linode" can be developed and tested without Linode. Tokens it issues are registered in the token
// table the api origin checks (state.tokens), with the granted scopes, their user and an expiry.
//
// What this follows:
// - Linode's API docs (the spec's introduction, "OAuth"): the authorization URL `/oauth/authorize` (`client_id`,
//   the scopes, `redirect_uri`, `state`, `response_type`) and the token URL `POST /oauth/token`. A private client
//   gets `?code=...&state=...`, exchanged (form: `client_id`, `client_secret`, `code`, optionally
//   `grant_type=authorization_code`) for `{access_token, refresh_token, token_type: "bearer", expires_in: 7200,
//   scope, scopes}`; `grant_type=refresh_token` with `refresh_token` (and the client's id and secret) gives a new
//   pair, and the old refresh token stops working.
// - Cloud Manager (linode/manager, packages/manager/src/OAuth/oauth.ts), a public client: `response_type=code` with
//   PKCE (`code_challenge` = base64url SHA-256 of the verifier, no padding; `code_challenge_method=S256`), the code
//   in the redirect's query, exchanged with `grant_type=authorization_code`, `client_id`, `code`, `code_verifier`
//   and no secret; it reads `access_token`, `token_type`, `expires_in` and `scopes`. Signing out, it sends
//   `POST /oauth/revoke` (`client_id`, `token`).
// - linode_api4 (Python, `LinodeLoginClient`): the scopes as `scopes`, several joined by commas; a private client
//   exchanges `client_id`, `client_secret`, `code`, refreshes with `grant_type=refresh_token`, and ends a token with
//   `POST /oauth/token/expire` (`client_id`, `client_secret`, `token`).
// - linode-cli: a public client with the implicit flow (`response_type=token&scopes=*`, a `http://localhost:<port>`
//   redirect), so the token in the redirect's fragment stays (`#access_token=...&token_type=bearer&expires_in=7200&
//   scope=...&state=...`, no refresh token).
// - Linode's edge in front of login.linode.com: a token request without a User-Agent gets an HTML 403 "Access
//   Denied" page (a public report, github.com/rbliss/linode-oauth-express).
// - RFC 6749, RFC 7636 (PKCE) and RFC 7009 (revocation) where Linode says nothing: the error codes
//   (`access_denied`, `invalid_scope`, `unsupported_response_type`, `invalid_request`, `invalid_client`,
//   `invalid_grant`, `unsupported_grant_type`); errors in the fragment for the implicit flow and in the query for
//   the code flow; a bad client or redirect URI answered with an error page (never a redirect); codes used once and
//   valid for 10 minutes; a verifier of 43-128 characters `[A-Za-z0-9-._~]`; 200 for revoking an unknown token.
//
// Simulator choices (not documented by Linode):
// - Flows: a public client uses `response_type=code` with PKCE S256 (no challenge, `plain` or any other method is
//   an `invalid_request` redirect) or `response_type=token`; a private client only `code`, with an optional
//   challenge that is then checked too. Any other `response_type` is `unsupported_response_type`; none means the
//   client's usual flow (`token` for public, `code` for private).
// - A public client's code-flow token has no refresh token (like the implicit flow); `grant_type=refresh_token`
//   from a public client is `invalid_client`; a `client_secret` a public client sends is ignored.
// - PKCE at the token endpoint: a missing or malformed verifier is `invalid_request` and leaves the code usable; a
//   wrong one is `invalid_grant` and uses the code up (one guess per code), as does a verifier for a code issued
//   without a challenge (OAuth 2.1 refuses that, against downgrades).
// - Scopes (`scopes` or `scope`) are joined by commas; several joined by spaces (`a b`, in a URL `a+b` or `a%20b`)
//   are `invalid_scope`, so a client sending RFC 6749's space-separated form notices here. No scope asks for
//   everything (`*`). A scope is `*` or `<area>:read_only|read_write`; anything else is `invalid_scope`. Token
//   answers carry both `scope` (spaces) and `scopes` (commas).
// - `/oauth/revoke` and `/oauth/token/expire` do the same: a public client sends no secret, a private one must
//   (`invalid_client` otherwise); the token ends with its grant if it was issued to that client, anything else
//   changes nothing; 200 `{}`.
// - The User-Agent gate covers POSTs to `/oauth/token`, `/oauth/token/expire` and `/oauth/revoke` with no or an
//   empty User-Agent: answered before anything is checked or changed (only a login fault rule comes first). The
//   browser's `/oauth/authorize` is not gated.
// - `redirect_uri` is required and must equal a registered one exactly, except loopback registrations
//   (`http://127.0.0.1/`, `http://localhost/`), which allow any port and path, as many OAuth servers do for native
//   apps (RFC 8252 §7.3). A redirect URI with a fragment is refused.
// - The page accepts the seeded users (SIMULATOR_USERS) with any non-empty password.
// - Refreshing leaves the previous access token working until it expires. Reset forgets every code, refresh token
//   and issued access token.
//
// Secrets never reach a record or a log line: `code`, `code_verifier`, `access_token`, `refresh_token`,
// `client_secret`, `password` and `token` are redacted in the recorded path, form body, JSON answer and `location`
// header (http.ts). The `code_challenge` is not a secret (it is in the authorization URL anyway).

import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  answerAfterFault,
  delayOrDrop,
  readSmallBody,
  redactedForm,
  redactedJson,
  redactUrl,
  responseHeaderRecord,
  startExchange,
  writeResponse,
} from './http';
import { findClient, OAuthError, type LoginService } from './loginService';
import { defaultReason, faultHeaders, record, type ServerContext } from './serverContext';
import { findUser, SIMULATOR_USERS, type OAuthClient } from './tokens';

const MAX_FORM_BODY = 64 * 1024;
const SCOPE = /^(\*|[a-z][a-z_]*:(read_only|read_write))$/;

/**
 * Whether `uri` may receive the client's redirect: equal to a registered URI, or a loopback `http` URL on any port
 * and path when `http://<that host>/` is registered. Never with a fragment.
 */
function redirectUriAllowed(client: OAuthClient, uri: string): boolean {
  if (uri.includes('#')) {
    return false;
  }
  if (client.redirectUris.includes(uri)) {
    return true;
  }
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return false;
  }
  return url.protocol === 'http:' && url.username === '' && url.password === '' && client.redirectUris.includes(`http://${url.hostname}/`);
}

export type ParsedScopes = { scopes: string[] } | { refused: string };

/**
 * `scopes` (or `scope`) joined by commas, as linode_api4 sends them; `*` when absent or empty. Several scopes joined
 * by spaces are refused (the simulator's reading of Linode's comma rule), as is a scope that is not valid.
 */
function parseScopes(raw: string | null): ParsedScopes {
  const parts = (raw ?? '').split(',').map((part) => part.trim()).filter((part) => part.length > 0);
  if (parts.some((part) => /\s/.test(part))) {
    return { refused: 'Scopes are joined by commas (e.g. "images:read_write,linodes:read_only"), not spaces.' };
  }
  if (parts.length === 0) {
    return { scopes: ['*'] };
  }
  if (!parts.every((scope) => SCOPE.test(scope))) {
    return { refused: 'A scope is "*" or "<area>:read_only" or "<area>:read_write".' };
  }
  return { scopes: [...new Set(parts)] };
}

// ---- the authorization request ---------------------------------------------------------------------

/** `token`: the implicit flow (public clients, the token in the fragment); `code`: a code in the query. */
type Flow = 'token' | 'code';

interface AuthorizationRequest {
  client: OAuthClient;
  redirectUri: string;
  scopes: string[];
  state: string | null;
  /** As sent (it may be absent); `flow` is what it asks for. */
  responseType: string | null;
  flow: Flow;
  /** The S256 `code_challenge` (code flow only), kept with the code. */
  challenge?: string;
}

type Checked =
  /** Answered with an error page: the client or the redirect URI cannot be trusted with a redirect. */
  | { kind: 'page'; message: string }
  /** Redirected back with an error. */
  | { kind: 'redirect-error'; request: AuthorizationRequest; error: string; description: string }
  | { kind: 'ok'; request: AuthorizationRequest };

/** A PKCE S256 challenge: the base64url SHA-256 of the verifier, without padding (43 characters). */
const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

/**
 * The PKCE parameters of a code request: required (S256) for a public client, whose code is otherwise anyone's who
 * sees the redirect (Cloud Manager sends them); optional for a private client, but checked when sent (RFC 7636).
 */
function checkChallenge(client: OAuthClient, params: URLSearchParams): { challenge?: string } | { refused: string } {
  const challenge = params.get('code_challenge') || null;
  const method = params.get('code_challenge_method') || null;
  if (client.public && (challenge === null || method !== 'S256')) {
    return { refused: 'PKCE with S256 is required for public clients: send code_challenge and code_challenge_method=S256 ("plain" is not accepted).' };
  }
  if (challenge === null) {
    return method === null ? {} : { refused: 'code_challenge_method was sent without a code_challenge.' };
  }
  // A missing method means "plain" (RFC 7636 §4.3); only S256 is taken, as Cloud Manager sends it.
  if (method !== 'S256') {
    return { refused: 'code_challenge_method must be S256 ("plain" is not accepted).' };
  }
  if (!S256_CHALLENGE.test(challenge)) {
    return { refused: 'code_challenge must be the base64url SHA-256 of the code_verifier: 43 characters, no padding.' };
  }
  return { challenge };
}

function checkAuthorization(params: URLSearchParams): Checked {
  const clientId = params.get('client_id');
  const client = findClient(clientId);
  if (!client) {
    return { kind: 'page', message: clientId ? `Unknown OAuth client "${clientId}".` : 'The request names no OAuth client (client_id).' };
  }
  const redirectUri = params.get('redirect_uri');
  if (!redirectUri) {
    return { kind: 'page', message: 'The request has no redirect_uri.' };
  }
  if (!redirectUriAllowed(client, redirectUri)) {
    return { kind: 'page', message: `The redirect_uri "${redirectUri}" is not registered for ${client.label}.` };
  }
  const responseType = params.get('response_type');
  const flows: Flow[] = client.public ? ['code', 'token'] : ['code'];
  // An unfitting response_type is answered where the client's usual flow expects its answer.
  const flow = flows.find((candidate) => candidate === responseType) ?? (client.public ? 'token' : 'code');
  const base: AuthorizationRequest = { client, redirectUri, state: params.get('state'), responseType, flow, scopes: ['*'] };
  if (responseType !== null && responseType !== flow) {
    return {
      kind: 'redirect-error',
      request: base,
      error: 'unsupported_response_type',
      description: client.public
        ? 'This public client uses response_type=code (with PKCE S256) or response_type=token.'
        : 'This private client uses response_type=code.',
    };
  }
  if (flow === 'code') {
    const pkce = checkChallenge(client, params);
    if ('refused' in pkce) {
      return { kind: 'redirect-error', request: base, error: 'invalid_request', description: pkce.refused };
    }
    base.challenge = pkce.challenge;
  }
  const parsed = parseScopes(params.get('scope') || params.get('scopes'));
  if ('refused' in parsed) {
    return { kind: 'redirect-error', request: base, error: 'invalid_scope', description: parsed.refused };
  }
  return { kind: 'ok', request: { ...base, scopes: parsed.scopes } };
}

/** The redirect URI with `params` (and `state`) in the fragment (implicit flow) or the query (code flow). */
function redirectLocation(request: AuthorizationRequest, params: Record<string, string>): string {
  const all = new URLSearchParams(params);
  if (request.state !== null) {
    all.set('state', request.state);
  }
  if (request.flow === 'token') {
    return `${request.redirectUri}#${all.toString()}`;
  }
  return `${request.redirectUri}${request.redirectUri.includes('?') ? '&' : '?'}${all.toString()}`;
}

// ---- pages -----------------------------------------------------------------------------------------

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

const HEADING = 'Log in to Linode (simulator)';

function htmlPage(content: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${HEADING}</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 36rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; }
label { display: block; margin-top: 1rem; font-weight: 600; }
input { font: inherit; padding: 0.3rem; width: 100%; box-sizing: border-box; }
fieldset { margin-top: 1rem; }
.actions { margin-top: 1.5rem; display: flex; gap: 1rem; }
button { font: inherit; padding: 0.4rem 1.2rem; }
[role="alert"] { border: 2px solid #b00020; padding: 0.5rem; }
</style>
</head>
<body>
<main>
<h1>${HEADING}</h1>
${content}
</main>
</body>
</html>
`;
}

function errorPage(message: string): string {
  return htmlPage(`<p role="alert" id="error">${escapeHtml(message)}</p>
<p>This is the Linode API simulator's stand-in for login.linode.com. It did not send you back to the application, because it
cannot trust where it was asked to send you.</p>`);
}

function describeScope(scope: string): string {
  if (scope === '*') {
    return 'Everything: full access to the account';
  }
  const [area, level] = scope.split(':');
  const name = area.replace(/_/g, ' ').replace(/^./, (first) => first.toUpperCase());
  return `${name}: ${level === 'read_write' ? 'read/write' : 'read only'} (${scope})`;
}

function authorizePage(request: AuthorizationRequest, options: { username?: string; error?: string } = {}): string {
  const hidden: Array<[string, string | null]> = [
    ['client_id', request.client.id],
    ['redirect_uri', request.redirectUri],
    ['response_type', request.responseType],
    // Commas, the separator this origin takes (several scopes joined by spaces are refused).
    ['scope', request.scopes.join(',')],
    ['state', request.state],
    ['code_challenge', request.challenge ?? null],
    ['code_challenge_method', request.challenge === undefined ? null : 'S256'],
  ];
  const users = SIMULATOR_USERS.map((user) => user.username);
  // The form posts to a relative URL, so the page works behind a path prefix too (VS Code for the Web opens
  // loopback pages through its own /proxy/<port>/ path).
  return htmlPage(`<p><strong>${escapeHtml(request.client.label)}</strong> wants to access your Linode account.</p>
<p>This is the Linode API simulator's stand-in for login.linode.com. Its users are
${users.map((name) => `<code>${escapeHtml(name)}</code>`).join(' and ')}; any non-empty password works.</p>
${options.error ? `<p role="alert" id="error">${escapeHtml(options.error)}</p>\n` : ''}<form method="post" action="authorize">
${hidden
  .filter((entry): entry is [string, string] => entry[1] !== null)
  .map(([name, value]) => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`)
  .join('\n')}
<label for="username">Username</label>
<input id="username" name="username" list="known-users" autocomplete="username" required value="${escapeHtml(options.username ?? '')}">
<datalist id="known-users">${users.map((name) => `<option value="${escapeHtml(name)}"></option>`).join('')}</datalist>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<fieldset>
<legend>It asks for</legend>
<ul id="scopes">
${request.scopes.map((scope) => `<li>${escapeHtml(describeScope(scope))}</li>`).join('\n')}
</ul>
</fieldset>
<div class="actions">
<button id="authorize" type="submit" name="action" value="authorize">Authorize</button>
<button id="cancel" type="submit" name="action" value="cancel" formnovalidate>Cancel</button>
</div>
</form>`);
}

// ---- the server ------------------------------------------------------------------------------------

const HTML_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
};
const JSON_HEADERS = { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', Pragma: 'no-cache' };
const ROUTES: Record<string, string[]> = {
  '/oauth/authorize': ['GET', 'POST'],
  '/oauth/token': ['POST'],
  '/oauth/token/expire': ['POST'],
  '/oauth/revoke': ['POST'],
};
/** Where Linode's edge refuses a POST without a User-Agent (the token endpoints; not the browser's authorize page). */
const USER_AGENT_GATED = new Set(['/oauth/token', '/oauth/token/expire', '/oauth/revoke']);

/** `&#NN;` for everything but letters and digits, as the edge's page writes the URL and the reference. */
function edgeEscape(text: string): string {
  return text.replace(/[^A-Za-z0-9]/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** The edge's (Akamai's) 403 page, shaped like the one in the public report; the reference is made up. */
function accessDeniedPage(pathname: string, nowMs: number): string {
  const reference = `#18.${randomBytes(4).toString('hex')}.${Math.floor(nowMs / 1000)}.${randomBytes(3).toString('hex')}`;
  return `<HTML><HEAD>
<TITLE>Access Denied</TITLE>
</HEAD><BODY>
<H1>Access Denied</H1>
 
You don't have permission to access "${edgeEscape(`http://login.linode.com${pathname}`)}" on this server.<P>
Reference${edgeEscape(` ${reference}`)}
</BODY>
</HTML>
`;
}

export function createLoginHandler(context: ServerContext, login: LoginService): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    void handle(req, res).catch((error: unknown) => {
      context.log(`login handler failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      if (!res.headersSent) {
        writeResponse(res, 500, JSON_HEADERS, JSON.stringify({ error: 'server_error' }));
      }
    });
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawPath = req.url ?? '/';
    const method = (req.method ?? 'GET').toUpperCase();
    const { exchange, started } = startExchange('login', req);
    exchange.path = redactUrl(exchange.path);
    const finish = (): void => {
      exchange.durationMs = Date.now() - started;
      record(context, exchange);
    };

    const fault = context.faults.take('login', method, rawPath);
    if (await delayOrDrop(fault, req, exchange, finish, context.timers)) return;
    const { outcome, body } = await readSmallBody(req, MAX_FORM_BODY, {
      timers: context.timers,
      dropAfterBytes: fault?.dropAfterBytes,
      bytesPerSecond: fault?.bytesPerSecond,
    });
    const isForm = (req.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
    const form = new URLSearchParams(isForm ? body.toString('utf8') : '');
    if (body.length > 0) {
      exchange.requestBody = isForm ? redactedForm(form) : recordedOtherBody(body);
    }
    if (outcome === 'dropped' || outcome === 'aborted') {
      exchange.dropped = outcome === 'dropped';
      finish();
      return;
    }

    const send = (status: number, headers: Record<string, string>, text: string, recorded: unknown): void => {
      void answerAfterFault(fault, res, exchange, finish, context.timers, () => {
        writeResponse(res, status, headers, text);
        exchange.status = status;
        const responseHeaders = responseHeaderRecord(res);
        if (responseHeaders.location !== undefined) {
          responseHeaders.location = redactUrl(responseHeaders.location);
        }
        exchange.responseHeaders = responseHeaders;
        if (recorded !== undefined) {
          exchange.responseBody = recorded;
        }
        finish();
      });
    };
    const html = (status: number, page: string, headers: Record<string, string> = {}): void => send(status, { ...HTML_HEADERS, ...headers }, page, page);
    const json = (status: number, value: unknown, headers: Record<string, string> = {}): void =>
      send(status, { ...JSON_HEADERS, ...headers }, JSON.stringify(value), redactedJson(value));
    const redirect = (location: string): void => send(302, { Location: location, 'Cache-Control': 'no-store' }, '', undefined);

    if (fault?.rawBody !== undefined) {
      send(fault.status ?? 200, { 'Content-Type': fault.contentType ?? 'text/html; charset=utf-8', ...faultHeaders(fault) }, fault.rawBody, fault.rawBody);
      return;
    }
    if (fault?.status !== undefined) {
      json(fault.status, fault.body ?? { error: 'temporarily_unavailable', error_description: fault.reason ?? defaultReason(fault.status) }, faultHeaders(fault));
      return;
    }
    if (outcome === 'too-large') {
      json(413, { error: 'invalid_request', error_description: 'Request body too large' });
      return;
    }

    const url = new URL(rawPath, 'http://login.invalid');
    const pathname = url.pathname.replace(/\/+$/, '');
    // Linode's edge, not the login server, answers this: nothing behind it is checked or changed.
    if (method === 'POST' && USER_AGENT_GATED.has(pathname) && (req.headers['user-agent'] ?? '').trim() === '') {
      const page = accessDeniedPage(pathname, context.state.now());
      send(403, { 'Content-Type': 'text/html' }, page, page);
      return;
    }
    const methods = ROUTES[pathname];
    if (!methods) {
      html(404, errorPage(`Nothing here (${pathname || '/'}). The OAuth endpoints are /oauth/authorize, /oauth/token, /oauth/token/expire and /oauth/revoke.`));
      return;
    }
    if (!methods.includes(method)) {
      json(405, { error: 'invalid_request', error_description: 'Method Not Allowed' }, { Allow: methods.join(', ') });
      return;
    }

    if (pathname === '/oauth/authorize') {
      const params = method === 'GET' ? url.searchParams : form;
      if (method === 'POST' && !isForm) {
        html(400, errorPage('The form must be sent as application/x-www-form-urlencoded.'));
        return;
      }
      const checked = checkAuthorization(params);
      if (checked.kind === 'page') {
        html(400, errorPage(checked.message));
        return;
      }
      if (method === 'POST' && form.get('action') === 'cancel') {
        redirect(redirectLocation(checked.request, { error: 'access_denied', error_description: 'The user declined to authorize the application.' }));
        return;
      }
      if (checked.kind === 'redirect-error') {
        redirect(redirectLocation(checked.request, { error: checked.error, error_description: checked.description }));
        return;
      }
      const { request } = checked;
      if (method === 'GET') {
        html(200, authorizePage(request));
        return;
      }
      const username = (form.get('username') ?? '').trim();
      if (!findUser(username)) {
        html(400, authorizePage(request, { username, error: username ? `There is no user "${username}" here. Try ${SIMULATOR_USERS.map((user) => user.username).join(' or ')}.` : 'Enter a username.' }));
        return;
      }
      if ((form.get('password') ?? '') === '') {
        html(400, authorizePage(request, { username, error: 'Enter a password (any will do).' }));
        return;
      }
      if (request.flow === 'token') {
        const token = login.issueAccessToken(request.client, username, request.scopes);
        redirect(redirectLocation(request, {
          access_token: token,
          token_type: 'bearer',
          expires_in: String(login.settings.tokenLifetimeSeconds),
          scope: request.scopes.join(' '),
        }));
      } else {
        redirect(redirectLocation(request, { code: login.issueCode(request.client, request.redirectUri, username, request.scopes, request.challenge) }));
      }
      return;
    }

    try {
      if (!isForm) {
        throw new OAuthError('invalid_request', 'Send the parameters as application/x-www-form-urlencoded.');
      }
      if (pathname === '/oauth/token') {
        json(200, login.token(form));
      } else {
        // /oauth/token/expire (linode_api4) and /oauth/revoke (Cloud Manager) end a token the same way.
        login.expire(form);
        json(200, {});
      }
    } catch (error) {
      if (error instanceof OAuthError) {
        json(error.status, error.body);
      } else {
        throw error;
      }
    }
  }
}

/** A body that is not a form: JSON with its secret keys redacted, otherwise only its size (it might hold a secret). */
function recordedOtherBody(body: Buffer): unknown {
  try {
    return redactedJson(JSON.parse(body.toString('utf8')) as unknown);
  } catch {
    return { bytes: body.length };
  }
}

