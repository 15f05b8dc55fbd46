// Linode API v4 client for the images extension. No `vscode` import: runs in plain Node for tests and benches.
import type { FetchResponse } from 'ofetch';
import {
  CancelledError,
  LinodeApiError,
  LinodeAuthError,
  LinodeNetworkError,
  LinodeRateLimitError,
  type ApiReason,
} from './errors';
import { RateLimitPacer } from './rateLimitPacer';
import type {
  ApiVersion,
  Disk,
  Image,
  ImageCapture,
  ImageUpdate,
  ImageUploadContainer,
  ImageUploadRequest,
  Linode,
  Page,
  Profile,
  Region,
  TokenInfo,
} from './types';

export interface LinodeClientOptions {
  /** Base URL without version, e.g. `https://api.linode.com` (see `checkApiUrl`). */
  apiUrl: string;
  apiVersion: ApiVersion;
  /** Returns the bearer token, or undefined for anonymous calls. Read per request so a new token applies at once. */
  token: () => string | undefined;
  userAgent: string;
  /** Per attempt. Default 30 s. */
  timeoutMs?: number;
  /** Retries after the first attempt, for 429 (idempotent requests) and 5xx/network errors (GETs). Default 3. */
  maxRetries?: number;
  /** A 429 asking to wait longer than this is not retried but reported. Default 60 s. */
  maxRetryAfterSeconds?: number;
  /** First back-off for 5xx/network retries; doubles each time. Default 500 ms. */
  retryBaseDelayMs?: number;
  /**
   * Waits for a new rate-limit window when the last answer for the same request said the window is used up
   * (X-RateLimit-Remaining 0), so long listings earn no 429. Share one between clients of the same account.
   * Waits longer than `maxRetryAfterSeconds` are not made: the request goes, and a 429 is handled as usual.
   */
  pacer?: RateLimitPacer;
  /** One line per HTTP exchange and retry; never contains the token. */
  log?: (line: string) => void;
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

interface RequestSpec {
  method: Method;
  path: string;
  query?: Record<string, string | number>;
  body?: unknown;
  /** Safe to send twice (GET, PUT, DELETE, and a replicate that sets the whole region list). */
  idempotent: boolean;
  signal?: AbortSignal;
  auth?: boolean;
}

/** Linode's maximum page size: fetching whole collections in as few requests as the API allows. */
export const MAX_PAGE_SIZE = 500;
/**
 * `X-RateLimit-Reset` and `Date` are whole seconds, so a wait worked out from them can be up to 2 s longer than
 * the window itself (61 s for Linode's one-minute windows); that still counts as within `maxRetryAfterSeconds`.
 */
const HEADER_ROUNDING_MS = 2_000;
/**
 * Pages of one listing asked for at once: the server always has the next ones to work on while a page is read,
 * even when this process is busy elsewhere for a moment.
 */
export const PAGES_IN_FLIGHT = 4;

export class LinodeClient {
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly maxRetryAfterSeconds: number;
  private readonly retryBaseDelayMs: number;
  private readonly pacer: RateLimitPacer;

  constructor(private readonly options: LinodeClientOptions) {
    this.pacer = options.pacer ?? new RateLimitPacer();
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.maxRetries = options.maxRetries ?? 3;
    this.maxRetryAfterSeconds = options.maxRetryAfterSeconds ?? 60;
    this.retryBaseDelayMs = options.retryBaseDelayMs ?? 500;
  }

  get apiUrl(): string {
    return this.options.apiUrl;
  }

  get apiVersion(): ApiVersion {
    return this.options.apiVersion;
  }

  // Images

  listImages(signal?: AbortSignal): Promise<Image[]> {
    return this.listAll<Image>('/images', signal);
  }

  getImage(imageId: string, signal?: AbortSignal): Promise<Image> {
    return this.json<Image>({ method: 'GET', path: imagePath(imageId), idempotent: true, signal });
  }

  /** Sends only the writable fields. */
  updateImage(imageId: string, update: ImageUpdate, signal?: AbortSignal): Promise<Image> {
    const body: ImageUpdate = {};
    if (update.label !== undefined) body.label = update.label;
    if (update.description !== undefined) body.description = update.description;
    if (update.tags !== undefined) body.tags = update.tags;
    return this.json<Image>({ method: 'PUT', path: imagePath(imageId), body, idempotent: true, signal });
  }

  async deleteImage(imageId: string, signal?: AbortSignal): Promise<void> {
    await this.json<unknown>({ method: 'DELETE', path: imagePath(imageId), idempotent: true, signal });
  }

  /** Replaces the image's region set with `regions` (regions left out lose their replica). */
  replicateImage(imageId: string, regions: string[], signal?: AbortSignal): Promise<Image> {
    return this.json<Image>({
      method: 'POST',
      path: `${imagePath(imageId)}/regions`,
      body: { regions },
      idempotent: true,
      signal,
    });
  }

  createUploadContainer(request: ImageUploadRequest, signal?: AbortSignal): Promise<ImageUploadContainer> {
    return this.json<ImageUploadContainer>({
      method: 'POST',
      path: '/images/upload',
      body: request,
      idempotent: false,
      signal,
    });
  }

  captureImage(request: ImageCapture, signal?: AbortSignal): Promise<Image> {
    return this.json<Image>({ method: 'POST', path: '/images', body: request, idempotent: false, signal });
  }

  // Other resources the image workflows need

  listRegions(signal?: AbortSignal): Promise<Region[]> {
    return this.listAll<Region>('/regions', signal);
  }

  listLinodes(signal?: AbortSignal): Promise<Linode[]> {
    return this.listAll<Linode>('/linode/instances', signal);
  }

  listDisks(linodeId: number, signal?: AbortSignal): Promise<Disk[]> {
    return this.listAll<Disk>(`/linode/instances/${encodeURIComponent(String(linodeId))}/disks`, signal);
  }

  /** `GET /profile` works with any valid token whatever its scopes, so it is the token check. */
  async checkToken(signal?: AbortSignal): Promise<TokenInfo> {
    const response = await this.send({ method: 'GET', path: '/profile', idempotent: true, signal });
    const header = response.headers.get('x-oauth-scopes');
    const scopes = header === null ? undefined : header.split(/[\s,]+/).filter(Boolean);
    return { profile: response._data as Profile, scopes };
  }

  /**
   * Every page of a collection at the largest page size, de-duplicated by id. Page 1 says how many there are;
   * then the next pages are asked for while the previous one is read (PAGES_IN_FLIGHT at most, and only as many
   * as the rate-limit window has room for), so reading a page costs no round trip.
   */
  async listAll<T extends { id: string | number }>(path: string, signal?: AbortSignal): Promise<T[]> {
    const items = new Map<string | number, T>();
    const paceKey = `GET ${path}`;
    // Stops the page still in flight when one fails or the caller cancels.
    const stop = new AbortController();
    const pageSignal = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
    const fetchPage = (page: number): Promise<Page<T>> => {
      const request = this.json<Page<T>>({ method: 'GET', path, query: { page, page_size: MAX_PAGE_SIZE }, idempotent: true, signal: pageSignal });
      // Awaited in page order below; a later page failing first must not count as an unhandled rejection.
      void request.catch(() => undefined);
      return request;
    };

    const inFlight: Array<Promise<Page<T>>> = [fetchPage(1)];
    let pages = 1;
    let next = 2;
    try {
      while (inFlight.length > 0) {
        const result = await (inFlight.shift() as Promise<Page<T>>);
        for (const item of result.data) items.set(item.id, item);
        pages = result.pages;
        while (next <= pages && (inFlight.length === 0 || (inFlight.length < PAGES_IN_FLIGHT && this.pacer.allowsAnother(paceKey, inFlight.length)))) {
          inFlight.push(fetchPage(next++));
        }
      }
    } catch (error) {
      stop.abort();
      await Promise.allSettled(inFlight);
      if (signal?.aborted) throw new CancelledError();
      throw error;
    }
    return [...items.values()];
  }

  private async json<T>(spec: RequestSpec): Promise<T> {
    return (await this.send(spec))._data as T;
  }

  private async send(spec: RequestSpec): Promise<FetchResponse<unknown>> {
    const description = `${spec.method} /${this.options.apiVersion}${spec.path}`;
    const paceKey = `${spec.method} ${spec.path}`;
    for (let attempt = 0; ; attempt++) {
      const retriesLeft = this.maxRetries - attempt;
      let response: FetchResponse<unknown>;
      try {
        await this.pace(paceKey, description, spec.signal);
        response = await this.attempt(spec, description);
        this.pacer.observe(paceKey, response.headers);
      } catch (error) {
        if (error instanceof LinodeNetworkError && spec.method === 'GET' && retriesLeft > 0) {
          await this.backOff(attempt, `${description}: ${error.message}`, spec.signal);
          continue;
        }
        throw error;
      }
      if (response.ok) return response;

      const reasons = reasonsOf(response._data, response.status, response.statusText);
      if (response.status === 401) throw new LinodeAuthError(401, reasons, description);
      if (response.status === 429) {
        const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
        const waitSeconds = retryAfter ?? 2 ** attempt;
        if (spec.idempotent && retriesLeft > 0 && waitSeconds <= this.maxRetryAfterSeconds) {
          this.options.log?.(`${description}: rate limited; retrying in ${waitSeconds} s`);
          await sleep(waitSeconds * 1000, spec.signal);
          continue;
        }
        throw new LinodeRateLimitError(429, reasons, description, retryAfter);
      }
      if (response.status >= 500 && spec.method === 'GET' && retriesLeft > 0) {
        await this.backOff(attempt, `${description}: HTTP ${response.status}`, spec.signal);
        continue;
      }
      throw new LinodeApiError(response.status, reasons, description);
    }
  }

  private async attempt(spec: RequestSpec, description: string): Promise<FetchResponse<unknown>> {
    if (spec.signal?.aborted) throw new CancelledError();
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const signal = spec.signal ? AbortSignal.any([spec.signal, timeout]) : timeout;
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'User-Agent': this.options.userAgent,
    };
    const token = spec.auth === false ? undefined : this.options.token();
    if (token) headers.Authorization = `Bearer ${token}`;
    const { ofetch } = await loadOfetch();
    const started = Date.now();
    try {
      const response = await ofetch.raw<unknown>(`/${this.options.apiVersion}${spec.path}`, {
        baseURL: this.options.apiUrl,
        method: spec.method,
        query: spec.query,
        body: spec.body as Record<string, unknown> | undefined,
        headers,
        signal,
        retry: 0,
        ignoreResponseError: true,
        responseType: 'json',
      });
      this.options.log?.(`${description} → ${response.status} (${Date.now() - started} ms)`);
      return response;
    } catch (error) {
      if (spec.signal?.aborted) throw new CancelledError();
      const timedOut = timeout.aborted;
      const message = timedOut
        ? `No answer from ${this.options.apiUrl} within ${Math.round(this.timeoutMs / 1000)} s`
        : `Could not reach ${this.options.apiUrl}: ${networkCause(error)}`;
      this.options.log?.(`${description} failed: ${message}`);
      throw new LinodeNetworkError(message, description, timedOut, { cause: error });
    }
  }

  private async pace(key: string, description: string, signal: AbortSignal | undefined): Promise<void> {
    const delay = this.pacer.delayFor(key);
    if (delay <= 0 || delay > this.maxRetryAfterSeconds * 1000 + HEADER_ROUNDING_MS) return;
    this.options.log?.(`${description}: rate-limit window used up; waiting ${(delay / 1000).toFixed(1)} s for the next one`);
    await sleep(delay, signal);
  }

  private async backOff(attempt: number, why: string, signal: AbortSignal | undefined): Promise<void> {
    const delay = this.retryBaseDelayMs * 2 ** attempt;
    this.options.log?.(`${why}; retrying in ${delay} ms`);
    await sleep(delay, signal);
  }
}

/**
 * ofetch is loaded with the first request rather than with the extension: setting it up touches the runtime's
 * fetch classes, which Node loads lazily (20 ms and more), and activation should not pay for that.
 */
let ofetchModule: Promise<typeof import('ofetch')> | undefined;

function loadOfetch(): Promise<typeof import('ofetch')> {
  return (ofetchModule ??= import('ofetch'));
}

/** Image ids contain a slash (`private/15`) and must travel encoded (`private%2F15`). */
export function imagePath(imageId: string): string {
  return `/images/${encodeURIComponent(imageId)}`;
}

function reasonsOf(body: unknown, status: number, statusText: string): ApiReason[] {
  const errors = (body as { errors?: unknown } | undefined)?.errors;
  if (Array.isArray(errors)) {
    const reasons = errors
      .filter((e): e is ApiReason => typeof e === 'object' && e !== null && typeof e.reason === 'string')
      .map((e) => (typeof e.field === 'string' ? { field: e.field, reason: e.reason } : { reason: e.reason }));
    if (reasons.length > 0) return reasons;
  }
  return [{ reason: `HTTP ${status}${statusText ? ` ${statusText}` : ''}` }];
}

/** `Retry-After` in seconds, or as an HTTP date. */
export function parseRetryAfter(value: string | null): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

function networkCause(error: unknown): string {
  let current: unknown = error;
  // fetch wraps the socket error (ECONNREFUSED…) in `cause`; the innermost one says most.
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  const code = (current as { code?: unknown })?.code;
  const message = current instanceof Error ? current.message : String(current);
  return typeof code === 'string' && !message.includes(code) ? `${code} ${message}` : message;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new CancelledError());
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new CancelledError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
