// "Upload to Linode Images…" on a *.img.gz file in the Explorer: the Upload Image command for that file.
import { l10n } from '../../core/l10n';
import type { CommandDefinition } from './command';
import { uploadFromUri } from './uploadImage';

export const uploadFileCommand: CommandDefinition = {
  id: 'uploadFile',
  get title() {
    return l10n.t('Upload Image');
  },
  // Errors read "Upload Image failed: …", as for the palette command: it is the same command, for one file.
  // VS Code passes (clicked file, selected files); the clicked one is uploaded.
  run: (services, ...args) => uploadFromUri(services, args[0]),
};
