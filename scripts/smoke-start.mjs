#!/usr/bin/env node
// @ts-check
// Smoke test of the README's `npm start`, as a newcomer runs it: start it, wait for the URL it prints, load that
// page in Chromium until the Images view shows the simulator's images, ask the simulator's API with the printed
// token, then stop it with Ctrl+C (SIGINT to its process group) and check that everything it started is gone.
//
//   node scripts/smoke-start.mjs [--timeout S]
//
// Closes with "N passed, N failed" (one line per check above it).
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { openWorkbench, PROJECT_ROOT } from './test-host/codeServer.mjs';

const { values } = parseArgs({ options: { timeout: { type: 'string', default: '900' } } });
const startTimeoutMs = Number(values.timeout) * 1000;
const say = (line) => console.log(`[start-smoke] ${line}`);
const results = [];
const check = async (name, fn) => {
  const started = Date.now();
  try {
    await fn();
    results.push(true);
    say(`✔ ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (error) {
    results.push(false);
    say(`✘ ${name}: ${error instanceof Error ? error.message : error}`);
  }
};

async function answers(url, init) {
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(5_000) });
    return response.status;
  } catch {
    return 0;
  }
}

const started = Date.now();
// Its own process group, as a terminal gives it: Ctrl+C reaches npm and everything under it.
const child = spawn('npm', ['start'], { cwd: PROJECT_ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
if (child.pid === undefined) {
  say('✘ npm start could not be started (is npm on PATH?)');
  console.log('0 passed, 1 failed');
  process.exit(1);
}
/** Signals sent to this reach every process of its group. */
const group = -child.pid;
let output = '';
const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
for (const stream of [child.stdout, child.stderr]) {
  stream.on('data', (chunk) => {
    output += chunk;
    process.stdout.write(chunk);
  });
}

const banner = await new Promise((resolve, reject) => {
  const timer = setInterval(() => {
    const url = /^\s+(http:\/\/127\.0\.0\.1:\d+\/\S+)\s*$/m.exec(output)?.[1];
    const apiUrl = /Simulator API:\s+(\S+)/.exec(output)?.[1];
    const token = /API token:\s+(\S+)/.exec(output)?.[1];
    if (url && apiUrl && token) {
      clearInterval(timer);
      resolve({ url, apiUrl, token });
    } else if (child.exitCode !== null || Date.now() - started > startTimeoutMs) {
      clearInterval(timer);
      reject(new Error(child.exitCode !== null ? `npm start exited (${child.exitCode}) before printing its URL` : `no URL within ${values.timeout} s`));
    }
  }, 200);
}).catch((error) => {
  say(`✘ npm start printed its URL: ${error.message}`);
  try { process.kill(group, 'SIGKILL'); } catch { /* gone */ }
  console.log('0 passed, 1 failed');
  process.exit(1);
});
say(`✔ npm start printed its URL after ${((Date.now() - started) / 1000).toFixed(1)} s`);
results.push(true);

await check("the simulator's API answers with the printed token", async () => {
  const response = await fetch(`${banner.apiUrl}/v4/images?page_size=25`, {
    headers: { Authorization: `Bearer ${banner.token}` },
    signal: AbortSignal.timeout(10_000),
  });
  if (response.status !== 200) throw new Error(`GET /v4/images → ${response.status}`);
  const body = await response.json();
  if (!Array.isArray(body.data) || body.data.length === 0) throw new Error('GET /v4/images answered no images');
});

await check('the printed page opens VS Code with the extension showing the simulator\'s images', async () => {
  const session = await openWorkbench(banner.url);
  try {
    const { page } = session;
    const linode = page.locator('.part.activitybar [aria-label^="Linode"]').first();
    await linode.waitFor({ timeout: 120_000 });
    await linode.click();
    // The token is in the window's environment (LINODE_CLI_TOKEN): the tree loads without any question.
    await page.locator('.part.sidebar .monaco-list-row', { hasText: 'us-east' }).first().waitFor({ timeout: 120_000 });
  } finally {
    await session.close();
  }
});

await check('Ctrl+C stops it cleanly, with nothing left listening', async () => {
  const codeServer = new URL(banner.url).origin;
  process.kill(group, 'SIGINT');
  const outcome = await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve('still running after 60 s'), 60_000))]);
  // npm itself ends on the signal, as in a terminal (the shell then says 130); the script under it cleans up.
  if (![0, 130, 'SIGINT'].includes(outcome)) throw new Error(`npm start ended with ${outcome}`);
  if (!/\[start\] stopping/.test(output)) throw new Error('it did not say it was stopping');
  for (const origin of [codeServer, banner.apiUrl]) {
    const deadline = Date.now() + 30_000;
    while (await answers(origin) !== 0) {
      if (Date.now() > deadline) throw new Error(`${origin} still answers 30 s after Ctrl+C`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  const groupAlive = () => {
    try {
      process.kill(group, 0);
      return true;
    } catch {
      return false;
    }
  };
  const deadline = Date.now() + 30_000;
  while (groupAlive()) {
    if (Date.now() > deadline) throw new Error('processes of its group still run 30 s after Ctrl+C');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
});

try { process.kill(group, 'SIGKILL'); } catch { /* gone, as it should be */ }
const passed = results.filter(Boolean).length;
console.log(`${passed} passed, ${results.length - passed} failed`);
process.exit(passed === results.length ? 0 : 1);
