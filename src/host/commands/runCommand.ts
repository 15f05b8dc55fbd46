// The single error path for every command: cancel is silent, a rejected token offers to set one,
// anything else is one message naming the command plus a line in the log.
import * as vscode from 'vscode';
import { isCancellation } from '../../core/api/errors';
import { errorMessage, isTokenProblem } from '../errors';
import type { CommandDefinition, ExtensionServices } from './command';

export const COMMAND_PREFIX = 'linodeImages.';
const SET_TOKEN_ACTION = 'Set API Token';
const SIGN_IN_AGAIN_ACTION = 'Sign In Again';

export function registerCommand(definition: CommandDefinition, services: ExtensionServices): vscode.Disposable {
  return vscode.commands.registerCommand(COMMAND_PREFIX + definition.id, (...args: unknown[]) =>
    runCommand(definition, services, args),
  );
}

export async function runCommand(definition: CommandDefinition, services: ExtensionServices, args: unknown[]): Promise<unknown> {
  try {
    return await definition.run(services, ...args);
  } catch (error) {
    if (isCancellation(error)) {
      services.logger.debug(`${definition.title}: cancelled`);
      return undefined;
    }
    reportError(definition.title, error, services);
    return undefined;
  }
}

export function reportError(title: string, error: unknown, services: ExtensionServices): void {
  // The one place errors reach the user: whatever an error's text holds (an HTTP stack quoting a header, an API
  // echoing a request), no token leaves here, in the notification or in the log.
  const message = services.logger.redact(`${title} failed: ${errorMessage(error)}`);
  const stack = error instanceof Error && error.stack && !isTokenProblem(error) ? `\n${services.logger.redact(error.stack)}` : '';
  services.logger.error(`${message}${stack}`);
  const prompts = services.prompts.current;
  const account = services.tokens.current?.account;
  if (isTokenProblem(error) && account?.oauth) {
    // A sign-in's token expired or was revoked: signing in again is the way out, not a token prompt. One that
    // cannot be renewed is marked, so the view says so (a renewable one is renewed on its own schedule).
    if (!account.oauth.refreshToken && !account.oauth.expired) void services.tokens.markExpired(account.id);
    void prompts.error(message, SIGN_IN_AGAIN_ACTION).then((choice) => {
      if (choice === SIGN_IN_AGAIN_ACTION) void vscode.commands.executeCommand(`${COMMAND_PREFIX}signIn`);
    });
  } else if (isTokenProblem(error)) {
    // Not awaited: a notification stays open until dismissed, and the command must finish now.
    void prompts.error(message, SET_TOKEN_ACTION).then((choice) => {
      if (choice === SET_TOKEN_ACTION) void vscode.commands.executeCommand(`${COMMAND_PREFIX}setApiToken`);
    });
  } else {
    void prompts.error(message, 'Show Log').then((choice) => {
      if (choice === 'Show Log') services.logger.show();
    });
  }
}
