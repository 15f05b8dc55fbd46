// Pure grouping of the image list into the tree's shape. The tree view only renders what this returns.
import type { Image, Region } from '../api/types';
import { l10n } from '../l10n';
import { regionTitle } from './format';
import { imageKind, sharedByLabel } from './imageKind';

export type GroupBy = 'region' | 'type' | 'none';
export type SortBy = 'label' | 'created' | 'size';

/** One image as the tree shows it; in a region group it stands for that region's copy. */
export interface ImageEntry {
  /** Stable across refreshes: `image:private/15` or `image:private/15@us-east`. */
  id: string;
  image: Image;
  regionId?: string;
}

export interface ImageGroup {
  /**
   * Stable across refreshes: `region:us-east`, `public`, `public:vendor:Debian`, `private`, `automatic`, `shared`,
   * `shared:group:12`.
   */
  id: string;
  kind: 'region' | 'public' | 'vendor' | 'private' | 'automatic' | 'shared' | 'sharegroup';
  label: string;
  /** Images directly under this group (before any subgroups). */
  entries: ImageEntry[];
  groups: ImageGroup[];
  /** Images counted under the group, subgroups included. */
  count: number;
}

export type TreeRoot = { groups: ImageGroup[]; entries: ImageEntry[] };

export interface GroupingOptions {
  groupBy: GroupBy;
  sortBy?: SortBy;
  showPublicImages: boolean;
  regions: ReadonlyMap<string, Region>;
}

const NO_REGION = 'none';

export function groupImages(images: readonly Image[], options: GroupingOptions): TreeRoot {
  const compare = imageComparator(options.sortBy ?? 'label');
  const privateImages: Image[] = [];
  const sharedImages: Image[] = [];
  const publicImages: Image[] = [];
  for (const image of images) {
    const kind = imageKind(image);
    if (kind === 'private') privateImages.push(image);
    else if (kind === 'shared') sharedImages.push(image);
    else if (options.showPublicImages) publicImages.push(image);
  }
  privateImages.sort(compare);
  sharedImages.sort(compare);
  publicImages.sort(compare);
  // Images shared with you have a group of their own in every grouping, by share group: they are not yours to
  // change, and their regions are the sharer's business.
  const shared = sharedImages.length > 0 ? [sharedGroup(sharedImages)] : [];

  switch (options.groupBy) {
    case 'none':
      return { groups: shared, entries: [...privateImages, ...publicImages].map((image) => entry(image)) };
    case 'type': {
      // Your images split in two, as Cloud Manager lists them apart: the ones you made, and the automatic ones
      // Linode made (deleted at their expiry; their rows say when).
      const groups: ImageGroup[] = [];
      const manual = privateImages.filter((image) => !isAutomatic(image));
      const automatic = privateImages.filter(isAutomatic);
      if (manual.length > 0) groups.push(group('private', 'private', l10n.t('Private images'), manual.map((image) => entry(image)), []));
      if (automatic.length > 0) {
        groups.push(group('automatic', 'automatic', l10n.t('Automatic images'), automatic.map((image) => entry(image)), []));
      }
      groups.push(...shared);
      if (publicImages.length > 0) groups.push(publicGroup(l10n.t('Public images'), publicImages));
      return { groups, entries: [] };
    }
    case 'region': {
      const groups = regionGroups(privateImages, options.regions);
      groups.push(...shared);
      if (publicImages.length > 0) groups.push(publicGroup(l10n.t('Public images (all regions)'), publicImages));
      return { groups, entries: [] };
    }
  }
}

/**
 * Everything groupImages and imageComparator read of an image, in one string: two versions of an image with the
 * same placement sit in the same groups at the same place, so only their own rows need redrawing. Kept beside the
 * grouping so a field it starts to read is added here too (test/unit/grouping.test.ts checks the two agree).
 */
export function placementKey(image: Image, sortBy: SortBy): string {
  const sortValue = sortBy === 'created' ? image.created : sortBy === 'size' ? image.size : null;
  const sharedBy = image.image_sharing?.shared_by?.sharegroup_id;
  return JSON.stringify([
    imageKind(image),
    isAutomatic(image),
    sharedBy,
    sharedBy === undefined ? null : sharedByLabel(image),
    image.vendor,
    image.regions.map((r) => r.region),
    image.label,
    sortValue,
  ]);
}

/**
 * An image of yours that Linode made itself (`type: automatic`, kept only until its expiry) rather than one you
 * captured or uploaded. Public and shared images are never automatic here.
 */
export function isAutomatic(image: Image): boolean {
  return image.type === 'automatic' && imageKind(image) === 'private';
}

/** "Shared with me", with a subgroup per share group the images come from. */
function sharedGroup(images: readonly Image[]): ImageGroup {
  const byGroup = new Map<string, { label: string; images: Image[] }>();
  for (const image of images) {
    const by = image.image_sharing?.shared_by;
    const key = by ? String(by.sharegroup_id) : 'unknown';
    let bucket = byGroup.get(key);
    if (!bucket) byGroup.set(key, (bucket = { label: sharedByLabel(image) ?? l10n.t('Share group not named'), images: [] }));
    bucket.images.push(image);
  }
  const groups = [...byGroup.entries()]
    .sort(([, a], [, b]) => a.label.localeCompare(b.label))
    .map(([key, bucket]) => group(`shared:group:${key}`, 'sharegroup', bucket.label, bucket.images.map((image) => entry(image)), []));
  return group('shared', 'shared', l10n.t('Shared with me'), [], groups);
}

/** A region group per region that holds a private image; each image listed under every region holding it. */
function regionGroups(images: readonly Image[], regions: ReadonlyMap<string, Region>): ImageGroup[] {
  const byRegion = new Map<string, ImageEntry[]>();
  const add = (regionId: string, image: Image): void => {
    let list = byRegion.get(regionId);
    if (!list) byRegion.set(regionId, (list = []));
    list.push(entry(image, regionId));
  };
  for (const image of images) {
    const { regions: held } = image;
    if (held.length === 0) add(NO_REGION, image);
    // A region listed twice still gets one entry. Plain loops, no Set or closure per image: this runs for every
    // copy of every image.
    for (let index = 0; index < held.length; index++) {
      const regionId = held[index].region;
      let seen = false;
      for (let before = 0; before < index && !seen; before++) seen = held[before].region === regionId;
      if (!seen) add(regionId, image);
    }
  }
  return [...byRegion.entries()]
    .map(([regionId, entries]) => {
      const label = regionId === NO_REGION ? l10n.t('No region yet') : regionTitle(regionId, regions.get(regionId));
      return group(`region:${regionId}`, 'region', label, entries, []);
    })
    .sort((a, b) => regionSortKey(a.id).localeCompare(regionSortKey(b.id)));
}

function regionSortKey(groupId: string): string {
  // "No region yet" goes last.
  return groupId === `region:${NO_REGION}` ? '\uffff' : groupId;
}

/** The id part of the vendor group for images that name no vendor (its label is translated, its id is not). */
const OTHER_VENDOR = 'Other';

function publicGroup(label: string, images: readonly Image[]): ImageGroup {
  const byVendor = new Map<string, { label: string; images: Image[] }>();
  for (const image of images) {
    const vendor = image.vendor ?? OTHER_VENDOR;
    let bucket = byVendor.get(vendor);
    if (!bucket) byVendor.set(vendor, (bucket = { label: image.vendor ?? l10n.t('Other'), images: [] }));
    bucket.images.push(image);
  }
  const vendors = [...byVendor.entries()]
    .sort(([, a], [, b]) => a.label.localeCompare(b.label))
    .map(([vendor, bucket]) => group(`public:vendor:${vendor}`, 'vendor', bucket.label, bucket.images.map((image) => entry(image)), []));
  return group('public', 'public', label, [], vendors);
}

function group(id: string, kind: ImageGroup['kind'], label: string, entries: ImageEntry[], groups: ImageGroup[]): ImageGroup {
  const count = entries.length + groups.reduce((sum, g) => sum + g.count, 0);
  return { id, kind, label, entries, groups, count };
}

function entry(image: Image, regionId?: string): ImageEntry {
  return regionId === undefined
    ? { id: `image:${image.id}`, image }
    : { id: `image:${image.id}@${regionId}`, image, regionId };
}

// One collator for every comparison: `localeCompare` with options builds a new one per call, which made sorting
// 10,000 images take a second instead of milliseconds. Made on first use: the first collator loads ICU data
// (several ms), which activation should not pay.
let labelCollator: Intl.Collator | undefined;

function imageComparator(sortBy: SortBy): (a: Image, b: Image) => number {
  const labels = (labelCollator ??= new Intl.Collator(undefined, { sensitivity: 'base', numeric: true }));
  const byLabel = (a: Image, b: Image): number => labels.compare(a.label, b.label) || a.id.localeCompare(b.id);
  switch (sortBy) {
    case 'label':
      return byLabel;
    case 'created':
      // Newest first, as users look for what they just made; an image whose answer had no time goes last.
      return (a, b) => descendingKnownFirst(a.created, b.created) || byLabel(a, b);
    case 'size':
      return (a, b) => descendingKnownFirst(a.size, b.size) || byLabel(a, b);
  }
}

/** Larger (or later) first; a value nobody knows (null) after every known one. */
function descendingKnownFirst<T extends string | number>(a: T | null, b: T | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return a < b ? 1 : a > b ? -1 : 0;
}
