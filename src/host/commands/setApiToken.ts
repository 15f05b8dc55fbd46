// Asks for a personal access token, checks it with GET /profile, and stores it only if Linode accepts it.
import * as vscode from 'vscode';
import { LinodeAuthError } from '../../core/api/errors';
import { checkTokenText } from '../../core/api/token';
import { errorMessage } from '../errors';
import { redact } from '../log';
import type { CommandDefinition } from './command';

/** Scopes the extension's features need; `*` (full access) covers them all. */
const WANTED_SCOPES = ['images:read_write', 'linodes:read_only'];

export const setApiTokenCommand: CommandDefinition = {
  id: 'setApiToken',
  title: 'Set API Token…',
  async run({ prompts, session, tokens, sync, logger }) {
    const token = await prompts.current.inputBox({
      title: 'Linode API Token',
      prompt: 'A personal access token from Cloud Manager (Profile → API Tokens). Images: Read/Write; Linodes: Read Only.',
      placeHolder: 'Paste the token',
      password: true,
      ignoreFocusOut: true,
      validateInput: (value) => {
        if (value.trim() === '') return 'Enter a token, or press Escape to cancel.';
        const check = checkTokenText(value);
        return check.ok ? undefined : check.message;
      },
    });
    if (token === undefined) return;
    // Checked again here: the command can be run with the box's validation bypassed (tests, other callers).
    const checked = checkTokenText(token);
    if (!checked.ok) {
      void prompts.current.error(`The token was not stored: ${checked.message}`);
      return;
    }
    const candidate = checked.token;

    let info;
    try {
      info = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Checking the token with Linode…' },
        () => session.clientWithToken(candidate).checkToken(),
      );
    } catch (error) {
      // Not yet stored, so the logger does not know this token: redact it here.
      const why = redact(error instanceof LinodeAuthError
        ? `Linode rejected it (${error.message})`
        : `it could not be checked: ${errorMessage(error)}`, [candidate]);
      logger.warn(`Token not stored: ${why}`);
      void prompts.current.error(`The token was not stored: ${why}.`);
      return;
    }

    const { username } = info.profile;
    await tokens.store(candidate, username, info.scopes);
    logger.info(`Token stored for ${username}; scopes: ${info.scopes?.join(' ') ?? 'not reported'}.`);
    const missing = info.scopes && !info.scopes.includes('*')
      ? WANTED_SCOPES.filter((scope) => !hasScope(info.scopes ?? [], scope))
      : [];
    if (missing.length > 0) {
      void prompts.current.warning(
        `Token stored for ${username}, but it lacks ${missing.join(', ')}: some image operations will be refused.`,
      );
    } else {
      void prompts.current.info(`Linode API token stored for ${username}.`);
    }
    await sync.refresh();
  },
};

/** `images:read_write` also grants `images:read_only`. */
function hasScope(scopes: string[], wanted: string): boolean {
  const [area, level] = wanted.split(':');
  return scopes.includes(wanted) || (level === 'read_only' && scopes.includes(`${area}:read_write`));
}
