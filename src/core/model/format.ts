// Plain-text and Markdown renderings of images, shared by tree items, pickers and tests.
import type { Image, Region } from '../api/types';
import { l10n } from '../l10n';
import { imageKind, shareGroupCount, sharedByLabel, type ImageKind } from './imageKind';
import { displayStatus, knownStatusLabel, statusLabel } from './imageStatus';

const MB = 1024 * 1024;

/** What a size or a time nobody knows (the answer had none) is shown as. */
function unknownText(): string {
  return l10n.t('unknown');
}

/** `size` is in MB (the minimum disk to deploy); shown as MB below 1 GB, else GB with one decimal. */
export function formatMegabytes(mb: number | null): string {
  if (mb === null) return unknownText();
  if (mb < 1024) return l10n.t('{0} MB', mb.toLocaleString('en-US'));
  return l10n.t('{0} GB', (mb / 1024).toFixed(1).replace(/\.0$/, ''));
}

export function formatBytes(bytes: number | null): string {
  if (bytes === null) return unknownText();
  if (bytes < 1024) return l10n.t('{0} B', bytes);
  if (bytes < MB) return l10n.t('{0} KB', (bytes / 1024).toFixed(1));
  return formatMegabytes(Math.round(bytes / MB));
}

/** Linode timestamps are UTC without an offset ("2021-08-14T22:44:02"). */
function parseApiTime(value: string): Date {
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`);
}

/** A Linode timestamp in ms since the epoch, or undefined when there is none or it does not parse. */
export function apiTimeMs(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  const time = parseApiTime(value).getTime();
  return Number.isNaN(time) ? undefined : time;
}

export function formatApiTime(value: string | null): string {
  if (!value) return '';
  const date = parseApiTime(value);
  return Number.isNaN(date.getTime()) ? value : l10n.t('{0} UTC', date.toISOString().slice(0, 16).replace('T', ' '));
}

export function regionTitle(regionId: string, region: Region | undefined): string {
  return region ? `${regionId} · ${region.label}` : regionId;
}

/** Whether the image's end of life has passed (Linode no longer supports it, though it may still be listed). */
export function isPastEol(image: Image, now = Date.now()): boolean {
  const eol = apiTimeMs(image.eol);
  return eol !== undefined && eol <= now;
}

/** How long until `ms`, in the largest unit that still says it well (undefined: a minute or less, "now"). */
function timeLeft(ms: number, now: number): { amount: number; unit: 'day' | 'hour' | 'minute' } | undefined {
  const left = ms - now;
  if (left <= 60_000) return undefined;
  if (left >= 2 * 86_400_000) return { amount: Math.floor(left / 86_400_000), unit: 'day' };
  if (left >= 2 * 3_600_000) return { amount: Math.floor(left / 3_600_000), unit: 'hour' };
  return { amount: Math.floor(left / 60_000), unit: 'minute' };
}

/** "in 3 days", "in 5 hours", "in 20 minutes", "now": how soon an automatic image is deleted. */
export function timeUntil(ms: number, now = Date.now()): string {
  const left = timeLeft(ms, now);
  if (left === undefined) return l10n.t('now');
  const { amount, unit } = left;
  switch (unit) {
    case 'day':
      return amount === 1 ? l10n.t('in 1 day') : l10n.t('in {0} days', amount);
    case 'hour':
      return amount === 1 ? l10n.t('in 1 hour') : l10n.t('in {0} hours', amount);
    case 'minute':
      return amount === 1 ? l10n.t('in 1 minute') : l10n.t('in {0} minutes', amount);
  }
}

/** "deleted in 3 days" for an automatic image with an expiry, else undefined. */
export function automaticExpiry(image: Image, now = Date.now()): string | undefined {
  const expiry = apiTimeMs(image.expiry);
  if (image.type !== 'automatic' || expiry === undefined) return undefined;
  const left = timeLeft(expiry, now);
  if (left === undefined) return l10n.t('deleted soon');
  const { amount, unit } = left;
  switch (unit) {
    case 'day':
      return amount === 1 ? l10n.t('deleted in 1 day') : l10n.t('deleted in {0} days', amount);
    case 'hour':
      return amount === 1 ? l10n.t('deleted in 1 hour') : l10n.t('deleted in {0} hours', amount);
    case 'minute':
      return amount === 1 ? l10n.t('deleted in 1 minute') : l10n.t('deleted in {0} minutes', amount);
  }
}

/** "shared with 2 groups" for your image in share groups, else undefined. */
export function sharedWithText(image: Image): string | undefined {
  const count = shareGroupCount(image);
  if (count <= 0) return undefined;
  return count === 1 ? l10n.t('shared with 1 group') : l10n.t('shared with {0} groups', count);
}

/** The kind of an image in words, for its tooltip: "private", "public", "shared with you". */
function kindLabel(kind: ImageKind): string {
  switch (kind) {
    case 'public':
      return l10n.t('public');
    case 'private':
      return l10n.t('private');
    case 'shared':
      return l10n.t('shared with you');
  }
}

/** An image's `type` as Linode sends it, in words when it is one of the documented ones (a new one shows as sent). */
function typeLabel(type: string): string {
  switch (type) {
    case 'manual':
      return l10n.t('manual');
    case 'automatic':
      return l10n.t('automatic');
    case 'shared':
      return l10n.t('shared');
    default:
      return type;
  }
}

/** The tree item's description: size and, unless plainly available, the status; then what the user should know. */
export function imageDescription(image: Image, regionId?: string, now = Date.now()): string {
  const status = displayStatus(image, regionId);
  // A container still waiting for its upload has no size yet.
  const parts = image.size !== null && image.size > 0 ? [formatMegabytes(image.size)] : [];
  if (status !== 'available') parts.push(statusLabel(status));
  if (isPastEol(image, now)) parts.push(l10n.t('end of life'));
  else if (image.deprecated) parts.push(l10n.t('deprecated'));
  const expiry = automaticExpiry(image, now);
  if (expiry) parts.push(expiry);
  const shared = sharedWithText(image);
  if (shared) parts.push(shared);
  return parts.join(' · ');
}

/** `text` shown as itself in Markdown: every character Markdown could read as markup is escaped. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

/** Markdown tooltip with everything the API says about the image. */
export function imageTooltipMarkdown(image: Image, regions: ReadonlyMap<string, Region>, regionId?: string, now = Date.now()): string {
  const kind = imageKind(image);
  const rows: [string, string][] = [
    [l10n.t('ID'), `\`${image.id}\``],
    // Statuses and types Linode has added since the spec are shown as they come, escaped like any text.
    [l10n.t('Status'), escapeMarkdown(statusLabel(displayStatus(image, regionId)))],
    [l10n.t('Type'), escapeMarkdown([kindLabel(kind), image.type === kind || !image.type ? null : typeLabel(image.type)].filter(Boolean).join(', '))],
    [l10n.t('Size'), formatMegabytes(image.size)],
  ];
  if (kind === 'private') rows.push([l10n.t('Total size'), formatBytes(image.total_size)]);
  const sharedBy = image.image_sharing?.shared_by;
  if (sharedBy) {
    rows.push([l10n.t('Shared by'), l10n.t('share group {0}', escapeMarkdown(sharedByLabel(image) ?? String(sharedBy.sharegroup_id)))]);
  }
  const sharedWith = sharedWithText(image);
  if (sharedWith) rows.push([l10n.t('Sharing'), escapeMarkdown(sharedWith)]);
  rows.push([l10n.t('Created'), formatApiTime(image.created) || unknownText()]);
  if (image.created_by) rows.push([l10n.t('Created by'), escapeMarkdown(image.created_by)]);
  if (image.vendor) rows.push([l10n.t('Vendor'), escapeMarkdown(image.vendor)]);
  if (image.regions.length > 0) {
    const list = image.regions.map((r) => `${escapeMarkdown(regionTitle(r.region, regions.get(r.region)))}: ${escapeMarkdown(knownStatusLabel(r.status) ?? r.status)}`);
    rows.push([l10n.t('Regions'), list.join('<br>')]);
  }
  if (image.capabilities.length > 0) rows.push([l10n.t('Capabilities'), image.capabilities.map(escapeMarkdown).join(', ')]);
  if (image.tags.length > 0) rows.push([l10n.t('Tags'), image.tags.map((t) => `\`${t.replace(/`/g, "'")}\``).join(' ')]);
  if (image.expiry) {
    const expiry = automaticExpiry(image, now);
    const time = formatApiTime(image.expiry);
    rows.push([l10n.t('Expires'), expiry ? l10n.t('{0} ({1}: an automatic image)', time, expiry) : time]);
  }
  if (image.eol) {
    const time = formatApiTime(image.eol);
    rows.push([l10n.t('End of life'), isPastEol(image, now) ? l10n.t('{0} (passed)', time) : time]);
  }
  if (image.deprecated) rows.push([l10n.t('Deprecated'), l10n.t('yes')]);

  const lines = [`**${escapeMarkdown(image.label)}**`, ''];
  if (image.description) lines.push(escapeMarkdown(image.description), '');
  // The row names are translated text, escaped like any other.
  lines.push('| | |', '|---|---|', ...rows.map(([k, v]) => `| ${escapeMarkdown(k)} | ${v} |`));
  return lines.join('\n');
}
