// Gzip compression for raw images (rawImage.ts), on every core, as one gzip member: pigz's method. The input is
// cut into fixed blocks; each is compressed on its own on libuv's thread pool as raw deflate, primed with the
// previous block's last 32 KiB (so matches reach back across the cut as in one stream), and ended on a byte
// boundary with a sync flush (an empty stored block, no final bit), the last block with a finish. Between a gzip
// header and a trailer (CRC-32 and length of the input) that is one deflate stream: gunzip and node:zlib
// decompress it like any other.
//
// The output is a function of the input and the settings alone (level, block size; zlib's window, memory level
// and strategy fixed; no name and no time in the header), not of the number of cores or of timing: compressing
// the same file twice, as the upload does, gives the same bytes both times. The upload checks that it did. Two
// things keep it so. Each block gets a new native handle: one reset and used again compressed a block now and
// then to other bytes (zlib may read window bytes past the data, which a new stream has zeroed and a reset one
// has not). And the previous block's tail is compressed first, that output dropped, rather than given to the
// handle as a preset dictionary: Node keeps its own 32 KiB copy of that until the collector frees the handle,
// which made memory grow by about 32 MiB a GiB. At level 6 both leave zlib in the same state (tests compare them).
//
// Memory is bounded and reused: 2C + 2 block slots for C blocks in compression at once (each slot: the block
// with its dictionary before it, and its output sized for the worst case, so about twice the block size), and C
// zlib states of about 270 KiB. With 1 MiB blocks and the default's most (3, for libuv's 4 threads): 17 MiB.
// zlib writes into the slots through the native handle (zlibPump.ts); where that handle is not used, node:zlib's
// deflateRaw with the preset dictionary makes the same stream in fresh buffers (less flat).
import { availableParallelism } from 'node:os';
import * as zlib from 'node:zlib';
import { createZlibPump, type OutputTarget } from './zlibPump';

const { constants } = zlib;

/** deflate's window: how far back a match may reach, so how much of the previous block primes the next. */
const DICTIONARY_BYTES = 32 * 1024;

export interface GzipSettings {
  level: number;
  /** Raw bytes per block (every block but the last is this long): at least 32 KiB. */
  blockBytes: number;
}

export interface ParallelGzipOptions {
  /** Blocks compressed at once (default: see `defaultConcurrency`). Does not change the bytes. */
  concurrency?: number;
  /** Buffers to take slots from first, and to leave the slots in after a run that completes. */
  buffers?: BlockBuffers;
  /** `stream` forces node:zlib's deflateRaw instead of the native handle (tests, the benchmark). */
  kind?: 'auto' | 'stream';
}

/** A piece of the gzip stream, in order; its buffer is reused once the promise returned (if any) settles. */
export type GzipSink = (piece: Buffer) => void | Promise<void>;

/** Fills `into` with the raw bytes from `position`, all of them (throws otherwise). */
export type BlockReader = (into: Buffer, position: number) => Promise<void>;

/** At most this many blocks at once, whatever the cores and the pool: with 1 MiB blocks, about 30 MiB of buffers. */
const MAX_CONCURRENCY = 6;

/**
 * One block more than the cores, so that a thread finishing a block finds the next one already given to the pool
 * (handing it over takes the main thread, which may be busy: on 2 cores, 3 blocks at once were about a tenth
 * faster than 2); within libuv's thread pool (4 threads unless UV_THREADPOOL_SIZE says otherwise), one thread
 * left for the file reads and whatever else the process does there.
 */
function defaultConcurrency(): number {
  const pool = Number(process.env.UV_THREADPOOL_SIZE) || 4;
  return Math.max(1, Math.min(availableParallelism() + 1, pool - 1, MAX_CONCURRENCY));
}

export interface Slot {
  /** The dictionary's room, then the block. */
  readonly input: Buffer;
  /** Where the native handle writes the block's output; grown should it ever overflow (it does not). */
  readonly target: OutputTarget;
}

/**
 * Block buffers handed from one compression to the next (the upload's two passes), so that the second allocates
 * none while the first's may not have been collected yet: memory is that of one compression, not two.
 */
export class BlockBuffers {
  /** Idle slots of `blockBytes` blocks: no zlib call has them. */
  readonly slots: Slot[] = [];
}

/** A block read and in compression (or waiting for its turn): its slot, and its compressed bytes once made. */
interface Pending {
  slot: Slot;
  output: Promise<Buffer>;
}

/** Compresses `size` bytes into one gzip member, blocks in parallel, giving the stream to the sink in order. */
export class ParallelGzip {
  private readonly blockBytes: number;
  private readonly level: number;
  private readonly concurrency: number;
  private readonly native: boolean;
  private readonly buffers: BlockBuffers | undefined;
  /** Blocks in hand (read, in compression, or made and waiting for their turn to be given). */
  private readonly slotCount: number;
  private readonly free: Slot[] = [];
  private allocated = 0;
  /** Blocks read, in order, waiting to be compressed or given. */
  private readonly queue: Pending[] = [];
  /** The previous block's last 32 KiB. */
  private readonly tail = Buffer.allocUnsafeSlow(DICTIONARY_BYTES);
  /** CRC-32 of the blocks read so far. */
  private crc = 0;
  private compressing = 0;
  private readonly waitingForTurn: (() => void)[] = [];
  /** Closes the native handles compressing now. */
  private readonly closers = new Set<() => void>();
  private closed = false;
  private failure: Error | undefined;
  private wakeReader: (() => void) | undefined;
  private wakeWriter: (() => void) | undefined;

  constructor(settings: GzipSettings, private readonly sink: GzipSink, options: ParallelGzipOptions = {}) {
    // eslint-disable-next-line local/user-strings -- a guard against a programming error, never met in use
    if (!(settings.blockBytes >= DICTIONARY_BYTES)) throw new Error('blocks of at least 32 KiB');
    this.blockBytes = settings.blockBytes;
    this.level = settings.level;
    this.concurrency = Math.max(1, Math.floor(options.concurrency ?? defaultConcurrency()));
    // Blocks are given in order, and a block of text takes several times as long as one of zeros: with only one
    // spare slot, the blocks made after a slow one fill the slots and cores wait (12% of the time, measured on 2
    // cores); two per block in compression, plus two, keep that to about 2%.
    this.slotCount = 2 * this.concurrency + 2;
    this.native = (options.kind ?? 'auto') === 'auto';
    this.buffers = options.buffers;
  }

  /**
   * Reads `size` bytes with `read`, one block at a time in order, and compresses them. Resolves once the trailer
   * has gone to the sink, or early once closed; rejects with the first failure of a read, zlib or the sink.
   */
  async run(size: number, read: BlockReader): Promise<void> {
    const blocks = Math.max(1, Math.ceil(size / this.blockBytes));
    const writing = this.write(blocks, size);
    // Failures reach the caller below; until then one is not unhandled.
    writing.catch(() => undefined);
    try {
      for (let index = 0; index < blocks; index++) {
        const slot = await this.freeSlot();
        if (!slot) break;
        const position = index * this.blockBytes;
        const length = Math.min(this.blockBytes, size - position);
        const data = slot.input.subarray(DICTIONARY_BYTES, DICTIONARY_BYTES + length);
        if (length > 0) await read(data, position);
        if (this.closed || this.failure) break;
        // Every block before this one was whole, so the tail holds the 32 KiB right before it.
        const dictionary = index === 0 ? undefined : slot.input.subarray(0, DICTIONARY_BYTES);
        if (dictionary) this.tail.copy(dictionary);
        if (index < blocks - 1) data.copy(this.tail, 0, length - DICTIONARY_BYTES);
        this.crc = crc32(data, this.crc);
        const output = this.compress(slot, data, dictionary, index === blocks - 1);
        output.catch(() => undefined);
        this.queue.push({ slot, output });
        this.wake();
      }
    } catch (error) {
      this.fail(error);
    }
    await writing;
    if (this.failure) throw this.failure;
    // Done, and no zlib call has any slot now: the next compression may have them (not after a close or a
    // failure, when zlib may still be writing into one).
    if (!this.closed && this.buffers) this.buffers.slots.push(...this.free.splice(0));
  }

  /** Stops: no more reads or output; blocks in compression are dropped (zlib finishes them on its own). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stopCompressing();
    this.wake();
  }

  /** Gives the header, each block's output in order as it is made, then the trailer. */
  private async write(blocks: number, size: number): Promise<void> {
    try {
      await this.sink(gzipHeader(this.level));
      for (let index = 0; index < blocks; index++) {
        const block = await this.nextInOrder();
        if (!block) return;
        const output = await block.output;
        if (this.closed || this.failure) return;
        await this.sink(output);
        this.free.push(block.slot);
        this.wake();
      }
      if (this.closed || this.failure) return;
      // Every block has been read (the last was given), so the CRC covers the whole input.
      const trailer = Buffer.alloc(8);
      trailer.writeUInt32LE(this.crc >>> 0, 0);
      trailer.writeUInt32LE(size % 2 ** 32, 4);
      await this.sink(trailer);
    } catch (error) {
      this.fail(error);
    }
  }

  private async compress(slot: Slot, data: Buffer, dictionary: Buffer | undefined, last: boolean): Promise<Buffer> {
    await this.turn();
    try {
      if (this.closed || this.failure) return data.subarray(0, 0);
      const flush = last ? constants.Z_FINISH : constants.Z_SYNC_FLUSH;
      const settings = {
        windowBits: constants.Z_DEFAULT_WINDOWBITS,
        level: this.level,
        memLevel: constants.Z_DEFAULT_MEMLEVEL,
        strategy: constants.Z_DEFAULT_STRATEGY,
      };
      const pump = this.native ? createZlibPump(constants.DEFLATERAW, settings) : null;
      if (!pump) return await deflateRaw(data, { ...settings, dictionary, finishFlush: flush });
      const close = (): void => pump.close();
      this.closers.add(close);
      try {
        const target = slot.target;
        if (dictionary) {
          // Its output (into the slot, written over next) is dropped: what stays is zlib's window and hash chains.
          target.offset = 0;
          await pump.write(constants.Z_SYNC_FLUSH, dictionary, target, () => undefined);
        }
        target.offset = 0;
        await pump.write(flush, data, target, (piece, full) => {
          target.offset += piece.length;
          if (!full) return;
          const larger = Buffer.allocUnsafeSlow(target.buffer.length * 2);
          target.buffer.copy(larger, 0, 0, target.offset);
          target.buffer = larger;
        });
        return target.buffer.subarray(0, target.offset);
      } finally {
        this.closers.delete(close);
        pump.close();
      }
    } finally {
      this.compressing--;
      this.waitingForTurn.shift()?.();
    }
  }

  /** Waits until fewer than `concurrency` blocks are in compression, and takes a place among them. */
  private async turn(): Promise<void> {
    while (this.compressing >= this.concurrency && !this.closed && !this.failure) {
      await new Promise<void>((resolve) => this.waitingForTurn.push(resolve));
    }
    this.compressing++;
  }

  /** Closes the handles compressing now (Node frees each once its call is done), and wakes the blocks waiting for a turn. */
  private stopCompressing(): void {
    for (const close of this.closers) close();
    this.closers.clear();
    for (const wake of this.waitingForTurn.splice(0)) wake();
  }

  private async freeSlot(): Promise<Slot | undefined> {
    while (!this.closed && !this.failure) {
      const slot = this.free.pop();
      if (slot) return slot;
      if (this.allocated < this.slotCount) {
        this.allocated++;
        const handed = this.buffers?.slots.pop();
        if (handed && handed.input.length === DICTIONARY_BYTES + this.blockBytes) return handed;
        // The worst case of one block: zlib's deflateBound, the sync flush and room to spare.
        const outputBytes = this.blockBytes + (this.blockBytes >> 11) + 64;
        return { input: Buffer.allocUnsafeSlow(DICTIONARY_BYTES + this.blockBytes), target: { buffer: Buffer.allocUnsafeSlow(outputBytes), offset: 0 } };
      }
      await new Promise<void>((wake) => (this.wakeReader = wake));
    }
    return undefined;
  }

  private async nextInOrder(): Promise<Pending | undefined> {
    while (!this.closed && !this.failure) {
      const block = this.queue.shift();
      if (block) return block;
      await new Promise<void>((wake) => (this.wakeWriter = wake));
    }
    return undefined;
  }

  private fail(error: unknown): void {
    if (this.closed) return;
    this.failure ??= error instanceof Error ? error : new Error(String(error));
    this.stopCompressing();
    this.wake();
  }

  private wake(): void {
    const reader = this.wakeReader;
    const writer = this.wakeWriter;
    this.wakeReader = undefined;
    this.wakeWriter = undefined;
    reader?.();
    writer?.();
  }
}

/** gzip's 10-byte header, as zlib writes it but with no time and a fixed OS byte (255, unknown), so the bytes do not depend on the machine. */
function gzipHeader(level: number): Buffer {
  // XFL: 2 for the slowest level, 4 for the fastest, as zlib sets it.
  const extraFlags = level === 9 ? 2 : level === 1 ? 4 : 0;
  return Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, extraFlags, 0xff]);
}

function deflateRaw(data: Buffer, options: zlib.ZlibOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => zlib.deflateRaw(data, options, (error, result) => (error ? reject(error) : resolve(result))));
}

/** zlib's own CRC-32 (Node 20.15 and 22.2 on); before that, a table in JavaScript (the same values, slower). */
const crc32: (data: Uint8Array, value: number) => number =
  typeof (zlib as { crc32?: unknown }).crc32 === 'function' ? (data, value) => zlib.crc32(data, value) : crc32Table;

let table: Uint32Array | undefined;

/** CRC-32 (gzip's: reflected, polynomial 0xEDB88320), continuing from `value`. */
export function crc32Table(data: Uint8Array, value = 0): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let crc = ~value >>> 0;
  for (let i = 0; i < data.length; i++) crc = table[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return ~crc >>> 0;
}
