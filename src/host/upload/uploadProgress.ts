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

/** Turns the engine's events into the notification's increments and text, and the status-bar item's. */
class UploadProgress {
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
      checking: l10n.t('Checking the file…'),
      counting: l10n.t('Compressing the raw image to measure it…'),
      creating: l10n.t('Creating the upload container…'),
      uploading: attempt > 1 ? l10n.t('Sending the file again…') : l10n.t('Sending…'),
      confirming: l10n.t('Asking Linode what it received…'),
      'cleaning-up': l10n.t('Deleting the upload container…'),
    };
    this.attempt = Math.max(this.attempt, attempt);
    this.report(messages[stage]);
    this.upload.show(messages[stage]);
  }

  transferred(transfer: TransferProgress): void {
    const percent = Math.min(100, Math.floor(transfer.fraction * 100));
    const text = this.attempt > 1 ? l10n.t('Retry: {0}', describeProgress(transfer)) : describeProgress(transfer);
    this.report(text, Math.max(0, percent - this.reportedPercent));
    this.upload.show(text, transfer);
  }

  private report(message: string, increment = 0): void {
    this.lastMessage = message;
    this.reportedPercent += increment;
    this.bar.report(increment > 0 ? { message, increment } : { message });
  }
}
