// @ts-check
// First run as a user meets it: the Linode icon, the welcome view, setting a token through the password box, the view's
// title bar; and with linode-cli set up, its account one click away.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import simulatorModule from './simulator.mjs';
import { Workbench } from './workbench.mjs';

const { startSimulator, SIMULATOR_TOKEN } = simulatorModule;

for (const theme of /** @type {const} */ (['dark', 'light'])) {
  describe(`first run (${theme} theme)`, function () {
    /** @type {import('./simulator.mjs').Simulator} */
    let sim;
    /** @type {Workbench} */
    let wb;

    before(async () => {
      sim = await startSimulator({ lifecycleMs: 3000 });
      wb = await Workbench.launch({ apiUrl: sim.apiUrl, theme });
    });
    after(async () => {
      await wb?.close();
      await sim?.close();
    });

    it('shows the Linode icon in the activity bar, and the welcome view with one button, Set API Token', async () => {
      await wb.linodeIcon().waitFor();
      await wb.openLinodeView();
      // The welcome content appears once the extension has read its token state.
      await wb.welcomeView().locator('.monaco-button', { hasText: 'Set API Token' }).waitFor();
      const welcome = (await wb.welcomeView().innerText()).trim();
      assert.match(welcome, /personal access token in Cloud Manager with Images: Read\/Write, Linodes: Read Only and Events: Read Only/);
      const buttons = await wb.welcomeView().locator('.monaco-button').allInnerTexts();
      assert.deepEqual(buttons.map((b) => b.trim()), ['Set API Token'], 'one primary action');
      // Cloud Manager's token page and Sign In with Linode are links in the text.
      const cloudManager = wb.welcomeView().locator('a', { hasText: 'Cloud Manager' });
      assert.equal(await cloudManager.getAttribute('href'), 'https://cloud.linode.com/profile/tokens');
      assert.ok(await wb.welcomeView().locator('a', { hasText: 'Sign In with Linode' }).isVisible());
      assert.equal(sim.requests.length, 0, 'nothing is asked of the API without a token');
      await wb.screenshot('welcome');
    });

    it('rejects a wrong token with a message that says why, and stores nothing', async () => {
      await wb.welcomeView().locator('.monaco-button', { hasText: 'Set API Token' }).click();
      const input = wb.quickInput();
      await input.waitFor();
      assert.equal(await input.getAttribute('type'), 'password', 'the token box hides what is typed');
      await wb.screenshot('token-input');
      await wb.typeIntoQuickInput('this-token-is-wrong');
      const message = await wb.waitForNotification(/not stored/);
      assert.match(message, /Linode rejected it \(Invalid Token\)/);
      assert.ok(await wb.welcomeView().isVisible(), 'still on the welcome view');
      await wb.screenshot('token-rejected');
      await wb.clearNotifications();
    });

    it('shows the tree grouped by region once a valid token is set', async () => {
      await wb.welcomeView().locator('.monaco-button', { hasText: 'Set API Token' }).click();
      await wb.typeIntoQuickInput(SIMULATOR_TOKEN);
      await wb.waitForRow('us-east · Newark, NJ');
      assert.ok((await wb.allNotifications()).some((m) => /stored for sim-user/.test(m)));
      const rows = await wb.rows();
      const labels = rows.map((r) => r.label);
      const regionRows = rows.filter((r) => / · /.test(r.label));
      assert.ok(regionRows.length >= 5, `region rows: ${labels.join(' | ')}`);
      assert.ok(labels.includes('Public images (all regions)'));
      const newark = rows.find((r) => r.label === 'us-east · Newark, NJ');
      assert.ok(newark, 'the us-east region is listed');
      assert.match(newark.description, /^\d+ images?$/);
      await wb.clearNotifications();
      await wb.screenshot('tree-by-region');
    });

    it('shows four icons in the view\'s title bar, Upload, Filter, Refresh and Group & Sort, then the overflow menu', async () => {
      assert.deepEqual(await wb.viewActions('Images'), ['Upload Image…', 'Filter Images…', 'Refresh', 'Group & Sort', 'More Actions...']);
      await wb.clickViewAction('Group & Sort', 'Images');
      assert.deepEqual(await wb.menuItems(), ['Group Images By…', 'Sort Images By…']);
      await wb.screenshot('title-bar-group-and-sort');
      await wb.closeMenu();
      await wb.clickViewMenuItem('More Actions...', 'Switch Account…');
      await wb.waitForQuickInputTitle('Linode Account');
      await wb.page.keyboard.press('Escape');
    });
  });
}

describe('first run with linode-cli set up', function () {
  /** @type {import('./simulator.mjs').Simulator} */
  let sim;
  /** @type {Workbench} */
  let wb;

  before(async () => {
    sim = await startSimulator({ lifecycleMs: 3000 });
    wb = await Workbench.launch({ apiUrl: sim.apiUrl, theme: 'dark', env: { LINODE_CLI_TOKEN: '' } });
    // linode-cli's file where linode-cli reads it ($XDG_CONFIG_HOME of code-server, and so of the extension host),
    // written before the extension starts (it starts when its view is opened).
    const { host } = new URL(sim.apiUrl);
    fs.writeFileSync(
      path.join(wb.server.dataDir, 'config', 'linode-cli'),
      ['[DEFAULT]', 'default-user = bob', '', '[bob]', `token = ${SIMULATOR_TOKEN}`, `api_host = ${host}`, 'api_scheme = http', ''].join('\n'),
    );
  });
  after(async () => {
    await wb?.close();
    await sim?.close();
  });

  it('offers linode-cli\'s account as the one button, and one click shows its images', async () => {
    await wb.openLinodeView();
    const use = wb.welcomeView().locator('.monaco-button', { hasText: 'Use linode-cli Account' });
    await use.waitFor({ timeout: 60_000 });
    const buttons = await wb.welcomeView().locator('.monaco-button').allInnerTexts();
    assert.deepEqual(buttons.map((b) => b.trim()), ['Use linode-cli Account'], 'one primary action');
    for (const link of ['Set API Token', 'Sign In with Linode']) assert.ok(await wb.welcomeView().locator('a', { hasText: link }).isVisible(), link);
    await wb.screenshot('welcome-linode-cli');
    await use.click();
    await wb.waitForRow('us-east · Newark, NJ', 60_000);
    await wb.waitForNotification(/^Using bob \(linode-cli\): signed in to Linode as sim-user\.$/);
    await wb.clearNotifications();
  });
});
