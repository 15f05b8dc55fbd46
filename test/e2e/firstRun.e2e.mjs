// @ts-check
// First run as a user meets it: the Linode icon, the welcome view, setting a token through the password box.
import assert from 'node:assert/strict';
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

    it('shows the Linode icon in the activity bar, and the welcome view with a Set API Token button', async () => {
      await wb.linodeIcon().waitFor();
      await wb.openLinodeView();
      // The welcome content appears once the extension has read its token state.
      await wb.welcomeView().locator('.monaco-button', { hasText: 'Set API Token' }).waitFor();
      const welcome = (await wb.welcomeView().innerText()).trim();
      assert.match(welcome, /set a personal access token/i);
      assert.ok(await wb.welcomeView().locator('.monaco-button', { hasText: 'Set API Token' }).isVisible());
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
  });
}
