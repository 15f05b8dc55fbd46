// Decompresses the bytes being uploaded, alongside the transfer, to catch what the pre-flight check cannot:
// damage anywhere in the stream (including the CRC in the trailer), an image larger than Linode accepts
// once decompressed, and a fixed-size VHD, whose signature is in its last 512 bytes.
//
// zlib works on the thread pool. The transfer hands the check the very chunks it sends; should the check
// fall behind (only on links faster than zlib, such as loopback), the transfer stops feeding it and the check
// reads the rest of the file on its own, so it is never on the transfer's critical path and memory stays
// bounded either way. zlib writes its output into one reused buffer (see inflater.ts), so the gigabytes an image
// expands to do not pile up as garbage.
import { promises as fs } from 'node:fs';
import { l10n } from '../l10n';
import { detectForeignFormat, detectVhdFooter } from './diskFormat';
import { UploadTransferError } from './errors';
import { describeSize, foreignFormatError } from './imageFile';
import { createInflater, type Inflater } from './inflater';
import { HEAD_BYTES, MAX_DECOMPRESSED_BYTES } from './limits';

export interface GzipCheckOptions {
  /** For messages. */
  name: string;
  maxDecompressedBytes?: number;
  /** Called once, as soon as the data is found wrong. */
  onFailure: (error: UploadTransferError) => void;
}

const FOOTER_BYTES = 512;
/** The reused output buffer: fewer, larger rounds through the thread pool for the gigabytes an image expands to. */
const OUTPUT_CHUNK = 1024 * 1024;
const READ_CHUNK = 1024 * 1024;

export class GzipStreamCheck {
  private readonly inflater: Inflater;
  /** Writes to zlib, in order, one at a time. */
  private queue: Promise<void> = Promise.resolve();
  private readonly maxDecompressedBytes: number;
  private decompressed = 0;
  private fed = 0;
  private pending = 0;
  private head: Buffer[] = [];
  private headLength = 0;
  private tail = Buffer.alloc(0);
  private failure: UploadTransferError | undefined;
  private passed = false;
  private destroyed = false;
  private reading: { path: string; endOffset: number; started: boolean } | undefined;
  private readonly done: Promise<void>;
  private readonly settle: { resolve: () => void; reject: (error: UploadTransferError) => void };

  constructor(private readonly options: GzipCheckOptions) {
    this.maxDecompressedBytes = options.maxDecompressedBytes ?? MAX_DECOMPRESSED_BYTES;
    this.inflater = createInflater(OUTPUT_CHUNK, (chunk) => this.inspect(chunk));
    let settle: { resolve: () => void; reject: (error: UploadTransferError) => void } | undefined;
    this.done = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
    this.settle = settle as NonNullable<typeof settle>;
    // Failures reach the transfer through onFailure; an unobserved rejection here is not an error.
    this.done.catch(() => undefined);
  }

  get decompressedBytes(): number {
    return this.decompressed;
  }

  /** Compressed bytes checked so far. */
  get checkedBytes(): number {
    return this.inflater.bytesConsumed;
  }

  /** Compressed bytes handed over but not yet decompressed. */
  get pendingBytes(): number {
    return this.pending;
  }

  get isReadingFile(): boolean {
    return this.reading !== undefined;
  }

  get hasPassed(): boolean {
    return this.passed;
  }

  /** A chunk the transfer sends; `release` is called once the check no longer needs the buffer. */
  write(chunk: Buffer, release: () => void): void {
    if (this.failure || this.reading) {
      release();
      return;
    }
    this.fed += chunk.length;
    this.pending += chunk.length;
    void this.decompress(chunk, false).then(() => {
      this.pending -= chunk.length;
      release();
    });
  }

  /**
   * From now on the check reads the file itself, from where the transfer's chunks stopped to `endOffset`:
   * at once, or (`later`) when `resumeReading` is called.
   */
  readRestOfFile(path: string, endOffset: number, later = false): void {
    if (this.failure || this.reading) return;
    this.reading = { path, endOffset, started: false };
    if (!later) this.resumeReading();
  }

  /** Starts the reading `readRestOfFile(…, later)` put off. */
  resumeReading(): void {
    const reading = this.reading;
    if (!reading || reading.started || this.failure) return;
    reading.started = true;
    this.readFrom(reading.path, this.fed, reading.endOffset).catch((error: unknown) =>
      this.fail(new UploadTransferError('file', l10n.t('{0} could not be read for the check: {1}.', this.options.name, (error as Error).message), false, { cause: error })),
    );
  }

  /** Two reused buffers: no allocation per chunk, so memory stays flat however long the file. */
  private async readFrom(path: string, start: number, end: number): Promise<void> {
    const file = await fs.open(path, 'r');
    try {
      const buffers = [Buffer.allocUnsafeSlow(READ_CHUNK), Buffer.allocUnsafeSlow(READ_CHUNK)];
      let consumed: Promise<void> = Promise.resolve();
      for (let offset = start, turn = 0; offset < end && !this.failure; turn++) {
        const buffer = buffers[turn % 2];
        const { bytesRead } = await file.read(buffer, 0, Math.min(READ_CHUNK, end - offset), offset);
        if (bytesRead === 0) break;
        offset += bytesRead;
        // The other buffer may still be in zlib's hands; wait for it before this one is written over next turn.
        await consumed;
        if (this.failure) break;
        consumed = this.decompress(buffer.subarray(0, bytesRead), false);
      }
      await consumed;
    } finally {
      await file.close();
    }
    if (!this.failure) void this.decompress(Buffer.alloc(0), true);
  }

  /** The last bytes (none when the check reads the file itself); resolves once everything is checked. */
  finish(lastChunk?: Buffer): Promise<void> {
    if (!this.failure && !this.reading) void this.decompress(lastChunk ?? Buffer.alloc(0), true);
    return this.done;
  }

  /** Settles with the verdict (rejects with the reason the data is wrong). */
  verdict(): Promise<void> {
    return this.done;
  }

  destroy(): void {
    this.destroyed = true;
    this.inflater.close();
  }

  /** Queues bytes for zlib (`last` ends the stream); resolves once they are checked, or the check has failed. */
  private decompress(input: Buffer, last: boolean): Promise<void> {
    const step = this.queue.then(async () => {
      if (this.failure || this.destroyed) return;
      try {
        await this.inflater.write(input, last);
      } catch (error) {
        this.fail(
          contentFailure(
            l10n.t(
              '{0} is damaged: its gzip data is invalid within the first {1} ({2}). Compress the raw image again ({3}) and check it with {4}.',
              this.options.name,
              describeSize(Math.max(1, this.inflater.bytesConsumed)),
              (error as Error).message,
              'gzip disk.img',
              'gzip -t',
            ),
            error,
          ),
        );
        return;
      }
      // A closed inflater stops mid-stream: only a stream decompressed to its end gets the end's checks.
      if (last && !this.failure && !this.destroyed) this.ended();
    });
    this.queue = step;
    return step;
  }

  /** The whole stream is decompressed: the checks that need its end. */
  private ended(): void {
    if (this.headLength < HEAD_BYTES) this.checkHead();
    const footer = detectVhdFooter(this.tail);
    if (footer) this.fail(contentFailure(foreignFormatError(this.options.name, footer).message));
    else if (this.decompressed === 0) this.fail(contentFailure(l10n.t('{0} decompresses to nothing.', this.options.name)));
    if (!this.failure) {
      this.passed = true;
      this.settle.resolve();
    }
  }

  private inspect(chunk: Buffer): void {
    if (this.failure) return;
    this.decompressed += chunk.length;
    if (this.decompressed > this.maxDecompressedBytes) {
      this.fail(
        contentFailure(
          l10n.t(
            '{0} expands to more than {1} bytes ({2} GB), more than Linode accepts for an uncompressed image. Shrink the disk and try again.',
            this.options.name,
            this.maxDecompressedBytes.toLocaleString('en-US'),
            (this.maxDecompressedBytes / 1e9).toLocaleString('en-US'),
          ),
        ),
      );
      return;
    }
    if (this.headLength < HEAD_BYTES) {
      this.head.push(Buffer.from(chunk.subarray(0, HEAD_BYTES - this.headLength)));
      this.headLength += Math.min(chunk.length, HEAD_BYTES - this.headLength);
      if (this.headLength >= HEAD_BYTES) this.checkHead();
    }
    // Keep only a copy of the last 512 bytes, so the big chunk can be freed.
    this.tail = chunk.length >= FOOTER_BYTES
      ? Buffer.from(chunk.subarray(chunk.length - FOOTER_BYTES))
      : Buffer.concat([this.tail, chunk]).subarray(-FOOTER_BYTES);
  }

  private checkHead(): void {
    const head = Buffer.concat(this.head);
    this.head = [];
    const foreign = detectForeignFormat(head);
    if (foreign) this.fail(contentFailure(foreignFormatError(this.options.name, foreign).message));
  }

  private fail(error: UploadTransferError): void {
    if (this.failure) return;
    this.failure = error;
    this.inflater.close();
    this.settle.reject(error);
    this.options.onFailure(error);
  }
}

function contentFailure(message: string, cause?: unknown): UploadTransferError {
  return new UploadTransferError('content', message, false, { cause });
}
