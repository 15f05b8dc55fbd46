// The whole upload: check the file, create the container, PUT the bytes, and never leave a container
// behind, nor delete one Linode has taken. After a cancel or a failure, Linode is asked what became of the
// container (reconcile.ts): `creating` or `available` means the upload worked (its answer was lost or late),
// `pending_upload` means it may be deleted, or (for a transient failure, while the URL is still good, if the
// caller chooses) sent again, once. A container whose state cannot be read is named, not deleted.
// The transfer gets only the pre-signed URL: the API token stays inside the client.
// A raw disk image is compressed on the way (rawImage.ts): once to count its bytes, before the container is
// created (so nothing exists at Linode while that runs, and an image too large compressed is refused first),
// then again while it is sent, checked to make the same bytes.
import { CancelledError, isCancellation, outcomeUnknown } from '../api/errors';
import { l10n } from '../l10n';
import type { Image, ImageUploadContainer, ImageUploadRequest } from '../api/types';
import { type ContainerCleanup, UploadCancelledError, UploadFailedError, UploadTransferError } from './errors';
import { checkImageFile, type ImageFileInfo } from './imageFile';
import { UPLOAD_URL_LIFETIME_MS } from './limits';
import type { TransferProgress } from './progress';
import { CompressedImageBody, measureCompressedImage, type CompressionPlan, type RawCompressionTuning } from './rawImage';
import { deleteContainer, readContainer, reasonOf, removeLostContainer, type ContainerState, type ReconcileApi, type RecheckTuning } from './reconcile';
import { sendImageFile, type TransferResult, type TransferTuning } from './transfer';

/** The API calls an upload needs (a LinodeClient, or anything shaped like it). */
export interface UploadApi extends ReconcileApi {
  createUploadContainer(request: ImageUploadRequest, signal?: AbortSignal): Promise<ImageUploadContainer>;
}

/**
 * `counting`: a raw image is being compressed to count its bytes (before any container exists).
 * `confirming`: asking Linode what became of the container after a failure or a cancel.
 */
export type UploadStage = 'checking' | 'counting' | 'creating' | 'uploading' | 'confirming' | 'cleaning-up';

export interface UploadImageOptions {
  api: UploadApi;
  filePath: string;
  request: ImageUploadRequest;
  signal?: AbortSignal;
  transfer?: TransferTuning;
  maxCompressedBytes?: number;
  /** A raw image's compression (level, checkpoints); both passes use the same. */
  raw?: RawCompressionTuning;
  onStage?: (stage: UploadStage, attempt: number) => void;
  /** `progress.phase` says which: `counting` (a raw image's first pass, attempt 1) or `sending`. */
  onProgress?: (progress: TransferProgress, attempt: number) => void;
  /**
   * Awaited just before the container is asked for, with the time the attempt began: should the answer be lost
   * (here, or with the window), the container is looked for among those created since then.
   */
  onCreateStarting?: (attemptStartedAt: number) => void | Promise<void>;
  /** Once the container exists (so a caller can show it). */
  onContainer?: (image: Image) => void;
  /**
   * Asked at most once, after a transient failure while the upload URL is still good: true sends the file
   * again, false deletes the container. Without it, failures are not retried.
   */
  decideRetry?: (failure: UploadTransferError, image: Image) => Promise<boolean>;
  /** How long a container that got the whole file is given to leave `pending_upload` before it counts as waiting. */
  recheck?: RecheckTuning;
  log?: (line: string) => void;
}

export interface UploadImageResult {
  /** The image as the API reports it after the upload (status `creating`, or `available` already). */
  image: Image;
  file: ImageFileInfo;
  /** For a raw image: what it compressed to (the bytes sent), at which level. */
  compression?: CompressionPlan;
  /** Undefined when the transfer did not end well but Linode has the image all the same (see `confirmedDespite`). */
  transfer: TransferResult | undefined;
  /** Why the transfer seemed to fail although Linode took the image: its answer was lost or late, or a cancel came too late. */
  confirmedDespite?: { cancelled: boolean; reason: string };
  attempts: number;
}

type BodySent = 'none' | 'partial' | 'complete';

export async function uploadImageFile(options: UploadImageOptions): Promise<UploadImageResult> {
  const { api, signal, log } = options;
  options.onStage?.('checking', 1);
  const file = await checkImageFile(options.filePath, { maxCompressedBytes: options.maxCompressedBytes, signal });
  if (signal?.aborted) throw new UploadCancelledError({ kind: 'none' });
  let compression: CompressionPlan | undefined;
  if (file.format === 'raw') {
    options.onStage?.('counting', 1);
    try {
      compression = await measureCompressedImage(file, {
        ...options.raw,
        maxCompressedBytes: options.maxCompressedBytes,
        signal,
        progressIntervalMs: options.transfer?.progressIntervalMs,
        onProgress: (progress) => options.onProgress?.(progress, 1),
      });
    } catch (error) {
      if (isCancellation(error) || signal?.aborted) throw new UploadCancelledError({ kind: 'none' });
      throw error;
    }
    log?.(`${file.name}: ${file.size} bytes raw compress to ${compression.compressedBytes} bytes (gzip level ${compression.level}).`);
    if (signal?.aborted) throw new UploadCancelledError({ kind: 'none' });
  }

  options.onStage?.('creating', 1);
  const container = await createContainer(options);
  const createdAt = Date.now();
  const { image } = container;
  log?.(`Created upload container ${image.id} (${image.label}) in ${options.request.region}.`);
  options.onContainer?.(image);
  const remove = async (): Promise<ContainerCleanup> => {
    options.onStage?.('cleaning-up', 0);
    return deleteContainer(api, image, log);
  };

  let attempt = 1;
  for (;;) {
    // Set by the transfer's callback (an object, so the compiler does not take it for the constant 'none').
    const sent: { body: BodySent } = { body: 'none' };
    try {
      if (signal?.aborted) throw new CancelledError();
      options.onStage?.('uploading', attempt);
      const transfer = await sendImageFile({
        ...options.transfer,
        url: container.upload_to,
        file: compression ? { ...file, size: compression.compressedBytes } : file,
        // A fresh pass for each attempt: a retry compresses (and checks) the file again.
        body: compression ? new CompressedImageBody(file, compression, { deflater: options.raw?.deflater }) : undefined,
        signal,
        onProgress: (progress) => options.onProgress?.({ ...progress, phase: 'sending' }, attempt),
        onBodyState: (state) => (sent.body = state === 'started' ? 'partial' : 'complete'),
      });
      log?.(`Uploaded ${file.name} to ${image.id}: ${transfer.bytesSent} bytes in ${(transfer.durationMs / 1000).toFixed(1)} s.`);
      return { image: await currentImage(api, image, log), file, compression, transfer, attempts: attempt };
    } catch (error) {
      const cancelled = isCancellation(error) || signal?.aborted === true;
      log?.(`Upload of ${file.name} to ${image.id} ${cancelled ? 'cancelled' : `failed (attempt ${attempt}): ${reasonOf(error)}`}`);
      const end = (cleanup: ContainerCleanup): Error =>
        cancelled || signal?.aborted ? new UploadCancelledError(cleanup) : new UploadFailedError(error, cleanup);
      // Our own verdict that what was sent is not the image: the container goes, unless the whole body had gone
      // out and Linode took it (the host's answer may have come, or not). That one is never deleted here: named.
      if (!cancelled && isVerdictOnData(error)) {
        if (sent.body === 'complete' || error.details.hostAccepted) {
          options.onStage?.('confirming', attempt);
          const taken = await readContainer(api, image.id, { bodyComplete: true, recheck: options.recheck, log });
          if (taken.kind === 'accepted') {
            throw end({ kind: 'keptAccepted', imageId: image.id, label: image.label, status: taken.image.status });
          }
          if (taken.kind === 'unknown') throw end({ kind: 'unchecked', imageId: image.id, label: image.label, reason: taken.reason });
          if (taken.kind === 'gone') throw end({ kind: 'gone', imageId: image.id });
        }
        throw end(await remove());
      }

      const retryable = !cancelled && attempt === 1 && error instanceof UploadTransferError && error.transient && options.decideRetry !== undefined;
      // With no byte of the body sent, the container can only be waiting for it: Linode is asked only before a retry.
      // After the whole body, a `pending_upload` is asked again unless the upload host said no (its error status).
      const refusedByHost = error instanceof UploadTransferError && error.failure === 'http';
      if (sent.body !== 'none' || retryable) options.onStage?.('confirming', attempt);
      const state: ContainerState | undefined =
        sent.body === 'none' && !retryable
          ? undefined
          : await readContainer(api, image.id, { bodyComplete: sent.body === 'complete' && !refusedByHost, recheck: options.recheck, log });
      if (state?.kind === 'accepted') {
        const reason = cancelled ? l10n.t('the upload was cancelled after the whole file had been sent') : reasonOf(error);
        log?.(`Linode has ${image.id} (${state.image.status}) although ${cancelled ? reason : `the upload seemed to fail: ${reason}`}; it is kept.`);
        return { image: state.image, file, compression, transfer: undefined, confirmedDespite: { cancelled, reason }, attempts: attempt };
      }
      if (state?.kind === 'gone') {
        log?.(`Upload container ${image.id} no longer exists.`);
        throw end({ kind: 'gone', imageId: image.id });
      }
      if (state?.kind === 'unknown') {
        // Part or all of the file may have reached Linode: deleting could throw away an upload it took.
        if (sent.body !== 'none') throw end({ kind: 'unchecked', imageId: image.id, label: image.label, reason: state.reason });
        throw end(await remove());
      }
      if (retryable && state?.kind === 'waiting' && Date.now() - createdAt < RETRY_DEADLINE_MS) {
        let retry = false;
        try {
          retry = await (options.decideRetry as NonNullable<UploadImageOptions['decideRetry']>)(error, image);
        } catch (decisionError) {
          log?.(`Retry question failed: ${reasonOf(decisionError)}`);
        }
        if (retry && !signal?.aborted) {
          attempt++;
          log?.(`Retrying the upload of ${file.name} to ${image.id}.`);
          continue;
        }
      }
      throw end(await remove());
    }
  }
}

/** Keep a margin: a retry that starts just before the URL expires would fail anyway. */
const RETRY_DEADLINE_MS = UPLOAD_URL_LIFETIME_MS - 60 * 60 * 1000;

/** The check found the data wrong, or the file changed while it was sent: Linode must not keep what it got. */
function isVerdictOnData(error: unknown): error is UploadTransferError {
  return error instanceof UploadTransferError && (error.failure === 'content' || error.failure === 'file');
}

/**
 * `POST /images/upload`. Not cancellable: a cancel while it is in flight could leave a container we never heard
 * of; it is quick, and a cancel meanwhile is honoured right after, by deleting what it made. When its answer is
 * lost (a timeout, a dropped connection, a gateway's 5xx), Linode may have made the container all the same: it is
 * looked for and deleted, or named.
 */
async function createContainer(options: UploadImageOptions): Promise<ImageUploadContainer> {
  const { api, request, log } = options;
  const attemptStartedAt = Date.now();
  await options.onCreateStarting?.(attemptStartedAt);
  try {
    return await api.createUploadContainer(request);
  } catch (error) {
    if (!outcomeUnknown(error)) throw error;
    log?.(`No answer to the creation of the upload container "${request.label}" (${reasonOf(error)}); looking for it at Linode.`);
    options.onStage?.('cleaning-up', 0);
    throw new UploadFailedError(error, await removeLostContainer(api, request, attemptStartedAt, log));
  }
}

async function currentImage(api: UploadApi, fallback: Image, log: ((line: string) => void) | undefined): Promise<Image> {
  try {
    return await api.getImage(fallback.id);
  } catch (error) {
    // The bytes are in; not knowing the status yet is no failure. The tree's poller asks again.
    log?.(`Could not re-read ${fallback.id} after the upload: ${reasonOf(error)}`);
    return fallback;
  }
}
