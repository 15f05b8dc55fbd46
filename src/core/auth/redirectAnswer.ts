// What a sign-in redirect carried, read the same way wherever it arrives: at the loopback listener, or handed to
// VS Code's URI handler (remote and web workbenches). No `vscode` import: this is the core.
import { timingSafeEqual } from 'node:crypto';
import { CancelledError } from '../api/errors';
import { l10n } from '../l10n';
import { SignInStateError, SignInTimeoutError, describeDuration } from './errors';

/** How long a sign-in waits for the browser to come back. */
export const DEFAULT_SIGN_IN_TIMEOUT_MS = 5 * 60_000;

/** What Linode's redirect carried in its query (its `state` already checked). */
export type RedirectResult =
  /** The code to exchange at the token endpoint (with the secret, or a public app's PKCE verifier). */
  | { kind: 'code'; code: string }
  /** The login server said no (`access_denied` when the user pressed Cancel). */
  | { kind: 'error'; error: string; description: string | undefined };

export type RedirectOutcome = { ok: true; value: RedirectResult } | { ok: false; error: Error };

/** Where a sign-in waits for Linode's redirect. */
export interface RedirectReceiver {
  /** The `redirect_uri` of the authorization request. */
  redirectUri: string;
  /** The answer; settles once. */
  result: Promise<RedirectResult>;
  /** Stops waiting (a pending result rejects with CancelledError). Safe to call again. */
  close(): Promise<void>;
}

export interface ReceiverOptions {
  /** The `state` sent in the authorization request; an answer with any other is refused. */
  state: string;
  /** The result rejects with SignInTimeoutError when no answer came within this. Default 5 minutes. */
  timeoutMs?: number;
  /** Aborting rejects the result with CancelledError. */
  signal?: AbortSignal;
  /** One line per event; never a token, code, secret or the state. */
  log?: (line: string) => void;
}

/** Whether the parameters hold an answer at all (a code or an error). */
export function hasAnswer(params: URLSearchParams): boolean {
  return params.has('code') || params.has('error');
}

/** Compares in constant time, so the state cannot be guessed a character at a time. */
export function stateMatcher(expected: string): (given: string | null) => boolean {
  const expectedBytes = Buffer.from(expected, 'utf8');
  return (given) => {
    if (given === null) return false;
    const bytes = Buffer.from(given, 'utf8');
    return bytes.length === expectedBytes.length && timingSafeEqual(bytes, expectedBytes);
  };
}

/**
 * The outcome of an answer's parameters, and a log line that names no secret. `where` ("the query") is for the
 * log line only. The log is the developer's, in English: its lines do not go through l10n.
 */
export function readAnswer(params: URLSearchParams, stateMatches: (given: string | null) => boolean, where: string): { outcome: RedirectOutcome; line: string } {
  if (!stateMatches(params.get('state'))) {
    // eslint-disable-next-line local/user-strings -- a log line
    return { outcome: { ok: false, error: new SignInStateError() }, line: `refused an answer in ${where} whose state does not match this sign-in` };
  }
  const error = params.get('error');
  if (error !== null) {
    const description = params.get('error_description') ?? undefined;
    return {
      outcome: { ok: true, value: { kind: 'error', error, description } },
      // eslint-disable-next-line local/user-strings -- a log line
      line: `Linode answered with an error (${/^[A-Za-z0-9_.-]{1,64}$/.test(error) ? error : 'unreadable code'}) in ${where}`,
    };
  }
  const code = params.get('code') ?? '';
  // eslint-disable-next-line local/user-strings -- a log line
  return { outcome: { ok: true, value: { kind: 'code', code } }, line: `received a code in ${where}` };
}

/** The one ending of a wait for the answer: the first outcome, the timeout, or the signal, whichever comes first. */
export interface WaitEnd<Extra> {
  /** Ends the wait with this outcome, unless it has ended already. */
  finish(outcome: RedirectOutcome, extra?: Extra): void;
  readonly finished: boolean;
}

export function endOfWait<Extra = never>(
  options: ReceiverOptions,
  log: (line: string) => void,
  settle: (outcome: RedirectOutcome, extra?: Extra) => void,
): WaitEnd<Extra> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_SIGN_IN_TIMEOUT_MS;
  let finished = false;
  const finish = (outcome: RedirectOutcome, extra?: Extra): void => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    settle(outcome, extra);
  };
  const timer = setTimeout(() => {
    log(`no answer within ${describeDuration(timeoutMs)}; stopped`);
    finish({ ok: false, error: new SignInTimeoutError(timeoutMs) });
  }, timeoutMs);
  const onAbort = (): void => {
    log('cancelled');
    finish({ ok: false, error: new CancelledError(l10n.t('The sign-in was cancelled.')) });
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  // Aborted while the wait was being set up: the event has already fired.
  if (options.signal?.aborted) onAbort();
  return {
    finish,
    get finished() {
      return finished;
    },
  };
}

/** A receiver whose answer is handed in from outside (VS Code's URI handler), with the same checks and limits. */
export interface HandedReceiver extends RedirectReceiver {
  /**
   * Hands in a redirect's query. Returns false when it holds no answer or the sign-in is over, so the caller can
   * say so.
   */
  deliver(query: string): boolean;
}

export function startHandedReceiver(redirectUri: string, options: ReceiverOptions): HandedReceiver {
  const timeoutMs = options.timeoutMs ?? DEFAULT_SIGN_IN_TIMEOUT_MS;
  const log = (line: string): void => options.log?.(`Sign-in: ${line}`);
  const stateMatches = stateMatcher(options.state);
  let settle!: (outcome: RedirectOutcome) => void;
  const result = new Promise<RedirectResult>((resolve, reject) => {
    settle = (outcome) => (outcome.ok ? resolve(outcome.value) : reject(outcome.error));
  });
  result.catch(() => undefined);
  const wait = endOfWait(options, log, (outcome) => settle(outcome));
  const finish = wait.finish;
  log(`waiting for the answer through VS Code's URI handler (up to ${describeDuration(timeoutMs)})`);

  return {
    redirectUri,
    result,
    deliver(query) {
      if (wait.finished) return false;
      const params = new URLSearchParams(query);
      if (!hasAnswer(params)) {
        log('the URI handler got a link with no sign-in answer');
        return false;
      }
      // eslint-disable-next-line local/user-strings -- for the log line only
      const { outcome, line } = readAnswer(params, stateMatches, 'the query');
      log(line);
      finish(outcome);
      return true;
    },
    close: () => {
      if (!wait.finished) log('closed before an answer came');
      finish({ ok: false, error: new CancelledError(l10n.t('The sign-in was closed.')) });
      return Promise.resolve();
    },
  };
}
