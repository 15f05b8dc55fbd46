#!/usr/bin/env node
// @ts-check
// Runs the extension's mocha suite inside a real VS Code extension host: a fresh code-server (VS Code server,
// Node extension host) whose workbench is opened by headless Chromium. Needs: bash scripts/test-host/install.sh
// and a compiled suite (npx tsc -p .).
//
//   node scripts/test-host/run-extension-tests.mjs [--ext DIR] [--tests MODULE] [--workspace DIR]
//        [--timeout S] [--grep PATTERN] [--env KEY=VALUE]... [--verbose]
//
// Exit codes: 0 all passed (and at least one test ran), 1 test failures, 2 timeout, 3 harness error.
// The last line printed is always "N passed, N failed" (", N skipped" when tests were pending).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT, openWorkbench, remoteUri, startCodeServer } from './codeServer.mjs';

const EXIT = { pass: 0, fail: 1, timeout: 2, harness: 3 };
const USAGE = 'usage: node scripts/test-host/run-extension-tests.mjs [--ext DIR] [--tests MODULE] [--workspace DIR] '
  + '[--timeout S] [--grep PATTERN] [--env KEY=VALUE]... [--verbose]';

const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
const say = (msg) => console.log(`[extension-tests] ${msg}`);

function parseOptions() {
  const { values } = parseArgs({
    options: {
      ext: { type: 'string', default: PROJECT_ROOT },
      tests: { type: 'string', default: path.join(PROJECT_ROOT, 'out/test/integration/index') },
      workspace: { type: 'string' },
      timeout: { type: 'string', default: '600' },
      grep: { type: 'string' },
      env: { type: 'string', multiple: true, default: [] },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const timeoutS = Number(values.timeout);
  if (!(timeoutS > 0)) throw new Error(`--timeout must be a positive number of seconds, got ${values.timeout}`);
  /** @type {Record<string, string>} */
  const env = {};
  for (const kv of values.env) {
    const i = kv.indexOf('=');
    if (i < 1) throw new Error(`--env expects KEY=VALUE, got ${kv}`);
    env[kv.slice(0, i)] = kv.slice(i + 1);
  }
  const ext = path.resolve(values.ext);
  const tests = path.resolve(values.tests).replace(/\.js$/, '');
  if (!fs.existsSync(path.join(ext, 'package.json'))) throw new Error(`no package.json in extension folder ${ext}`);
  if (!fs.existsSync(`${tests}.js`)) throw new Error(`tests module ${tests}.js not found; compile first: npx tsc -p .`);
  return { ...values, ext, tests, timeoutS, env };
}

/** A small throw-away workspace; tests may add files to it. */
function makeWorkspace(dir) {
  fs.mkdirSync(path.join(dir, 'notes'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'README.md'), '# Test workspace\n\nCreated by run-extension-tests.mjs.\n');
  fs.writeFileSync(path.join(dir, 'notes', 'hello.txt'), 'hello from the test workspace\n');
  return dir;
}

function readJson(file) {
  try { return JSON.parse(fs.readFileSync(file, 'utf8')); } catch { return undefined; }
}

/** Counts read off a partial spec-reporter log (a run that timed out writes no result file). */
function countsFromLog(log) {
  const lines = log.split('\n');
  return {
    passes: lines.filter((l) => /^\s+✔ /.test(l)).length,
    failures: lines.filter((l) => /^\s+\d+\) /.test(l)).length,
    pending: lines.filter((l) => /^\s+- /.test(l)).length,
  };
}

function countsLine(r) {
  const pending = r?.pending ? `, ${r.pending} skipped` : '';
  return `${r?.passes ?? 0} passed, ${r?.failures ?? 0} failed${pending}`;
}

async function main() {
  let opts;
  try {
    opts = parseOptions();
  } catch (e) {
    console.error(`[extension-tests] ${e instanceof Error ? e.message : e}\n${USAGE}`);
    console.log(countsLine());
    return EXIT.harness;
  }
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linode-images-tests-'));
  const workspace = path.resolve(opts.workspace ?? makeWorkspace(path.join(runDir, 'workspace')));
  const logFile = path.join(runDir, 'mocha.log');
  const resultFile = path.join(runDir, 'result.json');
  const extensionEnvironment = {
    ...opts.env,
    MOCHA_LOG_FILE: logFile,
    MOCHA_RESULT_FILE: resultFile,
    ...(opts.grep ? { MOCHA_GREP: opts.grep } : {}),
  };

  let server;
  let workbench;
  let timer;
  const cleanup = async () => {
    clearTimeout(timer);
    const w = await Promise.resolve(workbench).catch(() => undefined);
    await w?.close();
    await server?.stop();
    fs.rmSync(runDir, { recursive: true, force: true });
  };
  const interrupted = (signal) => {
    say(`${signal}: stopping`);
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);

  try {
    say(`extension ${opts.ext}`);
    say(`tests     ${opts.tests}${opts.grep ? ` (grep: ${opts.grep})` : ''}`);
    server = await startCodeServer({ workspace, env: opts.env, smokeTestDriver: true });
    say(`code-server ${server.url} up after ${elapsed()}; opening the workbench in Chromium`);

    // The workbench calls codeAutomationExit(code) once the extension host has run the suite.
    const outcome = new Promise((resolve) => {
      timer = setTimeout(() => resolve({ kind: 'timeout' }), opts.timeoutS * 1000);
      const opening = openWorkbench(server.url, {
        folder: workspace,
        payload: [
          ['extensionDevelopmentPath', remoteUri(server.url, opts.ext)],
          ['extensionTestsPath', remoteUri(server.url, opts.tests)],
          ['skipWelcome', 'true'],
          ['skipReleaseNotes', 'true'],
          ['extensionEnvironment', JSON.stringify(extensionEnvironment)],
        ],
        expose: {
          codeAutomationLog: (...args) => { if (opts.verbose) console.log('[automation]', ...args); },
          codeAutomationExit: (code) => resolve({ kind: 'exit', code }),
        },
        onConsole: opts.verbose ? (line) => console.log(line) : undefined,
      });
      workbench = opening;
      opening.then((w) => w.page.on('crash', () => resolve({ kind: 'crash' })),
        (error) => resolve({ kind: 'error', error }));
    });
    workbench = await Promise.resolve(workbench).catch(() => undefined);
    const result = await outcome;
    const mochaLog = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
    const summary = readJson(resultFile);
    const serverLog = server.readLog();

    console.log(mochaLog ? `----- mocha -----\n${mochaLog.trimEnd()}\n-----------------` : '[extension-tests] no mocha output (the suite never started)');
    if (summary) say(`result ${JSON.stringify(summary)}`);

    let code;
    let why;
    if (result.kind === 'timeout') {
      code = EXIT.timeout;
      why = `TIMEOUT after ${opts.timeoutS} s`;
    } else if (result.kind !== 'exit') {
      code = EXIT.harness;
      why = result.kind === 'crash' ? 'the workbench page crashed' : `could not open the workbench: ${result.error?.message ?? result.error}`;
    } else if (!summary) {
      code = EXIT.harness;
      why = `the extension host exited (${result.code}) without a result: the tests module did not run`;
    } else if (summary.failures > 0) {
      code = EXIT.fail;
      why = `${summary.failures} failed`;
    } else if (summary.passes === 0) {
      code = EXIT.harness;
      why = summary.pending ? 'every test was skipped' : opts.grep ? `no test matched --grep ${opts.grep}` : 'no tests ran';
    } else if (result.code !== 0) {
      code = EXIT.harness;
      why = `the extension host exited with ${result.code} although no test failed`;
    } else {
      code = EXIT.pass;
      why = 'all passed';
    }
    if ((opts.verbose || code === EXIT.timeout || code === EXIT.harness) && serverLog) {
      console.log(`----- code-server log (last 30 lines) -----\n${serverLog.trimEnd().split('\n').slice(-30).join('\n')}`);
    }
    const host = summary
      ? `VS Code ${summary.vscodeVersion} (${summary.appName}, ${summary.uiKind} UI, extension host ${summary.remoteName ? `remote "${summary.remoteName}"` : 'local'}, Node ${summary.node})`
      : 'VS Code (code-server)';
    const ran = summary ? `${summary.tests} test${summary.tests === 1 ? '' : 's'}` : 'no tests';
    say(`${why}: ${ran} in ${host}, ${elapsed()} -> exit ${code}`);
    console.log(countsLine(summary ?? countsFromLog(mochaLog)));
    return code;
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    console.log(`[extension-tests] harness error: ${(opts.verbose ? error.stack : error.message) ?? error}`);
    console.log(countsLine());
    return EXIT.harness;
  } finally {
    await cleanup();
  }
}

process.exit(await main());
