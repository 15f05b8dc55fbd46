// The polling budget, by request counts: however many images are pending, the poller sends one request at a
// time, never more than one per `spacingMs` (its turns to read the account events included), asks each image at
// most once per `perImageMs`, never lists, and sends nothing while the view is hidden. A fast pace keeps the test short; the bounds are the same at any pace.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DEFAULT_PACE, type PollingPace } from '../../src/host/tree/pendingPoller';
import type { RecordedExchange, SimImage } from '../../simulator';
import { signedInForEachTest, sleep, until, usePace, VIEW_CONTAINER_COMMAND, type Harness } from './harness';

const FAST: PollingPace = { spacingMs: 40, perImageMs: 600, eventsEveryMs: 500 };
const WINDOW_MS = 3000;
const PENDING = 50;
/** Linode's smallest general limit (400/min in the older spec; 1600/min today). */
const GENERAL_LIMIT_PER_MINUTE = 400;

const IMAGE_READ = /^\/v4\/images\/([^/?]+)$/;
const EVENTS_READ = /^\/v4\/account\/events\?/;

describe('polling budget', () => {
  let h: Harness;

  /** Exactly `count` images in progress, held there (they do not settle on their own), and the tree reloaded. */
  async function holdPending(count: number): Promise<string[]> {
    h.sim.settle();
    const state = h.sim.state;
    const template = [...state.images.values()].find((i) => !i.is_public && i.status === 'available') as SimImage;
    const already = [...state.images.values()].filter((i) => !i.is_public && i.status !== 'available').length;
    state.holdTransitions = true;
    for (let n = 0; n < count - already; n++) {
      const image = state.putImage({ ...structuredClone(template), id: `private/${960000 + n}`, label: `pending-${n}` });
      state.startCreating(image);
    }
    state.holdTransitions = false;
    await h.api.services.sync.reloadAll();
    const pending = h.api.services.store.inProgressImages().map((i) => i.id);
    assert.equal(pending.length, count);
    return pending;
  }

  async function showView(): Promise<void> {
    await vscode.commands.executeCommand(VIEW_CONTAINER_COMMAND);
    await until(() => h.api.services.treeView.visible, 'the view to be visible');
  }

  async function hideView(): Promise<void> {
    await vscode.commands.executeCommand('workbench.view.explorer');
    await until(() => !h.api.services.treeView.visible, 'the view to be hidden');
  }

  /** The requests sent during `ms`, starting now. */
  async function requestsDuring(ms: number): Promise<RecordedExchange[]> {
    h.sim.requests.length = 0;
    await sleep(ms);
    return [...h.sim.requests];
  }

  afterEach(hideView);
  signedInForEachTest((harness) => (h = harness));

  it('the default pace stays under 10% of Linode\'s smallest general limit, whatever the number of pending images', () => {
    // One request at a time, at least spacingMs apart: the rate cannot exceed this, however many are pending.
    const perMinute = 60_000 / DEFAULT_PACE.spacingMs;
    assert.ok(perMinute <= GENERAL_LIMIT_PER_MINUTE * 0.1, `${perMinute}/min`);
    assert.ok(DEFAULT_PACE.perImageMs >= DEFAULT_PACE.spacingMs);
  });

  it(`with ${PENDING} images pending: single-image reads only, one at a time, within the pace's counts`, async () => {
    const pending = await holdPending(PENDING);
    await hideView();
    usePace(h, FAST);
    await showView();
    const all = await requestsDuring(WINDOW_MS);
    const eventReads = all.filter((r) => r.method === 'GET' && EVENTS_READ.test(r.path));
    const sent = all.filter((r) => !eventReads.includes(r));

    const reads = sent.map((r) => IMAGE_READ.exec(r.path)?.[1]);
    assert.deepEqual(sent.filter((_r, i) => reads[i] === undefined || sent[i].method !== 'GET').map((r) => `${r.method} ${r.path}`), [], 'nothing but GET /images/{id} and GET /account/events');
    assert.ok(sent.length >= 10, `the poller made progress (${sent.length} reads)`);
    // The event reads take turns in the same budget (the held images make no events, so they name nothing to re-read).
    assert.ok(eventReads.length >= 1 && eventReads.length <= Math.floor(WINDOW_MS / FAST.eventsEveryMs) + 1, `${eventReads.length} event reads`);
    assert.ok(all.length <= Math.floor(WINDOW_MS / FAST.spacingMs) + 1, `${all.length} requests in ${WINDOW_MS} ms at one per ${FAST.spacingMs} ms`);

    const perImage = new Map<string, number>();
    for (const id of reads) perImage.set(decodeURIComponent(id ?? ''), (perImage.get(decodeURIComponent(id ?? '')) ?? 0) + 1);
    assert.ok([...perImage.keys()].every((id) => pending.includes(id)), 'only pending images are read');
    const most = Math.max(...perImage.values());
    assert.ok(most <= Math.floor(WINDOW_MS / FAST.perImageMs) + 1, `an image was read ${most} times in ${WINDOW_MS} ms`);
    // Longest-waiting first: the first reads cover different images.
    assert.ok(perImage.size >= Math.min(sent.length, PENDING) - 1, `${perImage.size} images for ${sent.length} reads`);

    // One at a time: no two reads overlap.
    const spans = all.map((r) => [Date.parse(r.at), Date.parse(r.at) + r.durationMs] as const).sort((a, b) => a[0] - b[0]);
    for (let n = 1; n < spans.length; n++) assert.ok(spans[n][0] >= spans[n - 1][1], 'two reads overlapped');
  });

  it(`with ${PENDING / 10} images pending and no wait per image: still one read per spacingMs at most`, async () => {
    await holdPending(PENDING / 10);
    await hideView();
    usePace(h, { spacingMs: FAST.spacingMs, perImageMs: FAST.spacingMs });
    await showView();
    const few = await requestsDuring(WINDOW_MS);
    assert.ok(few.length <= Math.floor(WINDOW_MS / FAST.spacingMs) + 1, `${few.length} reads`);
    assert.ok(few.every((r) => IMAGE_READ.test(r.path)));
  });

  it('an answer that changes nothing redraws nothing', async () => {
    await holdPending(PENDING);
    await hideView();
    let redraws = 0;
    const subscription = h.api.services.tree.onDidChangeTreeData(() => redraws++);
    try {
      usePace(h, FAST);
      await showView();
      const sent = await requestsDuring(1500);
      assert.ok(sent.length >= 5, `${sent.length} reads`);
      assert.equal(redraws, 0, 'held images answer the same every time');
    } finally {
      subscription.dispose();
    }
  });

  it(`with ${PENDING} images pending and the view hidden: no request at all`, async () => {
    await holdPending(PENDING);
    usePace(h, FAST);
    await showView();
    await until(() => h.sim.requests.length > 0, 'polling to start');
    await hideView();
    await sleep(200); // a read already on its way may still land
    const sent = await requestsDuring(1500);
    assert.deepEqual(sent.map((r) => r.path), []);
    assert.equal(h.api.poller.active, false);
  });
});
