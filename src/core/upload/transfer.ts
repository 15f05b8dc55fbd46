// The PUT of the image file to `upload_to`: streamed from disk through a small pool of reused buffers (memory
// stays flat whatever the size; reads overlap the sending), with no credentials of ours, checked as it goes
// by decompressing the same bytes, reporting throttled progress, aborted on a stall or a cancel.
//
// The last chunk waits for the in-stream check's verdict whenever the check is close behind (always, on
// links slower than zlib, i.e. real ones): the upload host cannot complete an object whose last bytes never
// arrive, so damaged data is not accepted, even when the damage is only visible in the gzip trailer. If the
// check is far behind (a link faster than zlib), the last chunk goes at once and the transfer still does not
// succeed until the verdict is in; a bad verdict then fails it all the same (and the caller deletes the image).
import { promises as fs } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import type { Socket } from 'node:net';
import { availableParallelism } from 'node:os';
import { TLSSocket } from 'node:tls';
import { CancelledError } from '../api/errors';
import { l10n } from '../l10n';
import { UploadTransferError } from './errors';
import { GzipStreamCheck } from './gzipCheck';
import { describeSize } from './imageFile';
import { DEFAULT_PROGRESS_INTERVAL_MS, DEFAULT_STALL_TIMEOUT_MS } from './limits';
import { ThroughputMeter, type TransferProgress } from './progress';
import { checkUploadUrl } from './uploadUrl';

export interface TransferTuning {
  /** No byte accepted for this long aborts the transfer. */
  stallTimeoutMs?: number;
  progressIntervalMs?: number;
  /** Decompress and check the bytes as they go (default true). */
  verifyContent?: boolean;
  maxDecompressedBytes?: number;
  /** Bytes read from the file at a time. */
  readChunkBytes?: number;
  /** How many chunk buffers exist at once (read ahead, being sent, being checked). */
  bufferCount?: number;
  /** Compressed bytes the check may hold of the transfer's chunks before it reads the rest of the file itself. */
  checkLagBytes?: number;
  /** At the last chunk, wait for the check's verdict if it has no more than this many bytes left. */
  checkWaitBytes?: number;
  /**
   * Once the check has fallen behind, it reads the file only after the last byte is sent, rather than
   * competing with the transfer for the processor. Default: on machines with fewer than 4 cores.
   */
  checkYields?: boolean;
  /** How long to wait for `100 Continue` before sending the body anyway (as curl does). */
  continueTimeoutMs?: number;
  userAgent?: string;
}

/** A piece of the body; `release` once the connection is done with it (its buffer is reused). */
export interface BodyChunk {
  data: Buffer;
  release(): void;
}

/**
 * Where the body comes from when it is not the file as it is (a raw image, compressed on the way): pieces in
 * order, `file.size` bytes in all. A source that finds its data wrong rejects instead of giving the piece that
 * would complete the body, so the upload host never gets a whole object of wrong data.
 */
export interface BodySource {
  next(): Promise<BodyChunk | undefined>;
  /** Stops producing and lets go of the file (after a failure or a cancel too). */
  close(): void;
}

export interface TransferOptions extends TransferTuning {
  /** The pre-signed `upload_to` URL. */
  url: string;
  /** `mtimeMs` as checked: a file found changed since explains a bad verdict. `size`: the body's length. */
  file: { path: string; name: string; size: number; mtimeMs?: number };
  /** The body, when it is not the file's bytes; no in-stream check then (the source checks its own data). */
  body?: BodySource;
  signal?: AbortSignal;
  onProgress?: (progress: TransferProgress) => void;
  /**
   * `started` once the first byte of the body may go out, `complete` once the last one has been handed to the
   * connection: after a failure, what the upload host may have received (nothing, part, or all of it).
   */
  onBodyState?: (state: 'started' | 'complete') => void;
}

export interface TransferResult {
  bytesSent: number;
  /** From the start until the upload host accepted the object. */
  durationMs: number;
  /** From the start until the in-stream check's verdict (≥ durationMs when the check lagged); undefined when off. */
  checkedMs: number | undefined;
  status: number;
  etag: string | undefined;
  /** Undefined when the check was off. */
  decompressedBytes: number | undefined;
}

const MAX_ERROR_BODY = 64 * 1024;
/** Chunks of 512 KiB, 8 of them: 4 MiB in flight at most. */
const CHUNK_BYTES = 512 * 1024;
const BUFFER_COUNT = 8;
/** The check may hold 2 MiB (half the buffers) of the transfer's chunks before it reads the file itself. */
const CHECK_LAG_BYTES = 2 * 1024 * 1024;
/** At the last chunk, wait for the check's verdict if it has no more than 64 MiB left (well under a second). */
const CHECK_WAIT_BYTES = 64 * 1024 * 1024;

export function sendImageFile(options: TransferOptions): Promise<TransferResult> {
  return new ImageTransfer(options).run();
}

interface Chunk {
  /** The pool buffer, returned once sent and checked. */
  buffer: Buffer;
  /** The part of it read from the file. */
  data: Buffer;
}

class ImageTransfer {
  private readonly size: number;
  private readonly stallTimeoutMs: number;
  private readonly chunkBytes: number;
  private readonly startedAt = Date.now();
  private readonly meter: ThroughputMeter;
  private request: http.ClientRequest | undefined;
  private file: fs.FileHandle | undefined;
  private check: GzipStreamCheck | undefined;
  private ticker: NodeJS.Timeout | undefined;
  private continueTimer: NodeJS.Timeout | undefined;
  private settled = false;
  private resolve!: (result: TransferResult) => void;
  private reject!: (error: unknown) => void;
  private host = '';
  private bodyStarted = false;
  private bodyEnded = false;
  private responded = false;
  private hostAccepted: { status: number; etag: string | undefined; at: number } | undefined;
  private bytesSent = 0;
  private reportedBytes = -1;
  private reportedChecked = -1;
  private lastAdvanceAt = Date.now();
  /** Buffers not in use; a buffer returns once the socket and the check are both done with it. */
  private readonly freeBuffers: Buffer[] = [];
  private readonly readyChunks: Chunk[] = [];
  private wakeReader: (() => void) | undefined;
  private wakeWriter: (() => void) | undefined;

  constructor(private readonly options: TransferOptions) {
    this.size = options.file.size;
    this.stallTimeoutMs = options.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS;
    this.chunkBytes = options.readChunkBytes ?? CHUNK_BYTES;
    this.meter = new ThroughputMeter(this.size, this.startedAt);
  }

  run(): Promise<TransferResult> {
    const transfer = new Promise<TransferResult>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
      this.start().catch((error: unknown) => this.fail(error));
    });
    return transfer.catch(async (error: unknown) => {
      throw await this.explainChangedFile(error);
    });
  }

  /**
   * A file still being written (or rewritten) while it is sent reads as damaged gzip: the bytes sent stop in
   * the middle of the stream. Say what happened instead, so the user finishes the file rather than recompressing.
   */
  private async explainChangedFile(error: unknown): Promise<unknown> {
    if (!(error instanceof UploadTransferError) || error.failure !== 'content') return error;
    const { path, name, mtimeMs } = this.options.file;
    let now: { size: number; mtimeMs: number };
    try {
      now = await fs.stat(path);
    } catch {
      return error;
    }
    if (now.size === this.size && (mtimeMs === undefined || now.mtimeMs === mtimeMs)) return error;
    const message = now.size === this.size
      ? l10n.t('{0} changed while it was being sent, so what was sent is not a complete image. Finish writing the file, then upload it again.', name)
      : l10n.t(
        '{0} changed while it was being sent ({1} bytes when the upload started, {2} bytes now), so what was sent is not a complete image. Finish writing the file, then upload it again.',
        name,
        this.size.toLocaleString('en-US'),
        now.size.toLocaleString('en-US'),
      );
    return new UploadTransferError(
      'file',
      message,
      false,
      { ...error.details, cause: error },
    );
  }

  private async start(): Promise<void> {
    const { signal } = this.options;
    if (signal?.aborted) throw new CancelledError();
    const url = checkUploadUrl(this.options.url);
    this.host = url.host;
    signal?.addEventListener('abort', this.onAbort, { once: true });
    if (!this.options.body) {
      try {
        this.file = await fs.open(this.options.file.path, 'r');
      } catch (error) {
        throw new UploadTransferError('file', l10n.t('{0} could not be opened: {1}.', this.options.file.name, (error as Error).message), false, { cause: error });
      }
      if (this.settled) {
        await this.file.close();
        return;
      }
    }
    if ((this.options.verifyContent ?? true) && !this.options.body) {
      this.check = new GzipStreamCheck({
        name: this.options.file.name,
        maxDecompressedBytes: this.options.maxDecompressedBytes,
        onFailure: (error) => this.fail(error),
      });
    }
    // Only these headers: the upload host gets no Authorization header and no cookie of ours.
    const headers: http.OutgoingHttpHeaders = {
      'Content-Type': 'application/octet-stream',
      'Content-Length': String(this.size),
      // Lets the host refuse (expired URL, bad signature) before gigabytes are sent.
      Expect: '100-continue',
    };
    if (this.options.userAgent) headers['User-Agent'] = this.options.userAgent;
    const transport = url.protocol === 'https:' ? https : http;
    const request = transport.request(url, { method: 'PUT', headers, agent: false });
    this.request = request;
    request.on('continue', () => this.startBody());
    request.on('response', (response) => this.onResponse(response));
    request.on('error', (error) => this.fail(this.networkError(error)));
    request.flushHeaders();
    this.continueTimer = setTimeout(() => this.startBody(), this.options.continueTimeoutMs ?? 1_000);
    this.ticker = setInterval(() => this.tick(), Math.min(this.options.progressIntervalMs ?? DEFAULT_PROGRESS_INTERVAL_MS, 1_000));
  }

  private readonly onAbort = (): void => this.fail(new CancelledError());

  private startBody(): void {
    if (this.bodyStarted || this.settled) return;
    this.bodyStarted = true;
    this.options.onBodyState?.('started');
    clearTimeout(this.continueTimer);
    this.lastAdvanceAt = Date.now();
    this.report(true);
    if (this.options.body) {
      this.sendFrom(this.options.body).catch((error: unknown) => this.fail(error));
      return;
    }
    const count = Math.max(2, this.options.bufferCount ?? BUFFER_COUNT);
    for (let i = 0; i < count; i++) this.freeBuffers.push(Buffer.allocUnsafeSlow(this.chunkBytes));
    this.readLoop().catch((error: unknown) => this.fail(error));
    this.sendLoop().catch((error: unknown) => this.fail(error));
  }

  /** Reads ahead into free buffers while the socket sends earlier ones. */
  private async readLoop(): Promise<void> {
    const file = this.file as fs.FileHandle;
    for (let offset = 0; offset < this.size && !this.settled; ) {
      while (this.freeBuffers.length === 0 && !this.settled) await new Promise<void>((wake) => (this.wakeReader = wake));
      if (this.settled) return;
      const buffer = this.freeBuffers.pop() as Buffer;
      const length = Math.min(this.chunkBytes, this.size - offset);
      let bytesRead: number;
      try {
        ({ bytesRead } = await file.read(buffer, 0, length, offset));
      } catch (error) {
        throw new UploadTransferError(
          'file',
          l10n.t('{0} could not be read while it was being sent: {1}.', this.options.file.name, (error as Error).message),
          false,
          { cause: error },
        );
      }
      if (bytesRead < length) {
        throw new UploadTransferError('file', l10n.t('{0} became shorter while it was being sent; upload it again once it is complete.', this.options.file.name), false);
      }
      this.readyChunks.push({ buffer, data: buffer.subarray(0, length) });
      offset += length;
      this.wake('writer');
    }
  }

  private async sendLoop(): Promise<void> {
    const request = this.request as http.ClientRequest;
    for (let sent = 0; sent < this.size && !this.settled; ) {
      while (this.readyChunks.length === 0 && !this.settled) await new Promise<void>((wake) => (this.wakeWriter = wake));
      if (this.settled) return;
      const chunk = this.readyChunks.shift() as Chunk;
      sent += chunk.data.length;
      if (sent >= this.size) {
        await this.sendLast(chunk);
        return;
      }
      // The buffer is reused once both the socket and the check are done with it.
      let users = 1;
      const release = (): void => {
        if (--users === 0) this.giveBack(chunk.buffer);
      };
      if (this.check && !this.check.isReadingFile) {
        if (this.check.pendingBytes > (this.options.checkLagBytes ?? CHECK_LAG_BYTES)) {
          // The check is slower than this link: let it read the rest itself instead of holding buffers.
          this.check.readRestOfFile(this.options.file.path, this.size, this.options.checkYields ?? availableParallelism() < 4);
        } else {
          users++;
          this.check.write(chunk.data, release);
        }
      }
      const keepsUp = request.write(chunk.data, (error) => {
        if (!error) this.accepted(chunk.data.length);
        release();
      });
      if (!keepsUp && !this.settled) await new Promise<void>((drained) => request.once('drain', drained));
    }
  }

  /** The body from a source: each piece as it comes, the last one only once the source has given it (checked). */
  private async sendFrom(body: BodySource): Promise<void> {
    const request = this.request as http.ClientRequest;
    for (let sent = 0; sent < this.size && !this.settled; ) {
      const chunk = await body.next();
      if (this.settled) {
        chunk?.release();
        return;
      }
      if (!chunk || sent + chunk.data.length > this.size) {
        chunk?.release();
        throw new UploadTransferError(
          'file',
          l10n.t('The data made from {0} is not the {1} bytes announced to the upload host; upload it again.', this.options.file.name, this.size.toLocaleString('en-US')),
          false,
        );
      }
      sent += chunk.data.length;
      const length = chunk.data.length;
      if (sent === this.size) {
        this.bodyEnded = true;
        this.options.onBodyState?.('complete');
        request.end(chunk.data, () => {
          this.accepted(length);
          chunk.release();
        });
        return;
      }
      const keepsUp = request.write(chunk.data, (error) => {
        if (!error) this.accepted(length);
        chunk.release();
      });
      if (!keepsUp && !this.settled) await new Promise<void>((drained) => request.once('drain', drained));
    }
  }

  private async sendLast(chunk: Chunk): Promise<void> {
    const check = this.check;
    if (check) {
      check.resumeReading();
      const pass = check.finish(check.isReadingFile ? undefined : chunk.data);
      if (this.size - check.checkedBytes <= (this.options.checkWaitBytes ?? CHECK_WAIT_BYTES)) {
        // Close behind: the host gets its last bytes only once the whole stream is known good.
        await pass.catch(() => undefined);
      }
    }
    if (this.settled) return;
    this.bodyEnded = true;
    this.options.onBodyState?.('complete');
    // Nothing more to read: let the buffers go, so the check (which may still be running) has the memory.
    this.freeBuffers.length = 0;
    (this.request as http.ClientRequest).end(chunk.data, () => this.accepted(chunk.data.length));
  }

  private giveBack(buffer: Buffer): void {
    if (this.bodyEnded) return;
    this.freeBuffers.push(buffer);
    this.wake('reader');
  }

  private wake(which: 'reader' | 'writer'): void {
    const wake = which === 'reader' ? this.wakeReader : this.wakeWriter;
    if (which === 'reader') this.wakeReader = undefined;
    else this.wakeWriter = undefined;
    wake?.();
  }

  private accepted(bytes: number): void {
    if (this.settled) return;
    this.bytesSent += bytes;
    this.lastAdvanceAt = Date.now();
    if (this.bytesSent >= this.size) this.report(true);
  }

  private tick(): void {
    if (this.settled) return;
    if (this.hostAccepted) {
      // Only the check's verdict is outstanding: no stall to watch, just its progress to show.
      this.report(false);
      return;
    }
    const idle = Date.now() - this.lastAdvanceAt;
    if (idle > this.stallTimeoutMs) {
      const seconds = Math.round(this.stallTimeoutMs / 1000);
      this.fail(
        new UploadTransferError(
          'stall',
          this.bytesSent >= this.size
            ? l10n.t('The upload host {0} did not answer within {1} s of the last byte.', this.host, seconds)
            : l10n.t('The upload stalled: the upload host {0} accepted no data for {1} s (at {2}).', this.host, seconds, this.where()),
          true,
          { bytesSent: this.bytesSent },
        ),
      );
      return;
    }
    this.report(false);
  }

  private report(force: boolean): void {
    if (!this.options.onProgress) return;
    const checked = this.check?.checkedBytes;
    const changed = this.bytesSent !== this.reportedBytes || (checked !== undefined && checked !== this.reportedChecked && this.bytesSent >= this.size);
    if (!changed && !(force && this.reportedBytes < 0)) return;
    this.reportedBytes = this.bytesSent;
    this.reportedChecked = checked ?? -1;
    this.options.onProgress({ ...this.meter.sample(Date.now(), this.bytesSent), checkedBytes: checked });
  }

  private onResponse(response: http.IncomingMessage): void {
    this.responded = true;
    const chunks: Buffer[] = [];
    let length = 0;
    response.on('data', (chunk: Buffer) => {
      if (length < MAX_ERROR_BODY) chunks.push(chunk);
      length += chunk.length;
    });
    response.on('error', (error) => this.fail(this.networkError(error)));
    response.on('end', () => {
      const status = response.statusCode ?? 0;
      if (status < 200 || status >= 300) {
        this.fail(this.httpError(status, Buffer.concat(chunks).toString('utf8')));
        return;
      }
      if (!this.bodyEnded) {
        this.fail(new UploadTransferError('http', l10n.t('The upload host {0} answered HTTP {1} before the whole file was sent.', this.host, status), true, { status }));
        return;
      }
      this.hostAccepted = { status, etag: response.headers.etag, at: Date.now() };
      this.bytesSent = this.size;
      this.report(true);
      if (!this.check || this.check.hasPassed) this.succeed();
      else this.check.verdict().then(() => this.succeed(), () => undefined /* onFailure fails the transfer */);
    });
  }

  private succeed(): void {
    if (this.settled || !this.hostAccepted) return;
    const accepted = this.hostAccepted;
    this.report(true);
    this.settled = true;
    this.cleanUp();
    this.request?.destroy();
    this.resolve({
      bytesSent: this.size,
      durationMs: accepted.at - this.startedAt,
      checkedMs: this.check ? Date.now() - this.startedAt : undefined,
      status: accepted.status,
      etag: accepted.etag,
      decompressedBytes: this.check?.decompressedBytes,
    });
  }

  private fail(error: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.cleanUp();
    this.check?.destroy();
    const request = this.request;
    if (request) {
      // While the body is still going out, a reset tells the host at once that the object is abandoned,
      // instead of letting it read on. Once it has answered, the connection is simply closed.
      const socket = request.socket as (Socket & { resetAndDestroy?: () => void }) | null;
      if (!this.responded && socket && !socket.destroyed && !socket.connecting && !(socket instanceof TLSSocket)) {
        socket.resetAndDestroy?.();
      }
      request.destroy();
    }
    if (this.hostAccepted && error instanceof UploadTransferError) {
      error.details.hostAccepted = true;
    }
    this.reject(error);
  }

  private cleanUp(): void {
    clearInterval(this.ticker);
    clearTimeout(this.continueTimer);
    this.options.signal?.removeEventListener('abort', this.onAbort);
    this.options.body?.close();
    this.wake('reader');
    this.wake('writer');
    void this.file?.close().catch(() => undefined);
    this.file = undefined;
  }

  private where(): string {
    const percent = this.size > 0 ? Math.floor((this.bytesSent / this.size) * 100) : 0;
    return l10n.t('{0}%, {1} of {2}', percent, describeSize(this.bytesSent), describeSize(this.size));
  }

  private networkError(error: Error): UploadTransferError {
    const code = (error as { code?: unknown }).code;
    const detail = typeof code === 'string' && !error.message.includes(code) ? `${code} ${error.message}` : error.message;
    return new UploadTransferError(
      'network',
      l10n.t('The connection to the upload host {0} failed at {1}: {2}.', this.host, this.where(), detail),
      true,
      { code: typeof code === 'string' ? code : undefined, bytesSent: this.bytesSent, cause: error },
    );
  }

  private httpError(status: number, body: string): UploadTransferError {
    // Object storage answers with S3-style XML: <Error><Code>…</Code><Message>…</Message></Error>.
    const code = /<Code>([^<]*)<\/Code>/.exec(body)?.[1];
    const message = /<Message>([^<]*)<\/Message>/.exec(body)?.[1];
    const transient = status >= 500 || status === 408 || status === 429 || code === 'RequestTimeout' || code === 'SlowDown';
    return new UploadTransferError(
      'http',
      l10n.t('The upload host {0} refused the image at {1}: {2}.', this.host, this.where(), `HTTP ${status}${code ? ` ${code}` : ''}${message ? ` (${message})` : ''}`),
      transient,
      { status, code, bytesSent: this.bytesSent },
    );
  }
}
