// @ts-check
// Which VS Code runs the extension-host tests: desktop VS Code through @vscode/test-electron, or the offline
// code-server host (VS Code server + headless Chromium). A pure decision, facts in and choice out, so that
// test/unit/testHostChoice.test.mjs can check every rule; run-extension-tests.mjs gathers the facts and prints
// describeChoice(choice). The rules, first match wins:
//   1. --host electron|code-server, or LINODE_IMAGES_TEST_HOST_KIND=electron|code-server, forces the host ("auto" or
//      unset: go on).
//   2. A desktop VS Code given by --vscode PATH or VSCODE_EXECUTABLE: test-electron runs that one.
//   3. macOS and Windows: test-electron (it downloads VS Code into .vscode-test); if it cannot, code-server when that
//      is installed.
//   4. Linux with a display (DISPLAY or WAYLAND_DISPLAY): test-electron, with the VS Code cached in .vscode-test or
//      one it downloads; if it cannot, code-server.
//   5. Otherwise (Linux without a display, as on CI): code-server.
// A forced or given desktop VS Code never falls back: a failure there is the run's failure.

/** The environment variable that forces a host (LINODE_IMAGES_TEST_HOST is taken: it moves the test host's folder). */
export const HOST_ENV = 'LINODE_IMAGES_TEST_HOST_KIND';

/** @typedef {'electron' | 'code-server'} HostKind */

/**
 * @typedef {object} HostChoice
 * @property {HostKind} host
 * @property {string} why the rule that chose it, as a reader wants it said
 * @property {string} [vscodeExecutablePath] the desktop VS Code to run (electron only; unset: test-electron's download)
 * @property {boolean} fallback whether code-server may run the suite when desktop VS Code cannot be had (its download
 *   failed, or it exited before the suite started)
 */

/** @type {Readonly<Record<string, string>>} */
const PLATFORM_NAMES = Object.freeze({ darwin: 'macOS', win32: 'Windows', linux: 'Linux' });

/**
 * @param {object} facts
 * @param {string} facts.platform process.platform
 * @param {Record<string, string | undefined>} facts.env process.env
 * @param {string} [facts.hostOption] the --host option
 * @param {string} [facts.vscodeOption] the --vscode option
 * @param {string} [facts.cachedVSCode] the version of a complete VS Code for this platform in .vscode-test, if any
 * @param {boolean} [facts.codeServerInstalled] whether the code-server host is installed (it installs itself on Linux)
 * @returns {HostChoice}
 */
export function chooseTestHost({ platform, env, hostOption, vscodeOption, cachedVSCode, codeServerInstalled = false }) {
  const given = vscodeOption || env.VSCODE_EXECUTABLE || undefined;
  const givenBy = vscodeOption ? `--vscode ${vscodeOption}` : `VSCODE_EXECUTABLE=${given}`;

  // 1. Forced.
  const forced = hostOption || env[HOST_ENV] || undefined;
  const forcedBy = hostOption ? `--host ${hostOption}` : `${HOST_ENV}=${forced}`;
  if (forced !== undefined && forced !== 'auto') {
    if (forced === 'code-server') return { host: 'code-server', why: `forced by ${forcedBy}`, fallback: false };
    if (forced === 'electron') {
      return given
        ? { host: 'electron', why: `forced by ${forcedBy}; the desktop VS Code given by ${givenBy}`, vscodeExecutablePath: given, fallback: false }
        : { host: 'electron', why: `forced by ${forcedBy}; ${vscodeSource(cachedVSCode)}`, fallback: false };
    }
    throw new Error(`${forcedBy}: expected electron, code-server or auto`);
  }

  // 2. A desktop VS Code the user named.
  if (given) return { host: 'electron', why: `desktop VS Code given by ${givenBy}`, vscodeExecutablePath: given, fallback: false };

  // 3. macOS and Windows.
  if (platform === 'darwin' || platform === 'win32') {
    return {
      host: 'electron',
      why: `${PLATFORM_NAMES[platform]}; ${vscodeSource(cachedVSCode)}${codeServerInstalled ? '' : ' (no code-server host installed to fall back on)'}`,
      fallback: codeServerInstalled,
    };
  }

  // 4. and 5. Linux: a display or not.
  if (platform === 'linux') {
    const display = env.DISPLAY ? `DISPLAY=${env.DISPLAY}` : env.WAYLAND_DISPLAY ? `WAYLAND_DISPLAY=${env.WAYLAND_DISPLAY}` : undefined;
    if (display) return { host: 'electron', why: `Linux with a display (${display}); ${vscodeSource(cachedVSCode)}`, fallback: true };
    return { host: 'code-server', why: 'Linux with no display (neither DISPLAY nor WAYLAND_DISPLAY is set)', fallback: false };
  }
  return { host: 'code-server', why: `no desktop VS Code build for ${platform}`, fallback: false };
}

/** @param {string | undefined} cachedVSCode */
function vscodeSource(cachedVSCode) {
  return cachedVSCode ? `VS Code ${cachedVSCode} cached in .vscode-test` : 'VS Code to be downloaded into .vscode-test';
}

/** The name a host goes by in the runner's output. */
export function hostName(/** @type {HostKind} */ host) {
  return host === 'electron' ? 'desktop VS Code (@vscode/test-electron)' : 'code-server (VS Code server in headless Chromium)';
}

/** The one line the runner prints about its choice (after "[extension-tests] "). */
export function describeChoice(/** @type {HostChoice} */ choice) {
  return `host: ${hostName(choice.host)} — ${choice.why}`;
}

/** The line the runner prints when desktop VS Code could not be had and code-server runs the suite instead. */
export function describeFallback(/** @type {string} */ reason) {
  return `host: ${hostName('code-server')} instead — ${reason}`;
}

/**
 * How a host's run ended: VS Code reported the extension host's exit code (0: the tests module's run() resolved), or
 * the host broke before that (why says how).
 * @typedef {{ kind: 'exit', code: number } | { kind: 'broken', why: string }} HostOutcome
 */

/**
 * One run in one host, as codeServerHost.mjs and electronHost.mjs start it.
 * @typedef {object} HostRun
 * @property {Promise<HostOutcome>} outcome
 * @property {() => Promise<void>} stop ends the host (and what it started); safe to call more than once
 * @property {() => string} log the host's own log, shown when a run times out or breaks ('' when it has none)
 * @property {string} label the host as the run's closing line names it when the suite wrote no result
 */
