// The account event log (GET /account/events): what the simulator records for the image and Linode operations it
// performs.
//
// Each event has every property the 4.189 spec declares for an Event, in the shape the real API sends them
// (../shared/linode-api/recorded/TestAccountEvents_List.yaml): `percent_complete`, `time_remaining`, `rate` and
// `duration` are null where the real API sends null, `message` is "" when there is nothing to say, `details` is
// an object (the spec does not declare it, the real API sends it), `secondary_entity` is null when there is none,
// and an entity's `id` is a number (for an image, the number in `private/NNN`). See the event excuse in
// test/contract/openapiValidator.ts for where this differs from the spec.
//
// Ids start at a large base, as real ones look, and only ever go up: `reset()` empties the log but never reuses an
// id, so a client that remembers "the newest event I saw" is not fooled by a reset.

import type { SimImage, SimLinode } from './entities';

export const EVENT_ID_BASE = 1_586_000_000;

/** The username of the events `POST /__simulator/elsewhere` records: a change the extension did not make. */
export const ELSEWHERE_USERNAME = 'someone-else';

/**
 * The image-related actions of the spec's enum (there is no `image_create`, and no replication action in 4.189), and
 * those of the Linodes a deployment makes, rebuilds and deletes.
 */
export type SimEventAction =
  | 'image_upload' | 'image_update' | 'image_delete' | 'disk_imagize'
  | 'linode_create' | 'linode_boot' | 'linode_rebuild' | 'linode_delete';
export type SimEventStatus = 'failed' | 'finished' | 'notification' | 'scheduled' | 'started';

export interface SimEventEntity {
  /** For an image, the number in `private/NNN`; for a Linode, its id. */
  id: number | null;
  type: 'image' | 'linode';
  label: string;
  /** `/v4/images/private/NNN`, `/v4/linode/instances/N` (relative, unencoded, as the real API sends). */
  url: string;
}

/** Properties in the order the real API sends them (the recorded exchange). */
export interface SimEvent {
  id: number;
  created: string;
  seen: boolean;
  read: boolean;
  /** 0 while started, 100 once finished; null for notifications. */
  percent_complete: number | null;
  time_remaining: string | null;
  rate: string | null;
  /** Seconds from start to finish (or failure); null until then and for notifications. */
  duration: number | null;
  action: SimEventAction;
  username: string | null;
  entity: SimEventEntity | null;
  status: SimEventStatus;
  secondary_entity: SimEventEntity | null;
  /** "" when there is nothing to say; why, when the event failed. */
  message: string;
  details: Record<string, unknown>;
}

export interface NewEvent {
  action: SimEventAction;
  status: SimEventStatus;
  username: string | null;
  entity: SimEventEntity | null;
  secondary_entity?: SimEventEntity | null;
  message?: string;
}

// Linode's own style for why an image upload or capture failed.
export const UPLOAD_NOT_GZIP_MESSAGE = 'Image upload failed: the file is not a gzip-compressed raw disk image';
export const UPLOAD_EXPIRED_MESSAGE = 'Image upload failed: no image was uploaded within 24 hours, so the upload container was deleted';
export const UPLOAD_FAILED_MESSAGE = 'Image upload failed: the image could not be processed';
export const CAPTURE_FAILED_MESSAGE = 'Image capture failed: the disk could not be imaged';

/** Why an upload or capture in progress failed when its image was deleted before it became available. */
export function deletedBeforeDoneMessage(action: SimEventAction, imageStatus: string): string {
  if (action === 'image_upload') {
    return imageStatus === 'pending_upload'
      ? 'Image upload failed: the upload container was deleted before an image was uploaded'
      : 'Image upload failed: the image was deleted before it became available';
  }
  return 'Image capture failed: the image was deleted before it became available';
}

/** The number in `private/NNN`; null for an id of another shape. */
function imageNumber(imageId: string): number | null {
  const match = /^private\/(\d+)$/.exec(imageId);
  return match ? Number(match[1]) : null;
}

export function imageEntity(image: Pick<SimImage, 'id' | 'label'>): SimEventEntity {
  return { id: imageNumber(image.id), type: 'image', label: image.label, url: `/v4/images/${image.id}` };
}

export function linodeEntity(linode: Pick<SimLinode, 'id' | 'label'>): SimEventEntity {
  return { id: linode.id, type: 'linode', label: linode.label, url: `/v4/linode/instances/${linode.id}` };
}

interface Entry {
  event: SimEvent;
  /** When it was recorded, in ms (for `duration`). */
  startedAt: number;
}

export class EventLog {
  private entries: Entry[] = [];
  private nextId = EVENT_ID_BASE;

  constructor(
    private readonly now: () => number,
    private readonly format: (ms: number) => string,
  ) {}

  /** Appends an event with the next id and the current time. */
  record(init: NewEvent): SimEvent {
    const startedAt = this.now();
    const inProgress = init.status === 'started' || init.status === 'scheduled';
    const event: SimEvent = {
      id: this.nextId++,
      created: this.format(startedAt),
      seen: false,
      read: false,
      percent_complete: inProgress ? 0 : init.status === 'finished' ? 100 : null,
      time_remaining: null,
      rate: null,
      duration: inProgress || init.status === 'notification' ? null : 0,
      action: init.action,
      username: init.username,
      entity: init.entity === null ? null : { ...init.entity },
      status: init.status,
      secondary_entity: init.secondary_entity ? { ...init.secondary_entity } : null,
      message: init.message ?? '',
      details: {},
    };
    this.entries.push({ event, startedAt });
    return event;
  }

  get(id: number): SimEvent | undefined {
    return this.entries.find((entry) => entry.event.id === id)?.event;
  }

  /** Every event, oldest first (the live objects: copy before sending them anywhere). */
  list(): SimEvent[] {
    return this.entries.map((entry) => entry.event);
  }

  get size(): number {
    return this.entries.length;
  }

  /** A started event is done: `finished`, 100%, with its duration. No-op for an event that is not in progress. */
  finish(id: number): SimEvent | undefined {
    return this.conclude(id, 'finished');
  }

  /** A started event went wrong: `failed`, with Linode's words for why. No-op for an event that is not in progress. */
  fail(id: number, message: string): SimEvent | undefined {
    return this.conclude(id, 'failed', message);
  }

  /** Empties the log; ids keep going up. */
  clear(): void {
    this.entries = [];
  }

  private conclude(id: number, status: 'finished' | 'failed', message?: string): SimEvent | undefined {
    const entry = this.entries.find((candidate) => candidate.event.id === id);
    if (!entry || (entry.event.status !== 'started' && entry.event.status !== 'scheduled')) {
      return undefined;
    }
    const { event } = entry;
    event.status = status;
    if (status === 'finished') {
      event.percent_complete = 100;
    }
    event.duration = Math.max(0, Math.round((this.now() - entry.startedAt) / 1000));
    if (message !== undefined) {
      event.message = message;
    }
    return event;
  }
}
