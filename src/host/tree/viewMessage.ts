// The Images view's message line: what the user should know about what the view shows. In order: a setting that
// stops everything, a cached listing ("as of 10:42") until the first sync, a sync that failed behind a cached
// listing, and the token source when it is the environment. (RateLimitWaitMessage covers it during long waits.)
import * as vscode from 'vscode';
import { l10n } from '../../core/l10n';
import type { ImageStore } from '../../core/store/imageStore';
import { errorMessage } from '../errors';
import type { Logger } from '../log';
import { readSettings } from '../settings';
import { accountKind } from '../auth/accountKind';
import { TOKEN_ENV_VARIABLE, type TokenStore } from '../auth/tokenStore';

export class ViewMessage implements vscode.Disposable {
  private readonly subscriptions: Array<{ dispose(): void }>;
  /** The store state the message was made for (each load, sync or failure sets a new state object). */
  private shownFor: unknown;

  constructor(
    private readonly view: Pick<vscode.TreeView<unknown>, 'message'>,
    private readonly store: ImageStore,
    private readonly tokens: TokenStore,
    private readonly logger: Pick<Logger, 'redact'>,
  ) {
    // Only a new load state (or a reset) changes the message: a polled image's change leaves it, and is frequent.
    this.subscriptions = [
      store.onDidChange((change) => {
        if (change.kind === 'reset' || store.state !== this.shownFor) this.update();
      }),
    ];
  }

  /** Sets the message from the current settings, token and store (called when any of them changes). */
  update(): void {
    this.shownFor = this.store.state;
    this.view.message = this.text();
  }

  private text(): string | undefined {
    const settings = readSettings();
    if (!settings.apiUrl.ok) return l10n.t('Setting linodeImages.apiUrl: {0}', settings.apiUrl.message);
    const state = this.store.state;
    if (state.kind === 'cached') return l10n.t('Showing the images as of {0}, kept from the last session; syncing with Linode…', timeOf(state.asOf));
    if (state.kind === 'failed' && state.asOf !== undefined) {
      return l10n.t(
        'Showing the images as of {0}: could not sync with Linode ({1}). Refresh to try again.',
        timeOf(state.asOf),
        this.logger.redact(errorMessage(state.error)),
      );
    }
    if (this.tokens.current && accountKind(this.tokens.current).kind === 'environment') {
      return l10n.t('Using the token from the {0} environment variable. Set API Token to store one in VS Code.', TOKEN_ENV_VARIABLE);
    }
    return undefined;
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}

/** "10:42" today, "3 Dec, 10:42" on another day. */
export function timeOf(ms: number, now = Date.now()): string {
  const when = new Date(ms);
  const time = when.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  return new Date(now).toDateString() === when.toDateString()
    ? time
    : `${when.toLocaleDateString(undefined, { day: 'numeric', month: 'short' })}, ${time}`;
}
