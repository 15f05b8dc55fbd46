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
    // Not silently used against another API: the token may belong to another Linode (a test environment).
    const useHere = l10n.t('Use with {0}', apiUrl.url);
    const answer = await prompts.current.confirm(
      l10n.t('{0} is set up for another API', label),
      l10n.t(
        'Its configuration names {0}, but this extension talks to {1} (setting linodeImages.apiUrl). Use its token with {1}, or change the setting first.',
        account.apiUrl ?? DEFAULT_API_URL,
        apiUrl.url,
      ),
      useHere,
    );
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
    void prompts.current.error(
      error instanceof LinodeAuthError
        ? l10n.t('The token of {0} was not used: Linode rejected it ({1}). Run "linode-cli configure" to renew it.', label, reason)
        : l10n.t('The token of {0} was not used: it could not be checked: {1}', label, reason),
    );
    return undefined;
  }
  const stored = await tokens.store(account.token, info.profile.username, info.scopes, { source: account.source, name: account.name });
  logger.info(`Using the token of ${label} from ${account.file} as ${stored.label}; scopes: ${info.scopes?.join(' ') ?? 'not reported'}.`);
  void prompts.current.info(l10n.t('Using {0}: signed in to Linode as {1}.', label, stored.label));
  return stored;
}
