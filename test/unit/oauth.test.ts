// "Sign in with Linode" in the core (src/core/auth/): the authorization URL and PKCE, the token answer's checks, the
// token endpoint (exchange, refresh, revoke, refusals), the loopback listener, and whole sign-ins against the
// simulator's login origin, with a browser played over plain HTTP. Every token, code, verifier, secret and state
// seen is collected, and no log line or error message may contain one.

import * as assert from 'node:assert/strict';
import { connect } from 'node:net';
import { parseJsonText } from '../../src/core/api/decode';
import { CancelledError, LinodeApiError, LinodeNetworkError, LinodeResponseError } from '../../src/core/api/errors';
import { OAuthError, SignInStateError, SignInTimeoutError, describeDuration } from '../../src/core/auth/errors';
import { startLoopbackReceiver } from '../../src/core/auth/loopbackReceiver';
import {
  authorizeUrl,
  checkLoginUrl,
  decodeTokenAnswer,
  exchangeCode,
  newPkce,
  newState,
  oauthError,
  pkceChallenge,
  refreshGrant,
  revokeToken,
  TOKEN_ANSWER,
  type OAuthGrant,
} from '../../src/core/auth/oauth';
import { signIn, type SignInOptions } from '../../src/core/auth/signIn';
import {
  SIMULATOR_PRIVATE_CLIENT_ID,
  SIMULATOR_PRIVATE_CLIENT_SECRET,
  SIMULATOR_PUBLIC_CLIENT_ID,
  SIMULATOR_TEAMMATE_USERNAME,
  SIMULATOR_USERNAME,
  startSimulator,
  type Simulator,
} from '../../simulator/index';
import { rawRequest } from '../../simulator/rawClient';
import { PLAYED_PASSWORD, PlayedBrowser as SharedPlayedBrowser, type BrowserOptions } from '../support/playedBrowser';
import { rejectionOf, simulatorClient } from '../support/simulatorClient';
import { sleep } from '../support/until';

const SCOPES = ['images:read_write', 'linodes:read_only', 'events:read_only'];
const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };
const USER_AGENT = 'linode-images-test/1.0';
const PASSWORD = PLAYED_PASSWORD;

/** Everything secret seen in any test, and everything logged or thrown in any test: checked by the last test. */
const secrets = new Set<string>([SIMULATOR_PRIVATE_CLIENT_SECRET, PASSWORD]);
/** States are secret until the answer is in; the simulator (a login server) may log them, our code may not. */
const states = new Set<string>();
const logged: string[] = [];
const simulatorLogged: string[] = [];
const messages: string[] = [];

function keep(value: string | null | undefined): void {
  if (value) secrets.add(value);
}

function keepState(state: string | null): void {
  if (state) states.add(state);
}

function keepGrant(grant: OAuthGrant): OAuthGrant {
  keep(grant.accessToken);
  keep(grant.refreshToken);
  return grant;
}

/** The error, its message kept for the secrets check. */
async function failure(promise: Promise<unknown>, what?: string): Promise<Error> {
  const error = await rejectionOf(promise, what);
  assert.ok(error instanceof Error, `not an Error: ${String(error)}`);
  messages.push(error.message, String(error.stack));
  return error;
}

/** Whether nothing listens on the port any more. */
function portClosed(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

function portOf(url: string): number {
  return Number(new URL(url).port);
}

/** The shared played browser, reporting every code, token and state it sees to the secrets check. */
class PlayedBrowser extends SharedPlayedBrowser {
  constructor(options: BrowserOptions = {}) {
    super({ onSecret: keep, onState: keepState, ...options });
  }
}

describe('Sign in with Linode (core)', () => {
  let sim: Simulator;

  const baseOptions = (browser: PlayedBrowser, overrides: Partial<SignInOptions> = {}): SignInOptions => ({
    loginUrl: sim.loginOrigin as string,
    clientId: SIMULATOR_PUBLIC_CLIENT_ID,
    scopes: SCOPES,
    openBrowser: browser.open,
    userAgent: USER_AGENT,
    timeoutMs: 10_000,
    log: (line) => logged.push(line),
    ...overrides,
  });
  const privateOptions = (browser: PlayedBrowser, overrides: Partial<SignInOptions> = {}): SignInOptions =>
    baseOptions(browser, { clientId: SIMULATOR_PRIVATE_CLIENT_ID, clientSecret: SIMULATOR_PRIVATE_CLIENT_SECRET, ...overrides });

  before(async () => {
    sim = await startSimulator({ seed: 'two-accounts', log: (line) => simulatorLogged.push(line) });
  });
  after(() => sim.close());
  beforeEach(() => {
    sim.reset();
    sim.faults.clear();
  });

  describe('pieces', () => {
    it('newState is URL-safe, long and never the same twice', () => {
      const states = new Set(Array.from({ length: 200 }, () => newState()));
      assert.equal(states.size, 200);
      for (const state of states) {
        assert.match(state, /^[A-Za-z0-9_-]{43}$/);
        assert.equal(encodeURIComponent(state), state);
      }
    });

    it('authorizeUrl asks for a code, with the scopes as one comma-joined value and a public app\'s S256 challenge', () => {
      const options = { loginUrl: 'https://login.linode.com/', clientId: 'abc', scopes: SCOPES, redirectUri: 'http://127.0.0.1:5000/callback', state: 'st' };
      const url = new URL(authorizeUrl({ ...options, codeChallenge: 'the-challenge' }));
      assert.equal(`${url.origin}${url.pathname}`, 'https://login.linode.com/oauth/authorize');
      assert.deepEqual(Object.fromEntries(url.searchParams), {
        client_id: 'abc',
        response_type: 'code',
        scopes: 'images:read_write,linodes:read_only,events:read_only',
        redirect_uri: 'http://127.0.0.1:5000/callback',
        state: 'st',
        code_challenge: 'the-challenge',
        code_challenge_method: 'S256',
      });
      assert.equal(url.searchParams.getAll('scopes').length, 1, 'one scopes value');
      assert.equal(url.searchParams.has('scope'), false);
      const privateUrl = new URL(authorizeUrl(options));
      assert.equal(privateUrl.searchParams.has('code_challenge'), false, 'a private app proves itself with its secret');
      assert.throws(() => authorizeUrl({ ...options, scopes: [] }), /at least one scope/);
    });

    it('PKCE: a 43-character base64url verifier, never the same twice, and its S256 challenge (RFC 7636 appendix B)', () => {
      assert.equal(pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'), 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
      const pairs = Array.from({ length: 100 }, () => newPkce());
      assert.equal(new Set(pairs.map((pair) => pair.verifier)).size, 100);
      for (const pair of pairs) {
        assert.match(pair.verifier, /^[A-Za-z0-9_-]{43}$/);
        assert.equal(pair.challenge, pkceChallenge(pair.verifier));
        assert.notEqual(pair.challenge, pair.verifier);
      }
    });

    it('checkLoginUrl takes https, or http on loopback only', () => {
      assert.equal(checkLoginUrl('https://login.linode.com/'), 'https://login.linode.com');
      assert.equal(checkLoginUrl('http://127.0.0.1:4000'), 'http://127.0.0.1:4000');
      assert.throws(() => checkLoginUrl('http://login.linode.com'), /https/);
      assert.throws(() => checkLoginUrl('https://user:pw@login.linode.com'), /credentials/);
      assert.throws(() => checkLoginUrl('not a url'), /not a valid URL/);
    });

    it('the token answer is checked field by field; errors name the field, never a value', () => {
      const good = { access_token: 'a'.repeat(64), refresh_token: 'r'.repeat(64), token_type: 'bearer', expires_in: 7200, scope: 'images:read_write linodes:read_only' };
      assert.deepEqual(TOKEN_ANSWER.decode(good), {
        access_token: good.access_token,
        refresh_token: good.refresh_token,
        token_type: 'bearer',
        expires_in: 7200,
        scopes: ['images:read_write', 'linodes:read_only'],
      });
      assert.deepEqual(TOKEN_ANSWER.decode({ ...good, scope: undefined, scopes: 'a:read_only,b:read_only' }).scopes, ['a:read_only', 'b:read_only']);
      assert.equal(TOKEN_ANSWER.decode({ ...good, token_type: 'Bearer', expires_in: '60' }).expires_in, 60);
      const secret = 'S3CRET-VALUE-1234567890';
      const cases: Array<[Record<string, unknown>, RegExp]> = [
        [{ ...good, access_token: undefined }, /access_token is missing/],
        [{ ...good, access_token: 42 }, /access_token is a number, not text/],
        [{ ...good, access_token: `${secret} x` }, /access_token has characters a token cannot have/],
        [{ ...good, token_type: 'mac' }, /token_type is not "bearer"/],
        [{ ...good, token_type: undefined }, /token_type is missing/],
        [{ ...good, expires_in: 'soon' }, /expires_in is a string, not a number of seconds above 0/],
        [{ ...good, expires_in: 0 }, /expires_in is a number, not a number of seconds above 0/],
        [{ ...good, expires_in: undefined }, /expires_in is missing/],
        [{ ...good, refresh_token: ['x'] }, /refresh_token is a list, not text/],
        [{ ...good, scope: 5 }, /scope is a number, not text/],
      ];
      for (const [body, expected] of cases) {
        const message = decodeFailure(() => decodeTokenAnswer({ status: 200, contentType: 'application/json', body: { ...body, refresh_token: body.refresh_token ?? secret } }, 'POST /oauth/token'));
        assert.match(message, /^Linode's answer to POST \/oauth\/token was not the token answer Linode documents \(/);
        assert.match(message, expected);
        assert.ok(!message.includes(secret) && !message.includes(good.access_token), message);
      }
    });

    it('an answer that is text or HTML is refused without quoting it', () => {
      const secret = 'TOKENTOKENTOKEN';
      const text = decodeFailure(() => decodeTokenAnswer({ status: 200, contentType: 'application/x-www-form-urlencoded', body: parseJsonText(`access_token=${secret}&token_type=bearer`) }, 'POST /oauth/token'));
      assert.equal(text, "Linode's answer to POST /oauth/token was not JSON (application/x-www-form-urlencoded)");
      const html = decodeFailure(() => decodeTokenAnswer({ status: 200, contentType: 'text/html', body: parseJsonText(`<html>${secret}</html>`) }, 'POST /oauth/token'));
      assert.match(html, /was an HTML page, not JSON/);
      assert.ok(!text.includes(secret) && !html.includes(secret));
    });

    it('oauthError words a refusal for people and strips secrets from the description', () => {
      const secret = 'abcdef0123456789';
      const refused = oauthError('invalid_grant', `The code ${secret} has expired.`, [secret], 'sign-in', 400);
      assert.equal(refused.message, 'Linode refused the sign-in: the code … has expired (invalid_grant).');
      assert.equal(refused.signInAgain, true);
      assert.equal(oauthError('invalid_grant', undefined, [], 'renew', 400).message, 'Linode refused to renew the sign-in: the code or refresh token is no longer valid (invalid_grant). Sign in again.');
      assert.equal(oauthError('access_denied', 'whatever', [], 'sign-in').message, "The sign-in was declined on Linode's login page (access_denied).");
      const down = oauthError('temporarily_unavailable', undefined, [], 'renew', 503);
      assert.equal(down.message, "Linode's login server could not renew the sign-in: the login server is temporarily unavailable (temporarily_unavailable).");
      assert.equal(down.signInAgain, false);
      assert.equal(oauthError('<script>', 'x\n\ny', [], 'sign-in').message, 'Linode refused the sign-in: x y (unknown_error).');
      assert.equal(describeDuration(300_000), '5 minutes');
      assert.equal(describeDuration(300), '0.3 seconds');
    });
  });

  describe('token endpoint', () => {
    /** A code from the private client's redirect, for exchanging by hand. */
    const privateCode = async (redirectUri = 'http://127.0.0.1:1/callback'): Promise<string> => {
      const fields = new URLSearchParams({
        client_id: SIMULATOR_PRIVATE_CLIENT_ID,
        redirect_uri: redirectUri,
        scopes: SCOPES.join(','),
        state: 's',
        response_type: 'code',
        username: SIMULATOR_USERNAME,
        password: PASSWORD,
        action: 'authorize',
      });
      const answer = await rawRequest(sim.loginOrigin as string, 'POST', '/oauth/authorize', { body: fields.toString(), headers: FORM });
      const code = new URL(answer.headers.location).searchParams.get('code') as string;
      keep(code);
      return code;
    };
    const exchange = (code: string, overrides: Record<string, unknown> = {}): Promise<OAuthGrant> =>
      exchangeCode({ loginUrl: sim.loginOrigin as string, clientId: SIMULATOR_PRIVATE_CLIENT_ID, clientSecret: SIMULATOR_PRIVATE_CLIENT_SECRET, code, userAgent: USER_AGENT, ...overrides });
    /** A code from the public client's redirect, for the PKCE challenge of `verifier`. */
    const publicCode = async (verifier: string): Promise<string> => {
      const fields = new URLSearchParams({
        client_id: SIMULATOR_PUBLIC_CLIENT_ID,
        redirect_uri: 'http://127.0.0.1:1/callback',
        scopes: SCOPES.join(','),
        state: 's',
        response_type: 'code',
        code_challenge: pkceChallenge(verifier),
        code_challenge_method: 'S256',
        username: SIMULATOR_USERNAME,
        password: PASSWORD,
        action: 'authorize',
      });
      const answer = await rawRequest(sim.loginOrigin as string, 'POST', '/oauth/authorize', { body: fields.toString(), headers: FORM });
      const code = new URL(answer.headers.location).searchParams.get('code');
      assert.ok(code, `a code in ${answer.headers.location}`);
      keep(code);
      return code;
    };
    const exchangePublic = (code: string, codeVerifier: string): Promise<OAuthGrant> =>
      exchangeCode({ loginUrl: sim.loginOrigin as string, clientId: SIMULATOR_PUBLIC_CLIENT_ID, codeVerifier, code, userAgent: USER_AGENT });
    const tokenRequests = (): Array<Record<string, unknown>> =>
      sim.requests.filter((r) => r.origin === 'login' && r.method === 'POST' && r.path.startsWith('/oauth/t')).map((r) => r.requestBody as Record<string, unknown>);

    it('a public app exchanges its code with the PKCE verifier and no secret; a wrong verifier is invalid_grant', async () => {
      const { verifier } = newPkce();
      keep(verifier);
      const grant = keepGrant(await exchangePublic(await publicCode(verifier), verifier));
      assert.equal(grant.refreshToken, undefined, 'a public app gets no refresh token');
      assert.equal((await simulatorClient(sim, { token: () => grant.accessToken }).checkToken()).profile.username, SIMULATOR_USERNAME);
      const form = tokenRequests().at(-1) ?? {};
      assert.deepEqual(Object.keys(form).sort(), ['client_id', 'code', 'code_verifier', 'grant_type']);
      assert.equal(form.grant_type, 'authorization_code');

      const other = newPkce().verifier;
      keep(other);
      const code = await publicCode(verifier);
      const wrong = await failure(exchangePublic(code, other));
      assert.ok(wrong instanceof OAuthError, String(wrong));
      assert.equal(wrong.error, 'invalid_grant');
      assert.match(wrong.message, /^Linode refused the sign-in: .*code_verifier.* \(invalid_grant\)\.$/);
      // The code was used up by the failed try: the right verifier no longer helps.
      assert.equal(((await failure(exchangePublic(code, verifier))) as OAuthError).error, 'invalid_grant');
    });

    it('every request to the login server names the extension in its User-Agent', async () => {
      keepGrant(await exchange(await privateCode()));
      const agents = sim.requests.filter((r) => r.origin === 'login' && r.method === 'POST' && r.path.startsWith('/oauth/token')).map((r) => r.headers['user-agent']);
      assert.deepEqual(agents, [USER_AGENT]);
    });

    it('exchangeCode gives a renewable grant; a used code is refused with a readable OAuthError', async () => {
      const code = await privateCode();
      const before = Date.now();
      const grant = keepGrant(await exchange(code, { scopes: ['ignored'] }));
      assert.match(grant.accessToken, /^[0-9a-f]{64}$/);
      assert.match(grant.refreshToken ?? '', /^[0-9a-f]{64}$/);
      assert.deepEqual(grant.scopes, SCOPES, 'the answer names the scopes');
      assert.ok(grant.expiresAt >= before + 7200_000 && grant.expiresAt <= Date.now() + 7200_000);
      const used = await failure(exchange(code));
      assert.ok(used instanceof OAuthError);
      assert.equal(used.error, 'invalid_grant');
      assert.equal(used.status, 400);
      assert.match(used.message, /^Linode refused the sign-in: the code is unknown, expired, already used, or was issued to another client.* \(invalid_grant\)\.$/);
      assert.deepEqual(Object.keys(tokenRequests()[0]).sort(), ['client_id', 'client_secret', 'code', 'grant_type'], "linode_api4's exchange");
    });

    it('revokeToken ends a public app\'s token with /oauth/revoke and a private app\'s with /oauth/token/expire', async () => {
      const { verifier } = newPkce();
      keep(verifier);
      const publicGrant = keepGrant(await exchangePublic(await publicCode(verifier), verifier));
      const privateGrant = keepGrant(await exchange(await privateCode()));
      const base = { loginUrl: sim.loginOrigin as string, userAgent: USER_AGENT };
      assert.equal(await revokeToken({ ...base, clientId: SIMULATOR_PUBLIC_CLIENT_ID, token: publicGrant.accessToken }), 'POST /oauth/revoke');
      assert.equal(
        await revokeToken({ ...base, clientId: SIMULATOR_PRIVATE_CLIENT_ID, clientSecret: SIMULATOR_PRIVATE_CLIENT_SECRET, token: privateGrant.accessToken }),
        'POST /oauth/token/expire',
      );
      for (const grant of [publicGrant, privateGrant]) {
        assert.match((await failure(simulatorClient(sim, { token: () => grant.accessToken }).checkToken())).message, /Invalid Token/);
      }
      // The private grant's refresh token went with it.
      const renew = await failure(refreshGrant({ ...base, clientId: SIMULATOR_PRIVATE_CLIENT_ID, clientSecret: SIMULATOR_PRIVATE_CLIENT_SECRET, refreshToken: privateGrant.refreshToken as string }));
      assert.equal((renew as OAuthError).error, 'invalid_grant');
      const forms = sim.requests.filter((r) => r.path === '/oauth/revoke' || r.path === '/oauth/token/expire').map((r) => Object.keys(r.requestBody as object).sort());
      assert.deepEqual(forms, [['client_id', 'token'], ['client_id', 'client_secret', 'token']]);
    });

    it('a revoke Linode refuses or cannot answer is an error that says so, never quoting the token', async () => {
      const grant = keepGrant(await exchange(await privateCode()));
      const base = { loginUrl: sim.loginOrigin as string, userAgent: USER_AGENT, clientId: SIMULATOR_PRIVATE_CLIENT_ID, token: grant.accessToken };
      const wrongSecret = `${SIMULATOR_PRIVATE_CLIENT_SECRET.slice(0, 60)}f00d`;
      keep(wrongSecret);
      const refused = await failure(revokeToken({ ...base, clientSecret: wrongSecret }));
      assert.ok(refused instanceof OAuthError);
      assert.match(refused.message, /^Linode did not revoke the token: .* \(invalid_client\)\.$/);
      sim.faults.add({ origin: 'login', path: '/oauth/token/expire', loseAnswer: true });
      const lost = await failure(revokeToken({ ...base, clientSecret: SIMULATOR_PRIVATE_CLIENT_SECRET, timeoutMs: 2_000 }));
      assert.ok(lost instanceof LinodeNetworkError, String(lost));
      sim.faults.add({ origin: 'login', path: '/oauth/token/expire', status: 403, rawBody: '<HTML><HEAD><TITLE>Access Denied</TITLE></HEAD></HTML>', contentType: 'text/html' });
      const edge = await failure(revokeToken({ ...base, clientSecret: SIMULATOR_PRIVATE_CLIENT_SECRET }));
      assert.ok(edge instanceof LinodeResponseError, String(edge));
      assert.match(edge.message, /answered POST \/oauth\/token\/expire with an HTML page \(HTTP 403\)/);
    });

    it('a wrong secret is invalid_client, and the message never quotes the secret', async () => {
      const code = await privateCode();
      const wrongSecret = `${SIMULATOR_PRIVATE_CLIENT_SECRET.slice(0, 60)}beef`;
      keep(wrongSecret);
      const error = await failure(exchange(code, { clientSecret: wrongSecret }));
      assert.ok(error instanceof OAuthError);
      assert.equal(error.message, 'Linode refused the sign-in: client_secret is missing or wrong (invalid_client).');
      assert.equal(error.signInAgain, true);
    });

    it('refreshGrant rotates the pair; the old refresh token is refused and asks to sign in again', async () => {
      const first = keepGrant(await exchange(await privateCode()));
      const second = keepGrant(await refreshGrant({
        userAgent: USER_AGENT,
        loginUrl: sim.loginOrigin as string,
        clientId: SIMULATOR_PRIVATE_CLIENT_ID,
        clientSecret: SIMULATOR_PRIVATE_CLIENT_SECRET,
        refreshToken: first.refreshToken as string,
      }));
      assert.notEqual(second.accessToken, first.accessToken);
      assert.notEqual(second.refreshToken, first.refreshToken);
      assert.equal((await simulatorClient(sim, { token: () => second.accessToken }).checkToken()).profile.username, SIMULATOR_USERNAME);
      const refused = await failure(refreshGrant({
        userAgent: USER_AGENT,
        loginUrl: sim.loginOrigin as string,
        clientId: SIMULATOR_PRIVATE_CLIENT_ID,
        clientSecret: SIMULATOR_PRIVATE_CLIENT_SECRET,
        refreshToken: first.refreshToken as string,
      }));
      assert.ok(refused instanceof OAuthError);
      assert.equal(refused.error, 'invalid_grant');
      assert.equal(refused.signInAgain, true);
      assert.match(refused.message, /^Linode refused to renew the sign-in: .+ \(invalid_grant\)\. Sign in again\.$/);
    });

    it('a 503 is a passing failure, a 502 HTML page an API error, a slow server a timeout, an abort a cancellation', async () => {
      const code = await privateCode();
      sim.faults.add({ origin: 'login', path: '/oauth/token', status: 503 });
      const down = await failure(exchange(code));
      assert.ok(down instanceof OAuthError);
      assert.equal(down.status, 503);
      assert.equal(down.signInAgain, false);
      assert.match(down.message, /^Linode's login server could not complete the sign-in: .* \(temporarily_unavailable\)\.$/);

      sim.faults.add({ origin: 'login', path: '/oauth/token', status: 502, rawBody: '<html>Bad gateway</html>', contentType: 'text/html' });
      const gateway = await failure(exchange(code));
      assert.ok(gateway instanceof LinodeResponseError, String(gateway));
      assert.equal(gateway.status, 502);
      assert.match(gateway.message, /login server answered POST \/oauth\/token with an HTML page \(HTTP 502\)/);
      sim.faults.add({ origin: 'login', path: '/oauth/token', status: 500, rawBody: 'oops', contentType: 'text/plain' });
      const plain = await failure(exchange(code));
      assert.ok(plain instanceof LinodeApiError, String(plain));
      assert.match(plain.message, /login server answered HTTP 500/);

      sim.faults.add({ origin: 'login', path: '/oauth/token', delayMs: 3_000 });
      const slow = await failure(exchange(code, { timeoutMs: 200 }));
      assert.ok(slow instanceof LinodeNetworkError);
      assert.equal(slow.timedOut, true);
      assert.match(slow.message, /^No answer from http:\/\/127\.0\.0\.1:\d+ within 1 s$/);

      sim.faults.add({ origin: 'login', path: '/oauth/token', delayMs: 3_000 });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      assert.ok((await failure(exchange(code, { signal: controller.signal }))) instanceof CancelledError);

      const unreachable = await failure(exchange(code, { loginUrl: 'http://127.0.0.1:1' }));
      assert.ok(unreachable instanceof LinodeNetworkError);
      assert.match(unreachable.message, /^Could not reach http:\/\/127\.0\.0\.1:1: /);
      // None of the failures used the code up.
      keepGrant(await exchange(code));
    });
  });

  describe('loopback listener', () => {
    it('listens on 127.0.0.1 only, sends no-store and no-referrer, and refuses other hosts and origins without ending', async () => {
      const state = newState();
      const receiver = await startLoopbackReceiver({ state, log: (line) => logged.push(line) });
      const url = new URL(receiver.redirectUri);
      assert.equal(url.hostname, '127.0.0.1');
      assert.equal(url.pathname, '/callback');
      const page = await rawRequest(url.origin, 'GET', '/callback', { headers: { Accept: 'text/html' } });
      assert.equal(page.status, 400);
      assert.equal(page.headers['cache-control'], 'no-store');
      assert.equal(page.headers['referrer-policy'], 'no-referrer');
      assert.equal(page.headers['content-security-policy'].includes("script-src 'none'"), true, 'no script on a page without an answer');
      assert.match(page.text, /This address holds no sign-in answer/);
      // An answer in the fragment never reaches a server: a token there is not taken (both kinds of app use the code flow).
      assert.equal((await rawRequest(url.origin, 'GET', `/callback?access_token=x&state=${state}`)).status, 400);

      const rebound = await rawRequest(url.origin, 'GET', `/callback?code=x&state=${state}`, { headers: { Host: `evil.example:${url.port}` } });
      assert.equal(rebound.status, 421);
      assert.equal((await rawRequest(url.origin, 'GET', '/favicon.ico')).status, 404);
      assert.equal((await rawRequest(url.origin, 'POST', '/callback', { body: `code=x&state=${state}`, headers: FORM })).status, 405);
      assert.equal((await rawRequest(url.origin, 'PUT', '/callback')).status, 405);

      // Still waiting: the right answer is taken.
      const taken = await rawRequest(url.origin, 'GET', `/callback?code=the-code&state=${state}`, { headers: { Accept: 'text/html' } });
      assert.equal(taken.status, 200);
      assert.match(taken.text, /You can close this tab and return to VS Code\./);
      const nonce = /<script nonce="([^"]+)">history\.replaceState\(null, '', location\.pathname\);<\/script>/.exec(taken.text)?.[1];
      assert.ok(nonce && taken.headers['content-security-policy'].includes(`'nonce-${nonce}'`), 'the page drops the code from the address bar');
      assert.equal(taken.headers['cache-control'], 'no-store');
      assert.equal(taken.headers['referrer-policy'], 'no-referrer');
      assert.deepEqual(await receiver.result, { kind: 'code', code: 'the-code' });
      assert.ok(await portClosed(Number(url.port)), 'the port is free once the answer is in');
      await receiver.close();
    });

    it('in a remote window the browser comes through the forwarded address, whose host is accepted too', async () => {
      const state = newState();
      let local = '';
      const receiver = await startLoopbackReceiver({
        state,
        externalUri: async (uri) => {
          local = uri;
          return uri.replace('127.0.0.1', 'localhost');
        },
      });
      try {
        const port = portOf(local);
        assert.equal(receiver.redirectUri, `http://localhost:${port}/callback`);
        const forwarded = await rawRequest(`http://127.0.0.1:${port}`, 'GET', `/callback?code=c&state=${state}`, { headers: { Host: `localhost:${port}` } });
        assert.equal(forwarded.status, 200);
        assert.deepEqual(await receiver.result, { kind: 'code', code: 'c' });
      } finally {
        await receiver.close();
      }
      const failing = await failure(startLoopbackReceiver({ state, externalUri: () => Promise.reject(new Error('no forwarding')) }));
      assert.equal(failing.message, 'no forwarding');
    });

    it('close() before an answer rejects with CancelledError and frees the port; a busy port is a clear error', async () => {
      const receiver = await startLoopbackReceiver({ state: newState() });
      const port = portOf(receiver.redirectUri);
      await receiver.close();
      assert.ok((await failure(receiver.result)) instanceof CancelledError);
      assert.ok(await portClosed(port));

      const holder = await startLoopbackReceiver({ state: newState() });
      try {
        const busy = await failure(startLoopbackReceiver({ state: newState(), port: portOf(holder.redirectUri) }));
        assert.match(busy.message, /^Could not listen on 127\.0\.0\.1:\d+ for the sign-in answer \(EADDRINUSE\)\.$/);
      } finally {
        await holder.close();
      }
      const controller = new AbortController();
      controller.abort();
      assert.ok((await failure(startLoopbackReceiver({ state: 's', signal: controller.signal }))) instanceof CancelledError);
    });
  });

  describe('signIn against the simulator', () => {
    it('public client: the code flow with PKCE, as Cloud Manager signs in; the token works on GET /v4/profile', async () => {
      const browser = new PlayedBrowser();
      const before = Date.now();
      const grant = keepGrant(await signIn(baseOptions(browser)));

      const authorize = browser.authorizeUrl as URL;
      assert.equal(authorize.searchParams.get('response_type'), 'code');
      assert.equal(authorize.searchParams.get('client_id'), SIMULATOR_PUBLIC_CLIENT_ID);
      assert.equal(authorize.searchParams.get('scopes'), SCOPES.join(','));
      assert.equal(authorize.searchParams.get('code_challenge_method'), 'S256');
      assert.match(authorize.searchParams.get('code_challenge') ?? '', /^[A-Za-z0-9_-]{43}$/);
      assert.match(authorize.searchParams.get('redirect_uri') ?? '', /^http:\/\/127\.0\.0\.1:\d+\/callback$/);
      assert.match(authorize.searchParams.get('state') ?? '', /^[A-Za-z0-9_-]{43}$/);
      assert.match(browser.location ?? '', /\?code=[0-9a-f]+&state=/);
      assert.equal(browser.callbackPage?.status, 200);
      assert.match(browser.callbackPage?.text ?? '', /VS Code has the sign-in answer\. You can close this tab and return to VS Code\./);
      // The exchange carried the verifier (the simulator checks it against the challenge) and no secret.
      const exchange = sim.requests.filter((r) => r.origin === 'login' && r.path === '/oauth/token');
      assert.equal(exchange.length, 1);
      assert.deepEqual(Object.keys(exchange[0].requestBody as object).sort(), ['client_id', 'code', 'code_verifier', 'grant_type']);
      assert.equal(exchange[0].headers['user-agent'], USER_AGENT);

      assert.match(grant.accessToken, /^[0-9a-f]{64}$/);
      assert.equal(grant.refreshToken, undefined, 'a public client gets no refresh token');
      assert.deepEqual(grant.scopes, SCOPES);
      assert.ok(grant.expiresAt >= before + 7200_000 && grant.expiresAt <= Date.now() + 7200_000);
      const info = await simulatorClient(sim, { token: () => grant.accessToken }).checkToken();
      assert.equal(info.profile.username, SIMULATOR_USERNAME);
      assert.deepEqual(info.scopes, SCOPES);
      assert.ok(await portClosed(portOf(authorize.searchParams.get('redirect_uri') as string)));
    });

    it('public client: a challenge changed on the way makes the verifier not match, and the attempt ends clearly', async () => {
      // Someone between VS Code and the browser swaps the challenge for their own: the code is then useless to us.
      const other = newPkce();
      keep(other.verifier);
      const browser = new PlayedBrowser({ tamperAuthorize: (url) => url.replace(/code_challenge=[^&]+/, `code_challenge=${other.challenge}`) });
      const error = await failure(signIn(baseOptions(browser)));
      assert.ok(error instanceof OAuthError, String(error));
      assert.equal(error.error, 'invalid_grant');
      assert.match(error.message, /^Linode refused the sign-in: .*code_verifier.* \(invalid_grant\)\.$/);
      assert.equal(sim.state.tokens.size, 3, 'no token was issued');
    });

    it('a remote window: the redirect URI is the forwarded address, and the sign-in completes through it', async () => {
      const browser = new PlayedBrowser();
      const grant = keepGrant(await signIn(baseOptions(browser, { externalUri: async (uri) => uri.replace('127.0.0.1', 'localhost') })));
      assert.match(browser.authorizeUrl?.searchParams.get('redirect_uri') ?? '', /^http:\/\/localhost:\d+\/callback$/);
      assert.match(browser.location ?? '', /^http:\/\/localhost:\d+\/callback\?code=/);
      assert.equal((await simulatorClient(sim, { token: () => grant.accessToken }).checkToken()).profile.username, SIMULATOR_USERNAME);
    });

    it('public client, another user: the grant is that user\'s', async () => {
      const grant = keepGrant(await signIn(baseOptions(new PlayedBrowser({ username: SIMULATOR_TEAMMATE_USERNAME }))));
      assert.equal((await simulatorClient(sim, { token: () => grant.accessToken }).checkToken()).profile.username, SIMULATOR_TEAMMATE_USERNAME);
    });

    it('private client: the code in the query is exchanged for a renewable grant; a refresh gives a new pair', async () => {
      const browser = new PlayedBrowser();
      const grant = keepGrant(await signIn(privateOptions(browser)));
      assert.equal(browser.authorizeUrl?.searchParams.get('response_type'), 'code');
      assert.ok(!(browser.authorizeUrl?.href ?? '').includes(SIMULATOR_PRIVATE_CLIENT_SECRET), 'the secret is never in the URL');
      assert.match(browser.location ?? '', /\?code=[0-9a-f]+&state=/);
      assert.equal(browser.callbackPage?.status, 200);
      assert.match(browser.callbackPage?.text ?? '', /You can close this tab and return to VS Code\./);
      assert.equal(browser.callbackPage?.headers['cache-control'], 'no-store');
      assert.equal(browser.callbackPage?.headers['referrer-policy'], 'no-referrer');
      assert.ok(grant.refreshToken);
      assert.equal((await simulatorClient(sim, { token: () => grant.accessToken }).checkToken()).profile.username, SIMULATOR_USERNAME);

      const renewed = keepGrant(await refreshGrant({
        userAgent: USER_AGENT,
        loginUrl: sim.loginOrigin as string,
        clientId: SIMULATOR_PRIVATE_CLIENT_ID,
        clientSecret: SIMULATOR_PRIVATE_CLIENT_SECRET,
        refreshToken: grant.refreshToken,
        scopes: grant.scopes,
      }));
      assert.notEqual(renewed.accessToken, grant.accessToken);
      assert.notEqual(renewed.refreshToken, grant.refreshToken);
      assert.equal((await simulatorClient(sim, { token: () => renewed.accessToken }).checkToken()).profile.username, SIMULATOR_USERNAME);
      const stale = await failure(refreshGrant({
        userAgent: USER_AGENT,
        loginUrl: sim.loginOrigin as string,
        clientId: SIMULATOR_PRIVATE_CLIENT_ID,
        clientSecret: SIMULATOR_PRIVATE_CLIENT_SECRET,
        refreshToken: grant.refreshToken,
      }));
      assert.ok(stale instanceof OAuthError);
      assert.equal(stale.error, 'invalid_grant');
      assert.match(stale.message, /Sign in again\.$/);
    });

    it('private client with short-lived tokens: a refresh revives an expired grant', async () => {
      const short = await startSimulator({ login: { tokenLifetimeSeconds: 1 }, log: (line) => simulatorLogged.push(line) });
      try {
        const options = privateOptions(new PlayedBrowser(), { loginUrl: short.loginOrigin as string });
        const grant = keepGrant(await signIn(options));
        assert.ok(grant.expiresAt - Date.now() <= 1000);
        await sleep(1100);
        const expired = await failure(simulatorClient(short, { token: () => grant.accessToken }).checkToken());
        assert.match(expired.message, /Invalid Token/);
        const renewed = keepGrant(await refreshGrant({
          userAgent: USER_AGENT,
          loginUrl: short.loginOrigin as string,
          clientId: SIMULATOR_PRIVATE_CLIENT_ID,
          clientSecret: SIMULATOR_PRIVATE_CLIENT_SECRET,
          refreshToken: grant.refreshToken as string,
        }));
        assert.equal((await simulatorClient(short, { token: () => renewed.accessToken }).checkToken()).profile.username, SIMULATOR_USERNAME);
      } finally {
        await short.close();
      }
    });

    it('Cancel on the login page: an OAuthError that says the sign-in was declined (both clients)', async () => {
      for (const options of [baseOptions(new PlayedBrowser({ button: 'cancel' })), privateOptions(new PlayedBrowser({ button: 'cancel' }))]) {
        const browser = new PlayedBrowser({ button: 'cancel' });
        const error = await failure(signIn({ ...options, openBrowser: browser.open }));
        assert.ok(error instanceof OAuthError, String(error));
        assert.equal(error.declined, true);
        assert.equal(error.message, "The sign-in was declined on Linode's login page (access_denied).");
        assert.match(browser.callbackPage?.text ?? '', /Linode did not sign you in: the sign-in was declined\. You can close this tab/);
      }
      assert.equal(sim.state.tokens.size, 3, 'no token was issued');
    });

    it('an answer with another state is refused, and the page says so (both kinds of app)', async () => {
      const forge = (location: string): string => location.replace(/state=[^&#]+/, 'state=forged-state');
      const privateBrowser = new PlayedBrowser({ tamper: forge });
      const refused = await failure(signIn(privateOptions(privateBrowser)));
      assert.ok(refused instanceof SignInStateError, String(refused));
      assert.match(refused.message, /does not belong to this sign-in \(its state does not match\), so it was refused/);
      assert.equal(privateBrowser.callbackPage?.status, 400);
      assert.match(privateBrowser.callbackPage?.text ?? '', /does not belong to the sign-in VS Code is waiting for, so it was refused/);

      const publicBrowser = new PlayedBrowser({ tamper: forge });
      const alsoRefused = await failure(signIn(baseOptions(publicBrowser)));
      assert.ok(alsoRefused instanceof SignInStateError);
      assert.match(publicBrowser.callbackPage?.text ?? '', /was refused\. Start the sign-in again from VS Code\./);
      // The code from the forged answer was never exchanged: it still works.
      const code = new URL(privateBrowser.location as string).searchParams.get('code') as string;
      keepGrant(await exchangeCode({ loginUrl: sim.loginOrigin as string, clientId: SIMULATOR_PRIVATE_CLIENT_ID, clientSecret: SIMULATOR_PRIVATE_CLIENT_SECRET, code, userAgent: USER_AGENT }));
    });

    it('no answer in time: SignInTimeoutError, and the port is closed', async () => {
      let opened = '';
      const started = Date.now();
      const error = await failure(signIn({
        ...baseOptions(new PlayedBrowser()),
        timeoutMs: 300,
        openBrowser: async (url) => {
          opened = url;
          keepState(new URL(url).searchParams.get('state'));
        },
      }));
      assert.ok(error instanceof SignInTimeoutError, String(error));
      assert.equal(error.message, "No answer came back from Linode's login page within 0.3 seconds, so the sign-in was stopped. Start it again to retry.");
      assert.ok(Date.now() - started < 3_000);
      assert.ok(await portClosed(portOf(new URL(opened).searchParams.get('redirect_uri') as string)));
    });

    it('abort: CancelledError, and the port is closed', async () => {
      const controller = new AbortController();
      let redirectUri = '';
      const error = await failure(signIn({
        ...baseOptions(new PlayedBrowser()),
        signal: controller.signal,
        openBrowser: async (url) => {
          redirectUri = new URL(url).searchParams.get('redirect_uri') as string;
          keepState(new URL(url).searchParams.get('state'));
          setTimeout(() => controller.abort(), 50);
        },
      }));
      assert.ok(error instanceof CancelledError, String(error));
      assert.equal(error.message, 'The sign-in was cancelled.');
      assert.ok(await portClosed(portOf(redirectUri)));
    });

    it('a browser that cannot open ends the attempt with its error and frees the port', async () => {
      let redirectUri = '';
      const error = await failure(signIn({
        ...baseOptions(new PlayedBrowser()),
        openBrowser: async (url) => {
          redirectUri = new URL(url).searchParams.get('redirect_uri') as string;
          keepState(new URL(url).searchParams.get('state'));
          throw new Error('No browser here.');
        },
      }));
      assert.equal(error.message, 'No browser here.');
      assert.ok(await portClosed(portOf(redirectUri)));
    });

    it('unknown client: the login page answers 400 and never redirects; the timeout ends the attempt', async () => {
      const browser = new PlayedBrowser();
      const error = await failure(signIn(baseOptions(browser, { clientId: 'not-a-client-0000000', timeoutMs: 500 })));
      assert.ok(error instanceof SignInTimeoutError, String(error));
      assert.match(error.message, /within 0\.5 seconds/);
      assert.equal(browser.loginPage?.status, 400);
      assert.match(browser.loginPage?.text ?? '', /Unknown OAuth client/);
      assert.equal(browser.location, undefined);
    });

    it('a bad login URL, or a public app set up as private (a code asked for without PKCE), are clear errors', async () => {
      const bad = await failure(signIn(baseOptions(new PlayedBrowser(), { loginUrl: 'http://login.example.com' })));
      assert.match(bad.message, /must use https/);
      // A secret sent for the public client's id: no challenge goes out, and the login server says it needs one.
      const browser = new PlayedBrowser();
      const noPkce = await failure(signIn(baseOptions(browser, { clientSecret: 'not-really-a-secret' })));
      keep('not-really-a-secret');
      assert.ok(noPkce instanceof OAuthError, String(noPkce));
      assert.equal(noPkce.error, 'invalid_request');
      assert.match(noPkce.message, /^Linode refused the sign-in: .*PKCE.* \(invalid_request\)\.$/);
    });

    it('no token, code, secret or state in any log line or error message', () => {
      assert.ok(secrets.size >= 20 && states.size >= 10, `only ${secrets.size} secrets and ${states.size} states collected: run the whole file`);
      assert.ok(logged.length >= 20 && messages.length >= 20 && simulatorLogged.length >= 20);
      assert.ok(logged.some((line) => line.startsWith('Sign-in: received a code in the query')));
      const check = (secret: string, lines: string[], where: string): void => {
        for (const line of lines) assert.ok(!line.includes(secret), `a secret (${secret.slice(0, 4)}…) in ${where}: ${line.split(secret).join('<secret>')}`);
      };
      for (const secret of secrets) {
        check(secret, logged, 'a log line');
        check(secret, messages, 'an error');
        check(secret, simulatorLogged, "the simulator's log");
      }
      for (const state of states) {
        check(state, logged, 'a log line');
        check(state, messages, 'an error');
      }
    });
  });
});

function decodeFailure(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof LinodeResponseError);
    messages.push(error.message);
    return error.message;
  }
  assert.fail('decoded');
}
