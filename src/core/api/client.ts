// Linode API v4 client for the images extension. No `vscode` import: runs in plain Node for tests and benches.
import type { $Fetch } from 'ofetch';
import {
  DELETED,
  DISK,
  EVENT,
  IMAGE,
  LINODE,
  LINODE_TYPE,
  PROFILE,
  REGION,
  SHARE_GROUP,
  SHARE_GROUP_MEMBER,
  SHARE_GROUP_TOKEN,
  CREATED_SHARE_GROUP_TOKEN,
  SSH_KEY,
  UPLOAD_CONTAINER,
  decodeAnswer,
  errorReasons,
  pageOf,
  parseJsonText,
  type Decoder,
} from './decode';
import {
  CancelledError,
  LinodeApiError,
  LinodeAuthError,
  LinodeNetworkError,
  LinodeRateLimitError,
  LinodeResponseError,
  messageOf,
  networkCause,
  outcomeUnknown,
} from './errors';
import { l10n } from '../l10n';
import { findLinodesMadeSince, type LinodeListFilter } from './lostCreates';
import { RateLimitPacer } from './rateLimitPacer';
import { checkTokenText, InvalidTokenError } from './token';
import type {
  AccountEvent,
  ApiVersion,
  Disk,
  Image,
  ImageCapture,
  ImageUpdate,
  ImageUploadContainer,
  ImageUploadRequest,
  Linode,
  LinodeCreateRequest,
  LinodeRebuildRequest,
  LinodeType,
  Page,
  Region,
  ShareGroup,
  ShareGroupMember,
  ShareGroupToken,
  CreatedShareGroupToken,
  ShareImageRequest,
  SshKey,
  TokenInfo,
} from './types';

/** A wait for Linode's rate limit, announced through `onWait` when it is long enough for someone to wonder. */
export interface RateLimitWait {
  /** Method and path, e.g. `GET /v4/images`. */
  request: string;
  /** `rateLimitWindow`: the last answer said the window is used up; `retryAfter`: a 429 said how long to wait. */
  reason: 'rateLimitWindow' | 'retryAfter';
  /** Whole seconds, rounded up. */
  seconds: number;
  /** When the wait ends (ms since the epoch, this machine's clock). */
  until: number;
}

export interface LinodeClientOptions {
  /** Base URL without version, e.g. `https://api.linode.com` (see `checkApiUrl`). */
  apiUrl: string;
  apiVersion: ApiVersion;
  /**
   * Returns the bearer token, or undefined for anonymous calls. Read per request so a new token applies at once.
   * One that cannot go in a header fails the request with `InvalidTokenError` before anything is sent.
   */
  token: () => string | undefined;
  userAgent: string;
  /** Per attempt. Default 30 s. */
  timeoutMs?: number;
  /**
   * One request's time in all: its tries, the back-offs between them, and the wait for an answer. Cancelling the
   * caller's signal still stops it at once. Rate-limit waits (which Linode asks for, and `onWait` announces) do
   * not count against it. Default 60 s.
   */
  requestDeadlineMs?: number;
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
  /** Rate-limit waits longer than this are announced through `onWait` and `onWaitEnd`. Default 3 s. */
  announceWaitsOverMs?: number;
  /** A rate-limit wait longer than `announceWaitsOverMs` starts (a 10,000-image listing can wait a minute). */
  onWait?: (wait: RateLimitWait) => void;
  /** The wait `onWait` announced is over (also when it was cancelled); called with the same object. */
  onWaitEnd?: (wait: RateLimitWait) => void;
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
  /** Extra request headers (X-Filter). */
  headers?: Record<string, string>;
}

/** An HTTP answer with its body read: JSON parsed, anything else kept as text (see `parseJsonText`). */
interface Answer {
  status: number;
  statusText: string;
  ok: boolean;
  headers: Headers;
  body: unknown;
}

/** Linode's maximum page size: fetching whole collections in as few requests as the API allows. */
const MAX_PAGE_SIZE = 500;
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
  private readonly requestDeadlineMs: number;
  private readonly announceWaitsOverMs: number;
  private readonly maxRetries: number;
  private readonly maxRetryAfterSeconds: number;
  private readonly retryBaseDelayMs: number;
  private readonly pacer: RateLimitPacer;

  constructor(private readonly options: LinodeClientOptions) {
    this.pacer = options.pacer ?? new RateLimitPacer();
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.requestDeadlineMs = options.requestDeadlineMs ?? 60_000;
    this.announceWaitsOverMs = options.announceWaitsOverMs ?? 3_000;
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
    return this.listAll('/images', IMAGE, signal);
  }

  /**
   * The images other accounts share with this one through share groups (`shared/NNNN`, v4beta): `type` is filterable,
   * and `shared` is the type of those copies (API 4.229.1).
   */
  listSharedImages(signal?: AbortSignal): Promise<Image[]> {
    return this.listAll('/images', IMAGE, signal, { type: 'shared' });
  }

  getImage(imageId: string, signal?: AbortSignal): Promise<Image> {
    return this.json({ method: 'GET', path: imagePath(imageId), idempotent: true, signal }, IMAGE);
  }

  /** Sends only the writable fields. */
  updateImage(imageId: string, update: ImageUpdate, signal?: AbortSignal): Promise<Image> {
    const body: ImageUpdate = {};
    if (update.label !== undefined) body.label = update.label;
    if (update.description !== undefined) body.description = update.description;
    if (update.tags !== undefined) body.tags = update.tags;
    return this.json({ method: 'PUT', path: imagePath(imageId), body, idempotent: true, signal }, IMAGE);
  }

  async deleteImage(imageId: string, signal?: AbortSignal): Promise<void> {
    await this.json({ method: 'DELETE', path: imagePath(imageId), idempotent: true, signal }, DELETED);
  }

  /** Replaces the image's region set with `regions` (regions left out lose their replica). */
  replicateImage(imageId: string, regions: string[], signal?: AbortSignal): Promise<Image> {
    return this.json({
      method: 'POST',
      path: `${imagePath(imageId)}/regions`,
      body: { regions },
      idempotent: true,
      signal,
    }, IMAGE);
  }

  createUploadContainer(request: ImageUploadRequest, signal?: AbortSignal): Promise<ImageUploadContainer> {
    return this.json({
      method: 'POST',
      path: '/images/upload',
      body: request,
      idempotent: false,
      signal,
    }, UPLOAD_CONTAINER);
  }

  captureImage(request: ImageCapture, signal?: AbortSignal): Promise<Image> {
    return this.json({ method: 'POST', path: '/images', body: request, idempotent: false, signal }, IMAGE);
  }

  /** The images an `X-Filter` selects (`{ label: 'disk', status: 'pending_upload' }`): one page of up to 500. */
  async listImagesFiltered(filter: Record<string, unknown>, signal?: AbortSignal): Promise<Image[]> {
    return (await this.firstPage('/images', filter, IMAGE, MAX_PAGE_SIZE, signal)).data;
  }

  // Account events: what changed since the last look (needs the `events:read_only` scope)

  /** The first page of the events an `X-Filter` selects (up to 500 of them); `pages` says whether there were more. */
  listEvents(filter: Record<string, unknown>, options: { pageSize?: number; signal?: AbortSignal } = {}): Promise<Page<AccountEvent>> {
    return this.firstPage('/account/events', filter, EVENT, options.pageSize ?? MAX_PAGE_SIZE, options.signal);
  }

  /** Page 1 of a collection as an `X-Filter` selects it. */
  private firstPage<T>(path: string, filter: Record<string, unknown>, item: Decoder<T>, pageSize: number, signal?: AbortSignal): Promise<Page<T>> {
    return this.json<Page<T>>({
      method: 'GET',
      path,
      query: { page: 1, page_size: pageSize },
      headers: { 'X-Filter': JSON.stringify(filter) },
      idempotent: true,
      signal,
    }, pageOf(item));
  }

  // Other resources the image workflows need

  // ---- image sharing (share groups). Linode serves these on v4beta only; on v4 they answer 404. ----

  listShareGroups(signal?: AbortSignal): Promise<ShareGroup[]> {
    return this.listAll('/images/sharegroups', SHARE_GROUP, signal);
  }

  getShareGroup(groupId: number, signal?: AbortSignal): Promise<ShareGroup> {
    return this.json({ method: 'GET', path: shareGroupPath(groupId), idempotent: true, signal }, SHARE_GROUP);
  }

  /** Not idempotent: a lost answer is reconciled by listing the groups (a second POST would make a second group). */
  createShareGroup(group: { label: string; description?: string }, signal?: AbortSignal): Promise<ShareGroup> {
    return this.json({ method: 'POST', path: '/images/sharegroups', body: group, idempotent: false, signal }, SHARE_GROUP);
  }

  updateShareGroup(groupId: number, update: { label?: string; description?: string }, signal?: AbortSignal): Promise<ShareGroup> {
    return this.json({ method: 'PUT', path: shareGroupPath(groupId), body: update, idempotent: true, signal }, SHARE_GROUP);
  }

  async deleteShareGroup(groupId: number, signal?: AbortSignal): Promise<void> {
    await this.json({ method: 'DELETE', path: shareGroupPath(groupId), idempotent: true, signal }, DELETED);
  }

  /** The shared copies (`shared/NNNN`) a group holds. */
  listShareGroupImages(groupId: number, signal?: AbortSignal): Promise<Image[]> {
    return this.listAll(`${shareGroupPath(groupId)}/images`, IMAGE, signal);
  }

  /** Shares private images in a group; answers their shared copies. Not idempotent (each POST adds copies). */
  async addShareGroupImages(groupId: number, images: ShareImageRequest[], signal?: AbortSignal): Promise<Image[]> {
    const page = await this.json({ method: 'POST', path: `${shareGroupPath(groupId)}/images`, body: { images }, idempotent: false, signal }, pageOf(IMAGE));
    return page.data;
  }

  updateShareGroupImage(groupId: number, sharedImageId: string, update: { label?: string; description?: string }, signal?: AbortSignal): Promise<Image> {
    return this.json({ method: 'PUT', path: `${shareGroupPath(groupId)}/images/${encodeURIComponent(sharedImageId)}`, body: update, idempotent: true, signal }, IMAGE);
  }

  /** Stops sharing one image in the group (members lose it). */
  async removeShareGroupImage(groupId: number, sharedImageId: string, signal?: AbortSignal): Promise<void> {
    await this.json({ method: 'DELETE', path: `${shareGroupPath(groupId)}/images/${encodeURIComponent(sharedImageId)}`, idempotent: true, signal }, DELETED);
  }

  listShareGroupMembers(groupId: number, signal?: AbortSignal): Promise<ShareGroupMember[]> {
    return this.listAll(`${shareGroupPath(groupId)}/members`, SHARE_GROUP_MEMBER, signal);
  }

  /**
   * Adds the account whose membership token this is (the token a consumer sent you). Not idempotent: a token works
   * once, so a second POST after a lost answer would be refused. The token goes in the body only; it is logged nowhere.
   */
  addShareGroupMember(groupId: number, member: { token: string; label: string }, signal?: AbortSignal): Promise<ShareGroupMember> {
    return this.json({ method: 'POST', path: `${shareGroupPath(groupId)}/members`, body: member, idempotent: false, signal }, SHARE_GROUP_MEMBER);
  }

  updateShareGroupMember(groupId: number, tokenUuid: string, update: { label: string }, signal?: AbortSignal): Promise<ShareGroupMember> {
    return this.json({ method: 'PUT', path: shareGroupMemberPath(groupId, tokenUuid), body: update, idempotent: true, signal }, SHARE_GROUP_MEMBER);
  }

  /** Revokes the membership: the member loses the group's images at once (Linode keeps it listed as `revoked`). */
  async removeShareGroupMember(groupId: number, tokenUuid: string, signal?: AbortSignal): Promise<void> {
    await this.json({ method: 'DELETE', path: shareGroupMemberPath(groupId, tokenUuid), idempotent: true, signal }, DELETED);
  }

  // The consumer's side: this account's membership tokens, and the groups they let it into.

  listShareGroupTokens(signal?: AbortSignal): Promise<ShareGroupToken[]> {
    return this.listAll('/images/sharegroups/tokens', SHARE_GROUP_TOKEN, signal);
  }

  /**
   * Makes a membership token for the group with this uuid. Not idempotent, and its answer is the only time Linode
   * shows the token: a lost answer cannot be recovered by reading (see `createShareGroupTokenConfirmed`).
   */
  createShareGroupToken(request: { valid_for_sharegroup_uuid: string; label?: string }, signal?: AbortSignal): Promise<CreatedShareGroupToken> {
    return this.json({ method: 'POST', path: '/images/sharegroups/tokens', body: request, idempotent: false, signal }, CREATED_SHARE_GROUP_TOKEN);
  }

  getShareGroupToken(tokenUuid: string, signal?: AbortSignal): Promise<ShareGroupToken> {
    return this.json({ method: 'GET', path: shareGroupTokenPath(tokenUuid), idempotent: true, signal }, SHARE_GROUP_TOKEN);
  }

  /** Leaves the group (or withdraws a request not yet accepted). */
  async deleteShareGroupToken(tokenUuid: string, signal?: AbortSignal): Promise<void> {
    await this.json({ method: 'DELETE', path: shareGroupTokenPath(tokenUuid), idempotent: true, signal }, DELETED);
  }

  /** The images of the group an accepted token let this account into (before they reach `GET /images`). */
  listShareGroupImagesByToken(tokenUuid: string, signal?: AbortSignal): Promise<Image[]> {
    return this.listAll(`${shareGroupTokenPath(tokenUuid)}/sharegroup/images`, IMAGE, signal);
  }

  /** The groups a private image is shared in. */
  listImageShareGroups(imageId: string, signal?: AbortSignal): Promise<ShareGroup[]> {
    return this.listAll(`${imagePath(imageId)}/sharegroups`, SHARE_GROUP, signal);
  }

  listRegions(signal?: AbortSignal): Promise<Region[]> {
    return this.listAll('/regions', REGION, signal);
  }

  /** Every Linode of the account, or those with a label and/or a tag (asked of Linode with an `X-Filter`). */
  listLinodes(filter: LinodeListFilter = {}, signal?: AbortSignal): Promise<Linode[]> {
    const xFilter: Record<string, string> = {};
    if (filter.label !== undefined) xFilter.label = filter.label;
    if (filter.tag !== undefined) xFilter.tags = filter.tag;
    return this.listAll('/linode/instances', LINODE, signal, Object.keys(xFilter).length > 0 ? xFilter : undefined);
  }

  listDisks(linodeId: number, signal?: AbortSignal): Promise<Disk[]> {
    return this.listAll(`${linodePath(linodeId)}/disks`, DISK, signal);
  }

  // ---- deploying images: plans, Linodes made, rebuilt and deleted, the profile's SSH keys ----

  /** Linode's plans with their prices (no token needed). */
  listLinodeTypes(signal?: AbortSignal): Promise<LinodeType[]> {
    return this.listAll('/linode/types', LINODE_TYPE, signal);
  }

  getLinode(linodeId: number, signal?: AbortSignal): Promise<Linode> {
    return this.json({ method: 'GET', path: linodePath(linodeId), idempotent: true, signal }, LINODE);
  }

  /**
   * Makes a Linode (it costs money from now on). Never sent twice: when the answer is lost (no answer, a gateway's
   * 5xx), the account's Linodes with the request's label (unique in the account) and first tag, made since the
   * attempt began, are read, and the one found is the answer; when Linode lists none, the failure stands.
   */
  async createLinode(request: LinodeCreateRequest, signal?: AbortSignal): Promise<Linode> {
    const startedAt = Date.now();
    try {
      return await this.json({ method: 'POST', path: '/linode/instances', body: request, idempotent: false, signal }, LINODE);
    } catch (error) {
      if (!outcomeUnknown(error)) throw error;
      // eslint-disable-next-line local/user-strings -- a log line
      this.options.log?.(`${messageOf(error)}; asking Linode whether the Linode "${request.label}" was made.`);
      let found: Linode[];
      try {
        found = await findLinodesMadeSince(this, { label: request.label, tag: request.tags?.[0] }, startedAt);
      } catch (searchError) {
        throw new Error(
          l10n.t(
            '{0} Whether Linode made the Linode "{1}" could not be checked ({2}); look at your Linodes before you try again, so as not to pay for a second one.',
            messageOf(error),
            request.label,
            messageOf(searchError),
          ),
          { cause: error },
        );
      }
      const [linode] = found;
      if (!linode) throw error;
      // eslint-disable-next-line local/user-strings -- a log line
      this.options.log?.(`Linode made ${linode.id} ("${linode.label}") although its answer was lost.`);
      return linode;
    }
  }

  /** Replaces every disk of the Linode with a fresh deployment of `request.image`. Not sent twice. */
  rebuildLinode(linodeId: number, request: LinodeRebuildRequest, signal?: AbortSignal): Promise<Linode> {
    return this.json({ method: 'POST', path: `${linodePath(linodeId)}/rebuild`, body: request, idempotent: false, signal }, LINODE);
  }

  /** Deletes the Linode with its disks; billing stops. A 404 (already gone) is the caller's to judge. */
  async deleteLinode(linodeId: number, signal?: AbortSignal): Promise<void> {
    await this.json({ method: 'DELETE', path: linodePath(linodeId), idempotent: true, signal }, DELETED);
  }

  /** The public keys in the user's profile (needs `account:read_only`). */
  listSshKeys(signal?: AbortSignal): Promise<SshKey[]> {
    return this.listAll('/profile/sshkeys', SSH_KEY, signal);
  }

  /** `GET /profile` works with any valid token whatever its scopes, so it is the token check. */
  async checkToken(signal?: AbortSignal): Promise<TokenInfo> {
    const spec: RequestSpec = { method: 'GET', path: '/profile', idempotent: true, signal };
    const response = await this.send(spec);
    const profile = this.decode(spec, response, PROFILE);
    const header = response.headers.get('x-oauth-scopes');
    const scopes = header === null ? undefined : header.split(/[\s,]+/).filter(Boolean);
    return { profile, scopes };
  }

  /**
   * Every page of a collection at the largest page size, de-duplicated by id. Page 1 says how many there are;
   * then the next pages are asked for while the previous one is read (PAGES_IN_FLIGHT at most, and only as many
   * as the rate-limit window has room for), so reading a page costs no round trip. The envelope's counts are
   * trusted only as far as they agree: never more pages than `results` fills, and a page that adds no new item
   * ends the listing (Linode answers the last page for any page past the end, so a `pages` that lies would
   * otherwise be asked for page after page). With `filter`, every page is asked for with it as the `X-Filter`.
   */
  async listAll<T extends { id: string | number }>(path: string, item: Decoder<T>, signal?: AbortSignal, filter?: Record<string, unknown>): Promise<T[]> {
    const items = new Map<string | number, T>();
    const paceKey = `GET ${path}`;
    const pageDecoder = pageOf(item);
    // Stops the pages still in flight when one fails, the listing is complete, or the caller cancels.
    const stop = new AbortController();
    const pageSignal = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
    const fetchPage = (page: number): Promise<Page<T>> => {
      const headers = filter === undefined ? undefined : { 'X-Filter': JSON.stringify(filter) };
      const request = this.json({ method: 'GET', path, query: { page, page_size: MAX_PAGE_SIZE }, headers, idempotent: true, signal: pageSignal }, pageDecoder);
      // Awaited in page order below; a later page failing first must not count as an unhandled rejection.
      void request.catch(() => undefined);
      return request;
    };

    const inFlight: Array<Promise<Page<T>>> = [fetchPage(1)];
    let lastPage = 1;
    let next = 2;
    let pagesRead = 0;
    try {
      while (inFlight.length > 0) {
        const result = await (inFlight.shift() as Promise<Page<T>>);
        pagesRead++;
        const before = items.size;
        for (const entry of result.data) items.set(entry.id, entry);
        if (pagesRead > 1 && items.size === before) {
          // eslint-disable-next-line local/user-strings -- a log line
          this.options.log?.(`GET /${this.options.apiVersion}${path}: a page added no new items; the list is complete at ${items.size}`);
          break;
        }
        lastPage = Math.min(result.pages, Math.ceil(result.results / MAX_PAGE_SIZE));
        while (next <= lastPage && (inFlight.length === 0 || (inFlight.length < PAGES_IN_FLIGHT && this.pacer.allowsAnother(paceKey, inFlight.length)))) {
          inFlight.push(fetchPage(next++));
        }
      }
    } catch (error) {
      stop.abort();
      await Promise.allSettled(inFlight);
      if (signal?.aborted) throw new CancelledError();
      throw error;
    }
    if (inFlight.length > 0) {
      stop.abort();
      await Promise.allSettled(inFlight);
    }
    return [...items.values()];
  }

  /** A request whose answer goes through `decoder` before anyone sees it. */
  private async json<T>(spec: RequestSpec, decoder: Decoder<T>): Promise<T> {
    return this.decode(spec, await this.send(spec), decoder);
  }

  private decode<T>(spec: RequestSpec, response: Answer, decoder: Decoder<T>): T {
    try {
      return decodeAnswer(decoder, { status: response.status, contentType: response.headers.get('content-type'), body: response.body }, this.describe(spec));
    } catch (error) {
      if (error instanceof LinodeResponseError) this.options.log?.(error.message);
      throw error;
    }
  }

  private describe(spec: RequestSpec): string {
    return `${spec.method} /${this.options.apiVersion}${spec.path}`;
  }

  private async send(spec: RequestSpec): Promise<Answer> {
    const description = this.describe(spec);
    const paceKey = `${spec.method} ${spec.path}`;
    const deadline = new Deadline(this.requestDeadlineMs);
    for (let attempt = 0; ; attempt++) {
      const retriesLeft = this.maxRetries - attempt;
      let response: Answer;
      try {
        await this.pace(paceKey, description, spec.signal, deadline);
        response = await this.attempt(spec, description, deadline, attempt + 1);
        this.pacer.observe(paceKey, response.headers);
      } catch (error) {
        if (error instanceof LinodeNetworkError && spec.method === 'GET' && retriesLeft > 0) {
          await this.backOff(attempt, `${description}: ${error.message}`, spec.signal, deadline, error);
          continue;
        }
        throw error;
      }
      if (response.ok) return response;

      const reasons = errorReasons(response.body, response.status, response.statusText);
      if (response.status === 401) throw new LinodeAuthError(401, reasons, description);
      if (response.status === 429) {
        const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
        const waitSeconds = retryAfter ?? 2 ** attempt;
        if (spec.idempotent && retriesLeft > 0 && waitSeconds <= this.maxRetryAfterSeconds) {
          // eslint-disable-next-line local/user-strings -- a log line
          this.options.log?.(`${description}: rate limited; retrying in ${waitSeconds} s`);
          await this.waitForRateLimit(waitSeconds * 1000, 'retryAfter', description, spec.signal, deadline);
          continue;
        }
        throw new LinodeRateLimitError(429, reasons, description, retryAfter);
      }
      const failure = new LinodeApiError(response.status, reasons, description);
      if (response.status >= 500 && spec.method === 'GET' && retriesLeft > 0) {
        await this.backOff(attempt, `${description}: HTTP ${response.status}`, spec.signal, deadline, failure);
        continue;
      }
      throw failure;
    }
  }

  private async attempt(spec: RequestSpec, description: string, deadline: Deadline, tries: number): Promise<Answer> {
    if (spec.signal?.aborted) throw new CancelledError();
    // The last try gets what is left of the request's deadline, not a whole attempt's timeout.
    const limitedByDeadline = deadline.remainingMs < this.timeoutMs;
    const attemptMs = Math.max(0, Math.min(this.timeoutMs, deadline.remainingMs));
    if (attemptMs <= 0) throw this.deadlinePassed(description, tries - 1);
    const timeout = AbortSignal.timeout(attemptMs);
    const signal = spec.signal ? AbortSignal.any([spec.signal, timeout]) : timeout;
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'User-Agent': this.options.userAgent,
    };
    const token = spec.auth === false ? undefined : this.options.token();
    if (token) headers.Authorization = `Bearer ${this.sendableToken(token, description)}`;
    if (spec.headers) Object.assign(headers, spec.headers);
    const started = Date.now();
    try {
      const http = await httpLayer();
      const response = await http.raw<string, 'text'>(this.requestUrl(spec), {
        method: spec.method,
        headers: spec.body === undefined ? headers : { 'Content-Type': 'application/json', ...headers },
        // Serialised here, not by ofetch, which guesses from the value's prototype whether it is JSON.
        body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
        signal,
      });
      // ofetch reads the body before it answers, inside this try and under the same signal: a connection lost
      // mid-answer is a network failure. A status without a body (204) has no text.
      const answer: Answer = { status: response.status, statusText: response.statusText, ok: response.ok, headers: response.headers, body: parseJsonText(response._data ?? '') };
      this.options.log?.(`${description} → ${answer.status} (${Date.now() - started} ms)`);
      return answer;
    } catch (caught) {
      // The runtime's own error, as fetch throws it (ofetch wraps it in a FetchError whose message is the URL).
      const error = caught instanceof Error && caught.name === 'FetchError' && caught.cause !== undefined ? caught.cause : caught;
      if (spec.signal?.aborted) throw new CancelledError();
      if (timeout.aborted && limitedByDeadline) {
        const passed = this.deadlinePassed(description, tries, error);
        this.options.log?.(`${description} failed: ${passed.message}`);
        throw passed;
      }
      const timedOut = timeout.aborted;
      const message = timedOut
        ? l10n.t('No answer from {0} within {1} s', this.options.apiUrl, wholeSeconds(attemptMs))
        : l10n.t('Could not reach {0}: {1}', this.options.apiUrl, networkCause(error));
      this.options.log?.(`${description} failed: ${message}`);
      throw new LinodeNetworkError(message, description, timedOut, { cause: error });
    }
  }

  /**
   * The token as it goes into the Authorization header. One that cannot go there stops the request here: left to
   * the HTTP stack, it would fail with an error that quotes the header, token and all.
   */
  private sendableToken(token: string, description: string): string {
    const check = checkTokenText(token);
    if (check.ok) return check.token;
    // eslint-disable-next-line local/user-strings -- a log line
    this.options.log?.(`${description} not sent: ${check.message}`);
    throw new InvalidTokenError(check.message);
  }

  /** `{apiUrl}/{version}{path}?{query}`; an API URL with a path of its own (a proxy's prefix) keeps it. */
  private requestUrl(spec: RequestSpec): string {
    const url = new URL(`${this.options.apiUrl.replace(/\/+$/, '')}/${this.options.apiVersion}${spec.path}`);
    for (const [name, value] of Object.entries(spec.query ?? {})) url.searchParams.set(name, String(value));
    return url.href;
  }

  private deadlinePassed(description: string, tries: number, cause?: unknown): LinodeNetworkError {
    const seconds = wholeSeconds(this.requestDeadlineMs);
    const message = tries === 1
      ? l10n.t('No answer from {0} within {1} s (1 try)', this.options.apiUrl, seconds)
      : l10n.t('No answer from {0} within {1} s ({2} tries)', this.options.apiUrl, seconds, tries);
    return new LinodeNetworkError(message, description, true, { cause });
  }

  private async pace(key: string, description: string, signal: AbortSignal | undefined, deadline: Deadline): Promise<void> {
    const delay = this.pacer.delayFor(key);
    if (delay <= 0 || delay > this.maxRetryAfterSeconds * 1000 + HEADER_ROUNDING_MS) return;
    // eslint-disable-next-line local/user-strings -- a log line
    this.options.log?.(`${description}: rate-limit window used up; waiting ${(delay / 1000).toFixed(1)} s for the next one`);
    await this.waitForRateLimit(delay, 'rateLimitWindow', description, signal, deadline);
  }

  /** A wait Linode asked for: it does not count against the deadline, and a long one is announced. */
  private async waitForRateLimit(ms: number, reason: RateLimitWait['reason'], request: string, signal: AbortSignal | undefined, deadline: Deadline): Promise<void> {
    deadline.extend(ms);
    if (ms <= this.announceWaitsOverMs || !this.options.onWait) {
      await sleep(ms, signal);
      return;
    }
    const wait: RateLimitWait = { request, reason, seconds: Math.ceil(ms / 1000), until: Date.now() + ms };
    this.options.onWait(wait);
    try {
      await sleep(ms, signal);
    } finally {
      this.options.onWaitEnd?.(wait);
    }
  }

  /**
   * Waits before the next try, unless the wait would end past the request's deadline: then the last failure
   * stands (a request that never got an answer says how long it waited, and how often it asked).
   */
  private async backOff(attempt: number, why: string, signal: AbortSignal | undefined, deadline: Deadline, failure: LinodeApiError | LinodeNetworkError): Promise<void> {
    const delay = this.retryBaseDelayMs * 2 ** attempt;
    if (delay >= deadline.remainingMs) {
      if (failure instanceof LinodeNetworkError && failure.timedOut) throw this.deadlinePassed(failure.request, attempt + 1, failure);
      throw failure;
    }
    // eslint-disable-next-line local/user-strings -- a log line
    this.options.log?.(`${why}; retrying in ${delay} ms`);
    await sleep(delay, signal);
  }
}

/** One request's time budget, its tries and back-offs included; the rate-limit waits Linode asks for extend it. */
class Deadline {
  private end: number;

  constructor(ms: number) {
    this.end = Date.now() + ms;
  }

  get remainingMs(): number {
    return this.end - Date.now();
  }

  extend(ms: number): void {
    this.end += ms;
  }
}

/** Whole seconds, at least 1: the 60 of "within 60 s". */
function wholeSeconds(ms: number): number {
  return Math.max(1, Math.round(ms / 1000));
}

/**
 * The one way requests go out. ofetch retries nothing (the client decides per method and status, within its
 * deadline), hands back every status (the client reads each one), and leaves the body as text (the client parses
 * it, and tells an HTML page or a cut-off answer from JSON, itself). Loaded with the first request rather than
 * with the extension: setting it up touches the runtime's fetch classes, which Node loads lazily (20 ms and more),
 * and activation should not pay for that.
 */
let loadedHttpLayer: Promise<$Fetch> | undefined;

function httpLayer(): Promise<$Fetch> {
  return (loadedHttpLayer ??= import('ofetch').then(({ ofetch }) => ofetch.create({ retry: 0, ignoreResponseError: true, responseType: 'text' })));
}

/** Image ids contain a slash (`private/15`) and must travel encoded (`private%2F15`). */
function shareGroupPath(groupId: number): string {
  return `/images/sharegroups/${groupId}`;
}

function shareGroupMemberPath(groupId: number, tokenUuid: string): string {
  return `${shareGroupPath(groupId)}/members/${encodeURIComponent(tokenUuid)}`;
}

function shareGroupTokenPath(tokenUuid: string): string {
  return `/images/sharegroups/tokens/${encodeURIComponent(tokenUuid)}`;
}

function linodePath(linodeId: number): string {
  return `/linode/instances/${encodeURIComponent(String(linodeId))}`;
}

function imagePath(imageId: string): string {
  return `/images/${encodeURIComponent(imageId)}`;
}

/** `Retry-After` in seconds, or as an HTTP date. */
export function parseRetryAfter(value: string | null): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
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
