// The one list of commands the extension registers.
import type * as vscode from 'vscode';
import { changeGroupingCommand } from './changeGrouping';
import { clearApiTokenCommand } from './clearApiToken';
import type { CommandDefinition, ExtensionServices } from './command';
import { refreshCommand } from './refresh';
import { registerCommand } from './runCommand';
import { setApiTokenCommand } from './setApiToken';
import { showLogCommand } from './showLog';

export const COMMANDS: readonly CommandDefinition[] = [
  setApiTokenCommand,
  clearApiTokenCommand,
  refreshCommand,
  changeGroupingCommand,
  showLogCommand,
];

export function registerCommands(services: ExtensionServices): vscode.Disposable[] {
  return COMMANDS.map((definition) => registerCommand(definition, services));
}
