import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Image } from '../../src/core/api/types';
import { SEED_IDS } from '../../simulator';
import { find, findAll, renderTree, settings, signedInForEachTest, type Harness } from './harness';

function privateImages(h: Harness): Image[] {
  return [...h.sim.state.images.values()].filter((i) => !i.is_public);
}

describe('images tree', () => {
  let h: Harness;
  signedInForEachTest((harness) => (h = harness));

  it('groups private images by region, each under every region that holds it, with that replica status', async () => {
    const tree = await renderTree(h.api);
    const regionNodes = tree.filter((n) => n.id.startsWith('region:'));
    const heldRegions = new Set(privateImages(h).flatMap((i) => i.regions.map((r) => r.region)));
    assert.deepEqual(new Set(regionNodes.map((n) => n.id.slice('region:'.length))), heldRegions);

    const newark = regionNodes.find((n) => n.id === 'region:us-east');
    assert.ok(newark, 'us-east holds private images in the seed');
    assert.equal(newark.label, 'us-east · Newark, NJ');
    assert.match(newark.description, new RegExp(`^${newark.children.length} images?$`));

    const multi = privateImages(h).find((i) => i.regions.length > 1 && i.regions.some((r) => r.status !== 'available'));
    assert.ok(multi, 'the seed has an image with a replica still being made');
    for (const replica of multi.regions) {
      const node = find(tree, (n) => n.id === `image:${multi.id}@${replica.region}`);
      assert.ok(node, `${multi.id} under ${replica.region}`);
      assert.equal(node.label, multi.label);
      if (replica.status === 'available') {
        assert.doesNotMatch(node.description, /pending|replicating/);
      } else {
        assert.ok(node.description.includes(replica.status), `${node.description} shows ${replica.status}`);
        assert.equal(node.icon, 'loading~spin');
      }
      assert.match(node.contextValue, /^image\.private\.available/);
    }
  });

  it('puts public images under one node, by vendor, with a public context value', async () => {
    const tree = await renderTree(h.api);
    const publicNode = tree.find((n) => n.id === 'public');
    assert.ok(publicNode);
    assert.equal(publicNode.label, 'Public images (all regions)');
    const vendors = publicNode.children.map((c) => c.label);
    assert.ok(vendors.length >= 3 && vendors.includes('Debian'), vendors.join(', '));
    const publicCount = [...h.sim.state.images.values()].filter((i) => i.is_public).length;
    assert.equal(publicNode.description, `${publicCount} images`);
    for (const image of findAll(publicNode.children, (n) => n.id.startsWith('image:'))) {
      assert.equal(image.contextValue, 'image.public');
    }
  });

  it('gives each image a Markdown tooltip with its details and a status icon', async () => {
    const tree = await renderTree(h.api);
    const tagged = privateImages(h).find((i) => i.tags.length > 0 && i.status === 'available');
    assert.ok(tagged);
    const node = find(tree, (n) => n.id.startsWith(`image:${tagged.id}`));
    assert.ok(node);
    for (const expected of [tagged.id, 'Total size', 'Created', 'Regions', tagged.tags[0]]) {
      assert.ok(node.tooltip.includes(expected), `tooltip lacks ${expected}:\n${node.tooltip}`);
    }
    const pending = privateImages(h).find((i) => i.status === 'pending_upload');
    assert.ok(pending);
    const pendingNode = find(tree, (n) => n.id.startsWith(`image:${pending.id}`));
    assert.equal(pendingNode?.icon, 'loading~spin');
    assert.equal(pendingNode?.contextValue, 'image.private.pending_upload');
  });

  it('groups by type and lists flat, following the setting', async () => {
    await settings().update('groupBy', 'type', vscode.ConfigurationTarget.Global);
    let tree = await renderTree(h.api);
    // Automatic images (Linode's own, deleted at their expiry) apart from the ones you made.
    assert.deepEqual(tree.map((n) => n.label), ['Private images', 'Automatic images', 'Public images']);
    assert.equal(tree[0].children.length + tree[1].children.length, privateImages(h).length);
    assert.deepEqual(tree[1].children.map((n) => n.id), [`image:${SEED_IDS.images.automatic}`]);

    await settings().update('groupBy', 'none', vscode.ConfigurationTarget.Global);
    tree = await renderTree(h.api);
    assert.equal(tree.length, h.sim.state.images.size);
    assert.ok(tree.every((n) => n.children.length === 0));

    await settings().update('showPublicImages', false, vscode.ConfigurationTarget.Global);
    tree = await renderTree(h.api);
    assert.equal(tree.length, privateImages(h).length);
    assert.equal(h.sim.requests.length, 0, 'changing the grouping does not call the API');
  });

  it('keeps node ids stable across a refresh', async () => {
    const before = await renderTree(h.api);
    await vscode.commands.executeCommand('linodeImages.refresh');
    const after = await renderTree(h.api);
    const ids = (nodes: typeof before): string[] => findAll(nodes, () => true).map((n) => n.id);
    assert.deepEqual(ids(after), ids(before));
    assert.equal(new Set(ids(after)).size, ids(after).length, 'ids are unique');
  });

  it('fetches every page of a collection at the largest page size', async () => {
    await vscode.commands.executeCommand('linodeImages.reloadAll');
    const lists = h.sim.requests.filter((r) => r.path.startsWith('/v4/images?'));
    assert.ok(lists.length >= 1);
    for (const r of lists) assert.match(r.path, /page_size=500/);
  });

  it('does not let a late answer bring back an image deleted meanwhile, until the next full load', async () => {
    const { store, sync } = h.api.services;
    const image = privateImages(h).find((i) => i.status === 'available');
    assert.ok(image);
    const lateAnswer = store.image(image.id);
    assert.ok(lateAnswer);
    store.removeImage(image.id);
    store.upsertImage(lateAnswer); // a poll that was under way during the delete
    assert.equal(store.image(image.id), undefined);
    await sync.reloadAll(); // the simulator still has it: a full load is the truth
    assert.ok(store.image(image.id));
  });

  it('honours the apiVersion setting', async () => {
    await settings().update('apiVersion', 'v4beta', vscode.ConfigurationTarget.Global);
    await h.api.services.sync.reloadAll();
    assert.ok(h.sim.requests.some((r) => r.path.startsWith('/v4beta/images?')));
    await settings().update('apiVersion', undefined, vscode.ConfigurationTarget.Global);
  });
});
