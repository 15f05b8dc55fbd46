// Paces requests by the X-RateLimit-* headers, so a long listing waits for a new window instead of earning a 429.
// Linode reports, on each answer, how many requests its window still allows and when the window resets.

/** The subset of `Headers` the pacer reads. */
export interface HeaderSource {
  get(name: string): string | null;
}

export class RateLimitPacer {
  /** Request key → local time (ms) until which the server said the window is used up. */
  private readonly emptyUntil = new Map<string, number>();
  /** Request key → requests the last answer said the window still allows. */
  private readonly remaining = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Milliseconds to wait before sending a request with this key; 0 when it may go now. */
  delayFor(key: string): number {
    const until = this.emptyUntil.get(key);
    if (until === undefined) return 0;
    const delay = until - this.now();
    if (delay <= 0) {
      // A new window: what the last one had left no longer says anything.
      this.emptyUntil.delete(key);
      this.remaining.delete(key);
    }
    return Math.max(0, delay);
  }

  /**
   * Whether one more request with this key may go while `inFlight` others are under way, without risking
   * the last of the window (true when the server said nothing about it).
   */
  allowsAnother(key: string, inFlight: number): boolean {
    const left = this.remaining.get(key);
    return left === undefined || left - inFlight >= 1;
  }

  /** Reads an answer's rate-limit headers: a window with nothing left closes this key until its reset. */
  observe(key: string, headers: HeaderSource): void {
    const remaining = Number(headers.get('x-ratelimit-remaining') ?? NaN);
    const reset = Number(headers.get('x-ratelimit-reset') ?? NaN);
    if (!Number.isFinite(remaining) || !Number.isFinite(reset)) return;
    this.remaining.set(key, remaining);
    if (remaining > 0) {
      this.emptyUntil.delete(key);
      return;
    }
    // A 429's Retry-After (seconds from now) is the most precise word on when to ask again.
    const retryAfter = Number(headers.get('retry-after') ?? NaN);
    if (Number.isFinite(retryAfter) && retryAfter >= 0) {
      this.emptyUntil.set(key, this.now() + retryAfter * 1000);
      return;
    }
    // Reset is in the server's clock. Measured from the server's own Date header it does not depend on this
    // machine's clock being right; Date is rounded down to the second, so the wait errs on the long side.
    const serverNow = Date.parse(headers.get('date') ?? '');
    const waitMs = reset * 1000 - (Number.isNaN(serverNow) ? this.now() : serverNow);
    if (waitMs > 0) this.emptyUntil.set(key, this.now() + waitMs);
  }
}
