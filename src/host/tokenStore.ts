// The API token: VS Code SecretStorage, or LINODE_CLI_TOKEN from the environment when nothing is stored.
import * as vscode from 'vscode';

const SECRET_KEY = 'linodeImages.apiToken';
export const TOKEN_ENV_VARIABLE = 'LINODE_CLI_TOKEN';

export type TokenSource = 'secretStorage' | 'environment';

export interface CurrentToken {
  value: string;
  source: TokenSource;
}

export class TokenStore implements vscode.Disposable {
  private stored: string | undefined;
  /** Set once this window stored or cleared a token, so the first read cannot overwrite that. */
  private changedHere = false;
  /** Resolves when the stored token has been read; activation does not wait for it (a round trip). */
  readonly ready: Promise<void>;
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscription: vscode.Disposable;
  readonly onDidChange = this.changed.event;

  constructor(private readonly secrets: vscode.SecretStorage, private readonly environment: NodeJS.ProcessEnv = process.env) {
    this.ready = Promise.resolve(secrets.get(SECRET_KEY)).then(
      (value) => {
        if (!this.changedHere) this.stored = value;
      },
      () => undefined, // an unreadable keychain counts as no stored token; Set API Token says what fails
    );
    // Another window may set or clear the token.
    this.subscription = secrets.onDidChange(async (event) => {
      if (event.key !== SECRET_KEY) return;
      const value = await secrets.get(SECRET_KEY);
      if (value === this.stored) return;
      this.stored = value;
      this.changed.fire();
    });
  }

  /** Read synchronously by the API client on every request. */
  get current(): CurrentToken | undefined {
    if (this.stored) return { value: this.stored, source: 'secretStorage' };
    const fromEnvironment = this.environment[TOKEN_ENV_VARIABLE]?.trim();
    return fromEnvironment ? { value: fromEnvironment, source: 'environment' } : undefined;
  }

  get hasStoredToken(): boolean {
    return this.stored !== undefined;
  }

  async store(token: string): Promise<void> {
    await this.secrets.store(SECRET_KEY, token);
    this.changedHere = true;
    this.stored = token;
    this.changed.fire();
  }

  async clear(): Promise<void> {
    await this.secrets.delete(SECRET_KEY);
    this.changedHere = true;
    this.stored = undefined;
    this.changed.fire();
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
