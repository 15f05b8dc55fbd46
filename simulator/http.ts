// HTTP plumbing shared by both origins: exchange records, header handling, body streaming with faults, timers.

import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { FaultRule, Origin } from './faults';

export interface RecordedExchange {
  origin: Origin;
  method: string;
  /**
   * Raw path with its query, exactly as received (`/v4/images/private%2F15?page=2`); on the login origin, secret
   * parameters' values (`code`, `access_token`, `client_secret`, ...) read `<redacted>`.
   */
  path: string;
  /** Lower-cased; an authorization value is replaced by "Bearer <redacted>". */
  headers: Record<string, string>;
  /**
   * Parsed JSON (api), the raw text when it was not JSON, `{ bytes }` (upload), the form's fields with secrets
   * redacted (login); absent when there was no body.
   */
  requestBody?: unknown;
  /** 0 when the connection was dropped or the client went away before a response. */
  status: number;
  responseHeaders: Record<string, string>;
  /**
   * Parsed JSON, or the text for non-JSON bodies (upload-origin XML, login-origin HTML); absent when empty. The
   * login origin's token answers have `access_token` and `refresh_token` redacted, and its `location` response
   * header has secret parameters redacted in the query and fragment.
   */
  responseBody?: unknown;
  /** When the request arrived (ISO 8601). */
  at: string;
  /** How long it took, in ms. */
  durationMs: number;
  /** Set when the simulator destroyed the connection on purpose (a drop fault). */
  dropped?: boolean;
  /** Set when the request was handled but its answer was never sent (a loseAnswer fault); `dropped` is set too. */
  answerLost?: boolean;
}

/** Per-upload record kept by the upload origin. */
export interface UploadRecord {
  imageId: string | null;
  /** Path with query of the PUT. */
  path: string;
  contentType: string | null;
  contentLength: number | null;
  bytesReceived: number;
  /** Hex SHA-256 of the bytes received so far (final once `outcome` is not `in-progress`). */
  sha256: string | null;
  /** The first two bytes are the gzip magic 1f 8b. */
  gzipMagic: boolean;
  /** Project rule: the token must never reach the upload host. */
  authorizationHeaderPresent: boolean;
  outcome: 'in-progress' | 'completed' | 'aborted' | 'rejected';
  status: number;
  startedAt: string;
  finishedAt: string | null;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly errors: Array<{ field?: string; reason: string }>,
    readonly headers: Record<string, string> = {},
  ) {
    super(errors.map((error) => (error.field ? `${error.field}: ${error.reason}` : error.reason)).join('; '));
  }

  static single(status: number, reason: string, field?: string): ApiError {
    return new ApiError(status, [field === undefined ? { reason } : { field, reason }]);
  }
}

export function notFound(): ApiError {
  return ApiError.single(404, 'Not found');
}

function recordHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) {
      continue;
    }
    const joined = Array.isArray(value) ? value.join(', ') : value;
    result[name.toLowerCase()] = name.toLowerCase() === 'authorization' ? redactAuthorization(joined) : joined;
  }
  return result;
}

function redactAuthorization(value: string): string {
  const scheme = /^(\S+)\s/.exec(value)?.[1] ?? 'Bearer';
  return `${scheme} <redacted>`;
}

/** Parameter names whose values are secrets (login origin): never recorded nor logged. */
const SECRET_PARAMETERS: ReadonlySet<string> = new Set(['access_token', 'refresh_token', 'code', 'code_verifier', 'client_secret', 'password', 'token']);

const REDACTED = '<redacted>';

/**
 * A URL, or a path with its query, with the value of every secret parameter (SECRET_PARAMETERS) in the query or
 * the fragment replaced by `<redacted>`; everything else is kept byte for byte.
 */
export function redactUrl(url: string): string {
  const hashAt = url.indexOf('#');
  const beforeHash = hashAt < 0 ? url : url.slice(0, hashAt);
  const fragment = hashAt < 0 ? undefined : url.slice(hashAt + 1);
  const queryAt = beforeHash.indexOf('?');
  const base = queryAt < 0 ? beforeHash : beforeHash.slice(0, queryAt);
  const query = queryAt < 0 ? undefined : beforeHash.slice(queryAt + 1);
  return `${base}${query === undefined ? '' : `?${redactParameters(query)}`}${fragment === undefined ? '' : `#${redactParameters(fragment)}`}`;
}

/** `a=1&code=xyz` -> `a=1&code=<redacted>` (form or query encoding). */
function redactParameters(text: string): string {
  return text
    .split('&')
    .map((part) => {
      const equals = part.indexOf('=');
      const rawName = equals < 0 ? part : part.slice(0, equals);
      let name = rawName;
      try {
        name = decodeURIComponent(rawName.replace(/\+/g, ' '));
      } catch {
        // A badly encoded name is kept as it is.
      }
      return equals >= 0 && SECRET_PARAMETERS.has(name) ? `${rawName}=${REDACTED}` : part;
    })
    .join('&');
}

/** A form's fields as an object, secret values replaced (for `RecordedExchange.requestBody`). */
export function redactedForm(form: URLSearchParams): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of form) {
    result[name] = SECRET_PARAMETERS.has(name) ? REDACTED : value;
  }
  return result;
}

/** A JSON object with the values of secret keys replaced (a token endpoint's answer). */
export function redactedJson(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return value;
  }
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, SECRET_PARAMETERS.has(key) ? REDACTED : item]));
}

export function responseHeaderRecord(res: ServerResponse): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.getHeaders())) {
    if (value !== undefined) {
      result[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    }
  }
  return result;
}

/** Timers owned by one simulator; all cleared on close so nothing keeps the process alive. */
export class TimerSet {
  private readonly timers = new Set<NodeJS.Timeout>();

  after(ms: number, callback: () => void): void {
    // setTimeout treats anything above 2^31-1 ms as 1 ms; a huge delay fault must still mean "very long".
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      callback();
    }, Math.min(ms, 2 ** 31 - 1));
    this.timers.add(timer);
  }

  delay(ms: number): Promise<void> {
    return new Promise((resolve) => this.after(ms, resolve));
  }

  clearAll(): void {
    for (const timer of this.timers) {
      clearTimeout(timer);
    }
    this.timers.clear();
  }
}

export interface StreamOptions {
  onChunk: (chunk: Buffer) => void;
  dropAfterBytes?: number;
  bytesPerSecond?: number;
  timers: TimerSet;
}

export type StreamOutcome = 'end' | 'aborted' | 'dropped';

/**
 * Reads a request body chunk by chunk without buffering it. A `dropAfterBytes` fault destroys the socket once
 * that many bytes arrived; `bytesPerSecond` pauses the stream so the sender is throttled by TCP back-pressure.
 */
export function streamBody(req: IncomingMessage, options: StreamOptions): Promise<StreamOutcome> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: StreamOutcome): void => {
      if (!settled) {
        settled = true;
        resolve(outcome);
      }
    };
    let received = 0;
    const started = Date.now();
    const { dropAfterBytes, bytesPerSecond } = options;
    if (dropAfterBytes === 0) {
      req.socket.destroy();
      finish('dropped');
      return;
    }
    req.on('data', (chunk: Buffer) => {
      if (settled) {
        return;
      }
      if (dropAfterBytes !== undefined && received + chunk.length >= dropAfterBytes) {
        const part = chunk.subarray(0, dropAfterBytes - received);
        received += part.length;
        options.onChunk(part);
        req.socket.destroy();
        finish('dropped');
        return;
      }
      received += chunk.length;
      options.onChunk(chunk);
      if (bytesPerSecond !== undefined) {
        const wait = started + (received / bytesPerSecond) * 1000 - Date.now();
        if (wait > 0) {
          req.pause();
          options.timers.after(wait, () => req.resume());
        }
      }
    });
    req.on('end', () => finish('end'));
    req.on('error', () => finish('aborted'));
    req.on('close', () => finish(req.complete ? 'end' : 'aborted'));
  });
}

/** Reads a small body into memory, refusing more than `limit` bytes. */
export async function readSmallBody(
  req: IncomingMessage,
  limit: number,
  options: Omit<StreamOptions, 'onChunk'>,
): Promise<{ outcome: StreamOutcome | 'too-large'; body: Buffer }> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  const outcome = await streamBody(req, {
    ...options,
    onChunk: (chunk) => {
      size += chunk.length;
      if (size > limit) {
        tooLarge = true;
      } else {
        chunks.push(chunk);
      }
    },
  });
  return { outcome: tooLarge && outcome === 'end' ? 'too-large' : outcome, body: Buffer.concat(chunks) };
}

/** Writes a complete response unless the socket is gone. */
export function writeResponse(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: string | Buffer,
): void {
  if (res.destroyed || res.writableEnded) {
    return;
  }
  for (const [name, value] of Object.entries(headers)) {
    res.setHeader(name, value);
  }
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.statusCode = status;
  res.end(body);
}

/** The path split into segments, each percent-decoded; undefined if a segment is badly encoded. */
export function decodeSegments(pathname: string): string[] | undefined {
  const segments = pathname.split('/').slice(1);
  try {
    return segments.map((segment) => decodeURIComponent(segment));
  } catch {
    return undefined;
  }
}

/** A new record for an exchange that starts now; `finish` fills in its duration when the answer is out. */
export function startExchange(origin: RecordedExchange['origin'], req: IncomingMessage): { exchange: RecordedExchange; started: number } {
  const started = Date.now();
  const exchange: RecordedExchange = {
    origin,
    method: (req.method ?? 'GET').toUpperCase(),
    path: req.url ?? '/',
    headers: recordHeaders(req.headers),
    status: 0,
    responseHeaders: {},
    at: new Date(started).toISOString(),
    durationMs: 0,
  };
  return { exchange, started };
}

/**
 * A fault's first two effects, the same on both servers: wait its delay, then drop the connection if it says so.
 * True when it was dropped; the exchange is then recorded as dropped and finished.
 */
export async function delayOrDrop(fault: FaultRule | undefined, req: IncomingMessage, exchange: RecordedExchange, finish: () => void, timers: TimerSet): Promise<boolean> {
  if (fault?.delayMs) await timers.delay(fault.delayMs);
  if (!fault?.drop) return false;
  req.socket.destroy();
  exchange.dropped = true;
  finish();
  return true;
}

/**
 * A fault's effects on the answer, once the request has been handled (the server has acted): wait `answerDelayMs`,
 * then `write` the answer, or (`loseAnswer`) destroy the connection instead. The same on both servers.
 */
export async function answerAfterFault(
  fault: FaultRule | undefined,
  res: ServerResponse,
  exchange: RecordedExchange,
  finish: () => void,
  timers: TimerSet,
  write: () => void,
): Promise<void> {
  const socket = res.socket;
  if (fault?.answerDelayMs && socket && !socket.destroyed) {
    // A client that gives up meanwhile is recorded at once, not when the delay is over.
    await new Promise<void>((resolve) => {
      socket.once('close', resolve);
      void timers.delay(fault.answerDelayMs ?? 0).then(() => {
        socket.off('close', resolve);
        resolve();
      });
    });
  }
  if (fault?.loseAnswer) {
    socket?.destroy();
    exchange.dropped = true;
    exchange.answerLost = true;
    finish();
    return;
  }
  if (fault?.answerDelayMs && (!socket || socket.destroyed)) {
    // The client gave up while the answer was held back: nothing reaches it.
    finish();
    return;
  }
  write();
}
