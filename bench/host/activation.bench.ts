// Activation in a real extension host: time, heap, and proof that it sends no request even with a token at hand.
//
// Besides the total (from `extension.activate()` until its promise resolves: what VS Code spends), the bench
// watches Node's loader for the bundle, so it can tell apart the bundle's loading (compile and top-level code),
// the extension's own `activate()` body, and the host's work around them (creating the extension context, its
// storage, messages to the workbench). The product is not changed for this; the bench only observes.
import * as assert from 'node:assert/strict';
import Module from 'node:module';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { SIMULATOR_TOKEN, startSimulator } from '../../simulator';
import { extension, record, settings, sleep } from './figures';

interface Marks {
  loadStart?: number;
  loadEnd?: number;
  bodyStart?: number;
  bodyEnd?: number;
}

type JsLoader = (module: NodeJS.Module, filename: string) => void;

/** Times the loading of `bundle` and its exported activate(), through Node's .js loader. */
function watchBundle(bundle: string, marks: Marks): () => void {
  const loaders = (Module as unknown as { _extensions: Record<string, JsLoader> })._extensions;
  const original = loaders['.js'];
  loaders['.js'] = (module, filename) => {
    if (filename !== bundle) return original(module, filename);
    marks.loadStart = performance.now();
    original(module, filename);
    marks.loadEnd = performance.now();
    const exported = module.exports as { activate: (...args: unknown[]) => Promise<unknown> };
    const activate = exported.activate;
    module.exports = {
      ...exported,
      activate: async (...args: unknown[]) => {
        marks.bodyStart = performance.now();
        try {
          return await activate(...args);
        } finally {
          marks.bodyEnd = performance.now();
        }
      },
    };
  };
  return () => {
    loaders['.js'] = original;
  };
}

describe('bench activation', () => {
  it('activates without network I/O; time and heap', async function () {
    this.timeout(60_000);
    const ext = extension();
    assert.equal(ext.isActive, false, 'the extension must not be active before the benchmark activates it');
    // The empty extension (bench:activate's floor) has the same id, no settings and no API: only the timings count.
    const empty = (ext.packageJSON as { contributes?: unknown }).contributes === undefined;
    // A simulator the settings point at, and a token in the environment: an activation that loaded anything
    // would show up in the simulator's record.
    const sim = await startSimulator({ seed: 'scale' });
    const marks: Marks = {};
    const unwatch = watchBundle(path.join(ext.extensionPath, 'dist', 'extension.js'), marks);
    try {
      if (!empty) await settings().update('apiUrl', sim.apiUrl, vscode.ConfigurationTarget.Global);
      process.env.LINODE_CLI_TOKEN = SIMULATOR_TOKEN;
      // Let the workbench's own start-up work settle, as it has by the time a user opens the view.
      await sleep(3000);
      const heapBefore = process.memoryUsage();
      const started = performance.now();
      const api = await ext.activate();
      const ended = performance.now();
      const heapAfter = process.memoryUsage();
      await sleep(2000);
      const requests = sim.requests.length;
      const span = (from?: number, to?: number): number | null => (from !== undefined && to !== undefined ? to - from : null);
      // One SecretStorage read, which activate() makes (the stored token): in code-server a round trip to the browser.
      const secretStarted = performance.now();
      if (!empty) await api.services.context.secrets.get('linodeImages.benchProbe');
      record({
        activationMs: ended - started,
        moduleLoadMs: span(marks.loadStart, marks.loadEnd),
        activateBodyMs: span(marks.bodyStart, marks.bodyEnd),
        hostBeforeLoadMs: span(started, marks.loadStart),
        hostBetweenLoadAndActivateMs: span(marks.loadEnd, marks.bodyStart),
        hostAfterActivateMs: span(marks.bodyEnd, ended),
        secretReadMs: performance.now() - secretStarted,
        heapUsedDeltaBytes: heapAfter.heapUsed - heapBefore.heapUsed,
        heapUsedAfterBytes: heapAfter.heapUsed,
        requestsDuringActivation: requests,
        treeLoaded: empty ? false : api.services.store.loaded,
      });
      assert.equal(requests, 0, 'activation must not call the API');
      if (!empty) assert.equal(api.services.store.loaded, false, 'activation must not load the images');
    } finally {
      unwatch();
      delete process.env.LINODE_CLI_TOKEN;
      if (!empty) await settings().update('apiUrl', undefined, vscode.ConfigurationTarget.Global);
      await sim.close();
    }
  });
});
