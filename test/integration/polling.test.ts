import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { find, renderTree, signedInForEachTest, sleep, until, usePace, VIEW_CONTAINER_COMMAND, type Harness } from './harness';

// No events turns: this file is about image reads (pollingBudget.test.ts covers the events turn).
const FAST = { spacingMs: 100, perImageMs: 200, eventsEveryMs: 0 };

describe('pending images', () => {
  let h: Harness;
  signedInForEachTest((harness) => (h = harness));
  beforeEach(() => usePace(h, FAST));

  it('re-reads pending images one by one until they settle, while the view is visible', async () => {
    await vscode.commands.executeCommand(VIEW_CONTAINER_COMMAND);
    await until(() => h.api.services.treeView.visible, 'the view to be visible');
    const pending = h.api.services.store.inProgressImages().map((i) => i.id);
    assert.ok(pending.length > 0, 'the seed has images in progress');

    // The simulator advances them after its life-cycle time; the poller must notice on its own.
    const uploading = pending.find((id) => h.sim.state.images.get(id)?.status === 'pending_upload');
    await until(
      () => h.api.services.store.inProgressImages().every((i) => i.id === uploading),
      'every image but the one waiting for its upload to settle',
    );
    const gets = h.sim.requests.filter((r) => r.method === 'GET').map((r) => r.path.split('?')[0]);
    assert.ok(gets.length > 0);
    assert.ok(gets.every((p) => /^\/v4\/images\/[^/]+$/.test(p)), `only single-image reads: ${[...new Set(gets)].join(', ')}`);
    const tree = await renderTree(h.api);
    const settled = pending.filter((id) => id !== uploading)[0];
    const node = find(tree, (n) => n.id.startsWith(`image:${settled}`));
    assert.notEqual(node?.icon, 'loading~spin');
  });

  it('sends nothing while the view is hidden', async () => {
    await vscode.commands.executeCommand('workbench.view.explorer');
    await until(() => !h.api.services.treeView.visible, 'the view to be hidden');
    assert.ok(h.api.services.store.inProgressImages().length > 0);
    h.sim.requests.length = 0;
    await sleep(1500);
    assert.equal(h.sim.requests.length, 0);
  });
});
