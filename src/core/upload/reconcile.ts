// When an upload's outcome is in doubt (an answer lost or late, a cancel at the last moment, a window closed
// mid-upload), ask Linode what became of it instead of guessing. Only a container Linode confirms is still
// waiting for its bytes is deleted; an image it has taken (`creating`, `available`) never is, and one whose
// state cannot be read is left alone and named to the user.
import { describeReasons, isNotFound, LinodeApiError, messageOf } from '../api/errors';
import { findImagesMadeSince } from '../api/lostCreates';
import { l10n } from '../l10n';
import type { Image, ImageUploadRequest } from '../api/types';
import type { ContainerCleanup } from './errors';

/** The API calls reconciling needs (a LinodeClient, or anything shaped like it). */
export interface ReconcileApi {
  getImage(imageId: string, signal?: AbortSignal): Promise<Image>;
  deleteImage(imageId: string, signal?: AbortSignal): Promise<void>;
  /** The images an `X-Filter` selects, e.g. `{ "label": "disk", "status": "pending_upload" }`. */
  listImagesFiltered(filter: Record<string, unknown>, signal?: AbortSignal): Promise<Image[]>;
}

export type ContainerState =
  /** Linode has the bytes: `creating`, or `available` already. */
  | { kind: 'accepted'; image: Image }
  /** Still `pending_upload`: nothing complete arrived. */
  | { kind: 'waiting'; image: Image }
  /** Linode no longer has it. */
  | { kind: 'gone' }
  /** The read failed, or answered a status this extension does not know. */
  | { kind: 'unknown'; reason: string };

export interface RecheckTuning {
  /** Further reads while a container whose whole body went out still says `pending_upload`. */
  reads?: number;
  intervalMs?: number;
}

/**
 * Linode may take a moment to turn a container whose bytes all arrived into `creating`: after a whole body went
 * out, a `pending_upload` is read again a few times before it counts.
 */
const DEFAULT_RECHECK: Required<RecheckTuning> = { reads: 3, intervalMs: 2_000 };

export async function readContainer(
  api: ReconcileApi,
  imageId: string,
  options: { bodyComplete?: boolean; recheck?: RecheckTuning; log?: (line: string) => void } = {},
): Promise<ContainerState> {
  const recheck = { ...DEFAULT_RECHECK, ...options.recheck };
  for (let read = 0; ; read++) {
    let image: Image;
    try {
      // No cancel signal: this is what a cancel is followed by.
      image = await api.getImage(imageId);
    } catch (error) {
      if (isNotFound(error)) return { kind: 'gone' };
      const reason = reasonOf(error);
      // eslint-disable-next-line local/user-strings -- a log line
      options.log?.(`Could not read ${imageId} to see what became of the upload: ${reason}`);
      return { kind: 'unknown', reason };
    }
    if (image.status === 'creating' || image.status === 'available') return { kind: 'accepted', image };
    if (image.status !== 'pending_upload') return { kind: 'unknown', reason: l10n.t('Linode reports it as "{0}"', image.status) };
    if (!options.bodyComplete || read >= recheck.reads) return { kind: 'waiting', image };
    // eslint-disable-next-line local/user-strings -- a log line
    options.log?.(`${imageId} still says pending_upload after the whole file went out; asking again in ${recheck.intervalMs} ms.`);
    await new Promise((resolve) => setTimeout(resolve, recheck.intervalMs));
  }
}

/** Deletes the container, with a few tries of its own; never throws. */
export async function deleteContainer(
  api: ReconcileApi,
  image: { id: string; label?: string },
  log?: (line: string) => void,
): Promise<Extract<ContainerCleanup, { kind: 'deleted' | 'deleteFailed' }>> {
  const imageId = image.id;
  let lastReason = '';
  for (let tryNumber = 1; tryNumber <= 3; tryNumber++) {
    try {
      // No cancel signal here: this is the cleanup after a cancel.
      await api.deleteImage(imageId);
      log?.(`Deleted upload container ${imageId}.`);
      return { kind: 'deleted', imageId, label: image.label };
    } catch (error) {
      if (isNotFound(error)) {
        log?.(`Upload container ${imageId} was already gone.`);
        return { kind: 'deleted', imageId, label: image.label };
      }
      lastReason = reasonOf(error);
      const permanent = error instanceof LinodeApiError && error.status >= 400 && error.status < 500 && error.status !== 429;
      log?.(`Could not delete upload container ${imageId} (try ${tryNumber}): ${lastReason}`);
      if (permanent) break;
      await new Promise((resolve) => setTimeout(resolve, 500 * tryNumber));
    }
  }
  return { kind: 'deleteFailed', imageId, label: image.label, reason: lastReason };
}

/** The upload containers a create whose answer was lost may have made (`pending_upload`, same label and region). */
export function findLostContainers(
  api: ReconcileApi,
  request: Pick<ImageUploadRequest, 'label' | 'region'>,
  attemptStartedAt: number,
  now = Date.now(),
): Promise<Image[]> {
  return findImagesMadeSince(api, { label: request.label, statuses: ['pending_upload'], region: request.region }, attemptStartedAt, now);
}

/** Finds the container a create whose answer was lost made, and deletes it if it is certainly the one. */
export async function removeLostContainer(
  api: ReconcileApi,
  request: Pick<ImageUploadRequest, 'label' | 'region'>,
  attemptStartedAt: number,
  log?: (line: string) => void,
): Promise<ContainerCleanup> {
  let found: Image[];
  try {
    found = await findLostContainers(api, request, attemptStartedAt);
  } catch (error) {
    const reason = reasonOf(error);
    log?.(`Could not look for the upload container "${request.label}": ${reason}`);
    return { kind: 'searchFailed', label: request.label, reason };
  }
  if (found.length === 0) {
    log?.(`Linode lists no upload container "${request.label}" made since the attempt began.`);
    return { kind: 'notFound', label: request.label };
  }
  if (found.length > 1) {
    // Another upload with the same label is under way: deleting the wrong one would break it.
    log?.(`Several upload containers "${request.label}" were made since the attempt began: ${found.map((i) => i.id).join(', ')}.`);
    return { kind: 'several', label: request.label, imageIds: found.map((i) => i.id) };
  }
  log?.(`Linode made the upload container ${found[0].id} ("${request.label}") although its answer was lost.`);
  return { ...(await deleteContainer(api, found[0], log)), found: true };
}

export function reasonOf(error: unknown): string {
  if (error instanceof LinodeApiError) return describeReasons(error.reasons) || `HTTP ${error.status}`;
  return messageOf(error);
}
