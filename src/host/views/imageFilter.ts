// Shows the tree's filter in the view's description (the tree itself adds a first row saying what is filtered)
// and sets the context key that shows Clear Filter.
import * as vscode from 'vscode';
import { l10n } from '../../core/l10n';
import { CONTEXT_KEYS } from '../ids';
import type { ExtensionServices } from '../services';

export async function applyFilter({ tree, treeView }: Pick<ExtensionServices, 'tree' | 'treeView'>, query: string | undefined): Promise<void> {
  tree.setFilter(query);
  const filter = tree.filter;
  treeView.description = filter === undefined ? undefined : l10n.t('Filter: {0}', filter);
  await vscode.commands.executeCommand('setContext', CONTEXT_KEYS.filtered, filter !== undefined);
}
