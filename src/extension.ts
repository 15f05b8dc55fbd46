// Entry point: wires the core (API client, image model) to VS Code. Activation does no network I/O;
// the first load happens when the Images view asks for its children.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { ImageStore } from './core/store/imageStore';
import { ImageSync } from './core/store/imageSync';
import { accountKeyOf, ListingCache, type ListingKey } from './core/store/listingCache';
import { ApiSession } from './host/apiSession';
import type { ExtensionServices } from './host/commands/command';
import { registerCommands } from './host/commands/registry';
import { IMAGE_DETAILS_SCHEME, ImageDetailsProvider } from './host/images/imageDetailsProvider';
import { ImagesSelection } from './host/images/imagesSelection';
import { reportError } from './host/commands/runCommand';
import { errorMessage, isTokenProblem } from './host/errors';
import { createLogger } from './host/log';
import { PromptsHolder } from './host/prompts';
import { affectsConnection, affectsTreeShape, readSettings } from './host/settings';
import { TokenStore } from './host/tokenStore';
import { ImagesTreeProvider } from './host/tree/imagesTreeProvider';
import { PendingPoller } from './host/tree/pendingPoller';
import { ViewMessage } from './host/tree/viewMessage';
import { RateLimitWaitMessage } from './host/tree/waitMessage';
import { reportLostImage } from './host/images/lostImages';
import { finishUploadsBeforeExit } from './host/upload/activeUploads';
import { watchInterruptedUploads } from './host/upload/interruptedUploads';

export const VIEW_ID = 'linodeImages.images';

/** Returned from `activate` to the extension's own tests only: it reaches the token and an authenticated client. */
export interface LinodeImagesApi {
  services: ExtensionServices;
  poller: PendingPoller;
}

/** What other extensions get from `activate`: nothing, except in the extension's own test runs. */
export function exportsFor(mode: vscode.ExtensionMode, internals: LinodeImagesApi): LinodeImagesApi | undefined {
  return mode === vscode.ExtensionMode.Test ? internals : undefined;
}

export function activate(context: vscode.ExtensionContext): LinodeImagesApi | undefined {
  const channel = vscode.window.createOutputChannel('Linode Images', { log: true });
  context.subscriptions.push(channel);
  const tokens = new TokenStore(context.secrets);
  context.subscriptions.push(tokens);
  const logger = createLogger(channel, () => [tokens.current?.value]);
  const version = (context.extension.packageJSON as { version?: string }).version ?? '0.0.0';
  const session = new ApiSession(tokens, logger, version);
  const store = new ImageStore();
  const sync = new ImageSync({
    store,
    client: () => session.client(),
    cache: new ListingCache(context.globalStorageUri.fsPath, (line) => logger.warn(line)),
    key: () => listingKey(context, tokens.current?.value),
    log: logger,
  });
  const tree = new ImagesTreeProvider(store, sync, tokens, logger);
  const treeView = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: tree, canSelectMany: true, showCollapseAll: true });
  const poller = new PendingPoller(store, sync, treeView, session, logger);
  const selection = new ImagesSelection(store, treeView);
  const viewMessage = new ViewMessage(treeView, store, tokens, logger);
  context.subscriptions.push(store, sync, tree, treeView, poller, selection, viewMessage);

  const services: ExtensionServices = { context, session, tokens, store, sync, tree, treeView, selection, prompts: new PromptsHolder(), logger };
  context.subscriptions.push(
    ...registerCommands(services),
    // A long rate-limit wait shows in the view, so a slow load does not look stuck.
    new RateLimitWaitMessage(treeView, session),
    // Uploads an earlier window did not see through: reconciled in the background once a token is known.
    watchInterruptedUploads(services),
  );
  const imageDetails = new ImageDetailsProvider(store);
  context.subscriptions.push(
    imageDetails,
    vscode.workspace.registerTextDocumentContentProvider(IMAGE_DETAILS_SCHEME, imageDetails),
  );

  // Which account and API the view shows; each has its own kept listing, never shown for another.
  const useCurrentAccount = (): void => {
    void vscode.commands.executeCommand('setContext', 'linodeImages.hasToken', tokens.current !== undefined);
    void vscode.commands.executeCommand('setContext', 'linodeImages.hasStoredToken', tokens.hasStoredToken);
    sync.use(listingKey(context, tokens.current?.value));
    viewMessage.update();
  };
  void tokens.ready.then(useCurrentAccount);

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
      if (isTokenProblem(error)) reportError('Loading images', error, services);
      else logger.error(`Could not sync the images: ${errorMessage(error)}`);
    }),
    sync.onDidLoseImage((lost) => reportLostImage(lost, services)),
  );
  logger.info(`Linode Images ${version} activated.`);
  return exportsFor(context.extensionMode, { services, poller });
}

/** A random value kept per installation: the kept listings' names are keyed hashes of the token with it. */
const LISTING_SALT_KEY = 'listingSalt';

/** The kept listing's key for a token and the configured API; undefined when nothing can be listed. */
function listingKey(context: vscode.ExtensionContext, token: string | undefined): ListingKey | undefined {
  const settings = readSettings();
  if (token === undefined || !settings.apiUrl.ok) return undefined;
  let salt = context.globalState.get<string>(LISTING_SALT_KEY);
  if (typeof salt !== 'string' || salt.length < 32) {
    salt = randomBytes(32).toString('hex');
    void context.globalState.update(LISTING_SALT_KEY, salt);
  }
  return { account: accountKeyOf(salt, token), apiUrl: settings.apiUrl.url, apiVersion: settings.apiVersion };
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
