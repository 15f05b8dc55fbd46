// "Upload Image…": a local gzip-compressed raw disk image → a private Linode image. The file is checked
// before anything else is asked or sent; then label, region, description, tags and cloud-init (one multi-step
// input, with the file as its first step when the command was not given one); then the bytes
// are streamed to Linode's upload URL with a cancellable progress notification and a status-bar item.
// After a cancel or a failure, Linode is asked what became of the container: one it has taken is kept and
// followed like any finished upload; one still waiting for its bytes is deleted (or, for a transient failure,
// sent again once); one whose state cannot be read is named. Each upload is recorded in global state until
// that is settled, so a window closed mid-upload is reconciled on the next activation.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Image } from '../../core/api/types';
import { l10n } from '../../core/l10n';
import { formatBytes } from '../../core/model/format';
import { asSentence, cleanupLeavesContainer, describeCleanup, ImageFileError, UploadCancelledError, UploadFailedError, type UploadTransferError } from '../../core/upload/errors';
import { formatDuration, formatRate } from '../../core/upload/progress';
import { activeUploads } from '../upload/activeUploads';
import { followUntilAvailable } from '../upload/followUpload';
import { startingFile } from '../upload/pickImageFile';
import { askUpload } from '../upload/uploadDetails';
import { withUploadProgress } from '../upload/uploadProgress';
import { leftoverActions } from '../upload/leftoverContainer';
import { runOnImage } from '../images/imageRows';
import { notify } from '../notify';
import { commandId } from '../ids';
import type { ExtensionServices } from '../services';
import { readSettings } from '../settings';
import type { CommandDefinition } from './command';
import { checkImageFile } from '../../core/upload/imageFile';
import { uploadImageFile } from '../../core/upload/imageUpload';

const title = (): string => l10n.t('Upload Image');

/** What the command resolves to (also for tests and other extensions running it). */
export interface UploadSummary {
  image: Image;
  fileName: string;
  bytes: number;
  durationMs: number;
  attempts: number;
  /** Sum of the increments given to the progress notification: 100 once it showed the whole file sent. */
  reportedPercent: number;
  /** The notification's last progress message, e.g. "100% · 12.3 MB/s". */
  lastProgressMessage: string;
  /** The first progress message of each pass: one for a gzip image, two for a raw one (counting, then sending). */
  passMessages: string[];
  /** For a raw image: the compressed bytes sent. */
  compressedBytes?: number;
  /** Set when the transfer seemed to fail (or was cancelled too late) but Linode had taken the image. */
  confirmedDespite?: { cancelled: boolean; reason: string };
}

export const uploadImageCommand: CommandDefinition = {
  id: 'uploadImage',
  get title() {
    return title();
  },
  run: (services, ...args) => uploadFromUri(services, args[0]),
};

/**
 * The whole command; `target` is the file from the Explorer, or anything else to ask for one. `preset.region` is
 * preselected in the region step (a file dropped on a region's row).
 */
export async function uploadFromUri(services: ExtensionServices, target: unknown, preset: { region?: string } = {}): Promise<UploadSummary | undefined> {
  const { prompts, tokens, logger } = services;
  await tokens.ready;
  if (!tokens.current) {
    const setToken = l10n.t('Set API Token');
    const choice = await prompts.current.warning(l10n.t('Set a Linode API token before uploading an image.'), setToken);
    if (choice === setToken) await vscode.commands.executeCommand(commandId('setApiToken'));
    return undefined;
  }
  const start = await startingFile(prompts.current, title(), target);
  if (!start) return undefined;
  // Checked before any further question: a file Linode would refuse wastes no one's time and creates nothing.
  if ('file' in start) await checkBeforeAsking(start.file);
  const asked = await askUpload(services, title(), start, checkBeforeAsking, preset.region);
  if (!asked) return undefined;
  const { request } = asked;
  const filePath = asked.file.fsPath;
  const fileName = path.basename(filePath);

  // The upload stays with this account even if the view is switched to another meanwhile.
  const client = services.session.clientForCurrentAccount();
  const account = services.sync.currentKey()?.account;
  const sameAccount = (): boolean => services.sync.currentKey()?.account === account;
  const upload = activeUploads(services).start({ fileName, label: request.label, region: request.region, apiUrl: client.apiUrl, account });
  const log = (line: string): void => {
    try {
      logger.info(line);
    } catch {
      // The log channel may already be closed while the window closes; the clean-up must go on.
    }
  };
  const startedAt = Date.now();
  let containerDone: (() => void) | undefined;
  try {
    const { result, progress } = await withUploadProgress(fileName, request.region, upload, async (notification) =>
      uploadImageFile({
        api: client,
        filePath,
        request,
        signal: upload.controller.signal,
        transfer: { stallTimeoutMs: readSettings().uploadStallTimeoutMs, userAgent: services.session.userAgent },
        onStage: (stage, attempt) => notification.stage(stage, attempt),
        onProgress: (p) => notification.transferred(p),
        onCreateStarting: (attemptStartedAt) => upload.note({ createStartedAt: attemptStartedAt }),
        onContainer: (image) => {
          upload.imageId = image.id;
          void upload.note({ imageId: image.id });
          if (!sameAccount()) return; // the view shows another account now: not its image
          services.store.upsertImage(image);
          // The container's rows say "Uploading…" and offer no command while the bytes go in.
          void services.store.withBusyDescription(image.id, l10n.t('Uploading…'), () => new Promise<void>((resolve) => (containerDone = resolve)));
        },
        decideRetry: (failure, image) => askRetry(services, fileName, failure, image, upload.controller.signal),
        log,
      }),
    );
    containerDone?.();
    // A window closing meanwhile may never show what follows: the next activation reports it instead.
    await upload.conclude(upload.windowClosing);
    if (sameAccount()) {
      services.store.upsertImage(result.image);
      services.context.subscriptions.push(followUntilAvailable(services, result.image));
    }
    const processing = l10n.t('Linode is now processing "{0}" in {1}; you will be told when it is available.', result.image.label, request.region);
    const durationMs = result.transfer?.durationMs ?? Date.now() - startedAt;
    const seconds = durationMs / 1000;
    if (result.transfer) {
      const rate = seconds > 0 ? formatRate(result.transfer.bytesSent / seconds) : '';
      log(`Upload of ${fileName} finished: ${result.transfer.bytesSent} bytes in ${seconds.toFixed(1)} s${rate ? ` (${rate})` : ''}.`);
      void prompts.current.info(l10n.t('Uploaded {0} ({1} in {2}). {3}', fileName, formatBytes(result.transfer.bytesSent), formatDuration(seconds), processing));
    } else if (result.confirmedDespite?.cancelled) {
      log(`Upload of ${fileName} was cancelled after Linode had the whole file; ${result.image.id} is kept.`);
      notify(
        prompts.current,
        'info',
        l10n.t('The upload of {0} was cancelled too late: Linode already had the whole file. {1} Delete the image if you do not want it.', fileName, processing),
        [{ label: l10n.t('Delete Image'), run: () => runOnImage(services, 'deleteImages', result.image.id) }],
        logger,
      );
    } else {
      log(`Upload of ${fileName} finished although the upload host's answer did not arrive (Linode reports ${result.image.id} as ${result.image.status}).`);
      const reason = asSentence(result.confirmedDespite?.reason ?? '');
      void prompts.current.info(
        reason
          ? l10n.t('Uploaded {0}. {1} Linode has the image all the same. {2}', fileName, reason, processing)
          : l10n.t('Uploaded {0}. Linode has the image all the same. {1}', fileName, processing),
      );
    }
    return {
      image: result.image,
      fileName,
      bytes: result.transfer?.bytesSent ?? result.file.size,
      durationMs,
      attempts: result.attempts,
      reportedPercent: progress.reportedPercent,
      lastProgressMessage: progress.lastMessage,
      passMessages: [...progress.passMessages],
      compressedBytes: result.compression?.compressedBytes,
      confirmedDespite: result.confirmedDespite,
    };
  } catch (error) {
    containerDone?.();
    if (error instanceof UploadCancelledError || error instanceof UploadFailedError) {
      // Kept for the next activation only while the container may still be at Linode.
      await upload.conclude(cleanupLeavesContainer(error.cleanup));
      if ((error.cleanup.kind === 'deleted' || error.cleanup.kind === 'gone') && sameAccount()) services.store.removeImage(error.cleanup.imageId);
    } else {
      await upload.conclude(upload.imageId !== undefined);
    }
    if (error instanceof UploadCancelledError) {
      log(`Upload of ${fileName}: ${error.message}`);
      notify(prompts.current, 'info', l10n.t('Upload of {0} cancelled. {1}', fileName, describeCleanup(error.cleanup)), leftoverActions(services, error.cleanup), logger);
      return undefined;
    }
    throw error;
  } finally {
    upload.dispose();
  }
}

/** Throws for a file Linode would refuse, saying that nothing was sent. */
async function checkBeforeAsking(file: vscode.Uri): Promise<void> {
  try {
    await checkImageFile(file.fsPath);
  } catch (error) {
    if (error instanceof ImageFileError) throw new ImageFileError(error.problem, l10n.t('{0} Nothing was sent to Linode.', error.message));
    throw error;
  }
}

/**
 * Asked once, after a transient failure while Linode's upload URL is still good. A notification, not a modal dialog:
 * the upload waits for the answer, and cancelling the upload (or closing the window) answers "delete".
 */
async function askRetry(services: ExtensionServices, fileName: string, failure: UploadTransferError, image: Image, cancelled: AbortSignal): Promise<boolean> {
  const retry = l10n.t('Retry Upload');
  const question = [
    asSentence(l10n.t('The upload of {0} failed: {1}', fileName, failure.message)),
    l10n.t(
      'Linode\'s upload URL is still good, so the file can be sent again from the start (once). Otherwise the upload container {0} ("{1}") is deleted.',
      image.id,
      image.label,
    ),
  ].join(' ');
  const choice = await untilCancelled(services.prompts.current.warning(question, retry, l10n.t('Delete Container')), cancelled);
  return choice === retry;
}

/** The button pressed, or undefined as soon as `signal` aborts. */
function untilCancelled(answer: Thenable<string | undefined>, signal: AbortSignal): Promise<string | undefined> {
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const onAbort = (): void => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    const settle = (value: string | undefined): void => {
      signal.removeEventListener('abort', onAbort);
      resolve(value);
    };
    answer.then(settle, () => settle(undefined));
  });
}
