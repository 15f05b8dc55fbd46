// The Images view's filter: a case-insensitive substring of an image's label, id or one of its tags, plus
// optional kind terms (`type:automatic`, `is:shared`, …) that keep only images of those kinds.
import type { Image } from '../api/types';
import { isAutomatic } from './grouping';
import { imageKind } from './imageKind';

/**
 * What `type:` (or `is:`) can name: `manual` and `automatic` split your own images as the tree's Type grouping
 * does, `private` is both, `shared` is images shared with you, `public` Linode's and vendors'.
 */
const FILTER_KINDS = ['manual', 'automatic', 'private', 'shared', 'public'] as const;
export type FilterKind = (typeof FILTER_KINDS)[number];

export interface ParsedFilter {
  /** Kinds named by `type:`/`is:` terms; an image of any of them matches. Empty: every kind. */
  kinds: FilterKind[];
  /** The rest of the query, matched as one substring; undefined when the query was only kind terms. */
  text: string | undefined;
}

const KIND_TERM = /^(?:type|is):([a-z]+)$/i;

/** Trimmed; an empty query means no filter. */
export function normalizeFilter(query: string | undefined): string | undefined {
  const trimmed = query?.trim() ?? '';
  return trimmed.length > 0 ? trimmed : undefined;
}

/**
 * Splits off the kind terms. A word that only looks like one (`type:foo`, `env:prod`) is text, so tags with a
 * colon still match; a query without kind terms is kept exactly as typed.
 */
export function parseFilter(query: string): ParsedFilter {
  const kinds: FilterKind[] = [];
  const words: string[] = [];
  for (const word of query.trim().split(/\s+/)) {
    const value = KIND_TERM.exec(word)?.[1].toLowerCase();
    const kind = FILTER_KINDS.find((k) => k === value);
    if (kind) {
      if (!kinds.includes(kind)) kinds.push(kind);
    } else if (word.length > 0) {
      words.push(word);
    }
  }
  if (kinds.length === 0) return { kinds, text: normalizeFilter(query) };
  return { kinds, text: words.length > 0 ? words.join(' ') : undefined };
}

// The tree asks for every image with the same query; parse it once.
let lastQuery: string | undefined;
let lastParsed: ParsedFilter | undefined;

function parsed(query: string): ParsedFilter {
  if (query !== lastQuery || !lastParsed) {
    lastParsed = parseFilter(query);
    lastQuery = query;
  }
  return lastParsed;
}

function isOfKind(image: Image, kind: FilterKind): boolean {
  switch (kind) {
    case 'manual':
      return imageKind(image) === 'private' && !isAutomatic(image);
    case 'automatic':
      return isAutomatic(image);
    default:
      return imageKind(image) === kind;
  }
}

export function imageMatches(image: Image, query: string): boolean {
  const { kinds, text } = parsed(query);
  if (kinds.length > 0 && !kinds.some((kind) => isOfKind(image, kind))) return false;
  if (text === undefined) return true;
  const needle = text.toLocaleLowerCase();
  return [image.label, image.id, ...image.tags].some((candidate) => candidate.toLocaleLowerCase().includes(needle));
}

export function filterImages(images: readonly Image[], query: string | undefined): Image[] {
  const normalized = normalizeFilter(query);
  return normalized === undefined ? [...images] : images.filter((image) => imageMatches(image, normalized));
}
