// Which file to upload: the workspace's *.img.gz files (size and where), or any file through "Browse…".
// Uploads stream the file from disk, so only `file:` resources qualify: a virtual workspace's files (a GitHub
// repository opened without a clone, say) are not listed, and one handed to the command is refused with a warning.
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { l10n } from '../../core/l10n';
import { formatBytes } from '../../core/model/format';
import { MAX_COMPRESSED_BYTES } from '../../core/upload/limits';
import type { UserPrompts } from '../prompts';

interface FileItem extends vscode.QuickPickItem {
  uri?: vscode.Uri;
  browse?: true;
}

const MAX_LISTED = 500;

/** A label with a product icon in front: "$(file-zip) debian.img.gz". */
function withIcon(icon: string, text: string): string {
  return `$(${icon}) ${text}`;
}

/**
 * The file to upload: `target` (the Explorer's file) when it is on disk, otherwise the user's choice. A file that
 * is not on disk gets a warning that says why it cannot be sent, with Browse… for one that is.
 */
export async function chooseImageFile(prompts: UserPrompts, title: string, target: unknown): Promise<vscode.Uri | undefined> {
  let uri = target instanceof vscode.Uri ? target : await pickImageFile(prompts, title);
  while (uri && uri.scheme !== 'file') {
    const name = path.posix.basename(uri.path) || uri.toString(true);
    const browseButton = l10n.t('Browse…');
    const choice = await prompts.warning(
      l10n.t(
        'Cannot upload {0}: it is not a file on disk ({1}:, as in a virtual workspace), and uploads read the file from disk. Choose a file on disk, or copy it into a local folder first.',
        name,
        uri.scheme,
      ),
      browseButton,
    );
    uri = choice === browseButton ? await browse(prompts, title, true) : undefined;
  }
  return uri;
}

async function pickImageFile(prompts: UserPrompts, title: string): Promise<vscode.Uri | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const onDisk = folders.some((folder) => folder.uri.scheme === 'file');
  const found = onDisk
    ? (await vscode.workspace.findFiles('**/*.img.gz', '**/node_modules/**', MAX_LISTED)).filter((uri) => uri.scheme === 'file')
    : [];
  if (found.length === 0) return browse(prompts, title, folders.length > 0 && !onDisk);

  const items: FileItem[] = await Promise.all(
    found.map(async (uri): Promise<FileItem> => {
      const relative = vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
      const size = await vscode.workspace.fs.stat(uri).then((stat) => stat.size, () => undefined);
      const tooLarge = size !== undefined && size > MAX_COMPRESSED_BYTES;
      return {
        label: withIcon('file-zip', relative.split('/').pop() ?? relative),
        description: size === undefined ? l10n.t('cannot be read') : tooLarge ? l10n.t("{0} — over Linode's 5 GB limit", formatBytes(size)) : formatBytes(size),
        detail: relative,
        uri,
      };
    }),
  );
  items.sort((a, b) => (a.detail ?? '').localeCompare(b.detail ?? ''));
  const choice = await prompts.quickPick<FileItem>(
    [
      ...items,
      { label: '', kind: vscode.QuickPickItemKind.Separator },
      { label: withIcon('folder-opened', l10n.t('Browse…')), description: l10n.t('a file outside the workspace'), browse: true },
    ],
    {
      title: l10n.t('{0}: choose a gzip-compressed raw disk image', title),
      placeHolder: l10n.t('A .img.gz file from the workspace, or Browse…'),
      matchOnDetail: true,
      ignoreFocusOut: true,
    },
  );
  if (!choice) return undefined;
  return choice.browse ? browse(prompts, title) : choice.uri;
}

/**
 * The file picker. In a virtual workspace it says why the workspace's own files are not offered, and starts in the
 * home folder: left alone, VS Code would open it on the virtual workspace's file system.
 */
async function browse(prompts: UserPrompts, title: string, virtualWorkspace = false): Promise<vscode.Uri | undefined> {
  const picked = await prompts.openDialog({
    title: virtualWorkspace
      ? l10n.t('{0}: choose a gzip-compressed raw disk image (.img.gz) on disk (the workspace is virtual: its files cannot be uploaded)', title)
      : l10n.t('{0}: choose a gzip-compressed raw disk image (.img.gz)', title),
    ...(virtualWorkspace ? { defaultUri: vscode.Uri.file(os.homedir()) } : {}),
    openLabel: l10n.t('Upload'),
    canSelectFiles: true,
    canSelectFolders: false,
    canSelectMany: false,
    filters: { [l10n.t('Gzip-compressed disk images')]: ['gz'], [l10n.t('All files')]: ['*'] },
  });
  return picked?.[0];
}
