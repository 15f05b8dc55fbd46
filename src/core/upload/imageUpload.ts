// The whole upload: check the file, create the container, PUT the bytes, and never leave a container
// behind: on a cancel or a failure it is deleted, unless the failure was transient, the URL is still good
// and the caller chooses to retry (once).
// The transfer gets only the pre-signed URL: the API token stays inside the client.
import { CancelledError, describeReasons, LinodeApiError, isCancellation } from '../api/errors';
import type { Image, ImageUploadContainer, ImageUploadRequest } from '../api/types';
import { type ContainerCleanup, UploadCancelledError, UploadFailedError, UploadTransferError } from './errors';
import { checkImageFile, type ImageFileInfo } from './imageFile';
import { UPLOAD_URL_LIFETIME_MS } from './limits';
import type { TransferProgress } from './progress';
import { sendImageFile, type TransferResult, type TransferTuning } from './transfer';

/** The API calls an upload needs (a LinodeClient, or anything shaped like it). */
export interface UploadApi {
  createUploadContainer(request: ImageUploadRequest, signal?: AbortSignal): Promise<ImageUploadContainer>;
  getImage(imageId: string, signal?: AbortSignal): Promise<Image>;
  deleteImage(imageId: string, signal?: AbortSignal): Promise<void>;
}

export type UploadStage = 'checking' | 'creating' | 'uploading' | 'cleaning-up';

export interface UploadImageOptions {
  api: UploadApi;
  filePath: string;
  request: ImageUploadRequest;
  signal?: AbortSignal;
  transfer?: TransferTuning;
  maxCompressedBytes?: number;
  onStage?: (stage: UploadStage, attempt: number) => void;
  onProgress?: (progress: TransferProgress, attempt: number) => void;
  /** Once the container exists (so a caller can show it). */
  onContainer?: (image: Image) => void;
  /**
   * Asked at most once, after a transient failure while the upload URL is still good: true sends the file
   * again, false deletes the container. Without it, failures are not retried.
   */
  decideRetry?: (failure: UploadTransferError, image: Image) => Promise<boolean>;
  log?: (line: string) => void;
}

export interface UploadImageResult {
  /** The image as the API reports it after the upload (status `creating`, or `available` already). */
  image: Image;
  file: ImageFileInfo;
  transfer: TransferResult;
  attempts: number;
}

export async function uploadImageFile(options: UploadImageOptions): Promise<UploadImageResult> {
  const { api, signal, log } = options;
  options.onStage?.('checking', 1);
  const file = await checkImageFile(options.filePath, { maxCompressedBytes: options.maxCompressedBytes, signal });
  if (signal?.aborted) throw new UploadCancelledError({ kind: 'none' });

  options.onStage?.('creating', 1);
  // Not cancellable: a cancel while the POST is in flight could leave a container we never heard of.
  // It is quick; a cancel meanwhile is honoured right after, by deleting what it made.
  const container = await api.createUploadContainer(options.request);
  const createdAt = Date.now();
  const { image } = container;
  log?.(`Created upload container ${image.id} (${image.label}) in ${options.request.region}.`);
  options.onContainer?.(image);

  let attempt = 1;
  for (;;) {
    try {
      if (signal?.aborted) throw new CancelledError();
      options.onStage?.('uploading', attempt);
      const transfer = await sendImageFile({
        ...options.transfer,
        url: container.upload_to,
        file,
        signal,
        onProgress: (progress) => options.onProgress?.(progress, attempt),
      });
      log?.(`Uploaded ${file.name} to ${image.id}: ${transfer.bytesSent} bytes in ${(transfer.durationMs / 1000).toFixed(1)} s.`);
      return { image: await currentImage(api, image, log), file, transfer, attempts: attempt };
    } catch (error) {
      if (isCancellation(error) || signal?.aborted) {
        log?.(`Upload of ${file.name} to ${image.id} cancelled.`);
        throw new UploadCancelledError(await deleteContainer(api, image.id, options));
      }
      log?.(`Upload of ${file.name} to ${image.id} failed (attempt ${attempt}): ${error instanceof Error ? error.message : String(error)}`);
      if (attempt === 1 && error instanceof UploadTransferError && error.transient && options.decideRetry) {
        const stillUsable = await uploadUrlStillUsable(api, image.id, createdAt, signal, log);
        if (stillUsable) {
          let retry = false;
          try {
            retry = await options.decideRetry(error, image);
          } catch (decisionError) {
            log?.(`Retry question failed: ${decisionError instanceof Error ? decisionError.message : String(decisionError)}`);
          }
          if (retry && !signal?.aborted) {
            attempt++;
            log?.(`Retrying the upload of ${file.name} to ${image.id}.`);
            continue;
          }
          if (signal?.aborted) throw new UploadCancelledError(await deleteContainer(api, image.id, options));
        }
      }
      throw new UploadFailedError(error, await deleteContainer(api, image.id, options));
    }
  }
}

/** The URL is good for a retry if Linode has not expired it and the container still waits for its bytes. */
async function uploadUrlStillUsable(
  api: UploadApi,
  imageId: string,
  createdAt: number,
  signal: AbortSignal | undefined,
  log: ((line: string) => void) | undefined,
): Promise<boolean> {
  // Keep a margin: a retry that starts just before expiry would fail anyway.
  if (Date.now() - createdAt > UPLOAD_URL_LIFETIME_MS - 60 * 60 * 1000) return false;
  try {
    const image = await api.getImage(imageId, signal);
    return image.status === 'pending_upload';
  } catch (error) {
    log?.(`Could not check ${imageId} before offering a retry: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
}

/** Deletes the container whatever happened, with a few tries of its own; never throws. */
async function deleteContainer(api: UploadApi, imageId: string, options: UploadImageOptions): Promise<ContainerCleanup> {
  options.onStage?.('cleaning-up', 0);
  let lastReason = '';
  for (let tryNumber = 1; tryNumber <= 3; tryNumber++) {
    try {
      // No cancel signal here: this is the cleanup after a cancel.
      await api.deleteImage(imageId);
      options.log?.(`Deleted upload container ${imageId}.`);
      return { kind: 'deleted', imageId };
    } catch (error) {
      if (error instanceof LinodeApiError && error.status === 404) {
        options.log?.(`Upload container ${imageId} was already gone.`);
        return { kind: 'deleted', imageId };
      }
      lastReason = error instanceof LinodeApiError ? describeReasons(error.reasons) : error instanceof Error ? error.message : String(error);
      const permanent = error instanceof LinodeApiError && error.status >= 400 && error.status < 500 && error.status !== 429;
      options.log?.(`Could not delete upload container ${imageId} (try ${tryNumber}): ${lastReason}`);
      if (permanent) break;
      await new Promise((resolve) => setTimeout(resolve, 500 * tryNumber));
    }
  }
  return { kind: 'deleteFailed', imageId, reason: lastReason };
}

async function currentImage(api: UploadApi, fallback: Image, log: ((line: string) => void) | undefined): Promise<Image> {
  try {
    return await api.getImage(fallback.id);
  } catch (error) {
    // The bytes are in; not knowing the status yet is no failure. The tree's poller asks again.
    log?.(`Could not re-read ${fallback.id} after the upload: ${error instanceof Error ? error.message : String(error)}`);
    return fallback;
  }
}
