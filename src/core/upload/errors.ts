// Errors of the upload engine. Messages are written for the user: what is wrong, and what to do.
import { CancelledError } from '../api/errors';

export type ImageFileProblem = 'unreadable' | 'empty' | 'tooLarge' | 'notGzip' | 'corrupt' | 'wrongFormat';

/** The file cannot be uploaded as it is. Raised before any API call, so nothing was created. */
export class ImageFileError extends Error {
  override readonly name = 'ImageFileError';

  constructor(readonly problem: ImageFileProblem, message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export type TransferFailure =
  /** The connection failed or was reset. */
  | 'network'
  /** The upload host accepted no byte for the stall timeout. */
  | 'stall'
  /** The upload host answered with an error status. */
  | 'http'
  /** The in-stream check found the data damaged, too large, or in the wrong format. */
  | 'content'
  /** The file changed or could not be read while it was being sent. */
  | 'file'
  /** `upload_to` is not a URL we send data to (plain http to a remote host, credentials in it). */
  | 'url';

/** The PUT failed. `transient` says whether sending the same bytes again could succeed. */
export class UploadTransferError extends Error {
  override readonly name = 'UploadTransferError';

  constructor(
    readonly failure: TransferFailure,
    message: string,
    readonly transient: boolean,
    /** `hostAccepted`: the upload host already had every byte when the check found the data wrong. */
    readonly details: { status?: number; code?: string; bytesSent?: number; hostAccepted?: boolean; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
  }
}

/** What became of the upload container after a failure or a cancel. */
export type ContainerCleanup =
  | { kind: 'none' }
  | { kind: 'deleted'; imageId: string }
  | { kind: 'deleteFailed'; imageId: string; reason: string };

export function describeCleanup(cleanup: ContainerCleanup): string {
  switch (cleanup.kind) {
    case 'none':
      return 'No upload container was created.';
    case 'deleted':
      return `The upload container ${cleanup.imageId} was deleted.`;
    case 'deleteFailed':
      return `The upload container ${cleanup.imageId} could not be deleted (${cleanup.reason}); delete it from the Images view, or Linode removes it after 24 hours.`;
  }
}

/** The upload failed; the message says why and what became of the container. */
export class UploadFailedError extends Error {
  override readonly name = 'UploadFailedError';

  constructor(readonly reason: unknown, readonly cleanup: ContainerCleanup) {
    super(`${reason instanceof Error ? reason.message : String(reason)} ${describeCleanup(cleanup)}`.trim(), { cause: reason });
  }
}

/** The user cancelled; the container (if one was made) has been dealt with as `cleanup` says. */
export class UploadCancelledError extends CancelledError {
  constructor(readonly cleanup: ContainerCleanup) {
    super(`Upload cancelled. ${describeCleanup(cleanup)}`);
  }
}
