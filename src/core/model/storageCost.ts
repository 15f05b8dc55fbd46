// What a change of an image's regions does to the storage Linode bills, before it is sent: the regions kept,
// added and removed, each one's copy in GB as Cloud Manager shows it, and the monthly price before and after.
//
// Sizes. `size` is in MB (1024² bytes): the minimum disk to deploy the image, and what one region's copy takes.
// Every region holds a whole copy, so the storage is `size` × the regions. `total_size` is that sum as Linode
// counts it now: the spec says "bytes of all instances in all regions", but the recorded answers give MB (an
// image of `size` 1 in one available region reports `total_size` 1; a `creating` one of 25088, 25088), and Cloud
// Manager shows it as MB converted to GB, like `size`. It lags while copies are made or removed, so the plan is
// worked out from `size`; `total_size` is only reported alongside.
import type { Image } from '../api/types';
import { l10n } from '../l10n';

/**
 * Linode's published price for custom images: US$0.10 per GB per month, for each region's copy. Sources:
 * linode.com/pricing ("Images": $0.10/GB per month) and Cloud Manager's Manage Regions drawer, "Custom images are
 * billed monthly, at $.10/GB." (linode/manager, ManageImageRegionsForm.tsx). Prices change: the rate is a
 * parameter everywhere (a setting passes it); this is its default.
 */
export const IMAGE_PRICE_PER_GB_MONTH = 0.1;

const MB_PER_GB = 1024;
// eslint-disable-next-line local/user-strings -- a replica status as Linode sends it
const PENDING_DELETION = 'pending deletion';

export interface RegionStorage {
  region: string;
  megabytes: number;
  /** `megabytes` / 1024, as Cloud Manager converts. */
  gigabytes: number;
  /** US$ per month for this copy, rounded to a hundredth of a cent. */
  monthlyPrice: number;
}

export interface StorageChange {
  /** In the order of `before`. */
  kept: RegionStorage[];
  /** In the order of `after`. */
  added: RegionStorage[];
  /** In the order of `before`. */
  removed: RegionStorage[];
  keptGigabytes: number;
  addedGigabytes: number;
  freedGigabytes: number;
  /** US$ per month the kept copies cost, the added ones will, and the removed ones cost now. */
  keptMonthly: number;
  addedMonthly: number;
  freedMonthly: number;
  beforeGigabytes: number;
  afterGigabytes: number;
  /** What Linode reports stored now (`total_size`), in GB; null when the answer has none. */
  reportedGigabytes: number | null;
  ratePerGbMonth: number;
  monthlyBefore: number;
  monthlyAfter: number;
  /** After − before: positive costs more, negative saves. */
  monthlyChange: number;
}

export interface StorageChangeInput {
  /** The image's `size`, MB. */
  sizeMb: number;
  /** The image's `total_size`, MB; null or absent when unknown. */
  totalSizeMb?: number | null;
  /** Regions that hold a copy now. */
  before: readonly string[];
  /** Regions that will hold one. */
  after: readonly string[];
  /** US$ per GB per month; default IMAGE_PRICE_PER_GB_MONTH. */
  ratePerGbMonth?: number;
}

export function storageChange(input: StorageChangeInput): StorageChange {
  const rate = input.ratePerGbMonth ?? IMAGE_PRICE_PER_GB_MONTH;
  const sets = regionSets(input.before, input.after);
  const copy = (region: string): RegionStorage => ({ region, megabytes: input.sizeMb, ...copyStorage(input.sizeMb, rate) });
  const kept = sets.kept.map(copy);
  const added = sets.added.map(copy);
  const removed = sets.removed.map(copy);
  const monthlyBefore = price(input.sizeMb * (kept.length + removed.length), rate);
  const monthlyAfter = price(input.sizeMb * (kept.length + added.length), rate);
  return {
    kept,
    added,
    removed,
    keptGigabytes: (input.sizeMb * kept.length) / MB_PER_GB,
    addedGigabytes: (input.sizeMb * added.length) / MB_PER_GB,
    freedGigabytes: (input.sizeMb * removed.length) / MB_PER_GB,
    keptMonthly: price(input.sizeMb * kept.length, rate),
    addedMonthly: price(input.sizeMb * added.length, rate),
    freedMonthly: price(input.sizeMb * removed.length, rate),
    beforeGigabytes: (input.sizeMb * (kept.length + removed.length)) / MB_PER_GB,
    afterGigabytes: (input.sizeMb * (kept.length + added.length)) / MB_PER_GB,
    reportedGigabytes: input.totalSizeMb === null || input.totalSizeMb === undefined ? null : input.totalSizeMb / MB_PER_GB,
    ratePerGbMonth: rate,
    monthlyBefore,
    monthlyAfter,
    monthlyChange: roundPrice(monthlyAfter - monthlyBefore),
  };
}

/** A new region set against the old one: the regions in both, in the old order; new, in the new order; dropped. */
export interface RegionSets {
  kept: string[];
  added: string[];
  removed: string[];
}

export function regionSets(before: readonly string[], after: readonly string[]): RegionSets {
  const was = [...new Set(before)];
  const will = [...new Set(after)];
  return { kept: was.filter((r) => will.includes(r)), added: will.filter((r) => !was.includes(r)), removed: was.filter((r) => !will.includes(r)) };
}

/** What one region's copy of an image of `sizeMb` stores (GB) and costs a month. */
export function copyStorage(sizeMb: number, ratePerGbMonth: number = IMAGE_PRICE_PER_GB_MONTH): { gigabytes: number; monthlyPrice: number } {
  return { gigabytes: sizeMb / MB_PER_GB, monthlyPrice: price(sizeMb, ratePerGbMonth) };
}

/**
 * The change `selected` makes to an image's storage: its copies now are its regions but those already being
 * deleted. Undefined when Linode has not said the image's size.
 */
export function imageStorageChange(image: Image, selected: readonly string[], ratePerGbMonth?: number): StorageChange | undefined {
  if (image.size === null) return undefined;
  return storageChange({
    sizeMb: image.size,
    totalSizeMb: image.total_size,
    before: image.regions.filter((r) => r.status !== PENDING_DELETION).map((r) => r.region),
    after: selected,
    ratePerGbMonth,
  });
}

/**
 * "1.5 GB", "0.98 GB", "12 GB": at most two decimals, as Cloud Manager shows image sizes; a size under a hundredth
 * keeps its digits ("0.0029 GB") rather than showing as 0 GB beside a price.
 */
export function formatGigabytes(gigabytes: number): string {
  const small = gigabytes !== 0 && Math.abs(gigabytes) < 0.01;
  return l10n.t('{0} GB', new Intl.NumberFormat('en-US', { maximumFractionDigits: small ? 4 : 2, minimumFractionDigits: 0 }).format(gigabytes));
}

/** "$0.15", "$1,234.50"; an amount under a cent keeps its digits ("$0.0049") rather than showing as $0.00. */
export function formatPrice(usd: number): string {
  const small = usd !== 0 && Math.abs(usd) < 0.01;
  return new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: small ? 4 : 2 }).format(usd);
}

/**
 * One sentence for a confirmation, e.g. "This adds 2 copies (3 GB, +$0.30 a month) and frees 1.5 GB (−$0.15 a
 * month): $0.45 a month in all instead of $0.30."
 */
export function describeStorageChange(change: StorageChange): string {
  const after = formatPrice(change.monthlyAfter);
  const before = formatPrice(change.monthlyBefore);
  const added = formatGigabytes(change.addedGigabytes);
  const addedPrice = formatPrice(change.addedMonthly);
  const freed = formatGigabytes(change.freedGigabytes);
  const freedPrice = formatPrice(change.freedMonthly);
  const copies = change.added.length;
  if (copies > 0 && change.removed.length > 0) {
    return copies === 1
      ? l10n.t('This adds 1 copy ({0}, +{1} a month) and frees {2} (−{3} a month): {4} a month in all instead of {5}.', added, addedPrice, freed, freedPrice, after, before)
      : l10n.t('This adds {0} copies ({1}, +{2} a month) and frees {3} (−{4} a month): {5} a month in all instead of {6}.', copies, added, addedPrice, freed, freedPrice, after, before);
  }
  if (copies > 0) {
    return copies === 1
      ? l10n.t('This adds 1 copy ({0}, +{1} a month): {2} a month in all instead of {3}.', added, addedPrice, after, before)
      : l10n.t('This adds {0} copies ({1}, +{2} a month): {3} a month in all instead of {4}.', copies, added, addedPrice, after, before);
  }
  if (change.removed.length > 0) return l10n.t('This frees {0} (−{1} a month): {2} a month in all instead of {3}.', freed, freedPrice, after, before);
  return l10n.t('No change to the storage: {0} a month.', after);
}

/** "+$0.50", "−$0.50", "±$0.00": a monthly change with its sign. */
function signedPrice(usd: number): string {
  const sign = usd > 0 ? '+' : usd < 0 ? '−' : '±';
  return `${sign}${formatPrice(Math.abs(usd))}`;
}

/**
 * A region row's note in a region picker: what ticking a region without a copy stores ("tick to store 5 GB, +$0.50
 * a month"), or what unticking one with a copy frees ("untick to free 5 GB, −$0.50 a month").
 */
export function copyToggleNote(copy: { gigabytes: number; monthlyPrice: number }, holdsCopy: boolean): string {
  const storage = formatGigabytes(copy.gigabytes);
  const monthly = formatPrice(copy.monthlyPrice);
  return holdsCopy ? l10n.t('untick to free {0} (−{1} a month)', storage, monthly) : l10n.t('tick to store {0} (+{1} a month)', storage, monthly);
}

/** A region picker's headline for the regions ticked: "15 GB → 20 GB, +$0.50 a month", or "15 GB, $1.50 a month" as it is. */
export function storageHeadline(change: StorageChange): string {
  if (change.added.length === 0 && change.removed.length === 0) {
    return l10n.t('{0}, {1} a month', formatGigabytes(change.afterGigabytes), formatPrice(change.monthlyAfter));
  }
  return l10n.t('{0} → {1}, {2} a month', formatGigabytes(change.beforeGigabytes), formatGigabytes(change.afterGigabytes), signedPrice(change.monthlyChange));
}

/**
 * The regions a selection adds, removes and keeps, each group with the storage it adds, frees or holds and its
 * monthly price: "Added: fr-par, us-west (+10 GB, +$1.00 a month). Removed: eu-west (frees 5 GB, −$0.50 a month).
 * Kept: us-east (5 GB, $0.50 a month)." What changes comes first: a picker's one line cuts off the end. Without
 * `change` (the image's size is not known), the regions alone.
 */
export function regionSelectionSummary(sets: RegionSets, change?: StorageChange): string {
  const sentences: string[] = [];
  const ids = (regions: readonly string[]): string => regions.join(', ');
  if (sets.added.length > 0) {
    sentences.push(
      change ? l10n.t('Added: {0} (+{1}, +{2} a month).', ids(sets.added), formatGigabytes(change.addedGigabytes), formatPrice(change.addedMonthly)) : l10n.t('Added: {0}.', ids(sets.added)),
    );
  }
  if (sets.removed.length > 0) {
    sentences.push(
      change
        ? l10n.t('Removed: {0} (frees {1}, −{2} a month).', ids(sets.removed), formatGigabytes(change.freedGigabytes), formatPrice(change.freedMonthly))
        : l10n.t('Removed: {0}.', ids(sets.removed)),
    );
  }
  if (sets.kept.length > 0) {
    sentences.push(change ? l10n.t('Kept: {0} ({1}, {2} a month).', ids(sets.kept), formatGigabytes(change.keptGigabytes), formatPrice(change.keptMonthly)) : l10n.t('Kept: {0}.', ids(sets.kept)));
  }
  return sentences.join(' ');
}

/** MB × rate per GB, in US$ per month. */
function price(megabytes: number, rate: number): number {
  return roundPrice((megabytes * rate) / MB_PER_GB);
}

/** To a hundredth of a cent: exact enough for any sum shown, and free of float noise (0.15, not 0.15000000000000002). */
function roundPrice(usd: number): number {
  return Math.round(usd * 10_000) / 10_000;
}
