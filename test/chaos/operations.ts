// What each planned step does: the operations a user makes in the extension, through the same core functions
// the commands use (the client, the sync, the upload engine, the confirmations after a lost answer), while the
// simulator injects the step's fault.
import type { Image } from '../../src/core/api/types';
import { captureConfirmed, changeConfirmed, deleteConfirmed } from '../../src/core/api/confirmed';
import { isNotFound, messageOf } from '../../src/core/api/errors';
import { uploadImageFile } from '../../src/core/upload/imageUpload';
import type { FaultRule } from '../../simulator/faults';
import { SEED_IDS } from '../../simulator';
import type { PlannedFault, Step } from './plan';
import { CHAOS_STALL_MS, CHAOS_TIMEOUT_MS, type ChaosWorld } from './world';
import { sleep } from '../support/until';

const API_PATHS: Array<RegExp | undefined> = [
  undefined,
  /^\/v4(beta)?\/images\?/,
  /^\/v4(beta)?\/images\/(private|linode)%2F\d+$/,
  /^\/v4(beta)?\/images\/upload$/,
  /^\/v4(beta)?\/account\/events/,
  /\/regions$/,
  /^\/v4(beta)?\/images$/,
];
const METHODS: Array<string | undefined> = [undefined, 'GET', 'PUT', 'POST', 'DELETE'];
const CAPTIVE_PORTAL = '<!DOCTYPE html><html><head><title>Sign in to the network</title></head><body>Hotel Wi-Fi</body></html>';
const DISKS = [SEED_IDS.disks.webProdMain, SEED_IDS.disks.dbEuMain, SEED_IDS.disks.buildBoxMain, SEED_IDS.disks.edgeNodeMain];
const EXTRA_REGIONS = ['us-east', 'us-west', 'eu-west', 'ap-south', 'us-ord', 'fr-par'];

/** The simulator rule for a planned fault (the reason of an injected 429 says so, to tell it from the limiter's). */
export function faultRule(fault: PlannedFault): FaultRule {
  const api = { origin: 'api' as const, path: API_PATHS[fault.target % API_PATHS.length], method: METHODS[fault.method % METHODS.length], times: fault.times };
  const upload = { origin: 'upload' as const, method: 'PUT', times: fault.times };
  switch (fault.kind) {
    case 'drop':
      return { ...api, drop: true };
    case 'loseAnswer':
      return { ...api, loseAnswer: true };
    case 'lateAnswer':
      return { ...api, answerDelayMs: CHAOS_TIMEOUT_MS + 60 };
    case 'slowStart':
      return { ...api, delayMs: CHAOS_TIMEOUT_MS + 60 };
    case 'serverError':
      return { ...api, status: 500 };
    case 'gatewayError':
      return { ...api, status: [502, 503, 504][fault.target % 3] };
    case 'tooManyRequests':
      return { ...api, status: 429, retryAfter: 1, reason: 'chaos: injected 429' };
    case 'htmlPage':
      return { ...api, rawBody: CAPTIVE_PORTAL, contentType: 'text/html' };
    case 'truncatedJson':
      return { ...api, rawBody: '{"data": [{"id": "private/1', contentType: 'application/json' };
    case 'realWorldNulls':
      return { ...api, realWorldNulls: true };
    case 'uploadDrop':
      return { ...upload, dropAfterBytes: 1 + (fault.target * 977) % (150 * 1024) };
    case 'uploadLoseAnswer':
      return { ...upload, loseAnswer: true };
    case 'uploadStall':
      return { ...upload, answerDelayMs: CHAOS_STALL_MS + 100 };
  }
}

type Choice = (options: number) => number;

/** Runs the step's operation; resolves with the message the user would see when it failed, undefined otherwise. */
export async function runOperation(world: ChaosWorld, step: Step): Promise<string | undefined> {
  let next = 0;
  const choose: Choice = (options) => (options <= 0 ? 0 : step.choices[next++ % step.choices.length] % options);
  try {
    await OPERATIONS[step.operation](world, choose);
    return undefined;
  } catch (error) {
    const message = messageOf(error);
    world.record.messages.push(message);
    return message;
  }
}

function privateImages(world: ChaosWorld, available = true): Image[] {
  return world.store
    .allImages()
    .filter((image) => !image.is_public && (!available || image.status === 'available'))
    .sort((a, b) => a.id.localeCompare(b.id));
}

/** After a 404: the image left Linode, so it leaves the store (and the sync says why when events can tell). */
async function orGone<T>(world: ChaosWorld, image: Image, work: () => Promise<T>): Promise<T | undefined> {
  try {
    return await work();
  } catch (error) {
    if (isNotFound(error)) {
      await world.sync.imageGone(image.id);
      return undefined;
    }
    throw error;
  }
}

const OPERATIONS: Record<Step['operation'], (world: ChaosWorld, choose: Choice) => Promise<void>> = {
  list: (world) => world.sync.reloadAll(),
  refresh: (world) => world.sync.refresh(),

  async details(world, choose) {
    const images = world.store.allImages().sort((a, b) => a.id.localeCompare(b.id));
    const image = images[choose(images.length)];
    if (!image) return;
    const fresh = await orGone(world, image, () => world.client().getImage(image.id));
    if (fresh) world.store.upsertImage(fresh);
  },

  async edit(world, choose) {
    const images = privateImages(world);
    const image = images[choose(images.length)];
    if (!image) return;
    const client = world.client();
    const field = choose(3);
    const value = world.nextLabel('chaos-edit');
    const update = field === 0 ? { label: value } : field === 1 ? { description: `Edited by ${value}` } : { tags: ['chaos', value] };
    const applied = (fresh: Image): boolean =>
      field === 0 ? fresh.label === value : field === 1 ? fresh.description === update.description : fresh.tags.includes(value);
    const result = await orGone(world, image, () => changeConfirmed(client, world.logger, image, () => client.updateImage(image.id, update), applied));
    if (result) world.store.upsertImage(result);
  },

  async replicate(world, choose) {
    const images = privateImages(world);
    const image = images[choose(images.length)];
    if (!image) return;
    const client = world.client();
    // As Manage Regions does: decisions on a fresh copy.
    const fresh = await orGone(world, image, () => client.getImage(image.id));
    if (!fresh) return;
    world.store.upsertImage(fresh);
    const current = fresh.regions.map((r) => r.region);
    let wanted: string[];
    if (choose(2) === 0 && current.length > 1) {
      const dropped = current[choose(current.length)];
      if (choose(3) === 0) return; // the user declined the modal that names the replica
      const agreed = world.record.confirmedDrops.get(image.id) ?? new Set<string>();
      agreed.add(dropped);
      world.record.confirmedDrops.set(image.id, agreed);
      wanted = current.filter((region) => region !== dropped);
    } else {
      const candidates = EXTRA_REGIONS.filter((region) => !current.includes(region));
      if (candidates.length === 0) return;
      wanted = [...current, candidates[choose(candidates.length)]];
    }
    const sameSet = (regions: string[]): boolean => regions.length === wanted.length && wanted.every((region) => regions.includes(region));
    const result = await orGone(world, fresh, () =>
      changeConfirmed(client, world.logger, fresh, () => client.replicateImage(image.id, wanted), (now) => sameSet(now.regions.map((r) => r.region))),
    );
    if (result) world.store.upsertImage(result);
  },

  async delete(world, choose) {
    const images = privateImages(world, false);
    const image = images[choose(images.length)];
    if (!image) return;
    if (choose(4) === 0) return; // the user declined the modal
    world.record.confirmedDeletes.add(image.id);
    await world.store.withBusyDescription(image.id, 'Deleting…', () => deleteConfirmed(world.client(), world.logger, image));
    world.store.removeImage(image.id);
  },

  async capture(world, choose) {
    const label = world.nextLabel('chaos-capture');
    const image = await captureConfirmed(world.client(), world.logger, { disk_id: DISKS[choose(DISKS.length)], label }, label);
    world.store.upsertImage(image);
  },

  upload: (world, choose) => upload(world, choose, false),

  async closeWindow(world, choose) {
    // The window closes in the middle of an upload or of a sync; the next one starts from what was kept.
    if (choose(2) === 0) {
      await upload(world, choose, true);
    } else {
      const syncing = choose(2) === 0 ? world.sync.refresh() : world.sync.reloadAll();
      await sleep(choose(40));
      world.closeWindow();
      await syncing;
    }
    world.closeWindow();
    world.openWindow();
    await world.sync.ensureStarted();
  },

  async switchVersion(world) {
    world.apiVersion = world.apiVersion === 'v4' ? 'v4beta' : 'v4';
    await world.sync.ensureStarted();
  },

  async settle(world) {
    world.sim.settle();
  },

  async elsewhere(world, choose) {
    const images = [...world.sim.state.images.values()].filter((image) => !image.is_public && image.status === 'available').sort((a, b) => a.id.localeCompare(b.id));
    const image = images[choose(images.length)];
    if (!image) return;
    const change = choose(2) === 0 ? { action: 'rename', imageId: image.id, label: world.nextLabel('elsewhere') } : { action: 'delete', imageId: image.id };
    const response = await fetch(`${new URL(world.sim.apiUrl).origin}/__simulator/elsewhere`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(change),
    });
    if (response.status !== 200) throw new Error(`the simulator refused a change made elsewhere: ${await response.text()}`);
  },
};

/** An upload of a good, damaged or wrong file; cancelled at a byte, or cut off by the window closing. */
async function upload(world: ChaosWorld, choose: Choice, windowCloses: boolean): Promise<void> {
  const kind = windowCloses ? 0 : choose(4);
  const file = kind === 2 ? world.files.corrupt : kind === 3 ? world.files.notGzip : world.files.good;
  const cancelAt = kind === 1 || windowCloses ? choose(101) / 100 : undefined;
  const controller = new AbortController();
  const label = world.nextLabel('chaos-upload');
  const result = await uploadImageFile({
    api: world.client(),
    filePath: file,
    request: { label, region: 'us-east' },
    signal: controller.signal,
    transfer: { stallTimeoutMs: CHAOS_STALL_MS, progressIntervalMs: 0, readChunkBytes: 16 * 1024, userAgent: 'linode-images-chaos/1.0' },
    recheck: { reads: 2, intervalMs: 20 },
    onContainer: (image) => world.record.uploadContainers.add(image.id),
    onProgress: (progress) => {
      if (cancelAt !== undefined && progress.fraction >= cancelAt) controller.abort();
    },
    log: world.log,
  });
  world.store.upsertImage(result.image);
}
