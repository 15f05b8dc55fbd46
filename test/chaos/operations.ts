// What each planned step does: the operations a user makes in the extension, through the same core functions
// the commands use (the client, the sync, the upload engine, the confirmations after a lost answer), while the
// simulator injects the step's fault.
import type { Image, Linode, LinodeCreateRequest } from '../../src/core/api/types';
import { captureConfirmed, changeConfirmed, deleteConfirmed } from '../../src/core/api/confirmed';
import { isNotFound, LinodeApiError, messageOf } from '../../src/core/api/errors';
import { generateRootPassword } from '../../src/core/deploy/rootPassword';
import { isTrial, reconcileTrials, TRIAL_TAG, withCreated, withoutId, withoutPending, withPending } from '../../src/core/deploy/trialRecord';
import { uploadImageFile } from '../../src/core/upload/imageUpload';
import type { FaultRule } from '../../simulator/faults';
import { SEED_IDS } from '../../simulator';
import type { Operation, PlannedFault, Step } from './plan';
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
/** The Linode operations' faults aim at the Linode endpoints: the creates, rebuilds and deletes, and the listings after them. */
const LINODE_OPERATIONS: ReadonlySet<Operation> = new Set<Operation>(['deploy', 'rebuild', 'trial', 'deleteTrial']);
const LINODE_PATHS: Array<RegExp | undefined> = [undefined, /^\/v4(beta)?\/linode\/instances(\?|$)/, /^\/v4(beta)?\/linode\/instances\/\d+(\/rebuild)?$/];
const LINODE_METHODS: Array<string | undefined> = [undefined, 'GET', 'POST', 'DELETE'];
const CAPTIVE_PORTAL = '<!DOCTYPE html><html><head><title>Sign in to the network</title></head><body>Hotel Wi-Fi</body></html>';
const DISKS = [SEED_IDS.disks.webProdMain, SEED_IDS.disks.dbEuMain, SEED_IDS.disks.buildBoxMain, SEED_IDS.disks.edgeNodeMain];
const EXTRA_REGIONS = ['us-east', 'us-west', 'eu-west', 'ap-south', 'us-ord', 'fr-par'];
const PUBLIC_IMAGES = ['linode/debian12', 'linode/alpine3.20'];
const PLANS = ['g6-nanode-1', 'g6-standard-2'];

/**
 * The simulator rule for a planned fault (the reason of an injected 429 says so, to tell it from the limiter's), aimed
 * at the paths the step's operation is likely to ask for.
 */
export function faultRule(fault: PlannedFault, operation?: Operation): FaultRule {
  const [paths, methods] = operation !== undefined && LINODE_OPERATIONS.has(operation) ? [LINODE_PATHS, LINODE_METHODS] : [API_PATHS, METHODS];
  const api = { origin: 'api' as const, path: paths[fault.target % paths.length], method: methods[fault.method % methods.length], times: fault.times };
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

  async deploy(world, choose) {
    // Deploy to New Linode…: a label unique in the account, sometimes a tag; the user confirms the cost once.
    const label = world.nextLabel('chaos-deploy');
    const tags = choose(2) === 0 ? ['chaos-deploy'] : undefined;
    const request = { ...deployment(world, choose), label, ...(tags ? { tags } : {}) };
    if (choose(5) === 0) return; // the user declined the modal that names the cost
    world.record.confirmedLinodes.add(label);
    await world.client().createLinode(request);
  },

  async rebuild(world, choose) {
    // Rebuild… on a Linode this run made (the seed's Linodes keep the disks captures are made from).
    const client = world.client();
    const ours = async (): Promise<Linode[]> =>
      (await client.listLinodes()).filter((linode) => world.record.confirmedLinodes.has(linode.label)).sort((a, b) => a.id - b.id);
    // With no Linode of this run yet, the user deploys one first (else most rebuild steps would find nothing to rebuild).
    if ((await ours()).length === 0) await OPERATIONS.deploy(world, choose);
    // Often the user comes back once the Linode has finished starting (a busy one refuses the rebuild: a message).
    if (choose(3) > 0) world.sim.settle();
    const linodes = await ours();
    const linode = linodes[choose(linodes.length)];
    if (!linode) return;
    if (choose(4) === 0) return; // the user declined the modal that says every disk is replaced
    await client.rebuildLinode(linode.id, { image: PUBLIC_IMAGES[choose(PUBLIC_IMAGES.length)], root_pass: generateRootPassword(), booted: choose(2) === 0 });
  },

  async trial(world, choose) {
    // Try This Image: the record names the label before the create is sent, the id once Linode answers (or the
    // lost answer is found), and forgets the label only when Linode refused the create (nothing was made).
    const label = world.nextLabel('chaos-trial');
    const request: LinodeCreateRequest = { ...deployment(world, choose), label, booted: true, tags: [TRIAL_TAG] };
    if (choose(5) === 0) return; // the user declined the modal that names the cost
    world.record.confirmedLinodes.add(label);
    world.record.trials = withPending(world.record.trials, label, Date.now());
    // Sometimes the window closes while the create is under way: what it learns after that is lost with it.
    const closesAfter = choose(3) === 0 ? choose(30) : undefined;
    if (closesAfter !== undefined) {
      const controller = new AbortController();
      const creating = world.client().createLinode(request, controller.signal).catch(() => undefined);
      await sleep(closesAfter);
      controller.abort();
      await creating;
      world.closeWindow();
      world.openWindow();
      await world.sync.ensureStarted();
      return;
    }
    let linode: Linode;
    try {
      linode = await world.client().createLinode(request);
    } catch (error) {
      if (error instanceof LinodeApiError && error.status >= 400 && error.status < 500) world.record.trials = withoutPending(world.record.trials, label);
      throw error;
    }
    world.record.trials = withCreated(world.record.trials, linode.label, linode.id);
  },

  async deleteTrial(world, choose) {
    // The Trial Linodes section lists the account's tagged Linodes and brings the record up to date; Delete Trial
    // Linode then deletes only a Linode whose id is on the record and that carries the tag as Linode says now.
    const client = world.client();
    const tagged = await client.listLinodes({ tag: TRIAL_TAG });
    world.record.trials = reconcileTrials(world.record.trials, tagged, Date.now()).record;
    const ids = [...world.record.trials.ids].sort((a, b) => a - b);
    const id = ids[choose(ids.length)];
    if (id === undefined) return;
    if (choose(4) === 0) return; // the user declined the modal
    let linode: Linode;
    try {
      linode = await client.getLinode(id);
    } catch (error) {
      if (!isNotFound(error)) throw error;
      world.record.trials = withoutId(world.record.trials, id);
      return;
    }
    if (!isTrial(world.record.trials, linode)) return;
    world.record.confirmedLinodeDeletes.add(id);
    try {
      await client.deleteLinode(id);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
    world.record.trials = withoutId(world.record.trials, id);
  },
};

/** Where and what a new Linode deploys: a public image in a core region, or a private image in a region it is in. */
function deployment(world: ChaosWorld, choose: Choice): Omit<LinodeCreateRequest, 'label'> {
  const type = PLANS[choose(PLANS.length)];
  const images = privateImages(world);
  const pick = choose(images.length + PUBLIC_IMAGES.length);
  const own = images[pick];
  const available = own?.regions.filter((r) => r.status === 'available').map((r) => r.region) ?? [];
  const image = own && available.length > 0 ? own.id : PUBLIC_IMAGES[pick % PUBLIC_IMAGES.length];
  const region = own && available.length > 0 ? available[choose(available.length)] : 'us-east';
  return { region, type, image, root_pass: generateRootPassword() };
}

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
