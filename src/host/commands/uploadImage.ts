// "Upload Image…": a local gzip-compressed raw disk image → a private Linode image. The file is checked
// before anything is asked or sent; then label, region, description, tags and cloud-init; then the bytes
// are streamed to Linode's upload URL with a cancellable progress notification and a status-bar item.
// After a cancel or a failure, Linode is asked what became of the container: one it has taken is kept and
// followed like any finished upload; one still waiting for its bytes is deleted (or, for a transient failure,
// sent again once); one whose state cannot be read is named. Each upload is recorded in global state until
// that is settled, so a window closed mid-upload is reconciled on the next activation.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Image } from '../../core/api/types';
import { formatBytes } from '../../core/model/format';
import { cleanupLeavesContainer, ImageFileError, UploadCancelledError, UploadFailedError, type UploadTransferError } from '../../core/upload/errors';
import type * as ImageFileModule from '../../core/upload/imageFile';
import type * as ImageUploadModule from '../../core/upload/imageUpload';
import type { UploadStage } from '../../core/upload/imageUpload';
import { DEFAULT_STALL_TIMEOUT_MS } from '../../core/upload/limits';
import { describeProgress, formatDuration, formatRate, type TransferProgress } from '../../core/upload/progress';
import { activeUploads, type ActiveUpload } from '../upload/activeUploads';
import { followUntilAvailable } from '../upload/followUpload';
import { pickImageFile } from '../upload/pickImageFile';
import { askUploadDetails } from '../upload/uploadDetails';
import type { CommandDefinition, ExtensionServices } from './command';

const TITLE = 'Upload Image';
export const RETRY_ACTION = 'Retry Upload';

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
  /** Set when the transfer seemed to fail (or was cancelled too late) but Linode had taken the image. */
  confirmedDespite?: { cancelled: boolean; reason: string };
}

export const uploadImageCommand: CommandDefinition = {
  id: 'uploadImage',
  title: TITLE,
  run: (services, ...args) => uploadFromUri(services, args[0]),
};

/** The whole command; `target` is the file from the Explorer, or anything else to ask for one. */
export async function uploadFromUri(services: ExtensionServices, target: unknown): Promise<UploadSummary | undefined> {
  const { prompts, tokens, logger } = services;
  await tokens.ready;
  if (!tokens.current) {
    const choice = await prompts.current.warning('Set a Linode API token before uploading an image.', 'Set API Token');
    if (choice === 'Set API Token') await vscode.commands.executeCommand('linodeImages.setApiToken');
    return undefined;
  }
  const uri = target instanceof vscode.Uri ? target : await pickImageFile(prompts.current, TITLE);
  if (!uri) return undefined;
  if (uri.scheme !== 'file') throw new Error(`Only files on disk can be uploaded (${uri.scheme}: is not).`);
  const filePath = uri.fsPath;
  const fileName = path.basename(filePath);

  // Checked before any question: a file Linode would refuse wastes no one's time and creates nothing.
  try {
    await (await uploadEngine()).checkImageFile(filePath);
  } catch (error) {
    if (error instanceof ImageFileError) throw new ImageFileError(error.problem, `${error.message} Nothing was sent to Linode.`);
    throw error;
  }

  const request = await askUploadDetails(services, fileName, TITLE);
  if (!request) return undefined;

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
    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Uploading ${fileName} to ${request.region}`, cancellable: true },
      async (progress, token) => {
        token.onCancellationRequested(() => upload.cancel());
        const notification = new ProgressNotification(progress, upload);
        const result = await (await uploadEngine()).uploadImageFile({
          api: client,
          filePath,
          request,
          signal: upload.controller.signal,
          transfer: { stallTimeoutMs: stallTimeoutMs(), userAgent: `linode-images-vscode VSCode/${vscode.version}` },
          onStage: (stage, attempt) => notification.stage(stage, attempt),
          onProgress: (p) => notification.transferred(p),
          onCreateStarting: (attemptStartedAt) => upload.note({ createStartedAt: attemptStartedAt }),
          onContainer: (image) => {
            upload.imageId = image.id;
            void upload.note({ imageId: image.id });
            if (!sameAccount()) return; // the view shows another account now: not its image
            services.store.upsertImage(image);
            // The container's rows say "Uploading…" and offer no command while the bytes go in.
            void services.store.withBusyDescription(image.id, 'Uploading…', () => new Promise<void>((resolve) => (containerDone = resolve)));
          },
          decideRetry: (failure, image) => askRetry(services, fileName, failure, image),
          log,
        });
        return { result, notification };
      },
    );
    containerDone?.();
    const { result, notification } = outcome;
    // A window closing meanwhile may never show what follows: the next activation reports it instead.
    await upload.conclude(upload.windowClosing);
    if (sameAccount()) {
      services.store.upsertImage(result.image);
      services.context.subscriptions.push(followUntilAvailable(services, result.image));
    }
    const processing = `Linode is now processing "${result.image.label}" in ${request.region}; you will be told when it is available.`;
    const durationMs = result.transfer?.durationMs ?? Date.now() - startedAt;
    const seconds = durationMs / 1000;
    if (result.transfer) {
      const rate = seconds > 0 ? formatRate(result.transfer.bytesSent / seconds) : '';
      log(`Upload of ${fileName} finished: ${result.transfer.bytesSent} bytes in ${seconds.toFixed(1)} s${rate ? ` (${rate})` : ''}.`);
      void prompts.current.info(`Uploaded ${fileName} (${formatBytes(result.transfer.bytesSent)} in ${formatDuration(seconds)}). ${processing}`);
    } else if (result.confirmedDespite?.cancelled) {
      log(`Upload of ${fileName} was cancelled after Linode had the whole file; ${result.image.id} is kept.`);
      void prompts.current.info(`The upload of ${fileName} was cancelled too late: Linode already had the whole file. ${processing} Delete the image if you do not want it.`);
    } else {
      log(`Upload of ${fileName} finished although the upload host's answer did not arrive (Linode reports ${result.image.id} as ${result.image.status}).`);
      void prompts.current.info(`Uploaded ${fileName}. ${sentence(result.confirmedDespite?.reason ?? '')}Linode has the image all the same. ${processing}`);
    }
    return {
      image: result.image,
      fileName,
      bytes: result.transfer?.bytesSent ?? result.file.size,
      durationMs,
      attempts: result.attempts,
      reportedPercent: notification.reportedPercent,
      lastProgressMessage: notification.lastMessage,
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
      void prompts.current.info(`Upload of ${fileName} cancelled. ${error.message.replace(/^Upload cancelled\. /, '')}`);
      return undefined;
    }
    throw error;
  } finally {
    upload.dispose();
  }
}

/** Asked once, after a transient failure while Linode's upload URL is still good. */
async function askRetry(services: ExtensionServices, fileName: string, failure: UploadTransferError, image: Image): Promise<boolean> {
  const choice = await services.prompts.current.confirm(
    `The upload of ${fileName} failed: ${failure.message}`,
    `Linode's upload URL is still good, so the file can be sent again from the start (once). Otherwise the upload container ${image.id} ("${image.label}") is deleted.`,
    RETRY_ACTION,
  );
  return choice === RETRY_ACTION;
}

/** "Some text" → "Some text. " (nothing for nothing). */
function sentence(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return '';
  return /[.!?]$/.test(trimmed) ? `${trimmed} ` : `${trimmed}. `;
}

function stallTimeoutMs(): number {
  const seconds = vscode.workspace.getConfiguration('linodeImages').get<number>('upload.stallTimeoutSeconds');
  return typeof seconds === 'number' && seconds >= 5 ? seconds * 1000 : DEFAULT_STALL_TIMEOUT_MS;
}

/** Turns the engine's events into the notification's increments and text, and the status-bar item's. */
class ProgressNotification {
  /** Sum of increments reported so far: the bar never goes back, even when a retry starts from 0. */
  reportedPercent = 0;
  lastMessage = '';
  private attempt = 1;

  constructor(
    private readonly bar: vscode.Progress<{ message?: string; increment?: number }>,
    private readonly upload: ActiveUpload,
  ) {}

  stage(stage: UploadStage, attempt: number): void {
    const messages: Record<UploadStage, string> = {
      checking: 'Checking the file…',
      creating: 'Creating the upload container…',
      uploading: attempt > 1 ? 'Sending the file again…' : 'Sending…',
      confirming: 'Asking Linode what it received…',
      'cleaning-up': 'Deleting the upload container…',
    };
    this.attempt = Math.max(this.attempt, attempt);
    this.report(messages[stage]);
    this.upload.show(messages[stage]);
  }

  transferred(transfer: TransferProgress): void {
    const percent = Math.min(100, Math.floor(transfer.fraction * 100));
    const text = `${this.attempt > 1 ? 'Retry: ' : ''}${describeProgress(transfer)}`;
    this.report(text, Math.max(0, percent - this.reportedPercent));
    this.upload.show(text, transfer);
  }

  private report(message: string, increment = 0): void {
    this.lastMessage = message;
    this.reportedPercent += increment;
    this.bar.report(increment > 0 ? { message, increment } : { message });
  }
}

/**
 * The upload engine (node:http, node:https, node:tls, node:zlib and its own code) is loaded on the first
 * upload, not at activation, which it would slow for every user who never uploads.
 */
async function uploadEngine(): Promise<typeof ImageUploadModule & typeof ImageFileModule> {
  const [upload, file] = await Promise.all([import('../../core/upload/imageUpload.js'), import('../../core/upload/imageFile.js')]);
  return { ...file, ...upload };
}
