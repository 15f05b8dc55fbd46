// Paces requests by the X-RateLimit-* headers, so a long listing waits for a new window instead of earning a 429.
// Linode reports, on each answer, how many requests its window still allows and when the window resets.
//
// Answers do not come back in the order the server counted their requests: with several pages in flight, the
// answer that said "1 left" can arrive after the one that said "0 left". Within one window the count only goes
// down, so an answer for the same window that reports more left than already known is an older one, and an
// answer for a window that has already reset is older still; neither may reopen a window that is used up.

/** The subset of `Headers` the pacer reads. */
export interface HeaderSource {
  get(name: string): string | null;
}

/** What the answers so far said about one key's window. */
interface WindowState {
  /** `X-RateLimit-Limit` (NaN when not sent): which limit the headers are about. */
  limit: number;
  /** `X-RateLimit-Reset`, epoch seconds in the server's clock: which window of that limit. */
  reset: number;
  /** Requests the window still allows, by the lowest count any of its answers gave; undefined once it is over. */
  remaining?: number;
  /** Local time (ms) until which the window is used up. */
  emptyUntil?: number;
}

export class RateLimitPacer {
  private readonly windows = new Map<string, WindowState>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Milliseconds to wait before sending a request with this key; 0 when it may go now. */
  delayFor(key: string): number {
    const window = this.windows.get(key);
    if (window?.emptyUntil === undefined) return 0;
    const delay = window.emptyUntil - this.now();
    if (delay <= 0) {
      // A new window: what the last one had left no longer says anything. Its reset is kept, so that a late
      // answer from it is known for one.
      window.emptyUntil = undefined;
      window.remaining = undefined;
    }
    return Math.max(0, delay);
  }

  /**
   * Whether one more request with this key may go while `inFlight` others are under way, without risking
   * the last of the window (true when the server said nothing about it).
   */
  allowsAnother(key: string, inFlight: number): boolean {
    const left = this.windows.get(key)?.remaining;
    return left === undefined || left - inFlight >= 1;
  }

  /** Reads an answer's rate-limit headers: a window with nothing left closes this key until its reset. */
  observe(key: string, headers: HeaderSource): void {
    const remaining = Number(headers.get('x-ratelimit-remaining') ?? NaN);
    const reset = Number(headers.get('x-ratelimit-reset') ?? NaN);
    if (!Number.isFinite(remaining) || !Number.isFinite(reset)) return;
    const limit = Number(headers.get('x-ratelimit-limit') ?? NaN);
    const known = this.windows.get(key);
    if (known && sameLimit(known.limit, limit)) {
      // A window before the known one: a late answer, the server counted its request before the ones read.
      if (reset < known.reset) return;
      if (reset === known.reset) {
        if (remaining === 0) {
          // Used up, whatever was known (a 429 may say when to retry, or the window outlasted the wait).
          known.remaining = 0;
          this.close(known, headers);
        } else if (known.remaining !== undefined && remaining < known.remaining) {
          known.remaining = remaining;
        }
        // Otherwise late: more left than a later count said, or a window already over (its count forgotten).
        return;
      }
    }
    const window: WindowState = { limit, reset, remaining };
    this.windows.set(key, window);
    if (remaining === 0) this.close(window, headers);
  }

  /** Closes a used-up window until its reset (or until a 429's Retry-After). */
  private close(window: WindowState, headers: HeaderSource): void {
    // A 429's Retry-After (seconds from now) is the most precise word on when to ask again.
    const retryAfter = Number(headers.get('retry-after') ?? NaN);
    if (Number.isFinite(retryAfter) && retryAfter >= 0) {
      window.emptyUntil = this.now() + retryAfter * 1000;
      return;
    }
    if (window.emptyUntil !== undefined) return;
    // Reset is in the server's clock. Measured from the server's own Date header it does not depend on this
    // machine's clock being right; Date is rounded down to the second, so the wait errs on the long side.
    const serverNow = Date.parse(headers.get('date') ?? '');
    const waitMs = window.reset * 1000 - (Number.isNaN(serverNow) ? this.now() : serverNow);
    if (waitMs > 0) window.emptyUntil = this.now() + waitMs;
  }
}

/** Whether two answers' `X-RateLimit-Limit` name the same limit (an answer without one matches one without). */
function sameLimit(a: number, b: number): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}
