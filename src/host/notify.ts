// A notification that asks the user to act carries the button for it: one button per action, and the action of the
// one pressed runs. Callers do not wait for it: a notification stays until it is dismissed.
import * as vscode from 'vscode';
import { messageOf } from '../core/api/errors';
import { l10n } from '../core/l10n';
import { commandId, type CommandName } from './ids';
import type { Logger } from './log';
import type { UserPrompts } from './prompts';

export interface NotificationAction {
  /** The button's text, in the user's language. */
  readonly label: string;
  run(): unknown;
}

export function notify(
  prompts: UserPrompts,
  kind: 'info' | 'warning' | 'error',
  message: string,
  actions: readonly NotificationAction[],
  logger: Pick<Logger, 'warn'>,
): void {
  void Promise.resolve(prompts[kind](message, ...actions.map((action) => action.label)))
    .then((choice) => actions.find((action) => action.label === choice)?.run())
    .catch((error: unknown) => logger.warn(`A notification's button failed: ${messageOf(error)}`));
}

/** A button that runs one of the extension's commands (which reports its own errors). */
export function commandAction(label: string, command: CommandName, ...args: unknown[]): NotificationAction {
  return { label, run: () => vscode.commands.executeCommand(commandId(command), ...args) };
}

export function showLogAction(logger: Pick<Logger, 'show'>): NotificationAction {
  return { label: l10n.t('Show Log'), run: () => logger.show() };
}
