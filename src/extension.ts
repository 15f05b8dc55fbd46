// Entry point: wires the core (API client, image model) to VS Code. Activation does no network I/O;
// the first load happens when the Images view asks for its children.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { l10n, useTranslator } from './core/l10n';
import { ImageStore } from './core/store/imageStore';
import { ImageSync } from './core/store/imageSync';
import { accountKeyOf, ListingCache, type ListingKey } from './core/store/listingCache';
import { ShareGroupStore } from './core/store/shareGroupStore';
import { ApiSession } from './host/apiSession';
import { AuthUriHandler } from './host/auth/authUriHandler';
import { ClientSecrets } from './host/auth/clientSecret';
import { AUTH_PROVIDER_ID, AUTH_PROVIDER_LABEL, LinodeAuthProvider } from './host/auth/linodeAuthProvider';
import { SignInRenewal } from './host/auth/renewal';
import { offeredCliAccounts } from './host/auth/linodeCliAccounts';
import { signOutAccount, warnRevokeFailed } from './host/auth/signOutAccount';
import { signInWithLinode } from './host/auth/signInWithLinode';
import type { ExtensionServices } from './host/services';
import { registerCommands } from './host/commands/registry';
import { IMAGE_DETAILS_SCHEME, ImageDetailsProvider } from './host/views/imageDetailsProvider';
import { ImagesSelection } from './host/views/imagesSelection';
import { updateViewDescription } from './host/views/viewDescription';
import { reportError } from './host/commands/runCommand';
import { errorMessage, isTokenProblem } from './host/errors';
import { commandId, CONTEXT_KEYS, VIEW_IDS } from './host/ids';
import { createLogger } from './host/log';
import { PromptsHolder } from './host/prompts';
import { ShareGroupsTreeProvider } from './host/sharing/shareGroupsTreeProvider';
import { affectsConnection, affectsTreeShape, readSettings } from './host/settings';
import { TokenStore, type AccountsChange, type CurrentToken } from './host/auth/tokenStore';
import { ImagesDragAndDrop } from './host/tree/imagesDragAndDrop';
import { ImagesTreeProvider } from './host/tree/imagesTreeProvider';
import { RootPasswords } from './host/deploy/rootPasswords';
import { TrialLinodes } from './host/deploy/trialLinodes';
import { REMOTE_SSH_EXTENSION } from './host/deploy/followLinode';
import { PendingPoller, type PollingPace } from './host/tree/pendingPoller';
import { ViewMessage } from './host/tree/viewMessage';
import { SerialMemento } from './host/serialMemento';
import { RateLimitWaitMessage } from './host/tree/waitMessage';
import { reportLostImage } from './host/images/lostImages';
import { activeUploads, finishUploadsBeforeExit, type ActiveUpload } from './host/upload/activeUploads';
import { watchInterruptedUploads } from './host/upload/interruptedUploads';
import { WalkthroughProgress } from './host/walkthrough';

/** Returned from `activate` to the extension's own tests only: it reaches the token and an authenticated client. */
export interface LinodeImagesApi {
  services: ExtensionServices;
  poller: PendingPoller;
  /**
   * A poller of the extension's own module at another pace, for the tests to use instead of `poller` (one built from
   * the tests' copy of the modules would not recognise the bundle's errors).
   */
  newPoller(pace: PollingPace): PendingPoller;
  /** The registered `linode` account provider (extensions cannot remove a session through VS Code's API). */
  authProvider?: LinodeAuthProvider;
  /** The uploads running in this window (tests wait for one's phase). */
  uploads?: () => readonly ActiveUpload[];
  /** The Images view's drag and drop (tests drive its handleDrag and handleDrop). */
  dragAndDrop?: ImagesDragAndDrop;
  /** The walkthrough's steps as this window has seen them done. */
  walkthrough?: WalkthroughProgress;
  /**
   * Installs a translator for every message of the extension (a pseudo-locale, say); the returned function puts
   * back the previous one. The tests' own copy of core/l10n is another module than the extension's, so they go
   * through here.
   */
  useTranslator?: typeof useTranslator;
}

/** What other extensions get from `activate`: nothing, except in the extension's own test runs. */
export function exportsFor(mode: vscode.ExtensionMode, internals: LinodeImagesApi): LinodeImagesApi | undefined {
  return mode === vscode.ExtensionMode.Test ? internals : undefined;
}

export function activate(context: vscode.ExtensionContext): LinodeImagesApi | undefined {
  // Messages in the display language (the extension's l10n bundle), in the core and the VS Code layer alike.
  // eslint-disable-next-line local/user-strings -- the translator itself: every message passes through here
  context.subscriptions.push({ dispose: useTranslator((message, args) => vscode.l10n.t(message, ...args)) });
  const channel = vscode.window.createOutputChannel(l10n.t('Linode Images'), { log: true });
  context.subscriptions.push(channel);
  const tokens = new TokenStore(context.secrets);
  const globalState = new SerialMemento(context.globalState);
  context.subscriptions.push(tokens);
  const rootPasswords = new RootPasswords(context.secrets);
  const logger = createLogger(channel, () => [tokens.current?.value, ...tokens.secretsToRedact, ...rootPasswords.toRedact]);
  const version = (context.extension.packageJSON as { version?: string }).version ?? '0.0.0';
  const session = new ApiSession(tokens, logger, version);
  const store = new ImageStore();
  const sync = new ImageSync({
    store,
    client: () => session.client(),
    cache: new ListingCache(context.globalStorageUri.fsPath, (line) => logger.warn(line)),
    key: () => listingKey(globalState, tokens.current),
    log: logger,
    // Made below; asked only when a refresh runs.
    receivesShares: () => shareGroups.receivesShares(),
  });
  const prompts = new PromptsHolder();
  const trials = new TrialLinodes({ session, tokens, globalState, prompts, logger });
  const tree = new ImagesTreeProvider(store, sync, tokens, logger, trials);
  // Made before the services it acts through (they hold the view it belongs to): they are attached below.
  const dragAndDrop = new ImagesDragAndDrop();
  // No Collapse All button: the title bar keeps to four icons (Upload, Filter, Refresh, Group & Sort).
  const treeView = vscode.window.createTreeView(VIEW_IDS.images, { treeDataProvider: tree, canSelectMany: true, dragAndDropController: dragAndDrop });
  context.subscriptions.push(trials, trials.watch(treeView));
  const poller = new PendingPoller(store, sync, treeView, session, logger);
  const selection = new ImagesSelection(store, treeView);
  const viewMessage = new ViewMessage(treeView, store, tokens, logger);
  context.subscriptions.push(store, sync, tree, treeView, dragAndDrop, poller, selection, viewMessage);
  // The Share Groups view reads nothing until it is shown (VS Code asks for rows only then).
  const shareGroupStore = new ShareGroupStore({ client: () => session.client(), log: logger });
  const shareGroups = new ShareGroupsTreeProvider(shareGroupStore, store, tokens, logger);
  const shareGroupsView = vscode.window.createTreeView(VIEW_IDS.shareGroups, { treeDataProvider: shareGroups, showCollapseAll: true });
  shareGroups.showMessagesIn(shareGroupsView);
  context.subscriptions.push(shareGroupStore, shareGroups, shareGroupsView);

  const imageDetails = new ImageDetailsProvider(store);
  const clientSecrets = new ClientSecrets(context.secrets);
  const uriHandler = new AuthUriHandler(context.extension.id, logger, prompts);
  const renewal = new SignInRenewal(tokens, clientSecrets, logger, session.userAgent);
  const services: ExtensionServices = {
    context, globalState, session, tokens, clientSecrets, uriHandler, renewal, store, sync, tree, treeView, selection, shareGroupStore, shareGroups, shareGroupsView, imageDetails, trials, rootPasswords, prompts, logger,
  };
  dragAndDrop.attach(services);
  const authProvider = new LinodeAuthProvider(
    tokens,
    () => signInWithLinode(services),
    async (account) => {
      const outcome = await signOutAccount(services, account);
      if (outcome.kind === 'revokeFailed') void warnRevokeFailed(services, account.label, outcome.reason);
    },
  );
  context.subscriptions.push(
    renewal,
    authProvider,
    vscode.authentication.registerAuthenticationProvider(AUTH_PROVIDER_ID, AUTH_PROVIDER_LABEL, authProvider, { supportsMultipleAccounts: true }),
    vscode.window.registerUriHandler(uriHandler),
    renewal.onDidExpire((account) => {
      const signInAgain = l10n.t('Sign In Again');
      void services.prompts.current.warning(l10n.t('Your Linode sign-in as {0} has expired.', account.label), signInAgain).then((choice) => {
        if (choice === signInAgain) void vscode.commands.executeCommand(commandId('signIn'));
      });
    }),
  );
  context.subscriptions.push(
    ...registerCommands(services),
    // A long rate-limit wait shows in the view, so a slow load does not look stuck.
    new RateLimitWaitMessage(treeView, session),
    // Uploads an earlier window did not see through: reconciled in the background once a token is known.
    watchInterruptedUploads(services),
  );
  // The walkthrough's steps complete on what they teach (a token, the view by region, an upload, a replica).
  const walkthrough = new WalkthroughProgress(services);
  context.subscriptions.push(walkthrough);
  context.subscriptions.push(
    imageDetails,
    vscode.workspace.registerTextDocumentContentProvider(IMAGE_DETAILS_SCHEME, imageDetails),
  );

  // Which account and API the view shows; each has its own kept listing, never shown for another.
  // A trial Linode's row offers Connect with Remote-SSH while that extension is installed.
  const remoteSsh = (): void => void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.remoteSshInstalled, vscode.extensions.getExtension(REMOTE_SSH_EXTENSION) !== undefined);
  remoteSsh();
  context.subscriptions.push(vscode.extensions.onDidChange(remoteSsh));
  const useCurrentAccount = (change?: AccountsChange): void => {
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.hasToken, tokens.current !== undefined);
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.hasStoredToken, tokens.hasStoredToken);
    updateViewDescription(services);
    // A renewed token or a new label is the same account: its images stay.
    if (change?.kind === 'renewed') sync.currentKey();
    else sync.use(listingKey(globalState, tokens.current));
    viewMessage.update();
    if (treeView.visible) nameUnnamedAccount(services);
  };
  void tokens.ready.then(() => useCurrentAccount());
  context.subscriptions.push(treeView.onDidChangeVisibility(({ visible }) => {
    if (visible) nameUnnamedAccount(services);
  }));

  context.subscriptions.push(
    tokens.onDidChange(useCurrentAccount),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (affectsConnection(event)) {
        sync.currentKey();
        viewMessage.update();
      }
      else if (affectsTreeShape(event)) tree.regroup();
    }),
    sync.onDidFail((error) => {
      if (isTokenProblem(error)) reportError(l10n.t('Loading images'), error, services);
      else logger.error(`Could not sync the images: ${errorMessage(error)}`);
    }),
    sync.onDidLoseImage((lost) => reportLostImage(lost, services)),
  );
  // The welcome view offers linode-cli's accounts when there are some; the files are read after activation.
  const offerCliAccounts = (): void => void offeredCliAccounts(services).catch((error: unknown) => logger.warn(`Could not look for linode-cli accounts: ${errorMessage(error)}`));
  context.subscriptions.push(tokens.onDidChange((change) => change.kind === 'accounts' && offerCliAccounts()));
  setTimeout(offerCliAccounts, 0);
  logger.info(`Linode Images ${version} activated.`);
  const newPoller = (pace: PollingPace): PendingPoller => new PendingPoller(store, sync, treeView, session, logger, pace);
  return exportsFor(context.extensionMode, { services, poller, newPoller, authProvider, dragAndDrop, uploads: () => activeUploads(services).list(), walkthrough, useTranslator });
}

/**
 * A token stored by an earlier version has no name until Linode says whose it is: asked once the view is shown
 * (activation itself does no network I/O).
 */
function nameUnnamedAccount({ tokens, session, logger }: ExtensionServices): void {
  const account = tokens.currentAccount;
  if (!account?.unnamed || naming.has(account.id)) return;
  naming.add(account.id);
  void session.clientWithToken(account.token).checkToken().then(
    (info) => tokens.relabel(account.id, info.profile.username),
    (error: unknown) => {
      naming.delete(account.id);
      logger.debug(`Could not name the stored account yet: ${errorMessage(error)}`);
    },
  );
}
const naming = new Set<string>();

/** A random value kept per installation: the kept listings' names are keyed hashes of the token with it. */
const LISTING_SALT_KEY = 'listingSalt';

/** The kept listing's key for a token and the configured API; undefined when nothing can be listed. */
function listingKey(globalState: SerialMemento, current: CurrentToken | undefined): ListingKey | undefined {
  const settings = readSettings();
  if (current === undefined || !settings.apiUrl.ok) return undefined;
  // An account signed in with Linode keeps its listing across renewed tokens; a token account is its token.
  const oauth = current.account?.oauth;
  const identity = oauth ? `oauth ${oauth.loginUrl} ${current.account?.label ?? ''}` : current.value;
  let salt = globalState.get<string>(LISTING_SALT_KEY);
  if (typeof salt !== 'string' || salt.length < 32) {
    salt = randomBytes(32).toString('hex');
    void globalState.update(LISTING_SALT_KEY, salt);
  }
  return { account: accountKeyOf(salt, identity), apiUrl: settings.apiUrl.url, apiVersion: settings.apiVersion };
}

/** How long closing the window waits for running uploads to cancel and clean up (VS Code allows a few seconds). */
export const DEACTIVATE_UPLOAD_WAIT_MS = 4_000;

/**
 * Everything else is disposed through context.subscriptions. Running uploads are cancelled and their containers
 * dealt with, within DEACTIVATE_UPLOAD_WAIT_MS; what is not done by then stays recorded for the next activation.
 */
export function deactivate(): Promise<void> {
  return finishUploadsBeforeExit(DEACTIVATE_UPLOAD_WAIT_MS);
}
