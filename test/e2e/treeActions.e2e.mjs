// @ts-check
// What only the real UI shows: the context menus offered on each kind of item, the input boxes, the modal
// confirmations, and the keyboard path — all with mouse and keys on the workbench.
import assert from 'node:assert/strict';
import simulatorModule from './simulator.mjs';
import { signedInWorkbench } from './workbench.mjs';

/** @typedef {import('./workbench.mjs').Workbench} Workbench */

const { SEED_IDS } = simulatorModule;

const AVAILABLE_PRIVATE_MENU = [
  'Rename Image…',
  'Edit Image Description…',
  'Edit Image Tags…',
  'Manage Regions…',
  'Show Image Details',
  'Copy Image ID',
  'Open in Cloud Manager',
  'Copy As…',
  // Offered on v4 too: it explains that share groups need v4beta and offers to switch.
  'Share Image…',
  'Deploy to New Linode…',
  'Rebuild an Existing Linode…',
  'Try This Image',
  'Delete Image…',
];

for (const theme of /** @type {const} */ (['dark', 'light'])) {
  describe(`tree actions in the workbench (${theme} theme)`, function () {
    /** @type {import('./simulator.mjs').Simulator} */
    let sim;
    /** @type {Workbench} */
    let wb;
    // Seeded images that are in progress stay so, for the pending image's menu.
    signedInWorkbench({ theme, simulator: { lifecycleMs: 1500, holdSeedTransitions: true } }, (suite) => ({ sim, wb } = suite));

    it('offers exactly the editing commands on a private available image', async () => {
      const items = await wb.contextMenu(wb.row('web-base-2024'));
      await wb.screenshot('context-menu');
      await wb.closeMenu();
      assert.deepEqual(items, AVAILABLE_PRIVATE_MENU);
    });

    it('offers no editing command on a public image (only looking at it and deploying it)', async () => {
      // Grouped by type, the public images fit on screen beside the private ones.
      await wb.clickViewMenuItem('Group & Sort', 'Group Images By…');
      await wb.pickQuickItem('Type');
      await wb.waitForRow('Private images');
      await wb.row('Public images').click();
      await wb.row('Debian').click();
      await wb.waitForRow('Debian 12');
      const items = await wb.contextMenu(wb.row('Debian 12'));
      await wb.closeMenu();
      assert.deepEqual(items, ['Show Image Details', 'Copy Image ID', 'Deploy to New Linode…', 'Rebuild an Existing Linode…', 'Try This Image']);
      // The Delete key fires on any row, and says why it does nothing here.
      await wb.row('Debian 12').click();
      await wb.page.keyboard.press('Delete');
      await wb.waitForNotification(/"Debian 12" cannot be deleted: it is a public image\./, 10_000);
      await wb.clearNotifications();
      await wb.clickViewMenuItem('Group & Sort', 'Group Images By…');
      await wb.pickQuickItem('Region');
      await wb.waitForRow('us-east · Newark, NJ');
    });

    it('offers nothing the API would refuse on an image still waiting for its upload', async () => {
      const items = await wb.contextMenu(wb.row('uploaded-appliance'));
      await wb.closeMenu();
      assert.deepEqual(items, ['Show Image Details', 'Copy Image ID', 'Open in Cloud Manager', 'Copy As…', 'Delete Image…']);
    });

    it('renames through the input box, which refuses an invalid label', async () => {
      await wb.contextMenu(wb.row('staging-base'));
      await wb.clickMenuItem('Rename Image…');
      const input = wb.quickInput();
      await input.waitFor();
      assert.equal(await input.inputValue(), 'staging-base', 'the box is prefilled');
      await wb.typeIntoQuickInput('staging/base!', { submit: false });
      await wb.page.waitForTimeout(300);
      assert.match(await wb.quickInputMessage(), /letters, digits|special characters|can contain/i);
      await wb.screenshot('rename-invalid');
      await wb.page.keyboard.press('Enter');
      await wb.page.waitForTimeout(500);
      assert.ok(await wb.quickInputVisible(), 'an invalid label cannot be accepted');
      await wb.typeIntoQuickInput('staging-base-v2');
      await wb.waitForRow('staging-base-v2');
      assert.ok([...sim.state.images.values()].some((i) => i.label === 'staging-base-v2'));
    });

    it('deletes through the menu and the modal, and the row disappears', async () => {
      await wb.contextMenu(wb.row('legacy-app'));
      await wb.clickMenuItem('Delete Image…');
      const text = await wb.dialogText();
      assert.match(text, /Delete the image "legacy-app"\?/);
      assert.match(text, /every region/);
      await wb.screenshot('delete-modal');
      await wb.clickDialogButton('Delete');
      await wb.waitForNoRow('legacy-app');
      assert.equal(sim.state.images.has(SEED_IDS.images.legacy), false);
    });

    it('deletes a multi-selection with the Delete key, after one confirmation naming both', async () => {
      // Right after the menu's delete above, with the rows redrawn, and the key pressed at once after the clicks.
      await wb.row('web-base-2024').click();
      await wb.row('old-api-server-auto').click({ modifiers: ['Control'] });
      await wb.page.keyboard.press('Delete');
      const text = await wb.dialogText();
      assert.match(text, /Delete 2 images\?/);
      assert.match(text, /web-base-2024/);
      assert.match(text, /old-api-server-auto/);
      await wb.clickDialogButton('Delete 2 Images');
      await wb.waitForNoRow('web-base-2024');
      await wb.waitForNoRow('old-api-server-auto');
    });

    it('warns, naming the replica, before Manage Regions removes a region', async () => {
      await wb.contextMenu(wb.row('db-golden'));
      await wb.clickMenuItem('Manage Regions…');
      const option = wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'eu-west' }).first();
      await option.waitFor();
      assert.equal(await option.getAttribute('aria-checked'), 'true', 'regions holding the image are preselected');
      await option.click();
      assert.equal(await option.getAttribute('aria-checked'), 'false');
      // The list says what the ticked set stores and costs as it changes: here, the copy it frees.
      await wb.page.locator('.quick-input-widget .quick-input-title', { hasText: /GB → .*GB/ }).waitFor();
      await wb.screenshot('manage-regions');
      await wb.page.keyboard.press('Enter');
      const text = await wb.dialogText();
      assert.match(text, /eu-west · London, UK/);
      assert.match(text, /delet/i);
      await wb.screenshot('replica-removal-warning');
      await wb.clickDialogButton('Cancel');
      assert.deepEqual(sim.state.images.get(SEED_IDS.images.multiRegion)?.regions.map((r) => r.region).sort(), ['ap-south', 'eu-west', 'us-east']);
    });

    it('works by keyboard alone: focus from the palette, arrows, Shift+F10, act', async () => {
      await wb.page.keyboard.press('Escape');
      await wb.runCommand('Linode: Focus on Images View');
      await wb.page.waitForTimeout(300);
      await wb.page.keyboard.press('Home');
      // First row is a region; the next is its first image.
      await wb.page.keyboard.press('ArrowDown');
      const focused = (await wb.rows()).find((r) => r.focused);
      assert.ok(focused, 'a row has keyboard focus');
      await wb.page.keyboard.press('Shift+F10');
      const items = await wb.menuItems();
      assert.ok(items.includes('Show Image Details'), items.join(', '));
      await wb.focusMenuItemByKeyboard('Show Image Details');
      await wb.page.keyboard.press('Enter');
      const editor = wb.page.locator('.part.editor .tab.active');
      await editor.waitFor();
      await wb.page.waitForTimeout(500);
      // Monaco renders spaces as no-break spaces.
      const text = (await wb.page.locator('.part.editor .view-lines').innerText()).replace(/\u00a0/g, ' ');
      assert.match(text, /"id": "private\/\d+"/);
      assert.match(text, new RegExp(`"label": "${focused.label}"`));
      await wb.screenshot('details-by-keyboard');
    });
  });
}
