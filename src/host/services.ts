// What the extension hands its commands and helpers: the objects activation makes, one of each. Only types are
// imported here, and none of the modules named imports this one back; a helper that needs one or two of these
// takes a `Pick<ExtensionServices, …>` of them.
import type * as vscode from 'vscode';
import type { ImageStore } from '../core/store/imageStore';
import type { ImageSync } from '../core/store/imageSync';
import type { ShareGroupStore } from '../core/store/shareGroupStore';
import type { ApiSession } from './apiSession';
import type { RootPasswords } from './deploy/rootPasswords';
import type { TrialLinodes } from './deploy/trialLinodes';
import type { AuthUriHandler } from './auth/authUriHandler';
import type { ClientSecrets } from './auth/clientSecret';
import type { SignInRenewal } from './auth/renewal';
import type { ImagesSelection } from './views/imagesSelection';
import type { Logger } from './log';
import type { PromptsHolder } from './prompts';
import type { SerialMemento } from './serialMemento';
import type { ShareGroupNode, ShareGroupsTreeProvider } from './sharing/shareGroupsTreeProvider';
import type { ImageDetailsProvider } from './views/imageDetailsProvider';
import type { TokenStore } from './auth/tokenStore';
import type { ImagesTreeProvider, TreeNode } from './tree/imagesTreeProvider';

export interface ExtensionServices {
  context: vscode.ExtensionContext;
  /** The extension's global state: every read and write goes through it, never `context.globalState`. */
  globalState: SerialMemento;
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
  /** The share groups of the signed-in account, with their images and members: what sharing commands read and change. */
  shareGroupStore: ShareGroupStore;
  /** The Share Groups view's data provider: its context key and its Refresh. */
  shareGroups: ShareGroupsTreeProvider;
  /** The read-only documents of Show Image Details. */
  imageDetails: ImageDetailsProvider;
  shareGroupsView: vscode.TreeView<ShareGroupNode>;
  /** The trial Linodes of Try This Image: their record, their rows, the warning about old ones. */
  trials: TrialLinodes;
  /** Root passwords of the Linodes deployed, rebuilt and tried here (secret storage). */
  rootPasswords: RootPasswords;
  prompts: PromptsHolder;
  logger: Logger;
}
