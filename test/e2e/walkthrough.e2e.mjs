// @ts-check
// The "Get started with Linode Images" walkthrough in the real workbench: opened as a user opens it, each step ticks
// itself when the user does what it teaches (a token there, the view by region, an upload, a new region), never by a
// click on the step.
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import simulatorModule from './simulator.mjs';
import { Workbench } from './workbench.mjs';

const { startSimulator, SIMULATOR_TOKEN, SEED_IDS } = simulatorModule;

const WALKTHROUGH_TITLE = 'Get started with Linode Images';
const STEPS = ['account', 'browse', 'upload', 'replicate'];

/** A small disk-like image: a boot sector's signature and some text, gzip-compressed. */
function smallDisk() {
  const disk = Buffer.alloc(2 * 1024 * 1024);
  disk.writeUInt16LE(0xaa55, 510);
  disk.write('walkthrough disk', 4096);
  return zlib.gzipSync(disk);
}

describe('the walkthrough ticks its steps on the real events (dark theme)', function () {
  /** @type {import('./simulator.mjs').Simulator} */
  let sim;
  /** @type {Workbench} */
  let wb;

  before(async () => {
    sim = await startSimulator({ lifecycleMs: 1500 });
    // The session already has a token (the environment's), as in `npm start`: the first step is done from the start.
    wb = await Workbench.launch({
      apiUrl: sim.apiUrl,
      theme: 'dark',
      env: { LINODE_CLI_TOKEN: SIMULATOR_TOKEN },
      files: { 'walkthrough-disk.img.gz': smallDisk() },
    });
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await wb.screenshot(`failed-walkthrough-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}`);
  });
  after(async () => {
    await wb?.close();
    await sim?.close();
  });

  /** The step's button in the walkthrough page (its id ends with the step's id). */
  const step = (id) => wb.page.locator(`button.getting-started-step[data-step-id$="#${id}"]`).first();

  /** Which steps the page shows ticked. */
  async function ticked() {
    const states = {};
    for (const id of STEPS) states[id] = (await step(id).getAttribute('aria-checked')) === 'true';
    return states;
  }

  async function waitTicked(id, timeout = 30_000) {
    await wb.page.waitForFunction(
      (selector) => document.querySelector(selector)?.getAttribute('aria-checked') === 'true',
      `button.getting-started-step[data-step-id$="#${id}"]`,
      { timeout },
    );
  }

  /** Waits until a step's Markdown page (drawn in a webview, a frame of its own) shows `heading`. */
  async function waitForPageHeading(heading, timeout = 30_000) {
    const deadline = Date.now() + timeout;
    while (Date.now() < deadline) {
      for (const frame of wb.page.frames()) {
        if (await frame.locator('h1', { hasText: heading }).count().catch(() => 0)) return;
      }
      await wb.page.waitForTimeout(200);
    }
    throw new Error(`no step page with the heading "${heading}"`);
  }

  it('opens from Welcome: Open Walkthrough…, with the account step ticked by the token the session has', async () => {
    await wb.runCommand('Welcome: Open Walkthrough...');
    await wb.pickQuickItem(WALKTHROUGH_TITLE);
    await wb.page.locator('.gettingStartedContainer .category-title', { hasText: WALKTHROUGH_TITLE }).first().waitFor();
    await step('account').waitFor();
    // Opening the walkthrough activates the extension; it reads the token, and asks Linode nothing for it.
    await waitTicked('account');
    assert.deepEqual(await ticked(), { account: true, browse: false, upload: false, replicate: false });
    assert.equal(sim.requests.length, 0, 'nothing is asked of the API to tick the account step');
    const buttons = await step('account').locator('.monaco-button').allInnerTexts().catch(() => []);
    await step('account').click();
    const shown = await wb.page.locator('.gettingStartedContainer .step-description-container .monaco-button').allInnerTexts();
    assert.ok(shown.some((b) => /Sign In with Linode/.test(b)) && shown.some((b) => /Set API Token/.test(b)), `buttons: ${[...buttons, ...shown].join(', ')}`);
  });

  it('ticks "browse" once the Images view shows the images by region', async () => {
    await step('browse').click();
    assert.equal((await ticked()).browse, false);
    await wb.openLinodeView();
    await wb.waitForRow('us-east · Newark, NJ');
    await waitTicked('browse');
    assert.deepEqual(await ticked(), { account: true, browse: true, upload: false, replicate: false });
    // The next step and its page, beside the view grouped by region (the page shows once the editor is wider than
    // 950 pixels, so the side bar is made narrower).
    await wb.setSideBarWidth(250);
    await step('upload').click();
    await waitForPageHeading('Upload an image');
    await wb.page.waitForTimeout(500);
    await wb.screenshot('walkthrough');
  });

  it('ticks "upload" once an upload from the Explorer has finished', async () => {
    await wb.openExplorer();
    await wb.contextMenu(wb.explorerRow('walkthrough-disk.img.gz'));
    await wb.clickMenuItem('Upload to Linode Images…');
    await wb.quickInput().waitFor();
    await wb.page.keyboard.press('Enter');
    await wb.waitForQuickInputTitle('Region (2/5)');
    await wb.pickQuickItem('us-east');
    await wb.waitForQuickInputTitle('Description (3/5)');
    await wb.typeIntoQuickInput('');
    await wb.waitForQuickInputTitle('Tags (4/5)');
    await wb.typeIntoQuickInput('');
    await wb.waitForQuickInputTitle('Cloud-init (5/5)');
    assert.equal((await ticked()).upload, false, 'not before the upload');
    await wb.pickQuickItem('No');
    await wb.waitForNotification(/Uploaded walkthrough-disk\.img\.gz/, 60_000);
    await waitTicked('upload');
    assert.deepEqual(await ticked(), { account: true, browse: true, upload: true, replicate: false });
  });

  it('ticks "replicate" once Manage Regions… adds a region to an image', async () => {
    await wb.openLinodeView();
    await wb.contextMenu(wb.row('web-base-2024'));
    await wb.clickMenuItem('Manage Regions…');
    const paris = wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'fr-par' }).first();
    await paris.waitFor();
    assert.equal(await paris.getAttribute('aria-checked'), 'false');
    await paris.click();
    assert.equal((await ticked()).replicate, false, 'not before the request');
    await wb.page.keyboard.press('Enter');
    await waitTicked('replicate');
    assert.deepEqual(await ticked(), { account: true, browse: true, upload: true, replicate: true });
    assert.ok(sim.state.images.get(SEED_IDS.images.singleRegion)?.regions.some((r) => r.region === 'fr-par'), 'the simulator has the new region');
  });
});
