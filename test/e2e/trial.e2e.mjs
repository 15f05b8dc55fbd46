// @ts-check
// Try This Image as a user meets it: the private image's context menu, the modal that names the cost, the new row in
// the Images view's Trial Linodes section once the Linode runs (its IP in the row's tooltip and in the notification),
// and Delete Trial Linode… from the row's menu, after which the row goes; in the dark and the light theme.
import assert from 'node:assert/strict';
import { escapeRegExp, signedInWorkbench } from './workbench.mjs';

/** @typedef {import('./workbench.mjs').Workbench} Workbench */

const TRIAL_TAG = 'linode-images-trial';

for (const theme of /** @type {const} */ (['dark', 'light'])) {
  describe(`Try This Image in the workbench (${theme} theme)`, function () {
    /** @type {import('./simulator.mjs').Simulator} */
    let sim;
    /** @type {Workbench} */
    let wb;
    signedInWorkbench(
      {
        theme,
        // Short life-cycle steps: the trial Linode provisions, boots and runs within seconds.
        simulator: { lifecycleMs: 400 },
        // Wide enough for the trial row's status, running time and cost beside its label.
        ready: (workbench) => workbench.setSideBarWidth(520),
      },
      (suite) => ({ sim, wb } = suite),
    );

    it('makes a trial Linode after the cost modal, lists it running with its IP, and deletes it from its row', async () => {
      await wb.contextMenu(wb.row('web-base-2024'));
      await wb.clickMenuItem('Try This Image');
      const text = await wb.dialogText();
      const named = /Try "web-base-2024" on a new Linode "([^"]+)"\? It costs (.+) until you delete it\./.exec(text);
      assert.ok(named, text);
      const label = named[1];
      assert.match(text, new RegExp(escapeRegExp(TRIAL_TAG)));
      await wb.clickDialogButton('Create Trial Linode');

      // The section shows the Linode once made; its row says "running" once it has booted.
      await wb.waitForRow('Trial Linodes', 60_000);
      await wb.waitForRow(label, 60_000);
      const linode = [...sim.state.linodes.values()].find((candidate) => candidate.label === label);
      assert.ok(linode, `the simulator holds the Linode "${label}"`);
      assert.deepEqual(linode.tags, [TRIAL_TAG]);
      const ip = linode.ipv4[0];
      await wb.waitForNotification(new RegExp(`The trial Linode "${escapeRegExp(label)}" is running at ${escapeRegExp(ip)}\\.`), 90_000);
      await wb.page.waitForFunction(
        (wanted) =>
          [...document.querySelectorAll('.part.sidebar .monaco-list-row')].some(
            (row) => row.querySelector('.label-name')?.textContent?.trim() === wanted && /^running · /.test(row.querySelector('.label-description')?.textContent?.trim() ?? ''),
          ),
        label,
        { timeout: 60_000 },
      );
      const section = (await wb.rows()).find((row) => row.label === 'Trial Linodes');
      assert.match(section?.description ?? '', /^1 Linode/);

      // The row's tooltip has the rest, the IP among it.
      await wb.row(label).hover();
      const hover = wb.page.locator('.monaco-hover, .workbench-hover', { hasText: `IPv4: ${ip}` }).first();
      await hover.waitFor({ timeout: 15_000 });
      await wb.screenshot('trial-linode');
      await wb.page.mouse.move(640, 780);

      await wb.contextMenu(wb.row(label));
      await wb.clickMenuItem('Delete Trial Linode…');
      const confirm = await wb.dialogText();
      assert.match(confirm, new RegExp(`Delete the trial Linode "${escapeRegExp(label)}"\\?`));
      assert.match(confirm, /billing stops/);
      await wb.clickDialogButton('Delete');
      await wb.waitForNoRow(label, 60_000);
      await wb.waitForNotification(new RegExp(`Deleted the trial Linode "${escapeRegExp(label)}"\\.`));
      assert.equal([...sim.state.linodes.values()].some((candidate) => candidate.label === label), false);
    });
  });
}
