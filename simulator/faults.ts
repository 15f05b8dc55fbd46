// Fault injection: rules that make the next matching request(s) fail, stall, or lose their connection.

export type Origin = 'api' | 'upload' | 'login';

export interface FaultRule {
  /**
   * Which server; the api and upload origins when omitted. The login origin takes only rules that name it
   * (`origin: 'login'`), so a catch-all rule aimed at the API never breaks a sign-in by accident.
   */
  origin?: Origin;
  /** HTTP method, any case; any when omitted. */
  method?: string;
  /**
   * A string matches the raw path exactly (without the query), also with its `/v4` or `/v4beta` prefix left
   * off (`/images` matches `/v4/images` and `/v4beta/images`). A RegExp is tested against the raw path, then
   * against the path with its query. Any path when omitted.
   */
  path?: string | RegExp;
  /** Respond with this status and an error body instead of handling the request. */
  status?: number;
  /** The error reason in that body (default: from the status). */
  reason?: string;
  /** Replaces the whole JSON error body (api origin). */
  body?: unknown;
  /**
   * Answers with this text as it is instead of handling the request (api origin): status `status` (default 200),
   * `Content-Type` `contentType` (default `text/html; charset=utf-8`). For a captive portal's or a proxy's page.
   */
  rawBody?: string;
  /** The `Content-Type` of a `rawBody` answer. */
  contentType?: string;
  /** Handles the request as usual, then answers this JSON value instead of the real answer (api origin). */
  replaceBody?: unknown;
  /** Handles the request as usual, then sets these fields on the JSON answer (a list's envelope: `{ pages: 100000 }`). */
  patchBody?: Record<string, unknown>;
  /** Handles the request as usual, then sets these fields on every item of a list answer's `data`. */
  patchItems?: Record<string, unknown>;
  /** Answers with the nulls the real API sends where the spec has values (see realWorld.ts). */
  realWorldNulls?: boolean;
  /** Seconds, sent as `Retry-After` (use with 429). */
  retryAfter?: number;
  /** Wait this long before doing anything else. */
  delayMs?: number;
  /** Destroy the socket without any response. */
  drop?: boolean;
  /** Destroy the socket once this many request-body bytes have arrived. */
  dropAfterBytes?: number;
  /** Read the request body no faster than this (lets tests cancel mid-transfer). */
  bytesPerSecond?: number;
  /**
   * Handles the request completely (the server acts: a container is made, the bytes are accepted), then destroys
   * the connection instead of answering: the client never learns what happened. Both origins.
   */
  loseAnswer?: boolean;
  /** Handles the request at once, but answers only after this many ms (so a client's timeout fires first). Both origins. */
  answerDelayMs?: number;
  /** How many requests the rule applies to; default 1, Infinity allowed. */
  times?: number;
}

export interface ActiveFault extends FaultRule {
  /** Requests the rule will still apply to. */
  remaining: number;
}

export interface FaultControl {
  add(rule: FaultRule): void;
  clear(): void;
  /** Rules not yet used up, in matching order. */
  list(): ActiveFault[];
}

export class FaultList implements FaultControl {
  private rules: ActiveFault[] = [];

  add(rule: FaultRule): void {
    const times = rule.times ?? 1;
    if (!(times > 0)) {
      throw new Error(`fault "times" must be positive, got ${String(rule.times)}`);
    }
    if (rule.status !== undefined && !(Number.isInteger(rule.status) && rule.status >= 100 && rule.status <= 599)) {
      throw new Error(`fault "status" must be an HTTP status, got ${String(rule.status)}`);
    }
    for (const key of ['delayMs', 'dropAfterBytes', 'retryAfter', 'answerDelayMs'] as const) {
      const value = rule[key];
      if (value !== undefined && !(value >= 0)) {
        throw new Error(`fault "${key}" must be zero or more, got ${String(value)}`);
      }
    }
    if (rule.bytesPerSecond !== undefined && !(rule.bytesPerSecond > 0)) {
      throw new Error(`fault "bytesPerSecond" must be positive, got ${String(rule.bytesPerSecond)}`);
    }
    this.rules.push({ ...rule, remaining: times });
  }

  clear(): void {
    this.rules = [];
  }

  list(): ActiveFault[] {
    return this.rules.map((rule) => ({ ...rule }));
  }

  /** The first matching rule, used up by one; undefined when none matches. */
  take(origin: Origin, method: string, rawPath: string): FaultRule | undefined {
    const index = this.rules.findIndex((rule) => matches(rule, origin, method, rawPath));
    if (index < 0) {
      return undefined;
    }
    const rule = this.rules[index];
    rule.remaining -= 1;
    if (rule.remaining <= 0) {
      this.rules.splice(index, 1);
    }
    const { remaining: _remaining, ...applied } = rule;
    return applied;
  }
}

function matches(rule: FaultRule, origin: Origin, method: string, rawPath: string): boolean {
  if ((rule.origin && rule.origin !== origin) || (origin === 'login' && rule.origin !== 'login')) {
    return false;
  }
  if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) {
    return false;
  }
  if (rule.path === undefined) {
    return true;
  }
  const queryAt = rawPath.indexOf('?');
  const pathOnly = queryAt < 0 ? rawPath : rawPath.slice(0, queryAt);
  if (typeof rule.path === 'string') {
    const unversioned = pathOnly.replace(/^\/v4(beta)?(?=\/)/, '');
    return rule.path === pathOnly || rule.path === unversioned;
  }
  rule.path.lastIndex = 0;
  if (rule.path.test(pathOnly)) {
    return true;
  }
  rule.path.lastIndex = 0;
  return rule.path.test(rawPath);
}

/** Builds a rule from the JSON the control API receives (`pathRegex`, `times: null | "Infinity"`). */
export function faultFromJson(input: unknown): FaultRule {
  if (!input || typeof input !== 'object' || Array.isArray(input)) {
    throw new Error('a fault must be a JSON object');
  }
  const raw = input as Record<string, unknown>;
  const known = new Set([
    'origin', 'method', 'path', 'pathRegex', 'pathRegexFlags', 'status', 'reason', 'body', 'retryAfter', 'delayMs',
    'drop', 'dropAfterBytes', 'bytesPerSecond', 'times', 'rawBody', 'contentType', 'replaceBody', 'patchBody', 'patchItems',
    'realWorldNulls', 'loseAnswer', 'answerDelayMs',
  ]);
  const unknown = Object.keys(raw).filter((key) => !known.has(key));
  if (unknown.length > 0) {
    throw new Error(`unknown fault properties: ${unknown.join(', ')}`);
  }
  const rule: FaultRule = {};
  if (raw.origin !== undefined) {
    if (raw.origin !== 'api' && raw.origin !== 'upload' && raw.origin !== 'login') {
      throw new Error('origin must be "api", "upload" or "login"');
    }
    rule.origin = raw.origin;
  }
  if (raw.method !== undefined) {
    rule.method = String(raw.method);
  }
  if (raw.path !== undefined && raw.pathRegex !== undefined) {
    throw new Error('give either path or pathRegex');
  }
  if (raw.path !== undefined) {
    rule.path = String(raw.path);
  }
  if (raw.pathRegex !== undefined) {
    rule.path = new RegExp(String(raw.pathRegex), raw.pathRegexFlags === undefined ? '' : String(raw.pathRegexFlags));
  }
  for (const key of ['status', 'retryAfter', 'delayMs', 'dropAfterBytes', 'bytesPerSecond', 'answerDelayMs'] as const) {
    if (raw[key] !== undefined) {
      if (typeof raw[key] !== 'number') {
        throw new Error(`${key} must be a number`);
      }
      rule[key] = raw[key];
    }
  }
  if (raw.times !== undefined) {
    rule.times = raw.times === null || raw.times === 'Infinity' ? Number.POSITIVE_INFINITY : Number(raw.times);
  }
  if (raw.reason !== undefined) {
    rule.reason = String(raw.reason);
  }
  if (raw.body !== undefined) {
    rule.body = raw.body;
  }
  if (raw.drop !== undefined) {
    rule.drop = raw.drop === true;
  }
  if (raw.loseAnswer !== undefined) {
    rule.loseAnswer = raw.loseAnswer === true;
  }
  for (const key of ['rawBody', 'contentType'] as const) {
    if (raw[key] !== undefined) {
      if (typeof raw[key] !== 'string') {
        throw new Error(`${key} must be a string`);
      }
      rule[key] = raw[key];
    }
  }
  if (raw.replaceBody !== undefined) {
    rule.replaceBody = raw.replaceBody;
  }
  for (const key of ['patchBody', 'patchItems'] as const) {
    if (raw[key] !== undefined) {
      const patch = raw[key];
      if (!patch || typeof patch !== 'object' || Array.isArray(patch)) {
        throw new Error(`${key} must be a JSON object`);
      }
      rule[key] = patch as Record<string, unknown>;
    }
  }
  if (raw.realWorldNulls !== undefined) {
    rule.realWorldNulls = raw.realWorldNulls === true;
  }
  return rule;
}

/** JSON view of a rule (RegExp as pathRegex, Infinity as "Infinity"). */
export function faultToJson(rule: ActiveFault): Record<string, unknown> {
  const { path, remaining, times, ...rest } = rule;
  const json: Record<string, unknown> = { ...rest };
  if (path instanceof RegExp) {
    json.pathRegex = path.source;
    json.pathRegexFlags = path.flags;
  } else if (path !== undefined) {
    json.path = path;
  }
  json.times = times === Number.POSITIVE_INFINITY ? 'Infinity' : times ?? 1;
  json.remaining = remaining === Number.POSITIVE_INFINITY ? 'Infinity' : remaining;
  return json;
}
