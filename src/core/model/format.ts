// Plain-text and Markdown renderings of images, shared by tree items, pickers and tests.
import type { Image, Region } from '../api/types';
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

/** The tree item's description: size and, unless plainly available, the status. */
export function imageDescription(image: Image, regionId?: string): string {
  const status = displayStatus(image, regionId);
  // A container still waiting for its upload has no size yet.
  const parts = image.size !== null && image.size > 0 ? [formatMegabytes(image.size)] : [];
  if (status !== 'available') parts.push(statusLabel(status));
  if (image.deprecated) parts.push('deprecated');
  return parts.join(' · ');
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

/** Markdown tooltip with everything the API says about the image. */
export function imageTooltipMarkdown(image: Image, regions: ReadonlyMap<string, Region>, regionId?: string): string {
  const rows: [string, string][] = [
    ['ID', `\`${image.id}\``],
    // Statuses and types Linode has added since the spec are shown as they come, escaped like any text.
    ['Status', escapeMarkdown(statusLabel(displayStatus(image, regionId)))],
    ['Type', escapeMarkdown([image.is_public ? 'public' : 'private', image.type].filter(Boolean).join(', '))],
    ['Size', formatMegabytes(image.size)],
  ];
  if (!image.is_public) rows.push(['Total size', formatBytes(image.total_size)]);
  rows.push(['Created', formatApiTime(image.created) || UNKNOWN]);
  if (image.created_by) rows.push(['Created by', escapeMarkdown(image.created_by)]);
  if (image.vendor) rows.push(['Vendor', escapeMarkdown(image.vendor)]);
  if (image.regions.length > 0) {
    const list = image.regions.map((r) => `${escapeMarkdown(regionTitle(r.region, regions.get(r.region)))}: ${escapeMarkdown(r.status)}`);
    rows.push(['Regions', list.join('<br>')]);
  }
  if (image.capabilities.length > 0) rows.push(['Capabilities', image.capabilities.map(escapeMarkdown).join(', ')]);
  if (image.tags.length > 0) rows.push(['Tags', image.tags.map((t) => `\`${t.replace(/`/g, "'")}\``).join(' ')]);
  if (image.expiry) rows.push(['Expires', formatApiTime(image.expiry)]);
  if (image.eol) rows.push(['End of life', formatApiTime(image.eol)]);
  if (image.deprecated) rows.push(['Deprecated', 'yes']);

  const lines = [`**${escapeMarkdown(image.label)}**`, ''];
  if (image.description) lines.push(escapeMarkdown(image.description), '');
  lines.push('| | |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v} |`));
  return lines.join('\n');
}
