// "Upload to Linode Images…" on a *.img.gz file in the Explorer: the Upload Image command for that file.
import type { CommandDefinition } from './command';
import { uploadFromUri } from './uploadImage';

export const uploadFileCommand: CommandDefinition = {
  id: 'uploadFile',
  title: 'Upload Image',
  // VS Code passes (clicked file, selected files); the clicked one is uploaded.
  run: (services, ...args) => uploadFromUri(services, args[0]),
};
