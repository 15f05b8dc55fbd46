// A private OAuth client's secret: asked once, kept in SecretStorage under the client's id, never in settings.
import type * as vscode from 'vscode';
import { checkTokenText } from '../../core/api/token';
import { l10n } from '../../core/l10n';
import type { UserPrompts } from '../prompts';

/** Why `value` cannot be a client secret, if it cannot (validated as typed). */
export function clientSecretProblem(value: string): string | undefined {
  if (value.trim() === '') return l10n.t('Enter the client secret, or press Escape to cancel.');
  const check = checkTokenText(value, l10n.t('The client secret'));
  return check.ok ? undefined : check.message;
}

/** The secret as kept: without the white space a paste may bring around it. */
export function cleanClientSecret(value: string): string {
  const check = checkTokenText(value, l10n.t('The client secret'));
  if (!check.ok) throw new Error(check.message);
  return check.token;
}

function keyOf(clientId: string): string {
  return `linodeImages.signIn.clientSecret.${clientId}`;
}

export class ClientSecrets {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  get(clientId: string): Thenable<string | undefined> {
    return this.secrets.get(keyOf(clientId));
  }

  store(clientId: string, secret: string): Thenable<void> {
    return this.secrets.store(keyOf(clientId), secret);
  }

  forget(clientId: string): Thenable<void> {
    return this.secrets.delete(keyOf(clientId));
  }

  /** The stored secret, or one the user enters now (kept only once a sign-in with it works). */
  async getOrAsk(clientId: string, prompts: UserPrompts): Promise<{ secret: string; isNew: boolean } | undefined> {
    const stored = await this.get(clientId);
    if (stored) return { secret: stored, isNew: false };
    const entered = await prompts.inputBox({
      title: l10n.t('Linode OAuth App Client Secret'),
      prompt: l10n.t("The client secret of the OAuth app {0} (Cloud Manager → Profile → OAuth Apps; shown once, when the app is created). It is kept in VS Code's secret storage.", clientId),
      placeHolder: l10n.t('Paste the client secret'),
      password: true,
      ignoreFocusOut: true,
      validateInput: clientSecretProblem,
    });
    if (entered === undefined) return undefined;
    return { secret: cleanClientSecret(entered), isNew: true };
  }
}
