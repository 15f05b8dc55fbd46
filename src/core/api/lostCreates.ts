// A create whose answer was lost (`POST /images` for a capture or an upload's container, `POST /linode/instances`)
// may have been made all the same. Linode is asked for the images or Linodes it may have made, and the caller
// decides what they mean: the capture (`confirmed.ts`) takes one as its answer, the upload engine
// (`upload/reconcile.ts`) deletes a lost container, the client's `createLinode` takes the Linode as its answer.
// In the API layer so that all can use it without the API layer importing the upload engine.
import { apiTimeMs } from '../model/format';
import type { Image, Linode } from './types';

/** How far Linode's clock (the image's `created`) may be from ours. */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;

/** What looking needs of the API (a LinodeClient, or anything shaped like it). */
export interface ImageFilterApi {
  /** The images an `X-Filter` selects, e.g. `{ "label": "disk", "status": "pending_upload" }`. */
  listImagesFiltered(filter: Record<string, unknown>, signal?: AbortSignal): Promise<Image[]>;
}

/**
 * The images a create whose answer was lost may have made: private, with the label and one of the statuses
 * (both asked of Linode with an X-Filter), in the region when one is given, created since the attempt began
 * (allowing for clock skew).
 */
export async function findImagesMadeSince(
  api: ImageFilterApi,
  match: { label: string; statuses: readonly string[]; region?: string },
  attemptStartedAt: number,
  now = Date.now(),
): Promise<Image[]> {
  // One status goes in the filter; several are told apart here (the label alone narrows the list enough).
  const filter = match.statuses.length === 1 ? { label: match.label, status: match.statuses[0] } : { label: match.label };
  const listed = await api.listImagesFiltered(filter);
  return listed.filter((image) => {
    if (image.is_public || image.label !== match.label || !match.statuses.includes(image.status)) return false;
    if (match.region !== undefined && image.regions.length > 0 && !image.regions.some((r) => r.region === match.region)) return false;
    const created = apiTimeMs(image.created);
    return created !== undefined && created >= attemptStartedAt - CLOCK_SKEW_MS && created <= now + CLOCK_SKEW_MS;
  });
}

/** Which Linodes to list (GET /linode/instances with an `X-Filter`); both fields must match when both are given. */
export interface LinodeListFilter {
  label?: string;
  /** One of the Linode's tags. */
  tag?: string;
}

/** What looking for Linodes needs of the API (a LinodeClient, or anything shaped like it). */
export interface LinodeFilterApi {
  listLinodes(filter: LinodeListFilter, signal?: AbortSignal): Promise<Linode[]>;
}

/**
 * The Linodes a create whose answer was lost may have made: with the label (unique in the account, so at most one)
 * and the tag, both asked of Linode with an X-Filter, created since the attempt began (allowing for clock skew). A
 * Linode with that label made before the attempt is not this one.
 */
export async function findLinodesMadeSince(
  api: LinodeFilterApi,
  match: { label: string; tag?: string },
  attemptStartedAt: number,
  now = Date.now(),
): Promise<Linode[]> {
  const listed = await api.listLinodes(match.tag === undefined ? { label: match.label } : { label: match.label, tag: match.tag });
  return listed.filter((linode) => {
    if (linode.label !== match.label || (match.tag !== undefined && !linode.tags.includes(match.tag))) return false;
    const created = apiTimeMs(linode.created);
    return created !== undefined && created >= attemptStartedAt - CLOCK_SKEW_MS && created <= now + CLOCK_SKEW_MS;
  });
}
