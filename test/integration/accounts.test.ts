// Accounts in a real extension host: Sign in with Linode with a public and a private OAuth client against the
// simulator's login origin (a browser played over HTTP: test/support/playedBrowser.ts), a forged answer refused,
// renewal before expiry on a real timer, an expired sign-in that offers to sign in again, signing out (the command
// and the `linode` account provider), two accounts with their own images and kept listings, and the move of a token
// stored by an earlier version. The suite runs on its own simulator (the `two-accounts` seed, where sim-teammate has
// images of its own); the settings it changes are put back after it.
import * as assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { LEGACY_TOKEN_KEY, TokenStore, type StoredAccount } from '../../src/host/auth/tokenStore';
import {
  SEED_IDS,
  SIMULATOR_PRIVATE_CLIENT_ID,
  SIMULATOR_PRIVATE_CLIENT_SECRET,
  SIMULATOR_PUBLIC_CLIENT_ID,
  SIMULATOR_TEAMMATE_USERNAME,
  SIMULATOR_TOKEN,
  SIMULATOR_USERNAME,
  startSimulator,
  type Simulator,
} from '../../simulator';
import { rawRequest } from '../../simulator/rawClient';
import { PlayedBrowser, type BrowserOptions } from '../support/playedBrowser';
import { EXTENSION_ID, freshHarness, logText, renderTree, settings, sharedSimulator, until, VIEW_CONTAINER_COMMAND, type Harness, type RenderedNode } from './harness';
import type { Expectation, ShownStep, StepAction } from './promptDouble';

const ACCOUNTS_KEY = 'linodeImages.accounts';
const SIGN_IN_SCOPES = ['images:read_write', 'linodes:read_only', 'events:read_only'];
const SIGN_IN_SETTINGS = ['signIn.clientId', 'signIn.clientType', 'signIn.loginUrl', 'signIn.port', 'signIn.redirect'];
const TEAMMATE_IMAGES: readonly string[] = Object.values(SEED_IDS.teammateImages).sort();
const MAIN_IMAGE = SEED_IDS.images.singleRegion;
const LIST_IMAGES = /^\/v4(beta)?\/images\?/;
/** On a busy machine a sign-in (browser, listener, token check, first listing) may take a while. */
const SLOW = 30_000;

/** A loopback port free right now, for a sign-in listener of a fixed port. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function setGlobal(key: string, value: unknown): Promise<void> {
  await settings().update(key, value, vscode.ConfigurationTarget.Global);
}

/** Points the extension (API and sign-in) at `sim`, with the simulator's client of that type. */
async function useSimulator(sim: Simulator, clientType: 'public' | 'private'): Promise<void> {
  await setGlobal('signIn.clientId', clientType === 'public' ? SIMULATOR_PUBLIC_CLIENT_ID : SIMULATOR_PRIVATE_CLIENT_ID);
  await setGlobal('signIn.clientType', clientType);
  await setGlobal('signIn.loginUrl', sim.loginOrigin);
  await setGlobal('signIn.port', 0);
  await setGlobal('signIn.redirect', 'loopback');
  if (settings().inspect('apiUrl')?.globalValue !== sim.apiUrl) await setGlobal('apiUrl', sim.apiUrl);
}

/** The private images the tree shows, by id, sorted. */
function privateImageIds(nodes: RenderedNode[]): string[] {
  const ids = new Set<string>();
  const visit = (list: RenderedNode[]): void => {
    for (const node of list) {
      const match = /^image:(private\/\d+)(@|$)/.exec(node.id);
      if (match) ids.add(match[1]);
      visit(node.children);
    }
  };
  visit(nodes);
  return [...ids].sort();
}

interface StoredFile {
  current?: string;
  accounts: StoredAccount[];
}

async function storedFile(h: Harness): Promise<StoredFile | undefined> {
  const text = await h.api.services.context.secrets.get(ACCOUNTS_KEY);
  return text === undefined ? undefined : (JSON.parse(text) as StoredFile);
}

async function accountLabels(): Promise<string[]> {
  return (await vscode.authentication.getAccounts('linode')).map((account) => account.label).sort();
}

describe('accounts: Sign in with Linode and several accounts', function () {
  this.timeout(120_000);
  let sim: Simulator;
  let h: Harness;
  /** Every token, refresh token and code seen in the suite: none may show in a notification, the log or settings. */
  const secrets = new Set<string>([SIMULATOR_PRIVATE_CLIENT_SECRET]);
  const saved = new Map<string, unknown>();

  const keep = (account: StoredAccount | undefined): StoredAccount => {
    assert.ok(account, 'an account is shown');
    secrets.add(account.token);
    if (account.oauth?.refreshToken) secrets.add(account.oauth.refreshToken);
    return account;
  };

  /**
   * Runs Sign In with Linode with a played browser logging in as `username`; resolves once the command and the
   * browser are both done. The caller scripts the prompts (the secret, the notification).
   */
  async function signIn(username = SIMULATOR_USERNAME, options: BrowserOptions = {}): Promise<{ label: unknown; browser: PlayedBrowser }> {
    const browser = new PlayedBrowser({ username, onSecret: (value) => secrets.add(value), ...options });
    const played: { done?: Promise<void> } = {};
    h.prompts.browser = (url) => (played.done = browser.open(url));
    try {
      const label = await vscode.commands.executeCommand('linodeImages.signIn');
      assert.ok(played.done, 'the sign-in opened the browser');
      await played.done;
      return { label, browser };
    } finally {
      h.prompts.browser = undefined;
    }
  }

  /** Nothing secret in what the user was shown, the log (up to `lastLine`), the view or the settings. */
  async function assertNoSecretShown(lastLine: string): Promise<void> {
    await until(() => logText(h.api).includes(lastLine), `"${lastLine}" in the log`, SLOW);
    const { treeView } = h.api.services;
    const places: Array<[string, string]> = [
      ['the log', logText(h.api)],
      ['the settings', JSON.stringify(settings())],
      ['the view', `${treeView.description ?? ''} ${treeView.message ?? ''}`],
      ...h.prompts.shown.map((p): [string, string] => [`a ${p.kind}`, `${p.text} ${(p.actions ?? []).join(' ')}`]),
    ];
    assert.ok(secrets.size >= 2);
    for (const secret of secrets) {
      for (const [where, text] of places) assert.ok(!text.includes(secret), `a secret (${secret.slice(0, 4)}…) in ${where}`);
    }
  }

  before(async () => {
    await sharedSimulator(); // the settings put back afterwards are the ones of the run's simulator
    sim = await startSimulator({ seed: 'two-accounts', lifecycleMs: 400 });
    for (const key of ['apiUrl', ...SIGN_IN_SETTINGS]) saved.set(key, settings().inspect(key)?.globalValue);
  });

  after(async () => {
    const base = await freshHarness(); // no account left behind (nor a renewal timer)
    await base.api.services.clientSecrets.forget(SIMULATOR_PRIVATE_CLIENT_ID);
    for (const [key, value] of saved) await setGlobal(key, value);
    await sim.close();
  });

  beforeEach(async () => {
    h = { ...(await freshHarness()), sim };
    sim.reset();
    await h.api.services.clientSecrets.forget(SIMULATOR_PRIVATE_CLIENT_ID);
    await useSimulator(sim, 'public');
  });

  afterEach(() => h.prompts.assertDone());

  it('public client: signs in through the browser, names the account by its user and shows its images', async () => {
    const { tokens, treeView, store } = h.api.services;
    h.prompts.expect({ kind: 'info', match: /^Signed in to Linode as sim-user\.$/ });
    const { label, browser } = await signIn();
    assert.equal(label, SIMULATOR_USERNAME, 'the command returns the label');
    // The code flow with PKCE, as Cloud Manager signs in; the scopes as one comma-joined value.
    const authorize = browser.authorizeUrl as URL;
    assert.equal(authorize.searchParams.get('response_type'), 'code');
    assert.equal(authorize.searchParams.get('client_id'), SIMULATOR_PUBLIC_CLIENT_ID);
    assert.equal(authorize.searchParams.get('code_challenge_method'), 'S256');
    assert.match(authorize.searchParams.get('code_challenge') ?? '', /^[A-Za-z0-9_-]{43}$/);
    assert.equal(authorize.searchParams.get('scopes'), SIGN_IN_SCOPES.join(','));
    assert.equal(authorize.searchParams.has('scope'), false);
    assert.match(browser.callbackPage?.text ?? '', /You can close this tab and return to VS Code\./);
    // The listener's address goes through VS Code's port forwarding (this test host is a remote window), and the
    // browser came back through it.
    const local = /waiting for the answer on (http:\/\/127\.0\.0\.1:\d+\/callback)/.exec(logText(h.api))?.[1];
    assert.ok(local, 'the listener logged its address');
    const external = (await vscode.env.asExternalUri(vscode.Uri.parse(local))).toString(true);
    // code-server (this host) forwards through its own /proxy/<port>/ path, as VS Code forwards a port of a remote.
    assert.notEqual(external, local, `a remote window (${vscode.env.remoteName ?? 'local'}) maps the address`);
    assert.equal(authorize.searchParams.get('redirect_uri'), external);
    // The code went back with the verifier, which the simulator checked against the challenge, and no secret.
    const exchanges = sim.requests.filter((r) => r.origin === 'login' && r.path === '/oauth/token');
    assert.equal(exchanges.length, 1);
    assert.deepEqual(Object.keys(exchanges[0].requestBody as object).sort(), ['client_id', 'code', 'code_verifier', 'grant_type']);
    assert.equal(exchanges[0].status, 200);

    const account = keep(tokens.currentAccount);
    assert.equal(tokens.accounts.length, 1);
    assert.equal(account.label, SIMULATOR_USERNAME);
    assert.deepEqual(account.scopes, SIGN_IN_SCOPES);
    assert.equal(account.oauth?.clientId, SIMULATOR_PUBLIC_CLIENT_ID);
    assert.equal(account.oauth?.clientType, 'public');
    assert.equal(account.oauth?.loginUrl, sim.loginOrigin);
    assert.equal(account.oauth?.refreshToken, undefined, 'a public client gets no refresh token');
    assert.ok((account.oauth?.expiresAt ?? 0) > Date.now() + 3600_000);
    assert.equal(treeView.description, SIMULATOR_USERNAME);
    assert.equal(sim.state.tokens.get(account.token)?.username, SIMULATOR_USERNAME, 'the token Linode issued to sim-user');
    const stored = await storedFile(h);
    assert.equal(stored?.current, account.id);
    assert.equal(stored?.accounts[0]?.token, account.token, 'kept in SecretStorage');

    await until(() => store.loaded, 'the images to load', SLOW);
    const ids = privateImageIds(await renderTree(h.api));
    assert.ok(ids.includes(MAIN_IMAGE), ids.join(', '));
    assert.deepEqual(ids.filter((id) => TEAMMATE_IMAGES.includes(id)), [], "none of sim-teammate's images");
    const reads = sim.requests.filter((r) => r.origin === 'api' && (LIST_IMAGES.test(r.path) || r.path.startsWith('/v4/profile')));
    assert.ok(reads.length >= 2, 'the profile check and the listing');
    for (const read of reads) {
      assert.equal(read.headers.authorization, 'Bearer <redacted>', `${read.path} carries a bearer token`);
      assert.equal(read.status, 200, `${read.path} was answered`);
    }
    await assertNoSecretShown('Signed in with Linode as sim-user');
  });

  it('with no client ID set, guides through registering an OAuth app, saves its client ID and signs in', async () => {
    const { tokens } = h.api.services;
    const port = await freePort();
    await setGlobal('signIn.clientId', undefined);
    await setGlobal('signIn.clientType', undefined);
    await setGlobal('signIn.port', port);
    // The address the sign-in's listener is reached through (code-server, this host, forwards it): the one to register.
    const callback = (await vscode.env.asExternalUri(vscode.Uri.parse(`http://127.0.0.1:${port}/callback`))).toString(true);
    await vscode.env.clipboard.writeText('');
    const title = /^Set Up Sign In with Linode: /;
    h.prompts.expect(
      {
        kind: 'step',
        match: /^Set Up Sign In with Linode: OAuth App/,
        at: [1, 4],
        inspect: (shown) => assert.equal(shown.back, false),
        answer: { pick: (items) => items.find((i) => /Open OAuth Apps in Cloud Manager/.test(i.label)) },
      },
      {
        kind: 'step',
        match: /^Set Up Sign In with Linode: Callback URL/,
        at: [2, 4],
        inspect: (shown) => {
          assert.equal(shown.value, callback, 'the callback URL the sign-in will use');
          assert.deepEqual(shown.buttons, ['Copy']);
        },
        answer: [{ press: 'Copy' }, 'accept'],
      },
      { kind: 'step', match: /^Set Up Sign In with Linode: Public or Private/, at: [3, 4], inspect: (shown) => assert.equal(shown.active?.label, 'Public'), answer: { pick: (items) => items.find((i) => i.label === 'Private') } },
      {
        kind: 'step',
        match: /^Set Up Sign In with Linode: Client ID/,
        at: [4, 5],
        answer: [
          { enter: 'feedface01', refusedWith: /20 characters, 0–9 and a–f/ },
          { enter: SIMULATOR_PUBLIC_CLIENT_ID.toUpperCase(), refusedWith: /20 characters/ },
          { enter: SIMULATOR_PUBLIC_CLIENT_ID },
        ],
      },
      // A public app after all: back from the secret to the app's type; the client ID typed is kept.
      { kind: 'step', match: /^Set Up Sign In with Linode: Client Secret/, at: [5, 5], inspect: (shown) => assert.equal(shown.password, true), answer: 'back' },
      { kind: 'step', match: /Client ID/, at: [4, 5], inspect: (shown) => assert.equal(shown.value, SIMULATOR_PUBLIC_CLIENT_ID), answer: 'back' },
      { kind: 'step', match: /Public or Private/, at: [3, 5], inspect: (shown) => assert.equal(shown.active?.label, 'Private'), answer: { pick: (items) => items.find((i) => i.label === 'Public') } },
      { kind: 'step', match: title, at: [4, 4], answer: 'accept' },
      { kind: 'info', match: /^Signed in to Linode as sim-user\.$/ },
    );
    const { label, browser } = await signIn();
    assert.equal(label, SIMULATOR_USERNAME);
    assert.equal(h.prompts.opened[0], 'https://cloud.linode.com/profile/clients', "Cloud Manager's OAuth Apps page was opened");
    assert.equal(await vscode.env.clipboard.readText(), callback, 'Copy put the callback URL on the clipboard');
    assert.equal(browser.authorizeUrl?.searchParams.get('redirect_uri'), callback, 'the sign-in used the callback URL shown');
    assert.equal(browser.authorizeUrl?.searchParams.get('client_id'), SIMULATOR_PUBLIC_CLIENT_ID);
    assert.equal(settings().inspect('signIn.clientId')?.globalValue, SIMULATOR_PUBLIC_CLIENT_ID, 'saved in the setting');
    assert.equal(settings().inspect('signIn.clientType')?.globalValue, 'public');
    const account = keep(tokens.currentAccount);
    assert.equal(account.oauth?.clientId, SIMULATOR_PUBLIC_CLIENT_ID);
    assert.equal(account.oauth?.clientType, 'public');
    assert.equal(sim.state.tokens.get(account.token)?.username, SIMULATOR_USERNAME);
    await assertNoSecretShown('Signed in with Linode as sim-user');
  });

  it('the guided set-up given up at its last step saves nothing and opens nothing', async () => {
    await setGlobal('signIn.clientId', undefined);
    h.prompts.expect(
      { kind: 'step', match: /OAuth App/, answer: { pick: (items) => items.find((i) => /already/.test(i.label)) } },
      { kind: 'step', match: /Callback URL/, answer: 'accept' },
      { kind: 'step', match: /Public or Private/, answer: 'accept' },
      { kind: 'step', match: /Client ID/, at: [4, 4], answer: [{ enter: 'not-a-client-id', refusedWith: /20 characters/ }, 'escape'] },
    );
    assert.equal(await vscode.commands.executeCommand('linodeImages.signIn'), undefined);
    assert.equal(settings().inspect('signIn.clientId')?.globalValue, undefined, 'no client ID saved');
    assert.deepEqual(h.prompts.opened, [], 'no page opened, no sign-in started');
    assert.equal(h.api.services.tokens.accounts.length, 0);
  });

  it('private client: asks for the client secret once and keeps it; the sign-in has a refresh token', async () => {
    const { tokens, clientSecrets } = h.api.services;
    await useSimulator(sim, 'private');
    h.prompts.expect(
      {
        kind: 'inputBox',
        match: /Linode OAuth App Client Secret/,
        answer: SIMULATOR_PRIVATE_CLIENT_SECRET,
        inspect: (options) => assert.equal(options.password, true, 'typed hidden'),
      },
      { kind: 'info', match: /^Signed in to Linode as sim-user\.$/ },
    );
    const first = await signIn();
    assert.equal(first.label, SIMULATOR_USERNAME);
    assert.equal(first.browser.authorizeUrl?.searchParams.get('response_type'), 'code');
    assert.ok(!(first.browser.authorizeUrl?.href ?? '').includes(SIMULATOR_PRIVATE_CLIENT_SECRET), 'the secret is never in the URL');
    assert.equal(await clientSecrets.get(SIMULATOR_PRIVATE_CLIENT_ID), SIMULATOR_PRIVATE_CLIENT_SECRET, 'kept once the sign-in worked');
    const account = keep(tokens.currentAccount);
    assert.equal(account.oauth?.clientId, SIMULATOR_PRIVATE_CLIENT_ID);
    assert.ok(account.oauth?.refreshToken, 'a refresh token');
    assert.equal((await storedFile(h))?.accounts[0]?.oauth?.refreshToken, account.oauth.refreshToken, 'kept in SecretStorage with the account');
    assert.equal(sim.state.tokens.get(account.token)?.username, SIMULATOR_USERNAME);
    const exchanges = sim.requests.filter((r) => r.origin === 'login' && r.method === 'POST' && r.path.startsWith('/oauth/token'));
    assert.equal(exchanges.length, 1, 'the code was exchanged');

    // Again: the stored secret is used, and the same account gets the new sign-in.
    h.prompts.expect({ kind: 'info', match: /^Signed in to Linode as sim-user\.$/ });
    await signIn();
    const again = keep(tokens.currentAccount);
    assert.equal(tokens.accounts.length, 1);
    assert.equal(again.id, account.id);
    assert.notEqual(again.token, account.token);
    assert.ok(again.oauth?.refreshToken && again.oauth.refreshToken !== account.oauth.refreshToken);
    assert.deepEqual(h.prompts.shown.filter((p) => p.kind === 'inputBox').length, 1, 'the secret was asked once');
    await assertNoSecretShown('Signed in with Linode as sim-user');
  });

  it('refuses an answer whose state does not match, says so, and stores nothing', async () => {
    const { tokens, treeView } = h.api.services;
    h.prompts.expect({ kind: 'error', match: /^Sign In with Linode… failed: .*\(its state does not match\)/ });
    const forge = (location: string): string => location.replace(/state=[^&#]+/, 'state=forged-state');
    const { label, browser } = await signIn(SIMULATOR_USERNAME, { tamper: forge });
    assert.equal(label, undefined);
    assert.match(browser.callbackPage?.text ?? '', /was refused\. Start the sign-in again from VS Code\./, 'the page says so too');
    assert.equal(tokens.accounts.length, 0);
    assert.equal(await storedFile(h), undefined, 'nothing in SecretStorage');
    assert.equal(treeView.description, undefined);
    assert.deepEqual(await renderTree(h.api), [], 'still the welcome view');
  });

  it('a verifier that does not match the challenge Linode saw ends the attempt with a clear message, and stores nothing', async () => {
    const { tokens } = h.api.services;
    // Someone between VS Code and the browser swaps the challenge: the code is issued for theirs, not ours.
    const theirs = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
    h.prompts.expect({ kind: 'error', match: /^Sign In with Linode… failed: Linode refused the sign-in: .*code_verifier.* \(invalid_grant\)\.$/ });
    const { label } = await signIn(SIMULATOR_USERNAME, { tamperAuthorize: (url) => url.replace(/code_challenge=[^&]+/, `code_challenge=${theirs}`) });
    assert.equal(label, undefined);
    assert.equal(tokens.accounts.length, 0);
    assert.equal(await storedFile(h), undefined, 'nothing in SecretStorage');
    const exchange = sim.requests.find((r) => r.origin === 'login' && r.path === '/oauth/token');
    assert.equal(exchange?.status, 400, 'the simulator refused the verifier');
  });

  it('private client: the token is renewed before it expires (a real timer), and the view goes on with the new one', async () => {
    const { tokens, clientSecrets, store, treeView } = h.api.services;
    const short = await startSimulator({ seed: 'two-accounts', lifecycleMs: 400, login: { tokenLifetimeSeconds: 12 } });
    try {
      await useSimulator(short, 'private');
      await clientSecrets.store(SIMULATOR_PRIVATE_CLIENT_ID, SIMULATOR_PRIVATE_CLIENT_SECRET);
      h.prompts.expect({ kind: 'info', match: /^Signed in to Linode as sim-user\.$/ });
      await signIn();
      const first = keep(tokens.currentAccount);
      const expiresAt = first.oauth?.expiresAt ?? 0;
      assert.ok(expiresAt - Date.now() <= 12_000, 'a twelve-second token');

      await until(() => tokens.currentAccount !== undefined && tokens.currentAccount.token !== first.token, 'the token to be renewed', SLOW);
      const renewed = keep(tokens.currentAccount);
      // Stamped when the renewed grant came in (before it was stored).
      const renewedAt = renewed.oauth?.issuedAt ?? Infinity;
      assert.ok(renewedAt < expiresAt, `renewed ${expiresAt - renewedAt} ms before it expired`);
      assert.equal(renewed.id, first.id, 'the same account');
      assert.equal(renewed.oauth?.expired, undefined);
      assert.ok(renewed.oauth?.refreshToken && renewed.oauth.refreshToken !== first.oauth?.refreshToken, 'a new refresh token');
      assert.equal(short.state.tokens.get(renewed.token)?.username, SIMULATOR_USERNAME);
      assert.equal(treeView.description, SIMULATOR_USERNAME);
      const grants = short.requests.filter((r) => r.origin === 'login' && r.path.startsWith('/oauth/token'))
        .map((r) => (r.requestBody as Record<string, string> | undefined)?.grant_type);
      assert.ok(grants.includes('refresh_token'), grants.join(', '));

      // The old token stops working: what the view does next works, so it uses the new one.
      assert.ok(short.expireToken(first.token));
      short.requests.length = 0;
      await vscode.commands.executeCommand('linodeImages.reloadAll');
      assert.ok(store.loaded, 'the images loaded');
      const listings = short.requests.filter((r) => r.origin === 'api' && LIST_IMAGES.test(r.path));
      assert.ok(listings.length > 0 && listings.every((r) => r.status === 200), listings.map((r) => r.status).join(', '));
      assert.ok(privateImageIds(await renderTree(h.api)).includes(MAIN_IMAGE));
      assert.deepEqual(h.prompts.messages('error'), []);
    } finally {
      await tokens.clear(); // no renewal timer left pointing at the closed simulator
      await useSimulator(sim, 'public');
      await short.close();
    }
  });

  it('public client: an expired sign-in offers Sign In Again (not Set API Token), which signs in anew', async () => {
    const { tokens, store, treeView } = h.api.services;
    h.prompts.expect({ kind: 'info', match: /^Signed in to Linode as sim-user\.$/ });
    await signIn();
    const before = keep(tokens.currentAccount);
    await until(() => store.loaded, 'the images to load', SLOW);
    assert.ok(sim.expireToken(before.token));

    const browser = new PlayedBrowser({ onSecret: (value) => secrets.add(value) });
    const played: { done?: Promise<void> } = {};
    h.prompts.browser = (url) => (played.done = browser.open(url));
    h.prompts.expect(
      { kind: 'error', match: /^Loading images failed: Linode rejected the API token/, answer: 'Sign In Again' },
      { kind: 'info', match: /^Signed in to Linode as sim-user\.$/ },
    );
    await vscode.commands.executeCommand('linodeImages.refresh');
    await until(() => {
      if (h.prompts.failures.length > 0) throw h.prompts.failures[0]; // e.g. no Sign In Again on the notification
      return tokens.currentAccount !== undefined && tokens.currentAccount.token !== before.token;
    }, 'the new sign-in', SLOW);
    await played.done;
    const refused = h.prompts.shown.find((p) => p.kind === 'error');
    assert.deepEqual(refused?.actions, ['Sign In Again'], 'the only way out offered');

    const after = keep(tokens.currentAccount);
    assert.equal(tokens.accounts.length, 1);
    assert.equal(after.id, before.id, 'the same account, signed in again');
    assert.equal(sim.state.tokens.get(after.token)?.username, SIMULATOR_USERNAME);
    await until(() => store.loaded, 'the images to load with the new token', SLOW);
    assert.equal(treeView.description, SIMULATOR_USERNAME);
    assert.ok(privateImageIds(await renderTree(h.api)).includes(MAIN_IMAGE));
    await assertNoSecretShown('Signed in with Linode as sim-user');
  });

  it('a sign-in link no sign-in waits for says so, with Sign In with Linode, which signs in', async () => {
    const { tokens, uriHandler } = h.api.services;
    const browser = new PlayedBrowser({ onSecret: (value) => secrets.add(value) });
    const played: { done?: Promise<void> } = {};
    h.prompts.browser = (url) => (played.done = browser.open(url));
    h.prompts.expect(
      { kind: 'warning', match: /^That sign-in link is no longer expected by VS Code\./, answer: 'Sign In with Linode' },
      { kind: 'info', match: /^Signed in to Linode as sim-user\.$/ },
    );
    try {
      // As the browser hands VS Code a link after the sign-in it belonged to was given up.
      uriHandler.handleUri(vscode.Uri.parse(`${vscode.env.uriScheme}://${EXTENSION_ID}/auth?code=stale&state=stale`));
      await until(() => {
        if (h.prompts.failures.length > 0) throw h.prompts.failures[0];
        return h.prompts.messages('info').includes('Signed in to Linode as sim-user.');
      }, 'the sign-in the button started', SLOW);
      await played.done;
    } finally {
      h.prompts.browser = undefined;
    }
    assert.deepEqual(h.prompts.shown.find((p) => p.kind === 'warning')?.actions, ['Sign In with Linode']);
    assert.equal(keep(tokens.currentAccount).label, SIMULATOR_USERNAME);
    await assertNoSecretShown('Signed in with Linode as sim-user');
  });

  it('Sign Out revokes the sign-in at Linode, then forgets it: SecretStorage, the Accounts menu and the view', async () => {
    const { tokens, treeView } = h.api.services;
    h.prompts.expect({ kind: 'info', match: /^Signed in to Linode as sim-user\.$/ });
    await signIn();
    const account = keep(tokens.currentAccount);
    await until(async () => (await accountLabels()).join() === SIMULATOR_USERNAME, 'VS Code to list the account', SLOW);

    h.prompts.expect(
      { kind: 'confirm', match: /^Sign out of sim-user\?\nVS Code revokes this sign-in's token at Linode, then forgets it\./, answer: 'Sign Out' },
      { kind: 'info', match: /^Signed out of sim-user; Linode revoked its token\.$/ },
    );
    await vscode.commands.executeCommand('linodeImages.signOut');
    const revokes = sim.requests.filter((r) => r.origin === 'login' && r.path === '/oauth/revoke');
    assert.equal(revokes.length, 1, 'one POST /oauth/revoke');
    assert.deepEqual(revokes[0].requestBody, { client_id: SIMULATOR_PUBLIC_CLIENT_ID, token: '<redacted>' });
    assert.equal(revokes[0].status, 200);
    assert.equal(sim.state.tokens.has(account.token), false, 'Linode no longer knows the token');
    const refused = await rawRequest(sim.apiUrl, 'GET', '/v4/profile', { token: account.token });
    assert.equal(refused.status, 401, 'the API refuses it');
    assert.equal(tokens.accounts.length, 0);
    assert.equal(await storedFile(h), undefined, 'gone from SecretStorage');
    assert.equal(treeView.description, undefined);
    assert.deepEqual(await renderTree(h.api), [], 'back to the welcome view');
    await until(async () => (await accountLabels()).length === 0, 'VS Code to drop the account', SLOW);
  });

  it('a revoke Linode does not answer: the account is forgotten all the same, and the warning says where to revoke', async () => {
    const { tokens, clientSecrets } = h.api.services;
    await useSimulator(sim, 'private');
    await clientSecrets.store(SIMULATOR_PRIVATE_CLIENT_ID, SIMULATOR_PRIVATE_CLIENT_SECRET);
    h.prompts.expect({ kind: 'info', match: /^Signed in to Linode as sim-user\.$/ });
    await signIn();
    const account = keep(tokens.currentAccount);
    assert.equal(account.oauth?.clientType, 'private');
    // The revoke is carried out, but its answer is lost: the outcome is unknown, so the user is told to check.
    sim.faults.add({ origin: 'login', path: '/oauth/token/expire', loseAnswer: true });
    h.prompts.expect(
      { kind: 'confirm', match: /^Sign out of sim-user\?/, answer: 'Sign Out' },
      {
        kind: 'warning',
        match: /^Signed out of sim-user in VS Code, but Linode did not confirm that its token is revoked: .+ remove the app under Third Party Access in Cloud Manager \(Profile → API Tokens\)\.$/,
      },
    );
    await vscode.commands.executeCommand('linodeImages.signOut');
    await until(() => h.prompts.shown.some((p) => p.kind === 'warning'), 'the warning', SLOW);
    assert.deepEqual(h.prompts.shown.find((p) => p.kind === 'warning')?.actions, ['Open Cloud Manager']);
    assert.equal(tokens.accounts.length, 0, 'forgotten locally');
    assert.equal(await storedFile(h), undefined);
    const expire = sim.requests.filter((r) => r.path === '/oauth/token/expire');
    assert.equal(expire.length, 1);
    assert.deepEqual(Object.keys(expire[0].requestBody as object).sort(), ['client_id', 'client_secret', 'token']);
    await assertNoSecretShown('Signed out of sim-user (not revoked');
  });

  it('signing out through the account provider revokes and forgets that account and shows the next one', async () => {
    const { tokens, treeView, store, sync } = h.api.services;
    const provider = h.api.authProvider;
    assert.ok(provider, 'the provider is exported to tests');
    h.prompts.expect({ kind: 'info', match: /^Signed in to Linode as sim-user\.$/ }, { kind: 'info', match: /^Signed in to Linode as sim-teammate\.$/ });
    await signIn();
    const user = keep(tokens.currentAccount);
    await signIn(SIMULATOR_TEAMMATE_USERNAME);
    const teammate = keep(tokens.currentAccount);
    assert.equal(teammate.label, SIMULATOR_TEAMMATE_USERNAME);

    const sessions = await provider.getSessions();
    assert.deepEqual(sessions.map((s) => s.account.label).sort(), [SIMULATOR_TEAMMATE_USERNAME, SIMULATOR_USERNAME]);
    const session = sessions.find((s) => s.account.label === SIMULATOR_TEAMMATE_USERNAME);
    assert.equal(session?.accessToken, teammate.token);
    assert.deepEqual(session?.scopes, SIGN_IN_SCOPES);
    await until(async () => (await accountLabels()).length === 2, 'VS Code to list both accounts', SLOW);

    // What VS Code calls when the user signs out of the account in the Accounts menu.
    await provider.removeSession(teammate.id);
    assert.equal(sim.requests.filter((r) => r.path === '/oauth/revoke').length, 1, 'revoked at Linode');
    assert.equal(sim.state.tokens.has(teammate.token), false);
    assert.deepEqual(tokens.accounts.map((a) => a.label), [SIMULATOR_USERNAME]);
    assert.equal(tokens.currentAccount?.id, user.id, 'the next account is shown');
    const stored = await storedFile(h);
    assert.deepEqual(stored?.accounts.map((a) => a.label), [SIMULATOR_USERNAME], 'gone from SecretStorage');
    assert.ok(!JSON.stringify(stored).includes(teammate.token));
    assert.equal(treeView.description, SIMULATOR_USERNAME);
    await sync.ensureStarted();
    await until(() => store.loaded, "sim-user's images to load", SLOW);
    const ids = privateImageIds(await renderTree(h.api));
    assert.ok(ids.includes(MAIN_IMAGE) && !ids.some((id) => TEAMMATE_IMAGES.includes(id)), ids.join(', '));
    await until(async () => (await accountLabels()).join() === SIMULATOR_USERNAME, 'VS Code to drop the account', SLOW);
  });

  it('two accounts: each shows only its own images, Switch Account moves between them, no kept listing crosses over', async () => {
    const { tokens, treeView, store } = h.api.services;
    // Every state of the store, against whose images the view says it shows (its description).
    const seen: string[] = [];
    const crossings: string[] = [];
    const watch = store.onDidChange(() => {
      const who = treeView.description;
      const ids = store.allImages().map((image) => image.id).filter((id) => id.startsWith('private/'));
      const theirs = ids.filter((id) => TEAMMATE_IMAGES.includes(id));
      seen.push(`${who}:${store.state.kind}`);
      if ((who === SIMULATOR_TEAMMATE_USERNAME && theirs.length !== ids.length) || (who === SIMULATOR_USERNAME && theirs.length > 0)) {
        crossings.push(`${who} (${store.state.kind}): ${ids.join(', ')}`);
      }
    });
    const switchTo = async (label: string): Promise<void> => {
      h.prompts.expect({
        kind: 'quickPick',
        match: /^Linode Account \|/,
        pick: (items) => items.find((item) => item.label.includes(label) && (item as { account?: StoredAccount }).account !== undefined),
      });
      seen.length = 0;
      await vscode.commands.executeCommand('linodeImages.switchAccount');
      assert.equal(tokens.currentAccount?.label, label);
      assert.equal(treeView.description, label);
      await until(() => store.loaded, `the images of ${label} to load`, SLOW);
    };
    try {
      h.prompts.expect({ kind: 'info', match: /^Signed in to Linode as sim-user\.$/ }, { kind: 'info', match: /^Signed in to Linode as sim-teammate\.$/ });
      await signIn();
      keep(tokens.currentAccount);
      await until(() => store.loaded, "sim-user's images to load", SLOW);
      const userIds = privateImageIds(await renderTree(h.api));
      assert.ok(userIds.includes(MAIN_IMAGE) && !userIds.some((id) => TEAMMATE_IMAGES.includes(id)), userIds.join(', '));

      await signIn(SIMULATOR_TEAMMATE_USERNAME);
      keep(tokens.currentAccount);
      assert.equal(treeView.description, SIMULATOR_TEAMMATE_USERNAME, 'a new sign-in is shown');
      await until(() => store.loaded, "sim-teammate's images to load", SLOW);
      assert.deepEqual(privateImageIds(await renderTree(h.api)), TEAMMATE_IMAGES, "only sim-teammate's private images");

      await switchTo(SIMULATOR_USERNAME);
      assert.deepEqual(privateImageIds(await renderTree(h.api)), userIds);
      assert.ok(seen.includes(`${SIMULATOR_USERNAME}:cached`), `its own kept listing first: ${seen.join(', ')}`);

      await switchTo(SIMULATOR_TEAMMATE_USERNAME);
      assert.deepEqual(privateImageIds(await renderTree(h.api)), TEAMMATE_IMAGES);
      assert.ok(seen.includes(`${SIMULATOR_TEAMMATE_USERNAME}:cached`), `its own kept listing first: ${seen.join(', ')}`);
    } finally {
      watch.dispose();
    }
    assert.deepEqual(crossings, [], "one account's images shown for the other");
  });

  it("moves a token stored by an earlier version into the first account, named by its user once the view shows", async () => {
    const { context, tokens, treeView } = h.api.services;
    await context.secrets.store(LEGACY_TOKEN_KEY, SIMULATOR_TOKEN);
    await vscode.commands.executeCommand(VIEW_CONTAINER_COMMAND);
    await until(() => treeView.visible, 'the view to be visible');
    // As the next start of the extension reads it (the environment's token left out).
    const moved = new TokenStore(context.secrets, {});
    try {
      await moved.ready;
      assert.equal(moved.accounts.length, 1);
      const [account] = moved.accounts;
      assert.deepEqual({ label: account.label, token: account.token, unnamed: account.unnamed, oauth: account.oauth }, { label: 'API token', token: SIMULATOR_TOKEN, unnamed: true, oauth: undefined });
      assert.equal(moved.currentAccount?.id, account.id);
      assert.equal(await context.secrets.get(LEGACY_TOKEN_KEY), undefined, 'the old entry is gone');
      assert.equal((await storedFile(h))?.accounts[0]?.token, SIMULATOR_TOKEN);

      // The running extension sees the entry change (as another window's would), shows the account and names it.
      await until(() => tokens.currentAccount?.id === account.id, 'the extension to show the moved account', SLOW);
      await until(() => tokens.currentAccount?.label === SIMULATOR_USERNAME, 'the account to be named by GET /profile', SLOW);
      assert.equal(tokens.currentAccount?.unnamed, undefined);
      assert.equal(treeView.description, SIMULATOR_USERNAME);
      await until(async () => (await storedFile(h))?.accounts[0]?.label === SIMULATOR_USERNAME, 'the name to be stored', SLOW);
      assert.ok(sim.requests.some((r) => r.origin === 'api' && r.path.startsWith('/v4/profile')));

      // Read again: the accounts entry is used, nothing is moved twice.
      const again = new TokenStore(context.secrets, {});
      await again.ready;
      assert.deepEqual(again.accounts.map((a) => [a.id, a.label]), [[account.id, SIMULATOR_USERNAME]]);
      again.dispose();
    } finally {
      moved.dispose();
      await vscode.commands.executeCommand('workbench.view.explorer');
    }
  });

  it('VS Code lists the signed-in account of the linode provider, by the account id and the username', async () => {
    const { tokens } = h.api.services;
    h.prompts.expect({ kind: 'info', match: /^Signed in to Linode as sim-user\.$/ });
    await signIn();
    const account = keep(tokens.currentAccount);
    await until(async () => (await accountLabels()).join() === SIMULATOR_USERNAME, 'VS Code to list the account', SLOW);
    const listed = await vscode.authentication.getAccounts('linode');
    assert.deepEqual(listed.map((a) => ({ id: a.id, label: a.label })), [{ id: account.id, label: SIMULATOR_USERNAME }]);
    // (vscode.authentication.getSession('linode', [], { silent: true }) answers undefined here, without a prompt:
    // VS Code hands a session only to an extension the user let use that account, the provider's own included, so
    // the sessions are checked on the provider itself, in the sign-out test above.)
  });

  it('a deployment from a sign-in without linodes:read_write offers a second sign-in that asks Linode for it; nothing is created', async () => {
    const { tokens } = h.api.services;
    h.prompts.expect({ kind: 'info', match: /^Signed in to Linode as sim-user\.$/ });
    await signIn();
    keep(tokens.currentAccount);
    await until(() => h.api.services.store.image(MAIN_IMAGE) !== undefined, 'the images to be loaded', SLOW);
    const node = h.api.services.tree.nodesForImage(MAIN_IMAGE)[0];
    assert.ok(node);
    const browser = new PlayedBrowser({ username: SIMULATOR_USERNAME, onSecret: (value) => secrets.add(value) });
    const played: { done?: Promise<void> } = {};
    h.prompts.browser = (url) => (played.done = browser.open(url));
    h.prompts.expect(
      {
        kind: 'error',
        match: /^Deploy to New Linode needs the linodes:read_write scope, and this sign-in did not ask Linode for it \(it has: [a-z_:, ]+\)\. Sign in again/,
        answer: 'Sign In Again with Linodes: Read/Write',
      },
      { kind: 'info', match: /^Signed in to Linode as sim-user\.$/ },
    );
    try {
      await vscode.commands.executeCommand('linodeImages.deployImage', node, [node]);
      await until(() => played.done !== undefined, 'the second sign-in to open the browser', SLOW);
      await played.done;
      await until(() => h.prompts.messages('info').length === 2, 'the second sign-in to finish', SLOW);
    } finally {
      h.prompts.browser = undefined;
    }
    assert.equal(browser.authorizeUrl?.searchParams.get('scopes'), 'images:read_write,events:read_only,linodes:read_write', 'the wider scope instead of linodes:read_only');
    const account = keep(tokens.currentAccount);
    assert.equal(tokens.accounts.length, 1, 'the same account, signed in again');
    assert.ok(account.scopes?.includes('linodes:read_write'), account.scopes?.join(' '));
    assert.deepEqual(sim.requests.filter((r) => r.origin === 'api' && r.method !== 'GET').map((r) => r.path), [], 'nothing was created');
  });

  it('a sign-in widened for linodes:read_write still does not ask for account:read_only: the SSH Keys step offers ~/.ssh keys and says why the profile\'s are missing', async () => {
    // A home of the test's own, with one public key, so the machine's keys stay out.
    const home = await mkdtemp(join(tmpdir(), 'linode-accounts-home-'));
    const homeBefore = process.env.HOME;
    const name = Buffer.from('ssh-ed25519');
    const fileKey = `ssh-ed25519 ${Buffer.concat([Buffer.from([0, 0, 0, name.length]), name, Buffer.from([0, 0, 0, 32]), Buffer.alloc(32, 5)]).toString('base64')} me@laptop`;
    await mkdir(join(home, '.ssh'));
    await writeFile(join(home, '.ssh', 'id_ed25519.pub'), `${fileKey}\n`);
    process.env.HOME = home;
    const browser = new PlayedBrowser({ username: SIMULATOR_USERNAME, onSecret: (value) => secrets.add(value) });
    const played: { done?: Promise<void> } = {};
    h.prompts.browser = (url) => (played.done = browser.open(url));
    try {
      // What Sign In Again with Linodes: Read/Write runs.
      h.prompts.expect({ kind: 'info', match: /^Signed in to Linode as sim-user\.$/ });
      await vscode.commands.executeCommand('linodeImages.signIn', { scopes: ['linodes:read_write'] });
      await played.done;
      assert.equal(browser.authorizeUrl?.searchParams.get('scopes'), 'images:read_write,events:read_only,linodes:read_write', 'no account scope asked for');
      const account = keep(h.api.services.tokens.currentAccount);
      assert.ok(!account.scopes?.some((scope) => scope.startsWith('account:')), account.scopes?.join(' '));
      await until(() => h.api.services.store.image(MAIN_IMAGE) !== undefined, 'the images to be loaded', SLOW);
      const node = h.api.services.tree.nodesForImage(MAIN_IMAGE)[0];
      sim.requests.length = 0;

      const deployStep = (what: string, answer: StepAction, inspect?: (shown: ShownStep) => void): Expectation => ({ kind: 'step', match: new RegExp(`^Deploy to New Linode: ${what}`), answer, ...(inspect ? { inspect } : {}) });
      h.prompts.expect(
        deployStep('Region', 'accept'),
        deployStep('Plan', 'accept'),
        deployStep('Label', { enter: 'signed-in-1' }),
        deployStep('Root Password', 'accept'),
        deployStep('SSH Keys', 'accept', (shown) => {
          assert.deepEqual(shown.items.map((i) => i.label), ['$(key) id_ed25519.pub', "$(info) Your Linode profile's SSH keys are not listed"], 'no profile key, and the note');
          assert.equal(shown.items[1].description, 'this sign-in lacks Account: Read Only', 'why');
          assert.equal(shown.items[1].detail, 'To offer them: put the public key in ~/.ssh, or use a token with Account: Read Only.', 'how');
          assert.deepEqual(shown.picked.map((i) => i.label), ['$(key) id_ed25519.pub'], 'the key starts checked, the note not');
          assert.match(shown.prompt, /your Linode profile's keys are not listed: see the note/);
        }),
        { kind: 'confirm', match: /^Deploy "web-base-2024" to a new Linode "signed-in-1"\?/, answer: 'Deploy', inspect: (_m, detail) => assert.match(detail, /Root logs in with 1 SSH key or the root password/) },
        { kind: 'info', match: /^"signed-in-1" is running at / },
      );
      await vscode.commands.executeCommand('linodeImages.deployImage', node, [node]);
      const created = sim.requests.filter((r) => r.method === 'POST' && r.path === '/v4/linode/instances').map((r) => r.requestBody as Record<string, unknown>);
      assert.deepEqual(created.map((body) => body.authorized_keys), [[fileKey]]);

      // Try This Image says it in its one confirmation.
      h.prompts.expect(
        { kind: 'confirm', match: /^Try "web-base-2024"/, answer: undefined, inspect: (_m, detail) => {
          assert.match(detail, /Root logs in with your SSH key \(id_ed25519\.pub\)\./);
          assert.match(detail, /^Your Linode profile's SSH keys are not listed: Sign In with Linode does not ask for Account: Read Only \(account:read_only\), the scope that lists them, as it would also let this extension read your billing details, invoices and users\. Put the public key in ~\/\.ssh, or use a personal access token that has Account: Read Only \(Set API Token\)\.$/m);
        } },
      );
      await vscode.commands.executeCommand('linodeImages.tryImage', node, [node]);
      assert.deepEqual(sim.requests.filter((r) => r.path.startsWith('/v4/profile/sshkeys')), [], 'the profile\'s keys were not asked for (Linode would refuse)');
    } finally {
      h.prompts.browser = undefined;
      if (homeBefore === undefined) delete process.env.HOME;
      else process.env.HOME = homeBefore;
      await rm(home, { recursive: true, force: true });
    }
  });
});
