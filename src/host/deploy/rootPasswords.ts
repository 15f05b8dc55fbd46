// The root passwords of the Linodes this extension deploys, rebuilds and tries: in VS Code's secret storage, one
// entry per Linode (keyed by the account and the Linode's id), never in settings, global state or the log. Every
// password this window has held is also handed to the logger, which blanks it out of any line that would quote it.
import type * as vscode from 'vscode';

export class RootPasswords {
  private readonly held = new Set<string>();

  constructor(private readonly secrets: vscode.SecretStorage) {}

  /** Every root password this window has made or read, for the logger to redact. */
  get toRedact(): string[] {
    return [...this.held];
  }

  /** A password about to be sent: from now on no log line shows it. */
  hold(password: string): void {
    this.held.add(password);
  }

  async store(account: string, linodeId: number, password: string): Promise<void> {
    this.hold(password);
    await this.secrets.store(secretKey(account, linodeId), password);
  }

  async get(account: string, linodeId: number): Promise<string | undefined> {
    const password = await this.secrets.get(secretKey(account, linodeId));
    if (password !== undefined) this.hold(password);
    return password;
  }

  async forget(account: string, linodeId: number): Promise<void> {
    await this.secrets.delete(secretKey(account, linodeId));
  }
}

function secretKey(account: string, linodeId: number): string {
  return `linodeImages.rootPassword ${account} ${linodeId}`;
}
