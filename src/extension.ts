// Entry point: wires the core (API client, image model) to VS Code. Activation does no network I/O;
// the first load happens when the Images view asks for its children.
import * as vscode from 'vscode';
import { ApiSession } from './host/apiSession';
import type { ExtensionServices } from './host/commands/command';
import { registerCommands } from './host/commands/registry';
import { IMAGE_DETAILS_SCHEME, ImageDetailsProvider } from './host/images/imageDetailsProvider';
import { ImagesSelection } from './host/images/imagesSelection';
import { reportError } from './host/commands/runCommand';
import { isTokenProblem } from './host/errors';
import { createLogger } from './host/log';
import { PromptsHolder } from './host/prompts';
import { affectsConnection, affectsTreeShape, readSettings } from './host/settings';
import { TOKEN_ENV_VARIABLE, TokenStore } from './host/tokenStore';
import { ImagesTreeProvider } from './host/tree/imagesTreeProvider';
import { PendingPoller } from './host/tree/pendingPoller';
import { RateLimitWaitMessage } from './host/tree/waitMessage';
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
  const tree = new ImagesTreeProvider(session, tokens, logger);
  const treeView = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: tree, canSelectMany: true, showCollapseAll: true });
  const poller = new PendingPoller(tree, treeView, session, logger);
  const selection = new ImagesSelection(tree, treeView);
  context.subscriptions.push(tree, treeView, poller, selection);

  const services: ExtensionServices = { context, session, tokens, tree, treeView, selection, prompts: new PromptsHolder(), logger };
  context.subscriptions.push(
    ...registerCommands(services),
    // A long rate-limit wait shows in the view, so a slow load does not look stuck.
    new RateLimitWaitMessage(treeView, session),
    // Uploads an earlier window did not see through: reconciled in the background once a token is known.
    watchInterruptedUploads(services),
  );
  const imageDetails = new ImageDetailsProvider(tree);
  context.subscriptions.push(
    imageDetails,
    vscode.workspace.registerTextDocumentContentProvider(IMAGE_DETAILS_SCHEME, imageDetails),
  );

  const showTokenState = (): void => {
    const current = tokens.current;
    void vscode.commands.executeCommand('setContext', 'linodeImages.hasToken', current !== undefined);
    void vscode.commands.executeCommand('setContext', 'linodeImages.hasStoredToken', tokens.hasStoredToken);
    const settings = readSettings();
    if (!settings.apiUrl.ok) {
      treeView.message = `Setting linodeImages.apiUrl: ${settings.apiUrl.message}`;
    } else if (current?.source === 'environment') {
      treeView.message = `Using the token from the ${TOKEN_ENV_VARIABLE} environment variable. Set API Token to store one in VS Code.`;
    } else {
      treeView.message = undefined;
    }
  };
  void tokens.ready.then(showTokenState);

  context.subscriptions.push(
    tokens.onDidChange(() => {
      showTokenState();
      if (tokens.current) void tree.refresh();
      else tree.clear();
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (affectsConnection(event)) {
        showTokenState();
        void tree.refresh();
      } else if (affectsTreeShape(event)) {
        tree.regroup();
      }
    }),
    tree.onDidFailToLoad((error) => {
      if (isTokenProblem(error)) reportError('Loading images', error, services);
    }),
  );
  logger.info(`Linode Images ${version} activated.`);
  return exportsFor(context.extensionMode, { services, poller });
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
