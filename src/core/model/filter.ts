// The Images view's filter: a case-insensitive substring of an image's label, id or one of its tags.
import type { Image } from '../api/types';

/** Trimmed; an empty query means no filter. */
export function normalizeFilter(query: string | undefined): string | undefined {
  const trimmed = query?.trim() ?? '';
  return trimmed.length > 0 ? trimmed : undefined;
}

export function imageMatches(image: Image, query: string): boolean {
  const needle = query.toLocaleLowerCase();
  return [image.label, image.id, ...image.tags].some((text) => text.toLocaleLowerCase().includes(needle));
}

export function filterImages(images: readonly Image[], query: string | undefined): Image[] {
  const normalized = normalizeFilter(query);
  return normalized === undefined ? [...images] : images.filter((image) => imageMatches(image, normalized));
}
