// Linode's documented rate limits, enforced only when a simulator is started with `rateLimits`.
// Fixed one-minute windows per token and per limit; a request is refused (429) when any limit that applies to it
// is used up, and a refused request uses up nothing.

import { ApiError } from './http';

export interface RateLimitSettings {
  /** `GET /images` (list images): 20 a minute. */
  listImages: number;
  /** Paginated collection GETs (`GET /images`, `/regions`, `/linode/instances`, `.../disks`): 200 a minute. */
  paginated: number;
  /**
   * Every request: 1600 a minute, the current techdocs figure. (The older spec intro said 400 a minute; pass
   * `general: 400` to try an extension against that one.)
   */
  general: number;
  /** Window length; one minute as Linode's. Tests shorten it. */
  windowMs: number;
}

export type RateLimitOption = boolean | Partial<RateLimitSettings>;

export const LINODE_RATE_LIMITS: Readonly<RateLimitSettings> = Object.freeze({
  listImages: 20,
  paginated: 200,
  general: 1600,
  windowMs: 60_000,
});

export type LimitName = 'listImages' | 'paginated' | 'general';

/** What the limiter needs to know about a request: its method and its route pattern (`images/:imageId`). */
export interface LimitedRequest {
  method: string;
  /** The route pattern relative to the version, segments joined by `/`, parameters as `:name`. */
  pattern: string;
}

/** Single resources that end in a literal segment, so they do not look like collections. */
const SINGLETONS = new Set(['profile', 'account', 'sharegroup']);

/** The limits that apply to a request, most specific first. */
export function limitsFor(request: LimitedRequest): LimitName[] {
  const names: LimitName[] = [];
  if (request.method === 'GET') {
    if (request.pattern === 'images') names.push('listImages');
    const last = request.pattern.split('/').at(-1) ?? '';
    // A collection is a GET whose path ends in a literal (`linode/instances`), not an id (`images/:imageId`).
    if (!last.startsWith(':') && !SINGLETONS.has(last)) names.push('paginated');
  }
  names.push('general');
  return names;
}

interface Window {
  start: number;
  count: number;
}

export interface LimitVerdict {
  /** `X-RateLimit-Limit/Remaining/Reset`, for the limit closest to running out. */
  headers: Record<string, string>;
}

export function resolveRateLimits(option: RateLimitOption | undefined): RateLimitSettings | undefined {
  if (option === undefined || option === false) return undefined;
  const settings = { ...LINODE_RATE_LIMITS, ...(option === true ? {} : option) };
  for (const [key, value] of Object.entries(settings)) {
    if (!(Number.isInteger(value) && value > 0)) {
      throw new Error(`rate limit "${key}" must be a positive whole number, got ${String(value)}`);
    }
  }
  return settings;
}

export class RateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(
    readonly settings: RateLimitSettings,
    private readonly now: () => number = Date.now,
  ) {}

  /** Forgets every window (the simulator's reset). */
  clear(): void {
    this.windows.clear();
  }

  /**
   * Counts the request against every limit that applies, and returns the headers to send; or throws a 429
   * ApiError (with `Retry-After` and the headers of the limit that refused it) and counts nothing.
   */
  take(key: string, request: LimitedRequest): LimitVerdict {
    const now = this.now();
    const applying = limitsFor(request).map((name) => ({ name, limit: this.settings[name], window: this.window(key, name, now) }));
    const refusing = applying.find(({ limit, window }) => window.count >= limit);
    if (refusing) {
      const resetAt = refusing.window.start + this.settings.windowMs;
      const retryAfter = Math.max(1, Math.ceil((resetAt - now) / 1000));
      throw new ApiError(429, [{ reason: 'Too many requests' }], {
        'Retry-After': String(retryAfter),
        ...headers(refusing.limit, 0, resetAt),
      });
    }
    for (const { window } of applying) window.count += 1;
    // Report the limit closest to running out (a smaller limit wins a tie), so a client pacing on these headers
    // slows down for the limit that would refuse it first.
    const tightest = applying.reduce((best, candidate) => {
      const left = candidate.limit - candidate.window.count;
      const bestLeft = best.limit - best.window.count;
      return left < bestLeft || (left === bestLeft && candidate.limit < best.limit) ? candidate : best;
    });
    return { headers: headers(tightest.limit, tightest.limit - tightest.window.count, tightest.window.start + this.settings.windowMs) };
  }

  private window(key: string, name: LimitName, now: number): Window {
    const id = `${name} ${key}`;
    let window = this.windows.get(id);
    if (!window || now - window.start >= this.settings.windowMs) {
      window = { start: now, count: 0 };
      this.windows.set(id, window);
    }
    return window;
  }
}

function headers(limit: number, remaining: number, resetAtMs: number): Record<string, string> {
  return {
    'X-RateLimit-Limit': String(limit),
    'X-RateLimit-Remaining': String(Math.max(0, remaining)),
    // Epoch seconds, rounded up so that a client waiting until then is never early.
    'X-RateLimit-Reset': String(Math.ceil(resetAtMs / 1000)),
  };
}
