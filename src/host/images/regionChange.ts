// What Manage Regions and a drop on a region share: sending a new region set (which replaces the image's whole set,
// so it is always worked out from a fresh copy), the regions Linode lists, and the storage lines of a confirmation.
import type { Image, Region } from '../../core/api/types';
import { l10n } from '../../core/l10n';
import { regionTitle } from '../../core/model/format';
import { formatGigabytes, formatPrice, imageStorageChange, type StorageChange } from '../../core/model/storageCost';
import type { ExtensionServices } from '../services';
import { readSettings } from '../settings';
import { changeConfirmed, onExistingImage } from './imageUpdates';

/** Sends `regions` as the image's set (the row says so meanwhile), confirmed after a lost answer; the tree shows the result. */
export async function sendRegionSet(services: Pick<ExtensionServices, 'store' | 'session' | 'logger'>, image: Image, regions: readonly string[]): Promise<Image> {
  const { store, session } = services;
  const updated = await onExistingImage(services, image, () =>
    store.withBusyDescription(image.id, l10n.t('Updating regions…'), () =>
      changeConfirmed(services, image, () => session.client().replicateImage(image.id, [...regions]), (fresh) => hasRegionSet(fresh, regions)),
    ),
  );
  // Each region's row now shows its copy's status; the pending poller follows them until they settle.
  store.upsertImage(updated);
  return updated;
}

/** Linode took the new set: every region of it holds a copy, and every other copy is gone or being deleted. */
function hasRegionSet(image: Image, regions: readonly string[]): boolean {
  const wanted = new Set(regions);
  const held = new Set(heldRegions(image));
  return wanted.size === held.size && [...wanted].every((id) => held.has(id));
}

/** The regions holding a copy that is not being deleted. */
export function heldRegions(image: Image): string[] {
  return image.regions.filter((r) => r.status !== 'pending deletion').map((r) => r.region);
}

/** The regions the view loaded, or a fresh list (the view may not have loaded yet). */
export async function knownRegions(services: Pick<ExtensionServices, 'store' | 'session'>): Promise<ReadonlyMap<string, Region>> {
  const cached = services.store.regionMap();
  if (cached.size > 0) return cached;
  const regions = await services.session.client().listRegions();
  return new Map(regions.map((r) => [r.id, r]));
}

/** The change `selected` makes to the image's storage, at the configured rate; undefined when its size is unknown. */
export function storageChangeOf(image: Image, selected: readonly string[]): StorageChange | undefined {
  return imageStorageChange(image, selected, readSettings().storagePricePerGbMonth);
}

/**
 * "eu-west · London, UK (5 GB, −$0.50 a month)": one region of a change with its copy's storage and price;
 * with `status`, "eu-west · London, UK (available; 5 GB, −$0.50 a month)".
 */
export function regionWithStorage(name: string, copy: { gigabytes: number; monthlyPrice: number } | undefined, sign: '+' | '−' | '', status?: string): string {
  if (!copy) return status === undefined ? name : l10n.t('{0} ({1})', name, status);
  const storage = formatGigabytes(copy.gigabytes);
  const price = `${sign}${formatPrice(copy.monthlyPrice)}`;
  return status === undefined ? l10n.t('{0} ({1}, {2} a month)', name, storage, price) : l10n.t('{0} ({1}; {2}, {3} a month)', name, status, storage, price);
}

/**
 * The confirmation's storage lines: kept, added and removed regions, each with its copy, then the monthly change and
 * the rate. `removed: false` leaves the removed ones to a list of their own.
 */
export function storageLines(change: StorageChange, describe: (regionId: string) => string, show: { removed: boolean } = { removed: true }): string[] {
  const lines: string[] = [];
  const list = (regions: StorageChange['kept'], sign: '+' | '−' | ''): string => regions.map((r) => regionWithStorage(describe(r.region), r, sign)).join(', ');
  if (change.kept.length > 0) lines.push(l10n.t('Kept: {0}.', list(change.kept, '')));
  if (change.added.length > 0) lines.push(l10n.t('Added: {0}.', list(change.added, '+')));
  if (show.removed && change.removed.length > 0) lines.push(l10n.t('Removed: {0}.', list(change.removed, '−')));
  lines.push(monthlyChangeLine(change));
  return lines;
}

/** "Storage: 10 GB → 15 GB; +$0.50 a month ($1.50 in all), at $0.10 per GB a month." */
export function monthlyChangeLine(change: StorageChange): string {
  const sign = change.monthlyChange > 0 ? '+' : change.monthlyChange < 0 ? '−' : '±';
  return l10n.t(
    'Storage: {0} → {1}; {2}{3} a month ({4} a month in all), at {5} per GB a month.',
    formatGigabytes(change.beforeGigabytes),
    formatGigabytes(change.afterGigabytes),
    sign,
    formatPrice(Math.abs(change.monthlyChange)),
    formatPrice(change.monthlyAfter),
    formatPrice(change.ratePerGbMonth),
  );
}

/** A region as the confirmations name it: "fr-par · Paris, FR". */
export function regionNamer(regions: ReadonlyMap<string, Region>): (regionId: string) => string {
  return (regionId) => regionTitle(regionId, regions.get(regionId));
}
