// The single error path for every command: cancel is silent, a rejected token offers to set one, a failure that may
// pass offers to try again, an upload's leftover container offers to delete or show it; anything else is one message
// naming the command plus a line in the log.
import * as vscode from 'vscode';
import { isCancellation } from '../../core/api/errors';
import { l10n } from '../../core/l10n';
import { UploadFailedError } from '../../core/upload/errors';
import { errorMessage, isTokenProblem, isTransient } from '../errors';
import { commandId } from '../ids';
import { targetImages } from '../images/imageTargets';
import { notify, showLogAction, type NotificationAction } from '../notify';
import { leftoverActions } from '../upload/leftoverContainer';
import type { ExtensionServices } from '../services';
import { actsOnMany, isImageCommand, type CommandDefinition, type ImageCommand } from './command';
import { accountKind, remedyForRefusedToken } from '../auth/accountKind';

export function registerCommand(definition: CommandDefinition, services: ExtensionServices): vscode.Disposable {
  return vscode.commands.registerCommand(commandId(definition.id), (...args: unknown[]) =>
    runCommand(definition, services, args),
  );
}

async function runCommand(definition: CommandDefinition, services: ExtensionServices, args: unknown[]): Promise<unknown> {
  try {
    return isImageCommand(definition) ? await runOnImages(definition, services, args) : await definition.run(services, ...args);
  } catch (error) {
    if (isCancellation(error)) {
      services.logger.debug(`${definition.title}: cancelled`);
      return undefined;
    }
    // Retry runs the command again as it was run (through VS Code, so this path reports its failure too).
    reportError(definition.title, error, services, () => vscode.commands.executeCommand(commandId(definition.id), ...args));
    return undefined;
  }
}

/**
 * Resolves an image command's targets (targetImages says why when none applies) and runs it on them; nothing runs
 * without one.
 */
async function runOnImages(definition: ImageCommand, services: ExtensionServices, args: unknown[]): Promise<unknown> {
  if (definition.otherArguments?.accepts(args[0], services)) return definition.otherArguments.run(services, ...args);
  const { action, many, pickerTitle } = definition.targets;
  const targets = await targetImages(services, args, { action, many, title: pickerTitle?.() ?? definition.title });
  if (targets.images.length === 0) return undefined;
  return actsOnMany(definition) ? definition.run(services, targets) : definition.run(services, targets.images[0]);
}

export function reportError(title: string, error: unknown, services: ExtensionServices, retry?: () => unknown): void {
  // The one place errors reach the user: whatever an error's text holds (an HTTP stack quoting a header, an API
  // echoing a request), no token leaves here, in the notification or in the log.
  const message = services.logger.redact(l10n.t('{0} failed: {1}', title, errorMessage(error)));
  const stack = error instanceof Error && error.stack && !isTokenProblem(error) ? `\n${services.logger.redact(error.stack)}` : '';
  services.logger.error(`${message}${stack}`);
  const prompts = services.prompts.current;
  const current = services.tokens.current;
  const kind = current ? accountKind(current) : undefined;
  if (isTokenProblem(error) && kind && current?.account && remedyForRefusedToken(kind) === 'signInAgain') {
    // A sign-in's token expired or was revoked: signing in again is the way out, not a token prompt. One that
    // cannot be renewed is marked, so the view says so (a renewable one is renewed on its own schedule).
    if (kind.kind === 'signIn' && !kind.renewable && !kind.expired) void services.tokens.markExpired(current.account.id);
    const signInAgain = l10n.t('Sign In Again');
    void prompts.error(message, signInAgain).then((choice) => {
      if (choice === signInAgain) void vscode.commands.executeCommand(commandId('signIn'));
    });
  } else if (isTokenProblem(error)) {
    // Not awaited: a notification stays open until dismissed, and the command must finish now.
    const setToken = l10n.t('Set API Token');
    void prompts.error(message, setToken).then((choice) => {
      if (choice === setToken) void vscode.commands.executeCommand(commandId('setApiToken'));
    });
  } else {
    const leftover = error instanceof UploadFailedError ? leftoverActions(services, error.cleanup) : [];
    const tryAgain: NotificationAction[] = retry && isTransient(error) ? [{ label: l10n.t('Retry'), run: retry }] : [];
    notify(prompts, 'error', message, leftover.length > 0 ? leftover : [...tryAgain, showLogAction(services.logger)], services.logger);
  }
}
