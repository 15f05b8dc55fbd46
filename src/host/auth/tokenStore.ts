// The accounts the extension can show, and which one it shows. Personal-token accounts and accounts signed in with
// Linode (OAuth) sit side by side in one SecretStorage entry (tokens, refresh tokens and the current account's id,
// never in settings or global state). LINODE_CLI_TOKEN from the environment is used when no account is stored.
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { CliAccountSource } from '../../core/auth/cliAccounts';
import type { OAuthGrant } from '../../core/auth/oauth';
import { l10n } from '../../core/l10n';

const ACCOUNTS_KEY = 'linodeImages.accounts';
/** Where versions before accounts kept the one token; moved into the first account on first read. */
export const LEGACY_TOKEN_KEY = 'linodeImages.apiToken';
export const TOKEN_ENV_VARIABLE = 'LINODE_CLI_TOKEN';
/**
 * The label a token account has until Linode has said whose it is (GET /profile), in the display language of the
 * moment it is stored (asked when needed: the translator is installed at activation).
 */
function unnamedAccountLabel(): string {
  return l10n.t('API token');
}

export type TokenSource = 'secretStorage' | 'environment';

/** Signed in with Linode's login page: which client, and how to renew. */
export interface OAuthDetails {
  clientId: string;
  /** How Sign Out revokes the token; absent in accounts stored before it was kept (a refresh token means private). */
  clientType?: 'public' | 'private';
  loginUrl: string;
  refreshToken?: string;
  /** When the access token stops working (ms since the epoch). */
  expiresAt: number;
  /** When it was issued, so a renewal can come at a fraction of its lifetime. */
  issuedAt: number;
  /** Set when Linode refused the token or its renewal: only signing in again helps. */
  expired?: boolean;
}

export interface StoredAccount {
  /** Stable for the account's life in VS Code; also the AuthenticationSession id. */
  id: string;
  /** The profile's username (GET /profile), or unnamedAccountLabel() until known. */
  label: string;
  token: string;
  scopes?: string[];
  /** Present for accounts signed in with Linode. */
  oauth?: OAuthDetails;
  /** Moved from an earlier version's single token: named once Linode says whose it is. */
  unnamed?: boolean;
  /** Copied from linode-cli's or the shared Linode config file (the user's own token: Sign Out does not revoke it). */
  importedFrom?: { source: CliAccountSource; name: string };
}

export interface CurrentToken {
  value: string;
  source: TokenSource;
  /** The stored account the token belongs to; undefined for the environment's. */
  account?: StoredAccount;
}

interface AccountsFile {
  current?: string;
  accounts: StoredAccount[];
}

/** Why the accounts changed: the account shown or the list (`accounts`), or only a renewed token (`renewed`). */
export interface AccountsChange {
  kind: 'accounts' | 'renewed';
}

export class TokenStore implements vscode.Disposable {
  private file: AccountsFile = { accounts: [] };
  /** Set once this window changed the accounts, so the first read cannot overwrite that. */
  private changedHere = false;
  /** Writes of this window under way, and how many it has started: the storage's events for them are not news. */
  private ownWrites = 0;
  private writeCount = 0;
  /** Writes one after another, each from the latest state. */
  private writing: Promise<void> = Promise.resolve();
  /** Resolves when the stored accounts have been read; activation does not wait for it (a round trip). */
  readonly ready: Promise<void>;
  private readonly changed = new vscode.EventEmitter<AccountsChange>();
  private readonly subscription: vscode.Disposable;
  readonly onDidChange = this.changed.event;

  constructor(private readonly secrets: vscode.SecretStorage, private readonly environment: NodeJS.ProcessEnv = process.env) {
    this.ready = this.readStored().then(
      (file) => {
        if (!this.changedHere) this.file = file;
      },
      () => undefined, // an unreadable keychain counts as no stored account; Set API Token says what fails
    );
    // Another window may add, remove, renew or switch accounts.
    this.subscription = secrets.onDidChange(async (event) => {
      if (event.key !== ACCOUNTS_KEY || this.ownWrites > 0) return;
      const writesBefore = this.writeCount;
      const file = parseAccounts(await secrets.get(ACCOUNTS_KEY));
      // This window wrote meanwhile: what was read may already be older than what it holds.
      if (this.ownWrites > 0 || this.writeCount !== writesBefore) return;
      if (JSON.stringify(file) === JSON.stringify(this.file)) return;
      const before = this.current;
      this.file = file;
      const after = this.current;
      this.changed.fire({ kind: before?.account?.id === after?.account?.id && before !== undefined ? 'renewed' : 'accounts' });
    });
  }

  /** Read synchronously by the API client on every request. */
  get current(): CurrentToken | undefined {
    const account = this.currentAccount;
    if (account) return { value: account.token, source: 'secretStorage', account };
    const fromEnvironment = this.environment[TOKEN_ENV_VARIABLE]?.trim();
    return fromEnvironment ? { value: fromEnvironment, source: 'environment' } : undefined;
  }

  /** The token of a stored account; undefined once it is forgotten. */
  tokenOf(accountId: string): CurrentToken | undefined {
    const account = this.file.accounts.find((candidate) => candidate.id === accountId);
    return account ? { value: account.token, source: 'secretStorage', account } : undefined;
  }

  get currentAccount(): StoredAccount | undefined {
    return this.file.accounts.find((account) => account.id === this.file.current) ?? this.file.accounts[0];
  }

  get accounts(): readonly StoredAccount[] {
    return this.file.accounts;
  }

  get hasStoredToken(): boolean {
    return this.file.accounts.length > 0;
  }

  /** Every token and refresh token stored, for the logger to redact. */
  get secretsToRedact(): string[] {
    return this.file.accounts.flatMap((account) => [account.token, account.oauth?.refreshToken ?? '']);
  }

  /**
   * Stores a personal access token and shows its account. The account of the same user (by label) gets the new
   * token; a label not yet known leaves unnamedAccountLabel().
   */
  async store(token: string, label = unnamedAccountLabel(), scopes?: string[], importedFrom?: StoredAccount['importedFrom']): Promise<StoredAccount> {
    const unnamed = unnamedAccountLabel();
    return this.update((file) => {
      const same = file.accounts.find((account) => !account.oauth && (account.token === token || (label !== unnamed && account.label === label)));
      const account: StoredAccount = { id: same?.id ?? randomUUID(), label, token, ...(scopes ? { scopes } : {}), ...(importedFrom ? { importedFrom } : {}) };
      return { current: account.id, accounts: replaceOrAdd(file.accounts, account) };
    }).then((file) => file.accounts.find((account) => account.id === file.current) as StoredAccount);
  }

  /** Stores a sign-in's grant as the account of `label` at that login server, and shows it. */
  async storeSignIn(
    grant: OAuthGrant,
    label: string,
    { clientId, clientType, loginUrl }: Pick<OAuthDetails, 'clientId' | 'clientType' | 'loginUrl'>,
    now = Date.now(),
  ): Promise<StoredAccount> {
    const file = await this.update((current) => {
      const same = current.accounts.find((account) => account.oauth?.loginUrl === loginUrl && account.label === label);
      const account: StoredAccount = {
        id: same?.id ?? randomUUID(),
        label,
        token: grant.accessToken,
        scopes: grant.scopes,
        oauth: {
          clientId,
          clientType,
          loginUrl,
          expiresAt: grant.expiresAt,
          issuedAt: now,
          ...(grant.refreshToken ? { refreshToken: grant.refreshToken } : {}),
        },
      };
      return { current: account.id, accounts: replaceOrAdd(current.accounts, account) };
    });
    return file.accounts.find((account) => account.id === file.current) as StoredAccount;
  }

  /** A renewed grant for an account (the one shown does not change). */
  async renew(id: string, grant: OAuthGrant, now = Date.now()): Promise<void> {
    await this.update((file) => ({
      ...file,
      accounts: file.accounts.map((account) => account.id === id && account.oauth
        ? {
            ...account,
            token: grant.accessToken,
            scopes: grant.scopes,
            oauth: { ...account.oauth, expiresAt: grant.expiresAt, issuedAt: now, refreshToken: grant.refreshToken ?? account.oauth.refreshToken, expired: undefined },
          }
        : account),
    }), 'renewed');
  }

  /** Marks an OAuth account as needing a new sign-in (Linode refused its token or its renewal). */
  async markExpired(id: string): Promise<void> {
    await this.update((file) => ({
      ...file,
      accounts: file.accounts.map((account) => account.id === id && account.oauth ? { ...account, oauth: { ...account.oauth, expired: true } } : account),
    }), 'renewed');
  }

  /** Names an account once Linode has said whose it is. */
  async relabel(id: string, label: string): Promise<void> {
    await this.update((file) => ({ ...file, accounts: file.accounts.map((account) => account.id === id ? { ...account, label, unnamed: undefined } : account) }), 'renewed');
  }

  /** Shows another stored account. */
  async use(id: string): Promise<void> {
    if (!this.file.accounts.some((account) => account.id === id)) throw new Error(l10n.t('That account is no longer stored in VS Code.'));
    await this.update((file) => ({ ...file, current: id }));
  }

  /** Forgets one account; the next one is shown if it was the current one. */
  async remove(id: string): Promise<StoredAccount | undefined> {
    const removed = this.file.accounts.find((account) => account.id === id);
    await this.update((file) => {
      const accounts = file.accounts.filter((account) => account.id !== id);
      return { current: file.current === id ? accounts[0]?.id : file.current, accounts };
    });
    return removed;
  }

  /** Forgets every stored account. */
  async clear(): Promise<void> {
    await this.update(() => ({ accounts: [] }));
  }

  private update(change: (file: AccountsFile) => AccountsFile, kind: AccountsChange['kind'] = 'accounts'): Promise<AccountsFile> {
    const step = this.writing.then(async () => {
      await this.ready;
      const previous = this.file;
      const before = this.current?.account?.id ?? this.current?.value;
      const next = change(previous);
      // The new accounts hold at once, and everyone hears of it at once: a sync or a poll running meanwhile must
      // never see one account's token or label next to the other's images. (The storage's own change event for
      // this write then finds nothing new.)
      this.file = next;
      this.changedHere = true;
      const after = this.current?.account?.id ?? this.current?.value;
      this.changed.fire({ kind: kind === 'renewed' && before === after ? 'renewed' : 'accounts' });
      try {
        await this.write(next);
      } catch (error) {
        // Not stored: back to what is stored, and said so.
        this.file = previous;
        this.changed.fire({ kind: 'accounts' });
        throw error;
      }
      return next;
    });
    this.writing = step.then(() => undefined, () => undefined);
    return step;
  }

  private async write(file: AccountsFile): Promise<void> {
    this.ownWrites++;
    this.writeCount++;
    try {
      if (file.accounts.length === 0) await this.secrets.delete(ACCOUNTS_KEY);
      else await this.secrets.store(ACCOUNTS_KEY, JSON.stringify(file));
    } finally {
      // The storage's change event for this write comes after the write resolves.
      setTimeout(() => this.ownWrites--, 0);
    }
  }

  /** The stored accounts; a token stored by an earlier version becomes the first account, with no action from the user. */
  private async readStored(): Promise<AccountsFile> {
    const stored = await this.secrets.get(ACCOUNTS_KEY);
    if (stored !== undefined) return parseAccounts(stored);
    const legacy = (await this.secrets.get(LEGACY_TOKEN_KEY))?.trim();
    if (!legacy) return { accounts: [] };
    const account: StoredAccount = { id: randomUUID(), label: unnamedAccountLabel(), token: legacy, unnamed: true };
    const file = { current: account.id, accounts: [account] };
    await this.write(file);
    await this.secrets.delete(LEGACY_TOKEN_KEY);
    return file;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function replaceOrAdd(accounts: readonly StoredAccount[], account: StoredAccount): StoredAccount[] {
  return accounts.some((other) => other.id === account.id)
    ? accounts.map((other) => (other.id === account.id ? account : other))
    : [...accounts, account];
}

/** The stored entry, keeping only well-formed accounts (an entry written by hand or damaged loses nothing else). */
function parseAccounts(text: string | undefined): AccountsFile {
  if (!text) return { accounts: [] };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { accounts: [] };
  }
  const file = value as Partial<AccountsFile> | null;
  const accounts = Array.isArray(file?.accounts)
    ? file.accounts.filter((account): account is StoredAccount =>
        typeof account?.id === 'string' && typeof account.label === 'string' && typeof account.token === 'string' && account.token !== '')
    : [];
  return { current: typeof file?.current === 'string' ? file.current : undefined, accounts };
}
