// The API origin: faults, auth and scopes, JSON bodies, common headers, recording; then the route handlers.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultRule } from './faults';
import {
  answerAfterFault,
  ApiError,
  decodeSegments,
  notFound,
  readSmallBody,
  delayOrDrop,
  startExchange,
  responseHeaderRecord,
  writeResponse,
} from './http';
import type { LimitedRequest } from './rateLimits';
import { withRealWorldNulls } from './realWorld';
import { matchRoutes } from './routes';
import type { Access } from './routeTypes';
import { defaultReason, faultHeaders, RATE_LIMIT, record, type ServerContext } from './serverContext';
import { bearerToken, scopesAllow, SIMULATOR_USERNAME, tokenExpired } from './tokens';

const SPEC_VERSION = '4.189.0';
const MAX_JSON_BODY = 1024 * 1024;
const RATE_WINDOW_MS = 60_000;

interface RateWindow {
  start: number;
  count: number;
}

export function createApiHandler(context: ServerContext): (req: IncomingMessage, res: ServerResponse) => void {
  const rateWindows = new Map<string, RateWindow>();

  function rateHeaders(key: string, limited: LimitedRequest): Record<string, string> {
    if (context.rateLimiter) {
      return context.rateLimiter.take(key, limited).headers;
    }
    const now = Date.now();
    let window = rateWindows.get(key);
    if (!window || now - window.start >= RATE_WINDOW_MS) {
      window = { start: now, count: 0 };
      rateWindows.set(key, window);
    }
    window.count += 1;
    return {
      'X-RateLimit-Limit': String(RATE_LIMIT),
      'X-RateLimit-Remaining': String(Math.max(0, RATE_LIMIT - window.count)),
      'X-RateLimit-Reset': String(Math.ceil((window.start + RATE_WINDOW_MS) / 1000)),
    };
  }

  return (req, res) => {
    void handle(req, res).catch((error: unknown) => {
      context.log(`api handler failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      if (!res.headersSent) {
        writeResponse(res, 500, { 'Content-Type': 'application/json' }, JSON.stringify({ errors: [{ reason: 'Simulator error' }] }));
      }
    });
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawPath = req.url ?? '/';
    const method = (req.method ?? 'GET').toUpperCase();
    if (/^\/__simulator(\/|\?|$)/.test(rawPath)) {
      const { body } = await readSmallBody(req, MAX_JSON_BODY, { timers: context.timers });
      context.control(req, res, body);
      return;
    }

    const { exchange, started } = startExchange('api', req);
    const finish = (): void => {
      exchange.durationMs = Date.now() - started;
      record(context, exchange);
    };

    const fault = context.faults.take('api', method, rawPath);
    if (await delayOrDrop(fault, req, exchange, finish, context.timers)) return;

    const { outcome, body: rawBody } = await readSmallBody(req, MAX_JSON_BODY, {
      timers: context.timers,
      dropAfterBytes: fault?.dropAfterBytes,
      bytesPerSecond: fault?.bytesPerSecond,
    });
    const bodyText = rawBody.toString('utf8');
    if (bodyText.length > 0) {
      exchange.requestBody = parseRecordedBody(bodyText);
    }
    if (outcome === 'dropped' || outcome === 'aborted') {
      exchange.dropped = outcome === 'dropped';
      finish();
      return;
    }

    // Whatever the answer, a loseAnswer or answerDelayMs fault decides whether and when it goes out.
    const send = (status: number, body: unknown, headers: Record<string, string>): void => {
      void answerAfterFault(fault, res, exchange, finish, context.timers, () => sendNow(status, body, headers));
    };
    const sendNow = (status: number, body: unknown, headers: Record<string, string>): void => {
      const text = JSON.stringify(body);
      writeResponse(res, status, { 'Content-Type': 'application/json', 'X-Spec-Version': SPEC_VERSION, ...headers }, text);
      exchange.status = status;
      exchange.responseHeaders = responseHeaderRecord(res);
      exchange.responseBody = JSON.parse(text) as unknown;
      finish();
    };

    if (fault?.rawBody !== undefined) {
      // Not JSON on purpose: what a proxy or captive portal puts in front of the API.
      writeResponse(res, fault.status ?? 200, { 'Content-Type': fault.contentType ?? 'text/html; charset=utf-8', ...faultHeaders(fault) }, fault.rawBody);
      exchange.status = fault.status ?? 200;
      exchange.responseHeaders = responseHeaderRecord(res);
      exchange.responseBody = fault.rawBody;
      finish();
      return;
    }
    if (fault?.status !== undefined) {
      send(fault.status, faultBody(fault), faultHeaders(fault));
      return;
    }
    if (outcome === 'too-large') {
      send(413, { errors: [{ reason: 'Request body too large' }] }, {});
      return;
    }

    let extraHeaders: Record<string, string> = {};
    try {
      const result = dispatch(req, method, rawPath, bodyText, (headers) => {
        extraHeaders = headers;
      });
      send(result.status ?? 200, alteredAnswer(result.body, fault, context.realWorldNulls === true), extraHeaders);
    } catch (error) {
      if (error instanceof ApiError) {
        send(error.status, { errors: error.errors }, { ...extraHeaders, ...error.headers });
      } else {
        throw error;
      }
    }
  }

  function dispatch(
    req: IncomingMessage,
    method: string,
    rawPath: string,
    bodyText: string,
    setHeaders: (headers: Record<string, string>) => void,
  ): { status?: number; body: unknown } {
    const url = new URL(rawPath, 'http://simulator.invalid');
    const segments = decodeSegments(url.pathname);
    if (!segments || (segments[0] !== 'v4' && segments[0] !== 'v4beta')) {
      throw notFound();
    }
    const apiVersion = segments[0] === 'v4beta' ? 'v4beta' : 'v4';
    const candidates = matchRoutes(segments.slice(1), { state: context.state, apiVersion });
    if (candidates.length === 0) {
      throw notFound();
    }
    const matched = candidates.find((candidate) => candidate.route.method === method);
    if (!matched) {
      throw new ApiError(405, [{ reason: 'Method Not Allowed' }], {
        Allow: [...new Set(candidates.map((candidate) => candidate.route.method))].join(', '),
      });
    }

    const token = authorize(req, matched.route.access, setHeaders, { method, pattern: matched.route.pattern.join('/') });
    context.state.advance();
    let body: unknown;
    if (bodyText.trim().length > 0) {
      try {
        body = JSON.parse(bodyText);
      } catch {
        throw ApiError.single(400, 'Invalid JSON');
      }
    }
    return matched.route.handle({
      state: context.state,
      params: matched.params,
      query: url.searchParams,
      body,
      headers: lowerCaseHeaderValues(req),
      token,
      uploadOrigin: context.uploadOrigin,
      apiVersion,
      // The token's user (login-origin tokens); the default tokens, and requests without one, are the simulator user's.
      username: (token === undefined ? undefined : context.state.tokens.get(token)?.username) ?? SIMULATOR_USERNAME,
    });
  }

  /** Returns the token (undefined if none was sent and the route allows that) or throws 401. */
  function authorize(
    req: IncomingMessage,
    access: Access,
    setHeaders: (headers: Record<string, string>) => void,
    limited: LimitedRequest,
  ): string | undefined {
    const token = bearerToken(req.headers.authorization);
    if (token === undefined) {
      if (access.kind === 'token') {
        throw ApiError.single(401, 'Invalid Token');
      }
      setHeaders(rateHeaders('anonymous', limited));
      return undefined;
    }
    const known = context.state.tokens.get(token);
    // An expired token (a login-origin token past its `expires_in`, or the expire-token knob) is refused like an
    // unknown one, as the real API does.
    if (!known || tokenExpired(known, context.state.now())) {
      throw ApiError.single(401, 'Invalid Token');
    }
    setHeaders({ 'X-OAuth-Scopes': known.scopes.join(' '), ...rateHeaders(token, limited) });
    if (access.kind !== 'none') {
      const missing = access.scopes.filter(([area, level]) => !scopesAllow(known.scopes, area, level));
      if (missing.length > 0) {
        throw new ApiError(401, [{ reason: 'Your OAuth token is not authorized to use this endpoint.' }], {
          'X-OAuth-Scopes': known.scopes.join(' '),
          'X-Accepted-OAuth-Scopes': access.scopes.map(([area, level]) => `${area}:${level}`).join(' '),
        });
      }
    }
    return token;
  }
}

function lowerCaseHeaderValues(req: IncomingMessage): Record<string, string | undefined> {
  const result: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    result[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return result;
}

/** The body as recorded: parsed JSON (without a Linode's root password, which would show in logs), else the text. */
function parseRecordedBody(text: string): unknown {
  let body: unknown;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    return text;
  }
  return isJsonObject(body) && typeof body.root_pass === 'string' ? { ...body, root_pass: REDACTED_PASSWORD } : body;
}

const REDACTED_PASSWORD = '<redacted>';

/** The handled answer as the options and the fault alter it: real-world nulls, then a replacement, then patches. */
function alteredAnswer(body: unknown, fault: FaultRule | undefined, realWorldNulls: boolean): unknown {
  let answer = realWorldNulls || fault?.realWorldNulls ? withRealWorldNulls(body) : body;
  if (fault?.replaceBody !== undefined) answer = fault.replaceBody;
  if (fault?.patchBody && isJsonObject(answer)) answer = { ...answer, ...fault.patchBody };
  const patchItems = fault?.patchItems;
  if (patchItems && isJsonObject(answer) && Array.isArray(answer.data)) {
    answer = { ...answer, data: answer.data.map((item: unknown) => (isJsonObject(item) ? { ...item, ...patchItems } : item)) };
  }
  return answer;
}

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function faultBody(fault: FaultRule): unknown {
  if (fault.body !== undefined) {
    return fault.body;
  }
  return { errors: [{ reason: fault.reason ?? defaultReason(fault.status ?? 500) }] };
}
