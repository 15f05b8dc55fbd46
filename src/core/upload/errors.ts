// Errors of the upload engine. Messages are written for the user: what is wrong, and what to do.
import { CancelledError, messageOf } from '../api/errors';
import { l10n } from '../l10n';

/** `changed`: a raw image changed while it was being compressed to measure it. */
export type ImageFileProblem = 'unreadable' | 'empty' | 'tooLarge' | 'notGzip' | 'corrupt' | 'wrongFormat' | 'changed';

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

export function describeCleanup(cleanup: ContainerCleanup): string {
  switch (cleanup.kind) {
    case 'none':
      return l10n.t('No upload container was created.');
    case 'deleted':
      if (!cleanup.found) return l10n.t('The upload container {0} was deleted.', cleanup.imageId);
      return cleanup.label === undefined
        ? l10n.t('Linode had made the upload container {0} all the same; it was deleted.', cleanup.imageId)
        : l10n.t('Linode had made the upload container {0} ("{1}") all the same; it was deleted.', cleanup.imageId, cleanup.label);
    case 'deleteFailed':
      if (cleanup.found) {
        return cleanup.label === undefined
          ? l10n.t(
            'Linode had made the upload container {0} all the same, and it could not be deleted ({1}); delete it from the Images view, or Linode removes it after 24 hours.',
            cleanup.imageId,
            cleanup.reason,
          )
          : l10n.t(
            'Linode had made the upload container {0} ("{1}") all the same, and it could not be deleted ({2}); delete it from the Images view, or Linode removes it after 24 hours.',
            cleanup.imageId,
            cleanup.label,
            cleanup.reason,
          );
      }
      return cleanup.label === undefined
        ? l10n.t(
          'The upload container {0} could not be deleted ({1}); delete it from the Images view, or Linode removes it after 24 hours.',
          cleanup.imageId,
          cleanup.reason,
        )
        : l10n.t(
          'The upload container {0} ("{1}") could not be deleted ({2}); delete it from the Images view, or Linode removes it after 24 hours.',
          cleanup.imageId,
          cleanup.label,
          cleanup.reason,
        );
    case 'gone':
      return l10n.t('The upload container {0} no longer exists.', cleanup.imageId);
    case 'unchecked':
      return l10n.t(
        'Whether Linode has the upload could not be checked ({0}); if it stays "pending upload", delete {1} ("{2}") from the Images view, or Linode removes it after 24 hours.',
        cleanup.reason,
        cleanup.imageId,
        cleanup.label,
      );
    case 'notFound':
      return l10n.t('Linode lists no upload container "{0}" from this attempt, so none was left behind.', cleanup.label);
    case 'searchFailed':
      return l10n.t(
        'Whether Linode made an upload container could not be checked ({0}); if an image "{1}" shows as "pending upload", delete it from the Images view, or Linode removes it after 24 hours.',
        cleanup.reason,
        cleanup.label,
      );
    case 'keptAccepted':
      return l10n.t(
        'Linode had already taken the whole file as {0} ("{1}") ({2}), so it was not deleted: Linode will most likely fail it while processing it; if it becomes available, delete it from the Images view.',
        cleanup.imageId,
        cleanup.label,
        cleanup.status,
      );
    case 'several':
      return l10n.t(
        'Linode lists several upload containers "{0}" made just now ({1}), so none was deleted: delete the one not in use from the Images view, or Linode removes them after 24 hours.',
        cleanup.label,
        cleanup.imageIds.join(', '),
      );
  }
}

/** "Some text" → "Some text." (nothing for nothing). */
export function asSentence(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return '';
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** "No answer … within 30 s" + "The upload container …": two sentences, whatever the first one ends with. */
function sentences(first: string, second: string): string {
  const sentence = asSentence(first);
  return sentence ? `${sentence} ${second}` : second;
}

/** The upload failed; the message says why and what became of the container. */
export class UploadFailedError extends Error {
  override readonly name = 'UploadFailedError';

  constructor(readonly reason: unknown, readonly cleanup: ContainerCleanup) {
    super(sentences(messageOf(reason), describeCleanup(cleanup)), { cause: reason });
  }
}

/** The user cancelled; the container (if one was made) has been dealt with as `cleanup` says. */
export class UploadCancelledError extends CancelledError {
  constructor(readonly cleanup: ContainerCleanup) {
    super(l10n.t('Upload cancelled. {0}', describeCleanup(cleanup)));
  }
}
