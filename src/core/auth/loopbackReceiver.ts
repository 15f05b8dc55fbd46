// The sign-in's loopback listener (RFC 8252 §7.3): Linode's login page redirects the browser to
// http://127.0.0.1:<port>/callback?code=…&state=…, and this server takes the answer from the query (both kinds of
// app use the code flow). In a remote window the browser reaches it through VS Code's port forwarding, under
// another host and port (`acceptedHosts`). One answer is taken; then the server closes. No `vscode` import: this is
// the core.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CancelledError } from '../api/errors';
import { l10n } from '../l10n';
import { describeDuration } from './errors';
import {
  DEFAULT_SIGN_IN_TIMEOUT_MS,
  endOfWait,
  hasAnswer,
  readAnswer,
  stateMatcher,
  type ReceiverOptions,
  type RedirectReceiver,
  type RedirectResult,
} from './redirectAnswer';

export {  type RedirectResult } from './redirectAnswer';
const DEFAULT_CALLBACK_PATH = '/callback';
/** After the answer, connections the browser keeps open are cut after this long, so the port is freed. */
const CLOSE_GRACE_MS = 1_000;

export interface LoopbackReceiverOptions extends ReceiverOptions {
  /** Path of the redirect URI. Default `/callback`. */
  path?: string;
  /** 0 (default) for any free port. */
  port?: number;
  /**
   * The language of the browser's page (a BCP 47 tag such as VS Code's display language, `de` or `zh-cn`): the one
   * the installed translator gives its texts in. Default `en`.
   */
  language?: string;
  /**
   * The address the browser is sent to, when it is not the listener's own (a remote window: VS Code forwards a port
   * of the local machine to it, `vscode.env.asExternalUri`). Its host is accepted in the Host header too.
   */
  externalUri?: (redirectUri: string) => Promise<string>;
}

export interface LoopbackReceiver extends RedirectReceiver {
  /** `http://127.0.0.1:<port><path>`, or the address VS Code forwards to it: for the authorization request. */
  redirectUri: string;
}

// The media types of the answers; each answer says its charset, so the browser reads the texts right in any language.
// eslint-disable-next-line local/user-strings -- a Content-Type header
const PLAIN_TEXT = 'text/plain; charset=utf-8';
// eslint-disable-next-line local/user-strings -- a Content-Type header
const HTML = 'text/html; charset=utf-8';

export async function startLoopbackReceiver(options: LoopbackReceiverOptions): Promise<LoopbackReceiver> {
  const path = options.path ?? DEFAULT_CALLBACK_PATH;
  if (!/^\/[A-Za-z0-9\-._~/]*$/.test(path)) {
    throw new Error(l10n.t('The callback path must start with "/" and hold only letters, digits and "-._~/", not "{0}".', path));
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_SIGN_IN_TIMEOUT_MS;
  const log = (line: string): void => options.log?.(`Sign-in: ${line}`);
  if (options.signal?.aborted) throw new CancelledError(l10n.t('The sign-in was cancelled.'));
  // Only a well-formed tag goes into the page (it is written into an attribute).
  const language = options.language !== undefined && /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/.test(options.language) ? options.language : 'en';

  let resolveResult!: (value: RedirectResult) => void;
  let rejectResult!: (error: Error) => void;
  const result = new Promise<RedirectResult>((resolve, reject) => {
    resolveResult = resolve;
    rejectResult = reject;
  });
  // Whoever starts a receiver may fail before awaiting the result (the browser does not open); not unhandled then.
  result.catch(() => undefined);

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) respond(res, 500, PLAIN_TEXT, l10n.t('Something went wrong.'));
      else res.destroy();
    });
  });
  // Malformed requests (a port scanner, a half-open socket) are dropped without a word.
  server.on('clientError', (_error, socket) => socket.destroy());

  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(new Error(l10n.t('Could not listen on {0} for the sign-in answer ({1}).', `127.0.0.1:${options.port ?? 0}`, error.code ?? error.message)));
    });
    // 127.0.0.1 only: nothing on the network can reach the listener, and the redirect URI names an IP, not
    // `localhost`, which could resolve to another interface (RFC 8252 §8.3).
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
  const origin = `http://127.0.0.1:${port}`;
  const localUri = `${origin}${path}`;
  let redirectUri = localUri;
  const acceptedHosts = new Set([`127.0.0.1:${port}`]);
  if (options.externalUri) {
    try {
      redirectUri = await options.externalUri(localUri);
      acceptedHosts.add(new URL(redirectUri).host);
    } catch (error) {
      server.close();
      throw error;
    }
  }
  log(`waiting for the answer on ${localUri}${redirectUri === localUri ? '' : ` (the browser comes through ${redirectUri})`} (up to ${describeDuration(timeoutMs)})`);

  let closed: Promise<void> | undefined;
  const shutdown = (): Promise<void> =>
    (closed ??= new Promise<void>((resolve) => {
      const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
      server.close(() => {
        clearTimeout(force);
        resolve();
      });
      server.closeIdleConnections();
    }));

  /** Takes the first outcome only; the result settles once the port is free. */
  const wait = endOfWait<ServerResponse>({ ...options, timeoutMs }, log, (outcome, afterResponse) => {
    const settle = (): void => {
      void shutdown().then(() => (outcome.ok ? resolveResult(outcome.value) : rejectResult(outcome.error)));
    };
    // The browser's page is answered first; closing the server would otherwise cut it off.
    if (afterResponse && !afterResponse.writableFinished) afterResponse.once('close', settle);
    else settle();
  });
  const finish = wait.finish;

  const stateMatches = stateMatcher(options.state);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    // Only requests addressed to this origin: a web page that rebinds its own name to 127.0.0.1 cannot talk here.
    if (!acceptedHosts.has(req.headers.host ?? '')) {
      log(`refused a ${method} request addressed to another host`);
      respond(res, 421, PLAIN_TEXT, l10n.t('Wrong host.'));
      return;
    }
    // The URL may carry the code: only its path is ever logged.
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname !== path) {
      respond(res, 404, HTML, page(language, l10n.t('Nothing here.')));
      return;
    }
    if (wait.finished) {
      respond(res, 410, HTML, page(language, l10n.t('This sign-in is over. You can close this tab and return to VS Code.')));
      return;
    }
    if (method !== 'GET') {
      res.setHeader('Allow', 'GET');
      respond(res, 405, PLAIN_TEXT, l10n.t('Method not allowed.'));
      return;
    }
    if (!hasAnswer(url.searchParams)) {
      log(`GET ${path} without an answer in the query`);
      respond(res, 400, HTML, page(language, noAnswerHere()));
      return;
    }
    // eslint-disable-next-line local/user-strings -- for the log line only
    const message = accept(url.searchParams, 'the query', res);
    // The code is used up in a moment, but it need not stay in the history entry either.
    respondWithPage(res, language, message.status, message.text, CLEAN_ADDRESS_SCRIPT);
  }

  /** Takes the answer (or refuses it for its state) and says what the browser's page should tell the user. */
  function accept(params: URLSearchParams, where: string, res: ServerResponse): { status: number; text: string } {
    const { outcome, line } = readAnswer(params, stateMatches, where);
    log(line);
    finish(outcome, res);
    if (!outcome.ok) {
      return { status: 400, text: l10n.t('This answer does not belong to the sign-in VS Code is waiting for, so it was refused. Start the sign-in again from VS Code.') };
    }
    if (outcome.value.kind === 'error') {
      const { error, description } = outcome.value;
      const why = error === 'access_denied' ? l10n.t('the sign-in was declined') : (description ?? error).slice(0, 200);
      return { status: 200, text: l10n.t('Linode did not sign you in: {0}. You can close this tab and return to VS Code.', why) };
    }
    return { status: 200, text: l10n.t('VS Code has the sign-in answer. You can close this tab and return to VS Code.') };
  }

  return {
    redirectUri,
    result,
    close: () => {
      if (!wait.finished) log('closed before an answer came');
      finish({ ok: false, error: new CancelledError(l10n.t('The sign-in was closed.')) });
      return shutdown();
    },
  };
}

/** Every answer: never cached, never quoted in a Referer, not framed, one connection per request. */
function respond(res: ServerResponse, status: number, contentType: string, body: string, nonce?: string): void {
  res.writeHead(status, {
    'Content-Type': contentType,
    'Cache-Control': 'no-store',
    Pragma: 'no-cache',
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Content-Security-Policy': contentSecurityPolicy(nonce),
    // So the port frees as soon as the answer is in, with no keep-alive connection holding the server open.
    Connection: 'close',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

/** Nothing may load or run but the script this answer carries (if any), and its POST back to this origin. */
function contentSecurityPolicy(nonce: string | undefined): string {
  const script = nonce ? `'nonce-${nonce}'` : "'none'";
  // eslint-disable-next-line local/user-strings -- a Content-Security-Policy header
  return `default-src 'none'; script-src ${script}; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;
}

/** A page whose script (if any) is the only one the answer's CSP lets run. */
function respondWithPage(res: ServerResponse, language: string, status: number, message: string, script: string): void {
  const nonce = randomBytes(16).toString('base64');
  respond(res, status, HTML, page(language, message, { script, nonce }), nonce);
}

/** Drops the query (a code) from the address bar and the history entry. */
const CLEAN_ADDRESS_SCRIPT = "history.replaceState(null, '', location.pathname);";

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/**
 * A small page in `language` that says one thing; `script` runs only with the nonce of its answer's CSP. Its
 * visible texts (the title, `message`) are translated and escaped; the markup is not text.
 */
function page(language: string, message: string, extra: { script: string; nonce: string } | undefined = undefined): string {
  const title = escapeHtml(l10n.t('Sign in with Linode'));
  // eslint-disable-next-line local/user-strings -- HTML markup
  const script = extra ? `<script nonce="${extra.nonce}">${extra.script}</script>` : '';
  // eslint-disable-next-line local/user-strings -- HTML markup and CSS; the texts in it went through l10n.t above
  return `<!doctype html>
<html lang="${escapeHtml(language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
<style>body { font-family: system-ui, sans-serif; max-width: 36rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.5; }</style>
</head>
<body>
<main>
<h1>${title}</h1>
<p id="status" role="status">${escapeHtml(message)}</p>
${script}
</main>
</body>
</html>
`;
}

/** "This address holds no sign-in answer…": said by the listener, and by the page's script when the address has none. */
function noAnswerHere(): string {
  return l10n.t('This address holds no sign-in answer. Start the sign-in again from VS Code.');
}
