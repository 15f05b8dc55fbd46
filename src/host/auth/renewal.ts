// Keeps the tokens of accounts signed in with a private OAuth client fresh: each is renewed with its refresh token
// before it expires (a quarter of its lifetime before, five minutes at most). A renewal Linode refuses marks the
// account as needing a new sign-in and says so; one that fails for another reason (offline) is tried again.
import * as vscode from 'vscode';
import { isCancellation } from '../../core/api/errors';
import { OAuthError } from '../../core/auth/errors';
import { errorMessage } from '../errors';
import type { Logger } from '../log';
import type { StoredAccount, TokenStore } from './tokenStore';
import type { ClientSecrets } from './clientSecret';
import { refreshGrant } from '../../core/auth/oauth';
import { accountKind } from './accountKind';

/** Renew this long before the access token expires at most, so a request never goes out with a token about to lapse. */
const DEFAULT_REFRESH_MARGIN_MS = 5 * 60_000;

/** After a renewal failed for a reason that may pass. */
const RETRY_MS = 60_000;

/** When to renew: a quarter of the lifetime before expiry, at most DEFAULT_REFRESH_MARGIN_MS before. */
function renewalDueAt(oauth: { issuedAt: number; expiresAt: number }): number {
  const lifetime = Math.max(0, oauth.expiresAt - oauth.issuedAt);
  return oauth.expiresAt - Math.min(DEFAULT_REFRESH_MARGIN_MS, lifetime / 4);
}

export class SignInRenewal implements vscode.Disposable {
  private readonly timers = new Map<string, { at: number; timer: NodeJS.Timeout }>();
  private readonly running = new Map<string, Promise<boolean>>();
  private readonly subscription: vscode.Disposable;
  private readonly expired = new vscode.EventEmitter<StoredAccount>();
  /** An account's sign-in can no longer be renewed: the user has to sign in again. */
  readonly onDidExpire = this.expired.event;

  constructor(
    private readonly tokens: TokenStore,
    private readonly clientSecrets: ClientSecrets,
    private readonly logger: Logger,
    private readonly userAgent: string,
  ) {
    this.subscription = tokens.onDidChange(() => this.schedule());
    void tokens.ready.then(() => this.schedule());
  }

  /** Renews the account's token now (once at a time); true when it has a fresh one. */
  renewNow(account: StoredAccount): Promise<boolean> {
    let run = this.running.get(account.id);
    if (!run) {
      run = this.renew(account).finally(() => this.running.delete(account.id));
      this.running.set(account.id, run);
    }
    return run;
  }

  private schedule(): void {
    const wanted = new Map<string, number>();
    for (const account of this.tokens.accounts) {
      const kind = accountKind(account);
      if (kind.kind === 'signIn' && kind.renewable && account.oauth) wanted.set(account.id, renewalDueAt(account.oauth));
    }
    for (const [id, entry] of this.timers) {
      if (wanted.get(id) !== entry.at) {
        clearTimeout(entry.timer);
        this.timers.delete(id);
      }
    }
    for (const [id, at] of wanted) {
      if (this.timers.has(id)) continue;
      const timer = setTimeout(() => {
        this.timers.delete(id);
        const account = this.tokens.accounts.find((candidate) => candidate.id === id);
        if (account) void this.renewNow(account);
      }, Math.max(0, at - Date.now()));
      this.timers.set(id, { at, timer });
    }
  }

  private async renew(account: StoredAccount): Promise<boolean> {
    const oauth = account.oauth;
    if (!oauth?.refreshToken) return false;
    const secret = await this.clientSecrets.get(oauth.clientId);
    if (!secret) {
      this.logger.warn(`Cannot renew the sign-in of ${account.label}: the OAuth app's client secret is no longer stored.`);
      await this.giveUp(account);
      return false;
    }
    try {
      const grant = await refreshGrant({ loginUrl: oauth.loginUrl, clientId: oauth.clientId, clientSecret: secret, refreshToken: oauth.refreshToken, scopes: account.scopes, userAgent: this.userAgent });
      await this.tokens.renew(account.id, grant);
      this.logger.info(`Renewed the sign-in of ${account.label}; the new token expires at ${new Date(grant.expiresAt).toISOString()}.`);
      return true;
    } catch (error) {
      if (error instanceof OAuthError && error.signInAgain) {
        this.logger.warn(`Linode refused to renew the sign-in of ${account.label}: ${errorMessage(error)}`);
        await this.giveUp(account);
        return false;
      }
      if (isCancellation(error)) return false;
      this.logger.warn(`Could not renew the sign-in of ${account.label} (${errorMessage(error)}); trying again in a minute.`);
      const timer = setTimeout(() => {
        this.timers.delete(account.id);
        const current = this.tokens.accounts.find((candidate) => candidate.id === account.id);
        if (current) void this.renewNow(current);
      }, RETRY_MS);
      const previous = this.timers.get(account.id);
      if (previous) clearTimeout(previous.timer);
      this.timers.set(account.id, { at: Date.now() + RETRY_MS, timer });
      return false;
    }
  }

  private async giveUp(account: StoredAccount): Promise<void> {
    await this.tokens.markExpired(account.id);
    this.expired.fire(account);
  }

  dispose(): void {
    for (const { timer } of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.subscription.dispose();
    this.expired.dispose();
  }
}
