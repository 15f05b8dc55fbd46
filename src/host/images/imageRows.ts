// What the buttons of notifications that name an image do: show its row in the Images view, or run an image
// command on it as its row's menu does (Delete Image still asks first).
import * as vscode from 'vscode';
import { l10n } from '../../core/l10n';
import { commandId, VIEW_IDS, type CommandName } from '../ids';
import type { ExtensionServices } from '../services';
import type { TreeNode } from '../tree/imagesTreeProvider';
import { applyFilter } from '../views/imageFilter';

type RowServices = Pick<ExtensionServices, 'tree' | 'treeView' | 'tokens' | 'sync' | 'prompts'>;

function firstRow(services: RowServices, imageId: string): TreeNode | undefined {
  return services.tree.nodesForImage(imageId)[0];
}

/**
 * The image's first row: after the view's first load, after clearing a filter that hides it, and after one refresh
 * (the image may be newer than the listing). Undefined, and said, when even then Linode does not list it.
 */
async function shownRow(services: RowServices, imageId: string): Promise<TreeNode | undefined> {
  await services.sync.ensureStarted();
  let node = firstRow(services, imageId);
  if (!node && services.tree.filter !== undefined) {
    await applyFilter(services, undefined);
    node = firstRow(services, imageId);
  }
  if (!node) {
    await services.sync.refresh();
    node = firstRow(services, imageId);
  }
  if (!node) void services.prompts.current.info(l10n.t('{0} is not in the Images view: Linode does not list it now.', imageId));
  return node;
}

/** Selects the image's first row in the Images view. */
export async function revealImage(services: RowServices, imageId: string): Promise<void> {
  const node = await shownRow(services, imageId);
  if (node) await services.treeView.reveal(node, { select: true, focus: true, expand: true });
}

/** Runs an image command on the image as if from its row (VS Code hands a menu command the row). */
export async function runOnImage(services: RowServices, command: CommandName, imageId: string): Promise<void> {
  const node = await shownRow(services, imageId);
  if (node) await vscode.commands.executeCommand(commandId(command), node);
}

/** Filters the Images view to the images whose label, id or a tag contains `text`, and shows it. */
export async function showMatching(services: RowServices, text: string): Promise<void> {
  await services.sync.ensureStarted();
  await applyFilter(services, text);
  await vscode.commands.executeCommand(`${VIEW_IDS.images}.focus`);
}
