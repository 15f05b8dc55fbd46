// Entry point: wires the core (API client, image model) to VS Code. Activation does no network I/O;
// the first load happens when the Images view asks for its children.
import * as vscode from 'vscode';
import { LinodeAuthError } from './core/api/errors';
import { ApiSession } from './host/apiSession';
import type { ExtensionServices } from './host/commands/command';
import { registerCommands } from './host/commands/registry';
import { IMAGE_DETAILS_SCHEME, ImageDetailsProvider } from './host/images/imageDetailsProvider';
import { ImagesSelection } from './host/images/imagesSelection';
import { reportError } from './host/commands/runCommand';
import { createLogger } from './host/log';
import { PromptsHolder } from './host/prompts';
import { affectsConnection, affectsTreeShape, readSettings } from './host/settings';
import { TOKEN_ENV_VARIABLE, TokenStore } from './host/tokenStore';
import { ImagesTreeProvider } from './host/tree/imagesTreeProvider';
import { PendingPoller } from './host/tree/pendingPoller';

export const VIEW_ID = 'linodeImages.images';

/** Returned from `activate` so the integration tests can reach the running extension. */
export interface LinodeImagesApi {
  services: ExtensionServices;
  poller: PendingPoller;
}

export function activate(context: vscode.ExtensionContext): LinodeImagesApi {
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
  context.subscriptions.push(...registerCommands(services));
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
      if (error instanceof LinodeAuthError) reportError('Loading images', error, services);
    }),
  );
  logger.info(`Linode Images ${version} activated.`);
  return { services, poller };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
