// Checks run on the file before any API call, so a file Linode would refuse never creates a container:
// readable, gzip (magic and method), within the compressed size limit, and not a foreign disk format.
import { constants as fsConstants, createReadStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { createGunzip } from 'node:zlib';
import { CancelledError } from '../api/errors';
import { detectForeignFormat, type ForeignFormat } from './diskFormat';
import { ImageFileError } from './errors';
import { HEAD_BYTES, MAX_COMPRESSED_BYTES } from './limits';

export interface ImageFileInfo {
  path: string;
  /** File name, for messages. */
  name: string;
  /** Compressed size in bytes (the upload's Content-Length). */
  size: number;
  /** Modification time when checked; a file changed since must be checked again. */
  mtimeMs: number;
}

export interface ImageFileCheckOptions {
  maxCompressedBytes?: number;
  signal?: AbortSignal;
}

/** The gzip method byte: 8 is deflate, the only method gzip defines. */
const DEFLATE = 8;
/** A gzip member is at least a 10-byte header, an empty deflate block and an 8-byte trailer. */
const MIN_GZIP_BYTES = 20;

export async function checkImageFile(filePath: string, options: ImageFileCheckOptions = {}): Promise<ImageFileInfo> {
  const name = path.basename(filePath);
  const maxCompressedBytes = options.maxCompressedBytes ?? MAX_COMPRESSED_BYTES;
  let handle: fs.FileHandle;
  try {
    await fs.access(filePath, fsConstants.R_OK);
    handle = await fs.open(filePath, 'r');
  } catch (error) {
    throw new ImageFileError('unreadable', `${name} cannot be read: ${fileErrorReason(error)}.`, { cause: error });
  }
  let head: Buffer;
  let info: ImageFileInfo;
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new ImageFileError('unreadable', `${name} is not a file.`);
    if (stat.size === 0) throw new ImageFileError('empty', `${name} is empty.`);
    if (stat.size > maxCompressedBytes) {
      throw new ImageFileError(
        'tooLarge',
        `${name} is ${describeSize(stat.size)}; Linode accepts at most ${describeSize(maxCompressedBytes)} compressed. ` +
          'Shrink the disk (fewer, smaller partitions; zero free space before compressing) and try again.',
      );
    }
    info = { path: filePath, name, size: stat.size, mtimeMs: stat.mtimeMs };
    head = Buffer.alloc(Math.min(HEAD_BYTES, stat.size));
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    head = head.subarray(0, bytesRead);
  } catch (error) {
    if (error instanceof ImageFileError) throw error;
    throw new ImageFileError('unreadable', `${name} cannot be read: ${fileErrorReason(error)}.`, { cause: error });
  } finally {
    await handle.close();
  }

  checkGzipHeader(name, head);
  if (info.size < MIN_GZIP_BYTES) throw new ImageFileError('corrupt', `${name} is too short (${info.size} bytes) to be a gzip-compressed image.`);
  const decompressed = await decompressHead(filePath, name, options.signal);
  if (decompressed.length === 0) throw new ImageFileError('empty', `${name} decompresses to nothing.`);
  const foreign = detectForeignFormat(decompressed);
  if (foreign) throw foreignFormatError(name, foreign);
  return info;
}

export function foreignFormatError(name: string, format: ForeignFormat): ImageFileError {
  return new ImageFileError('wrongFormat', `${name} holds ${format.description}; Linode needs a raw disk image, gzip-compressed. ${format.advice}`);
}

/** Gzip magic 1f 8b and method 8 (deflate); otherwise says what the file looks like. */
function checkGzipHeader(name: string, head: Buffer): void {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) {
    if (head.length < 3 || head[2] !== DEFLATE) {
      throw new ImageFileError('notGzip', `${name} has a gzip signature but an unknown compression method (${head[2] ?? 'none'}); recompress it with gzip.`);
    }
    return;
  }
  const other = otherCompression(head);
  if (other) {
    throw new ImageFileError('notGzip', `${name} is ${other.what}, not gzip. Linode needs gzip: ${other.fix}`);
  }
  const foreign = detectForeignFormat(head);
  if (foreign) {
    throw new ImageFileError('notGzip', `${name} is not gzip-compressed: it is ${foreign.description}. ${foreign.advice}`);
  }
  const signature = [...head.subarray(0, 2)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  throw new ImageFileError(
    'notGzip',
    `${name} is not a gzip file (it starts with ${signature || 'nothing'}, not 1f 8b). If it is a raw disk image, compress it: gzip disk.img`,
  );
}

function otherCompression(head: Buffer): { what: string; fix: string } | undefined {
  const starts = (...bytes: number[]): boolean => bytes.every((b, i) => head[i] === b);
  if (starts(0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00)) return { what: 'xz-compressed', fix: 'xz -d disk.img.xz && gzip disk.img' };
  if (starts(0x42, 0x5a, 0x68)) return { what: 'bzip2-compressed', fix: 'bunzip2 disk.img.bz2 && gzip disk.img' };
  if (starts(0x28, 0xb5, 0x2f, 0xfd)) return { what: 'zstd-compressed', fix: 'zstd -d disk.img.zst && gzip disk.img' };
  if (starts(0x50, 0x4b, 0x03, 0x04)) return { what: 'a zip archive', fix: 'unzip it and gzip the raw disk image: gzip disk.img' };
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
    gunzip.on('error', (error) => finish(new ImageFileError('corrupt', `${name} is damaged: its gzip data cannot be read (${error.message}).`, { cause: error })));
    input.on('error', (error) => finish(new ImageFileError('unreadable', `${name} cannot be read: ${fileErrorReason(error)}.`, { cause: error })));
    input.pipe(gunzip);
  });
}

/** "5.5 GiB (5,905,580,032 bytes)". */
export function describeSize(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const short = unit === 0 ? `${bytes} bytes` : `${Number.isInteger(value) ? value : value.toFixed(1)} ${units[unit]}`;
  return unit === 0 ? short : `${short} (${bytes.toLocaleString('en-US')} bytes)`;
}

function fileErrorReason(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  switch (code) {
    case 'ENOENT':
      return 'it does not exist';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a folder';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
