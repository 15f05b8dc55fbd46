#!/usr/bin/env node
// @ts-check
// Runs the extension's mocha suite inside a real VS Code extension host, in one of two hosts (hostChoice.mjs says
// which, and why, on one line):
//   - desktop VS Code through @vscode/test-electron (electronHost.mjs): on macOS and Windows, on Linux with a display,
//     or when a desktop VS Code is given; it downloads VS Code into .vscode-test unless one is given or cached there;
//   - code-server, the VS Code server whose workbench headless Chromium opens (codeServerHost.mjs): on Linux without a
//     display (CI), and instead of desktop VS Code when that cannot be downloaded or does not start.
// Both load the same tests module (out/test/integration/index.js), which reports through test/support/hostMocha.ts:
// the spec reporter's output in MOCHA_LOG_FILE, the counts in MOCHA_RESULT_FILE, --grep in MOCHA_GREP.
// Needs a compiled suite (npx tsc -p . and node scripts/build.mjs); the code-server host installs itself
// (scripts/test-host/install.sh) the first time it is needed.
//
//   node scripts/test-host/run-extension-tests.mjs [--host auto|electron|code-server] [--vscode PATH] [--ext DIR]
//        [--tests MODULE] [--workspace DIR] [--timeout S] [--grep PATTERN] [--env KEY=VALUE]... [--verbose]
//
// LINODE_IMAGES_TEST_HOST_KIND=electron|code-server forces a host as --host does; VSCODE_EXECUTABLE names a desktop
// VS Code as --vscode does.
// Exit codes: 0 all passed (and at least one test ran), 1 test failures, 2 timeout, 3 harness error.
// The last line printed is always "N passed, N failed" (", N skipped" when tests were pending).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from './codeServer.mjs';
import { codeServerInstalled, startCodeServerRun } from './codeServerHost.mjs';
import { cachedVSCodeVersion, resolveDesktopVSCode, startElectronRun } from './electronHost.mjs';
import { chooseTestHost, describeChoice, describeFallback } from './hostChoice.mjs';
import { makeTestWorkspace } from './testProfile.mjs';

const EXIT = { pass: 0, fail: 1, timeout: 2, harness: 3 };
const USAGE = 'usage: node scripts/test-host/run-extension-tests.mjs [--host auto|electron|code-server] [--vscode PATH] '
  + '[--ext DIR] [--tests MODULE] [--workspace DIR] [--timeout S] [--grep PATTERN] [--env KEY=VALUE]... [--verbose]';

const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
const say = (/** @type {string} */ msg) => console.log(`[extension-tests] ${msg}`);

function parseOptions() {
  const { values } = parseArgs({
    options: {
      host: { type: 'string' },
      vscode: { type: 'string' },
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

/** The run's verdict: exit code and the reason the closing lines give. */
function verdict(result, summary, opts) {
  if (result.kind === 'timeout') return { code: EXIT.timeout, why: `TIMEOUT after ${opts.timeoutS} s` };
  if (result.kind === 'broken') return { code: EXIT.harness, why: result.why };
  if (!summary) return { code: EXIT.harness, why: `the extension host exited (${result.code}) without a result: the tests module did not run` };
  if (summary.failures > 0) return { code: EXIT.fail, why: `${summary.failures} failed` };
  if (summary.passes === 0) {
    return { code: EXIT.harness, why: summary.pending ? 'every test was skipped' : opts.grep ? `no test matched --grep ${opts.grep}` : 'no tests ran' };
  }
  if (result.code !== 0) return { code: EXIT.harness, why: `the extension host exited with ${result.code} although no test failed` };
  return { code: EXIT.pass, why: 'all passed' };
}

async function main() {
  let opts;
  let choice;
  try {
    opts = parseOptions();
    choice = chooseTestHost({
      platform: process.platform,
      env: process.env,
      hostOption: opts.host,
      vscodeOption: opts.vscode,
      cachedVSCode: cachedVSCodeVersion(),
      codeServerInstalled: codeServerInstalled(),
    });
  } catch (e) {
    console.error(`[extension-tests] ${e instanceof Error ? e.message : e}\n${USAGE}`);
    console.log(countsLine());
    return EXIT.harness;
  }
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linode-images-tests-'));
  const workspace = path.resolve(opts.workspace ?? makeTestWorkspace(path.join(runDir, 'workspace')));
  const logFile = path.join(runDir, 'mocha.log');
  const resultFile = path.join(runDir, 'result.json');
  const extensionEnvironment = {
    ...opts.env,
    MOCHA_LOG_FILE: logFile,
    MOCHA_RESULT_FILE: resultFile,
    ...(opts.grep ? { MOCHA_GREP: opts.grep } : {}),
  };

  /** @type {import('./hostChoice.mjs').HostRun | undefined} */
  let run;
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  const cleanup = async () => {
    clearTimeout(timer);
    await run?.stop();
    fs.rmSync(runDir, { recursive: true, force: true, maxRetries: 3 });
  };
  let interrupting = false;
  const interrupted = (/** @type {string} */ signal) => {
    if (interrupting) return;
    interrupting = true;
    say(`${signal}: stopping`);
    void cleanup().finally(() => process.exit(130));
  };
  // Registered before a host starts: the electron host tells test-electron's own SIGINT listeners from these.
  process.on('SIGINT', interrupted);
  process.on('SIGTERM', interrupted);

  /** Runs the suite in the host `kind`; resolves with how it ended. */
  const runIn = async (/** @type {'electron' | 'code-server'} */ kind, /** @type {string | undefined} */ executable) => {
    if (kind === 'electron') {
      say(`desktop VS Code ${executable}`);
      run = startElectronRun({ executable: /** @type {string} */ (executable), ext: opts.ext, tests: opts.tests, workspace,
        dataDir: fs.mkdtempSync(path.join(runDir, 'electron-')), extensionEnvironment });
    } else {
      run = await startCodeServerRun({ ext: opts.ext, tests: opts.tests, workspace, env: opts.env, extensionEnvironment,
        verbose: opts.verbose, say });
    }
    const current = run;
    /** @type {Promise<{ kind: 'timeout' }>} */
    const timedOut = new Promise((resolve) => { timer = setTimeout(() => resolve({ kind: 'timeout' }), opts.timeoutS * 1000); });
    const result = await Promise.race([current.outcome, timedOut]);
    clearTimeout(timer);
    if (result.kind === 'timeout') await current.stop();
    return result;
  };

  try {
    say(describeChoice(choice));
    say(`extension ${opts.ext}`);
    say(`tests     ${opts.tests}${opts.grep ? ` (grep: ${opts.grep})` : ''}`);

    let host = choice.host;
    let result;
    if (host === 'electron') {
      let executable;
      try {
        executable = await resolveDesktopVSCode({ executable: choice.vscodeExecutablePath, ext: opts.ext });
      } catch (e) {
        const reason = e instanceof Error ? e.message : String(e);
        if (!choice.fallback) throw new Error(reason);
        say(describeFallback(reason));
        host = 'code-server';
      }
      if (executable) {
        result = await runIn('electron', executable);
        // VS Code that ended before the suite began (no display server after all, missing libraries) is no verdict
        // on the tests: run them in code-server.
        if (choice.fallback && result.kind !== 'timeout' && !fs.existsSync(logFile)) {
          say(describeFallback(`desktop VS Code ended before the suite started (${result.kind === 'exit' ? `exit ${result.code}` : result.why})`));
          await run?.stop();
          host = 'code-server';
        }
      }
    }
    if (host === 'code-server') result = await runIn('code-server', undefined);
    const current = /** @type {import('./hostChoice.mjs').HostRun} */ (run);

    const mochaLog = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
    const summary = readJson(resultFile);
    // Desktop VS Code prints the extension host's output as it comes (the spec reporter's lines are above already).
    if (host === 'code-server' || !summary) {
      console.log(mochaLog ? `----- mocha -----\n${mochaLog.trimEnd()}\n-----------------` : '[extension-tests] no mocha output (the suite never started)');
    }
    if (summary) say(`result ${JSON.stringify(summary)}`);

    const { code, why } = verdict(/** @type {NonNullable<typeof result>} */ (result), summary, opts);
    const hostLog = current.log();
    if ((opts.verbose || code === EXIT.timeout || code === EXIT.harness) && hostLog) {
      console.log(`----- ${host} log (last 30 lines) -----\n${hostLog.trimEnd().split('\n').slice(-30).join('\n')}`);
    }
    const where = summary
      ? `VS Code ${summary.vscodeVersion} (${summary.appName}, ${summary.uiKind} UI, extension host ${summary.remoteName ? `remote "${summary.remoteName}"` : 'local'}, Node ${summary.node})`
      : current.label;
    const ran = summary ? `${summary.tests} test${summary.tests === 1 ? '' : 's'}` : 'no tests';
    say(`${why}: ${ran} in ${where}, ${elapsed()} -> exit ${code}`);
    console.log(countsLine(summary ?? countsFromLog(mochaLog)));
    return code;
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    console.log(`[extension-tests] harness error: ${(opts.verbose ? error.stack : error.message) ?? error}`);
    console.log(countsLine());
    return EXIT.harness;
  } finally {
    await cleanup();
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
  }
}

process.exit(await main());
