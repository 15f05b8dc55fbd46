// The login origin: a stand-in for Linode's OAuth login server (https://login.linode.com), on its own loopback port,
// so "Sign in with Linode" can be developed and tested without Linode. Tokens it issues are registered in the token
// table the api origin checks (state.tokens), with the granted scopes, their user and an expiry.
//
// What this follows:
// - Linode's API docs (the spec's introduction, "OAuth"): the authorization URL `/oauth/authorize` with `client_id`,
//   `scope` (e.g. `images:read_write linodes:read_only events:read_only`), `redirect_uri`, `state` and
//   `response_type`; the token URL `POST /oauth/token`. Public clients (no secret) get the token in the redirect URL's
//   fragment (`#access_token=...&token_type=bearer&expires_in=7200&scope=...&state=...`); it lasts two hours and
//   has no refresh token. Private clients get `?code=...&state=...`, exchanged at `POST /oauth/token` (form:
//   `client_id`, `client_secret`, `code`, optionally `grant_type=authorization_code`) for
//   `{access_token, refresh_token, token_type: "bearer", expires_in: 7200, scope}`; `grant_type=refresh_token` with
//   `refresh_token` (and the client's id and secret) gives a new pair, and the old refresh token stops working.
// - Linode's own clients: linode-cli signs in as a public client with `response_type=token&scopes=*` and a
//   `http://localhost:<port>` redirect; the Python library (linode_api4 `LinodeLoginClient`) sends the scopes as
//   `scopes` (comma-separated), reads `scopes` from the token answer, and expires a token with
//   `POST /oauth/token/expire` (`client_id`, `client_secret`, `token`). So `scopes` is taken as well as `scope`
//   (spaces or commas), the token answer carries both `scope` (space-separated) and `scopes` (comma-separated), and
//   `/oauth/token/expire` exists.
// - RFC 6749 where Linode says nothing: error codes (`access_denied`, `invalid_scope`, `unsupported_response_type`,
//   `invalid_request`, `invalid_client`, `invalid_grant`, `unsupported_grant_type`), errors in the fragment for
//   public clients and in the query for private ones, a bad client or redirect URI answered with an error page
//   (never a redirect), authorization codes used once and valid for 10 minutes.
//
// Simulator choices (not documented by Linode):
// - The client decides the flow; a `response_type` that does not fit it (`token` for public clients, `code` for
//   private ones) is refused with `unsupported_response_type`, so a client sending the wrong one notices here.
// - No scope asks for everything (`*`). A scope is `*` or `<area>:read_only|read_write`; anything else is
//   `invalid_scope`.
// - `redirect_uri` is required and must equal a registered one exactly, except loopback registrations
//   (`http://127.0.0.1/`, `http://localhost/`), which allow any port and path, as many OAuth servers do for native
//   apps (RFC 8252 §7.3). A redirect URI with a fragment is refused.
// - The page accepts the seeded users (SIMULATOR_USERS) with any non-empty password.
// - Refreshing leaves the previous access token working until it expires. Reset forgets every code, refresh token
//   and issued access token.
//
// Secrets never reach a record or a log line: `code`, `access_token`, `refresh_token`, `client_secret`, `password`
// and `token` are redacted in the recorded path, form body, JSON answer and `location` header (http.ts).

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
export function redirectUriAllowed(client: OAuthClient, uri: string): boolean {
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

/** `scope` (or `scopes`) split on spaces or commas; `['*']` when absent or empty; undefined when one is not valid. */
export function parseScopes(raw: string | null): string[] | undefined {
  const scopes = [...new Set((raw ?? '').split(/[\s,]+/).filter((scope) => scope.length > 0))];
  if (scopes.length === 0) {
    return ['*'];
  }
  return scopes.every((scope) => SCOPE.test(scope)) ? scopes : undefined;
}

// ---- the authorization request ---------------------------------------------------------------------

interface AuthorizationRequest {
  client: OAuthClient;
  redirectUri: string;
  scopes: string[];
  state: string | null;
  responseType: string | null;
}

type Checked =
  /** Answered with an error page: the client or the redirect URI cannot be trusted with a redirect. */
  | { kind: 'page'; message: string }
  /** Redirected back with an error. */
  | { kind: 'redirect-error'; request: AuthorizationRequest; error: string; description: string }
  | { kind: 'ok'; request: AuthorizationRequest };

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
  const base = { client, redirectUri, state: params.get('state'), responseType, scopes: ['*'] };
  const expected = client.public ? 'token' : 'code';
  if (responseType !== null && responseType !== expected) {
    return {
      kind: 'redirect-error',
      request: base,
      error: 'unsupported_response_type',
      description: `This ${client.public ? 'public' : 'private'} client uses response_type=${expected}.`,
    };
  }
  const scopes = parseScopes(params.get('scope') ?? params.get('scopes'));
  if (!scopes) {
    return { kind: 'redirect-error', request: base, error: 'invalid_scope', description: 'A scope is "*" or "<area>:read_only" or "<area>:read_write".' };
  }
  return { kind: 'ok', request: { ...base, scopes } };
}

/** The redirect URI with `params` (and `state`) in the fragment (public clients) or the query (private ones). */
function redirectLocation(request: AuthorizationRequest, params: Record<string, string>): string {
  const all = new URLSearchParams(params);
  if (request.state !== null) {
    all.set('state', request.state);
  }
  if (request.client.public) {
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
    ['scope', request.scopes.join(' ')],
    ['state', request.state],
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
};

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
    const methods = ROUTES[pathname];
    if (!methods) {
      html(404, errorPage(`Nothing here (${pathname || '/'}). The OAuth endpoints are /oauth/authorize and /oauth/token.`));
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
      if (request.client.public) {
        const token = login.issueAccessToken(request.client, username, request.scopes);
        redirect(redirectLocation(request, {
          access_token: token,
          token_type: 'bearer',
          expires_in: String(login.settings.tokenLifetimeSeconds),
          scope: request.scopes.join(' '),
        }));
      } else {
        redirect(redirectLocation(request, { code: login.issueCode(request.client, request.redirectUri, username, request.scopes) }));
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

