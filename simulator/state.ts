// The simulator's mutable world: images, regions, Linodes, disks, plans, SSH keys, tokens, and the life cycles of
// images and of Linodes being provisioned or rebuilt.
// Life-cycle steps are stored as due-times and applied lazily (advance/settle), so no timer outlives a test.

import { randomBytes } from 'node:crypto';
import type { ImageRegion, ImageStatus, LinodeStatus, ReplicaStatus } from '../src/core/api/types';
import type { SimDisk, SimImage, SimLinode, SimLinodeType, SimProfile, SimRegion, SimSshKey } from './entities';
import {
  deletedBeforeDoneMessage,
  EventLog,
  linodeEntity,
  UPLOAD_EXPIRED_MESSAGE,
  UPLOAD_NOT_GZIP_MESSAGE,
  type NewEvent,
  type SimEvent,
} from './events';
import { ShareGroups } from './shareGroups';
import { defaultTokens, type TokenRecord } from './tokens';

export const MIB = 1024 * 1024;

/** Ids of the Linodes and disks the simulator makes start here, above the seed's. */
const FIRST_NEW_LINODE_ID = 41_000_101;
const FIRST_NEW_DISK_ID = 71_000_101;

/** Where an upload container accepts its bytes: `PUT <uploadOrigin>/upload/<key>?...&X-Amz-Signature=<signature>`. */
export interface UploadTarget {
  imageId: string;
  key: string;
  signature: string;
  /** Set once a PUT delivered every byte; the URL is then spent. */
  completed: boolean;
}

type TransitionStep =
  | { kind: 'image-status'; status: ImageStatus }
  | { kind: 'replica-status'; region: string; status: ReplicaStatus }
  | { kind: 'replica-remove'; region: string }
  /** An upload or capture that Linode gives up on: the image disappears and its event fails with `message`. */
  | { kind: 'image-fail'; message: string };

interface Transition {
  dueAt: number;
  seq: number;
  imageId: string;
  step: TransitionStep;
}

/**
 * One step of a Linode's job (a create or a rebuild): the job's current event finishes, the Linode's disks are
 * ready, its status becomes `status`, and, when it boots next, its `linode_boot` event starts.
 */
interface LinodeStep {
  status: LinodeStatus;
  startsBoot: boolean;
  /** Who the next event is recorded for: the user who started the job. */
  username: string;
}

interface LinodeTransition {
  dueAt: number;
  seq: number;
  linodeId: number;
  step: LinodeStep;
}

/** Why a job's event fails when its Linode is deleted before the job is done. */
const LINODE_DELETED_MESSAGE = 'The Linode was deleted before the job finished';

/** `2021-08-14T22:44:02`: UTC without an offset, as the real API sends. */
export function formatTimestamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

/** Replicas that hold a stored copy count towards `total_size`. */
const STORED_REPLICA: ReadonlySet<ReplicaStatus> = new Set<ReplicaStatus>(['available', 'pending deletion']);

export class SimulatorState {
  readonly images = new Map<string, SimImage>();
  readonly regions = new Map<string, SimRegion>();
  readonly linodes = new Map<number, SimLinode>();
  readonly disks = new Map<number, SimDisk>();
  /** Linode's plans (GET /linode/types). */
  readonly linodeTypes = new Map<string, SimLinodeType>();
  /** Users' public keys (GET /profile/sshkeys). */
  readonly sshKeys = new Map<number, SimSshKey>();
  readonly tokens = new Map<string, TokenRecord>();
  readonly uploadTargets = new Map<string, UploadTarget>();
  /** The account event log (GET /account/events). */
  readonly events: EventLog;
  /** Image sharing: share groups, their shared images and members, consumers' tokens (shareGroups.ts; their routes in sharing.ts). */
  readonly sharing = new ShareGroups();
  /**
   * Whether the accounts are enrolled in the image-sharing beta: /v4beta then serves the share-group endpoints and
   * image objects carry `is_shared` and `image_sharing` (sharing.ts). Off by default; the `sharing` seed and the
   * `imageSharing` option turn it on.
   */
  imageSharing = false;
  profile: SimProfile = emptyProfile();
  /**
   * Set (to the failure message) to make the next capture fail: the image goes `creating`, then disappears one step
   * later and its `disk_imagize` event turns `failed` with this message. Used up by that capture.
   */
  failNextCapture: string | undefined;
  /** The same for the next upload whose bytes all arrive (its `image_upload` event fails with this message). */
  failNextUpload: string | undefined;
  /** Milliseconds each life-cycle step takes. */
  lifecycleMs: number;
  /** While true, newly scheduled steps never fall due on their own (only settle() applies them). */
  holdTransitions = false;
  private nextImageNumber = 1;
  private transitions: Transition[] = [];
  private nextSeq = 0;
  /** The started `image_upload` / `disk_imagize` event of each image still being made. */
  private readonly inProgressEvents = new Map<string, number>();
  private linodeTransitions: LinodeTransition[] = [];
  /** The started `linode_create` / `linode_rebuild` / `linode_boot` event of each Linode with a job under way. */
  private readonly linodeJobEvents = new Map<number, number>();
  private nextLinodeNumber = FIRST_NEW_LINODE_ID;
  private nextDiskNumber = FIRST_NEW_DISK_ID;

  constructor(lifecycleMs: number) {
    this.lifecycleMs = lifecycleMs;
    this.events = new EventLog(() => this.now(), formatTimestamp);
    this.clear();
  }

  /** Empties everything except the default tokens. */
  clear(): void {
    this.images.clear();
    this.regions.clear();
    this.linodes.clear();
    this.disks.clear();
    this.linodeTypes.clear();
    this.sshKeys.clear();
    this.linodeTransitions = [];
    this.linodeJobEvents.clear();
    this.nextLinodeNumber = FIRST_NEW_LINODE_ID;
    this.nextDiskNumber = FIRST_NEW_DISK_ID;
    this.uploadTargets.clear();
    this.tokens.clear();
    for (const [token, record] of defaultTokens()) {
      this.tokens.set(token, record);
    }
    this.profile = emptyProfile();
    this.transitions = [];
    this.nextImageNumber = 1;
    this.holdTransitions = false;
    this.events.clear();
    this.inProgressEvents.clear();
    this.failNextCapture = undefined;
    this.failNextUpload = undefined;
    this.sharing.clear();
    this.imageSharing = false;
  }

  now(): number {
    return Date.now();
  }

  timestamp(): string {
    return formatTimestamp(this.now());
  }

  // ---- images ----------------------------------------------------------------------------------

  /** Adds (or replaces) an image and keeps `private/<n>` numbering ahead of it. */
  putImage(image: SimImage): SimImage {
    this.images.set(image.id, image);
    const match = /^private\/(\d+)$/.exec(image.id);
    if (match) {
      this.nextImageNumber = Math.max(this.nextImageNumber, Number(match[1]) + 1);
    }
    this.recomputeTotalSize(image);
    return image;
  }

  /** The image after applying every step that is due. */
  image(id: string): SimImage | undefined {
    this.advance();
    return this.images.get(id);
  }

  /** The next free `private/<n>`; skips ids a test put into `images` directly. */
  newPrivateImageId(): string {
    let id = `private/${this.nextImageNumber++}`;
    while (this.images.has(id)) {
      id = `private/${this.nextImageNumber++}`;
    }
    return id;
  }

  /**
   * Removes an image, its pending steps and its upload URL. An upload or capture still in progress has its event
   * turn `failed`, saying the image was deleted first (the caller records any `image_delete` event).
   */
  deleteImage(id: string): boolean {
    const image = this.images.get(id);
    const event = this.inProgressEventOf(id);
    if (image && event) {
      this.failEventOf(id, deletedBeforeDoneMessage(event.action, image.status));
    }
    this.inProgressEvents.delete(id);
    this.cancelTransitions(id);
    for (const [key, target] of this.uploadTargets) {
      if (target.imageId === id) {
        this.uploadTargets.delete(key);
      }
    }
    // A deleted private image leaves every share group it was in.
    this.sharing.forgetSource(id);
    return this.images.delete(id);
  }

  /** total_size is the image size times the number of stored copies; public images count one copy. */
  recomputeTotalSize(image: SimImage): void {
    const copies = image.is_public
      ? 1
      : image.regions.filter((replica) => STORED_REPLICA.has(replica.status)).length;
    image.total_size = image.size * MIB * copies;
  }

  // ---- life cycle -------------------------------------------------------------------------------

  /** Schedules `step` to happen `steps` life-cycle steps from now. */
  schedule(imageId: string, steps: number, step: TransitionStep): void {
    const dueAt = this.holdTransitions ? Number.POSITIVE_INFINITY : this.now() + steps * this.lifecycleMs;
    this.transitions.push({ dueAt, seq: this.nextSeq++, imageId, step });
  }

  /** Drops pending steps of an image, or only those of one of its regions. */
  cancelTransitions(imageId: string, region?: string): void {
    this.transitions = this.transitions.filter((transition) => {
      if (transition.imageId !== imageId) {
        return true;
      }
      if (region === undefined) {
        return false;
      }
      // Steps of the whole image stay; only that region's go.
      return !('region' in transition.step) || transition.step.region !== region;
    });
  }

  get pendingTransitions(): number {
    return this.transitions.length + this.linodeTransitions.length;
  }

  /** Applies every step due at `now`, oldest first. */
  advance(now = this.now()): number {
    return this.applyWhere((transition) => transition.dueAt <= now) + this.applyLinodeStepsWhere((transition) => transition.dueAt <= now);
  }

  /** Applies every pending step now, whatever its due time. */
  settle(): number {
    return this.applyWhere(() => true) + this.applyLinodeStepsWhere(() => true);
  }

  private applyWhere(isDue: (transition: Transition) => boolean): number {
    const due = this.transitions.filter(isDue);
    if (due.length === 0) {
      return 0;
    }
    this.transitions = this.transitions.filter((transition) => !isDue(transition));
    due.sort((a, b) => a.dueAt - b.dueAt || a.seq - b.seq);
    for (const transition of due) {
      const image = this.images.get(transition.imageId);
      if (!image) {
        continue;
      }
      if (transition.step.kind === 'image-fail') {
        this.failImage(image.id, transition.step.message);
        continue;
      }
      applyStep(image, transition.step);
      this.recomputeTotalSize(image);
      if (transition.step.kind === 'image-status' && transition.step.status === 'available') {
        this.finishEventOf(image.id);
      }
    }
    return due.length;
  }

  /**
   * A capture or a finished upload: `creating` now, `available` one step later. With `failure`, the image
   * disappears one step later instead, and its event fails with that message.
   */
  startCreating(image: SimImage, failure?: string): void {
    image.status = 'creating';
    for (const replica of image.regions) {
      replica.status = 'creating';
    }
    if (failure !== undefined) {
      this.schedule(image.id, 1, { kind: 'image-fail', message: failure });
    } else {
      this.schedule(image.id, 1, { kind: 'image-status', status: 'available' });
      for (const replica of image.regions) {
        this.schedule(image.id, 1, { kind: 'replica-status', region: replica.region, status: 'available' });
      }
    }
    this.recomputeTotalSize(image);
  }

  /** The failure the next capture meets (the `failNextCapture` knob, used up), or undefined. */
  takeCaptureFailure(): string | undefined {
    const failure = this.failNextCapture;
    this.failNextCapture = undefined;
    return failure;
  }

  /** A region added by replication: `pending replication`, then `replicating`, then `available`. */
  startReplica(image: SimImage, region: string, from: 'pending replication' | 'replicating' = 'pending replication'): void {
    upsertReplica(image, region, from);
    if (from === 'pending replication') {
      this.schedule(image.id, 1, { kind: 'replica-status', region, status: 'replicating' });
      this.schedule(image.id, 2, { kind: 'replica-status', region, status: 'available' });
    } else {
      this.schedule(image.id, 1, { kind: 'replica-status', region, status: 'available' });
    }
  }

  /** A region dropped by replication: `pending deletion`, then gone. */
  startReplicaRemoval(image: SimImage, region: string): void {
    upsertReplica(image, region, 'pending deletion');
    this.schedule(image.id, 1, { kind: 'replica-remove', region });
  }

  /**
   * Applies a replicate request: `regions` becomes the new set. Kept regions keep their state (a region
   * that was being deleted is restored), new ones start replicating, missing ones start deleting.
   */
  replicate(image: SimImage, regions: readonly string[]): void {
    const wanted = new Set(regions);
    for (const replica of [...image.regions]) {
      if (wanted.has(replica.region)) {
        if (replica.status === 'pending deletion') {
          this.cancelTransitions(image.id, replica.region);
          replica.status = 'available';
        }
      } else if (replica.status !== 'pending deletion') {
        this.cancelTransitions(image.id, replica.region);
        this.startReplicaRemoval(image, replica.region);
      }
    }
    for (const region of wanted) {
      if (!image.regions.some((replica) => replica.region === region)) {
        this.startReplica(image, region);
      }
    }
    this.recomputeTotalSize(image);
  }

  // ---- uploads ----------------------------------------------------------------------------------

  createUploadTarget(imageId: string, key = randomBytes(18).toString('hex'), signature = randomBytes(32).toString('hex')): UploadTarget {
    const target: UploadTarget = { imageId, key, signature, completed: false };
    this.uploadTargets.set(key, target);
    return target;
  }

  uploadTargetOf(imageId: string): UploadTarget | undefined {
    for (const target of this.uploadTargets.values()) {
      if (target.imageId === imageId) {
        return target;
      }
    }
    return undefined;
  }

  /**
   * All bytes arrived: size from the byte count (at least 1 MB), then the `creating` step. Bytes that are not gzip
   * (`gzip` false), or the `failNextUpload` knob, make Linode give up one step later: the image disappears and its
   * `image_upload` event fails, saying why.
   */
  completeUpload(target: UploadTarget, bytes: number, gzip = true): void {
    target.completed = true;
    const image = this.images.get(target.imageId);
    if (!image || image.status !== 'pending_upload') {
      return;
    }
    image.size = Math.max(1, Math.ceil(bytes / MIB));
    const knob = this.failNextUpload;
    this.failNextUpload = undefined;
    const failure = knob ?? (gzip ? undefined : UPLOAD_NOT_GZIP_MESSAGE);
    this.startCreating(image, failure);
  }

  /**
   * Upload containers that never got their bytes, as Linode deletes them after 24 hours: each `pending_upload`
   * image (or only `imageId`) disappears and its `image_upload` event fails. Returns the ids removed.
   */
  expireUploads(imageId?: string): string[] {
    this.advance();
    const expired = [...this.images.values()]
      .filter((image) => image.status === 'pending_upload' && (imageId === undefined || image.id === imageId))
      .map((image) => image.id);
    for (const id of expired) {
      this.failImage(id, UPLOAD_EXPIRED_MESSAGE);
    }
    return expired;
  }

  // ---- events -------------------------------------------------------------------------------------

  recordEvent(init: NewEvent): SimEvent {
    return this.events.record(init);
  }

  /** Records a `started` upload or capture of `imageId`, which finishes or fails with the image. */
  recordImageInProgress(imageId: string, init: Omit<NewEvent, 'status'>): SimEvent {
    const event = this.events.record({ ...init, status: 'started' });
    this.inProgressEvents.set(imageId, event.id);
    return event;
  }

  /** The started event of an image still being made, if any. */
  inProgressEventOf(imageId: string): SimEvent | undefined {
    const eventId = this.inProgressEvents.get(imageId);
    return eventId === undefined ? undefined : this.events.get(eventId);
  }

  private finishEventOf(imageId: string): void {
    const eventId = this.inProgressEvents.get(imageId);
    if (eventId !== undefined) {
      this.inProgressEvents.delete(imageId);
      this.events.finish(eventId);
    }
  }

  private failEventOf(imageId: string, message: string): void {
    const eventId = this.inProgressEvents.get(imageId);
    if (eventId !== undefined) {
      this.inProgressEvents.delete(imageId);
      this.events.fail(eventId, message);
    }
  }

  /** Linode gives up on an image being made: it disappears, and its event fails with `message`. */
  private failImage(imageId: string, message: string): void {
    this.failEventOf(imageId, message);
    this.deleteImage(imageId);
  }

  // ---- Linodes ------------------------------------------------------------------------------------

  disksOf(linodeId: number): SimDisk[] {
    return [...this.disks.values()].filter((disk) => disk.linode_id === linodeId);
  }

  /** The next free Linode id, above every Linode there is (a seed's or a test's). */
  newLinodeId(): number {
    const id = Math.max(this.nextLinodeNumber, ...[...this.linodes.keys()].map((existing) => existing + 1));
    this.nextLinodeNumber = id + 1;
    return id;
  }

  newDiskId(): number {
    const id = Math.max(this.nextDiskNumber, ...[...this.disks.keys()].map((existing) => existing + 1));
    this.nextDiskNumber = id + 1;
    return id;
  }

  /** A public IPv4 address no Linode has, from the documentation range 198.51.100.0/24 (then 203.0.113.0/24). */
  newIpv4(): string {
    const used = new Set([...this.linodes.values()].flatMap((linode) => linode.ipv4));
    for (const prefix of ['198.51.100', '203.0.113']) {
      for (let host = 2; host < 255; host++) {
        const address = `${prefix}.${host}`;
        if (!used.has(address)) return address;
      }
    }
    throw new Error('the simulator ran out of IPv4 addresses');
  }

  /**
   * A create or rebuild of `linode`, whose status the caller has set (`provisioning`, `rebuilding`): its event
   * (`action`) starts now and finishes one step later, when the Linode's disks are ready; then, when it boots, it is
   * `booting` (a `linode_boot` event) for one more step and ends `running`; otherwise it ends `offline`.
   */
  startLinodeJob(linode: SimLinode, action: 'linode_create' | 'linode_rebuild', username: string, boots: boolean): void {
    this.cancelLinodeSteps(linode.id);
    this.finishLinodeJobEvent(linode.id);
    const event = this.events.record({ action, status: 'started', username, entity: linodeEntity(linode) });
    this.linodeJobEvents.set(linode.id, event.id);
    this.scheduleLinodeStep(linode.id, 1, { status: boots ? 'booting' : 'offline', startsBoot: boots, username });
    if (boots) {
      this.scheduleLinodeStep(linode.id, 2, { status: 'running', startsBoot: false, username });
    }
  }

  /** Removes a Linode with its disks; a job still under way stops there, and its event fails. */
  deleteLinode(id: number): boolean {
    this.cancelLinodeSteps(id);
    const eventId = this.linodeJobEvents.get(id);
    if (eventId !== undefined) {
      this.linodeJobEvents.delete(id);
      this.events.fail(eventId, LINODE_DELETED_MESSAGE);
    }
    for (const disk of this.disksOf(id)) {
      this.disks.delete(disk.id);
    }
    return this.linodes.delete(id);
  }

  private scheduleLinodeStep(linodeId: number, steps: number, step: LinodeStep): void {
    const dueAt = this.holdTransitions ? Number.POSITIVE_INFINITY : this.now() + steps * this.lifecycleMs;
    this.linodeTransitions.push({ dueAt, seq: this.nextSeq++, linodeId, step });
  }

  private cancelLinodeSteps(linodeId: number): void {
    this.linodeTransitions = this.linodeTransitions.filter((transition) => transition.linodeId !== linodeId);
  }

  private finishLinodeJobEvent(linodeId: number): void {
    const eventId = this.linodeJobEvents.get(linodeId);
    if (eventId !== undefined) {
      this.linodeJobEvents.delete(linodeId);
      this.events.finish(eventId);
    }
  }

  private applyLinodeStepsWhere(isDue: (transition: LinodeTransition) => boolean): number {
    const due = this.linodeTransitions.filter(isDue);
    if (due.length === 0) {
      return 0;
    }
    this.linodeTransitions = this.linodeTransitions.filter((transition) => !isDue(transition));
    due.sort((a, b) => a.dueAt - b.dueAt || a.seq - b.seq);
    for (const { linodeId, step } of due) {
      const linode = this.linodes.get(linodeId);
      if (!linode) {
        continue;
      }
      this.finishLinodeJobEvent(linodeId);
      for (const disk of this.disksOf(linodeId)) {
        disk.status = 'ready';
      }
      linode.status = step.status;
      linode.updated = this.timestamp();
      if (step.startsBoot) {
        const boot = this.events.record({ action: 'linode_boot', status: 'started', username: step.username, entity: linodeEntity(linode) });
        this.linodeJobEvents.set(linodeId, boot.id);
      }
    }
    return due.length;
  }
}

function applyStep(image: SimImage, step: TransitionStep): void {
  switch (step.kind) {
    case 'image-status':
      image.status = step.status;
      return;
    case 'replica-status': {
      const replica = image.regions.find((candidate) => candidate.region === step.region);
      if (replica) {
        replica.status = step.status;
      }
      return;
    }
    case 'replica-remove':
      image.regions = image.regions.filter((replica) => replica.region !== step.region);
      return;
    case 'image-fail':
      // Removes the image: the state does it (failImage), as it also fails the image's event.
      return;
  }
}

function upsertReplica(image: SimImage, region: string, status: ReplicaStatus): ImageRegion {
  let replica = image.regions.find((candidate) => candidate.region === region);
  if (replica) {
    replica.status = status;
  } else {
    replica = { region, status };
    image.regions.push(replica);
  }
  return replica;
}

function emptyProfile(): SimProfile {
  return {
    username: 'sim-user',
    email: 'sim-user@example.com',
    uid: 1,
    restricted: false,
    timezone: 'UTC',
    two_factor_auth: false,
    authentication_type: 'password',
    lish_auth_method: 'password_keys',
    authorized_keys: null,
    email_notifications: true,
    ip_whitelist_enabled: false,
    referrals: { code: '', url: 'https://www.linode.com/?r=', total: 0, completed: 0, pending: 0, credit: 0 },
    verified_phone_number: null,
  };
}
