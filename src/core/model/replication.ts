// Which regions can hold an image, and what a new region set does to an image's replicas. The replicate
// request replaces the whole set: a region left out loses its copy, so every change is planned and checked here
// before anything is sent.
import type { Image, ImageRegion, Region } from '../api/types';
import { l10n } from '../l10n';

// A region capability and a replica status as Linode sends them: matched, not shown.
// eslint-disable-next-line local/user-strings -- a region capability as Linode names it
const OBJECT_STORAGE = 'Object Storage';
// eslint-disable-next-line local/user-strings -- a replica status as Linode sends it
const PENDING_DELETION = 'pending deletion';

/**
 * Regions Cloud Manager leaves out of its image region pickers although they report Object Storage
 * ("there is no nice region capability for Images").
 */
export const REGIONS_WITHOUT_IMAGES: ReadonlySet<string> = new Set(['gb-lon', 'au-mel', 'sg-sin-2', 'jp-tyo-3']);

/** Images are stored in Object Storage, in core sites only (distributed sites cannot hold them). */
export function canHoldImages(region: Region): boolean {
  return (
    region.capabilities.includes(OBJECT_STORAGE) &&
    (region.site_type === undefined || region.site_type === 'core') &&
    !REGIONS_WITHOUT_IMAGES.has(region.id)
  );
}

/** Why a region cannot hold images, for a refusal; undefined when it can. `name` is the region as shown. */
export function whyRegionCannotHoldImages(region: Region, name: string): string | undefined {
  if (canHoldImages(region)) return undefined;
  if (region.site_type !== undefined && region.site_type !== 'core') {
    return l10n.t('{0} is a distributed site, and images are kept in core regions only.', name);
  }
  if (!region.capabilities.includes(OBJECT_STORAGE)) {
    return l10n.t('{0} has no Object Storage, where Linode keeps images.', name);
  }
  return l10n.t('Linode does not offer {0} for images.', name);
}

export interface RegionChoice {
  regionId: string;
  region: Region | undefined;
  /** The image's copy there now, if any. */
  replica: ImageRegion | undefined;
  /** Selected at the start: the image holds a copy there that is not already being deleted. */
  current: boolean;
}

/**
 * The regions to offer for an image: every region that can hold images, plus every region the image already
 * has a copy in (even one that would not be offered today, so it is never dropped unseen). Current ones first,
 * then by id.
 */
export function regionChoices(image: Image, regions: Iterable<Region>): RegionChoice[] {
  const byId = new Map<string, Region>();
  for (const region of regions) byId.set(region.id, region);
  const ids = new Set<string>(image.regions.map((r) => r.region));
  for (const region of byId.values()) if (canHoldImages(region)) ids.add(region.id);
  return [...ids]
    .map((regionId): RegionChoice => {
      const replica = image.regions.find((r) => r.region === regionId);
      return { regionId, region: byId.get(regionId), replica, current: replica !== undefined && replica.status !== PENDING_DELETION };
    })
    .sort((a, b) => Number(b.current) - Number(a.current) || a.regionId.localeCompare(b.regionId));
}

export type RegionPlan =
  | { kind: 'refused'; reason: 'empty' | 'noAvailableRegion'; message: string }
  | { kind: 'unchanged' }
  | {
      kind: 'change';
      /** The body of the replicate request. */
      regions: string[];
      /** New copies to make. */
      added: string[];
      /** Copies that will be deleted, with their state now. */
      removed: ImageRegion[];
      /** Copies being deleted that the new set keeps (the API cancels their deletion). */
      restored: string[];
    };

/**
 * What sending `selected` as the image's region set would do, or why it must not be sent: an empty set
 * (that is a delete), or a set without any region where the image is available (new copies are made from one).
 */
export function planRegionChange(image: Image, selected: readonly string[], describe: (regionId: string) => string = (id) => id): RegionPlan {
  const wanted = [...new Set(selected)];
  if (wanted.length === 0) {
    return {
      kind: 'refused',
      reason: 'empty',
      message: l10n.t('Select at least one region. To remove every copy of the image, delete the image instead.'),
    };
  }
  const available = image.regions.filter((r) => r.status === 'available').map((r) => r.region);
  if (!wanted.some((id) => available.includes(id))) {
    return {
      kind: 'refused',
      reason: 'noAvailableRegion',
      message: available.length > 0
        ? l10n.t('Keep at least one region where the image is available ({0}): Linode makes new copies from there.', available.map(describe).join(', '))
        : l10n.t('Keep at least one region where the image is available: Linode makes new copies from there.'),
    };
  }
  const held = new Map(image.regions.map((r) => [r.region, r]));
  const added = wanted.filter((id) => !held.has(id));
  const removed = image.regions.filter((r) => r.status !== PENDING_DELETION && !wanted.includes(r.region));
  const restored = wanted.filter((id) => held.get(id)?.status === PENDING_DELETION);
  if (added.length === 0 && removed.length === 0 && restored.length === 0) return { kind: 'unchanged' };
  // Kept regions first, in the image's order, then the new ones: the request reads like the picker.
  const regions = [...image.regions.map((r) => r.region).filter((id) => wanted.includes(id)), ...added];
  return { kind: 'change', regions, added, removed, restored };
}
