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
  /** `found`: the create's answer was lost, and the container turned up in Linode's list. */
  | { kind: 'deleted'; imageId: string; label?: string; found?: boolean }
  | { kind: 'deleteFailed'; imageId: string; reason: string; label?: string; found?: boolean }
  /** Linode no longer has it (deleted elsewhere, or expired). */
  | { kind: 'gone'; imageId: string }
  /** Whether Linode has the upload is unknown (the re-read failed): not deleted, so it is named. */
  | { kind: 'unchecked'; imageId: string; label: string; reason: string }
  /** The create's answer was lost, and Linode lists no container made by that attempt. */
  | { kind: 'notFound'; label: string }
  /** The create's answer was lost, and the search for the container failed. */
  | { kind: 'searchFailed'; label: string; reason: string }
  /** The create's answer was lost, and several containers could be the one it made: none is deleted. */
  | { kind: 'several'; label: string; imageIds: string[] }
  /**
   * The data proved bad (damaged, or the file changed) only after the upload host had taken all of it: an image
   * Linode accepted is never deleted by this extension, so it is named instead.
   */
  | { kind: 'keptAccepted'; imageId: string; label: string; status: string };

/** The container is (or may be) still at Linode, and the user has been given its name to deal with it. */
export function cleanupLeavesContainer(cleanup: ContainerCleanup): boolean {
  return cleanup.kind === 'deleteFailed' || cleanup.kind === 'unchecked' || cleanup.kind === 'searchFailed' || cleanup.kind === 'several'
    || cleanup.kind === 'keptAccepted';
}

const LINODE_EXPIRES = 'or Linode removes it after 24 hours';

export function describeCleanup(cleanup: ContainerCleanup): string {
  switch (cleanup.kind) {
    case 'none':
      return 'No upload container was created.';
    case 'deleted':
      return cleanup.found
        ? `Linode had made the upload container ${cleanup.imageId}${named(cleanup.label)} all the same; it was deleted.`
        : `The upload container ${cleanup.imageId} was deleted.`;
    case 'deleteFailed':
      return cleanup.found
        ? `Linode had made the upload container ${cleanup.imageId}${named(cleanup.label)} all the same, and it could not be deleted (${cleanup.reason}); delete it from the Images view, ${LINODE_EXPIRES}.`
        : `The upload container ${cleanup.imageId}${named(cleanup.label)} could not be deleted (${cleanup.reason}); delete it from the Images view, ${LINODE_EXPIRES}.`;
    case 'gone':
      return `The upload container ${cleanup.imageId} no longer exists.`;
    case 'unchecked':
      return `Whether Linode has the upload could not be checked (${cleanup.reason}); if it stays "pending upload", delete ${cleanup.imageId}${named(cleanup.label)} from the Images view, ${LINODE_EXPIRES}.`;
    case 'notFound':
      return `Linode lists no upload container "${cleanup.label}" from this attempt, so none was left behind.`;
    case 'searchFailed':
      return `Whether Linode made an upload container could not be checked (${cleanup.reason}); if an image "${cleanup.label}" shows as "pending upload", delete it from the Images view, ${LINODE_EXPIRES}.`;
    case 'keptAccepted':
      return `Linode had already taken the whole file as ${cleanup.imageId}${named(cleanup.label)} (${cleanup.status}), so it was not deleted: Linode will most likely fail it while processing it; if it becomes available, delete it from the Images view.`;
    case 'several':
      return `Linode lists several upload containers "${cleanup.label}" made just now (${cleanup.imageIds.join(', ')}), so none was deleted: delete the one not in use from the Images view, or Linode removes them after 24 hours.`;
  }
}

function named(label: string | undefined): string {
  return label === undefined ? '' : ` ("${label}")`;
}

/** "No answer … within 30 s" + "The upload container …": two sentences, whatever the first one ends with. */
function sentences(first: string, second: string): string {
  const trimmed = first.trim();
  if (!trimmed) return second;
  return `${/[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`} ${second}`;
}

/** The upload failed; the message says why and what became of the container. */
export class UploadFailedError extends Error {
  override readonly name = 'UploadFailedError';

  constructor(readonly reason: unknown, readonly cleanup: ContainerCleanup) {
    super(sentences(reason instanceof Error ? reason.message : String(reason), describeCleanup(cleanup)), { cause: reason });
  }
}

/** The user cancelled; the container (if one was made) has been dealt with as `cleanup` says. */
export class UploadCancelledError extends CancelledError {
  constructor(readonly cleanup: ContainerCleanup) {
    super(`Upload cancelled. ${describeCleanup(cleanup)}`);
  }
}
