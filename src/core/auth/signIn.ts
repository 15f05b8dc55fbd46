// One "Sign in with Linode" attempt, from the loopback listener to a checked grant. The host opens the browser
// (vscode.env.openExternal), then checks the grant with GET /profile and stores it; everything else is here, so it
// runs in plain Node against the simulator. No `vscode` import: this is the core.
import { startLoopbackReceiver } from './loopbackReceiver';
import { DEFAULT_SIGN_IN_TIMEOUT_MS, type ReceiverOptions, type RedirectReceiver } from './redirectAnswer';
import { authorizeUrl, checkLoginUrl, exchangeCode, newPkce, newState, oauthError, type OAuthGrant } from './oauth';

export interface SignInOptions {
  /** e.g. `https://login.linode.com` (DEFAULT_LOGIN_URL). */
  loginUrl: string;
  clientId: string;
  /**
   * A private client's secret: the code is exchanged with it for a grant with a refresh token. Without one the
   * client is public and proves the code is its own with PKCE.
   */
  clientSecret?: string;
  scopes: readonly string[];
  /** Shows the login page; resolves once the browser is asked to open it (not when the user is done). */
  openBrowser: (url: string) => Promise<void>;
  signal?: AbortSignal;
  /** How long to wait for the browser to come back. Default 5 minutes. */
  timeoutMs?: number;
  /**
   * Where the redirect is awaited. Default: a loopback listener on `port` and `path`. VS Code's URI handler
   * (remote and web workbenches) passes its own.
   */
  receive?: (options: ReceiverOptions) => Promise<RedirectReceiver>;
  /** Loopback port; 0 (default) for any free one. */
  port?: number;
  /** Maps the loopback address to the one the browser can reach (VS Code's port forwarding in a remote window). */
  externalUri?: (redirectUri: string) => Promise<string>;
  /** The User-Agent of the requests to the login server. */
  userAgent: string;
  /** Callback path; default `/callback`. */
  path?: string;
  /** The language of the loopback listener's page in the browser (VS Code's display language); default `en`. */
  language?: string;
  /** Never sees a token, code, secret or the state. */
  log?: (line: string) => void;
  /** The clock for `expiresAt`; default Date.now. */
  now?: () => number;
}

/**
 * Signs in and returns the grant. Rejects with OAuthError (Cancel on the login page: `declined`; any other
 * refusal), SignInStateError, SignInTimeoutError, CancelledError (the signal), or an error of the token request.
 */
export async function signIn(options: SignInOptions): Promise<OAuthGrant> {
  const loginUrl = checkLoginUrl(options.loginUrl);
  const now = options.now ?? Date.now;
  const isPrivate = options.clientSecret !== undefined && options.clientSecret !== '';
  const state = newState();
  const receiverOptions: ReceiverOptions = {
    state,
    timeoutMs: options.timeoutMs ?? DEFAULT_SIGN_IN_TIMEOUT_MS,
    signal: options.signal,
    log: options.log,
  };
  const receiver = options.receive
    ? await options.receive(receiverOptions)
    : await startLoopbackReceiver({ ...receiverOptions, port: options.port, path: options.path, language: options.language, externalUri: options.externalUri });
  // The verifier lives only in this attempt's memory; only its hash leaves (RFC 7636).
  const pkce = isPrivate ? undefined : newPkce();
  try {
    const url = authorizeUrl({
      loginUrl,
      clientId: options.clientId,
      scopes: options.scopes,
      redirectUri: receiver.redirectUri,
      state,
      codeChallenge: pkce?.challenge,
    });
    // The URL carries the state, which is as good as a password until the answer is in: only its path is logged.
    // eslint-disable-next-line local/user-strings -- a log line
    options.log?.(`Sign-in: opening ${loginUrl}/oauth/authorize in the browser (${isPrivate ? 'private' : 'public'} client)`);
    await options.openBrowser(url);
    const redirect = await receiver.result;

    if (redirect.kind === 'error') {
      throw oauthError(redirect.error, redirect.description, [state], 'sign-in');
    }
    const grant = await exchangeCode({
      loginUrl,
      clientId: options.clientId,
      ...(pkce ? { codeVerifier: pkce.verifier } : { clientSecret: options.clientSecret as string }),
      code: redirect.code,
      scopes: options.scopes,
      signal: options.signal,
      userAgent: options.userAgent,
      now,
    });
    // eslint-disable-next-line local/user-strings -- a log line
    options.log?.(`Sign-in: signed in (${describeGrant(grant, now())})`);
    return grant;
  } finally {
    await receiver.close();
  }
}

/** For the log: what was granted and for how long, never the tokens. */
function describeGrant(grant: OAuthGrant, now: number): string {
  const minutes = Math.round((grant.expiresAt - now) / 60_000);
  // eslint-disable-next-line local/user-strings -- a log line
  return `scopes ${grant.scopes.join(' ') || '(none named)'}, expires in ${minutes} min, ${grant.refreshToken ? 'renewable' : 'not renewable'}`;
}
