// The accounts a Linode user already has on disk (linode-cli's users, the shared Linode config's profiles), offered
// in the welcome view and Switch Account…: picking one checks its token with GET /profile and copies it into
// SecretStorage as an account. The files are only read (core/auth/cliAccounts.ts); what cannot be read is one log
// line, never a notification, since the user did not ask for those files.
import * as vscode from 'vscode';
import { DEFAULT_API_URL } from '../../core/api/apiUrl';
import { LinodeAuthError } from '../../core/api/errors';
import { differsFromApiUrl, findCliAccounts, type CliAccount } from '../../core/auth/cliAccounts';
import { l10n } from '../../core/l10n';
import type { ApiSession } from '../apiSession';
import { errorMessage } from '../errors';
import { CONTEXT_KEYS } from '../ids';
import { redact, type Logger } from '../log';
import { notify, showLogAction } from '../notify';
import type { PromptsHolder } from '../prompts';
import { readSettings } from '../settings';
import type { StoredAccount, TokenStore } from './tokenStore';

export interface CliAccountServices {
  tokens: TokenStore;
  session: ApiSession;
  prompts: PromptsHolder;
  logger: Logger;
}

/** "alice (linode-cli)", "default (Linode config)". */
export function cliAccountLabel(account: CliAccount): string {
  return account.source === 'linode-cli' ? l10n.t('{0} (linode-cli)', account.name) : l10n.t('{0} (Linode config)', account.name);
}

/** Problems with the files already logged: the files are looked at again whenever the accounts change. */
const loggedProblems = new Set<string>();

/**
 * The accounts on disk whose token is not stored yet, the default ones first within each file, linode-cli's first.
 * Each problem with the files is logged once a session. Sets the welcome view's context key.
 */
export async function offeredCliAccounts(services: Pick<CliAccountServices, 'tokens' | 'logger'>): Promise<CliAccount[]> {
  const finding = await findCliAccounts();
  for (const problem of finding.problems) {
    if (loggedProblems.has(problem)) continue;
    loggedProblems.add(problem);
    services.logger.warn(problem);
  }
  await services.tokens.ready;
  const stored = new Set(services.tokens.accounts.map((account) => account.token));
  const offered = finding.accounts
    .filter((account) => !stored.has(account.token))
    // Stable: the files' order stays within the default and the others.
    .sort((a, b) => Number(a.source !== 'linode-cli') - Number(b.source !== 'linode-cli') || Number(b.isDefault) - Number(a.isDefault));
  await vscode.commands.executeCommand('setContext', CONTEXT_KEYS.hasCliAccounts, offered.length > 0);
  return offered;
}

/** What the picker says of an account besides its name: the default, and another API than the extension's. */
export function describeCliAccount(account: CliAccount): string {
  const parts: string[] = [];
  if (account.isDefault) parts.push(l10n.t('default'));
  const apiUrl = readSettings().apiUrl;
  if (apiUrl.ok && differsFromApiUrl(account, apiUrl.url)) parts.push(l10n.t('$(warning) its API is {0}', account.apiUrl ?? DEFAULT_API_URL));
  return parts.join(' · ');
}

/**
 * Checks the account's token with Linode and stores it as an account (shown from now on); undefined when the user
 * stopped or Linode refused it (said in an error notification). The file is never written.
 */
export async function useCliAccount(services: CliAccountServices, account: CliAccount): Promise<StoredAccount | undefined> {
  const { prompts, logger, session, tokens } = services;
  const label = cliAccountLabel(account);
  const apiUrl = readSettings().apiUrl;
  if (apiUrl.ok && differsFromApiUrl(account, apiUrl.url)) {
    // Not silently used against another API: the token may belong to another Linode (a test environment). Asked in
    // a notification, not a modal dialog: nothing is lost either way, and nothing is sent until the button is pressed.
    const useHere = l10n.t('Use with {0}', apiUrl.url);
    const openSettings = l10n.t('Open Settings');
    const answer = await prompts.current.warning(
      l10n.t(
        '{0} is set up for another API: its configuration names {1}, but this extension talks to {2} (setting linodeImages.apiUrl). Use its token with {2}, or change the setting first.',
        label,
        account.apiUrl ?? DEFAULT_API_URL,
        apiUrl.url,
      ),
      useHere,
      openSettings,
    );
    if (answer === openSettings) void vscode.commands.executeCommand('workbench.action.openSettings', 'linodeImages.apiUrl');
    if (answer !== useHere) return undefined;
  }
  let info;
  try {
    info = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: l10n.t('Checking the token of {0} with Linode…', label) },
      () => session.clientWithToken(account.token).checkToken(),
    );
  } catch (error) {
    // Not stored yet, so the logger does not know this token: redact it here.
    const reason = redact(errorMessage(error), [account.token]);
    logger.warn(`The token of ${label} from ${account.file} was not used: ${reason}`);
    if (error instanceof LinodeAuthError) {
      const configure = { label: l10n.t('Run linode-cli configure'), run: () => runCliConfigure() };
      notify(prompts.current, 'error', l10n.t('The token of {0} was not used: Linode rejected it ({1}). Run "linode-cli configure" to renew it.', label, reason), [configure], logger);
    } else {
      // Linode was not reached or did not answer: trying the same account again may well work.
      const retry = { label: l10n.t('Retry'), run: () => useCliAccount(services, account) };
      notify(prompts.current, 'error', l10n.t('The token of {0} was not used: it could not be checked: {1}', label, reason), [retry, showLogAction(logger)], logger);
    }
    return undefined;
  }
  const stored = await tokens.store(account.token, info.profile.username, info.scopes, { source: account.source, name: account.name });
  logger.info(`Using the token of ${label} from ${account.file} as ${stored.label}; scopes: ${info.scopes?.join(' ') ?? 'not reported'}.`);
  void prompts.current.info(l10n.t('Using {0}: signed in to Linode as {1}.', label, stored.label));
  return stored;
}

/** linode-cli renews its token interactively, in a terminal (the user's shell finds it wherever it is installed). */
function runCliConfigure(): void {
  // eslint-disable-next-line local/user-strings -- a command line (the terminal is named after it)
  const command = 'linode-cli configure';
  const terminal = vscode.window.createTerminal({ name: command });
  terminal.show();
  terminal.sendText(command);
}
