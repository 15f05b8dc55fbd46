// The `scale` seed: an account that has piled up images. 10,000 private images stored across 30 regions
// (one to six copies each), 50 of them in progress, plus the public images, the default seed's Linodes and profile.
// Deterministic: a fixed pseudo-random sequence drives every choice, so every run has the same ids, labels,
// regions and sizes.

import type { ImageRegion } from '../src/core/api/types';
import type { SimImage, SimRegion } from './entities';
import { defaultRegions, privateImage, publicImages, region, seedLinodes, seedLinodeTypes, seedProfile, seedSshKeys } from './seed';
import { formatTimestamp, type SimulatorState } from './state';

const SCALE_PRIVATE_IMAGES = 10_000;
/** Every 200th image is in progress: 50 at once. */
const SCALE_IN_PROGRESS_EVERY = 200;
/** Ids run from `private/<SCALE_FIRST_ID>` upwards. */
const SCALE_FIRST_ID = 2_000_001;

/** Core regions with Object Storage beyond the default seed's, so that 30 regions hold images. */
function extraRegions(): SimRegion[] {
  return [
    region('us-iad', 'Washington, DC', 'us', 40),
    region('us-lax', 'Los Angeles, CA', 'us', 42),
    region('us-mia', 'Miami, FL', 'us', 44),
    region('us-sea', 'Seattle, WA', 'us', 46),
    region('ca-central', 'Toronto, CA', 'ca', 48),
    region('br-gru', 'Sao Paulo, BR', 'br', 50),
    region('nl-ams', 'Amsterdam, NL', 'nl', 52),
    region('se-sto', 'Stockholm, SE', 'se', 54),
    region('es-mad', 'Madrid, ES', 'es', 56),
    region('it-mil', 'Milan, IT', 'it', 58),
    region('de-fra-2', 'Frankfurt 2, DE', 'de', 60),
    region('in-maa', 'Chennai, IN', 'in', 62),
    region('in-bom-2', 'Mumbai 2, IN', 'in', 64),
    region('jp-osa', 'Osaka, JP', 'jp', 66),
    region('id-cgk', 'Jakarta, ID', 'id', 68),
    region('au-mel', 'Melbourne, AU', 'au', 70),
    region('ap-southeast', 'Sydney, AU', 'au', 72),
    region('sg-sin-2', 'Singapore 2, SG', 'sg', 74),
    region('jp-tyo-3', 'Tokyo 3, JP', 'jp', 76),
  ];
}

/** Mulberry32: a small, fast, fixed pseudo-random sequence. */
function sequence(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ROLES = ['web', 'api', 'db', 'cache', 'worker', 'ci-runner', 'k8s-node', 'edge', 'mail', 'vpn', 'search', 'batch', 'build', 'gateway', 'metrics'];
const STAGES = ['prod', 'staging', 'dev', 'qa'];
const TAGS = ['production', 'staging', 'golden', 'backup', 'team-platform', 'team-data', 'team-web', 'nightly', 'pci', 'legacy'];
/** How many copies an image has, and how often (weights). */
const COPY_WEIGHTS = [20, 30, 25, 15, 7, 3];
const DAY_MS = 86_400_000;
const EPOCH = Date.UTC(2021, 0, 4, 9, 0, 0);

export function seedScale(state: SimulatorState): void {
  seedProfile(state);
  const regions = [...defaultRegions(), ...extraRegions()];
  for (const entry of regions) {
    state.regions.set(entry.id, entry);
  }
  for (const image of publicImages()) {
    state.putImage(image);
  }
  const storing = regions.filter((entry) => entry.site_type === 'core' && entry.capabilities.includes('Object Storage')).map((entry) => entry.id);
  // A few regions hold most of an account's images; the first ones get the most weight.
  const weights = storing.map((_id, index) => 1 / (1 + index * 0.35));
  const random = sequence(0x5ca1e);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];

  for (let n = 0; n < SCALE_PRIVATE_IMAGES; n++) {
    const role = pick(ROLES);
    const stage = pick(STAGES);
    const automatic = random() < 0.3;
    const createdMs = EPOCH + Math.floor((n / SCALE_PRIVATE_IMAGES) * 1400 * DAY_MS + random() * DAY_MS);
    const held = weightedDistinct(storing, weights, weightedIndex(COPY_WEIGHTS, random()) + 1, random);
    const tagCount = Math.floor(random() * 4);
    const tags = [...new Set(Array.from({ length: tagCount }, () => pick(TAGS)))];
    const image = state.putImage(
      privateImage({
        id: `private/${SCALE_FIRST_ID + n}`,
        label: automatic ? `auto-${role}-${stage}-${String(n).padStart(5, '0')}` : `${role}-${stage}-${String(n).padStart(5, '0')}`,
        description: automatic ? `Automatic image of ${role}-${stage}.` : random() < 0.5 ? `${role} ${stage} image, build ${n}.` : null,
        type: automatic ? 'automatic' : 'manual',
        created: formatTimestamp(createdMs),
        updated: formatTimestamp(createdMs + Math.floor(random() * 3 * DAY_MS)),
        expiry: automatic ? formatTimestamp(createdMs + 180 * DAY_MS) : null,
        size: 1024 + Math.floor(random() * 40) * 512,
        capabilities: random() < 0.4 ? ['cloud-init'] : [],
        tags,
        regions: held.map((id): ImageRegion => ({ region: id, status: 'available' })),
      }),
    );
    if (n % SCALE_IN_PROGRESS_EVERY === SCALE_IN_PROGRESS_EVERY - 1) {
      startWork(state, image, (n - (SCALE_IN_PROGRESS_EVERY - 1)) / SCALE_IN_PROGRESS_EVERY, storing);
    }
  }
  seedLinodeTypes(state);
  seedLinodes(state);
  seedSshKeys(state);
}

/** Puts the k-th in-progress image into one of the states Linode works through. */
function startWork(state: SimulatorState, image: SimImage, k: number, storing: readonly string[]): void {
  switch (k % 5) {
    case 0:
      state.startCreating(image);
      break;
    case 1: {
      // An upload container still waiting for its bytes: one region, `pending`.
      image.status = 'pending_upload';
      image.size = 0;
      image.regions = [{ region: image.regions[0].region, status: 'pending' }];
      const hex = Number(image.id.slice('private/'.length)).toString(16);
      state.createUploadTarget(image.id, hex.padStart(36, 'a'), hex.padStart(64, 'c'));
      break;
    }
    case 2:
    case 3: {
      const target = storing.find((id) => !image.regions.some((replica) => replica.region === id));
      if (target) state.startReplica(image, target, k % 5 === 2 ? 'pending replication' : 'replicating');
      break;
    }
    case 4:
      if (image.regions.length < 2) {
        image.regions.push({ region: storing.find((id) => id !== image.regions[0].region) ?? storing[0], status: 'available' });
      }
      state.startReplicaRemoval(image, image.regions[image.regions.length - 1].region);
      break;
  }
  state.recomputeTotalSize(image);
}

function weightedIndex(weights: readonly number[], draw: number): number {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  let left = draw * total;
  for (let index = 0; index < weights.length; index++) {
    left -= weights[index];
    if (left < 0) return index;
  }
  return weights.length - 1;
}

/** `count` distinct ids, each drawn by weight among those not drawn yet. */
function weightedDistinct(ids: readonly string[], weights: readonly number[], count: number, random: () => number): string[] {
  const left = ids.map((id, index) => ({ id, weight: weights[index] }));
  const chosen: string[] = [];
  while (chosen.length < count && left.length > 0) {
    const index = weightedIndex(left.map((entry) => entry.weight), random());
    chosen.push(left[index].id);
    left.splice(index, 1);
  }
  return chosen;
}
