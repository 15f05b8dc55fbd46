// Plain-text and Markdown renderings of images, shared by tree items, pickers and tests.
import type { Image, Region } from '../api/types';
import { imageKind, shareGroupCount, sharedByLabel } from './imageKind';
import { displayStatus, statusLabel } from './imageStatus';

const MB = 1024 * 1024;

/** What a size nobody knows (the answer had none) is shown as. */
export const UNKNOWN = 'unknown';

/** `size` is in MB (the minimum disk to deploy); shown as MB below 1 GB, else GB with one decimal. */
export function formatMegabytes(mb: number | null): string {
  if (mb === null) return UNKNOWN;
  if (mb < 1024) return `${mb.toLocaleString('en-US')} MB`;
  return `${(mb / 1024).toFixed(1).replace(/\.0$/, '')} GB`;
}

export function formatBytes(bytes: number | null): string {
  if (bytes === null) return UNKNOWN;
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < MB) return `${(bytes / 1024).toFixed(1)} KB`;
  return formatMegabytes(Math.round(bytes / MB));
}

/** Linode timestamps are UTC without an offset ("2021-08-14T22:44:02"). */
export function parseApiTime(value: string): Date {
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
  return Number.isNaN(date.getTime()) ? value : `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function regionTitle(regionId: string, region: Region | undefined): string {
  return region ? `${regionId} · ${region.label}` : regionId;
}

/** Whether the image's end of life has passed (Linode no longer supports it, though it may still be listed). */
export function isPastEol(image: Image, now = Date.now()): boolean {
  const eol = apiTimeMs(image.eol);
  return eol !== undefined && eol <= now;
}

/** "in 3 days", "in 5 hours", "in 20 minutes", "now": how soon an automatic image is deleted. */
export function timeUntil(ms: number, now = Date.now()): string {
  const left = ms - now;
  if (left <= 60_000) return 'now';
  const [amount, unit] = left >= 2 * 86_400_000 ? [Math.floor(left / 86_400_000), 'day']
    : left >= 2 * 3_600_000 ? [Math.floor(left / 3_600_000), 'hour']
      : [Math.floor(left / 60_000), 'minute'];
  return `in ${amount} ${unit}${amount === 1 ? '' : 's'}`;
}

/** "deleted in 3 days" for an automatic image with an expiry, else undefined. */
export function automaticExpiry(image: Image, now = Date.now()): string | undefined {
  const expiry = apiTimeMs(image.expiry);
  if (image.type !== 'automatic' || expiry === undefined) return undefined;
  const when = timeUntil(expiry, now);
  return when === 'now' ? 'deleted soon' : `deleted ${when}`;
}

/** "shared with 2 groups" for your image in share groups, else undefined. */
export function sharedWithText(image: Image): string | undefined {
  const count = shareGroupCount(image);
  return count > 0 ? `shared with ${count} ${count === 1 ? 'group' : 'groups'}` : undefined;
}

/** The tree item's description: size and, unless plainly available, the status; then what the user should know. */
export function imageDescription(image: Image, regionId?: string, now = Date.now()): string {
  const status = displayStatus(image, regionId);
  // A container still waiting for its upload has no size yet.
  const parts = image.size !== null && image.size > 0 ? [formatMegabytes(image.size)] : [];
  if (status !== 'available') parts.push(statusLabel(status));
  if (isPastEol(image, now)) parts.push('end of life');
  else if (image.deprecated) parts.push('deprecated');
  const expiry = automaticExpiry(image, now);
  if (expiry) parts.push(expiry);
  const shared = sharedWithText(image);
  if (shared) parts.push(shared);
  return parts.join(' · ');
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

/** Markdown tooltip with everything the API says about the image. */
export function imageTooltipMarkdown(image: Image, regions: ReadonlyMap<string, Region>, regionId?: string, now = Date.now()): string {
  const kind = imageKind(image);
  const rows: [string, string][] = [
    ['ID', `\`${image.id}\``],
    // Statuses and types Linode has added since the spec are shown as they come, escaped like any text.
    ['Status', escapeMarkdown(statusLabel(displayStatus(image, regionId)))],
    ['Type', escapeMarkdown([kind === 'shared' ? 'shared with you' : kind, image.type === kind ? null : image.type].filter(Boolean).join(', '))],
    ['Size', formatMegabytes(image.size)],
  ];
  if (kind === 'private') rows.push(['Total size', formatBytes(image.total_size)]);
  const sharedBy = image.image_sharing?.shared_by;
  if (sharedBy) {
    rows.push(['Shared by', `share group ${escapeMarkdown(sharedByLabel(image) ?? String(sharedBy.sharegroup_id))}`]);
  }
  const sharedWith = sharedWithText(image);
  if (sharedWith) rows.push(['Sharing', escapeMarkdown(sharedWith)]);
  rows.push(['Created', formatApiTime(image.created) || UNKNOWN]);
  if (image.created_by) rows.push(['Created by', escapeMarkdown(image.created_by)]);
  if (image.vendor) rows.push(['Vendor', escapeMarkdown(image.vendor)]);
  if (image.regions.length > 0) {
    const list = image.regions.map((r) => `${escapeMarkdown(regionTitle(r.region, regions.get(r.region)))}: ${escapeMarkdown(r.status)}`);
    rows.push(['Regions', list.join('<br>')]);
  }
  if (image.capabilities.length > 0) rows.push(['Capabilities', image.capabilities.map(escapeMarkdown).join(', ')]);
  if (image.tags.length > 0) rows.push(['Tags', image.tags.map((t) => `\`${t.replace(/`/g, "'")}\``).join(' ')]);
  if (image.expiry) {
    const expiry = automaticExpiry(image, now);
    rows.push(['Expires', `${formatApiTime(image.expiry)}${expiry ? ` (${expiry}: an automatic image)` : ''}`]);
  }
  if (image.eol) rows.push(['End of life', `${formatApiTime(image.eol)}${isPastEol(image, now) ? ' (passed)' : ''}`]);
  if (image.deprecated) rows.push(['Deprecated', 'yes']);

  const lines = [`**${escapeMarkdown(image.label)}**`, ''];
  if (image.description) lines.push(escapeMarkdown(image.description), '');
  lines.push('| | |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v} |`));
  return lines.join('\n');
}
