// "Cancel Upload…": from the status-bar item of a running upload (or the palette while one runs). The
// progress notification's own Cancel button needs no confirmation; this one asks, as a stray click on the
// status bar must not throw away an hour of uploading.
import type * as vscode from 'vscode';
import { activeUploads, type ActiveUpload } from '../upload/activeUploads';
import type { CommandDefinition } from './command';

interface UploadItem extends vscode.QuickPickItem {
  upload: ActiveUpload;
}

export const CANCEL_UPLOAD_ACTION = 'Cancel Upload';

export const cancelUploadCommand: CommandDefinition = {
  id: 'cancelUpload',
  title: 'Cancel Upload',
  async run(services, ...args) {
    const registry = activeUploads(services);
    const running = registry.list();
    let upload = typeof args[0] === 'number' ? registry.get(args[0]) : undefined;
    if (!upload) {
      if (running.length === 0) {
        void services.prompts.current.info('No upload is running.');
        return;
      }
      if (running.length === 1) {
        upload = running[0];
      } else {
        const choice = await services.prompts.current.quickPick<UploadItem>(
          running.map((u) => ({ label: u.fileName, description: `"${u.label}" in ${u.region}`, detail: u.progress ? `${Math.floor(u.progress.fraction * 100)}% sent` : undefined, upload: u })),
          { title: 'Cancel Upload', placeHolder: 'Which upload?' },
        );
        upload = choice?.upload;
      }
    }
    if (!upload) return;
    const sent = upload.progress ? `${Math.floor(upload.progress.fraction * 100)}% has been sent. ` : '';
    const allSent = (upload.progress?.fraction ?? 0) >= 1;
    const container = !upload.imageId
      ? 'No image will be created.'
      : allSent
        ? `If Linode already has the whole file, image ${upload.imageId} ("${upload.label}") is kept; otherwise its upload container is deleted.`
        : `The upload container ${upload.imageId} ("${upload.label}") will be deleted.`;
    const answer = await services.prompts.current.confirm(`Cancel the upload of ${upload.fileName}?`, `${sent}${container}`, CANCEL_UPLOAD_ACTION);
    if (answer !== CANCEL_UPLOAD_ACTION) return;
    upload.cancel();
  },
};
