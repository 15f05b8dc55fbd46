import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { asFirstLoad, renderTree, signedInForEachTest, until, VIEW_CONTAINER_COMMAND, type Harness } from './harness';

const LIST_IMAGES = /^\/v4\/images\?/;

describe('API failures', () => {
  let h: Harness;
  signedInForEachTest((harness) => (h = harness));

  it('waits out a 429 for its Retry-After, then loads', async () => {
    h.sim.faults.add({ origin: 'api', method: 'GET', path: LIST_IMAGES, status: 429, retryAfter: 1, times: 1 });
    const started = Date.now();
    await vscode.commands.executeCommand('linodeImages.reloadAll');
    const elapsed = Date.now() - started;
    const statuses = h.sim.requests.filter((r) => LIST_IMAGES.test(r.path)).map((r) => r.status);
    assert.deepEqual(statuses.slice(0, 2), [429, 200]);
    assert.ok(elapsed >= 1000, `retried after ${elapsed} ms, before Retry-After`);
    assert.ok((await renderTree(h.api)).some((n) => n.id.startsWith('region:')));
  });

  it('retries a transient 5xx on a GET', async () => {
    h.sim.faults.add({ origin: 'api', method: 'GET', path: LIST_IMAGES, status: 503, times: 1 });
    await vscode.commands.executeCommand('linodeImages.reloadAll');
    const statuses = h.sim.requests.filter((r) => LIST_IMAGES.test(r.path)).map((r) => r.status);
    assert.deepEqual(statuses.slice(0, 2), [503, 200]);
    assert.ok(h.api.services.store.loaded);
  });

  it('shows a failed first load as a node that retries, not an empty tree', async () => {
    h.sim.faults.add({ origin: 'api', method: 'GET', path: LIST_IMAGES, status: 500, times: Infinity });
    await asFirstLoad(h); // set again: nothing shown until the first load
    await vscode.commands.executeCommand('linodeImages.reloadAll');
    const tree = await renderTree(h.api);
    assert.equal(tree.length, 1);
    assert.match(tree[0].label, /Could not load images/);
    assert.equal(tree[0].command, 'linodeImages.refresh');
    assert.equal(h.sim.requests.filter((r) => LIST_IMAGES.test(r.path)).length, 4, 'one try and three retries');

    h.sim.faults.clear();
    await vscode.commands.executeCommand(tree[0].command);
    assert.ok((await renderTree(h.api)).some((n) => n.id.startsWith('region:')));
  });

  it('turns a 401 into one message with a Set API Token action and a tree that offers it', async () => {
    h.prompts.expect({ kind: 'error', match: /Linode rejected the API token/ });
    // The view is open, so a changed token reloads it by itself (a hidden view loads when it is next shown).
    await vscode.commands.executeCommand(VIEW_CONTAINER_COMMAND);
    await until(() => h.api.services.treeView.visible, 'the view to be visible');
    await h.api.services.tokens.store('expired-token-0000');
    await until(() => h.api.services.store.loadError !== undefined, 'the load to fail');
    const tree = await renderTree(h.api);
    assert.deepEqual(tree.map((n) => n.label), ['Linode rejected the API token', 'Set API Token…']);
    assert.equal(tree[1].command, 'linodeImages.setApiToken');
    assert.equal(h.prompts.messages('error').length, 1);
    await vscode.commands.executeCommand('workbench.view.explorer');
  });

  it('says when the API cannot be reached at all', async () => {
    h.sim.faults.add({ origin: 'api', method: 'GET', path: LIST_IMAGES, drop: true, times: Infinity });
    await asFirstLoad(h);
    await vscode.commands.executeCommand('linodeImages.reloadAll');
    const tree = await renderTree(h.api);
    assert.match(tree[0].label, /Could not load images/);
    assert.match(tree[0].description, /Could not reach http:\/\/127\.0\.0\.1/);
  });

  it('keeps showing the images when a reload fails, and says in the view what failed and since when', async () => {
    h.sim.faults.add({ origin: 'api', method: 'GET', path: LIST_IMAGES, drop: true, times: Infinity });
    await vscode.commands.executeCommand('linodeImages.reloadAll');
    assert.ok((await renderTree(h.api)).some((n) => n.id.startsWith('region:')), 'the images are still drawn');
    assert.match(h.api.services.treeView.message ?? '', /^Showing the images as of .+: could not sync with Linode \(Could not reach http:\/\/127\.0\.0\.1.*\)\. Refresh to try again\.$/);
    h.sim.faults.clear();
    await vscode.commands.executeCommand('linodeImages.reloadAll');
    assert.equal(h.api.services.treeView.message, undefined);
  });
});
