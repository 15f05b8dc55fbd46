// @ts-check
// A first run with no token and no OAuth client ID: Sign In with Linode walks the user through registering an app
// (the callback URL with Copy, public or private, the client ID checked as typed) and goes on to sign in, ending on
// the account's images. The simulator's login origin plays Linode's, its public app the one the user registered.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import simulatorModule from './simulator.mjs';
import { Workbench } from './workbench.mjs';

const { startSimulator, SIMULATOR_PUBLIC_CLIENT_ID } = simulatorModule;

// A busy CI machine with other tests beside: be patient.
const LONG = 60_000;
const QUICK_INPUT = '.quick-input-widget';

describe('first run: the guided Sign In with Linode, from no client ID to the images', function () {
  /** @type {import('./simulator.mjs').Simulator} */
  let sim;
  /** @type {Workbench} */
  let wb;

  before(async () => {
    sim = await startSimulator({ lifecycleMs: 3000 });
    wb = await Workbench.launch({
      apiUrl: sim.apiUrl,
      theme: 'dark',
      env: { LINODE_CLI_TOKEN: '' },
      // Where Linode's login is (the simulator's), and how the answer comes back; no client ID: that is the guide's.
      settings: {
        'linodeImages.signIn.loginUrl': sim.loginOrigin,
        'linodeImages.signIn.port': 0,
        'linodeImages.signIn.redirect': 'loopback',
      },
    });
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await wb?.screenshot(`failed-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}`);
  });
  after(async () => {
    await wb?.close();
    await sim?.close();
  });

  /** The quick input's title once it shows `text` (VS Code adds the step counter to it). */
  async function stepTitle(text) {
    await wb.waitForQuickInputTitle(text);
    return (await wb.page.locator(`${QUICK_INPUT} .quick-input-title`).first().innerText()).trim();
  }

  it('asks for the app step by step, saves the client ID, signs in and shows the account\'s images', async () => {
    await wb.openLinodeView();
    const link = wb.welcomeView().locator('a', { hasText: 'Sign In with Linode' });
    await link.waitFor({ timeout: LONG });
    await link.click();

    assert.equal(await stepTitle('OAuth App'), 'Set Up Sign In with Linode: OAuth App (1/4)');
    await wb.screenshot('sign-in-guide-app');
    await wb.pickQuickItem('I have registered an app already');

    assert.equal(await stepTitle('Callback URL'), 'Set Up Sign In with Linode: Callback URL (2/4)');
    const callbackUrl = await wb.quickInput().inputValue();
    assert.match(callbackUrl, /^http:\/\/127\.0\.0\.1\S*\/callback$/, 'the loopback address to register');
    await wb.page.locator(`${QUICK_INPUT} .quick-input-titlebar .action-label[aria-label="Copy"]`).first().click();
    // Said where the user looks, in place of the step's prompt.
    await wb.page.locator(`${QUICK_INPUT} .quick-input-message`, { hasText: /^Copied\./ }).first().waitFor({ timeout: LONG });
    await wb.screenshot('sign-in-guide-callback');
    await wb.page.keyboard.press('Enter');

    assert.equal(await stepTitle('Public or Private'), 'Set Up Sign In with Linode: Public or Private (3/4)');
    await wb.pickQuickItem(/^\s*Public/);

    assert.equal(await stepTitle('Client ID'), 'Set Up Sign In with Linode: Client ID (4/4)');
    await wb.typeIntoQuickInput('not-a-client-id', { submit: false });
    await wb.page.locator(`${QUICK_INPUT} .quick-input-message`, { hasText: /20 characters/ }).first().waitFor({ timeout: LONG });
    await wb.screenshot('sign-in-guide-client-id');

    // Enter on a good client ID goes on to sign in, in a browser tab (the simulator's login page).
    const popup = wb.session.context.waitForEvent('page', { timeout: LONG });
    await wb.typeIntoQuickInput(SIMULATOR_PUBLIC_CLIENT_ID);
    const login = await popup;
    try {
      await login.locator('#username').waitFor({ timeout: LONG });
      await login.locator('#username').fill('sim-user');
      await login.locator('#password').fill('correct horse battery staple');
      await login.locator('#authorize').click();
      await login.locator('body', { hasText: 'VS Code has the sign-in answer' }).waitFor({ timeout: LONG });
    } finally {
      await login.close();
    }
    await wb.waitForRow('us-east · Newark, NJ', LONG);
    await wb.waitForNotification(/^Signed in to Linode as sim-user\.$/, LONG);
    await wb.clearNotifications();
    await wb.screenshot('sign-in-guide-done');

    // The guide saved the app in the user's settings, where it can be changed later.
    const settings = JSON.parse(fs.readFileSync(path.join(wb.server.dataDir, 'user', 'User', 'settings.json'), 'utf8'));
    assert.equal(settings['linodeImages.signIn.clientId'], SIMULATOR_PUBLIC_CLIENT_ID);
    assert.equal(settings['linodeImages.signIn.clientType'], 'public');
    // The public app's token, issued through the code flow for the client ID that was typed.
    const issued = [...sim.state.tokens.values()].filter((t) => t.clientId === SIMULATOR_PUBLIC_CLIENT_ID);
    assert.deepEqual(issued.map((t) => t.username), ['sim-user']);
  });
});
