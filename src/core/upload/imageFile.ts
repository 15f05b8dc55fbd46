// Checks run on the file before any API call, so a file Linode would refuse never creates a container:
// readable, and either gzip (magic and method, within the compressed size limit, not a foreign disk format once
// decompressed) or a raw disk image (within the uncompressed size limit, not a foreign format), which the upload
// compresses on the way (rawImage.ts).
import { constants as fsConstants, createReadStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { createGunzip } from 'node:zlib';
import { CancelledError, messageOf } from '../api/errors';
import { l10n } from '../l10n';
import { detectForeignFormat, detectVhdFooter, looksLikeRawDisk, type ForeignFormat } from './diskFormat';
import { ImageFileError } from './errors';
import { HEAD_BYTES, MAX_COMPRESSED_BYTES, MAX_DECOMPRESSED_BYTES } from './limits';

/** `gzip`: sent as it is. `raw`: an uncompressed disk image, compressed while it is sent. */
export type ImageFileFormat = 'gzip' | 'raw';

export interface ImageFileInfo {
  path: string;
  /** File name, for messages. */
  name: string;
  /** Size in bytes: the upload's Content-Length for gzip, the uncompressed size for raw. */
  size: number;
  /** Modification time when checked; a file changed since must be checked again. */
  mtimeMs: number;
  format: ImageFileFormat;
}

export interface ImageFileCheckOptions {
  maxCompressedBytes?: number;
  /** Largest raw image accepted (Linode's uncompressed limit). */
  maxRawBytes?: number;
  signal?: AbortSignal;
}

/** The gzip method byte: 8 is deflate, the only method gzip defines. */
const DEFLATE = 8;
/** A gzip member is at least a 10-byte header, an empty deflate block and an 8-byte trailer. */
const MIN_GZIP_BYTES = 20;
/** Names taken for raw disk images whatever their first bytes. */
const RAW_NAME = /\.(img|raw)$/i;
/** Names that say the file is compressed: never taken for raw, whatever the data looks like. */
const COMPRESSED_NAME = /\.(gz|tgz|xz|txz|bz2|tbz2?|zst|zip|7z|lz4|lzma|z)$/i;
const VHD_FOOTER_BYTES = 512;

export async function checkImageFile(filePath: string, options: ImageFileCheckOptions = {}): Promise<ImageFileInfo> {
  const name = path.basename(filePath);
  const maxCompressedBytes = options.maxCompressedBytes ?? MAX_COMPRESSED_BYTES;
  let handle: fs.FileHandle;
  try {
    await fs.access(filePath, fsConstants.R_OK);
    handle = await fs.open(filePath, 'r');
  } catch (error) {
    throw unreadable(name, error);
  }
  let head: Buffer;
  let tail: Buffer | undefined;
  let info: ImageFileInfo;
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new ImageFileError('unreadable', l10n.t('{0} is not a file.', name));
    if (stat.size === 0) throw new ImageFileError('empty', l10n.t('{0} is empty.', name));
    info = { path: filePath, name, size: stat.size, mtimeMs: stat.mtimeMs, format: 'gzip' };
    head = Buffer.alloc(Math.min(HEAD_BYTES, stat.size));
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    head = head.subarray(0, bytesRead);
    if (isRawImage(name, head)) {
      info.format = 'raw';
      checkRawSize(name, stat.size, options.maxRawBytes ?? MAX_DECOMPRESSED_BYTES);
      // A fixed-size VHD is raw data with a footer: its signature is in the last 512 bytes.
      tail = Buffer.alloc(Math.min(VHD_FOOTER_BYTES, stat.size));
      await handle.read(tail, 0, tail.length, stat.size - tail.length);
    } else if (stat.size > maxCompressedBytes) {
      throw new ImageFileError(
        'tooLarge',
        l10n.t(
          '{0} is {1}; Linode accepts at most {2} compressed. Shrink the disk (fewer, smaller partitions; zero free space before compressing) and try again.',
          name,
          describeSize(stat.size),
          describeSize(maxCompressedBytes),
        ),
      );
    }
  } catch (error) {
    if (error instanceof ImageFileError) throw error;
    throw unreadable(name, error);
  } finally {
    await handle.close();
  }

  if (info.format === 'raw') {
    const footer = tail && detectVhdFooter(tail);
    if (footer) throw foreignFormatError(name, footer);
    return info;
  }
  checkGzipHeader(name, head);
  if (info.size < MIN_GZIP_BYTES) {
    throw new ImageFileError('corrupt', l10n.t('{0} is too short ({1} bytes) to be a gzip-compressed image.', name, info.size));
  }
  const decompressed = await decompressHead(filePath, name, options.signal);
  if (decompressed.length === 0) throw new ImageFileError('empty', l10n.t('{0} decompresses to nothing.', name));
  const foreign = detectForeignFormat(decompressed);
  if (foreign) throw foreignFormatError(name, foreign);
  return info;
}

/**
 * An uncompressed raw disk image: no gzip, no other compression, no other disk format at the start, and either
 * named so (`.img`, `.raw`) or starting like a disk (partition table, filesystem) under a name that does not
 * say it is compressed (`disk.img.gz` that is not gzip is a mistake to report, not a raw image to send).
 */
function isRawImage(name: string, head: Buffer): boolean {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return false;
  if (otherCompression(head, name) !== undefined || detectForeignFormat(head) !== undefined) return false;
  if (RAW_NAME.test(name)) return true;
  return !COMPRESSED_NAME.test(name) && looksLikeRawDisk(head);
}

/** Checked before anything is read or sent: a raw image larger than Linode takes uncompressed is refused at once. */
function checkRawSize(name: string, size: number, maxRawBytes: number): void {
  if (size <= maxRawBytes) return;
  throw new ImageFileError(
    'tooLarge',
    l10n.t(
      '{0} is {1} uncompressed; Linode accepts at most {2} bytes ({3} GB) for an uncompressed image. Shrink the disk (fewer, smaller partitions) and try again.',
      name,
      describeSize(size),
      maxRawBytes.toLocaleString('en-US'),
      (maxRawBytes / 1e9).toLocaleString('en-US'),
    ),
  );
}

export function foreignFormatError(name: string, format: ForeignFormat): ImageFileError {
  return new ImageFileError('wrongFormat', l10n.t('{0} holds {1}; Linode needs a raw disk image, gzip-compressed. {2}', name, format.description, format.advice));
}

/** "disk.img.gz cannot be read: permission denied." */
function unreadable(name: string, error: unknown): ImageFileError {
  return new ImageFileError('unreadable', l10n.t('{0} cannot be read: {1}.', name, fileErrorReason(error)), { cause: error });
}

/** Gzip magic 1f 8b and method 8 (deflate); otherwise says what the file looks like. */
function checkGzipHeader(name: string, head: Buffer): void {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) {
    if (head.length < 3) {
      throw new ImageFileError('notGzip', l10n.t('{0} has a gzip signature but an unknown compression method (none); recompress it with gzip.', name));
    }
    if (head[2] !== DEFLATE) {
      throw new ImageFileError('notGzip', l10n.t('{0} has a gzip signature but an unknown compression method ({1}); recompress it with gzip.', name, head[2]));
    }
    return;
  }
  const other = otherCompression(head, name);
  if (other) throw new ImageFileError('notGzip', other);
  const foreign = detectForeignFormat(head);
  if (foreign) {
    throw new ImageFileError('notGzip', l10n.t('{0} is not gzip-compressed: it is {1}. {2}', name, foreign.description, foreign.advice));
  }
  const signature = [...head.subarray(0, 2)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  throw new ImageFileError(
    'notGzip',
    signature
      ? l10n.t('{0} is not a gzip file (it starts with {1}, not 1f 8b). If it is a raw disk image, compress it: {2}', name, signature, 'gzip disk.img')
      : l10n.t('{0} is not a gzip file (it starts with nothing, not 1f 8b). If it is a raw disk image, compress it: {1}', name, 'gzip disk.img'),
  );
}

/** The message for a file compressed with something other than gzip (the commands are not translated), or undefined. */
function otherCompression(head: Buffer, name: string): string | undefined {
  const starts = (...bytes: number[]): boolean => bytes.every((b, i) => head[i] === b);
  if (starts(0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00)) {
    return l10n.t('{0} is xz-compressed, not gzip. Linode needs gzip: {1}', name, 'xz -d disk.img.xz && gzip disk.img');
  }
  if (starts(0x42, 0x5a, 0x68)) return l10n.t('{0} is bzip2-compressed, not gzip. Linode needs gzip: {1}', name, 'bunzip2 disk.img.bz2 && gzip disk.img');
  if (starts(0x28, 0xb5, 0x2f, 0xfd)) return l10n.t('{0} is zstd-compressed, not gzip. Linode needs gzip: {1}', name, 'zstd -d disk.img.zst && gzip disk.img');
  if (starts(0x50, 0x4b, 0x03, 0x04)) {
    return l10n.t('{0} is a zip archive, not gzip. Linode needs gzip: unzip it and gzip the raw disk image: {1}', name, 'gzip disk.img');
  }
  return undefined;
}

/** Decompresses only until HEAD_BYTES are out; a damaged start is reported as such. */
function decompressHead(filePath: string, name: string, signal: AbortSignal | undefined): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new CancelledError());
    const input = createReadStream(filePath, { highWaterMark: 64 * 1024 });
    const gunzip = createGunzip();
    const out: Buffer[] = [];
    let length = 0;
    let settled = false;
    const finish = (error?: Error): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      input.destroy();
      gunzip.destroy();
      if (error) reject(error);
      else resolve(Buffer.concat(out).subarray(0, HEAD_BYTES));
    };
    const onAbort = (): void => finish(new CancelledError());
    signal?.addEventListener('abort', onAbort, { once: true });
    gunzip.on('data', (chunk: Buffer) => {
      out.push(chunk);
      length += chunk.length;
      if (length >= HEAD_BYTES) finish();
    });
    gunzip.on('end', () => finish());
    gunzip.on('error', (error) => finish(new ImageFileError('corrupt', l10n.t('{0} is damaged: its gzip data cannot be read ({1}).', name, error.message), { cause: error })));
    input.on('error', (error) => finish(unreadable(name, error)));
    input.pipe(gunzip);
  });
}

/** "5.5 GB (5,905,580,032 bytes)": GB of 1024³ bytes, as Cloud Manager and the image list show sizes. */
export function describeSize(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  if (unit === 0) return l10n.t('{0} bytes', bytes);
  return l10n.t('{0} {1} ({2} bytes)', Number.isInteger(value) ? value : value.toFixed(1), units[unit], bytes.toLocaleString('en-US'));
}

function fileErrorReason(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  switch (code) {
    case 'ENOENT':
      return l10n.t('it does not exist');
    case 'EACCES':
    case 'EPERM':
      return l10n.t('permission denied');
    case 'EISDIR':
      return l10n.t('it is a folder');
    default:
      return messageOf(error);
  }
}
