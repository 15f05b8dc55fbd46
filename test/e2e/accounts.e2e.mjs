// @ts-check
// Sign in with Linode as a user does it: the welcome view's link, Linode's login page in a browser tab (the
// simulator's login origin), back in the workbench the view named after the account; a second account, Switch
// Account… in the view's title bar menu, and the account in VS Code's Accounts menu, where it can be signed out.
import assert from 'node:assert/strict';
import simulatorModule from './simulator.mjs';
import { escapeRegExp, Workbench } from './workbench.mjs';

const { startSimulator, SIMULATOR_PUBLIC_CLIENT_ID } = simulatorModule;

const ACCOUNTS_BUTTON = '.part.activitybar .action-item:has(.codicon-accounts-view-bar-icon)';
const MENU = '.context-view .monaco-menu';
const WAITING = /Waiting for you to sign in in the browser/;
// A busy CI machine with the extension-host tests running beside: be patient.
const LONG = 60_000;

describe('accounts: Sign in with Linode, Switch Account, the Accounts menu', function () {
  /** @type {import('./simulator.mjs').Simulator} */
  let sim;
  /** @type {Workbench} */
  let wb;

  before(async () => {
    // sim-teammate has an account of its own there, with two private images sim-user does not see.
    sim = await startSimulator({ seed: 'two-accounts', lifecycleMs: 3000 });
    wb = await Workbench.launch({
      apiUrl: sim.apiUrl,
      theme: 'dark',
      // No token from the environment: the first run knows no account.
      env: { LINODE_CLI_TOKEN: '' },
      settings: {
        'linodeImages.signIn.clientId': SIMULATOR_PUBLIC_CLIENT_ID,
        'linodeImages.signIn.clientType': 'public',
        'linodeImages.signIn.loginUrl': sim.loginOrigin,
        'linodeImages.signIn.port': 0,
        // The browser runs beside code-server and reaches its 127.0.0.1 listener.
        'linodeImages.signIn.redirect': 'loopback',
      },
    });
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      for (const page of wb?.session.context.pages().slice(1) ?? []) await page.close().catch(() => {});
      await wb?.screenshot(`failed-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}`);
      await wb?.dismissAll();
    }
  });
  after(async () => {
    await wb?.close();
    await sim?.close();
  });

  /**
   * The Images view's description (the account's name), as drawn on screen beside the view's title: the Linode
   * container has two views (Images, Share Groups), so VS Code draws each view's header, with its description. ''
   * while none is shown.
   */
  async function viewDescription() {
    const description = wb.viewPane('Images').locator('.pane-header .description').first();
    if (!(await description.isVisible())) return '';
    return (await description.innerText()).trim();
  }

  async function waitForViewDescription(expected) {
    const deadline = Date.now() + LONG;
    let seen = '';
    while (Date.now() < deadline) {
      seen = await viewDescription();
      if (seen === expected) return;
      await wb.page.waitForTimeout(250);
    }
    assert.fail(`the Images view's description on screen stayed "${seen}", expected "${expected}"`);
  }

  /**
   * Starts a sign-in with `start`, signs in on the login page that opens in a new tab as `username`, and waits
   * until that tab says VS Code has the answer. Returns the tab's page (closed).
   */
  async function signInInBrowser(start, username, { screenshots = false } = {}) {
    const popupP = wb.session.context.waitForEvent('page', { timeout: LONG });
    await start();
    const login = await popupP;
    try {
      await login.locator('#username').waitFor({ timeout: LONG });
      // The workbench waits, with a way out.
      const waiting = wb.page.locator('.notification-toast', { hasText: WAITING }).first();
      await waiting.waitFor({ timeout: LONG });
      assert.ok(await waiting.locator('.monaco-button', { hasText: /^Cancel$/ }).isVisible(), 'the wait can be cancelled');
      if (screenshots) await wb.screenshot('sign-in-waiting');
      await login.locator('#username').fill(username);
      await login.locator('#password').fill('correct horse battery staple');
      if (screenshots) await wb.screenshot('sign-in-login-page', login);
      await login.locator('#authorize').click();
      await login.locator('body', { hasText: 'VS Code has the sign-in answer' }).waitFor({ timeout: LONG });
      assert.doesNotMatch(login.url(), /code=/, 'the code is wiped from the address bar');
    } finally {
      await login.close();
    }
    await wb.page.locator('.notification-toast .notification-list-item-message', { hasText: WAITING }).first()
      .waitFor({ state: 'detached', timeout: LONG });
  }

  async function openAccountsMenu() {
    const menu = wb.page.locator(MENU).first();
    for (let attempt = 1; attempt <= 3; attempt++) {
      await wb.page.locator(ACCOUNTS_BUTTON).click();
      if (await menu.waitFor({ timeout: attempt * 5_000 }).then(() => true, () => false)) break;
      await wb.page.keyboard.press('Escape');
    }
    await menu.waitFor({ timeout: 5_000 });
    return (await wb.page.locator(`${MENU} .action-item .action-label:not(.separator)`).allInnerTexts())
      .map((item) => item.trim()).filter(Boolean);
  }

  it('signs in with Linode from the welcome view\'s link, in a browser tab, and shows that account\'s images', async () => {
    await wb.openLinodeView();
    // The welcome's one button is Set API Token; Sign In with Linode is the link beside it.
    await wb.welcomeView().locator('.monaco-button', { hasText: 'Set API Token' }).waitFor({ timeout: LONG });
    const button = wb.welcomeView().locator('a', { hasText: 'Sign In with Linode' });
    await button.waitFor({ timeout: LONG });
    assert.equal(await viewDescription(), '', 'no account yet');
    await signInInBrowser(() => button.click(), 'sim-user', { screenshots: true });
    await waitForViewDescription('sim-user');
    await wb.waitForRow('us-east · Newark, NJ', LONG);
    assert.ok(!(await wb.welcomeView().isVisible()), 'the welcome view is gone');
    const labels = (await wb.rows()).map((r) => r.label);
    assert.ok(labels.filter((l) => / · /.test(l)).length >= 5, `region rows: ${labels.join(' | ')}`);
    // The Images view has half the side bar (Share Groups is beside it): its us-east images are scrolled to.
    await wb.revealRowIn('Images', 'web-base-2024', LONG);
    const shown = (await wb.rows()).map((r) => r.label);
    assert.ok(!shown.some((l) => l.startsWith('teammate-')), `rows: ${shown.join(' | ')}`);
    // The login origin issued sim-user a token for the extension's public client.
    const issued = [...sim.state.tokens.values()].filter((t) => t.clientId === SIMULATOR_PUBLIC_CLIENT_ID);
    assert.deepEqual(issued.map((t) => t.username), ['sim-user']);
    // Through the code flow with PKCE, as Cloud Manager signs in: the page asked for a code with an S256 challenge,
    // and the code came back with the verifier (which the simulator checked).
    const authorize = sim.requests.find((r) => r.origin === 'login' && r.method === 'GET' && r.path.startsWith('/oauth/authorize?'));
    const asked = new URLSearchParams(authorize?.path.split('?')[1] ?? '');
    assert.equal(asked.get('response_type'), 'code');
    assert.equal(asked.get('code_challenge_method'), 'S256');
    const exchange = sim.requests.find((r) => r.origin === 'login' && r.path === '/oauth/token');
    assert.equal(exchange?.status, 200);
    assert.deepEqual(Object.keys(exchange?.requestBody ?? {}).sort(), ['client_id', 'code', 'code_verifier', 'grant_type']);
    assert.ok((await wb.allNotifications()).includes('Signed in to Linode as sim-user.'), 'says who signed in');
    await wb.clearNotifications();
  });

  it('lists the account in VS Code\'s Accounts menu', async () => {
    const items = await openAccountsMenu();
    assert.ok(items.includes('sim-user (Linode)'), `Accounts menu: ${items.join(' | ')}`);
    await wb.screenshot('accounts-menu');
    await wb.closeMenu();
  });

  it('signs in a second account, then switches back with Switch Account… in the view\'s title bar menu', async () => {
    await signInInBrowser(() => wb.runCommand('Linode Images: Sign In with Linode…'), 'sim-teammate');
    await waitForViewDescription('sim-teammate');
    assert.ok((await wb.allNotifications()).includes('Signed in to Linode as sim-teammate.'), 'says who signed in');
    await wb.clearNotifications();
    // sim-teammate's own account: its two images, none of sim-user's.
    await wb.waitForRow('teammate-app', LONG);
    const teammateRows = (await wb.rows()).map((r) => r.label);
    assert.ok(teammateRows.includes('teammate-base'), `rows: ${teammateRows.join(' | ')}`);
    assert.ok(!teammateRows.includes('web-base-2024'), `rows: ${teammateRows.join(' | ')}`);

    await wb.clickViewMenuItem('More Actions...', 'Switch Account…');
    await wb.waitForQuickInputTitle('Linode Account');
    const picks = await wb.page.locator('.quick-input-widget .monaco-list-row .label-name').allInnerTexts();
    // The account shown first (the list opens on it), then the others.
    assert.deepEqual(picks.map((p) => p.trim()), ['sim-teammate', 'sim-user', 'Sign In with Linode…', 'Add a Personal Access Token…']);
    const current = wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: /sim-teammate/ }).first();
    assert.ok(await current.locator('.codicon-check').isVisible(), 'the current account is checked');
    await wb.screenshot('accounts-switch');
    await wb.pickQuickItem(new RegExp(`^\\s*${escapeRegExp('sim-user')}`));
    await waitForViewDescription('sim-user');
    await wb.revealRowIn('Images', 'web-base-2024', LONG);
    await wb.waitForNoRow('teammate-app', LONG);
    assert.ok(!(await wb.rows()).some((r) => r.label.startsWith('teammate-')), 'sim-teammate\'s images are gone');
  });

  it('signs sim-teammate out from the Accounts menu', async () => {
    const before = await openAccountsMenu();
    assert.ok(before.includes('sim-teammate (Linode)'), `Accounts menu: ${before.join(' | ')}`);
    // The account's submenu opens on hover; a click that lands while it is still being laid out does nothing, so
    // try again (reopening the menu if it closed) as a user would.
    for (let attempt = 1; ; attempt++) {
      if (!(await wb.page.locator(MENU).first().isVisible())) await openAccountsMenu();
      await wb.page.locator(`${MENU} .action-item`, { hasText: 'sim-teammate (Linode)' }).first().hover();
      const signOut = wb.page.locator(`${MENU} .action-item .action-label`, { hasText: /^Sign Out$/ }).first();
      await signOut.waitFor({ timeout: 10_000 });
      await signOut.hover();
      await signOut.click();
      if (await wb.dialog().waitFor({ timeout: 5_000 }).then(() => true, () => false)) break;
      if (attempt === 3) assert.fail('Sign Out in the Accounts menu opened no confirmation');
    }
    assert.match(await wb.dialogText(), /Sign out of 'sim-teammate'\?/);
    await wb.screenshot('accounts-sign-out');
    await wb.clickDialogButton('Sign Out');
    const deadline = Date.now() + LONG;
    let items = [];
    for (;;) {
      items = await openAccountsMenu();
      await wb.closeMenu();
      if (!items.includes('sim-teammate (Linode)') || Date.now() > deadline) break;
      await wb.page.waitForTimeout(1000);
    }
    assert.ok(!items.includes('sim-teammate (Linode)'), `Accounts menu: ${items.join(' | ')}`);
    // Signing out revoked the token at Linode: the simulator's log shows it, and the API refuses it.
    const revokes = sim.requests.filter((r) => r.origin === 'login' && r.method === 'POST' && r.path === '/oauth/revoke');
    assert.deepEqual(revokes.map((r) => r.status), [200], 'one POST /oauth/revoke');
    assert.ok(![...sim.state.tokens.values()].some((t) => t.username === 'sim-teammate'), "sim-teammate's token is gone");
    assert.ok(items.includes('sim-user (Linode)'), `Accounts menu: ${items.join(' | ')}`);
    assert.equal(await viewDescription(), 'sim-user', 'the view still shows sim-user');
  });
});
