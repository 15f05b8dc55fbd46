// Builds the API client from the settings and the current token; rebuilt when either changes.
import * as vscode from 'vscode';
import { LinodeClient, type RateLimitWait } from '../core/api/client';
import { RateLimitPacer } from '../core/api/rateLimitPacer';
import { checkTokenText, InvalidTokenError } from '../core/api/token';
import type { ApiVersion } from '../core/api/types';
import { l10n } from '../core/l10n';
import type { Logger } from './log';
import { readSettings } from './settings';
import { TOKEN_ENV_VARIABLE, type CurrentToken, type TokenStore } from './auth/tokenStore';

class ApiUrlError extends Error {
  override readonly name = 'ApiUrlError';
}

export class ApiSession {
  /** One pacer for every client of the session: a rate-limit window used up by one call holds back the next. */
  private readonly pacer = new RateLimitPacer();
  /** Rate-limit waits of this session's clients long enough to be announced, while they last. */
  private readonly activeWaits = new Set<RateLimitWait>();
  private readonly waitsChanged = new vscode.EventEmitter<void>();
  /** Fires when one of those waits starts or ends. */
  readonly onDidChangeWaits = this.waitsChanged.event;

  constructor(
    private readonly tokens: TokenStore,
    private readonly logger: Logger,
    private readonly extensionVersion: string,
  ) {}

  /** A client for the configured API, using the stored (or environment) token. */
  client(): LinodeClient {
    return this.clientWith(() => sendable(this.tokens.current));
  }

  /**
   * A client that stays with the account shown now, even if another is shown later (an upload that outlives a
   * switch must not finish with another account's token). A renewed token of that account is used.
   */
  clientForCurrentAccount(): LinodeClient {
    const current = this.tokens.current;
    const accountId = current?.account?.id;
    return this.clientWith(() => sendable(accountId === undefined ? current : this.tokens.tokenOf(accountId)));
  }

  /** A client that uses a candidate token (for checking one before it is stored). */
  clientWithToken(token: string): LinodeClient {
    return this.clientWith(() => sendable({ value: token, source: 'candidate' }));
  }

  /**
   * The User-Agent of every request to Linode (API, login server, upload host): the extension, its version and VS
   * Code's, as linode-cli and linodego name themselves. Linode's edge refuses token requests without one.
   */
  get userAgent(): string {
    return `linode-images-vscode/${this.extensionVersion} VSCode/${vscode.version}`;
  }

  get apiVersion(): ApiVersion {
    return readSettings().apiVersion;
  }

  /** The rate-limit waits under way (a 10,000-image account waits up to a minute between list pages). */
  get waits(): readonly RateLimitWait[] {
    return [...this.activeWaits];
  }

  private clientWith(token: () => string | undefined): LinodeClient {
    const settings = readSettings();
    if (!settings.apiUrl.ok) {
      throw new ApiUrlError(l10n.t('Setting linodeImages.apiUrl: {0}', settings.apiUrl.message));
    }
    return new LinodeClient({
      apiUrl: settings.apiUrl.url,
      apiVersion: settings.apiVersion,
      token,
      userAgent: this.userAgent,
      log: (line) => this.logger.debug(line),
      pacer: this.pacer,
      onWait: (wait) => {
        // eslint-disable-next-line local/user-strings -- the log line's reason, for the developer
        const why = wait.reason === 'retryAfter' ? 'Linode answered 429 Too Many Requests' : "the rate-limit window is used up";
        this.logger.info(`Waiting ${wait.seconds} s for Linode's rate limit before ${wait.request} (${why}).`);
        this.activeWaits.add(wait);
        this.waitsChanged.fire();
      },
      onWaitEnd: (wait) => {
        if (this.activeWaits.delete(wait)) this.waitsChanged.fire();
      },
    });
  }
}

/**
 * The token as it goes into the Authorization header. One that cannot go there (stored by an older version, or
 * from the environment) stops the request before it is sent, with a message that names the bad character.
 */
function sendable(token: CurrentToken | { value: string; source: 'candidate' } | undefined): string | undefined {
  if (token === undefined) return undefined;
  const what = token.source === 'environment' ? l10n.t('The token in {0}', TOKEN_ENV_VARIABLE) : token.source === 'candidate' ? l10n.t('The token') : l10n.t('The stored API token');
  const check = checkTokenText(token.value, what);
  if (!check.ok) throw new InvalidTokenError(l10n.t('{0} Then run Set API Token.', check.message));
  return check.token;
}
