// Errors raised by the Linode client. Messages carry the API's own reasons and never the token.

export interface ApiReason {
  field?: string;
  reason: string;
}

/** Base class: the API answered with an error envelope (or a non-JSON error body). */
export class LinodeApiError extends Error {
  override readonly name: string = 'LinodeApiError';

  constructor(
    readonly status: number,
    readonly reasons: ApiReason[],
    /** Method and path (never the host's credentials), e.g. `PUT /v4/images/private%2F15`. */
    readonly request: string,
  ) {
    super(describeReasons(reasons) || `HTTP ${status}`);
  }

  /** The reason the API gave for one field, e.g. `label`. */
  reasonFor(field: string): string | undefined {
    return this.reasons.find((r) => r.field === field)?.reason;
  }
}

/** 401: the token is missing, invalid, expired or lacks the scope for this request. */
export class LinodeAuthError extends LinodeApiError {
  override readonly name = 'LinodeAuthError';
}

/** 429 that was not (or could no longer be) retried. */
export class LinodeRateLimitError extends LinodeApiError {
  override readonly name = 'LinodeRateLimitError';

  constructor(status: number, reasons: ApiReason[], request: string, readonly retryAfterSeconds: number | undefined) {
    super(status, reasons, request);
  }
}

/**
 * Something answered, but not what Linode documents: an HTML page from a proxy or captive portal, a body that is
 * not JSON, or JSON without the fields the extension relies on. Never retried, never cached, never drawn.
 */
export class LinodeResponseError extends Error {
  override readonly name = 'LinodeResponseError';

  constructor(
    /** Method and path, e.g. `GET /v4/images`. */
    readonly request: string,
    readonly status: number,
    /** The whole sentence, which names the request: "Linode's answer to GET /v4/images was an HTML page, not JSON…". */
    message: string,
  ) {
    super(message);
  }
}

/** The API could not be reached, or did not answer in time. */
export class LinodeNetworkError extends Error {
  override readonly name = 'LinodeNetworkError';

  constructor(message: string, readonly request: string, readonly timedOut: boolean, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The caller aborted the request (user cancel); never shown as an error. */
export class CancelledError extends Error {
  override readonly name = 'CancelledError';

  constructor(message = 'Cancelled') {
    super(message);
  }
}

export function isCancellation(error: unknown): boolean {
  return error instanceof CancelledError || (error instanceof Error && error.name === 'AbortError');
}

export function describeReasons(reasons: ApiReason[]): string {
  return reasons.map((r) => (r.field ? `${r.field}: ${r.reason}` : r.reason)).join('; ');
}

/** Connection errors that mean the request never reached the API. */
const NEVER_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

function neverReachedServer(error: Error): boolean {
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && NEVER_SENT_CODES.has(code)) return true;
  }
  return false;
}

/**
 * A failure after which Linode may have acted all the same, so only asking it tells what happened: no answer (a
 * timeout, a connection lost once the request was out) or a 5xx, which a gateway gives when the API behind it
 * did not answer in time.
 */
export function outcomeUnknown(error: unknown): boolean {
  if (error instanceof LinodeNetworkError) return error.timedOut || !neverReachedServer(error);
  return error instanceof LinodeApiError && error.status >= 500;
}

/** What went wrong with a connection, from the innermost cause fetch wraps (`ECONNREFUSED connect …`). */
export function networkCause(error: unknown): string {
  let current: unknown = error;
  // fetch wraps the socket error (ECONNREFUSED…) in `cause`; the innermost one says most.
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  const code = (current as { code?: unknown })?.code;
  const message = current instanceof Error ? current.message : String(current);
  return typeof code === 'string' && !message.includes(code) ? `${code} ${message}` : message;
}

/** The image (or other object) is not at Linode. */
export function isNotFound(error: unknown): boolean {
  return error instanceof LinodeApiError && error.status === 404;
}

/** An error's own message, for log lines and errors that quote it. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
