// Context keys for the Images view's keybindings. VS Code's keybinding `when` clauses cannot see `viewItem`,
// so F2 and Delete are enabled by what the selection allows, computed with the same rules as the menus.
import * as vscode from 'vscode';
import { canDo } from '../../core/model/imageActions';
import type { ImagesTreeProvider, TreeNode } from '../tree/imagesTreeProvider';
import { imagesOfNodes } from './imageTargets';

export const SELECTION_CAN_RENAME = 'linodeImages.selectionCanRename';
export const SELECTION_CAN_DELETE = 'linodeImages.selectionCanDelete';

export function trackSelectionContext(tree: ImagesTreeProvider, treeView: vscode.TreeView<TreeNode>): vscode.Disposable {
  let last = '';
  const update = (): void => {
    const images = imagesOfNodes(tree, treeView.selection);
    const canRename = images.length === 1 && canDo('edit', images[0], tree.isBusy(images[0].id));
    const canDelete = images.some((image) => canDo('delete', image, tree.isBusy(image.id)));
    const state = `${canRename}/${canDelete}`;
    if (state === last) return;
    last = state;
    void vscode.commands.executeCommand('setContext', SELECTION_CAN_RENAME, canRename);
    void vscode.commands.executeCommand('setContext', SELECTION_CAN_DELETE, canDelete);
  };
  update();
  return vscode.Disposable.from(
    treeView.onDidChangeSelection(update),
    // Busy rows and status changes alter what the same selection allows.
    tree.onDidChangeTreeData(update),
  );
}
