// The polling budget in a real extension host, at the real default pace: an account of 10,024 images with 50
// in progress that stay in progress (held), the simulator enforcing Linode's rate limits, the view visible for
// BENCH_POLL_MINUTES (default 5) and then hidden. The simulator counts every request.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DEFAULT_PACE } from '../../src/host/tree/pendingPoller';
import { SIMULATOR_TOKEN, startSimulator, type RecordedExchange } from '../../simulator';
import { extension, record, settings, sleep, until, VIEW_CONTAINER_COMMAND } from './figures';

const HIDDEN_MS = 30_000;

describe('bench polling', () => {
  it('stays far inside the rate limits while 50 images are pending, and is silent while hidden', async function () {
    const minutes = Number(process.env.BENCH_POLL_MINUTES ?? '5');
    this.timeout((minutes + 5) * 60_000);
    const sim = await startSimulator({ seed: 'scale', holdSeedTransitions: true, rateLimits: true, recordLimit: 100_000 });
    const api = await extension().activate();
    const { store, tokens, treeView } = api.services;
    try {
      await settings().update('apiUrl', sim.apiUrl, vscode.ConfigurationTarget.Global);
      const loadStarted = Date.now();
      await tokens.store(SIMULATOR_TOKEN);
      // The view loads when it is shown, as for a user opening it; the measured window starts once it has loaded.
      await vscode.commands.executeCommand(VIEW_CONTAINER_COMMAND);
      await until(() => store.loaded, 'the first load', 180_000);
      const load = summarize(sim.requests, Date.now() - loadStarted);
      const pending = store.inProgressImages().length;
      assert.equal(pending, 50);

      sim.requests.length = 0;
      const cpuBefore = process.cpuUsage();
      const started = Date.now();
      await until(() => treeView.visible, 'the view to be visible', 30_000);
      await sleep(minutes * 60_000 - (Date.now() - started));
      const visibleMs = Date.now() - started;
      const cpu = process.cpuUsage(cpuBefore);
      const visible = [...sim.requests];

      await vscode.commands.executeCommand('workbench.view.explorer');
      await until(() => !treeView.visible, 'the view to be hidden', 30_000);
      await sleep(2_000); // a request already on its way when the view closed may still land
      sim.requests.length = 0;
      const hiddenCpuBefore = process.cpuUsage();
      await sleep(HIDDEN_MS);
      const hiddenCpu = process.cpuUsage(hiddenCpuBefore);
      const hidden = sim.requests.length;

      const perMinute: number[] = [];
      for (const exchange of visible) {
        const minute = Math.floor((Date.parse(exchange.at) - started) / 60_000);
        perMinute[minute] = (perMinute[minute] ?? 0) + 1;
      }
      const perImage = new Map<string, number[]>();
      for (const exchange of visible) {
        const id = /^\/v4\/images\/([^/?]+)$/.exec(exchange.path)?.[1];
        if (id) perImage.set(id, [...(perImage.get(id) ?? []), Date.parse(exchange.at)]);
      }
      const gaps = [...perImage.values()].flatMap((times) => times.slice(1).map((time, index) => time - times[index]));
      record({
        polling: {
          pace: DEFAULT_PACE,
          pendingImages: pending,
          load,
          visibleMs,
          requests: visible.length,
          perMinute: Array.from(perMinute, (count) => count ?? 0),
          listCalls: visible.filter((r) => r.path.startsWith('/v4/images?')).length,
          otherThanImageReads: visible.filter((r) => !/^\/v4\/images\/[^/?]+$/.test(r.path)).map((r) => `${r.method} ${r.path}`).slice(0, 10),
          failed: visible.filter((r) => r.status < 200 || r.status >= 300).length,
          distinctImages: perImage.size,
          mostReadsOfOneImage: Math.max(0, ...[...perImage.values()].map((times) => times.length)),
          shortestGapSameImageMs: gaps.length > 0 ? Math.min(...gaps) : null,
          hiddenMs: HIDDEN_MS,
          requestsWhileHidden: hidden,
          extensionHostCpuMs: { user: cpu.user / 1000, system: cpu.system / 1000 },
          // The same process with the view hidden (nothing polled): what the host costs anyway.
          extensionHostCpuHiddenMs: { user: hiddenCpu.user / 1000, system: hiddenCpu.system / 1000 },
        },
      });
      assert.equal(hidden, 0, 'no request while the view is hidden');
    } finally {
      await tokens.clear();
      await settings().update('apiUrl', undefined, vscode.ConfigurationTarget.Global);
      await sim.close();
    }
  });
});

function summarize(requests: readonly RecordedExchange[], elapsedMs: number): Record<string, unknown> {
  return {
    elapsedMs,
    requests: requests.length,
    listCalls: requests.filter((r) => r.path.startsWith('/v4/images?')).length,
    status429: requests.filter((r) => r.status === 429).length,
    failed: requests.filter((r) => r.status < 200 || r.status >= 300).length,
    refused: requests
      .filter((r) => r.status < 200 || r.status >= 300)
      .map((r) => `${r.at} ${r.status} ${r.method} ${r.path} retry-after=${r.responseHeaders['retry-after'] ?? ''}`),
    list: requests.map((r) => `${r.at.slice(11)} ${r.status} ${r.path} remaining=${r.responseHeaders['x-ratelimit-remaining'] ?? ''}`),
  };
}
