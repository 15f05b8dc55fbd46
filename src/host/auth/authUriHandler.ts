// The extension's URI handler: where Linode's login page sends the browser back when a loopback listener cannot be
// reached (VS Code for the Web, remote windows). VS Code routes `<scheme>://linode-images-dev.linode-images/auth…`
// here; the answer goes to the sign-in waiting for it, whose state check decides whether it is taken.
import * as vscode from 'vscode';
import { l10n } from '../../core/l10n';
import type { Logger } from '../log';
import { commandAction, notify } from '../notify';
import type { PromptsHolder } from '../prompts';
import { startHandedReceiver, type HandedReceiver, type ReceiverOptions } from '../../core/auth/redirectAnswer';

const AUTH_CALLBACK_PATH = '/auth';

export class AuthUriHandler implements vscode.UriHandler {
  private pending: HandedReceiver | undefined;

  constructor(
    private readonly extensionId: string,
    private readonly logger: Pick<Logger, 'info' | 'warn'>,
    private readonly prompts: PromptsHolder,
  ) {}

  /** A receiver for one sign-in, whose redirect URI VS Code maps to this handler (asExternalUri). */
  async receive(options: ReceiverOptions): Promise<HandedReceiver> {
    const external = await this.externalUri();
    // `true`: not encoded again, or VS Code for the Web cannot read its own callback URL back.
    const receiver = startHandedReceiver(external.toString(true), options);
    this.logger.info(`Sign-in: the answer comes back through ${registered(external)}`);
    this.pending = receiver;
    void receiver.result.finally(() => {
      if (this.pending === receiver) this.pending = undefined;
    }).catch(() => undefined);
    return receiver;
  }

  /** The address to register as the OAuth app's callback URL when the answer comes through this handler. */
  async callbackUrl(): Promise<string> {
    return registered(await this.externalUri());
  }

  private externalUri(): Thenable<vscode.Uri> {
    return vscode.env.asExternalUri(vscode.Uri.parse(`${vscode.env.uriScheme}://${this.extensionId}${AUTH_CALLBACK_PATH}`));
  }

  handleUri(uri: vscode.Uri): void {
    // Only the path is logged: the query or fragment may hold a code or a token.
    if (uri.path !== AUTH_CALLBACK_PATH) {
      this.logger.warn(`Opened with a link this extension does not handle (path ${uri.path}).`);
      return;
    }
    if (!this.pending?.deliver(uri.query)) {
      this.logger.warn('A sign-in link reached VS Code, but no sign-in is waiting for it (or it held no answer). Start the sign-in again.');
      const signInAgain = commandAction(l10n.t('Sign In with Linode'), 'signIn');
      notify(this.prompts.current, 'warning', l10n.t('That sign-in link is no longer expected by VS Code. Start Sign In with Linode again.'), [signInAgain], this.logger);
    }
  }
}

/** The external address without what VS Code adds for itself (no state or answer in it yet): the one to register. */
function registered(external: vscode.Uri): string {
  return external.with({ query: '', fragment: '' }).toString(true);
}
