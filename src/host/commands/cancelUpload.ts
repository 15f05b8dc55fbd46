// "Cancel Upload…": from the status-bar item of a running upload (or the palette while one runs). The
// progress notification's own Cancel button needs no confirmation; this one asks, as a stray click on the
// status bar must not throw away an hour of uploading.
import type * as vscode from 'vscode';
import { l10n } from '../../core/l10n';
import { activeUploads, type ActiveUpload } from '../upload/activeUploads';
import type { CommandDefinition } from './command';

interface UploadItem extends vscode.QuickPickItem {
  upload: ActiveUpload;
}

export const cancelUploadCommand: CommandDefinition = {
  id: 'cancelUpload',
  get title() {
    return l10n.t('Cancel Upload');
  },
  async run(services, ...args) {
    const registry = activeUploads(services);
    const running = registry.list();
    let upload = typeof args[0] === 'number' ? registry.get(args[0]) : undefined;
    if (!upload) {
      if (running.length === 0) {
        void services.prompts.current.info(l10n.t('No upload is running.'));
        return;
      }
      if (running.length === 1) {
        upload = running[0];
      } else {
        const choice = await services.prompts.current.quickPick<UploadItem>(
          running.map((u) => ({
            label: u.fileName,
            description: l10n.t('"{0}" in {1}', u.label, u.region),
            detail: u.progress
              ? u.progress.phase === 'counting'
                ? l10n.t('measuring the compressed size: {0}%', Math.floor(u.progress.fraction * 100))
                : l10n.t('{0}% sent', Math.floor(u.progress.fraction * 100))
              : undefined,
            upload: u,
          })),
          { title: l10n.t('Cancel Upload'), placeHolder: l10n.t('Which upload?') },
        );
        upload = choice?.upload;
      }
    }
    if (!upload) return;
    // A raw image's first pass only reads the file: its percentage is of the measuring, not of anything sent.
    const counting = upload.progress?.phase === 'counting';
    const allSent = !counting && (upload.progress?.fraction ?? 0) >= 1;
    const container = !upload.imageId
      ? l10n.t('No image will be created.')
      : allSent
        ? l10n.t('If Linode already has the whole file, image {0} ("{1}") is kept; otherwise its upload container is deleted.', upload.imageId, upload.label)
        : l10n.t('The upload container {0} ("{1}") will be deleted.', upload.imageId, upload.label);
    const detail = !upload.progress
      ? container
      : counting
        ? l10n.t('The raw image is being compressed to measure it ({0}%); nothing has been sent yet. {1}', Math.floor(upload.progress.fraction * 100), container)
        : l10n.t('{0}% has been sent. {1}', Math.floor(upload.progress.fraction * 100), container);
    const button = l10n.t('Cancel Upload');
    const answer = await services.prompts.current.confirm(l10n.t('Cancel the upload of {0}?', upload.fileName), detail, button);
    if (answer !== button) return;
    upload.cancel();
  },
};
