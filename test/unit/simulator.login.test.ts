// The login origin (login.linode.com's stand-in): the public flows (code with PKCE, as Cloud Manager signs in; the
// implicit token in the redirect's fragment, as linode-cli does), the private flow (code, token exchange, refresh),
// comma-joined scopes, Cancel, redirect URI and client checks, token-endpoint errors, revoking and expiring tokens,
// the edge's User-Agent gate, expiry and the token knobs, per-account images, and secrets kept out of the request log.

import * as assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import type { Page } from '../../src/core/api/types';
import {
  SEED_IDS,
  SIMULATOR_PRIVATE_CLIENT_ID,
  SIMULATOR_PRIVATE_CLIENT_SECRET,
  SIMULATOR_PUBLIC_CLIENT_ID,
  SIMULATOR_TEAMMATE_USERNAME,
  SIMULATOR_TOKEN,
  SIMULATOR_USERNAME,
  startSimulator,
  type SimEvent,
  type SimImage,
  type Simulator,
} from '../../simulator/index';
import { rawRequest, type RawResponse } from '../../simulator/rawClient';
import { sleep } from '../support/until';

const SCOPE_LIST = ['images:read_write', 'linodes:read_only', 'events:read_only'];
/** As a request sends them: joined by commas. */
const SCOPES = SCOPE_LIST.join(',');
/** As `scope` in an answer and `X-OAuth-Scopes` show them: joined by spaces. */
const SPACED_SCOPES = SCOPE_LIST.join(' ');
const LOOPBACK = 'http://127.0.0.1:53682/callback';
const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };
/** Linode's edge refuses token requests without a User-Agent, so the token-endpoint helpers send one. */
const USER_AGENT = { 'User-Agent': 'linode-images-tests/1.0' };

interface AuthorizeParams {
  client_id?: string;
  redirect_uri?: string;
  scope?: string;
  scopes?: string;
  state?: string;
  response_type?: string;
  code_challenge?: string;
  code_challenge_method?: string;
}

/** A PKCE verifier: 32 random bytes, base64url (43 characters), as Cloud Manager makes one. */
function newVerifier(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * A POST through node:http with exactly `headers`: node:http adds no User-Agent of its own (rawRequest adds one), so
 * this is how a request without one is sent.
 */
function postWithHeaders(origin: string, path: string, body: string, headers: Record<string, string>): Promise<{ status: number; contentType: string; text: string }> {
  const url = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method: 'POST', path, headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'] ?? '', text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The S256 challenge of a verifier (RFC 7636 §4.2). */
function challengeOf(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

/** The parameters a redirect carries: its fragment for a public client, its query for a private one. */
function fragmentOf(location: string): URLSearchParams {
  return new URLSearchParams(new URL(location).hash.slice(1));
}

function queryOf(location: string): URLSearchParams {
  return new URL(location).searchParams;
}

describe('simulator login origin (OAuth)', () => {
  let sim: Simulator;
  let logLines: string[];

  const publicParams = (overrides: AuthorizeParams = {}): AuthorizeParams => ({
    client_id: SIMULATOR_PUBLIC_CLIENT_ID,
    redirect_uri: LOOPBACK,
    scope: SCOPES,
    state: 'state-123',
    response_type: 'token',
    ...overrides,
  });
  const privateParams = (overrides: AuthorizeParams = {}): AuthorizeParams => ({
    ...publicParams({ client_id: SIMULATOR_PRIVATE_CLIENT_ID, response_type: 'code' }),
    ...overrides,
  });
  const query = (params: Record<string, string | undefined>): string =>
    new URLSearchParams(Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined)).toString();
  const getAuthorize = (params: AuthorizeParams): Promise<RawResponse> =>
    rawRequest(sim.loginOrigin as string, 'GET', `/oauth/authorize?${query({ ...params })}`, { headers: { Accept: 'text/html' } });
  const postForm = (path: string, fields: Record<string, string | undefined>): Promise<RawResponse> =>
    rawRequest(sim.loginOrigin as string, 'POST', path, { body: query(fields), headers: { ...FORM, ...USER_AGENT } });
  /** Submits the log-in form as a browser would: the hidden fields, the credentials and the button pressed. */
  const submit = (params: AuthorizeParams, fields: { username?: string; password?: string; action?: string } = {}): Promise<RawResponse> =>
    postForm('/oauth/authorize', { ...params, username: SIMULATOR_USERNAME, password: 'hunter2', action: 'authorize', ...fields });
  /** GET (the page), then POST (Authorize); the 302's Location. */
  const signIn = async (params: AuthorizeParams, username = SIMULATOR_USERNAME): Promise<string> => {
    const page = await getAuthorize(params);
    assert.equal(page.status, 200, page.text);
    const answer = await submit(params, { username });
    assert.equal(answer.status, 302, answer.text);
    return answer.headers.location;
  };
  const publicToken = async (username = SIMULATOR_USERNAME, scope = SCOPES): Promise<string> =>
    fragmentOf(await signIn(publicParams({ scope }), username)).get('access_token') as string;
  const exchange = (fields: Record<string, string | undefined>): Promise<RawResponse> =>
    postForm('/oauth/token', { client_id: SIMULATOR_PRIVATE_CLIENT_ID, client_secret: SIMULATOR_PRIVATE_CLIENT_SECRET, ...fields });
  const privateCode = async (username = SIMULATOR_USERNAME): Promise<string> =>
    queryOf(await signIn(privateParams(), username)).get('code') as string;
  /** The public client's code request with PKCE, as Cloud Manager sends it. */
  const pkceParams = (verifier: string, overrides: AuthorizeParams = {}): AuthorizeParams =>
    publicParams({ response_type: 'code', code_challenge: challengeOf(verifier), code_challenge_method: 'S256', ...overrides });
  const pkceCode = async (verifier: string, overrides: AuthorizeParams = {}): Promise<string> =>
    queryOf(await signIn(pkceParams(verifier, overrides))).get('code') as string;
  /** The public client's exchange: no secret. */
  const publicExchange = (fields: Record<string, string | undefined>): Promise<RawResponse> =>
    postForm('/oauth/token', { grant_type: 'authorization_code', client_id: SIMULATOR_PUBLIC_CLIENT_ID, ...fields });
  const pkceToken = async (): Promise<string> => {
    const verifier = newVerifier();
    const answer = await publicExchange({ code: await pkceCode(verifier), code_verifier: verifier });
    assert.equal(answer.status, 200, answer.text);
    return (answer.body as { access_token: string }).access_token;
  };
  const errorOf = (answer: RawResponse): string => (answer.body as { error: string }).error;
  const api = (token: string | undefined, method: string, path: string, body?: unknown): Promise<RawResponse> =>
    rawRequest(sim.apiUrl, method, `/v4${path}`, { token, body });
  const control = (method: string, target: string, body?: unknown): Promise<RawResponse> =>
    rawRequest(sim.apiUrl, method, `/__simulator/${target}`, { body });

  before(async () => {
    sim = await startSimulator({ lifecycleMs: 60_000, seed: 'two-accounts', log: (line) => logLines.push(line) });
  });
  after(() => sim.close());
  beforeEach(() => {
    sim.reset();
    logLines = [];
  });

  it('runs on a third loopback origin and describes itself in the control API', async () => {
    assert.match(sim.loginOrigin ?? '', /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.notEqual(sim.loginOrigin, sim.apiUrl);
    assert.notEqual(sim.loginOrigin, sim.uploadOrigin);
    assert.equal(sim.login?.tokenLifetimeSeconds, 7200);
    const info = (await control('GET', '')).body as { loginOrigin: string; login: Record<string, unknown> };
    assert.equal(info.loginOrigin, sim.loginOrigin);
    assert.equal(info.login.publicClientId, SIMULATOR_PUBLIC_CLIENT_ID);
    assert.equal(info.login.privateClientId, SIMULATOR_PRIVATE_CLIENT_ID);
    assert.deepEqual(info.login.users, [SIMULATOR_USERNAME, SIMULATOR_TEAMMATE_USERNAME]);

    const without = await startSimulator({ login: false });
    try {
      assert.equal(without.loginOrigin, undefined);
      assert.equal(((await rawRequest(without.apiUrl, 'GET', '/__simulator/')).body as { loginOrigin: unknown }).loginOrigin, null);
    } finally {
      await without.close();
    }
  });

  it('serves an accessible log-in page with stable ids, the users and the requested scopes', async () => {
    const page = await getAuthorize(publicParams());
    assert.equal(page.status, 200);
    assert.match(page.headers['content-type'], /^text\/html/);
    const html = page.text;
    assert.match(html, /<h1>Log in to Linode \(simulator\)<\/h1>/);
    for (const id of ['username', 'password']) {
      assert.match(html, new RegExp(`<label for="${id}">`), `a label for #${id}`);
      assert.match(html, new RegExp(`<input id="${id}" name="${id}"`));
    }
    assert.match(html, /<button id="authorize" type="submit" name="action" value="authorize">Authorize<\/button>/);
    assert.match(html, /<button id="cancel" type="submit" name="action" value="cancel" formnovalidate>Cancel<\/button>/);
    assert.match(html, /<code>sim-user<\/code> and <code>sim-teammate<\/code>/);
    for (const scope of SCOPE_LIST) {
      assert.ok(html.includes(`(${scope})`), scope);
    }
    assert.match(html, new RegExp(`name="scope" value="${SCOPES}"`), 'the form posts the scopes joined by commas');
    assert.match(html, /name="state" value="state-123"/);
    // What the query brings is escaped.
    const hostile = await getAuthorize(publicParams({ state: '"><script>alert(1)</script>' }));
    assert.ok(!hostile.text.includes('<script>'));
  });

  it('public client: the token comes back in the fragment and works on the api origin as that user', async () => {
    const location = await signIn(publicParams());
    assert.ok(location.startsWith(`${LOOPBACK}#`), location);
    assert.equal(new URL(location).search, '', 'nothing in the query');
    const fragment = fragmentOf(location);
    const token = fragment.get('access_token') as string;
    assert.match(token, /^[0-9a-f]{64}$/);
    assert.equal(fragment.get('token_type'), 'bearer');
    assert.equal(fragment.get('expires_in'), '7200');
    assert.equal(fragment.get('scope'), SPACED_SCOPES);
    assert.equal(fragment.get('state'), 'state-123');
    assert.equal(fragment.get('refresh_token'), null, 'public clients get no refresh token');

    const profile = await api(token, 'GET', '/profile');
    assert.equal(profile.status, 200);
    assert.equal((profile.body as { username: string }).username, SIMULATOR_USERNAME);
    assert.equal(profile.headers['x-oauth-scopes'], SPACED_SCOPES);
    assert.equal(sim.state.tokens.get(token)?.username, SIMULATOR_USERNAME);

    const teammate = await publicToken(SIMULATOR_TEAMMATE_USERNAME);
    const theirs = (await api(teammate, 'GET', '/profile')).body as { username: string; email: string };
    assert.equal(theirs.username, SIMULATOR_TEAMMATE_USERNAME);
    assert.equal(theirs.email, 'sim-teammate@example.com');
    // The default token keeps answering the seed's profile.
    assert.equal(((await api(SIMULATOR_TOKEN, 'GET', '/profile')).body as { username: string }).username, SIMULATOR_USERNAME);
  });

  it('grants only the requested scopes (also as `scopes`, comma-separated); no scope means `*`', async () => {
    const readOnly = await publicToken(SIMULATOR_USERNAME, 'images:read_only');
    assert.equal((await api(readOnly, 'GET', '/images')).status, 200);
    const write = await api(readOnly, 'PUT', `/images/${encodeURIComponent(SEED_IDS.images.singleRegion)}`, { label: 'nope' });
    assert.equal(write.status, 401);
    assert.equal(write.headers['x-accepted-oauth-scopes'], 'images:read_write');
    assert.equal((await api(readOnly, 'GET', '/account/events')).status, 401);

    const { scope: _scope, ...rest } = publicParams();
    const plural = { ...rest, scopes: 'images:read_only,linodes:read_only' } as AuthorizeParams;
    const token = fragmentOf(await signIn(plural)).get('access_token') as string;
    assert.deepEqual(sim.state.tokens.get(token)?.scopes, ['images:read_only', 'linodes:read_only']);

    const everything = fragmentOf(await signIn(rest));
    assert.equal(everything.get('scope'), '*');
  });

  it('private client: a code in the query, exchanged with the secret for a token and a refresh token', async () => {
    const location = await signIn(privateParams());
    assert.equal(new URL(location).hash, '', 'nothing in the fragment');
    const params = queryOf(location);
    assert.equal(params.get('state'), 'state-123');
    assert.equal(params.get('access_token'), null);
    const code = params.get('code') as string;
    assert.ok(code);

    const answer = await exchange({ grant_type: 'authorization_code', code });
    assert.equal(answer.status, 200, answer.text);
    assert.match(answer.headers['content-type'], /^application\/json/);
    assert.equal(answer.headers['cache-control'], 'no-store');
    const tokens = answer.body as Record<string, unknown>;
    assert.deepEqual(Object.keys(tokens).sort(), ['access_token', 'expires_in', 'refresh_token', 'scope', 'scopes', 'token_type']);
    assert.equal(tokens.token_type, 'bearer');
    assert.equal(tokens.expires_in, 7200);
    assert.equal(tokens.scope, SPACED_SCOPES);
    assert.equal(tokens.scopes, SCOPES);
    const profile = await api(tokens.access_token as string, 'GET', '/profile');
    assert.equal((profile.body as { username: string }).username, SIMULATOR_USERNAME);

    // A code works once.
    const again = await exchange({ code });
    assert.equal(again.status, 400);
    assert.equal((again.body as { error: string }).error, 'invalid_grant');

    // Refresh: a new pair; the old refresh token stops working; the previous access token lasts until it expires.
    const refreshed = await exchange({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token as string });
    assert.equal(refreshed.status, 200, refreshed.text);
    const next = refreshed.body as Record<string, unknown>;
    assert.notEqual(next.access_token, tokens.access_token);
    assert.notEqual(next.refresh_token, tokens.refresh_token);
    assert.equal(next.scope, SPACED_SCOPES);
    assert.equal((await api(next.access_token as string, 'GET', '/profile')).status, 200);
    assert.equal((await api(tokens.access_token as string, 'GET', '/profile')).status, 200);
    const reused = await exchange({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token as string });
    assert.equal(reused.status, 400);
    assert.equal((reused.body as { error: string }).error, 'invalid_grant');
    const chained = await exchange({ grant_type: 'refresh_token', refresh_token: next.refresh_token as string });
    assert.equal(chained.status, 200);
  });

  it('public client with PKCE (as Cloud Manager): a code in the query, exchanged with the verifier, no refresh token', async () => {
    const verifier = newVerifier();
    const params = pkceParams(verifier);
    const page = await getAuthorize(params);
    assert.equal(page.status, 200, page.text);
    // The form carries the challenge, so the browser's POST asks for the same code.
    assert.match(page.text, new RegExp(`name="code_challenge" value="${challengeOf(verifier)}"`));
    assert.match(page.text, /name="code_challenge_method" value="S256"/);
    assert.match(page.text, /name="response_type" value="code"/);

    const location = await signIn(params);
    assert.ok(location.startsWith(`${LOOPBACK}?`), location);
    assert.equal(new URL(location).hash, '', 'nothing in the fragment');
    const redirect = queryOf(location);
    assert.equal(redirect.get('state'), 'state-123');
    assert.equal(redirect.get('access_token'), null);
    const code = redirect.get('code') as string;
    assert.ok(code);

    const answer = await publicExchange({ code, code_verifier: verifier });
    assert.equal(answer.status, 200, answer.text);
    assert.match(answer.headers['content-type'], /^application\/json/);
    const tokens = answer.body as Record<string, unknown>;
    assert.deepEqual(Object.keys(tokens).sort(), ['access_token', 'expires_in', 'scope', 'scopes', 'token_type'], 'no refresh_token');
    assert.equal(tokens.token_type, 'bearer');
    assert.equal(tokens.expires_in, 7200);
    assert.equal(tokens.scope, SPACED_SCOPES);
    assert.equal(tokens.scopes, SCOPES);
    const token = tokens.access_token as string;
    assert.match(token, /^[0-9a-f]{64}$/);
    const profile = await api(token, 'GET', '/profile');
    assert.equal(profile.status, 200);
    assert.equal((profile.body as { username: string }).username, SIMULATOR_USERNAME);
    assert.equal(profile.headers['x-oauth-scopes'], SPACED_SCOPES);
    assert.equal(sim.state.tokens.get(token)?.clientId, SIMULATOR_PUBLIC_CLIENT_ID);

    // The code works once, and there is nothing to refresh.
    assert.equal(errorOf(await publicExchange({ code, code_verifier: verifier })), 'invalid_grant');
    const refresh = await publicExchange({ grant_type: 'refresh_token', refresh_token: token });
    assert.equal(refresh.status, 400);
    assert.equal(errorOf(refresh), 'invalid_client');

    // A secret the public client sends anyway is ignored; grant_type may be left out; a 128-character verifier works.
    const long = 'a-._~'.repeat(26).slice(0, 128);
    const lenient = await publicExchange({ code: await pkceCode(long), code_verifier: long, client_secret: 'whatever', grant_type: undefined });
    assert.equal(lenient.status, 200, lenient.text);

    // The verifier is a secret; the challenge is not.
    const recorded = JSON.stringify(sim.requests);
    for (const secret of [verifier, long, code, token]) {
      assert.ok(!recorded.includes(secret), `a secret (${secret.slice(0, 6)}…) is in sim.requests`);
      assert.ok(!logLines.some((line) => line.includes(secret)), `a secret (${secret.slice(0, 6)}…) is in a log line`);
    }
    const tokenRequest = sim.requests.find((exchange) => exchange.origin === 'login' && exchange.path === '/oauth/token');
    assert.equal((tokenRequest?.requestBody as Record<string, string>).code_verifier, '<redacted>');
    assert.ok(recorded.includes(challengeOf(verifier)));
  });

  it('PKCE: a wrong verifier is invalid_grant and uses the code up; a missing or malformed one is invalid_request', async () => {
    const verifier = newVerifier();
    const code = await pkceCode(verifier);
    const missing = await publicExchange({ code });
    assert.equal(missing.status, 400);
    assert.equal(errorOf(missing), 'invalid_request');
    assert.match((missing.body as { error_description: string }).error_description, /code_verifier/);
    for (const malformed of ['short', 'a'.repeat(42), 'a'.repeat(129), `${'a'.repeat(42)}+`, `${'a'.repeat(42)}=`, `${'a'.repeat(42)}/`]) {
      const answer = await publicExchange({ code, code_verifier: malformed });
      assert.equal(answer.status, 400, malformed);
      assert.equal(errorOf(answer), 'invalid_request', malformed);
    }

    // Those left the code usable; a wrong verifier is its one guess.
    const wrong = await publicExchange({ code, code_verifier: newVerifier() });
    assert.equal(wrong.status, 400);
    assert.equal(errorOf(wrong), 'invalid_grant');
    assert.match((wrong.body as { error_description: string }).error_description, /code_verifier does not match/);
    const retried = await publicExchange({ code, code_verifier: verifier });
    assert.equal(retried.status, 400);
    assert.equal(errorOf(retried), 'invalid_grant', 'the code was used up by the wrong guess');
    assert.equal(sim.state.tokens.size, 3, 'no token was issued');

    // The challenge itself is not a verifier.
    const other = newVerifier();
    const byChallenge = await publicExchange({ code: await pkceCode(other), code_verifier: challengeOf(other) });
    assert.equal(errorOf(byChallenge), 'invalid_grant');
  });

  it('a public code request without PKCE S256 is refused with invalid_request, in the query', async () => {
    const verifier = newVerifier();
    const refusals: Array<[string, AuthorizeParams]> = [
      ['no challenge', publicParams({ response_type: 'code' })],
      ['method plain', pkceParams(verifier, { code_challenge: verifier, code_challenge_method: 'plain' })],
      ['no method (plain by default)', pkceParams(verifier, { code_challenge_method: undefined })],
      ['an unknown method', pkceParams(verifier, { code_challenge_method: 'S512' })],
      ['a method without a challenge', pkceParams(verifier, { code_challenge: undefined })],
    ];
    for (const [what, params] of refusals) {
      for (const answer of [await getAuthorize(params), await submit(params)]) {
        assert.equal(answer.status, 302, what);
        assert.equal(new URL(answer.headers.location).hash, '', what);
        const redirect = queryOf(answer.headers.location);
        assert.equal(redirect.get('error'), 'invalid_request', what);
        assert.match(redirect.get('error_description') ?? '', /PKCE with S256 is required for public clients/, what);
        assert.equal(redirect.get('state'), 'state-123', what);
        assert.equal(redirect.get('code'), null, what);
      }
    }
    // A challenge that is not a base64url SHA-256 (padded, hex).
    for (const code_challenge of [`${challengeOf(verifier)}=`, createHash('sha256').update(verifier).digest('hex')]) {
      const answer = await getAuthorize(pkceParams(verifier, { code_challenge }));
      assert.equal(queryOf(answer.headers.location).get('error'), 'invalid_request', code_challenge);
    }
    // The implicit flow stays open to the public client (linode-cli).
    assert.ok(fragmentOf(await signIn(publicParams())).get('access_token'));
  });

  it('a private client may add PKCE: then its exchange needs the verifier too', async () => {
    const verifier = newVerifier();
    const withPkce = privateParams({ code_challenge: challengeOf(verifier), code_challenge_method: 'S256' });
    const code = queryOf(await signIn(withPkce)).get('code') as string;
    assert.equal(errorOf(await exchange({ code })), 'invalid_request');
    const right = await exchange({ code, code_verifier: verifier });
    assert.equal(right.status, 200, right.text);
    assert.ok((right.body as { refresh_token?: string }).refresh_token, 'a private client keeps its refresh token');

    const guessed = queryOf(await signIn(withPkce)).get('code') as string;
    assert.equal(errorOf(await exchange({ code: guessed, code_verifier: newVerifier() })), 'invalid_grant');
    assert.equal(errorOf(await exchange({ code: guessed, code_verifier: verifier })), 'invalid_grant', 'used up');

    // A verifier for a code issued without a challenge is refused (a downgrade), and uses the code up.
    const plainCode = await privateCode();
    assert.equal(errorOf(await exchange({ code: plainCode, code_verifier: verifier })), 'invalid_grant');
    assert.equal(errorOf(await exchange({ code: plainCode })), 'invalid_grant');

    const plain = await getAuthorize(privateParams({ code_challenge: verifier, code_challenge_method: 'plain' }));
    assert.equal(queryOf(plain.headers.location).get('error'), 'invalid_request');
    assert.match(queryOf(plain.headers.location).get('error_description') ?? '', /S256/);
  });

  it('scopes are joined by commas (`scope` or `scopes`); several joined by spaces are invalid_scope', async () => {
    const { scope: _scope, ...withoutScope } = publicParams();
    for (const name of ['scope', 'scopes'] as const) {
      const withScopes = (value: string): AuthorizeParams => ({ ...withoutScope, [name]: value });
      const spaced = await getAuthorize(withScopes('images:read_write linodes:read_only'));
      assert.equal(spaced.status, 302, name);
      const refused = fragmentOf(spaced.headers.location);
      assert.equal(refused.get('error'), 'invalid_scope', name);
      assert.match(refused.get('error_description') ?? '', /joined by commas/, name);
      assert.equal(refused.get('state'), 'state-123');
      // The form post is refused the same way, and no token is issued.
      assert.equal(fragmentOf((await submit(withScopes('images:read_write linodes:read_only'))).headers.location).get('error'), 'invalid_scope');

      const token = fragmentOf(await signIn(withScopes('images:read_write,linodes:read_only'))).get('access_token') as string;
      assert.deepEqual(sim.state.tokens.get(token)?.scopes, ['images:read_write', 'linodes:read_only'], name);
      const single = fragmentOf(await signIn(withScopes('images:read_only'))).get('access_token') as string;
      assert.deepEqual(sim.state.tokens.get(single)?.scopes, ['images:read_only'], name);
      const everything = fragmentOf(await signIn(withScopes('*'))).get('access_token') as string;
      assert.deepEqual(sim.state.tokens.get(everything)?.scopes, ['*'], name);
    }
    // As a URL carries the spaces: %20 (a "+" is what URLSearchParams wrote above), also for the code flow's query.
    const encoded = `/oauth/authorize?${query({ ...privateParams(), scope: undefined })}&scopes=images%3Aread_write%20linodes%3Aread_only`;
    const viaPercent = await rawRequest(sim.loginOrigin as string, 'GET', encoded, { headers: { Accept: 'text/html' } });
    assert.equal(viaPercent.status, 302);
    assert.equal(queryOf(viaPercent.headers.location).get('error'), 'invalid_scope');
    assert.equal(sim.state.tokens.size, 3 + 6, 'only the accepted requests issued tokens');
  });

  it('POST /oauth/revoke ends a token (public: no secret; private: only with its secret); the api then answers 401', async () => {
    const revoke = (fields: Record<string, string | undefined>): Promise<RawResponse> => postForm('/oauth/revoke', fields);
    // Public, as Cloud Manager signs out: client_id and token.
    const token = await pkceToken();
    assert.equal((await api(token, 'GET', '/profile')).status, 200);
    const revoked = await revoke({ client_id: SIMULATOR_PUBLIC_CLIENT_ID, token });
    assert.equal(revoked.status, 200, revoked.text);
    assert.deepEqual(revoked.body, {});
    const after = await api(token, 'GET', '/profile');
    assert.equal(after.status, 401);
    assert.deepEqual(after.body, { errors: [{ reason: 'Invalid Token' }] });
    const implicit = await publicToken();
    assert.equal((await revoke({ client_id: SIMULATOR_PUBLIC_CLIENT_ID, token: implicit })).status, 200);
    assert.equal((await api(implicit, 'GET', '/profile')).status, 401);

    // Private: its secret is required.
    const pair = (await exchange({ code: await privateCode() })).body as { access_token: string; refresh_token: string };
    for (const client_secret of [undefined, 'wrong']) {
      const refused = await revoke({ client_id: SIMULATOR_PRIVATE_CLIENT_ID, client_secret, token: pair.access_token });
      assert.equal(refused.status, 400);
      assert.equal(errorOf(refused), 'invalid_client');
    }
    assert.equal((await api(pair.access_token, 'GET', '/profile')).status, 200, 'a refused revoke changes nothing');
    const ended = await revoke({ client_id: SIMULATOR_PRIVATE_CLIENT_ID, client_secret: SIMULATOR_PRIVATE_CLIENT_SECRET, token: pair.access_token });
    assert.equal(ended.status, 200);
    assert.equal((await api(pair.access_token, 'GET', '/profile')).status, 401);
    assert.equal(errorOf(await exchange({ grant_type: 'refresh_token', refresh_token: pair.refresh_token })), 'invalid_grant', 'its grant went too');

    // An unknown token, or another client's, is 200 and changes nothing (RFC 7009 §2.2); no token is invalid_request.
    assert.deepEqual((await revoke({ client_id: SIMULATOR_PUBLIC_CLIENT_ID, token: 'f'.repeat(64) })).body, {});
    assert.equal((await revoke({ client_id: SIMULATOR_PUBLIC_CLIENT_ID, token: SIMULATOR_TOKEN })).status, 200);
    assert.equal((await api(SIMULATOR_TOKEN, 'GET', '/profile')).status, 200);
    assert.equal(errorOf(await revoke({ client_id: SIMULATOR_PUBLIC_CLIENT_ID })), 'invalid_request');
    assert.equal(errorOf(await revoke({ client_id: 'ffffffffffffffffffff', token: SIMULATOR_TOKEN })), 'invalid_client');
    assert.equal((await rawRequest(sim.loginOrigin as string, 'GET', '/oauth/revoke')).status, 405);

    // /oauth/token/expire ends a public client's token the same way.
    const another = await pkceToken();
    assert.equal((await postForm('/oauth/token/expire', { client_id: SIMULATOR_PUBLIC_CLIENT_ID, token: another })).status, 200);
    assert.equal((await api(another, 'GET', '/profile')).status, 401);
    const recorded = JSON.stringify(sim.requests);
    assert.ok(!recorded.includes(token) && !recorded.includes(another) && !recorded.includes(pair.access_token));
  });

  it("token requests without a User-Agent get the edge's HTML 403 Access Denied, before anything is checked", async () => {
    const code = await privateCode();
    const token = await publicToken();
    const fields = query({ client_id: SIMULATOR_PRIVATE_CLIENT_ID, client_secret: SIMULATOR_PRIVATE_CLIENT_SECRET, code, token });
    for (const path of ['/oauth/token', '/oauth/token/expire', '/oauth/revoke']) {
      // No User-Agent, an empty one, and no headers at all (not even a content type).
      for (const headers of [FORM, { ...FORM, 'User-Agent': '' }, {}]) {
        const denied = await postWithHeaders(sim.loginOrigin as string, path, fields, headers);
        assert.equal(denied.status, 403, `${path} ${JSON.stringify(headers)}`);
        assert.match(denied.contentType, /^text\/html/);
        assert.match(denied.text, /^<HTML><HEAD>\s*<TITLE>Access Denied<\/TITLE>/);
        assert.match(denied.text, /<H1>Access Denied<\/H1>/);
        const escapedUrl = `http://login.linode.com${path}`.replace(/[^A-Za-z0-9]/g, (char) => `&#${char.charCodeAt(0)};`);
        assert.ok(denied.text.includes(`You don't have permission to access "${escapedUrl}" on this server.<P>`), denied.text);
        assert.match(denied.text, /Reference&#32;&#35;18&#46;[0-9a-f]{8}&#46;\d{10}&#46;[0-9a-f]{6}\n<\/BODY>/);
      }
    }
    const deniedRecords = sim.requests.filter((exchange) => exchange.status === 403);
    assert.equal(deniedRecords.length, 9);
    assert.ok(deniedRecords.every((exchange) => !exchange.headers['user-agent']), 'the requests really had no User-Agent');
    assert.ok(!JSON.stringify(sim.requests).includes(code), 'the code is redacted in the refused requests too');

    // Nothing was read into state: the code and the token still work, and with a User-Agent all is as usual.
    assert.equal((await api(token, 'GET', '/profile')).status, 200);
    const exchanged = await exchange({ code });
    assert.equal(exchanged.status, 200, exchanged.text);
    // The browser's pages are not gated.
    const form = query({ ...publicParams(), username: SIMULATOR_USERNAME, password: 'x', action: 'authorize' });
    assert.equal((await postWithHeaders(sim.loginOrigin as string, '/oauth/authorize', form, FORM)).status, 302);
    assert.equal(sim.requests.at(-1)?.headers['user-agent'], undefined);
  });

  it('Cancel redirects with error=access_denied and the state (fragment for the implicit flow, query for a code)', async () => {
    const cancelled = await submit(privateParams(), { action: 'cancel', username: '', password: '' });
    assert.equal(cancelled.status, 302);
    const params = queryOf(cancelled.headers.location);
    assert.equal(params.get('error'), 'access_denied');
    assert.equal(params.get('state'), 'state-123');
    assert.equal(params.get('code'), null);

    const publicCancel = await submit(publicParams(), { action: 'cancel' });
    const fragment = fragmentOf(publicCancel.headers.location);
    assert.equal(fragment.get('error'), 'access_denied');
    assert.equal(fragment.get('state'), 'state-123');
    assert.equal(fragment.get('access_token'), null);
    // The public client's code flow answers in the query, like the private client's.
    const pkceCancel = await submit(pkceParams(newVerifier()), { action: 'cancel' });
    assert.equal(new URL(pkceCancel.headers.location).hash, '');
    assert.equal(queryOf(pkceCancel.headers.location).get('error'), 'access_denied');
    assert.equal(queryOf(pkceCancel.headers.location).get('code'), null);
    assert.equal(sim.state.tokens.size, 3, 'no token was issued');
  });

  it('checks redirect_uri: exact, except loopback on any port and path; an error page, never a redirect', async () => {
    const allowed = [
      'http://127.0.0.1:1/',
      'http://127.0.0.1:65000/any/path?x=1',
      'http://localhost:8080/cb',
      'vscode://linode-images-dev.linode-images/auth',
      'https://vscode.dev/redirect',
    ];
    for (const redirect_uri of allowed) {
      assert.equal((await getAuthorize(publicParams({ redirect_uri }))).status, 200, redirect_uri);
    }
    const refused = [
      'https://evil.example/callback',
      'http://127.0.0.1.evil.example/cb',
      'https://127.0.0.1:3000/cb',
      'vscode://linode-images-dev.linode-images/auth/other',
      'vscode://someone.else/auth',
      'https://vscode.dev/redirect/',
      'http://127.0.0.1:5000/cb#fragment',
    ];
    for (const redirect_uri of refused) {
      const page = await getAuthorize(publicParams({ redirect_uri }));
      assert.equal(page.status, 400, redirect_uri);
      assert.equal(page.headers.location, undefined);
      assert.match(page.text, /role="alert"/);
      // A forged form post is refused the same way.
      const posted = await submit(publicParams({ redirect_uri }));
      assert.equal(posted.status, 400, redirect_uri);
      assert.equal(posted.headers.location, undefined);
    }
    assert.equal((await getAuthorize(publicParams({ redirect_uri: undefined }))).status, 400);
    assert.equal(sim.state.tokens.size, 3, 'no token was issued');
  });

  it('refuses an unknown client with an error page, and at the token endpoint', async () => {
    const page = await getAuthorize(publicParams({ client_id: 'ffffffffffffffffffff' }));
    assert.equal(page.status, 400);
    assert.equal(page.headers.location, undefined);
    assert.match(page.text, /Unknown OAuth client/);
    assert.equal((await getAuthorize(publicParams({ client_id: undefined }))).status, 400);
    const posted = await submit(publicParams({ client_id: 'ffffffffffffffffffff' }));
    assert.equal(posted.status, 400);
    assert.equal(posted.headers.location, undefined);
    const token = await exchange({ client_id: 'ffffffffffffffffffff', code: 'whatever' });
    assert.equal(token.status, 400);
    assert.equal((token.body as { error: string }).error, 'invalid_client');
  });

  it('redirects back with invalid_scope or unsupported_response_type', async () => {
    const badScope = await getAuthorize(privateParams({ scope: 'images:everything' }));
    assert.equal(badScope.status, 302);
    assert.equal(queryOf(badScope.headers.location).get('error'), 'invalid_scope');
    assert.equal(queryOf(badScope.headers.location).get('state'), 'state-123');
    const wrongType = await getAuthorize(publicParams({ response_type: 'id_token' }));
    assert.equal(wrongType.status, 302);
    assert.equal(fragmentOf(wrongType.headers.location).get('error'), 'unsupported_response_type');
    const privateToken = await getAuthorize(privateParams({ response_type: 'token' }));
    assert.equal(privateToken.status, 302);
    assert.equal(queryOf(privateToken.headers.location).get('error'), 'unsupported_response_type');
    // Without response_type the client decides the flow.
    assert.equal((await getAuthorize(privateParams({ response_type: undefined }))).status, 200);
    assert.equal((await getAuthorize(publicParams({ response_type: undefined }))).status, 200);
  });

  it('re-shows the form for an unknown user or an empty password', async () => {
    const unknown = await submit(publicParams(), { username: 'mallory' });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.headers.location, undefined);
    assert.match(unknown.text, /<p role="alert" id="error">There is no user &#34;mallory&#34;/);
    assert.match(unknown.text, /id="username" [^>]*value="mallory"/);
    const empty = await submit(publicParams(), { password: '' });
    assert.equal(empty.status, 400);
    assert.match(empty.text, /Enter a password/);
    assert.equal(sim.state.tokens.size, 3, 'no token was issued');
  });

  it('token endpoint: bad code, bad secret, public client, unknown grant type, not a form -> 400', async () => {
    const code = await privateCode();
    const expectError = async (answer: RawResponse, error: string): Promise<void> => {
      assert.equal(answer.status, 400, answer.text);
      assert.equal((answer.body as { error: string }).error, error);
    };
    await expectError(await exchange({ code: 'not-a-code' }), 'invalid_grant');
    await expectError(await exchange({ code, client_secret: 'wrong' }), 'invalid_client');
    await expectError(await exchange({ code, client_secret: undefined }), 'invalid_client');
    // The public client needs no secret, but the code is not its own.
    await expectError(await exchange({ code, client_id: SIMULATOR_PUBLIC_CLIENT_ID, client_secret: undefined }), 'invalid_grant');
    // A public client has no refresh token to use.
    await expectError(await exchange({ grant_type: 'refresh_token', refresh_token: 'nope', client_id: SIMULATOR_PUBLIC_CLIENT_ID, client_secret: undefined }), 'invalid_client');
    await expectError(await exchange({ code, redirect_uri: 'http://127.0.0.1:1/other' }), 'invalid_grant');
    await expectError(await exchange({ code, grant_type: 'password' }), 'unsupported_grant_type');
    await expectError(await exchange({ grant_type: 'refresh_token', refresh_token: 'nope' }), 'invalid_grant');
    await expectError(await exchange({ code: undefined }), 'invalid_request');
    const json = await rawRequest(sim.loginOrigin as string, 'POST', '/oauth/token', {
      body: { client_id: SIMULATOR_PRIVATE_CLIENT_ID, client_secret: SIMULATOR_PRIVATE_CLIENT_SECRET, code },
      headers: USER_AGENT,
    });
    await expectError(json, 'invalid_request');
    // None of those used the code up (the wrong redirect_uri did not either).
    assert.equal((await exchange({ code })).status, 200);
    assert.equal((await rawRequest(sim.loginOrigin as string, 'GET', '/oauth/token')).status, 405);
    assert.equal((await rawRequest(sim.loginOrigin as string, 'GET', '/nothing')).status, 404);
  });

  it('an expired token gets 401 Invalid Token on the api origin (lifetime option, knob, expire endpoint)', async () => {
    const short = await startSimulator({ login: { tokenLifetimeSeconds: 1 } });
    try {
      const query = new URLSearchParams({ ...publicParams(), username: SIMULATOR_USERNAME, password: 'x' });
      const answer = await rawRequest(short.loginOrigin as string, 'POST', '/oauth/authorize', { body: query.toString(), headers: FORM });
      const fragment = fragmentOf(answer.headers.location);
      assert.equal(fragment.get('expires_in'), '1');
      const token = fragment.get('access_token') as string;
      assert.equal((await rawRequest(short.apiUrl, 'GET', '/v4/profile', { token })).status, 200);
      await sleep(1100);
      const expired = await rawRequest(short.apiUrl, 'GET', '/v4/profile', { token });
      assert.equal(expired.status, 401);
      assert.deepEqual(expired.body, { errors: [{ reason: 'Invalid Token' }] });
    } finally {
      await short.close();
    }

    // The knob: any token, a default one too, until reset.
    const token = await publicToken();
    assert.deepEqual((await control('POST', 'expire-token', { token })).body, { expired: true });
    const refused = await api(token, 'GET', '/images');
    assert.equal(refused.status, 401);
    assert.deepEqual(refused.body, { errors: [{ reason: 'Invalid Token' }] });
    assert.equal((await control('POST', 'expire-token', { token: SIMULATOR_TOKEN })).status, 200);
    assert.equal((await api(SIMULATOR_TOKEN, 'GET', '/profile')).status, 401);
    assert.equal((await control('POST', 'expire-token', { token: 'unknown' })).status, 404);
    assert.equal((await control('POST', 'expire-token', {})).status, 400);
    sim.reset();
    assert.equal((await api(SIMULATOR_TOKEN, 'GET', '/profile')).status, 200);

    // Linode's expire endpoint, as a client signs out.
    const code = await privateCode();
    const pair = (await exchange({ code })).body as { access_token: string; refresh_token: string };
    const expire = await postForm('/oauth/token/expire', {
      client_id: SIMULATOR_PRIVATE_CLIENT_ID,
      client_secret: SIMULATOR_PRIVATE_CLIENT_SECRET,
      token: pair.access_token,
    });
    assert.equal(expire.status, 200);
    assert.equal((await api(pair.access_token, 'GET', '/profile')).status, 401);
    assert.equal((await exchange({ grant_type: 'refresh_token', refresh_token: pair.refresh_token })).status, 400, 'its refresh token went too');
    const wrongSecret = await postForm('/oauth/token/expire', { client_id: SIMULATOR_PRIVATE_CLIENT_ID, client_secret: 'x', token: SIMULATOR_TOKEN });
    assert.equal(wrongSecret.status, 400);
    // A client cannot expire a token it was not issued.
    await postForm('/oauth/token/expire', { client_id: SIMULATOR_PUBLIC_CLIENT_ID, token: SIMULATOR_TOKEN });
    assert.equal((await api(SIMULATOR_TOKEN, 'GET', '/profile')).status, 200);
  });

  it('revoke-token: the token and its grant stop working; reset forgets every issued token', async () => {
    const code = await privateCode();
    const pair = (await exchange({ code })).body as { access_token: string; refresh_token: string };
    assert.deepEqual((await control('POST', 'revoke-token', { token: pair.refresh_token })).body, { revoked: true });
    assert.equal((await api(pair.access_token, 'GET', '/profile')).status, 401);
    assert.equal((await exchange({ grant_type: 'refresh_token', refresh_token: pair.refresh_token })).status, 400);
    assert.equal((await control('POST', 'revoke-token', { token: pair.refresh_token })).status, 404);

    const token = await publicToken();
    assert.equal(sim.revokeToken(token), true);
    assert.equal((await api(token, 'GET', '/profile')).status, 401);

    const kept = await publicToken();
    const keptCode = await privateCode();
    sim.reset();
    assert.equal((await api(kept, 'GET', '/profile')).status, 401);
    assert.equal((await exchange({ code: keptCode })).status, 400);
  });

  it('each account sees only its own private images, Linodes and events', async () => {
    const teammate = await publicToken(SIMULATOR_TEAMMATE_USERNAME);
    const mine = await publicToken(SIMULATOR_USERNAME);
    const privateIds = async (token: string): Promise<string[]> => {
      const page = (await api(token, 'GET', '/images?page_size=500')).body as Page<SimImage>;
      return page.data.filter((image) => !image.is_public).map((image) => image.id).sort();
    };
    const { teammateImages } = SEED_IDS;
    assert.deepEqual(await privateIds(teammate), [teammateImages.base, teammateImages.app].sort());
    const seedPrivate = Object.values(SEED_IDS.images).filter((id) => id.startsWith('private/')).sort();
    assert.deepEqual(await privateIds(mine), seedPrivate);
    assert.deepEqual(await privateIds(SIMULATOR_TOKEN), seedPrivate);
    // Public images are everyone's.
    assert.equal((await api(teammate, 'GET', `/images/${encodeURIComponent(SEED_IDS.images.publicCurrent)}`)).status, 200);

    // Another account's image is not found, to read or to change.
    const theirs = `/images/${encodeURIComponent(teammateImages.base)}`;
    assert.equal((await api(SIMULATOR_TOKEN, 'GET', theirs)).status, 404);
    assert.equal((await api(SIMULATOR_TOKEN, 'PUT', theirs, { label: 'taken' })).status, 404);
    assert.equal((await api(SIMULATOR_TOKEN, 'DELETE', theirs)).status, 404);
    assert.equal((await api(teammate, 'GET', theirs)).status, 200);
    const ours = `/images/${encodeURIComponent(SEED_IDS.images.singleRegion)}`;
    assert.equal((await api(teammate, 'GET', ours)).status, 404);
    assert.equal((await api(teammate, 'DELETE', ours)).status, 404);
    assert.ok(sim.state.images.has(SEED_IDS.images.singleRegion));

    // The teammate's account has no Linodes, so nothing to capture from.
    assert.equal(((await api(teammate, 'GET', '/linode/instances')).body as Page<unknown>).results, 0);
    assert.equal((await api(teammate, 'GET', `/linode/instances/${SEED_IDS.linodes.webProd}`)).status, 404);
    assert.equal((await api(teammate, 'POST', '/images', { disk_id: SEED_IDS.disks.webProdMain })).status, 422);

    // What the teammate makes is theirs: created_by, visibility, events.
    const made = await api(teammate, 'POST', '/images/upload', { label: 'teammate-upload', region: 'us-east' });
    assert.equal(made.status, 200, made.text);
    const { image, upload_to: uploadTo } = made.body as { image: SimImage; upload_to: string };
    assert.equal(image.created_by, SIMULATOR_TEAMMATE_USERNAME);
    const target = new URL(uploadTo);
    const put = await rawRequest(target.origin, 'PUT', `${target.pathname}${target.search}`, {
      body: gzipSync(Buffer.alloc(1024)),
      headers: { 'Content-Type': 'application/octet-stream' },
    });
    assert.equal(put.status, 200);
    assert.ok((await privateIds(teammate)).includes(image.id));
    assert.ok(!(await privateIds(SIMULATOR_TOKEN)).includes(image.id));
    const events = async (token: string): Promise<SimEvent[]> => ((await api(token, 'GET', '/account/events')).body as Page<SimEvent>).data;
    assert.deepEqual((await events(teammate)).map((event) => [event.action, event.username]), [['image_upload', SIMULATOR_TEAMMATE_USERNAME]]);
    assert.deepEqual(await events(SIMULATOR_TOKEN), []);
    await api(mine, 'PUT', ours, { label: 'renamed' });
    assert.deepEqual((await events(SIMULATOR_TOKEN)).map((event) => [event.action, event.username]), [['image_update', SIMULATOR_USERNAME]]);
    assert.equal((await events(teammate)).length, 1);
  });

  it('keeps tokens, codes, secrets and passwords out of the request log and the log lines', async () => {
    const publicLocation = await signIn(publicParams());
    const accessToken = fragmentOf(publicLocation).get('access_token') as string;
    const code = await privateCode();
    const pair = (await exchange({ grant_type: 'authorization_code', code })).body as { access_token: string; refresh_token: string };
    const refreshed = (await exchange({ grant_type: 'refresh_token', refresh_token: pair.refresh_token })).body as { access_token: string; refresh_token: string };
    await postForm('/oauth/token/expire', { client_id: SIMULATOR_PRIVATE_CLIENT_ID, client_secret: SIMULATOR_PRIVATE_CLIENT_SECRET, token: refreshed.access_token });
    // A client that wrongly puts secrets in a URL is redacted too.
    await rawRequest(sim.loginOrigin as string, 'GET', `/oauth/authorize?${query({ ...privateParams(), client_secret: SIMULATOR_PRIVATE_CLIENT_SECRET, code })}`);
    await api(accessToken, 'GET', '/profile');

    const recorded = JSON.stringify(sim.requests);
    const secrets = [accessToken, code, pair.access_token, pair.refresh_token, refreshed.access_token, refreshed.refresh_token, SIMULATOR_PRIVATE_CLIENT_SECRET, 'hunter2'];
    for (const secret of secrets) {
      assert.ok(!recorded.includes(secret), `a secret (${secret.slice(0, 6)}…) is in sim.requests`);
      assert.ok(!logLines.some((line) => line.includes(secret)), `a secret (${secret.slice(0, 6)}…) is in a log line`);
    }
    const logins = sim.requests.filter((exchange) => exchange.origin === 'login');
    assert.equal(logins.length, 8);
    const [, publicPost, , privatePost, tokenExchange] = logins;
    assert.match(publicPost.responseHeaders.location, /#access_token=<redacted>&token_type=bearer&expires_in=7200&scope=.+&state=state-123$/);
    assert.deepEqual((publicPost.requestBody as Record<string, string>).password, '<redacted>');
    assert.equal((publicPost.requestBody as Record<string, string>).username, SIMULATOR_USERNAME);
    assert.match(privatePost.responseHeaders.location, /\?code=<redacted>&state=state-123$/);
    assert.deepEqual(tokenExchange.requestBody, {
      client_id: SIMULATOR_PRIVATE_CLIENT_ID,
      client_secret: '<redacted>',
      grant_type: 'authorization_code',
      code: '<redacted>',
    });
    const answer = tokenExchange.responseBody as Record<string, unknown>;
    assert.equal(answer.access_token, '<redacted>');
    assert.equal(answer.refresh_token, '<redacted>');
    assert.equal(answer.expires_in, 7200);
    assert.match(logins[7].path, /client_secret=<redacted>/);
    const apiExchange = sim.requests.find((exchange) => exchange.origin === 'api');
    assert.equal(apiExchange?.headers.authorization, 'Bearer <redacted>');
    assert.equal((await control('GET', 'requests?origin=login')).status, 200);
  });

  it('takes only faults that name the login origin', async () => {
    sim.faults.add({ status: 500, times: Infinity });
    assert.equal((await getAuthorize(publicParams())).status, 200);
    sim.faults.clear();
    sim.faults.add({ origin: 'login', path: '/oauth/token', status: 503 });
    const code = await privateCode();
    const failed = await exchange({ code });
    assert.equal(failed.status, 503);
    assert.equal((failed.body as { error: string }).error, 'temporarily_unavailable');
    assert.equal((await exchange({ code })).status, 200, 'the code survived the failed attempt');
    const added = await control('POST', 'faults', { origin: 'login', drop: true });
    assert.equal(added.status, 200);
    await assert.rejects(getAuthorize(publicParams()));
  });
});
