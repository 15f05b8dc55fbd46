// Gzip compression for raw images, which the upload compresses on the way (rawImage.ts). As in inflater.ts,
// zlib writes into one reused output buffer through the native handle Node's own Gzip stream is built on, so
// the gigabytes an image is made of leave no garbage behind and memory stays flat; where that handle is not to
// be used (another Node major), a Gzip stream does the same work with the same bytes out, only less flat.
//
// The output is a function of the input and the settings alone (level, window, memory level, strategy; no
// flush before the end, a header with no name and no time): compressing the same file twice, as the upload
// does, gives the same bytes both times. The upload checks that it did, rather than trust it.
import { constants, createGzip, type Gzip } from 'node:zlib';
import { l10n } from '../l10n';
import { findNativeConstructor, type NativeZlibHandle } from './inflater';

/** Compresses a stream in order; the sink sees each piece of output, must copy what it keeps, and may make zlib wait. */
export interface Deflater {
  /** Feeds raw bytes (`last` ends the stream); resolves once they are consumed and their output has gone to the sink. */
  write(input: Buffer, last: boolean): Promise<void>;
  close(): void;
}

/** A piece of output; zlib writes over it once the promise returned (if any) has settled. */
export type DeflateSink = (piece: Buffer) => void | Promise<void>;

/** `kind: 'stream'` forces the Gzip stream (for tests). */
export function createDeflater(level: number, outputBytes: number, sink: DeflateSink, kind: 'auto' | 'stream' = 'auto'): Deflater {
  const Native = kind === 'auto' ? findNativeConstructor() : null;
  if (Native) {
    try {
      return new ReusedBufferDeflater(new Native(constants.GZIP), level, outputBytes, sink);
    } catch {
      // A handle that does not take Node 20–24's calls: use the stream.
    }
  }
  return new StreamDeflater(level, outputBytes, sink);
}

class ReusedBufferDeflater implements Deflater {
  private readonly state = new Uint32Array(2);
  private readonly out: Buffer;
  private closed = false;
  private busy = false;
  private settle: ((error?: Error) => void) | undefined;
  /** The input zlib is reading on the thread pool: kept referenced until it is done, even after close. */
  private readonly inFlight: { input?: Buffer } = {};

  constructor(private readonly handle: NativeZlibHandle, level: number, outputBytes: number, private readonly sink: DeflateSink) {
    this.out = Buffer.allocUnsafeSlow(outputBytes);
    handle.onerror = (message, errno) => this.written(Object.assign(new Error(message), { errno }));
    // The settings Node's createGzip({ level }) passes.
    const ok = handle.init(
      constants.Z_DEFAULT_WINDOWBITS,
      level,
      constants.Z_DEFAULT_MEMLEVEL,
      constants.Z_DEFAULT_STRATEGY,
      this.state,
      () => this.written(),
      undefined,
    );
    if (ok === false) throw new Error(l10n.t('zlib could not be initialised'));
  }

  async write(input: Buffer, last: boolean): Promise<void> {
    // eslint-disable-next-line local/user-strings -- a guard against a programming error, never met in use
    if (this.busy) throw new Error('one write at a time');
    this.busy = true;
    try {
      const flush = last ? constants.Z_FINISH : constants.Z_NO_FLUSH;
      let offset = 0;
      let remaining = input.length;
      // As Node's Gzip does: call again while zlib fills the whole output buffer (it has more to give).
      for (;;) {
        if (this.closed) return;
        await new Promise<void>((resolve, reject) => {
          this.settle = (error) => (error ? reject(error) : resolve());
          this.inFlight.input = input;
          this.handle.write(flush, input, offset, remaining, this.out, 0, this.out.length);
        });
        if (this.closed) return;
        const [outLeft, inLeft] = this.state;
        offset += remaining - inLeft;
        remaining = inLeft;
        if (outLeft < this.out.length) await this.sink(this.out.subarray(0, this.out.length - outLeft));
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

class StreamDeflater implements Deflater {
  private readonly gzip: Gzip;
  private error: Error | undefined;
  /** The sink's last promise: the stream is paused until it settles. */
  private pending: Promise<void> = Promise.resolve();

  constructor(level: number, outputBytes: number, sink: DeflateSink) {
    this.gzip = createGzip({ level, chunkSize: outputBytes });
    this.gzip.on('data', (piece: Buffer) => {
      const wait = sink(piece);
      if (!wait) return;
      this.gzip.pause();
      this.pending = wait.then(
        () => void this.gzip.resume(),
        (error: unknown) => {
          this.error = error instanceof Error ? error : new Error(String(error));
          this.gzip.destroy(this.error);
        },
      );
    });
    this.gzip.on('error', (error) => (this.error ??= error));
  }

  write(input: Buffer, last: boolean): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const settle = (): void => (this.error ? reject(this.error) : resolve());
      const done = (): void => {
        this.gzip.off('error', settle);
        this.gzip.off('close', settle);
        void this.pending.then(settle);
      };
      this.gzip.once('error', settle);
      this.gzip.once('close', settle);
      if (last) {
        this.gzip.once('end', done);
        this.gzip.end(input);
      } else {
        this.gzip.write(input, () => (this.error ? settle() : done()));
      }
    });
  }

  close(): void {
    this.gzip.removeAllListeners('data');
    this.gzip.destroy();
  }
}
