// "Sign in with Linode": the login page in the browser, the answer on the loopback listener (or through the URI
// handler where the browser cannot reach one), the token checked with GET /profile and stored as an account
// labelled by the username. The core does the OAuth (src/core/auth/); this adds the settings, the progress
// notification with Cancel, the client secret and the account; and, before any OAuth app is set, the guide to
// registering one (oauthAppSetup.ts).
import * as vscode from 'vscode';
import { CancelledError } from '../../core/api/errors';
import { OAuthError } from '../../core/auth/errors';
import { l10n } from '../../core/l10n';
import type { ApiSession } from '../apiSession';
import type { Logger } from '../log';
import type { PromptsHolder } from '../prompts';
import { readSignInSettings, updateSetting, type SignInSettings } from '../settings';
import type { StoredAccount, TokenStore } from './tokenStore';
import type { AuthUriHandler } from './authUriHandler';
import type { ClientSecrets } from './clientSecret';
import { setUpOAuthApp } from './oauthAppSetup';
import { signIn } from '../../core/auth/signIn';

/** What the extension asks for: images to manage, Linodes to capture from, events to stay in sync. */
const SIGN_IN_SCOPES: readonly string[] = ['images:read_write', 'linodes:read_only', 'events:read_only'];

const LOOPBACK_CALLBACK_PATH = '/callback';

export interface SignInServices {
  tokens: TokenStore;
  session: ApiSession;
  prompts: PromptsHolder;
  logger: Logger;
  clientSecrets: ClientSecrets;
  uriHandler: AuthUriHandler;
}

/**
 * Signs in and stores the account (and shows it); undefined when the user stopped before the browser opened.
 * `extraScopes`: asked for besides the usual ones (`linodes:read_write` when a deployment needs it).
 */
export async function signInWithLinode(services: SignInServices, extraScopes: readonly string[] = []): Promise<StoredAccount | undefined> {
  const { prompts, logger, clientSecrets } = services;
  let settings = readSignInSettings();
  let secret: { secret: string; isNew: boolean } | undefined;
  if (settings.clientId === '') {
    // No app yet: the guide to registering one, which ends in its client ID saved and this sign-in going on.
    const app = await setUpOAuthApp(prompts.current, await callbackUrl(settings, services.uriHandler), settings.clientType);
    if (!app) return undefined;
    await updateSetting('signIn.clientId', app.clientId);
    await updateSetting('signIn.clientType', app.clientType);
    settings = readSignInSettings();
    logger.info(`Sign-in: the ${app.clientType} OAuth app ${app.clientId} is saved in linodeImages.signIn.clientId and clientType.`);
    secret = app.secret === undefined ? undefined : { secret: app.secret, isNew: true };
  } else if (settings.clientType === 'private') {
    secret = await clientSecrets.getOrAsk(settings.clientId, prompts.current);
    if (!secret) return undefined;
  }

  let outcome;
  try {
    outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: l10n.t('Sign in with Linode'), cancellable: true },
      async (progress, cancellation) => {
        const stop = new AbortController();
        const onCancel = cancellation.onCancellationRequested(() => stop.abort());
        try {
          progress.report({ message: l10n.t('Waiting for you to sign in in the browser…') });
          const grant = await signIn({
            loginUrl: settings.loginUrl,
            clientId: settings.clientId,
            clientSecret: secret?.secret,
            scopes: withExtraScopes(extraScopes),
            port: settings.port,
            path: LOOPBACK_CALLBACK_PATH,
            receive: usesUriHandler(settings) ? (options) => services.uriHandler.receive(options) : undefined,
            // In a remote window VS Code forwards a local port to the listener (identity in a local window), so
            // one app registered with the loopback callback works in both.
            externalUri,
            userAgent: services.session.userAgent,
            openBrowser: async (url) => {
              const opened = await prompts.current.openExternalUrl(url);
              if (!opened) throw new CancelledError(l10n.t('The browser was not opened, so the sign-in was stopped.'));
            },
            signal: stop.signal,
            log: (line) => logger.info(line),
          });
          progress.report({ message: l10n.t('Checking the sign-in with Linode…') });
          const info = await services.session.clientWithToken(grant.accessToken).checkToken(stop.signal);
          return { grant, username: info.profile.username };
        } finally {
          onCancel.dispose();
        }
      },
    );
  } catch (error) {
    // A refused secret is not kept, and a stored one Linode refuses is forgotten, so the next try asks again.
    if (error instanceof OAuthError && error.error === 'invalid_client' && secret && !secret.isNew) {
      await clientSecrets.forget(settings.clientId);
    }
    throw error;
  }
  if (secret?.isNew) await clientSecrets.store(settings.clientId, secret.secret);
  const account = await services.tokens.storeSignIn(outcome.grant, outcome.username, { clientId: settings.clientId, clientType: settings.clientType, loginUrl: settings.loginUrl });
  logger.info(`Signed in with Linode as ${account.label} (${outcome.grant.refreshToken ? 'renewed automatically' : 'valid for two hours at most; sign in again then'}).`);
  void prompts.current.info(l10n.t('Signed in to Linode as {0}.', account.label));
  return account;
}

/**
 * The usual scopes plus `extra`; a `read_write` scope stands in for the `read_only` one of its area (Linode's
 * `linodes:read_write` includes `linodes:read_only`).
 */
function withExtraScopes(extra: readonly string[]): readonly string[] {
  if (extra.length === 0) return SIGN_IN_SCOPES;
  const areas = new Set(extra.filter((scope) => scope.endsWith(':read_write')).map((scope) => scope.split(':')[0]));
  return [...SIGN_IN_SCOPES.filter((scope) => !areas.has(scope.split(':')[0])), ...extra.filter((scope) => !SIGN_IN_SCOPES.includes(scope))];
}

/** The address the browser reaches `uri` (a loopback URL) through: VS Code's port forwarding in a remote window. */
async function externalUri(uri: string): Promise<string> {
  return (await vscode.env.asExternalUri(vscode.Uri.parse(uri))).toString(true);
}

/** The callback URL this sign-in sends the browser back to: the one to register for the OAuth app. */
async function callbackUrl(settings: SignInSettings, uriHandler: AuthUriHandler): Promise<string> {
  if (usesUriHandler(settings)) return uriHandler.callbackUrl();
  // Any free port (0) is known only once the listener is up: the app must then take any port of the loopback address.
  if (settings.port === 0) return `http://127.0.0.1${LOOPBACK_CALLBACK_PATH}`;
  return externalUri(`http://127.0.0.1:${settings.port}${LOOPBACK_CALLBACK_PATH}`);
}

/**
 * The URI handler in VS Code for the Web (vscode.dev, Codespaces in a browser), where the browser may not reach a
 * port of the extension host; elsewhere (local and remote windows) the loopback listener, through port forwarding.
 */
function usesUriHandler(settings: SignInSettings): boolean {
  if (settings.redirect !== 'auto') return settings.redirect === 'uriHandler';
  return vscode.env.uiKind === vscode.UIKind.Web;
}
