// ImageSync against the simulator: a kept listing shown first, refreshes from the account events, and every case
// where the events cannot be trusted falls back to a full listing. Real HTTP; nothing below it is faked.
import * as assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImageStore } from '../../src/core/store/imageStore';
import { BACKGROUND_REREADS, ImageSync, MAX_EVENT_GAP_MS, type LostImage } from '../../src/core/store/imageSync';
import { ListingCache, type ListingKey } from '../../src/core/store/listingCache';
import { SEED_IDS, SIMULATOR_NO_EVENTS_TOKEN, SIMULATOR_TEAMMATE_TOKEN, SIMULATOR_TOKEN, startSimulator, type Simulator } from '../../simulator';
import { elsewhere, simulatorClient } from '../support/simulatorClient';
import { until } from '../support/until';

const EVENTS = /^\/v4\/account\/events/;
const LIST_IMAGES = /^\/v4\/images\?/;
const READ_IMAGE = /^\/v4\/images\/private%2F\d+$/;

describe('image sync from account events', () => {
  let sim: Simulator;
  let directory: string;
  let key: ListingKey;
  let now: number;
  let token: string;
  const open: ImageSync[] = [];

  interface Started {
    store: ImageStore;
    sync: ImageSync;
    lost: LostImage[];
    logged: string[];
  }

  /** One "window": a store and its sync, sharing the kept listings of earlier ones. */
  function start(): Started {
    const store = new ImageStore();
    const logged: string[] = [];
    const log = { info: (line: string) => logged.push(line), warn: (line: string) => logged.push(line), error: (line: string) => logged.push(line) };
    const sync = new ImageSync({
      store,
      client: () => simulatorClient(sim, { token: () => token, retryBaseDelayMs: 1, maxRetries: 1 }),
      cache: new ListingCache(directory),
      key: () => key,
      log,
      now: () => now,
    });
    const lost: LostImage[] = [];
    sync.onDidLoseImage((image) => lost.push(image));
    open.push(sync);
    return { store, sync, lost, logged };
  }

  const paths = (): string[] => sim.requests.filter((r) => r.origin === 'api').map((r) => `${r.method} ${r.path.split('?')[0]}`);

  before(async () => {
    sim = await startSimulator({ lifecycleMs: 60_000 });
  });
  after(() => sim.close());
  beforeEach(async () => {
    sim.reset();
    sim.settle();
    directory = await mkdtemp(join(tmpdir(), 'image-sync-'));
    token = SIMULATOR_TOKEN;
    key = { account: 'account-a', apiUrl: sim.apiUrl, apiVersion: 'v4' };
    now = Date.now();
  });
  afterEach(async () => {
    for (const sync of open.splice(0)) sync.dispose();
    await rm(directory, { recursive: true, force: true });
  });

  /** A first window that listed everything and kept the listing; the simulator's record emptied after it. */
  async function loadedOnce(): Promise<Started> {
    const first = start();
    await first.sync.ensureStarted();
    assert.equal(first.store.state.kind, 'loaded');
    sim.requests.length = 0;
    return first;
  }

  it('reads the newest event before listing, so a change made while the pages are read is applied next time', async () => {
    const { store, sync } = start();
    await sync.ensureStarted();
    const order = paths();
    assert.equal(order[0], 'GET /v4/account/events', `the cursor first: ${order.join(', ')}`);
    assert.ok(order.slice(1).some((p) => p === 'GET /v4/images'));
    assert.equal(store.state.kind, 'loaded');
    assert.equal(sync.usesEvents, true);
    assert.deepEqual(sync.stats, { eventReads: 1, imageReads: 0, fullListings: 1, sharedListings: 0 });
  });

  it('a second start shows the kept listing at once, marked as cached, then syncs it with one request', async () => {
    const first = await loadedOnce();
    const second = start();
    const kinds: string[] = [];
    second.store.onDidChange(() => kinds.push(second.store.state.kind));
    await second.sync.ensureStarted();
    assert.equal(kinds.filter((kind) => kind !== 'notLoaded')[0], 'cached', kinds.join(', '));
    assert.equal(second.store.state.kind, 'cached', 'shown before any answer from Linode');
    assert.equal(second.store.size, first.store.size);
    // The sync begun behind the cached listing finishes on its own (generous bound: a busy machine is slow).
    await until(() => second.store.state.kind === 'loaded', 'the sync behind the cached listing to finish');
    assert.deepEqual(paths(), ['GET /v4/account/events'], 'nothing changed: one event read, no listing');
  });

  it('an image renamed elsewhere: one event read and one image read, then nothing more to do', async () => {
    const { store, sync } = await loadedOnce();
    await elsewhere(sim, { action: 'rename', imageId: SEED_IDS.images.singleRegion, label: 'renamed-elsewhere' });
    await sync.refresh();
    assert.equal(store.image(SEED_IDS.images.singleRegion)?.label, 'renamed-elsewhere');
    assert.deepEqual(paths(), ['GET /v4/account/events', `GET /v4/images/${encodeURIComponent(SEED_IDS.images.singleRegion)}`]);
    sim.requests.length = 0;
    await sync.refresh();
    assert.deepEqual(paths(), ['GET /v4/account/events'], 'the cursor moved past the rename');
  });

  it('an image deleted elsewhere leaves with the deletion event (who deleted it)', async () => {
    const { store, sync, lost } = await loadedOnce();
    await elsewhere(sim, { action: 'delete', imageId: SEED_IDS.images.singleRegion });
    await sync.refresh();
    assert.equal(store.image(SEED_IDS.images.singleRegion), undefined);
    assert.equal(lost.length, 1);
    assert.equal(lost[0].deletion?.username, 'someone-else');
    assert.equal(lost[0].refusal, undefined);
  });

  it('an image captured elsewhere appears, found through its disk_imagize event', async () => {
    const { store, sync } = await loadedOnce();
    const made = (await elsewhere(sim, { action: 'create', label: 'captured-elsewhere' })).image as { id: string };
    await sync.refresh();
    assert.equal(store.image(made.id)?.label, 'captured-elsewhere');
  });

  it('an upload Linode refuses is reported with the message of its failed image_upload event', async () => {
    const { store, sync, lost } = await loadedOnce();
    const client = simulatorClient(sim);
    const container = await client.createUploadContainer({ label: 'not-gzip', region: 'us-east' });
    await sync.refresh();
    assert.equal(store.image(container.image.id)?.status, 'pending_upload');
    const url = new URL(container.upload_to);
    await fetch(url, { method: 'PUT', body: Buffer.from('plain text, not a disk image'), headers: { 'Content-Type': 'application/octet-stream' } });
    sim.settle(); // Linode gives up on it
    assert.equal(sim.state.images.has(container.image.id), false);
    await sync.imageGone(container.image.id); // as the poller does on a 404
    assert.equal(lost.length, 1);
    assert.match(lost[0].refusal?.message ?? '', /not a gzip-compressed raw disk image/);
  });

  it('a capture that failed while the view was away is reported with Linode\'s message by the next full listing', async () => {
    const { store, sync, lost } = await loadedOnce();
    sim.state.holdTransitions = true;
    const made = (await elsewhere(sim, { action: 'create', label: 'doomed-capture' })).image as { id: string };
    await sync.refresh();
    assert.equal(store.image(made.id)?.status, 'creating');
    sim.state.holdTransitions = false;
    sim.state.deleteImage(made.id); // Linode gives up while making it: the event fails with a message
    await sync.reloadAll();
    assert.equal(lost.length, 1);
    assert.equal(lost[0].image.id, made.id);
    assert.match(lost[0].refusal?.message ?? '', /Image capture failed/);
  });

  it('without the events scope: a full listing on every refresh, said once in the log', async () => {
    token = SIMULATOR_NO_EVENTS_TOKEN;
    const { store, sync, logged } = start();
    await sync.ensureStarted();
    assert.equal(store.state.kind, 'loaded');
    assert.equal(sync.usesEvents, false);
    await sync.refresh();
    await sync.refresh();
    assert.equal(logged.filter((line) => /events:read_only/.test(line)).length, 1, logged.join('\n'));
    assert.equal(sim.requests.filter((r) => EVENTS.test(r.path)).length, 1, 'asked once, then not again');
    assert.ok(sim.requests.filter((r) => LIST_IMAGES.test(r.path)).length >= 3);
  });

  it('lists everything when the feed no longer holds the last event seen (it cannot prove nothing was missed)', async () => {
    await elsewhere(sim, { action: 'rename', imageId: SEED_IDS.images.singleRegion, label: 'an-event-to-start-from' });
    const { store, sync, logged } = await loadedOnce();
    sim.reset(); // another feed: the cursor's event is not in it
    sim.settle();
    await sync.refresh();
    assert.ok(sim.requests.some((r) => LIST_IMAGES.test(r.path)));
    assert.ok(logged.some((line) => /no longer reach back/.test(line)));
    assert.equal(store.state.kind, 'loaded');
  });

  it('lists everything after a long gap, and when more images changed than are worth reading one by one', async () => {
    const { sync } = await loadedOnce();
    now += MAX_EVENT_GAP_MS + 1;
    assert.equal(sync.usesEvents, false);
    await sync.refresh();
    assert.ok(sim.requests.some((r) => LIST_IMAGES.test(r.path)), 'after a long gap');

    sim.requests.length = 0;
    const images = [...sim.state.images.values()].filter((i) => !i.is_public && i.status === 'available');
    for (let n = 0; n < 51; n++) await elsewhere(sim, { action: 'rename', imageId: images[n % images.length].id, label: `busy-${n}` });
    const distinct = new Set(images.slice(0, 51).map((i) => i.id)).size;
    await sync.refresh();
    if (distinct > 50) assert.ok(sim.requests.some((r) => LIST_IMAGES.test(r.path)), 'more than 50 images named');
    else assert.ok(sim.requests.filter((r) => READ_IMAGE.test(r.path)).length <= 50);
  });

  it(`a periodic sync re-reads at most ${BACKGROUND_REREADS} images a turn and carries on from there the next turn`, async () => {
    const { store, sync } = await loadedOnce();
    const ids = [...sim.state.images.values()].filter((i) => !i.is_public && i.status === 'available').slice(0, 7).map((i) => i.id);
    for (const id of ids) await elsewhere(sim, { action: 'rename', imageId: id, label: `turn-${id.replace('private/', '')}` });
    const turns: number[] = [];
    while (ids.some((id) => store.image(id)?.label !== `turn-${id.replace('private/', '')}`) && turns.length < 10) {
      sim.requests.length = 0;
      await sync.syncInBackground();
      turns.push(sim.requests.filter((r) => READ_IMAGE.test(r.path)).length);
    }
    assert.deepEqual(turns, [3, 3, 1]);
    assert.ok(sim.requests.every((r) => !LIST_IMAGES.test(r.path)), 'never a listing');
  });

  it('a lost answer to the event read fails the refresh, keeps the images and the cursor, and the next one catches up', async () => {
    const { store, sync } = await loadedOnce();
    await elsewhere(sim, { action: 'rename', imageId: SEED_IDS.images.singleRegion, label: 'after-lost-answer' });
    sim.faults.add({ origin: 'api', method: 'GET', path: EVENTS, loseAnswer: true, times: 2 });
    await sync.refresh();
    assert.equal(store.state.kind, 'failed');
    assert.ok(store.showable, 'the images are still shown');
    assert.notEqual(store.image(SEED_IDS.images.singleRegion)?.label, 'after-lost-answer');
    await sync.refresh();
    assert.equal(store.image(SEED_IDS.images.singleRegion)?.label, 'after-lost-answer');
    assert.equal(store.state.kind, 'loaded');
  });

  it('a lost answer to an image re-read does not move the cursor: the next refresh reads that image again', async () => {
    const { store, sync } = await loadedOnce();
    const id = SEED_IDS.images.singleRegion;
    await elsewhere(sim, { action: 'rename', imageId: id, label: 'read-twice' });
    sim.faults.add({ origin: 'api', method: 'GET', path: `/images/${encodeURIComponent(id)}`, loseAnswer: true, times: 2 });
    await sync.refresh();
    assert.equal(store.state.kind, 'failed');
    await sync.refresh();
    assert.equal(store.image(id)?.label, 'read-twice');
  });

  it('never shows one account\'s or API\'s kept listing for another', async () => {
    await loadedOnce();
    for (const other of [{ ...key, account: 'account-b' }, { ...key, apiVersion: 'v4beta' as const }, { ...key, apiUrl: `${sim.apiUrl}/` }]) {
      key = other;
      const window = start();
      const kinds: string[] = [];
      window.store.onDidChange(() => kinds.push(window.store.state.kind));
      await window.sync.ensureStarted();
      assert.ok(!kinds.includes('cached'), `${JSON.stringify(other)}: ${kinds.join(', ')}`);
      assert.equal(window.store.state.kind, 'loaded');
    }
  });
});

describe('image sync of the images shared with the account', () => {
  let sim: Simulator;
  let directory: string;
  let receives: boolean;
  let sync: ImageSync | undefined;
  const { sharing } = SEED_IDS;
  const SHARED_LISTING = /^\/v4beta\/images\?/;

  before(async () => {
    sim = await startSimulator({ seed: 'sharing', lifecycleMs: 60_000 });
  });
  after(() => sim.close());
  beforeEach(async () => {
    sim.reset();
    directory = await mkdtemp(join(tmpdir(), 'image-sync-shared-'));
    receives = true;
  });
  afterEach(async () => {
    sync?.dispose();
    sim.faults.clear();
    await rm(directory, { recursive: true, force: true });
  });

  /** sim-teammate's window on v4beta (a member of "Team images"), loaded once; the simulator's record emptied. */
  async function teammateLoaded(): Promise<{ store: ImageStore; sync: ImageSync; logged: string[] }> {
    const store = new ImageStore();
    const logged: string[] = [];
    const log = { info: (line: string) => logged.push(line), warn: (line: string) => logged.push(line), error: (line: string) => logged.push(line) };
    sync = new ImageSync({
      store,
      client: () => simulatorClient(sim, { apiVersion: 'v4beta', token: () => SIMULATOR_TEAMMATE_TOKEN, retryBaseDelayMs: 1, maxRetries: 1 }),
      cache: new ListingCache(directory),
      key: () => ({ account: 'teammate', apiUrl: sim.apiUrl, apiVersion: 'v4beta' }),
      log,
      receivesShares: async () => receives,
    });
    await sync.ensureStarted();
    assert.ok(store.image(sharing.sharedImage), 'the first listing holds the shared image');
    sim.requests.length = 0;
    return { store, sync, logged };
  }

  const paths = (): string[] => sim.requests.filter((r) => r.origin === 'api').map((r) => `${r.method} ${r.path.split('?')[0]}`);
  /** The owner, sim-user, elsewhere: nothing it does to its group makes an event in the teammate's account. */
  const owner = (): ReturnType<typeof simulatorClient> => simulatorClient(sim, { apiVersion: 'v4beta' });

  it('a refresh lists them only when the account may receive some, and takes in what came and out what left', async () => {
    const { store, sync } = await teammateLoaded();
    const [copy] = await owner().addShareGroupImages(sharing.groupId, [{ id: SEED_IDS.images.singleRegion, label: 'web for the team' }]);
    receives = false;
    sim.requests.length = 0;
    await sync.refresh();
    assert.deepEqual(paths(), ['GET /v4beta/account/events']);
    assert.equal(store.image(copy.id), undefined, 'no event names it');

    receives = true;
    sim.requests.length = 0;
    await sync.refresh();
    assert.deepEqual(paths(), ['GET /v4beta/account/events', 'GET /v4beta/images']);
    assert.deepEqual(JSON.parse(sim.requests[1].headers['x-filter'] ?? '{}'), { type: 'shared' });
    assert.equal(store.image(copy.id)?.label, 'web for the team');
    assert.equal(sync.stats.fullListings, 1, 'only the first load listed everything');

    await owner().removeShareGroupMember(sharing.groupId, sharing.memberTokenUuid);
    await sync.refresh();
    assert.equal(store.image(copy.id), undefined);
    assert.equal(store.image(sharing.sharedImage), undefined);
    assert.ok(store.image(SEED_IDS.teammateImages.base), 'its own images stay');
  });

  it('a shared listing that fails keeps the shared images shown and the refresh stands, said in the log', async () => {
    const { store, sync, logged } = await teammateLoaded();
    sim.faults.add({ origin: 'api', method: 'GET', path: SHARED_LISTING, status: 503, times: Infinity });
    await sync.refresh();
    assert.equal(store.state.kind, 'loaded');
    assert.ok(store.image(sharing.sharedImage));
    assert.ok(logged.some((line) => /^Could not list the images shared with this account/.test(line)), logged.join('\n'));
  });
});
