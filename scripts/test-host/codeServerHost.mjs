// @ts-check
// The offline test host for run-extension-tests.mjs: a fresh code-server (VS Code server, Node extension host) whose
// workbench headless Chromium opens with the extension and the tests module in its URL payload. The workbench calls
// codeAutomationExit(code) once the extension host has run the suite. Needs no display and no download beyond
// scripts/test-host/install.sh (which requireTestHost runs by itself the first time).
import fs from 'node:fs';
import { openWorkbench, remoteUri, startCodeServer, testHostPaths } from './codeServer.mjs';

/** Whether the code-server host is installed (Node 24 and code-server in the cache folder). */
export function codeServerInstalled() {
  const p = testHostPaths();
  return fs.existsSync(p.node) && fs.existsSync(p.codeServer);
}

/**
 * Start code-server and open the workbench on the tests; resolves once code-server answers.
 * @param {object} o
 * @param {string} o.ext extension folder (extensionDevelopmentPath)
 * @param {string} o.tests tests module without .js (extensionTestsPath)
 * @param {string} o.workspace folder the window opens
 * @param {Record<string, string>} o.env added to code-server's environment (the --env options)
 * @param {Record<string, string>} o.extensionEnvironment the extension host's environment for the run (--env, MOCHA_*)
 * @param {boolean} [o.verbose] echo the page's console and the automation log
 * @param {(msg: string) => void} o.say
 * @returns {Promise<import('./hostChoice.mjs').HostRun>}
 */
export async function startCodeServerRun({ ext, tests, workspace, env, extensionEnvironment, verbose = false, say }) {
  const started = Date.now();
  const server = await startCodeServer({ workspace, env, smokeTestDriver: true });
  say(`code-server ${server.url} up after ${((Date.now() - started) / 1000).toFixed(1)} s; opening the workbench in Chromium`);

  /** @type {Promise<{ close(): Promise<void> } | undefined> | undefined} */
  let workbench;
  /** @type {Promise<import('./hostChoice.mjs').HostOutcome>} */
  const outcome = new Promise((resolve) => {
    const opening = openWorkbench(server.url, {
      folder: workspace,
      payload: [
        ['extensionDevelopmentPath', remoteUri(server.url, ext)],
        ['extensionTestsPath', remoteUri(server.url, tests)],
        ['skipWelcome', 'true'],
        ['skipReleaseNotes', 'true'],
        ['extensionEnvironment', JSON.stringify(extensionEnvironment)],
      ],
      expose: {
        codeAutomationLog: (...args) => { if (verbose) console.log('[automation]', ...args); },
        codeAutomationExit: (code) => resolve({ kind: 'exit', code: Number(code) }),
      },
      onConsole: verbose ? (line) => console.log(line) : undefined,
    });
    workbench = opening.catch(() => undefined);
    opening.then((w) => w.page.on('crash', () => resolve({ kind: 'broken', why: 'the workbench page crashed' })),
      (error) => resolve({ kind: 'broken', why: `could not open the workbench: ${error instanceof Error ? error.message : error}` }));
  });

  /** @type {Promise<void> | undefined} */
  let stopped;
  const stop = () => stopped ??= (async () => {
    const w = await workbench;
    await w?.close();
    await server.stop();
  })();
  return { outcome, stop, log: () => server.readLog(), label: 'VS Code (code-server)' };
}
