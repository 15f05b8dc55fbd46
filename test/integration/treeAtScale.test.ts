// What keeps the view light with thousands of images: large groups start collapsed, and a row's tooltip is made
// only when VS Code asks for it (on hover).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TreeNode } from '../../src/host/tree/imagesTreeProvider';
import { AUTO_EXPAND_MAX } from '../../src/host/tree/treeItems';
import { SEED_IDS, type SimImage } from '../../simulator';
import { signedInForEachTest, type Harness } from './harness';

describe('images tree at scale', () => {
  let h: Harness;
  signedInForEachTest((harness) => (h = harness));

  async function roots(): Promise<TreeNode[]> {
    return h.api.services.tree.getChildren();
  }

  it(`opens region groups of up to ${AUTO_EXPAND_MAX} images, and leaves larger ones closed`, async () => {
    const template = h.sim.state.images.get(SEED_IDS.images.singleRegion) as SimImage;
    for (let n = 0; n <= AUTO_EXPAND_MAX; n++) {
      h.sim.state.putImage({ ...structuredClone(template), id: `private/${970000 + n}`, label: `bulk-${n}` });
    }
    await h.api.services.sync.reloadAll();
    const tree = h.api.services.tree;
    const groups = (await roots()).filter((n): n is Extract<TreeNode, { type: 'group' }> => n.type === 'group');
    const usEast = groups.find((g) => g.id === 'region:us-east');
    const euWest = groups.find((g) => g.id === 'region:eu-west');
    assert.ok(usEast && euWest);
    assert.ok(usEast.group.count > AUTO_EXPAND_MAX);
    assert.equal(tree.getTreeItem(usEast).collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
    assert.equal(tree.getTreeItem(euWest).collapsibleState, vscode.TreeItemCollapsibleState.Expanded);
  });

  it('gives an image row its tooltip only when it is resolved', async () => {
    const tree = h.api.services.tree;
    const [node] = tree.nodesForImage(SEED_IDS.images.multiRegion);
    assert.ok(node);
    const item = tree.getTreeItem(node);
    assert.equal(item.tooltip, undefined);
    const resolved = tree.resolveTreeItem(item, node);
    assert.ok(resolved.tooltip instanceof vscode.MarkdownString);
    assert.match(resolved.tooltip.value, /private\/15002/);
    assert.equal(item.label, resolved.label);
  });
});
