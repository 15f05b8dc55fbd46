// The extension host's heap with the 10,024 images of the simulator's `scale` seed loaded, after a forced GC. Run
// once with this tree's bundle and once with the bundle of the commit before the image store (bench/store.ts
// builds both), so it reaches the extension only through what both versions export:
//   before the store: services.tree.loaded, services.tree.allImages()
//   with the store:   services.store.loaded, services.store.allImages()
// and services.tokens / services.tree.getChildren(), which both have. The simulator runs in a process of its own
// (BENCH_API_URL), so the heap holds the extension's images and not the simulator's.
import * as assert from 'node:assert/strict';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import * as vscode from 'vscode';
import { SIMULATOR_TOKEN } from '../../simulator/tokens';
import { extension, record, settings, sleep, until } from './figures';

const IMAGES = 10_024;

interface ImageHolder {
  loaded: boolean;
  allImages(): unknown[];
}

interface Node {
  type: string;
  id: string;
  group?: { count: number };
}

interface BothApis {
  tokens: { store(token: string): Promise<void>; clear(): Promise<void> };
  tree: ImageHolder & { getChildren(node?: Node): Node[] | Promise<Node[]> };
  store?: ImageHolder;
}

/** Heap used after full collections (gc exposed at run time: the host is not started with --expose-gc). */
async function heapAfterGc(): Promise<NodeJS.MemoryUsage> {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  for (let round = 0; round < 4; round++) {
    gc();
    await sleep(200);
  }
  return process.memoryUsage();
}

describe('bench heap', () => {
  it('holds 10,024 images', async function () {
    this.timeout(10 * 60_000);
    const apiUrl = process.env.BENCH_API_URL;
    assert.ok(apiUrl, 'BENCH_API_URL is set (a simulator started by bench/store.ts)');
    const api = (await extension().activate()) as unknown as { services: BothApis };
    const services = api.services;
    const holder: ImageHolder = services.store ?? services.tree;
    const version = services.store ? 'image store' : 'before the image store';
    try {
      await settings().update('apiUrl', apiUrl, vscode.ConfigurationTarget.Global);
      const before = await heapAfterGc();
      const started = Date.now();
      await services.tokens.store(SIMULATOR_TOKEN);
      const roots = await services.tree.getChildren();
      await until(() => holder.loaded && holder.allImages().length === IMAGES, `${IMAGES} images loaded`, 300_000);
      const loadMs = Date.now() - started;
      // The view's root and its largest group's rows, as when the view is open on them.
      const groups = (await services.tree.getChildren()).filter((node) => node.type === 'group');
      const largest = groups.sort((a, b) => (b.group?.count ?? 0) - (a.group?.count ?? 0))[0];
      const rows = largest ? (await services.tree.getChildren(largest)).length : 0;
      await sleep(3_000); // whatever follows a load (the new version writes the listing to disk) is over
      const after = await heapAfterGc();
      record({
        heap: {
          version,
          images: holder.allImages().length,
          rootNodesFirstAsked: roots.length,
          largestGroup: largest ? { id: largest.id, rows } : null,
          loadMs,
          before: { heapUsed: before.heapUsed, heapTotal: before.heapTotal, rss: before.rss, external: before.external },
          after: { heapUsed: after.heapUsed, heapTotal: after.heapTotal, rss: after.rss, external: after.external },
        },
      });
    } finally {
      await services.tokens.clear();
      await settings().update('apiUrl', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
