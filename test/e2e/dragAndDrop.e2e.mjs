// @ts-check
// Drag and drop in the Images view, with the mouse on the real workbench: an image's row dragged onto another
// region's row, the modal that names the image, the region and the storage it adds, and the image's row then shown
// under that region.
import assert from 'node:assert/strict';
import simulatorModule from './simulator.mjs';
import { signedInWorkbench } from './workbench.mjs';

/** @typedef {import('./workbench.mjs').Workbench} Workbench */

const { SEED_IDS } = simulatorModule;

const IMAGE = 'web-base-2024';
const FROM = 'us-east · Newark, NJ';
// Offers Object Storage (it can hold images), and holds no copy of web-base-2024 yet.
const TO = 'eu-west · London, UK';

/**
 * The labels of the image rows shown under the region row `region`: the rows after it that are one level deeper,
 * up to the next row at its level.
 * @param {Workbench} wb
 * @param {string} region
 */
async function rowsUnder(wb, region) {
  const rows = await wb.viewPane('Images').locator('.monaco-list-row').evaluateAll((elements) =>
    elements
      .map((row) => ({
        index: Number(row.getAttribute('data-index')),
        level: Number(row.getAttribute('aria-level')),
        label: row.querySelector('.label-name')?.textContent?.trim() ?? '',
      }))
      .sort((a, b) => a.index - b.index),
  );
  const start = rows.findIndex((row) => row.label === region);
  if (start === -1) return [];
  const under = [];
  for (const row of rows.slice(start + 1)) {
    if (row.level <= rows[start].level) break;
    if (row.level === rows[start].level + 1) under.push(row.label);
  }
  return under;
}

/**
 * Drags `source` onto `target` with the mouse, as a user does: press on the row, move in steps (VS Code's list starts
 * an HTML5 drag, which Chromium under playwright carries out), hover the target a moment, release.
 * @param {Workbench} wb
 * @param {import('playwright-core').Locator} source
 * @param {import('playwright-core').Locator} target
 */
async function dragWithMouse(wb, source, target) {
  const from = await source.boundingBox();
  const to = await target.boundingBox();
  assert.ok(from && to, 'both rows are on screen');
  const { mouse } = wb.page;
  await mouse.move(from.x + from.width / 3, from.y + from.height / 2);
  await mouse.down();
  await mouse.move(from.x + from.width / 3 + 10, from.y + from.height / 2 + 5, { steps: 4 });
  await mouse.move(to.x + to.width / 3, to.y + to.height / 2, { steps: 12 });
  // The list marks the row it would drop on while the drag hovers it.
  await wb.page.waitForTimeout(300);
  await mouse.move(to.x + to.width / 3 + 2, to.y + to.height / 2, { steps: 2 });
  await mouse.up();
}

describe('drag and drop in the workbench (dark theme)', function () {
  /** @type {import('./simulator.mjs').Simulator} */
  let sim;
  /** @type {Workbench} */
  let wb;
  signedInWorkbench({ theme: 'dark', simulator: { lifecycleMs: 1500 } }, (suite) => ({ sim, wb } = suite));

  it('replicates an image dragged onto another region, after a modal naming the image, the region and the cost', async () => {
    await wb.waitForRow(IMAGE);
    await wb.waitForRow(TO);
    assert.ok((await rowsUnder(wb, FROM)).includes(IMAGE), `${IMAGE} starts under ${FROM}`);
    assert.equal((await rowsUnder(wb, TO)).includes(IMAGE), false, `${IMAGE} starts outside ${TO}`);

    await dragWithMouse(wb, wb.row(IMAGE), wb.row(TO));

    const text = await wb.dialogText();
    // Dragged from its row under us-east, it can be copied or moved; 2,400 MB is 2.34 GB, at $0.10 per GB a month.
    assert.match(text, /Copy or move "web-base-2024" to eu-west · London, UK\?/);
    assert.match(text, /"web-base-2024": a copy of 2\.34 GB in eu-west · London, UK, \+\$0\.23 a month\./);
    assert.match(text, /Storage: 2\.34 GB → 4\.69 GB; \+\$0\.23 a month \(\$0\.47 a month in all\)/);
    assert.match(text, /Copy: the image stays where it is and is also kept in eu-west · London, UK\./);
    await wb.screenshot('drag-replicate');
    await wb.clickDialogButton('Copy');

    // The new copy's row appears under eu-west (the list redraws as the region's copy is made), and the old one stays.
    const deadline = Date.now() + 30_000;
    while (!(await rowsUnder(wb, TO)).includes(IMAGE)) {
      assert.ok(Date.now() < deadline, `${IMAGE} never showed under ${TO}: ${(await rowsUnder(wb, TO)).join(', ')}`);
      await wb.page.waitForTimeout(250);
    }
    await wb.row(IMAGE, 1).waitFor();
    assert.ok((await rowsUnder(wb, FROM)).includes(IMAGE), `${IMAGE} is still under ${FROM}`);
    const regions = sim.state.images.get(SEED_IDS.images.singleRegion)?.regions.map((r) => r.region).sort();
    assert.deepEqual(regions, ['eu-west', 'us-east']);
  });
});
