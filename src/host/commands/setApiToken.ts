// Asks for a personal access token, checks it with GET /profile, and stores it only if Linode accepts it.
import * as vscode from 'vscode';
import { LinodeAuthError } from '../../core/api/errors';
import { checkTokenText } from '../../core/api/token';
import { l10n } from '../../core/l10n';
import { errorMessage } from '../errors';
import { redact } from '../log';
import { commandAction, notify, showLogAction } from '../notify';
import type { ExtensionServices } from '../services';
import type { CommandDefinition } from './command';

/** Scopes the extension's features need; `*` (full access) covers them all. */
const WANTED_SCOPES = ['images:read_write', 'linodes:read_only'];

export const setApiTokenCommand: CommandDefinition = {
  id: 'setApiToken',
  get title() {
    return l10n.t('Set API Token…');
  },
  async run(services) {
    const { prompts } = services;
    const token = await prompts.current.inputBox({
      title: l10n.t('Linode API Token'),
      prompt: l10n.t('A personal access token from Cloud Manager (Profile → API Tokens). Images: Read/Write; Linodes: Read Only.'),
      placeHolder: l10n.t('Paste the token'),
      password: true,
      ignoreFocusOut: true,
      validateInput: (value) => {
        if (value.trim() === '') return l10n.t('Enter a token, or press Escape to cancel.');
        const check = checkTokenText(value);
        return check.ok ? undefined : check.message;
      },
    });
    if (token === undefined) return;
    // Checked again here: the command can be run with the box's validation bypassed (tests, other callers).
    const checked = checkTokenText(token);
    if (!checked.ok) {
      void prompts.current.error(l10n.t('The token was not stored: {0}', checked.message));
      return;
    }
    await checkAndStore(services, checked.token);
  },
};

type TokenServices = Pick<ExtensionServices, 'prompts' | 'session' | 'tokens' | 'sync' | 'logger'>;

/** Stores the token if Linode accepts it; what went wrong is said with the way on (another token, or Retry). */
async function checkAndStore(services: TokenServices, candidate: string): Promise<void> {
  const { prompts, session, tokens, sync, logger } = services;
  const setToken = commandAction(l10n.t('Set API Token'), 'setApiToken');
  let info;
  try {
    info = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: l10n.t('Checking the token with Linode…') },
      () => session.clientWithToken(candidate).checkToken(),
    );
  } catch (error) {
    // Not yet stored, so the logger does not know this token: redact it here.
    const rejected = error instanceof LinodeAuthError;
    const reason = redact(rejected ? error.message : errorMessage(error), [candidate]);
    logger.warn(rejected ? `Token not stored: Linode rejected it (${reason})` : `Token not stored: it could not be checked: ${reason}`);
    if (rejected) {
      notify(prompts.current, 'error', l10n.t('The token was not stored: Linode rejected it ({0}).', reason), [setToken], logger);
    } else {
      // Linode was not reached or did not answer: the same token can be checked again without pasting it again.
      const retry = { label: l10n.t('Retry'), run: () => checkAndStore(services, candidate) };
      notify(prompts.current, 'error', l10n.t('The token was not stored: it could not be checked: {0}.', reason), [retry, showLogAction(logger)], logger);
    }
    return;
  }

  const { username } = info.profile;
  await tokens.store(candidate, username, info.scopes);
  logger.info(`Token stored for ${username}; scopes: ${info.scopes?.join(' ') ?? 'not reported'}.`);
  const missing = info.scopes && !info.scopes.includes('*')
    ? WANTED_SCOPES.filter((scope) => !hasScope(info.scopes ?? [], scope))
    : [];
  if (missing.length > 0) {
    notify(
      prompts.current,
      'warning',
      l10n.t('Token stored for {0}, but it lacks {1}: some image operations will be refused.', username, missing.join(', ')),
      [setToken],
      logger,
    );
  } else {
    void prompts.current.info(l10n.t('Linode API token stored for {0}.', username));
  }
  await sync.refresh();
}

/** `images:read_write` also grants `images:read_only`. */
function hasScope(scopes: string[], wanted: string): boolean {
  const [area, level] = wanted.split(':');
  return scopes.includes(wanted) || (level === 'read_only' && scopes.includes(`${area}:read_write`));
}
