// The one image store in a real extension host: a kept listing shown first and replaced by the sync, no listing
// crossing accounts or APIs, refreshes driven by the account events, the fallback without the events scope, Linode's
// reason for a refused upload reaching the user, and redraws limited to the rows of the image that changed.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Image } from '../../src/core/api/types';
import type { TreeNode } from '../../src/host/tree/imagesTreeProvider';
import { SEED_IDS, SIMULATOR_NO_EVENTS_TOKEN, SIMULATOR_READONLY_TOKEN, SIMULATOR_TOKEN } from '../../simulator';
import { elsewhere, simulatorClient } from '../support/simulatorClient';
import { find, logText, renderTree, settings, signedInForEachTest, sleep, until, usePace, VIEW_CONTAINER_COMMAND, type Harness } from './harness';
import { imageNode, run } from './operationsSupport';

const EVENTS = /^\/v4(beta)?\/account\/events/;
const LIST_IMAGES = /^\/v4(beta)?\/images\?/;
const { singleRegion, multiRegion } = SEED_IDS.images;

describe('the image store', () => {
  let h: Harness;
  signedInForEachTest((harness) => (h = harness));
  afterEach(async () => {
    if (settings().inspect('apiVersion')?.globalValue !== undefined) await settings().update('apiVersion', undefined, vscode.ConfigurationTarget.Global);
  });

  const label = async (imageId: string): Promise<string | undefined> =>
    find(await renderTree(h.api), (n) => n.id.startsWith(`image:${imageId}`))?.label;
  const apiPaths = (): string[] => h.sim.requests.filter((r) => r.origin === 'api').map((r) => `${r.method} ${r.path.split('?')[0]}`);

  it('shows the listing kept from the last session at once, marked as cached, until the sync replaces it', async () => {
    await elsewhere(h.sim, { action: 'rename', imageId: singleRegion, label: 'renamed-while-away' });
    // The event read takes a while, so the cached listing stays on screen long enough to look at.
    h.sim.faults.add({ origin: 'api', method: 'GET', path: EVENTS, answerDelayMs: 1500, times: 1 });
    await h.api.services.tokens.store(SIMULATOR_TOKEN); // as a new window starts: the store is empty again
    assert.notEqual(await label(singleRegion), 'renamed-while-away', 'drawn from the kept listing');
    assert.equal(h.api.services.store.state.kind, 'cached');
    assert.match(h.api.services.treeView.message ?? '', /^Showing the images as of .+, kept from the last session; syncing with Linode…$/);
    assert.equal(h.sim.requests.filter((r) => LIST_IMAGES.test(r.path)).length, 0, 'no listing was needed to draw it');

    await until(() => h.api.services.store.loaded, 'the sync to finish', 20_000);
    assert.equal(await label(singleRegion), 'renamed-while-away');
    assert.equal(h.api.services.treeView.message, undefined);
    assert.equal(h.sim.requests.filter((r) => LIST_IMAGES.test(r.path)).length, 0, 'synced from events, not by listing');
  });

  it('never shows a listing kept for another account or another API version', async () => {
    const kinds: string[] = [];
    const subscription = h.api.services.store.onDidChange(() => kinds.push(h.api.services.store.state.kind));
    try {
      await h.api.services.tokens.store(SIMULATOR_READONLY_TOKEN);
      await h.api.services.sync.ensureStarted();
      await settings().update('apiVersion', 'v4beta', vscode.ConfigurationTarget.Global);
      await h.api.services.sync.ensureStarted();
      assert.ok(!kinds.includes('cached'), kinds.join(', '));
      assert.ok(h.sim.requests.some((r) => r.path.startsWith('/v4beta/images?')), 'v4beta listed afresh');
    } finally {
      subscription.dispose();
    }
    // Back to the first account and API: its own listing is kept and shown first.
    await settings().update('apiVersion', undefined, vscode.ConfigurationTarget.Global);
    kinds.length = 0;
    const again = h.api.services.store.onDidChange(() => kinds.push(h.api.services.store.state.kind));
    try {
      await h.api.services.tokens.store(SIMULATOR_TOKEN);
      await h.api.services.sync.ensureStarted();
      assert.equal(kinds.filter((kind) => kind !== 'notLoaded')[0], 'cached', kinds.join(', '));
    } finally {
      again.dispose();
    }
  });

  it('Refresh reads the account events and then only the image they name; Reload All lists everything', async () => {
    await elsewhere(h.sim, { action: 'rename', imageId: singleRegion, label: 'renamed-elsewhere' });
    await vscode.commands.executeCommand('linodeImages.refresh');
    assert.deepEqual(apiPaths(), ['GET /v4/account/events', `GET /v4/images/${encodeURIComponent(singleRegion)}`]);
    assert.equal(await label(singleRegion), 'renamed-elsewhere');

    h.sim.requests.length = 0;
    await vscode.commands.executeCommand('linodeImages.refresh');
    assert.deepEqual(apiPaths(), ['GET /v4/account/events'], 'nothing changed since: one request');

    h.sim.requests.length = 0;
    await vscode.commands.executeCommand('linodeImages.reloadAll');
    assert.ok(h.sim.requests.some((r) => LIST_IMAGES.test(r.path)));
  });

  it('an image deleted elsewhere leaves the tree with a line in the log that says who deleted it', async () => {
    await elsewhere(h.sim, { action: 'delete', imageId: singleRegion });
    await vscode.commands.executeCommand('linodeImages.refresh');
    assert.equal(await label(singleRegion), undefined);
    await until(() => logText(h.api).includes(`(${singleRegion}) was deleted at Linode by someone-else`), 'the line in the log');
    assert.deepEqual(h.prompts.messages(), [], 'no notification for it');
  });

  it('without the events scope: Refresh lists everything, as before, and the log says why once', async () => {
    await h.api.services.tokens.store(SIMULATOR_NO_EVENTS_TOKEN);
    await h.api.services.sync.ensureStarted();
    assert.ok(h.api.services.store.loaded);
    h.sim.requests.length = 0;
    await vscode.commands.executeCommand('linodeImages.refresh');
    await vscode.commands.executeCommand('linodeImages.refresh');
    assert.equal(h.sim.requests.filter((r) => EVENTS.test(r.path)).length, 0, 'not asked again');
    assert.ok(h.sim.requests.filter((r) => LIST_IMAGES.test(r.path)).length >= 2, 'a listing per refresh');
    await until(() => /lacks the events:read_only scope/.test(logText(h.api)), 'the line in the log');
  });

  it("reports an upload Linode refused with Linode's own reason, instead of the image silently leaving", async () => {
    const container = await simulatorClient(h.sim).createUploadContainer({ label: 'refused-upload', region: 'us-east' });
    await vscode.commands.executeCommand('linodeImages.refresh');
    assert.equal(h.api.services.store.image(container.image.id)?.status, 'pending_upload');
    usePace(h, { spacingMs: 50, perImageMs: 100 });
    await vscode.commands.executeCommand(VIEW_CONTAINER_COMMAND);
    await until(() => h.api.services.treeView.visible, 'the view to be visible');
    await fetch(container.upload_to, { method: 'PUT', body: Buffer.from('plain text, not a disk image'), headers: { 'Content-Type': 'application/octet-stream', 'User-Agent': 'linode-images-test/1.0' } });
    await until(() => h.prompts.messages('warning').length > 0, "Linode's reason to be shown", 20_000);
    assert.deepEqual(h.prompts.messages('warning'), [
      `Linode could not make the image "refused-upload" (${container.image.id}) from the upload: Image upload failed: the file is not a gzip-compressed raw disk image`,
    ]);
    assert.equal(h.api.services.store.image(container.image.id), undefined);
    await vscode.commands.executeCommand('workbench.view.explorer');
  });

  describe('redraws', () => {
    /** Every element VS Code was told to refresh, `undefined` standing for the whole tree. */
    function watchRefreshes(): { fired: Array<TreeNode | undefined>; dispose(): void } {
      const fired: Array<TreeNode | undefined> = [];
      const subscription = h.api.services.tree.onDidChangeTreeData((change) => {
        if (change === undefined) fired.push(undefined);
        else fired.push(...(Array.isArray(change) ? change : [change]));
      });
      return { fired, dispose: () => subscription.dispose() };
    }

    function withReplicaStatus(image: Image, status: string): Image {
      return { ...image, regions: image.regions.map((r, index) => (index === 0 ? { ...r, status } : r)) };
    }

    it('a polled image that changes redraws only its own rows, never the whole tree', async () => {
      await renderTree(h.api); // every group's rows made, as when they are all expanded
      const image = h.api.services.store.image(multiRegion);
      assert.ok(image && image.regions.length >= 2);
      const watch = watchRefreshes();
      try {
        h.api.services.store.upsertImage(withReplicaStatus(image, 'replicating'));
        assert.ok(watch.fired.length > 0);
        assert.ok(!watch.fired.includes(undefined), 'no full redraw');
        const ids = watch.fired.map((node) => node?.id).sort();
        assert.deepEqual(ids, image.regions.map((r) => `image:${multiRegion}@${r.region}`).sort(), 'one row per region of that image');
        const rendered = find(await renderTree(h.api), (n) => n.id === `image:${multiRegion}@${image.regions[0].region}`);
        assert.match(rendered?.description ?? '', /replicating/i);
      } finally {
        watch.dispose();
      }
    });

    it('an image that moves (a new region) or appears redraws the tree; one with only a busy description redraws its rows', async () => {
      await renderTree(h.api);
      const image = h.api.services.store.image(singleRegion);
      assert.ok(image);
      const watch = watchRefreshes();
      try {
        h.api.services.store.upsertImage({ ...image, regions: [...image.regions, { region: 'eu-west', status: 'pending replication' }] });
        assert.deepEqual([...watch.fired], [undefined]);
        await renderTree(h.api); // VS Code asks for the new shape's rows
        watch.fired.length = 0;
        await h.api.services.store.withBusyDescription(multiRegion, 'Working…', () => Promise.resolve());
        assert.ok(watch.fired.length > 0 && watch.fired.every((node) => node?.type === 'image' && node.entry.image.id === multiRegion));
      } finally {
        watch.dispose();
      }
    });

    it('VS Code asks again only for the changed rows: getTreeItem calls, counted in the real view', async function () {
      this.timeout(60_000);
      const { tree, treeView, store } = h.api.services;
      await vscode.commands.executeCommand(VIEW_CONTAINER_COMMAND);
      await until(() => treeView.visible, 'the view to be visible');
      const node = await imageNode(h, multiRegion, 'us-east');
      await treeView.reveal(node, { expand: true });
      const original = tree.getTreeItem.bind(tree);
      const asked: string[] = [];
      tree.getTreeItem = (element: TreeNode) => {
        asked.push(element.id);
        return original(element);
      };
      try {
        const quiet = async (): Promise<void> => {
          let seen = -1;
          while (seen !== asked.length) {
            seen = asked.length;
            await sleep(700);
          }
        };
        await quiet();
        asked.length = 0;
        const image = store.image(multiRegion);
        assert.ok(image);
        store.upsertImage(withReplicaStatus(image, 'replicating'));
        await until(() => asked.length > 0, 'VS Code to ask for the changed row');
        await quiet();
        assert.ok(asked.every((id) => id.startsWith(`image:${multiRegion}@`)), `asked for: ${[...new Set(asked)].join(', ')}`);
        const targeted = asked.length;

        // What every change cost before: the whole tree redrawn.
        asked.length = 0;
        tree.regroup();
        await until(() => asked.length > 0, 'VS Code to redraw');
        await quiet();
        assert.ok(asked.length > targeted, `a full redraw asks for ${asked.length} rows, the targeted one for ${targeted}`);
      } finally {
        tree.getTreeItem = original;
        await vscode.commands.executeCommand('workbench.view.explorer');
      }
    });

    it('Delete acts on the selection at once while other images change (no wait for a redraw to settle)', async () => {
      const { treeView, store } = h.api.services;
      await vscode.commands.executeCommand(VIEW_CONTAINER_COMMAND);
      const node = await imageNode(h, singleRegion);
      await treeView.reveal(node, { select: true, focus: true });
      await until(() => treeView.selection.some((n) => n.id === node.id), 'the row to be selected');
      const other = store.image(multiRegion);
      assert.ok(other);
      store.upsertImage(withReplicaStatus(other, 'replicating')); // the poller's doing, just before the key press
      h.prompts.expect({ kind: 'confirm', match: new RegExp(`"${store.image(singleRegion)?.label ?? ''}"`), answer: undefined });
      const started = Date.now();
      await run('deleteImages', 'selection');
      assert.ok(Date.now() - started < 5_000);
      await vscode.commands.executeCommand('workbench.view.explorer');
    });
  });
});
