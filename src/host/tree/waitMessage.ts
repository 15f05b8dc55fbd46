// The Images view's message while a request waits for Linode's rate limit: "Waiting for Linode's rate limit —
// 42 s", counting down, gone when the wait is over. Without it a long load (a 10,000-image account waits up to a
// minute for the list-images limit) looks stuck.
import * as vscode from 'vscode';
import { l10n } from '../../core/l10n';
import type { ApiSession } from '../apiSession';

export class RateLimitWaitMessage implements vscode.Disposable {
  private readonly subscription: vscode.Disposable;
  private ticker: NodeJS.Timeout | undefined;
  /** The text this shows, while it shows one. */
  private shown: string | undefined;
  /** The view's own message (e.g. about the token), put back when the wait is over. */
  private replaced: string | undefined;

  constructor(
    private readonly view: Pick<vscode.TreeView<unknown>, 'message'>,
    private readonly session: Pick<ApiSession, 'waits' | 'onDidChangeWaits'>,
  ) {
    this.subscription = session.onDidChangeWaits(() => this.update());
  }

  private update(): void {
    const waits = this.session.waits;
    if (waits.length === 0) {
      this.clear();
      return;
    }
    const until = Math.max(...waits.map((wait) => wait.until));
    const seconds = Math.max(1, Math.ceil((until - Date.now()) / 1000));
    // Another message set meanwhile is the one to put back afterwards.
    if (this.shown === undefined || this.view.message !== this.shown) this.replaced = this.view.message;
    this.shown = l10n.t("Waiting for Linode's rate limit — {0} s", seconds);
    this.view.message = this.shown;
    this.ticker ??= setInterval(() => this.update(), 1_000);
  }

  private clear(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = undefined;
    if (this.shown !== undefined && this.view.message === this.shown) this.view.message = this.replaced;
    this.shown = undefined;
    this.replaced = undefined;
  }

  dispose(): void {
    this.subscription.dispose();
    this.clear();
  }
}
