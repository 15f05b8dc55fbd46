// What a command file exports, and what commands receive from the extension.
import type * as vscode from 'vscode';
import type { ImageStore } from '../../core/store/imageStore';
import type { ImageSync } from '../../core/store/imageSync';
import type { ApiSession } from '../apiSession';
import type { AuthUriHandler } from '../auth/authUriHandler';
import type { ClientSecrets } from '../auth/clientSecret';
import type { SignInRenewal } from '../auth/renewal';
import type { ImagesSelection } from '../images/imagesSelection';
import type { Logger } from '../log';
import type { PromptsHolder } from '../prompts';
import type { ShareGroupsTreeProvider } from '../sharing/shareGroupsTreeProvider';
import type { TokenStore } from '../tokenStore';
import type { ImagesTreeProvider, TreeNode } from '../tree/imagesTreeProvider';

export interface ExtensionServices {
  context: vscode.ExtensionContext;
  session: ApiSession;
  /** The stored accounts and which one the view shows. */
  tokens: TokenStore;
  /** Client secrets of private OAuth apps. */
  clientSecrets: ClientSecrets;
  /** Receives sign-in answers where a loopback listener cannot be reached. */
  uriHandler: AuthUriHandler;
  /** Renews OAuth tokens before they expire. */
  renewal: SignInRenewal;
  /** The images of the signed-in account: what commands read and change. */
  store: ImageStore;
  /** Brings the store up to date with Linode. */
  sync: ImageSync;
  /** The Images view's data provider: for its rows (reveal) and its filter. */
  tree: ImagesTreeProvider;
  treeView: vscode.TreeView<TreeNode>;
  /** The view's selection (what keybindings act on). */
  selection: ImagesSelection;
  /** The Share Groups view's data provider (refreshed after a command changes a group). */
  shareGroups: ShareGroupsTreeProvider;
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
