// The promises docs/reliability.md makes, checked after every step against the simulator's own state and request log.
import type { ImageStore } from '../../src/core/store/imageStore';
import type { RecordedExchange, Simulator } from '../../simulator';
import type { ChaosWorld } from './world';
import { TRIAL_TAG } from '../../src/core/deploy/trialRecord';

export interface Violation {
  invariant: number;
  what: string;
}

const IMAGE_PATH = /^\/v4(?:beta)?\/images\/([^/?]+)$/;
const REGIONS_PATH = /^\/v4(?:beta)?\/images\/([^/?]+)\/regions$/;
const LINODES_PATH = /^\/v4(?:beta)?\/linode\/instances$/;
const LINODE_PATH = /^\/v4(?:beta)?\/linode\/instances\/(\d+)$/;
const REBUILD_PATH = /^\/v4(?:beta)?\/linode\/instances\/(\d+)\/rebuild$/;

function imageIdOf(exchange: RecordedExchange, pattern: RegExp): string | undefined {
  const match = pattern.exec(exchange.path.split('?')[0]);
  return match ? decodeURIComponent(match[1]) : undefined;
}

/** 1, 2, 3, 5, 6, 7, 8, 9: after every step. `exchanges` are the step's; `regionsBefore` the images' regions when it began. */
export function checkStep(world: ChaosWorld, exchanges: readonly RecordedExchange[], regionsBefore: ReadonlyMap<string, string[]>): Violation[] {
  const violations: Violation[] = [];
  const { record, sim } = world;
  const accepted = new Set(sim.uploads.filter((u) => u.outcome === 'completed' && u.status === 200 && u.imageId).map((u) => u.imageId as string));
  const told = new Set(record.messages.flatMap((message) => message.match(/private\/\d+/g) ?? []));
  // Every container an upload of this run made, also those whose create answer was lost (Linode's event log).
  const containers = new Set(record.uploadContainers);
  for (const event of sim.state.events.list()) if (event.action === 'image_upload' && event.entity?.id) containers.add(`private/${event.entity.id}`);

  for (const exchange of exchanges) {
    if (exchange.origin !== 'api') continue;
    // 1 and 3: a DELETE only of an image the user confirmed deleting, or of this run's upload container that the
    // upload host never accepted.
    if (exchange.method === 'DELETE') {
      const id = imageIdOf(exchange, IMAGE_PATH);
      if (id && !record.confirmedDeletes.has(id)) {
        if (!containers.has(id)) violations.push({ invariant: 3, what: `DELETE ${id} without a confirmation` });
        else if (accepted.has(id)) violations.push({ invariant: 1, what: `DELETE ${id}, an image the upload host accepted` });
      }
    }
    // 3: a new region set drops only regions the user agreed to drop.
    if (exchange.method === 'POST') {
      const id = imageIdOf(exchange, REGIONS_PATH);
      const body = exchange.requestBody as { regions?: unknown } | undefined;
      if (id && Array.isArray(body?.regions)) {
        const agreed = record.confirmedDrops.get(id) ?? new Set<string>();
        for (const region of regionsBefore.get(id) ?? []) {
          if (!body.regions.includes(region) && !agreed.has(region)) violations.push({ invariant: 3, what: `POST ${id}/regions drops ${region} without a confirmation` });
        }
      }
    }
  }

  // 3: a Linode deleted only when the user confirmed deleting it (a trial on the record, see operations.ts).
  for (const exchange of exchanges) {
    if (exchange.origin !== 'api' || exchange.method !== 'DELETE') continue;
    const match = LINODE_PATH.exec(exchange.path.split('?')[0]);
    if (match && !record.confirmedLinodeDeletes.has(Number(match[1]))) violations.push({ invariant: 3, what: `DELETE Linode ${match[1]} without a confirmation` });
  }

  violations.push(...checkLinodesMadeOnce(world, exchanges), ...checkTrialsNamed(world));

  // 2: no container of this run left pending_upload unless the user was told its id.
  for (const id of containers) {
    const image = sim.state.images.get(id);
    if (image?.status === 'pending_upload' && !told.has(id)) violations.push({ invariant: 2, what: `${id} left pending_upload, and no message names it` });
  }

  // 5: the token goes only to the API, and appears in no log line or message.
  for (const exchange of exchanges) {
    if (exchange.origin === 'upload' && exchange.headers.authorization !== undefined) violations.push({ invariant: 5, what: `an upload request carried Authorization (${exchange.path})` });
  }
  if (sim.uploads.some((u) => u.authorizationHeaderPresent)) violations.push({ invariant: 5, what: 'the upload host saw an Authorization header' });
  for (const text of [...record.logLines, ...record.messages]) {
    if (text.includes(world.token)) violations.push({ invariant: 5, what: `the token in "${text.slice(0, 80)}…"` });
  }

  // 6: no unhandled rejection; every failure one clear message.
  for (const reason of record.unhandled) violations.push({ invariant: 6, what: `unhandled rejection: ${reason instanceof Error ? reason.stack ?? reason.message : String(reason)}` });
  for (const message of record.messages) {
    if (!clear(message)) violations.push({ invariant: 6, what: `an unclear message: "${message}"` });
  }

  // 7: no request beyond Linode's limits (a 429 the simulator's limiter sent, not one the run injected).
  for (const exchange of exchanges) {
    if (exchange.status === 429 && !JSON.stringify(exchange.responseBody ?? '').includes('chaos')) {
      violations.push({ invariant: 7, what: `${exchange.method} ${exchange.path} went over a rate limit` });
    }
  }
  return violations;
}

/**
 * 8: no Linode made twice for one confirmation. A step confirms at most one create or rebuild, so it sends at most
 * one `POST /linode/instances` (never resent, whatever became of its answer) and one rebuild; and Linode holds at most
 * one Linode with the label of each confirmed create.
 */
function checkLinodesMadeOnce({ record, sim }: ChaosWorld, exchanges: readonly RecordedExchange[]): Violation[] {
  const violations: Violation[] = [];
  const posts = exchanges.filter((exchange) => exchange.origin === 'api' && exchange.method === 'POST');
  const creates = posts.filter((exchange) => LINODES_PATH.test(exchange.path.split('?')[0]));
  if (creates.length > 1) {
    const labels = creates.map((exchange) => String((exchange.requestBody as { label?: unknown } | undefined)?.label));
    violations.push({ invariant: 8, what: `${creates.length} POST /linode/instances for one confirmation (${labels.join(', ')})` });
  }
  const rebuilds = posts.filter((exchange) => REBUILD_PATH.test(exchange.path.split('?')[0]));
  if (rebuilds.length > 1) violations.push({ invariant: 8, what: `${rebuilds.length} rebuilds sent for one confirmation` });
  const byLabel = new Map<string, number>();
  for (const linode of sim.state.linodes.values()) byLabel.set(linode.label, (byLabel.get(linode.label) ?? 0) + 1);
  for (const label of record.confirmedLinodes) {
    const count = byLabel.get(label) ?? 0;
    if (count > 1) violations.push({ invariant: 8, what: `${count} Linodes "${label}" for one confirmation` });
  }
  return violations;
}

/** 9: no trial Linode left without the record naming it (by id, or by the label of a create not yet answered). */
function checkTrialsNamed({ record, sim }: ChaosWorld): Violation[] {
  const violations: Violation[] = [];
  const pending = new Set(record.trials.pending.map((p) => p.label));
  for (const linode of sim.state.linodes.values()) {
    if (!(linode.tags ?? []).includes(TRIAL_TAG)) continue;
    if (!record.trials.ids.includes(linode.id) && !pending.has(linode.label)) {
      violations.push({ invariant: 9, what: `trial Linode ${linode.id} ("${linode.label}") is not named in the trial record` });
    }
  }
  return violations;
}

/** A message a person can act on: words, no "[object Object]", no "undefined"/"NaN" standing in for a value. */
export function clear(message: string): boolean {
  return message.trim().length >= 10 && !/\[object \w+\]|\bundefined\b|\bNaN\b/.test(message);
}

/** 4: after a sync with no fault, the store holds exactly what the server holds (every image, every region's status). */
export function checkInSync({ store, sim }: { store: ImageStore; sim: Simulator }): Violation[] {
  if (!store.loaded) return [{ invariant: 4, what: `a fault-free sync left the store ${store.state.kind}` }];
  const violations: Violation[] = [];
  const shown = new Map(store.allImages().map((image) => [image.id, image]));
  const held = [...sim.state.images.values()];
  for (const image of held) {
    const mine = shown.get(image.id);
    if (!mine) {
      violations.push({ invariant: 4, what: `${image.id} is at Linode but not shown` });
      continue;
    }
    const regions = (list: ReadonlyArray<{ region: string; status: string }> | null): string => (list ?? []).map((r) => `${r.region}:${r.status}`).sort().join(',');
    if (mine.status !== image.status || mine.label !== image.label || regions(mine.regions) !== regions(image.regions)) {
      violations.push({ invariant: 4, what: `${image.id} is shown as ${mine.status} "${mine.label}" [${regions(mine.regions)}], Linode has ${image.status} "${image.label}" [${regions(image.regions)}]` });
    }
  }
  for (const id of shown.keys()) if (!sim.state.images.has(id)) violations.push({ invariant: 4, what: `${id} is shown but Linode has no such image` });
  return violations;
}

/**
 * 4, for a refresh from the account events with no fault: every image Linode holds is shown under its label, and
 * nothing else (statuses of images in progress may lag until the poller reads them: events do not report them).
 */
export function checkSameImages({ store, sim }: { store: ImageStore; sim: Simulator }): Violation[] {
  const violations: Violation[] = [];
  const shown = new Map(store.allImages().map((image) => [image.id, image]));
  for (const image of sim.state.images.values()) {
    const mine = shown.get(image.id);
    if (!mine) violations.push({ invariant: 4, what: `${image.id} is at Linode but not shown after a refresh` });
    else if (mine.label !== image.label) violations.push({ invariant: 4, what: `${image.id} is shown as "${mine.label}" after a refresh, Linode has "${image.label}"` });
  }
  for (const id of shown.keys()) if (!sim.state.images.has(id)) violations.push({ invariant: 4, what: `${id} is shown after a refresh but Linode has no such image` });
  return violations;
}
