// Gzip decompression into one reused output buffer, for the in-stream check: the native zlib handle Node's own
// Gunzip stream is built on, driven by the shared pump (zlibPump.ts, which says why), so memory stays flat.
// Where that handle is not to be used, a Gunzip stream gives the same verdicts, only the flatness is lost.
import { constants, createGunzip } from 'node:zlib';
import { createZlibPump, type OutputTarget, type ZlibPump } from './zlibPump';

/** Decompresses a gzip stream in order; `output` sees each piece, and must copy what it keeps. */
export interface Inflater {
  /** Feeds compressed bytes (`last` for the final call); resolves once they are consumed. Rejects if the data is invalid. */
  write(input: Buffer, last: boolean): Promise<void>;
  /** Compressed bytes consumed so far. */
  readonly bytesConsumed: number;
  close(): void;
}

export type OutputSink = (output: Buffer) => void;

/** `kind: 'stream'` forces the fallback (for tests). */
export function createInflater(outputBytes: number, output: OutputSink, kind: 'auto' | 'stream' = 'auto'): Inflater {
  const pump =
    kind === 'auto'
      ? createZlibPump(constants.GUNZIP, {
          windowBits: constants.Z_DEFAULT_WINDOWBITS,
          level: constants.Z_DEFAULT_COMPRESSION,
          memLevel: constants.Z_DEFAULT_MEMLEVEL,
          strategy: constants.Z_DEFAULT_STRATEGY,
        })
      : null;
  return pump ? new ReusedBufferInflater(pump, outputBytes, output) : new StreamInflater(outputBytes, output);
}

class ReusedBufferInflater implements Inflater {
  private readonly target: OutputTarget;

  constructor(private readonly pump: ZlibPump, outputBytes: number, private readonly output: OutputSink) {
    // Every call writes from the start of the same buffer: the sink has copied what it keeps by then.
    this.target = { buffer: Buffer.allocUnsafeSlow(outputBytes), offset: 0 };
  }

  get bytesConsumed(): number {
    return this.pump.bytesConsumed;
  }

  write(input: Buffer, last: boolean): Promise<void> {
    return this.pump.write(last ? constants.Z_FINISH : constants.Z_NO_FLUSH, input, this.target, (piece) => this.output(piece));
  }

  close(): void {
    this.pump.close();
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
