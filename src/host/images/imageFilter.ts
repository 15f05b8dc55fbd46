// Shows the tree's filter in the view's description (the tree itself adds a first row saying what is filtered)
// and sets the context key that shows Clear Filter.
import * as vscode from 'vscode';
import type { ExtensionServices } from '../commands/command';

export const FILTERED_CONTEXT_KEY = 'linodeImages.filtered';

export async function applyFilter({ tree, treeView }: Pick<ExtensionServices, 'tree' | 'treeView'>, query: string | undefined): Promise<void> {
  tree.setFilter(query);
  const filter = tree.filter;
  treeView.description = filter === undefined ? undefined : `Filter: ${filter}`;
  await vscode.commands.executeCommand('setContext', FILTERED_CONTEXT_KEY, filter !== undefined);
}
