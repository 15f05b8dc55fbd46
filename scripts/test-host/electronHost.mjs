// @ts-check
// The desktop test host for run-extension-tests.mjs: VS Code (Electron) run by @vscode/test-electron's runTests with
// the extension from source (extensionDevelopmentPath), the tests module (extensionTestsPath), a fresh user-data and
// extensions folder, every other extension disabled, and the run's environment (MOCHA_*) in extensionTestsEnv.
// The VS Code is the one the user names, or test-electron's download into .vscode-test (cached there for later runs).
// Needs a display on Linux.
import fs from 'node:fs';
import path from 'node:path';
import { downloadAndUnzipVSCode, runTests, TestRunFailedError } from '@vscode/test-electron';
import { PROJECT_ROOT } from './codeServer.mjs';
import { makeDesktopProfile } from './testProfile.mjs';

/** Where test-electron keeps the VS Code it downloads (git-ignored). */
export const VSCODE_CACHE = path.join(PROJECT_ROOT, '.vscode-test');

/**
 * An upper bound on resolving and downloading VS Code. test-electron already gives up on a request that stays silent
 * for 15 s (and retries the archive 3 times); this only bounds a download that trickles on for ever.
 */
const DOWNLOAD_DEADLINE_MS = 15 * 60_000;

/** test-electron's folder names for the VS Code builds it downloads: vscode-<platform>-<version>. */
const PLATFORM_PREFIX = /** @type {Readonly<Record<string, string>>} */ ({ linux: 'linux', darwin: 'darwin', win32: 'win32' });

/**
 * The newest complete VS Code for this platform test-electron has in `cachePath`, as its version; undefined if none.
 * @param {string} [cachePath]
 * @param {string} [platform] process.platform
 */
export function cachedVSCodeVersion(cachePath = VSCODE_CACHE, platform = process.platform) {
  const prefix = PLATFORM_PREFIX[platform];
  if (!prefix) return undefined;
  let entries;
  try { entries = fs.readdirSync(cachePath); } catch { return undefined; }
  const versions = entries
    .map((name) => /^vscode-(?<platform>[a-z0-9-]+)-(?<version>\d+\.\d+\.\d+)$/.exec(name))
    .filter((m) => m?.groups && m.groups.platform.startsWith(prefix) && fs.existsSync(path.join(cachePath, m[0], 'is-complete')))
    .map((m) => /** @type {string} */ (m?.groups?.version));
  const numeric = (/** @type {string} */ v) => v.split('.').map(Number);
  versions.sort((a, b) => {
    const [x, y] = [numeric(a), numeric(b)];
    return (y[0] - x[0]) || (y[1] - x[1]) || (y[2] - x[2]);
  });
  return versions[0];
}

/**
 * The desktop VS Code to run: `executable` when given (it must exist), otherwise test-electron's copy in .vscode-test,
 * downloaded first when there is none (the newest stable VS Code that satisfies the extension's engines.vscode).
 * Rejects with a message fit for "could not …" when it cannot be had.
 * @param {{ executable?: string, ext: string }} o
 * @returns {Promise<string>}
 */
export async function resolveDesktopVSCode({ executable, ext }) {
  if (executable) {
    if (!fs.existsSync(executable)) throw new Error(`the desktop VS Code ${executable} does not exist`);
    return path.resolve(executable);
  }
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no VS Code after ${DOWNLOAD_DEADLINE_MS / 60_000} minutes`)), DOWNLOAD_DEADLINE_MS);
  });
  try {
    const download = downloadAndUnzipVSCode({ extensionDevelopmentPath: ext, cachePath: VSCODE_CACHE });
    return /** @type {string} */ (await Promise.race([download, deadline]));
  } catch (e) {
    throw new Error(`could not download VS Code into .vscode-test (${e instanceof Error ? e.message : String(e)})`);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Run the tests module in desktop VS Code.
 * @param {object} o
 * @param {string} o.executable the VS Code to run (resolveDesktopVSCode)
 * @param {string} o.ext extension folder (extensionDevelopmentPath)
 * @param {string} o.tests tests module without .js (extensionTestsPath)
 * @param {string} o.workspace folder the window opens
 * @param {string} o.dataDir an empty folder for this run's profile (user data, extensions, XDG_CONFIG_HOME)
 * @param {Record<string, string>} o.extensionEnvironment added to VS Code's environment (the --env options, MOCHA_*)
 * @returns {import('./hostChoice.mjs').HostRun}
 */
export function startElectronRun({ executable, ext, tests, workspace, dataDir, extensionEnvironment }) {
  const { userDataDir, extensionsDir } = makeDesktopProfile(dataDir);
  // As in code-server: linode-cli's and the shared Linode config files of the user are not the tests' business.
  const configHome = path.join(dataDir, 'config');
  fs.mkdirSync(configHome, { recursive: true });

  // test-electron owns the VS Code process and ends it on SIGINT (gracefully, and by killing the process tree on a
  // second one): its listeners are the way to stop a run that timed out. Only the listeners runTests adds are called.
  const ours = new Set(process.listeners('SIGINT'));
  const pokeTestElectron = () => {
    for (const listener of process.listeners('SIGINT')) if (!ours.has(listener)) listener('SIGINT');
  };

  let settled = false;
  /** @type {Promise<import('./hostChoice.mjs').HostOutcome>} */
  const outcome = runTests({
    vscodeExecutablePath: executable,
    extensionDevelopmentPath: ext,
    extensionTestsPath: tests,
    extensionTestsEnv: { XDG_CONFIG_HOME: configHome, ...extensionEnvironment },
    launchArgs: [
      workspace,
      '--disable-extensions',
      `--user-data-dir=${userDataDir}`,
      `--extensions-dir=${extensionsDir}`,
      // Secrets the tests store stay in this run's profile, not in the desktop's keyring.
      ...(process.platform === 'linux' ? ['--password-store=basic'] : []),
    ],
  }).then(
    (code) => /** @type {const} */ ({ kind: 'exit', code }),
    (error) => {
      if (error instanceof TestRunFailedError) {
        return error.signal
          ? /** @type {const} */ ({ kind: 'broken', why: `VS Code was ended by ${error.signal}` })
          : /** @type {const} */ ({ kind: 'exit', code: error.code ?? 1 });
      }
      return /** @type {const} */ ({ kind: 'broken', why: `VS Code could not be run: ${error instanceof Error ? error.message : String(error)}` });
    },
  ).finally(() => { settled = true; });

  const settledWithin = (/** @type {number} */ ms) => Promise.race([
    outcome.then(() => true),
    new Promise((resolve) => setTimeout(() => resolve(false), ms).unref()),
  ]);
  /** @type {Promise<void> | undefined} */
  let stopped;
  const stop = () => stopped ??= (async () => {
    if (settled) return;
    pokeTestElectron();
    if (await settledWithin(10_000)) return;
    pokeTestElectron();
    await settledWithin(5_000);
  })();
  return { outcome, stop, log: () => '', label: 'desktop VS Code (@vscode/test-electron)' };
}
