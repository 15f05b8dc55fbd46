// Linode as an account provider of VS Code (id `linode`): the stored accounts show in the Accounts menu, signing
// out there forgets one, and other extensions can ask for a Linode session (VS Code asks the user first).
import * as vscode from 'vscode';
import { l10n } from '../../core/l10n';
import type { StoredAccount, TokenStore } from './tokenStore';

export const AUTH_PROVIDER_ID = 'linode';
export const AUTH_PROVIDER_LABEL = 'Linode';

export class LinodeAuthProvider implements vscode.AuthenticationProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  readonly onDidChangeSessions = this.changed.event;
  /** The sessions last announced, to tell VS Code which were added, removed or changed. */
  private announced = new Map<string, vscode.AuthenticationSession>();
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly tokens: TokenStore,
    private readonly signIn: () => Promise<StoredAccount | undefined>,
    /** Revokes (a sign-in) and forgets the account: signing out in the Accounts menu does what Sign Out does. */
    private readonly signOut: (account: StoredAccount) => Promise<void>,
  ) {
    void tokens.ready.then(() => this.announce());
    this.subscription = tokens.onDidChange(() => this.announce());
  }

  async getSessions(_scopes?: readonly string[], options?: vscode.AuthenticationProviderSessionOptions): Promise<vscode.AuthenticationSession[]> {
    await this.tokens.ready;
    return this.sessions().filter((session) => !options?.account || session.account.id === options.account.id);
  }

  async createSession(): Promise<vscode.AuthenticationSession> {
    const account = await this.signIn();
    if (!account) throw new Error(l10n.t('The sign-in with Linode was not completed.'));
    return sessionOf(account);
  }

  async removeSession(sessionId: string): Promise<void> {
    await this.tokens.ready;
    const account = this.tokens.accounts.find((candidate) => candidate.id === sessionId);
    if (account) await this.signOut(account);
  }

  private sessions(): vscode.AuthenticationSession[] {
    return this.tokens.accounts.map(sessionOf);
  }

  private announce(): void {
    const now = new Map(this.sessions().map((session) => [session.id, session]));
    const added = [...now.values()].filter((session) => !this.announced.has(session.id));
    const removed = [...this.announced.values()].filter((session) => !now.has(session.id));
    const changed = [...now.values()].filter((session) => {
      const before = this.announced.get(session.id);
      return before !== undefined && (before.accessToken !== session.accessToken || before.account.label !== session.account.label);
    });
    this.announced = now;
    if (added.length + removed.length + changed.length > 0) this.changed.fire({ added, removed, changed });
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function sessionOf(account: StoredAccount): vscode.AuthenticationSession {
  return {
    id: account.id,
    accessToken: account.token,
    account: { id: account.id, label: account.label },
    scopes: account.scopes ?? [],
  };
}
