// Shows the tree's filter in the view's description, beside the account (the tree itself adds a first row saying what
// is filtered)
// and sets the context key that shows Clear Filter.
import * as vscode from 'vscode';
import { CONTEXT_KEYS } from '../ids';
import type { ExtensionServices } from '../services';
import { updateViewDescription } from './viewDescription';

export async function applyFilter(services: Pick<ExtensionServices, 'tree' | 'treeView' | 'tokens'>, query: string | undefined): Promise<void> {
  services.tree.setFilter(query);
  updateViewDescription(services);
  await vscode.commands.executeCommand('setContext', CONTEXT_KEYS.filtered, services.tree.filter !== undefined);
}
