// What F2 and Delete act on: the Images view's selection (keybindings get no tree item), made here in the real
// view. The keys fire on any selection, so the commands say why when it holds nothing they apply to.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SEED_IDS } from '../../simulator';
import type { TreeNode } from '../../src/host/tree/imagesTreeProvider';
import { signedInForEachTest, sleep, until, type Harness, VIEW_CONTAINER_COMMAND } from './harness';
import { imageNode, run, writes } from './operationsSupport';

const { multiRegion, singleRegion, pendingUpload, publicCurrent } = SEED_IDS.images;

describe('the Images view selection behind F2 and Delete', () => {
  let h: Harness;
  const selectedIds = async (): Promise<string> => (await h.api.services.selection.images()).map((image) => image.id).join(',');
  const select = async (node: TreeNode): Promise<void> => {
    await h.api.services.treeView.reveal(node, { select: true, focus: true });
    await until(() => h.api.services.treeView.selection.some((n) => n.id === node.id), `${node.id} to be selected`);
  };

  signedInForEachTest((harness) => (h = harness));
  beforeEach(() => vscode.commands.executeCommand(VIEW_CONTAINER_COMMAND));

  it('says why Delete does nothing on a public image, and sends nothing', async () => {
    await select(await imageNode(h, publicCurrent));
    await run('deleteImages', 'selection');
    assert.match(h.prompts.messages('info')[0] ?? '', /^".+" cannot be deleted: it is a public image\.$/);
    assert.deepEqual(writes(h), []);
  });

  it('says why F2 does nothing on an image that is not available yet', async () => {
    await select(await imageNode(h, pendingUpload));
    await run('renameImage', 'selection');
    assert.match(h.prompts.messages('info')[0] ?? '', /cannot be edited: its status is "pending upload" and only available images can be edited\./);
  });

  it('says so when the selection holds no image (a region row)', async () => {
    const [region] = await h.api.services.tree.getChildren();
    assert.equal(region.type, 'group');
    await select(region);
    await run('deleteImages', 'selection');
    assert.deepEqual(h.prompts.messages('info'), ['No image is selected in the Images view.']);
  });

  it('says so when the extension is already working on the selected image', async () => {
    await select(await imageNode(h, singleRegion));
    let release = (): void => undefined;
    const working = h.api.services.store.withBusyDescription(singleRegion, 'Working…', () => new Promise<void>((resolve) => (release = resolve)));
    await run('deleteImages', 'selection');
    release();
    await working;
    assert.match(h.prompts.messages('info')[0] ?? '', /cannot be deleted: the extension is already working on it\./);
    assert.deepEqual(writes(h), []);
  });

  it('reads the selection once a redraw is over, so Delete right after the tree changed still acts on it', async () => {
    await select(await imageNode(h, multiRegion, 'us-east'));
    // After a quiet moment VS Code redraws at the first change, and until the rows are fetched again it has
    // forgotten the items behind them: read then, the selection was empty.
    await sleep(500);
    h.api.services.tree.regroup();
    await sleep(1);
    h.prompts.expect({ kind: 'confirm', match: /db-golden/, answer: undefined });
    await run('deleteImages', 'selection');
    assert.deepEqual(writes(h), []);
    assert.equal(await selectedIds(), multiRegion);
  });

  it('leaves a deleted image out of the selection', async () => {
    await select(await imageNode(h, singleRegion));
    h.prompts.expect({ kind: 'confirm', answer: 'Delete' });
    await run('deleteImages', 'selection');
    assert.equal(h.sim.state.images.has(singleRegion), false);
    assert.equal(await selectedIds(), '');
  });
});
