#!/usr/bin/env node
// @ts-check
// What F5 in VS Code runs (.vscode/tasks.json, .vscode/launch.json), on a built tree (the "build" task):
//
//   node scripts/test-host/f5.mjs simulator   "Run Extension (simulator)": starts the Linode API simulator (as
//                                            `npm start` does) and writes the Extension Development Host's settings
//                                            (linodeImages.apiUrl and Sign In pointed at it) into its user-data folder
//                                            .vscode-test/f5/; prints "[f5] ready …" once they are there and runs
//                                            until stopped. The token comes from launch.json's LINODE_CLI_TOKEN.
//   node scripts/test-host/f5.mjs stop        ends the simulator that `simulator` started (the postDebugTask).
//   node scripts/test-host/f5.mjs tests       "Extension Tests (debug)": a fresh profile and workspace folder in
//                                            .vscode-test/f5-tests/, as run-extension-tests.mjs makes them.
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from './codeServer.mjs';
import { devSettings, makeDevWorkspace, startSimulatorInProcess } from './devSession.mjs';
import { makeDesktopProfile, makeTestWorkspace } from './testProfile.mjs';

/** The folders launch.json names: keep them in step. */
const F5_DIR = path.join(PROJECT_ROOT, '.vscode-test', 'f5');
const F5_TESTS_DIR = path.join(PROJECT_ROOT, '.vscode-test', 'f5-tests');
/** Where a running `simulator` says who it is, for `stop`. */
const STATE_FILE = path.join(F5_DIR, 'simulator.json');
const LAUNCH_JSON = path.join(PROJECT_ROOT, '.vscode', 'launch.json');
const SELF = 'scripts/test-host/f5.mjs';

const say = (/** @type {string} */ msg) => console.log(`[f5] ${msg}`);
/** The one line the tasks' problem matcher reads as an error (file: this script). */
const fail = (/** @type {unknown} */ e) => {
  console.log(`[f5] error: ${SELF}: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
};

/** Whether launch.json hands the dev window this token (it names it literally: a launch configuration reads no file). */
function launchJsonHasToken(/** @type {string} */ token) {
  try { return fs.readFileSync(LAUNCH_JSON, 'utf8').includes(token); } catch { return false; }
}

function readState() {
  try { return JSON.parse(fs.readFileSync(STATE_FILE, 'utf8')); } catch { return undefined; }
}

/** Ends the simulator a `simulator` run recorded, if it still runs; says whether there was one. */
async function stopRecorded() {
  const state = readState();
  if (!state?.pid) return false;
  // Only a process that still answers as that simulator is ended (a stale file's pid may be someone else's now).
  const alive = await fetch(`${state.apiUrl}/__simulator/`, { signal: AbortSignal.timeout(2000) }).then((r) => r.ok, () => false);
  if (alive) {
    try { process.kill(state.pid, 'SIGTERM'); } catch { /* gone meanwhile */ }
    for (let i = 0; i < 50; i++) {
      try { process.kill(state.pid, 0); } catch { break; }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  fs.rmSync(STATE_FILE, { force: true });
  return alive;
}

async function simulator() {
  say('starting the Linode API simulator…');
  // One simulator for the dev window: a run left over from an earlier session goes first.
  if (await stopRecorded()) say('stopped the simulator of an earlier session');
  const sim = await startSimulatorInProcess({ lifecycleMs: 4000 });
  const stop = () => void sim.close().finally(() => {
    if (readState()?.pid === process.pid) fs.rmSync(STATE_FILE, { force: true });
    process.exit(0);
  });
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  process.once('SIGHUP', stop);

  makeDesktopProfile(F5_DIR, devSettings(sim));
  const workspace = makeDevWorkspace(F5_DIR);
  fs.writeFileSync(STATE_FILE, JSON.stringify({ pid: process.pid, apiUrl: sim.apiUrl }) + '\n');
  say(`simulator API ${sim.apiUrl}${sim.uploadOrigin ? `, upload origin ${sim.uploadOrigin}` : ''}${sim.login ? `, login origin ${sim.login.origin} (user sim-user or sim-teammate, any password)` : ''}`);
  say(`token ${sim.token} (launch.json puts it in LINODE_CLI_TOKEN)`);
  if (!launchJsonHasToken(sim.token)) {
    say(`warning: ${path.relative(PROJECT_ROOT, LAUNCH_JSON)} does not hold this token: the dev window will have no account (use Set API Token)`);
  }
  say(`settings in ${path.relative(PROJECT_ROOT, path.join(F5_DIR, 'user-data', 'User', 'settings.json'))}, workspace ${path.relative(PROJECT_ROOT, workspace)}`);
  say('ready: the Extension Development Host can start (this task runs until the debug session ends)');
}

function tests() {
  fs.rmSync(F5_TESTS_DIR, { recursive: true, force: true, maxRetries: 3 });
  makeDesktopProfile(F5_TESTS_DIR);
  makeTestWorkspace(path.join(F5_TESTS_DIR, 'workspace'));
  fs.mkdirSync(path.join(F5_TESTS_DIR, 'config'), { recursive: true });
  say(`fresh profile and workspace in ${path.relative(PROJECT_ROOT, F5_TESTS_DIR)}`);
}

const mode = process.argv[2];
if (mode === 'simulator') await simulator().catch(fail);
else if (mode === 'stop') say(await stopRecorded().catch(fail) ? 'simulator stopped' : 'no simulator running');
else if (mode === 'tests') { try { tests(); } catch (e) { fail(e); } }
else fail(`usage: node ${SELF} simulator|stop|tests`);
