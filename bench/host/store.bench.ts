// The image store and its sync, in a real extension host, against the simulator's `scale` seed (10,024 images)
// with Linode's rate limits on. Every figure is measured side by side with the approach before the store, in the
// same host (see bench/store.ts for what each row means):
//   1. second start: signing in again with the listing kept on disk, against a first load without one;
//   2. a Refresh with nothing changed: sync.refresh() (account events) against sync.reloadAll() (every page);
//   3. one image renamed elsewhere: the requests until the store shows it, refresh against reloadAll;
//   4. one polled image changes while the view shows the largest region and the image's other region: the rows
//      VS Code redraws (its getTreeItem calls) for store.upsertImage() against tree.regroup() (what each change
//      did before).
// The view stays hidden for 1–3 (the poller is silent then, so every request counted is the sync's).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { Image } from '../../src/core/api/types';
import type { TreeNode } from '../../src/host/tree/imagesTreeProvider';
import { SIMULATOR_TOKEN, startSimulator, type RecordedExchange, type Simulator } from '../../simulator';
import { extension, median, record, settings, sleep, until, VIEW_CONTAINER_COMMAND } from './figures';

const IMAGES = 10_024;
const RUNS = 5;
/** Quiet this long after the last getTreeItem call, VS Code is taken to have finished redrawing. */
const QUIET_MS = 1_000;

type GroupNode = Extract<TreeNode, { type: 'group' }>;

/** What a set of recorded requests was, by kind. */
export interface RequestSummary {
  requests: number;
  eventReads: number;
  imageReads: number;
  listPages: number;
  regionReads: number;
  other: string[];
  /** Answered 429 (refused by the rate limits). */
  refused: number;
  /** Any other answer than 2xx, 429 included. */
  failed: number;
}

function summarize(requests: readonly RecordedExchange[]): RequestSummary {
  const api = requests.filter((r) => r.origin === 'api');
  const path = (r: RecordedExchange): string => r.path.replace(/^\/v4(beta)?/, '');
  const other = api.filter((r) => !/^\/(account\/events|images|regions)(\?|$)/.test(path(r)) && !/^\/images\/[^/?]+$/.test(path(r)));
  return {
    requests: api.length,
    eventReads: api.filter((r) => /^\/account\/events(\?|$)/.test(path(r))).length,
    imageReads: api.filter((r) => /^\/images\/[^/?]+$/.test(path(r))).length,
    listPages: api.filter((r) => /^\/images(\?|$)/.test(path(r))).length,
    regionReads: api.filter((r) => /^\/regions(\?|$)/.test(path(r))).length,
    other: other.map((r) => `${r.method} ${r.path}`),
    refused: api.filter((r) => r.status === 429).length,
    failed: api.filter((r) => r.status < 200 || r.status >= 300).length,
  };
}

/** Runs `work` and returns how long it took and the requests the simulator saw meanwhile. */
async function measured(sim: Simulator, work: () => Promise<unknown>): Promise<{ ms: number; requests: RequestSummary }> {
  sim.requests.length = 0;
  const started = performance.now();
  await work();
  const ms = performance.now() - started;
  const requests = summarize(sim.requests);
  sim.requests.length = 0; // recorded pages would only weigh on this process's heap
  return { ms, requests };
}

function largestGroup(roots: readonly TreeNode[]): GroupNode {
  const groups = roots.filter((node): node is GroupNode => node.type === 'group');
  const largest = [...groups].sort((a, b) => b.group.count - a.group.count)[0];
  assert.ok(largest, 'the root has groups');
  return largest;
}

/** A private image that is available everywhere (nothing polls it), optionally with at least `regions` copies. */
function settledImage(images: readonly Image[], regions = 1, not?: string): Image {
  const found = images.find(
    (image) => !image.is_public && image.id !== not && image.status === 'available' && image.regions.length >= regions && image.regions.every((r) => r.status === 'available'),
  );
  assert.ok(found, `a settled private image with ${regions}+ regions`);
  return found;
}

async function renameElsewhere(sim: Simulator, imageId: string, label: string): Promise<void> {
  const response = await fetch(`${sim.apiUrl}/__simulator/elsewhere`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ action: 'rename', imageId, label }),
  });
  if (!response.ok) throw new Error(`POST /__simulator/elsewhere: HTTP ${response.status} ${await response.text()}`);
}

describe('bench store', () => {
  it('second start, refresh, a change made elsewhere and a polled change, each against the approach before', async function () {
    this.timeout(30 * 60_000);
    const sim = await startSimulator({ seed: 'scale', holdSeedTransitions: true, rateLimits: true, recordLimit: 100_000 });
    const windowMs = sim.rateLimits?.windowMs ?? 60_000;
    const api = await extension().activate();
    const { context, store, sync, tree, tokens, treeView } = api.services;
    const storage = context.globalStorageUri.fsPath;
    const keptListings = (): string[] => (fs.existsSync(storage) ? fs.readdirSync(storage).filter((f) => /^listing-.*\.json$/.test(f)) : []);
    /** When the last full listing ended: the next one waits for fresh rate-limit windows, as a user's would. */
    let listedAt = 0;
    const freshListWindow = async (): Promise<number> => {
      const wait = Math.max(0, listedAt + windowMs + 1_000 - Date.now());
      await sleep(wait);
      return wait;
    };
    try {
      await settings().update('apiUrl', sim.apiUrl, vscode.ConfigurationTarget.Global);
      await settings().update('groupBy', 'region', vscode.ConfigurationTarget.Global);
      assert.equal(treeView.visible, false, 'the view starts hidden (no polling while the sync is measured)');

      // ---- 1. second start ---------------------------------------------------------------------------------
      // Today: a first load without a kept listing, from signing in until the root and the largest group's rows
      // are made (what opening the view asks for).
      for (const file of keptListings()) fs.rmSync(`${storage}/${file}`);
      let largestId = '';
      let largestChildren = 0;
      const firstLoad = await measured(sim, async () => {
        await tokens.store(SIMULATOR_TOKEN);
        const roots = await tree.getChildren();
        const largest = largestGroup(roots);
        largestId = largest.id;
        largestChildren = (await tree.getChildren(largest)).length;
      });
      listedAt = Date.now();
      assert.equal(store.size, IMAGES);
      const figures: Record<string, unknown> = { firstLoad: { ...firstLoad, state: store.state.kind, largestGroup: { id: largestId, children: largestChildren } } };
      record({ store: figures });
      await until(() => keptListings().length === 1, 'the listing to be kept on disk', 60_000);
      figures.keptBytes = fs.statSync(`${storage}/${keptListings()[0]}`).size;

      // New: signing in again with the same token; the sync forgets the store and starts from the kept listing.
      const secondStarts: Array<Record<string, unknown>> = [];
      for (let run = 0; run < RUNS; run++) {
        await until(() => store.loaded, 'the store to be in step', 120_000);
        await sleep(500);
        sim.requests.length = 0;
        const started = performance.now();
        await tokens.store(SIMULATOR_TOKEN);
        const secretWriteMs = performance.now() - started;
        const roots = await tree.getChildren();
        const largest = largestGroup(roots);
        const children = (await tree.getChildren(largest)).length;
        const shownMs = performance.now() - started;
        const stateWhenShown = store.state.kind;
        const imagesShown: number = store.size;
        await until(() => store.loaded, 'the sync behind the kept listing', 120_000);
        const inStepMs = performance.now() - started;
        secondStarts.push({ shownMs, secretWriteMs, stateWhenShown, imagesShown, largestGroup: { id: largest.id, children }, inStepMs, requests: summarize(sim.requests) });
        sim.requests.length = 0;
        assert.equal(imagesShown, IMAGES, 'the kept listing shows every image');
        assert.equal(largest.id, largestId);
        assert.equal(children, largestChildren, 'the kept listing shows the same largest group');
      }
      figures.secondStarts = secondStarts;
      figures.secondStartMedianMs = median(secondStarts.map((s) => s.shownMs as number));
      record({ store: figures });

      // ---- 2. a Refresh with nothing changed: new first (no listing), then today's after fresh windows ----------
      await until(() => store.loaded, 'the store to be in step', 120_000);
      assert.equal(sync.usesEvents, true, 'the sync reads account events');
      const refreshes = [];
      for (let run = 0; run < RUNS; run++) refreshes.push(await measured(sim, () => sync.refresh()));
      assert.ok(store.loaded);
      figures.refresh = { runs: refreshes, medianMs: median(refreshes.map((r) => r.ms)), mostRequests: Math.max(...refreshes.map((r) => r.requests.requests)) };
      record({ store: figures });

      // ---- 3. one image renamed elsewhere: the requests until the store shows it ----------------------------------
      const renamed = settledImage(store.allImages());
      const newLabel = `renamed-elsewhere-${Date.now()}`;
      await renameElsewhere(sim, renamed.id, newLabel);
      assert.notEqual(store.image(renamed.id)?.label, newLabel);
      const elsewhereRefresh = await measured(sim, () => sync.refresh());
      assert.equal(store.image(renamed.id)?.label, newLabel, 'refresh shows the change made elsewhere');
      figures.elsewhereRefresh = { ...elsewhereRefresh, imageId: renamed.id, shown: store.image(renamed.id)?.label === newLabel };
      record({ store: figures });

      // Today's: every image listed again. Each waits for fresh rate-limit windows first (as after a quiet minute).
      const reloadWait = await freshListWindow();
      const reload = await measured(sim, () => sync.reloadAll());
      listedAt = Date.now();
      assert.ok(store.loaded);
      figures.reloadAll = { ...reload, waitedForFreshWindowMs: reloadWait };
      record({ store: figures });

      const secondLabel = `renamed-again-${Date.now()}`;
      await renameElsewhere(sim, renamed.id, secondLabel);
      const elsewhereWait = await freshListWindow();
      const elsewhereReload = await measured(sim, () => sync.reloadAll());
      listedAt = Date.now();
      assert.equal(store.image(renamed.id)?.label, secondLabel, 'reload all shows the change made elsewhere');
      figures.elsewhereReloadAll = { ...elsewhereReload, waitedForFreshWindowMs: elsewhereWait, shown: store.image(renamed.id)?.label === secondLabel };
      record({ store: figures });

      // ---- 4. one polled image changes: rows VS Code redraws ----------------------------------------------------------
      // Every getTreeItem call VS Code makes is counted from before the view opens.
      const calls = { count: 0, lastAt: 0 };
      const getTreeItem = tree.getTreeItem.bind(tree);
      tree.getTreeItem = (node: TreeNode): vscode.TreeItem => {
        calls.count++;
        calls.lastAt = performance.now();
        return getTreeItem(node);
      };
      const fired: string[] = [];
      const firedSubscription = tree.onDidChangeTreeData((change) => {
        fired.push(change === undefined ? 'everything (undefined)' : `${Array.isArray(change) ? change.length : 1} row(s)`);
      });
      /** getTreeItem calls from `change` until VS Code has made none for QUIET_MS (waits up to 10 s for the first, 60 s in all). */
      const redraw = async (change: () => unknown): Promise<{ calls: number; lastCallMs: number; fired: string[] }> => {
        calls.count = 0;
        fired.length = 0;
        const started = performance.now();
        calls.lastAt = started;
        await change();
        for (;;) {
          await sleep(50);
          const now = performance.now();
          if (now - started > 60_000) throw new Error('VS Code kept asking for rows for 60 s');
          if (now - calls.lastAt >= QUIET_MS && (calls.count > 0 || now - started >= 10_000)) break;
        }
        return { calls: calls.count, lastCallMs: calls.count > 0 ? calls.lastAt - started : 0, fired: [...fired] };
      };
      try {
        const opened = await redraw(async () => {
          await vscode.commands.executeCommand(VIEW_CONTAINER_COMMAND);
          await until(() => treeView.visible, 'the view to be visible', 30_000);
        });
        const roots = await tree.getChildren();
        assert.ok(opened.calls >= roots.length, `VS Code drew the root (${opened.calls} getTreeItem calls for ${roots.length} root rows)`);
        const largest = largestGroup(roots);
        const regionOf = (group: GroupNode): string | undefined => group.group.entries[0]?.regionId;
        const largestRegion = regionOf(largest);
        assert.ok(largestRegion, 'the largest group is a region');
        const polled = settledImage(largest.group.entries.map((entry) => entry.image), 2, renamed.id);
        // The image's other group: the smallest region it has a copy in.
        const ownGroup = roots
          .filter((node): node is GroupNode => node.type === 'group' && node.id !== largest.id && node.group.entries.some((entry) => entry.image.id === polled.id))
          .sort((a, b) => a.group.count - b.group.count)[0];
        assert.ok(ownGroup, 'the image has a copy in another region');
        const expanded = await redraw(async () => {
          await treeView.reveal(largest, { expand: true, select: false, focus: false });
          await treeView.reveal(ownGroup, { expand: true, select: false, focus: false });
        });
        const shownRows = largest.group.entries.length + ownGroup.group.entries.length;
        assert.ok(expanded.calls >= shownRows, `VS Code drew both groups' rows (${expanded.calls} getTreeItem calls for ${shownRows} rows)`);
        const changed = (status: string): Image => ({ ...polled, regions: polled.regions.map((r) => (r.region === largestRegion ? { ...r, status } : r)) });
        const runs: Array<{ regroup: Awaited<ReturnType<typeof redraw>>; upsert: Awaited<ReturnType<typeof redraw>> }> = [];
        for (let run = 0; run < 3; run++) {
          const regroup = await redraw(() => tree.regroup());
          assert.ok(regroup.calls >= shownRows, `a full redraw draws the expanded groups again (${regroup.calls} getTreeItem calls)`);
          const upsert = await redraw(() => assert.ok(store.upsertImage(changed(run % 2 === 0 ? 'timedout' : 'available')), 'the copy differs'));
          assert.ok(upsert.fired.length > 0 && !upsert.fired.includes('everything (undefined)'), `the change redraws rows, not the tree (${upsert.fired.join('; ')})`);
          assert.ok(upsert.calls > 0, 'VS Code asks for the changed rows');
          runs.push({ regroup, upsert });
        }
        figures.rows = {
          largestGroup: { id: largest.id, rows: largest.group.entries.length },
          ownGroup: { id: ownGroup.id, rows: ownGroup.group.entries.length },
          rootRows: roots.length,
          imageId: polled.id,
          openingTheView: opened,
          expandingBoth: expanded,
          runs,
          regroupCalls: median(runs.map((r) => r.regroup.calls)),
          upsertCalls: median(runs.map((r) => r.upsert.calls)),
        };
        record({ store: figures });
      } finally {
        tree.getTreeItem = getTreeItem;
        firedSubscription.dispose();
      }
    } finally {
      await vscode.commands.executeCommand('workbench.view.explorer');
      await settings().update('groupBy', undefined, vscode.ConfigurationTarget.Global);
      await tokens.clear();
      await settings().update('apiUrl', undefined, vscode.ConfigurationTarget.Global);
      await sim.close();
    }
  });
});
