// The Images view's selection as the keybindings see it: the context keys that enable F2 and Delete, and the
// images the "selection" argument resolves to, checked against a selection made in the real view.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SEED_IDS, SIMULATOR_TOKEN } from '../../simulator';
import { signedInHarness, sleep, until, type Harness, VIEW_CONTAINER_COMMAND } from './harness';
import { imageNode, run, writes } from './operationsSupport';

const { multiRegion, singleRegion, publicCurrent } = SEED_IDS.images;

describe('the Images view selection behind F2 and Delete', () => {
  let h: Harness;
  const keys = (): string => {
    const { canRename, canDelete } = h.api.services.selection.contextKeys;
    return `rename:${canRename} delete:${canDelete}`;
  };
  const select = async (imageId: string, regionId?: string): Promise<void> => {
    const node = await imageNode(h, imageId, regionId);
    await h.api.services.treeView.reveal(node, { select: true, focus: true });
    await until(() => h.api.services.treeView.selection.some((n) => n.id === node.id), `${imageId} to be selected`);
  };

  beforeEach(async () => {
    h = await signedInHarness(SIMULATOR_TOKEN);
    await vscode.commands.executeCommand(VIEW_CONTAINER_COMMAND);
  });
  afterEach(() => h.prompts.assertDone());

  it('enables both keys on a private available image, neither on a public one', async () => {
    await select(singleRegion);
    assert.equal(keys(), 'rename:true delete:true');
    assert.deepEqual(h.api.services.selection.images().map((i) => i.id), [singleRegion]);
    await select(publicCurrent);
    assert.equal(keys(), 'rename:false delete:false');
  });

  it('turns the keys off while a command works on the selected image, and back on after', async () => {
    await select(singleRegion);
    let release = (): void => undefined;
    const working = h.api.services.tree.withBusyDescription(singleRegion, 'Working…', () => new Promise<void>((resolve) => (release = resolve)));
    assert.equal(keys(), 'rename:false delete:false');
    release();
    await working;
    assert.equal(keys(), 'rename:true delete:true');
  });

  it('keeps the keys on through redraws of the tree, and the Delete key still acts on the selection', async () => {
    await select(multiRegion, 'us-east');
    // VS Code forgets the items behind the selected rows while it redraws; keys computed from
    // `treeView.selection` then went off and stayed off. Redraw often, sampling the keys at every change.
    const seen = new Set<string>();
    const sample = h.api.services.tree.onDidChangeTreeData(() => seen.add(keys()));
    try {
      for (let i = 0; i < 60; i += 1) {
        h.api.services.tree.regroup();
        await sleep(i % 8);
        seen.add(keys());
      }
      await sleep(400);
      seen.add(keys());
    } finally {
      sample.dispose();
    }
    assert.deepEqual([...seen], ['rename:true delete:true']);
    assert.ok(h.api.services.treeView.selection.some((n) => n.type === 'image' && n.entry.image.id === multiRegion), 'the row is still selected');

    h.prompts.expect({ kind: 'confirm', match: /db-golden/, answer: undefined });
    await run('deleteImages', 'selection');
    assert.deepEqual(writes(h), []);
  });

  it('leaves a deleted image out of the selection', async () => {
    await select(singleRegion);
    h.prompts.expect({ kind: 'confirm', answer: 'Delete' });
    await run('deleteImages', 'selection');
    await until(() => !h.sim.state.images.has(singleRegion), 'the image to be deleted');
    assert.deepEqual(h.api.services.selection.images(), []);
    assert.equal(keys(), 'rename:false delete:false');
  });
});
