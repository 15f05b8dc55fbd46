// Reading Linode's account events for the images they name (see ImageSync).
import type { AccountEvent, EventEntity } from '../api/types';

/** Image events carry the image as `entity`; a capture (`disk_imagize`) carries the Linode there and the image second. */
const CAPTURE_ACTION = 'disk_imagize';
/** Actions after which an image that disappears was refused by Linode rather than deleted. */
const MAKING_ACTIONS = new Set(['image_upload', CAPTURE_ACTION]);

/**
 * The X-Filter for image events newer than `cursor` (any `image_*` action, and captures), oldest first, and the
 * cursor's own event: its presence proves the feed still reaches back to the last sync (see ImageSync).
 */
export function imageEventsSince(cursor: number): Record<string, unknown> {
  const newer = { '+and': [{ id: { '+gt': cursor } }, { '+or': [{ 'entity.type': 'image' }, { action: CAPTURE_ACTION }] }] };
  return { ...(cursor > 0 ? { '+or': [{ id: cursor }, newer] } : newer), '+order_by': 'id', '+order': 'asc' };
}

/** The X-Filter for the newest events of any kind: the first one's id is where the next sync starts. */
export const NEWEST_EVENTS: Record<string, unknown> = { '+order_by': 'id', '+order': 'desc' };

/** The X-Filter for the events about one image that is being made (to say why it disappeared). */
export function eventsAboutImage(imageId: string): Record<string, unknown> | undefined {
  const number = imageNumber(imageId);
  if (number === undefined) return undefined;
  return {
    '+or': [{ '+and': [{ 'entity.type': 'image' }, { 'entity.id': number }] }, { action: CAPTURE_ACTION }],
    '+order_by': 'id',
    '+order': 'desc',
  };
}

/** The image an event is about (`private/123`), or undefined when it names none. */
export function imageIdOfEvent(event: AccountEvent): string | undefined {
  if (event.action === CAPTURE_ACTION) return imageIdOfEntity(event.secondary_entity);
  return event.entity?.type === 'image' ? imageIdOfEntity(event.entity) : undefined;
}

function imageIdOfEntity(entity: EventEntity | null): string | undefined {
  if (!entity || (entity.type !== null && entity.type !== 'image')) return undefined;
  // The url says `private/123` in full; the id is the number alone.
  const fromUrl = entity.url ? /\/images\/((?:private|shared)\/\d+)\/?$/.exec(entity.url)?.[1] : undefined;
  if (fromUrl) return fromUrl;
  return entity.id !== null ? `private/${entity.id}` : undefined;
}

function imageNumber(imageId: string): number | undefined {
  const match = /^private\/(\d+)$/.exec(imageId);
  return match ? Number(match[1]) : undefined;
}

/** Linode's reason for refusing to make the image (a failed upload or capture), if an event gives one. */
export function refusalOf(events: readonly AccountEvent[], imageId: string): AccountEvent | undefined {
  return events.find((event) => event.status === 'failed' && MAKING_ACTIONS.has(event.action) && imageIdOfEvent(event) === imageId);
}
