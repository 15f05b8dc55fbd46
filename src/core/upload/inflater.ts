// Gzip decompression into one reused output buffer, for the in-stream check.
//
// Node's zlib streams (and its *Sync functions) hand out every piece of output in a freshly allocated buffer.
// V8 frees those late (it counts them as external memory and collects when about 64 MB have piled up), so
// decompressing gigabytes makes memory swing by tens of MB with the collector's timing. The inflater below
// drives the native zlib handle that Node's own Gunzip stream is built on, with the same calls that stream
// makes, but always into the same output buffer, so memory stays flat. That handle is not a documented API:
// should it ever be missing or different, the inflater falls back to a Gunzip stream (same verdicts, only
// the memory flatness is lost).
import { constants, createGunzip } from 'node:zlib';
import { l10n } from '../l10n';

/** Decompresses a gzip stream in order; `output` sees each piece, and must copy what it keeps. */
export interface Inflater {
  /** Feeds compressed bytes (`last` for the final call); resolves once they are consumed. Rejects if the data is invalid. */
  write(input: Buffer, last: boolean): Promise<void>;
  /** Compressed bytes consumed so far. */
  readonly bytesConsumed: number;
  close(): void;
}

export type OutputSink = (output: Buffer) => void;

/** The shape of Node's native zlib handle, as lib/zlib.js uses it (stable since Node 10). */
export interface NativeZlibHandle {
  init(windowBits: number, level: number, memLevel: number, strategy: number, writeResult: Uint32Array, onWritten: () => void, dictionary: undefined): unknown;
  write(flush: number, input: Buffer, inOffset: number, inLength: number, output: Buffer, outOffset: number, outLength: number): void;
  close(): void;
  onerror: (message: string, errno: number) => void;
}
type NativeZlibConstructor = new (mode: number) => NativeZlibHandle;

let nativeConstructor: NativeZlibConstructor | null | undefined;

/**
 * Node majors whose lib/zlib.js makes exactly these handle calls. A native binding that gets calls of another
 * shape aborts the process instead of throwing, so any other Node (a future Electron) takes the stream path.
 */
const VERIFIED_NODE_MAJORS: ReadonlySet<number> = new Set([20, 22, 24]);

/** The native handle's constructor (one class for every zlib mode), or null where it is not to be used. */
export function findNativeConstructor(): NativeZlibConstructor | null {
  if (nativeConstructor !== undefined) return nativeConstructor;
  if (!VERIFIED_NODE_MAJORS.has(Number(process.versions.node.split('.')[0]))) return (nativeConstructor = null);
  const probe = createGunzip();
  const handle = (probe as unknown as { _handle?: { constructor?: unknown } })._handle;
  const candidate = handle?.constructor;
  probe.close();
  const prototype = (candidate as { prototype?: Record<string, unknown> } | undefined)?.prototype;
  const usable = typeof candidate === 'function' && ['init', 'write', 'close'].every((name) => typeof prototype?.[name] === 'function');
  nativeConstructor = usable ? (candidate as unknown as NativeZlibConstructor) : null;
  return nativeConstructor;
}

/** `kind: 'stream'` forces the fallback (for tests). */
export function createInflater(outputBytes: number, output: OutputSink, kind: 'auto' | 'stream' = 'auto'): Inflater {
  const Native = kind === 'auto' ? findNativeConstructor() : null;
  if (Native) {
    try {
      return new ReusedBufferInflater(new Native(constants.GUNZIP), outputBytes, output);
    } catch {
      // A handle that does not take Node 20–24's calls: use the stream.
    }
  }
  return new StreamInflater(outputBytes, output);
}

class ReusedBufferInflater implements Inflater {
  private readonly state = new Uint32Array(2);
  private readonly out: Buffer;
  private consumed = 0;
  private closed = false;
  private busy = false;
  /** Settles the write in flight (the write callback or onerror, whichever zlib calls). */
  private settle: ((error?: Error) => void) | undefined;
  /** The input zlib is reading on the thread pool: kept referenced until it is done, even after close. */
  private readonly inFlight: { input?: Buffer } = {};

  constructor(private readonly handle: NativeZlibHandle, outputBytes: number, private readonly output: OutputSink) {
    this.out = Buffer.allocUnsafeSlow(outputBytes);
    handle.onerror = (message, errno) => this.written(Object.assign(new Error(message), { errno }));
    const ok = handle.init(
      constants.Z_DEFAULT_WINDOWBITS,
      constants.Z_DEFAULT_COMPRESSION,
      constants.Z_DEFAULT_MEMLEVEL,
      constants.Z_DEFAULT_STRATEGY,
      this.state,
      () => this.written(),
      undefined,
    );
    if (ok === false) throw new Error(l10n.t('zlib could not be initialised'));
  }

  get bytesConsumed(): number {
    return this.consumed;
  }

  async write(input: Buffer, last: boolean): Promise<void> {
    // eslint-disable-next-line local/user-strings -- a guard against a programming error, never met in use
    if (this.busy) throw new Error('one write at a time');
    this.busy = true;
    try {
      const flush = last ? constants.Z_FINISH : constants.Z_NO_FLUSH;
      let offset = 0;
      let remaining = input.length;
      // As Node's Gunzip does: call again while zlib fills the whole output buffer (it has more to give).
      for (;;) {
        if (this.closed) return;
        await new Promise<void>((resolve, reject) => {
          this.settle = (error) => (error ? reject(error) : resolve());
          this.inFlight.input = input;
          this.handle.write(flush, input, offset, remaining, this.out, 0, this.out.length);
        });
        if (this.closed) return;
        const [outLeft, inLeft] = this.state;
        this.consumed += remaining - inLeft;
        offset += remaining - inLeft;
        remaining = inLeft;
        if (outLeft < this.out.length) this.output(this.out.subarray(0, this.out.length - outLeft));
        if (outLeft !== 0) return;
      }
    } finally {
      this.busy = false;
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    // Safe with a write in flight: zlib closes once it is done (until then `inFlight` keeps its input alive).
    this.handle.close();
    this.release();
  }

  private written(error?: Error): void {
    this.inFlight.input = undefined;
    this.release(error);
  }

  private release(error?: Error): void {
    const settle = this.settle;
    this.settle = undefined;
    settle?.(error);
  }
}

class StreamInflater implements Inflater {
  private readonly gunzip;
  private error: Error | undefined;

  constructor(outputBytes: number, output: OutputSink) {
    this.gunzip = createGunzip({ chunkSize: outputBytes });
    this.gunzip.on('data', output);
    this.gunzip.on('error', (error) => (this.error = error));
  }

  get bytesConsumed(): number {
    return this.gunzip.bytesWritten;
  }

  write(input: Buffer, last: boolean): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const settle = (): void => (this.error ? reject(this.error) : resolve());
      this.gunzip.once('error', settle);
      const done = (): void => {
        this.gunzip.off('error', settle);
        settle();
      };
      if (last) {
        this.gunzip.once('end', done);
        this.gunzip.end(input);
      } else {
        this.gunzip.write(input, () => (this.error ? settle() : done()));
      }
    });
  }

  close(): void {
    this.gunzip.removeAllListeners('data');
    this.gunzip.destroy();
  }
}
