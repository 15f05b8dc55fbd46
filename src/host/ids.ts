// The ids the extension shares with package.json: its commands, views and context keys, each named here once.
// package.json keeps its literal ids; the activation test checks that the two name the same commands and views.

/** What every command, view and context key id starts with (followed by a dot). */
export const ID_NAMESPACE = 'linodeImages';

/** Every command package.json contributes, without the namespace; each is defined by a file in ./commands. */
export const COMMAND_NAMES = [
  'setApiToken',
  'signIn',
  'switchAccount',
  'useCliAccount',
  'signOut',
  'refresh',
  'reloadAll',
  'changeGrouping',
  'changeSorting',
  'showLog',
  'renameImage',
  'editImageDescription',
  'editImageTags',
  'deleteImages',
  'manageImageRegions',
  'captureImage',
  'showImageDetails',
  'copyImageId',
  'openInCloudManager',
  'copyImageAs',
  'filterImages',
  'clearFilter',
  'shareImage',
  'stopSharingImage',
  'createShareGroup',
  'editShareGroup',
  'deleteShareGroup',
  'refreshShareGroups',
  'useApiV4beta',
  'addShareGroupMember',
  'renameShareGroupMember',
  'removeShareGroupMember',
  'copyShareGroupId',
  'joinShareGroup',
  'leaveShareGroup',
  'uploadImage',
  'uploadFile',
  'cancelUpload',
  'deployImage',
  'rebuildLinode',
  'tryImage',
  'deleteTrialLinode',
  'copySshCommand',
  'copyRootPassword',
  'connectWithRemoteSsh',
] as const;

export type CommandName = (typeof COMMAND_NAMES)[number];
export type CommandId = `${typeof ID_NAMESPACE}.${CommandName}`;

/** The id VS Code knows a command by, as package.json contributes it. */
export function commandId(name: CommandName): CommandId {
  return `${ID_NAMESPACE}.${name}`;
}

/** The views package.json contributes (in the `linodeImages` view container). */
export const VIEW_IDS = {
  images: `${ID_NAMESPACE}.images`,
  shareGroups: `${ID_NAMESPACE}.shareGroups`,
} as const;

/** The context keys the extension sets, read by package.json's `when` clauses. */
export const CONTEXT_KEYS = {
  /** An account is in use (stored, signed in, or LINODE_CLI_TOKEN). */
  hasToken: `${ID_NAMESPACE}.hasToken`,
  /** An account is stored (one Sign Out can remove). */
  hasStoredToken: `${ID_NAMESPACE}.hasStoredToken`,
  /** The Images view is filtered. */
  filtered: `${ID_NAMESPACE}.filtered`,
  /** An upload is running. */
  uploading: `${ID_NAMESPACE}.uploading`,
  /** linode-cli or the shared Linode config holds an account whose token is not stored yet (the welcome view). */
  hasCliAccounts: `${ID_NAMESPACE}.hasCliAccounts`,
  /** The configured API version is v4beta (share groups). */
  apiV4beta: `${ID_NAMESPACE}.apiV4beta`,
  /** The Remote - SSH extension is installed (a trial Linode's row offers Connect with Remote-SSH). */
  remoteSshInstalled: `${ID_NAMESPACE}.remoteSshInstalled`,
} as const;
