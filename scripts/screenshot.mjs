#!/usr/bin/env node
// @ts-check
// A README screenshot: the extension (from source) in code-server against the local simulator, the Linode view
// open with its first region nodes expanded. Prints the tree rows it captured.
//
//   node scripts/screenshot.mjs OUT.png [--theme dark|light] [--no-build] [--expand N] [--size 1280x800] [--store-token]
// --store-token: enter the token through "Linode Images: Set API Token" (as a user would) instead of handing it
// over in LINODE_CLI_TOKEN, so the view shows no environment-token notice.
// Needs: bash scripts/test-host/install.sh
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openWorkbench } from './test-host/codeServer.mjs';
import { THEMES, buildProject, startDevCodeServer, startSimulatorInProcess } from './test-host/devSession.mjs';

const USAGE = 'usage: node scripts/screenshot.mjs OUT.png [--theme dark|light] [--no-build] [--expand N] [--size WxH] [--store-token]';
const CONTAINER = '.part.activitybar [aria-label^="Linode"]';
const ROWS = '.part.sidebar .monaco-list-row';
const log = (msg) => console.log(`[screenshot] ${msg}`);

function options() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      theme: { type: 'string', default: 'dark' },
      'no-build': { type: 'boolean', default: false },
      expand: { type: 'string', default: '3' },
      size: { type: 'string', default: '1280x800' },
      'store-token': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help || positionals.length !== 1 || !positionals[0].endsWith('.png')) {
    console.log(USAGE);
    process.exit(values.help ? 0 : 64);
  }
  if (!THEMES[values.theme]) throw new Error(`--theme must be one of ${Object.keys(THEMES).join(', ')}`);
  const [width, height] = values.size.split('x').map(Number);
  if (!(width > 0 && height > 0)) throw new Error(`--size must look like 1280x800, got ${values.size}`);
  return { ...values, out: path.resolve(positionals[0]), expand: Number(values.expand) || 0, viewport: { width, height } };
}

/** Tree rows as indented text (aria-level gives the depth). */
async function treeRows(page) {
  return page.locator(ROWS).evaluateAll((rows) => rows.map((r) => {
    const depth = Number(r.getAttribute('aria-level') || 1) - 1;
    const expanded = r.getAttribute('aria-expanded');
    const mark = expanded === 'true' ? '▾ ' : expanded === 'false' ? '▸ ' : '  ';
    const text = (sel) => (r.querySelector(sel)?.textContent || '').replace(/\s+/g, ' ').trim();
    const label = text('.label-name') || text('.monaco-icon-label') || text('.monaco-tl-contents');
    const description = text('.label-description');
    return `${'  '.repeat(depth)}${mark}${label}${description ? `  (${description})` : ''}`;
  }));
}

/** Waits until the rows stop changing (lazy children, loading placeholders). */
async function settle(page, quietMs = 800, maxMs = 10_000) {
  const end = Date.now() + maxMs;
  let last = JSON.stringify(await treeRows(page));
  let since = Date.now();
  while (Date.now() < end) {
    await page.waitForTimeout(200);
    const now = JSON.stringify(await treeRows(page));
    if (now !== last) { last = now; since = Date.now(); } else if (Date.now() - since >= quietMs) return;
  }
}

/** Expands the first `count` top-level (region) nodes, unless the extension already shows some expanded. */
async function expandTopLevel(page, count) {
  if (await page.locator(`${ROWS}[aria-level="1"][aria-expanded="true"]`).count()) return;
  for (let i = 0; i < count; i++) {
    const collapsed = page.locator(`${ROWS}[aria-level="1"][aria-expanded="false"]`).first();
    if (!(await collapsed.count())) return;
    await collapsed.locator('.monaco-tl-twistie').click();
    await settle(page, 400, 5000);
  }
}

async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 10_000 });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
}

/** "Linode Images: Set API Token", typed in as a user would. */
async function storeToken(page, token) {
  await runCommand(page, 'Linode Images: Set API Token');
  const input = page.locator('.quick-input-widget input[type="password"]');
  await input.waitFor({ timeout: 10_000 });
  await input.fill(token);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
}

async function dismissNotifications(page) {
  if (!(await page.locator('.notifications-toasts .notification-toast').count())) return;
  await runCommand(page, 'Notifications: Clear All Notifications')
    .catch((e) => log(`could not clear the notifications: ${e.message}`));
  await page.waitForTimeout(300);
}

async function capture(url, opts) {
  const wb = await openWorkbench(url, { viewport: opts.viewport });
  const { page } = wb;
  try {
    await page.locator('.part.activitybar').waitFor({ timeout: 60_000 });
    const icon = page.locator(CONTAINER).first();
    try {
      await icon.waitFor({ timeout: 60_000 });
    } catch {
      const labels = await page.locator('.part.activitybar [aria-label]').evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute('aria-label')))]);
      throw new Error(`no activity-bar entry ${CONTAINER}; the activity bar has: ${labels.join(' | ')}`);
    }
    await icon.click();
    if (opts.storeToken) await storeToken(page, opts.storeToken);
    await page.locator(ROWS).first().waitFor({ timeout: 30_000 }).catch(() => {
      throw new Error('the Linode view shows no tree rows (did the extension activate? is the simulator reachable?)');
    });
    await settle(page);
    await expandTopLevel(page, opts.expand);
    // Move focus and the pointer to the empty editor area: no focus outline, no hover tooltip in the picture.
    await page.mouse.click(opts.viewport.width * 0.7, opts.viewport.height * 0.7);
    await dismissNotifications(page);
    await page.waitForTimeout(500);
    await page.screenshot({ path: opts.out });
    return await treeRows(page);
  } catch (e) {
    // A picture of whatever was on screen helps more than the message alone.
    const debug = opts.out.replace(/\.png$/, '.failed.png');
    await page.screenshot({ path: debug }).then(() => log(`saved what was on screen to ${debug}`), () => {});
    throw e;
  } finally {
    await wb.close();
  }
}

async function main() {
  const opts = options();
  if (!opts['no-build']) buildProject();
  const sim = await startSimulatorInProcess({ lifecycleMs: 4000 });
  let dev;
  try {
    dev = await startDevCodeServer({ sim, theme: opts.theme, tokenInEnv: !opts['store-token'] });
    log(`code-server ${dev.server.url}, simulator ${sim.apiUrl}, theme ${THEMES[opts.theme]}`);
    const rows = await capture(dev.url, { ...opts, storeToken: opts['store-token'] ? sim.token : undefined });
    log(`saved ${opts.out} (${opts.viewport.width}x${opts.viewport.height}); tree rows:`);
    for (const row of rows) console.log(`  ${row}`);
  } finally {
    await dev?.stop();
    await sim.close();
  }
}

main().then(() => process.exit(0), (e) => {
  console.error(`[screenshot] ${e.message ?? e}`);
  process.exit(1);
});
