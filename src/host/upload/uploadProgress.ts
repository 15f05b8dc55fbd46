// The progress an upload shows while it runs: a cancellable notification with a bar that never goes back,
// and the same words on the upload's status-bar item. Cancelling the notification cancels the upload.
import * as vscode from 'vscode';
import { l10n } from '../../core/l10n';
import type { UploadStage } from '../../core/upload/imageUpload';
import { describeProgress, type TransferProgress } from '../../core/upload/progress';
import type { ActiveUpload } from './activeUploads';

/** Runs `work` under the upload's progress notification; resolves to its result and what the notification showed last. */
export async function withUploadProgress<T>(
  fileName: string,
  region: string,
  upload: ActiveUpload,
  work: (progress: UploadProgress) => Promise<T>,
): Promise<{ result: T; progress: UploadProgress }> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: l10n.t('Uploading {0} to {1}', fileName, region), cancellable: true },
    async (bar, token) => {
      token.onCancellationRequested(() => upload.cancel());
      const progress = new UploadProgress(bar, upload);
      return { result: await work(progress), progress };
    },
  );
}

/**
 * Turns the engine's events into the notification's increments and text, and the status-bar item's. A raw image
 * goes through two passes (counting, then sending): the text's percentage starts again for each, with the pass in
 * the text, and the bar gives each pass half its length, so it never goes back.
 */
class UploadProgress {
  /** Sum of increments reported so far: the bar never goes back, even when a retry starts from 0. */
  reportedPercent = 0;
  lastMessage = '';
  private attempt = 1;
  /** The first text shown for each pass (a gzip image has one, a raw image two). */
  readonly passMessages: string[] = [];
  /** A raw image: its counting pass came first. */
  private twoPasses = false;
  private lastPhase: TransferProgress['phase'];

  constructor(
    private readonly bar: vscode.Progress<{ message?: string; increment?: number }>,
    private readonly upload: ActiveUpload,
  ) {}

  stage(stage: UploadStage, attempt: number): void {
    const messages: Record<UploadStage, string> = {
      checking: l10n.t('Checking the file…'),
      counting: l10n.t('Compressing the raw image to measure it…'),
      creating: l10n.t('Creating the upload container…'),
      uploading: attempt > 1 ? l10n.t('Sending the file again…') : l10n.t('Sending…'),
      confirming: l10n.t('Asking Linode what it received…'),
      'cleaning-up': l10n.t('Deleting the upload container…'),
    };
    if (stage === 'counting') this.twoPasses = true;
    this.attempt = Math.max(this.attempt, attempt);
    this.report(messages[stage]);
    this.upload.show(messages[stage]);
  }

  transferred(transfer: TransferProgress): void {
    const fraction = Math.min(1, transfer.fraction);
    const bar = !this.twoPasses ? fraction * 100 : transfer.phase === 'counting' ? fraction * 50 : 50 + fraction * 50;
    const percent = Math.min(100, Math.floor(bar));
    let text = describeProgress(transfer);
    if (this.twoPasses) {
      text = transfer.phase === 'counting' ? l10n.t('Pass 1 of 2: {0}', text) : l10n.t('Pass 2 of 2, sending the compressed image: {0}', text);
    }
    if (this.attempt > 1) text = l10n.t('Retry: {0}', text);
    if (transfer.phase !== this.lastPhase) {
      this.lastPhase = transfer.phase;
      this.passMessages.push(text);
    }
    this.report(text, Math.max(0, percent - this.reportedPercent));
    this.upload.show(text, transfer);
  }

  private report(message: string, increment = 0): void {
    this.lastMessage = message;
    this.reportedPercent += increment;
    this.bar.report(increment > 0 ? { message, increment } : { message });
  }
}
