// Which file to upload: the workspace's *.img.gz files (size and where) as the Upload flow's first step, or any file
// through "Browse…".
// Uploads stream the file from disk, so only `file:` resources qualify: a virtual workspace's files (a GitHub
// repository opened without a clone, say) are not listed, and one handed to the command is refused with a warning.
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { l10n } from '../../core/l10n';
import { formatBytes } from '../../core/model/format';
import { MAX_COMPRESSED_BYTES, MAX_DECOMPRESSED_BYTES } from '../../core/upload/limits';
import { BACK, type FlowStep } from '../multiStepInput';
import type { UserPrompts } from '../prompts';

interface FileItem extends vscode.QuickPickItem {
  uri?: vscode.Uri;
  browse?: true;
}

/** What the Upload flow starts from: the file itself, or the workspace's image files for its first step to offer. */
export type FileStart = { file: vscode.Uri } | { listed: FileItem[] };

/** The file answer of the Upload flow's first step. */
export interface FileAnswers {
  file?: vscode.Uri;
  /** Browse… gave the file (so Back shows Browse… chosen). */
  browsed?: boolean;
}

const MAX_LISTED = 500;

/** A label with a product icon in front: "$(file-zip) debian.img.gz". */
function withIcon(icon: string, text: string): string {
  return `$(${icon}) ${text}`;
}

/**
 * `target` (the Explorer's file) when it is on disk; without one, the workspace's *.img.gz files for the flow's first
 * step, or the file picker's choice when the workspace has none. A file that is not on disk gets a warning that says
 * why it cannot be sent, with Browse… for one that is.
 */
export async function startingFile(prompts: UserPrompts, title: string, target: unknown): Promise<FileStart | undefined> {
  if (target instanceof vscode.Uri) {
    const file = await onDiskOrBrowse(prompts, title, target);
    return file && { file };
  }
  const folders = vscode.workspace.workspaceFolders ?? [];
  const onDisk = folders.some((folder) => folder.uri.scheme === 'file');
  const listed = onDisk ? await workspaceImageFiles() : [];
  if (listed.length > 0) return { listed };
  const browsed = await browse(prompts, title, folders.length > 0 && !onDisk);
  const file = browsed && (await onDiskOrBrowse(prompts, title, browsed));
  return file && { file };
}

/** `uri` while it is on disk; otherwise a warning that says why it cannot be sent, with Browse… for another file. */
async function onDiskOrBrowse(prompts: UserPrompts, title: string, target: vscode.Uri): Promise<vscode.Uri | undefined> {
  let uri: vscode.Uri | undefined = target;
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

/** Names of the files offered: gzip-compressed images, and raw ones (compressed on the way). */
export const IMAGE_FILE_NAME = /\.(img\.gz|img|raw)$/i;

/** The workspace's *.img.gz, *.img and *.raw files on disk (size and where), sorted by path. */
async function workspaceImageFiles(): Promise<FileItem[]> {
  const found = (await vscode.workspace.findFiles('**/*.{img.gz,img,raw}', '**/node_modules/**', MAX_LISTED)).filter((uri) => uri.scheme === 'file');
  const items: FileItem[] = await Promise.all(
    found.map(async (uri): Promise<FileItem> => {
      const relative = vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
      const size = await vscode.workspace.fs.stat(uri).then((stat) => stat.size, () => undefined);
      const raw = !/\.gz$/i.test(uri.path);
      const limit = raw ? MAX_DECOMPRESSED_BYTES : MAX_COMPRESSED_BYTES;
      const tooLarge = size !== undefined && size > limit;
      const sized = size === undefined ? l10n.t('cannot be read') : tooLarge ? l10n.t("{0} — over Linode's {1} limit", formatBytes(size), formatBytes(limit)) : formatBytes(size);
      return {
        label: withIcon(raw ? 'file-binary' : 'file-zip', relative.split('/').pop() ?? relative),
        description: raw ? l10n.t('{0} · raw, compressed on the way', sized) : sized,
        detail: relative,
        uri,
      };
    }),
  );
  return items.sort((a, b) => (a.detail ?? '').localeCompare(b.detail ?? ''));
}

/**
 * The flow's first step: one of the `listed` files, or Browse… for any other. The file is checked (`check` throws
 * for one Linode would refuse) before the flow goes on; a picker closed without a file shows the step again.
 */
export function imageFileStep<A extends FileAnswers>(prompts: UserPrompts, title: string, listed: readonly FileItem[], check: (file: vscode.Uri) => Promise<void>): FlowStep<A> {
  const items: FileItem[] = [
    ...listed,
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    { label: withIcon('folder-opened', l10n.t('Browse…')), description: l10n.t('a file outside the workspace'), browse: true },
  ];
  return {
    ask: async (answers, place) => {
      const choice = await prompts.pickStep<FileItem>({
        ...place,
        title: l10n.t('{0}: choose a gzip-compressed raw disk image', title),
        placeholder: l10n.t('A .img.gz file from the workspace (or a raw .img or .raw, compressed on the way), or Browse…'),
        items,
        preselect: (item) => (answers.browsed ? item.browse === true : answers.file !== undefined && item.uri?.toString() === answers.file.toString()),
        matchOnDetail: true,
      });
      if (choice === undefined || choice === BACK) return choice;
      const browsed = choice.browse ? await browse(prompts, title) : undefined;
      const file = choice.browse ? browsed && (await onDiskOrBrowse(prompts, title, browsed)) : choice.uri;
      if (!file) return 'again';
      await check(file);
      answers.file = file;
      answers.browsed = choice.browse === true;
      return 'next';
    },
  };
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
    filters: { [l10n.t('Disk images (gzip-compressed or raw)')]: ['gz', 'img', 'raw'], [l10n.t('All files')]: ['*'] },
  });
  return picked?.[0];
}
