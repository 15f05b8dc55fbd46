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
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscription: vscode.Disposable;
  readonly onDidChange = this.changed.event;

  private constructor(private readonly secrets: vscode.SecretStorage, private readonly environment: NodeJS.ProcessEnv) {
    // Another window may set or clear the token.
    this.subscription = secrets.onDidChange(async (event) => {
      if (event.key !== SECRET_KEY) return;
      const value = await secrets.get(SECRET_KEY);
      if (value === this.stored) return;
      this.stored = value;
      this.changed.fire();
    });
  }

  static async open(secrets: vscode.SecretStorage, environment: NodeJS.ProcessEnv = process.env): Promise<TokenStore> {
    const store = new TokenStore(secrets, environment);
    store.stored = await secrets.get(SECRET_KEY);
    return store;
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
    this.stored = token;
    this.changed.fire();
  }

  async clear(): Promise<void> {
    await this.secrets.delete(SECRET_KEY);
    this.stored = undefined;
    this.changed.fire();
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
