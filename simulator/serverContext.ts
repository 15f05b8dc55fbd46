// What the simulator's origins (api, upload, login) share: the context they run in, how an exchange is recorded, and
// the reason text and headers of a fault's answer.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultList, FaultRule } from './faults';
import type { RecordedExchange, TimerSet, UploadRecord } from './http';
import type { LoginService } from './loginService';
import type { RateLimiter } from './rateLimits';
import type { SimulatorState } from './state';

/** The general limit the techdocs give; reported in headers, enforced only with the `rateLimits` option. */
export const RATE_LIMIT = 1600;

export interface ServerContext {
  state: SimulatorState;
  faults: FaultList;
  requests: RecordedExchange[];
  uploads: UploadRecord[];
  timers: TimerSet;
  recordLimit: number;
  apiUrl: string;
  uploadOrigin: string;
  /** The login origin (login.ts), '' when it is off. */
  loginOrigin: string;
  /** Its codes and refresh tokens; undefined when the login origin is off. */
  login?: LoginService;
  log: (line: string) => void;
  /** Set when the simulator enforces Linode's rate limits (the `rateLimits` option). */
  rateLimiter?: RateLimiter;
  /** Answers carry the nulls the real API sends (the `realWorldNulls` option; see realWorld.ts). */
  realWorldNulls?: boolean;
  /** Handles /__simulator/ requests (the control API). */
  control: (req: IncomingMessage, res: ServerResponse, body: Buffer) => void;
}

/**
 * Listeners that hear of every exchange of every simulator in this process, kept through resets: a test run can
 * check something of all the requests it made (every one named its client in a User-Agent).
 */
const exchangeTaps = new Set<(exchange: RecordedExchange) => void>();

/** Adds a listener for every exchange recorded from now on; returns the function that removes it. */
export function tapExchanges(listener: (exchange: RecordedExchange) => void): () => void {
  exchangeTaps.add(listener);
  return () => exchangeTaps.delete(listener);
}

export function record(context: ServerContext, exchange: RecordedExchange): void {
  for (const tap of exchangeTaps) tap(exchange);
  context.requests.push(exchange);
  if (context.requests.length > context.recordLimit) {
    context.requests.splice(0, context.requests.length - context.recordLimit);
  }
  const status = exchange.dropped ? 'dropped' : exchange.status === 0 ? 'no response' : String(exchange.status);
  context.log(`${exchange.origin} ${exchange.method} ${exchange.path} -> ${status} (${exchange.durationMs} ms)`);
}

/** Reason texts the real API uses for common statuses. */
export function defaultReason(status: number): string {
  switch (status) {
    case 400: return 'Bad Request';
    case 401: return 'Invalid Token';
    case 403: return 'Forbidden';
    case 404: return 'Not found';
    case 429: return 'Too many requests';
    case 500: return 'Internal Server Error';
    case 502: return 'Bad Gateway';
    case 503: return 'Service Unavailable';
    case 504: return 'Gateway Timeout';
    default: return `HTTP ${status}`;
  }
}

/** Headers a fault's answer carries: `Retry-After` when it sets one, the rate-limit headers of a 429. */
export function faultHeaders(fault: FaultRule): Record<string, string> {
  const headers: Record<string, string> = {};
  if (fault.retryAfter !== undefined) {
    headers['Retry-After'] = String(fault.retryAfter);
  }
  if (fault.status === 429) {
    headers['X-RateLimit-Limit'] = String(RATE_LIMIT);
    headers['X-RateLimit-Remaining'] = '0';
    headers['X-RateLimit-Reset'] = String(Math.ceil((Date.now() + (fault.retryAfter ?? 60) * 1000) / 1000));
  }
  return headers;
}
