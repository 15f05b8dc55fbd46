// The Images view's selection: what F2 and Delete act on (keybindings get no tree item from VS Code). Their
// `when` clauses use only the workbench's own list keys, so a key is never lost to a context key still on its way
// from the extension host; the command says why when the selection holds nothing it applies to.
//
// The tree redraws only the rows of images that changed, so the rows under the selection keep their items. The
// whole tree is redrawn only when its grouping changes; during such a redraw `treeView.selection` can read empty
// for a moment, and the last selection event stands in for it.
import type * as vscode from 'vscode';
import type { Image } from '../../core/api/types';
import type { ImageStore } from '../../core/store/imageStore';
import type { TrialNode } from '../deploy/trialLinodes';
import type { TreeNode } from '../tree/imagesTreeProvider';

export class ImagesSelection implements vscode.Disposable {
  /** As the last selection event gave it: a fallback when the view's own reading is empty. */
  private lastEventNodes: readonly TreeNode[] = [];
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly store: ImageStore,
    private readonly treeView: vscode.TreeView<TreeNode>,
  ) {
    this.subscription = treeView.onDidChangeSelection((event) => (this.lastEventNodes = event.selection));
  }

  /** The selected images (each once) as the store holds them now; images it no longer holds are left out. */
  images(): Promise<Image[]> {
    return Promise.resolve(imagesOfNodes(this.store, this.nodes()).filter((image) => this.store.image(image.id) !== undefined));
  }

  /** The selected rows of the Trial Linodes section (Delete on them deletes a trial, not an image). */
  trials(): TrialNode[] {
    return this.nodes().filter((node): node is TrialNode => node.type === 'trial');
  }

  private nodes(): readonly TreeNode[] {
    return this.treeView.selection.length > 0 ? this.treeView.selection : this.lastEventNodes;
  }

  dispose(): void {
    this.subscription.dispose();
  }
}

/** True for a row of the Images view: what a menu passes a command (clicked row, selected rows). */
export function isTreeNode(value: unknown): value is TreeNode {
  if (typeof value !== 'object' || value === null) return false;
  const node = value as { type?: unknown; id?: unknown };
  return typeof node.id === 'string' && (node.type === 'image' || node.type === 'group' || node.type === 'message');
}

/** The images behind tree nodes, each once (an image has a row per region), as the cache knows them now. */
export function imagesOfNodes(store: ImageStore, nodes: readonly unknown[]): Image[] {
  const images = new Map<string, Image>();
  for (const node of nodes) {
    if (!isTreeNode(node) || node.type !== 'image') continue;
    const id = node.entry.image.id;
    if (!images.has(id)) images.set(id, store.image(id) ?? node.entry.image);
  }
  return [...images.values()];
}
