// The Images view's selection, as the extension last heard of it, and the context keys its keybindings need.
// Keybinding `when` clauses cannot see `viewItem`, so F2 and Delete are enabled by what the selection allows,
// computed with the same rules as the menus.
//
// The selection is kept from selection events rather than read from `treeView.selection`: while VS Code refreshes
// the tree it forgets the items behind the selected rows, so `treeView.selection` reads empty for a moment. A
// context key computed then stayed false after the refresh, because the rows stay selected and no new selection
// event comes: Delete and F2 went dead until the user clicked another row.
import * as vscode from 'vscode';
import type { Image } from '../../core/api/types';
import { canDo } from '../../core/model/imageActions';
import type { ImagesTreeProvider, TreeNode } from '../tree/imagesTreeProvider';
import { imagesOfNodes } from './imageTargets';

export const SELECTION_CAN_RENAME = 'linodeImages.selectionCanRename';
export const SELECTION_CAN_DELETE = 'linodeImages.selectionCanDelete';

export class ImagesSelection implements vscode.Disposable {
  private nodes: readonly TreeNode[] = [];
  private keys = { canRename: false, canDelete: false };
  private published = '';
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly tree: ImagesTreeProvider,
    treeView: vscode.TreeView<TreeNode>,
  ) {
    this.subscriptions = [
      treeView.onDidChangeSelection((event) => {
        this.nodes = event.selection;
        this.update();
      }),
      // Busy rows, status changes and deletions alter what the same selection allows.
      tree.onDidChangeTreeData(() => this.update()),
    ];
    this.update();
  }

  /** The selected images (each once), as the cache knows them now; images it no longer holds are left out. */
  images(): Image[] {
    return imagesOfNodes(this.tree, this.nodes).filter((image) => this.tree.image(image.id) !== undefined);
  }

  /** What the keybindings' context keys say now. */
  get contextKeys(): Readonly<{ canRename: boolean; canDelete: boolean }> {
    return this.keys;
  }

  dispose(): void {
    vscode.Disposable.from(...this.subscriptions).dispose();
  }

  private update(): void {
    const images = this.images();
    const allowed = (action: 'edit' | 'delete', image: Image): boolean => canDo(action, image, this.tree.isBusy(image.id));
    this.keys = { canRename: images.length === 1 && allowed('edit', images[0]), canDelete: images.some((image) => allowed('delete', image)) };
    const state = `${this.keys.canRename}/${this.keys.canDelete}`;
    if (state === this.published) return;
    this.published = state;
    void vscode.commands.executeCommand('setContext', SELECTION_CAN_RENAME, this.keys.canRename);
    void vscode.commands.executeCommand('setContext', SELECTION_CAN_DELETE, this.keys.canDelete);
  }
}
