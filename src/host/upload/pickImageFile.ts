// Which file to upload: the workspace's *.img.gz files (size and where), or any file through "Browse…".
import * as vscode from 'vscode';
import { formatBytes } from '../../core/model/format';
import { MAX_COMPRESSED_BYTES } from '../../core/upload/limits';
import type { UserPrompts } from '../prompts';

interface FileItem extends vscode.QuickPickItem {
  uri?: vscode.Uri;
  browse?: true;
}

const MAX_LISTED = 500;

export async function pickImageFile(prompts: UserPrompts, title: string): Promise<vscode.Uri | undefined> {
  const found = vscode.workspace.workspaceFolders?.length
    ? await vscode.workspace.findFiles('**/*.img.gz', '**/node_modules/**', MAX_LISTED)
    : [];
  if (found.length === 0) return browse(prompts, title);

  const items: FileItem[] = await Promise.all(
    found.map(async (uri): Promise<FileItem> => {
      const relative = vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
      const size = await vscode.workspace.fs.stat(uri).then((stat) => stat.size, () => undefined);
      const tooLarge = size !== undefined && size > MAX_COMPRESSED_BYTES;
      return {
        label: `$(file-zip) ${relative.split('/').pop() ?? relative}`,
        description: size === undefined ? 'cannot be read' : `${formatBytes(size)}${tooLarge ? ' — over Linode\'s 5 GiB limit' : ''}`,
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
      { label: '$(folder-opened) Browse…', description: 'a file outside the workspace', browse: true },
    ],
    { title: `${title}: choose a gzip-compressed raw disk image`, placeHolder: 'A .img.gz file from the workspace, or Browse…', matchOnDetail: true, ignoreFocusOut: true },
  );
  if (!choice) return undefined;
  return choice.browse ? browse(prompts, title) : choice.uri;
}

async function browse(prompts: UserPrompts, title: string): Promise<vscode.Uri | undefined> {
  const picked = await prompts.openDialog({
    title: `${title}: choose a gzip-compressed raw disk image (.img.gz)`,
    openLabel: 'Upload',
    canSelectFiles: true,
    canSelectFolders: false,
    canSelectMany: false,
    filters: { 'Gzip-compressed disk images': ['gz'], 'All files': ['*'] },
  });
  return picked?.[0];
}
