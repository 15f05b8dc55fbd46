// What a command file exports, and what commands receive from the extension.
import type * as vscode from 'vscode';
import type { ApiSession } from '../apiSession';
import type { ImagesSelection } from '../images/imagesSelection';
import type { Logger } from '../log';
import type { PromptsHolder } from '../prompts';
import type { TokenStore } from '../tokenStore';
import type { ImagesTreeProvider, TreeNode } from '../tree/imagesTreeProvider';

export interface ExtensionServices {
  context: vscode.ExtensionContext;
  session: ApiSession;
  tokens: TokenStore;
  tree: ImagesTreeProvider;
  treeView: vscode.TreeView<TreeNode>;
  /** The view's selection, read once a redraw is over (what keybindings act on). */
  selection: ImagesSelection;
  prompts: PromptsHolder;
  logger: Logger;
}

export interface CommandDefinition {
  /** Without the `linodeImages.` prefix. */
  id: string;
  /** As in package.json; used in error messages ("Set API Token failed: …"). */
  title: string;
  run(services: ExtensionServices, ...args: unknown[]): Promise<unknown>;
}
