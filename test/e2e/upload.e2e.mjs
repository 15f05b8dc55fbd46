// @ts-check
// Upload as a user does it: right-click a workspace .img.gz in the Explorer, answer the prompts, watch the
// progress notification, and see the image appear in its region and settle to available.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { signedInWorkbench } from './workbench.mjs';

/** @typedef {import('./workbench.mjs').Workbench} Workbench */

/** A small disk-like image: runs of zeros between runs of random bytes, gzip-compressed. */
function diskImage(megabytes) {
  const parts = [];
  for (let i = 0; i < megabytes; i++) parts.push(i % 2 ? Buffer.alloc(1024 * 1024) : crypto.randomBytes(1024 * 1024));
  return zlib.gzipSync(Buffer.concat(parts), { level: 1 });
}

for (const theme of /** @type {const} */ (['dark', 'light'])) {
  describe(`upload from the Explorer (${theme} theme)`, function () {
    const image = diskImage(32);
    /** @type {import('./simulator.mjs').Simulator} */
    let sim;
    /** @type {Workbench} */
    let wb;
    signedInWorkbench(
      { theme, simulator: { lifecycleMs: 1500 }, launch: { files: { 'web-appliance.img.gz': image, 'notes.txt': 'not an image' } }, dismissAfterEach: false },
      (suite) => ({ sim, wb } = suite),
    );

    it('offers the upload only on .img.gz files', async () => {
      await wb.openExplorer();
      const other = await wb.contextMenu(wb.explorerRow('notes.txt'));
      await wb.closeMenu();
      assert.ok(!other.includes('Upload to Linode Images…'));
      const items = await wb.contextMenu(wb.explorerRow('web-appliance.img.gz'));
      assert.ok(items.includes('Upload to Linode Images…'), items.join(', '));
      await wb.screenshot('explorer-menu');
      await wb.closeMenu();
    });

    it('uploads with a progress notification; the image appears in its region and settles to available', async () => {
      // Slow the upload host down so the progress can be seen (and photographed).
      sim.faults.add({ origin: 'upload', method: 'PUT', bytesPerSecond: Math.ceil(image.length / 6), times: 1 });
      await wb.contextMenu(wb.explorerRow('web-appliance.img.gz'));
      await wb.clickMenuItem('Upload to Linode Images…');
      const label = wb.quickInput();
      await label.waitFor();
      assert.equal(await label.inputValue(), 'web-appliance', 'the label defaults to the file name');
      await wb.page.keyboard.press('Enter');
      await wb.waitForQuickInputTitle('Region (2/5)');
      await wb.pickQuickItem('us-east');
      await wb.waitForQuickInputTitle('Description (3/5)');
      await wb.typeIntoQuickInput('Built by the e2e test');
      await wb.waitForQuickInputTitle('Tags (4/5)');
      await wb.typeIntoQuickInput('e2e, appliance');
      await wb.waitForQuickInputTitle('Cloud-init (5/5)');
      await wb.pickQuickItem('No');

      const progress = await wb.waitForNotification(/Uploading web-appliance\.img\.gz to us-east/);
      assert.ok(progress);
      await wb.page.waitForTimeout(1200);
      await wb.screenshot('upload-progress');
      assert.ok(await wb.page.locator('.notification-toast .monaco-progress-container').first().isVisible(), 'a progress bar is shown');

      await wb.waitForNotification(/Uploaded web-appliance\.img\.gz/, 60_000);
      const record = sim.uploads.at(-1);
      assert.ok(record, 'the upload host received an upload');
      assert.equal(record.sha256, crypto.createHash('sha256').update(image).digest('hex'));
      assert.equal(record.authorizationHeaderPresent, false);

      await wb.openLinodeView();
      await wb.waitForRow('web-appliance');
      await wb.waitForNotification(/Image "web-appliance" is available/, 60_000);
      // "Reveal in Tree" on the notification selects the new image.
      await wb.page.locator('.notification-toast .monaco-button', { hasText: 'Reveal in Tree' }).first().click();
      await wb.page.waitForTimeout(500);
      const row = (await wb.rows()).find((r) => r.label === 'web-appliance');
      assert.equal(row?.selected, true, 'Reveal in Tree selects the image');
      assert.ok(row, 'the image is in the tree');
      assert.doesNotMatch(row.description, /pending|creating|Uploading/);
      const uploaded = [...sim.state.images.values()].find((i) => i.label === 'web-appliance');
      assert.ok(uploaded, 'the simulator has the image');
      assert.equal(uploaded.status, 'available');
      assert.deepEqual(uploaded.regions.map((r) => r.region), ['us-east']);
      await wb.screenshot('upload-done');
    });
  });
}
