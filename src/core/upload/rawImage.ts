// Raw disk images, compressed on the way, with no temporary copy. Linode's upload URL takes a single PUT with a
// known Content-Length, so the image is compressed twice: first only to count the bytes that makes (keeping
// SHA-256 checkpoints of them, nothing else), before any container exists at Linode; then again while it is
// sent. Both passes compress on every core (deflater.ts: blocks in parallel, one gzip member); same level,
// same block size: the same bytes, which the second pass checks against the checkpoints as they come. If they
// differ (the file changed between the passes), the body stops before its last piece, so the upload host never
// completes an object, and the engine deletes the container.
// Memory stays flat: a few block buffers for the compression and a small pool of send buffers, all reused.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { CancelledError } from '../api/errors';
import { l10n } from '../l10n';
import { BlockBuffers, ParallelGzip, type BlockReader } from './deflater';
import { ImageFileError, UploadTransferError } from './errors';
import { describeSize, type ImageFileInfo } from './imageFile';
import { DEFAULT_PROGRESS_INTERVAL_MS, MAX_COMPRESSED_BYTES } from './limits';
import { ThroughputMeter, type TransferProgress } from './progress';
import type { BodyChunk, BodySource } from './transfer';

/**
 * gzip's own default level (what `gzip disk.img` gives, zlib's Z_DEFAULT_COMPRESSION), used for both passes:
 * the trade Linode's guides have users make between size and time, and the one the benchmark compares with.
 */
export const RAW_GZIP_LEVEL = 6;

const MIB = 1024 * 1024;
/**
 * Raw bytes per block compressed on its own (with the previous block's last 32 KiB as its dictionary). 1 MiB:
 * each block makes a zlib state and primes its dictionary, which at pigz's 128 KiB cost about a fifth more CPU
 * than at 1 MiB here, and the gzip is no larger (the cuts cost a few bytes each); larger blocks save little
 * more and hold more memory (about 2 MiB per block in hand).
 */
export const RAW_BLOCK_BYTES = MIB;
const SEND_CHUNK = 256 * 1024;
/** 8 × 256 KiB: 2 MiB of compressed data in flight at most. */
const SEND_BUFFERS = 8;
/** A changed file is caught within 16 MiB of compressed data, not only at the end. */
const CHECKPOINT_BYTES = 16 * MIB;

/** The counting pass's block buffers, for the sending pass of the same plan (dropped with the plan). */
const handedOn = new WeakMap<CompressionPlan, BlockBuffers>();

/** What the counting pass found: what the sending pass must make again, byte for byte. */
export interface CompressionPlan {
  level: number;
  blockBytes: number;
  /** The raw file's size and modification time when counted. */
  rawBytes: number;
  mtimeMs: number;
  /** The Content-Length of the upload. */
  compressedBytes: number;
  checkpointBytes: number;
  /** SHA-256 (hex) of the compressed stream up to each multiple of `checkpointBytes`, then of the whole stream. */
  checkpoints: string[];
}

export interface RawCompressionTuning {
  level?: number;
  blockBytes?: number;
  checkpointBytes?: number;
  /** Blocks compressed at once (default: one per core, within the thread pool); the bytes are the same. */
  concurrency?: number;
  /** `stream` forces node:zlib's deflateRaw instead of the reused-buffer handle (tests, the benchmark). */
  deflater?: 'auto' | 'stream';
}

export interface MeasureOptions extends RawCompressionTuning {
  maxCompressedBytes?: number;
  signal?: AbortSignal;
  progressIntervalMs?: number;
  /** `phase: 'counting'`; bytes are uncompressed bytes read. */
  onProgress?: (progress: TransferProgress) => void;
}

/**
 * The counting pass: compresses the raw image, keeping only the count and the checkpoints. Refuses (nothing
 * exists at Linode yet) an image that compresses to more than Linode accepts, or that changed meanwhile.
 */
export async function measureCompressedImage(file: ImageFileInfo, options: MeasureOptions = {}): Promise<CompressionPlan> {
  const { signal } = options;
  if (signal?.aborted) throw new CancelledError();
  const level = options.level ?? RAW_GZIP_LEVEL;
  const blockBytes = options.blockBytes ?? RAW_BLOCK_BYTES;
  const checkpointBytes = options.checkpointBytes ?? CHECKPOINT_BYTES;
  const maxCompressedBytes = options.maxCompressedBytes ?? MAX_COMPRESSED_BYTES;
  const checkpoints: string[] = [];
  const digest = new CompressedDigest(checkpointBytes, (_index, hex) => checkpoints.push(hex));
  let tooLarge = false;
  const buffers = new BlockBuffers();
  const gzip: ParallelGzip = new ParallelGzip(
    { level, blockBytes },
    (piece) => {
      digest.update(piece);
      if (digest.bytes <= maxCompressedBytes) return;
      // No need to compress the rest: it can only grow.
      tooLarge = true;
      gzip.close();
    },
    { concurrency: options.concurrency, kind: options.deflater, buffers },
  );
  const onAbort = (): void => gzip.close();
  signal?.addEventListener('abort', onAbort, { once: true });

  const meter = new ThroughputMeter(file.size, Date.now());
  const interval = options.progressIntervalMs ?? DEFAULT_PROGRESS_INTERVAL_MS;
  let read = 0;
  let reportedAt = 0;
  const report = (force: boolean): void => {
    const now = Date.now();
    if (!options.onProgress || (!force && now - reportedAt < interval)) return;
    reportedAt = now;
    options.onProgress({ ...meter.sample(now, read), phase: 'counting' });
  };

  let handle: fs.FileHandle | undefined;
  try {
    handle = await openFile(file, (message, cause) => new ImageFileError('unreadable', message, { cause }));
    report(true);
    await gzip.run(
      file.size,
      fileReader(handle, (bytes) => {
        read += bytes;
        report(false);
      }, {
        unreadable: (cause) => new ImageFileError('unreadable', unreadableMessage(file.name, cause), { cause }),
        shorter: () => new ImageFileError('changed', shorterMessage(file.name)),
      }),
    );
    if (signal?.aborted) throw new CancelledError();
    if (tooLarge) {
      throw new ImageFileError(
        'tooLarge',
        l10n.t(
          '{0} compresses to more than {1}, the most Linode accepts compressed. Shrink the disk (fewer, smaller partitions; zero free space first) and try again.',
          file.name,
          describeSize(maxCompressedBytes),
        ),
      );
    }
    const now = await fs.stat(file.path).catch(() => undefined);
    if (!now || now.size !== file.size || now.mtimeMs !== file.mtimeMs) {
      throw new ImageFileError(
        'changed',
        l10n.t('{0} changed while it was being compressed to measure it. Finish writing the file, then upload it again.', file.name),
      );
    }
    report(true);
    checkpoints.push(digest.end());
    const plan: CompressionPlan = { level, blockBytes, rawBytes: file.size, mtimeMs: file.mtimeMs, compressedBytes: digest.bytes, checkpointBytes, checkpoints };
    handedOn.set(plan, buffers);
    return plan;
  } catch (error) {
    if (signal?.aborted) throw new CancelledError();
    throw error;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    gzip.close();
    await handle?.close().catch(() => undefined);
  }
}

/**
 * The sending pass, as the transfer's body: compresses the file again into a small pool of reused buffers and
 * hands them out in order, checked against the plan as they are made. The piece that completes the body is
 * given only once the whole stream has proved the same as the one counted.
 */
export class CompressedImageBody implements BodySource {
  private readonly digest: CompressedDigest;
  private readonly ready: BodyChunk[] = [];
  private readonly free: Buffer[] = [];
  private readonly chunkBytes: number;
  private allocated = 0;
  private current: Buffer | undefined;
  private filled = 0;
  /** A full buffer that ends exactly where the body does: it waits for the verdict on the whole stream. */
  private held: Buffer | undefined;
  private emitted = 0;
  private started = false;
  private closed = false;
  private finished = false;
  private failure: Error | undefined;
  private gzip: ParallelGzip | undefined;
  private wakeConsumer: (() => void) | undefined;
  private wakeProducer: (() => void) | undefined;

  constructor(
    private readonly file: Pick<ImageFileInfo, 'path' | 'name'>,
    private readonly plan: CompressionPlan,
    private readonly tuning: { chunkBytes?: number; bufferCount?: number; concurrency?: number; deflater?: 'auto' | 'stream' } = {},
  ) {
    this.chunkBytes = tuning.chunkBytes ?? SEND_CHUNK;
    const intermediate = plan.checkpoints.length - 1;
    this.digest = new CompressedDigest(plan.checkpointBytes, (index, hex) => {
      if (index >= intermediate || hex !== plan.checkpoints[index]) throw this.changed();
    });
  }

  async next(): Promise<BodyChunk | undefined> {
    if (!this.started) {
      this.started = true;
      this.produce().catch((error: unknown) => this.fail(error instanceof Error ? error : new Error(String(error))));
    }
    for (;;) {
      if (this.failure) throw this.failure;
      const chunk = this.ready.shift();
      if (chunk) return chunk;
      if (this.finished || this.closed) return undefined;
      await new Promise<void>((wake) => (this.wakeConsumer = wake));
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.gzip?.close();
    this.ready.length = 0;
    this.free.length = 0;
    this.wake();
  }

  private async produce(): Promise<void> {
    const handle = await openFile(this.file, (message, cause) => new UploadTransferError('file', message, false, { cause }));
    try {
      if (this.closed) return;
      const gzip = new ParallelGzip({ level: this.plan.level, blockBytes: this.plan.blockBytes }, (piece) => this.take(piece), {
        concurrency: this.tuning.concurrency,
        kind: this.tuning.deflater,
        buffers: handedOn.get(this.plan),
      });
      handedOn.delete(this.plan);
      this.gzip = gzip;
      await gzip.run(
        this.plan.rawBytes,
        fileReader(handle, () => undefined, {
          unreadable: (cause) => new UploadTransferError('file', unreadableMessage(this.file.name, cause), false, { cause }),
          shorter: () => new UploadTransferError('file', shorterMessage(this.file.name), false),
        }),
      );
      if (this.closed || this.failure) return;
      await this.finish();
    } finally {
      this.gzip?.close();
      await handle.close().catch(() => undefined);
    }
  }

  /** Zlib's output: checked, then copied into send buffers (waiting for one when all are in flight). */
  private async take(piece: Buffer): Promise<void> {
    if (this.closed || this.failure) return;
    this.digest.update(piece);
    if (this.digest.bytes > this.plan.compressedBytes) throw this.changed();
    for (let offset = 0; offset < piece.length; ) {
      if (!this.current) {
        const buffer = await this.freeBuffer();
        if (!buffer) return;
        this.current = buffer;
        this.filled = 0;
      }
      const copied = piece.copy(this.current, this.filled, offset);
      this.filled += copied;
      offset += copied;
      if (this.filled === this.current.length) {
        const full = this.current;
        this.current = undefined;
        if (this.emitted + full.length >= this.plan.compressedBytes) this.held = full;
        else this.push(full, full.length);
      }
    }
  }

  /** The whole stream is made: it must be the one counted, from a file of the size counted. */
  private async finish(): Promise<void> {
    const whole = this.digest.end();
    if (this.digest.bytes !== this.plan.compressedBytes || whole !== this.plan.checkpoints[this.plan.checkpoints.length - 1]) throw this.changed();
    const now = await fs.stat(this.file.path).catch(() => undefined);
    if (!now || now.size !== this.plan.rawBytes) throw this.changed();
    if (this.closed) return;
    if (this.held) this.push(this.held, this.held.length);
    else if (this.current) this.push(this.current, this.filled);
    this.held = undefined;
    this.current = undefined;
    this.finished = true;
    this.wake();
  }

  private push(buffer: Buffer, length: number): void {
    this.emitted += length;
    let released = false;
    this.ready.push({
      data: buffer.subarray(0, length),
      release: () => {
        if (released) return;
        released = true;
        this.giveBack(buffer);
      },
    });
    this.wake();
  }

  private async freeBuffer(): Promise<Buffer | undefined> {
    while (!this.closed && !this.failure) {
      const buffer = this.free.pop();
      if (buffer) return buffer;
      if (this.allocated < Math.max(2, this.tuning.bufferCount ?? SEND_BUFFERS)) {
        this.allocated++;
        return Buffer.allocUnsafeSlow(this.chunkBytes);
      }
      await new Promise<void>((wake) => (this.wakeProducer = wake));
    }
    return undefined;
  }

  private giveBack(buffer: Buffer): void {
    if (this.closed) return;
    this.free.push(buffer);
    this.wake();
  }

  private fail(error: Error): void {
    if (this.closed) return;
    this.failure ??= error;
    this.wake();
  }

  private wake(): void {
    const consumer = this.wakeConsumer;
    const producer = this.wakeProducer;
    this.wakeConsumer = undefined;
    this.wakeProducer = undefined;
    consumer?.();
    producer?.();
  }

  private changed(): UploadTransferError {
    return new UploadTransferError(
      'file',
      l10n.t(
        '{0} changed after it was measured: compressing it again did not give the same bytes, so the upload was stopped before its end. Finish writing the file, then upload it again.',
        this.file.name,
      ),
      false,
    );
  }
}

/** A running SHA-256 of the compressed stream, with its value at every `every` bytes. */
class CompressedDigest {
  private readonly hash = createHash('sha256');
  bytes = 0;
  private index = 0;
  private sinceCheckpoint = 0;

  constructor(private readonly every: number, private readonly onCheckpoint: (index: number, hex: string) => void) {}

  update(piece: Buffer): void {
    for (let offset = 0; offset < piece.length; ) {
      const take = Math.min(piece.length - offset, this.every - this.sinceCheckpoint);
      this.hash.update(piece.subarray(offset, offset + take));
      offset += take;
      this.bytes += take;
      this.sinceCheckpoint += take;
      if (this.sinceCheckpoint === this.every) {
        this.sinceCheckpoint = 0;
        this.onCheckpoint(this.index++, this.hash.copy().digest('hex'));
      }
    }
  }

  /** The digest of the whole stream. */
  end(): string {
    return this.hash.digest('hex');
  }
}

async function openFile(file: Pick<ImageFileInfo, 'path' | 'name'>, error: (message: string, cause: unknown) => Error): Promise<fs.FileHandle> {
  try {
    return await fs.open(file.path, 'r');
  } catch (cause) {
    throw error(l10n.t('{0} could not be opened: {1}.', file.name, (cause as Error).message), cause);
  }
}

/** Reads each block whole at its place in the file; a file that ends early has changed. */
function fileReader(
  handle: fs.FileHandle,
  onRead: (bytes: number) => void,
  errors: { unreadable: (cause: unknown) => Error; shorter: () => Error },
): BlockReader {
  return async (into, position) => {
    let bytesRead: number;
    try {
      ({ bytesRead } = await handle.read(into, 0, into.length, position));
    } catch (cause) {
      throw errors.unreadable(cause);
    }
    if (bytesRead < into.length) throw errors.shorter();
    onRead(bytesRead);
  };
}

function unreadableMessage(name: string, cause: unknown): string {
  return l10n.t('{0} could not be read while it was being compressed: {1}.', name, (cause as Error).message);
}

function shorterMessage(name: string): string {
  return l10n.t('{0} became shorter while it was being compressed; upload it again once it is complete.', name);
}
