// The Images view's selection: what F2 and Delete act on (keybindings get no tree item from VS Code). Their
// `when` clauses use only the workbench's own list keys, so a key is never lost to a context key still on its way
// from the extension host; the command says why when the selection holds nothing it applies to.
//
// While VS Code redraws the tree it forgets the items behind the rows, so for a moment `treeView.selection`
// reads empty, and a selection made then arrives empty. A redraw comes up to 200 ms after the change that asked
// for it (VS Code batches changes) and takes a round trip to the window; the selection is read once it is over.
import type * as vscode from 'vscode';
import type { Image } from '../../core/api/types';
import type { ImagesTreeProvider, TreeNode } from '../tree/imagesTreeProvider';
import { imagesOfNodes } from './imageTargets';

/** How long after the last change the tree's redraw is taken to be over. */
const REDRAW_SETTLE_MS = 400;
/** A tree that keeps changing is not waited for longer than this. */
const MAX_WAIT_MS = 1500;

export class ImagesSelection implements vscode.Disposable {
  /** As the last selection event gave it: a fallback when the view's own reading is empty. */
  private lastEventNodes: readonly TreeNode[] = [];
  private lastChangeAt = 0;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly tree: ImagesTreeProvider,
    private readonly treeView: vscode.TreeView<TreeNode>,
  ) {
    this.subscriptions = [
      treeView.onDidChangeSelection((event) => (this.lastEventNodes = event.selection)),
      tree.onDidChangeTreeData(() => (this.lastChangeAt = Date.now())),
    ];
  }

  /** The selected images (each once) as the cache knows them, read after a redraw in progress; images the cache no longer holds are left out. */
  async images(): Promise<Image[]> {
    const deadline = Date.now() + MAX_WAIT_MS;
    for (let wait = this.redrawLeft(); wait > 0 && Date.now() < deadline; wait = this.redrawLeft()) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(wait, deadline - Date.now())));
    }
    const nodes = this.treeView.selection.length > 0 ? this.treeView.selection : this.lastEventNodes;
    return imagesOfNodes(this.tree, nodes).filter((image) => this.tree.image(image.id) !== undefined);
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  private redrawLeft(): number {
    return this.lastChangeAt + REDRAW_SETTLE_MS - Date.now();
  }
}
