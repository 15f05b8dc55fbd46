// @ts-check
// What `npm start` and scripts/screenshot.mjs share: build, start the Linode API simulator in-process, and
// open the extension (from source) in a code-server pointed at it.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PROJECT_ROOT, remoteUri, startCodeServer, workbenchUrl } from './codeServer.mjs';

/** @type {Readonly<Record<string, string>>} */
export const THEMES = Object.freeze({ dark: 'Default Dark Modern', light: 'Default Light Modern' });

/**
 * The simulator as a dev session uses it; `login` is its login origin for Sign In with Linode, when it has one.
 * @typedef {{ apiUrl: string, uploadOrigin?: string, token: string, login: { origin: string, publicClientId: string } | null,
 *   close(): Promise<void> }} DevSimulator
 */

/** `npm run build` (esbuild bundle to dist/ and tsc to out/); throws when it fails. */
export function buildProject() {
  const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8'));
  if (!pkg.scripts?.build) {
    console.warn('[dev] package.json has no "build" script; using the existing dist/ and out/');
    return;
  }
  console.log('[dev] npm run build');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['run', '--silent', 'build'], { cwd: PROJECT_ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`npm run build failed (${r.error?.message ?? `exit ${r.status}`})`);
}

/**
 * The Linode API simulator, in this process: out/simulator/index.js (compiled from simulator/) exports
 * startSimulator(opts) -> Promise<{ apiUrl, uploadOrigin, close() }> and SIMULATOR_TOKEN.
 * LINODE_IMAGES_SIMULATOR_MODULE names another module with the same exports.
 * @returns {Promise<DevSimulator>}
 */
export async function startSimulatorInProcess(opts = { lifecycleMs: 4000 }) {
  const file = path.resolve(process.env.LINODE_IMAGES_SIMULATOR_MODULE || path.join(PROJECT_ROOT, 'out/simulator/index.js'));
  if (!fs.existsSync(file)) throw new Error(`simulator not built: ${file} is missing (run: npm run build)`);
  const mod = await import(pathToFileURL(file).href);
  const api = typeof mod.startSimulator === 'function' ? mod : mod.default;
  if (typeof api?.startSimulator !== 'function') throw new Error(`${file} does not export startSimulator()`);
  const sim = await api.startSimulator(opts);
  const token = api.SIMULATOR_TOKEN ?? sim.token;
  if (!sim?.apiUrl || !token) throw new Error(`${file}: startSimulator() gave no apiUrl, or no SIMULATOR_TOKEN is exported`);
  // The login origin (Sign in with Linode against the simulator), when this simulator has one.
  const login = await fetch(`${sim.apiUrl}/__simulator/`).then((r) => r.json()).then((info) => info.login ?? null).catch(() => null);
  return { apiUrl: sim.apiUrl, uploadOrigin: sim.uploadOrigin, token, login, close: () => Promise.resolve(sim.close?.()) };
}

/** A throw-away folder for the dev window to open. */
export function makeDevWorkspace(parent) {
  const dir = path.join(parent, 'linode-images-playground');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'README.md'),
    '# Linode Images playground\n\nThis window talks to the local Linode API simulator, not to Linode.\n');
  return dir;
}

/**
 * The dev window's settings: the simulator's API, and Sign In with Linode against its login origin (also F5's).
 * @param {DevSimulator} sim
 * @param {string} [theme]
 */
export function devSettings(sim, theme) {
  return {
    'linodeImages.apiUrl': sim.apiUrl,
    // "Sign In with Linode" goes to the simulator's login page (user sim-user or sim-teammate, any password).
    ...(sim.login ? {
      'linodeImages.signIn.loginUrl': sim.login.origin,
      'linodeImages.signIn.clientId': sim.login.publicClientId,
      'linodeImages.signIn.port': 0,
      'linodeImages.signIn.redirect': 'loopback',
    } : {}),
    ...(theme ? { 'workbench.colorTheme': THEMES[theme] ?? theme } : {}),
  };
}

/**
 * code-server running the extension from `ext` (default: this project) against the simulator, with the
 * simulator's token in LINODE_CLI_TOKEN unless tokenInEnv is false.
 * @param {{ sim: DevSimulator, ext?: string, port?: number, theme?: string, settings?: Record<string, unknown>,
 *   tokenInEnv?: boolean }} o
 * @returns {Promise<{server: Awaited<ReturnType<typeof startCodeServer>>, url: string, workspace: string, stop(): Promise<void>}>}
 *   url: the workbench to open
 */
export async function startDevCodeServer({ sim, ext = PROJECT_ROOT, port, theme, settings, tokenInEnv = true }) {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'linode-images-dev-'));
  const workspace = makeDevWorkspace(scratch);
  /** @type {Record<string, string>} */
  const env = tokenInEnv ? { LINODE_CLI_TOKEN: sim.token } : {};
  let server;
  try {
    // smokeTestDriver: without it the workbench ignores extensionDevelopmentPath in the URL payload
    // (and code-server rejects --extensionDevelopmentPath on its command line).
    server = await startCodeServer({ workspace, port, env, smokeTestDriver: true,
      settings: { ...devSettings(sim, theme), ...settings } });
  } catch (e) {
    fs.rmSync(scratch, { recursive: true, force: true });
    throw e;
  }
  const url = workbenchUrl(server.url, {
    folder: workspace,
    payload: [
      ['extensionDevelopmentPath', remoteUri(server.url, ext)],
      ['extensionEnvironment', JSON.stringify(env)],
      ['skipWelcome', 'true'],
      ['skipReleaseNotes', 'true'],
    ],
  });
  const stop = async () => {
    await server.stop();
    fs.rmSync(scratch, { recursive: true, force: true });
  };
  return { server, url, workspace, stop };
}

/** The desktop `code` command, when one is on PATH. */
export function findDesktopCode() {
  const names = process.platform === 'win32' ? ['code.cmd', 'code.exe'] : ['code'];
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const name of names) {
      const file = path.join(dir, name);
      try {
        fs.accessSync(file, fs.constants.X_OK);
        if (fs.statSync(file).isFile()) return file;
      } catch { /* not here */ }
    }
  }
  return undefined;
}

/**
 * Desktop VS Code with the extension from source, its own user-data-dir and settings.
 * @returns {{ child: import('node:child_process').ChildProcess, exited: Promise<number>, stop(): Promise<void> }}
 */
export function startDesktopCode({ code, sim, ext = PROJECT_ROOT, theme }) {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'linode-images-desktop-'));
  const userDataDir = path.join(scratch, 'user-data');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none',
    'security.workspace.trust.enabled': false,
    'extensions.autoUpdate': false,
    ...devSettings(sim, theme),
  }, null, 2) + '\n');
  const workspace = makeDevWorkspace(scratch);
  // --wait keeps the command running until the window is closed.
  const child = spawn(code, ['--new-window', '--wait', `--extensionDevelopmentPath=${ext}`,
    `--user-data-dir=${userDataDir}`, `--extensions-dir=${path.join(scratch, 'extensions')}`,
    '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes', workspace],
  { env: { ...process.env, LINODE_CLI_TOKEN: sim.token }, stdio: 'inherit' });
  const exited = new Promise((resolve) => child.on('exit', (c) => resolve(c ?? 0)));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
    fs.rmSync(scratch, { recursive: true, force: true });
  };
  return { child, exited, stop };
}
