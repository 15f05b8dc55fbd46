// Node's native zlib handle, driven directly so that zlib writes into buffers we choose and reuse.
//
// Node's zlib streams (and its *Sync and callback functions) hand out every piece of output in a freshly
// allocated buffer. V8 frees those late (it counts them as external memory and collects when about 64 MB have
// piled up), so gigabytes through zlib make memory swing by tens of MB with the collector's timing. The pump
// below makes the same calls Node's own streams make on the same handle, but the caller says where the output
// goes. That handle is not a documented API: where it is missing or different, the callers (inflater.ts,
// deflater.ts) fall back to node:zlib's public functions, with the same bytes out, only less flat memory.
import { createGunzip } from 'node:zlib';
import { l10n } from '../l10n';

/** The shape of Node's native zlib handle, as lib/zlib.js uses it (stable since Node 10). */
interface NativeZlibHandle {
  init(
    windowBits: number,
    level: number,
    memLevel: number,
    strategy: number,
    writeResult: Uint32Array,
    onWritten: () => void,
    dictionary: Uint8Array | undefined,
  ): unknown;
  write(flush: number, input: Buffer, inOffset: number, inLength: number, output: Buffer, outOffset: number, outLength: number): void;
  close(): void;
  onerror: (message: string, errno: number) => void;
}
type NativeZlibConstructor = new (mode: number) => NativeZlibHandle;

let nativeConstructor: NativeZlibConstructor | null | undefined;

/**
 * Node majors whose lib/zlib.js makes exactly these handle calls. A native binding that gets calls of another
 * shape aborts the process instead of throwing, so any other Node (a future Electron) takes the fallback.
 */
const VERIFIED_NODE_MAJORS: ReadonlySet<number> = new Set([20, 22, 24]);

/** The native handle's constructor (one class for every zlib mode), or null where it is not to be used. */
function findNativeConstructor(): NativeZlibConstructor | null {
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

/** What Node's constructors pass to init (node:zlib's options of the same names). */
export interface ZlibSettings {
  windowBits: number;
  level: number;
  memLevel: number;
  strategy: number;
  /** Copied by zlib when the pump is made. */
  dictionary?: Uint8Array;
}

/** Where zlib writes next: `buffer` from `offset` to its end. The output callback may move either. */
export interface OutputTarget {
  buffer: Buffer;
  offset: number;
}

/**
 * Sees what one zlib call wrote into the target (`full`: zlib filled it and has more to give, so it is called
 * again with the target as the callback leaves it). zlib writes over the target once a returned promise settles.
 */
export type PumpOutput = (piece: Buffer, full: boolean) => void | Promise<void>;

/** A pump on a new native handle in `mode` (node:zlib's `constants.GUNZIP`, `DEFLATERAW`…), or null where none is to be used. */
export function createZlibPump(mode: number, settings: ZlibSettings): ZlibPump | null {
  const Native = findNativeConstructor();
  if (!Native) return null;
  try {
    return new ZlibPump(new Native(mode), settings);
  } catch {
    // A handle that does not take Node 20–24's calls: the caller uses node:zlib's public functions.
    return null;
  }
}

export class ZlibPump {
  private readonly state = new Uint32Array(2);
  private consumed = 0;
  private closed = false;
  private busy = false;
  /** Settles the call in flight (the write callback or onerror, whichever zlib calls). */
  private settle: ((error?: Error) => void) | undefined;
  /** What zlib is reading and writing on the thread pool: kept referenced until it is done, even after close. */
  private readonly inFlight: { input?: Buffer; output?: Buffer } = {};

  constructor(private readonly handle: NativeZlibHandle, settings: ZlibSettings) {
    handle.onerror = (message, errno) => this.written(Object.assign(new Error(message), { errno }));
    const ok = handle.init(
      settings.windowBits,
      settings.level,
      settings.memLevel,
      settings.strategy,
      this.state,
      () => this.written(),
      settings.dictionary,
    );
    if (ok === false) throw new Error(l10n.t('zlib could not be initialised'));
  }

  /** Input bytes zlib has consumed so far. */
  get bytesConsumed(): number {
    return this.consumed;
  }

  /**
   * Feeds `input` with `flush` (node:zlib's `constants.Z_*`), as Node's streams do: zlib is called again while it
   * fills the target. Resolves once the input is consumed and its output given, or at once after close.
   * Rejects with zlib's error (invalid data).
   */
  async write(flush: number, input: Buffer, target: OutputTarget, output: PumpOutput): Promise<void> {
    // eslint-disable-next-line local/user-strings -- a guard against a programming error, never met in use
    if (this.busy) throw new Error('one write at a time');
    this.busy = true;
    try {
      let offset = 0;
      let remaining = input.length;
      for (;;) {
        if (this.closed) return;
        const { buffer, offset: outOffset } = target;
        const space = buffer.length - outOffset;
        await new Promise<void>((resolve, reject) => {
          this.settle = (error) => (error ? reject(error) : resolve());
          this.inFlight.input = input;
          this.inFlight.output = buffer;
          this.handle.write(flush, input, offset, remaining, buffer, outOffset, space);
        });
        if (this.closed) return;
        const [outLeft, inLeft] = this.state;
        this.consumed += remaining - inLeft;
        offset += remaining - inLeft;
        remaining = inLeft;
        if (outLeft < space) await output(buffer.subarray(outOffset, outOffset + space - outLeft), outLeft === 0);
        if (outLeft !== 0) return;
      }
    } finally {
      this.busy = false;
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    // Safe with a write in flight: Node closes the handle once it is done (until then `inFlight` keeps its buffers alive).
    this.handle.close();
    this.release();
  }

  private written(error?: Error): void {
    this.inFlight.input = undefined;
    this.inFlight.output = undefined;
    this.release(error);
  }

  private release(error?: Error): void {
    const settle = this.settle;
    this.settle = undefined;
    settle?.(error);
  }
}
