import * as assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import * as vscode from 'vscode';
import type { Image } from '../../src/core/api/types';
import type { SimImage } from '../../simulator';
import { SEED_IDS, SIMULATOR_TOKEN } from '../../simulator';
import { findAll, renderTree, settings, signedInForEachTest, signedInHarness, until, type Harness } from './harness';
import { imageNode, imagePath, run, simImage, writes } from './operationsSupport';

const { singleRegion, multiRegion, cloudInit, publicCurrent } = SEED_IDS.images;

function showsJson(document: vscode.TextDocument, expected: unknown): boolean {
  try {
    return isDeepStrictEqual(JSON.parse(document.getText()), expected);
  } catch {
    return false;
  }
}

describe('operations: details, copy, Cloud Manager, filter and order', () => {
  let h: Harness;
  afterEach(() => run('clearFilter'));
  signedInForEachTest((harness) => (h = harness));

  it('shows an image\'s JSON in a read-only document, re-read from Linode when opened again', async () => {
    const document = (await run('showImageDetails', await imageNode(h, multiRegion))) as vscode.TextDocument;
    assert.equal(document.uri.scheme, 'linode-image');
    assert.equal(document.languageId, 'json');
    // A document VS Code kept from an earlier suite can still be taking an update when the command returns (seen once
    // on a loaded machine); the next test reproduces the kept document on purpose and asks for it at once.
    await until(() => showsJson(document, simImage(h, multiRegion)), 'the document to show the image\'s JSON');
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), document.uri.toString());
    assert.deepEqual(h.sim.requests.filter((r) => r.path.includes('15002')).map((r) => `${r.method} ${r.path}`), [`GET ${imagePath(multiRegion)}`]);

    simImage(h, multiRegion).description = 'Changed in Cloud Manager';
    const again = (await run('showImageDetails', await imageNode(h, multiRegion))) as vscode.TextDocument;
    assert.equal(again.uri.toString(), document.uri.toString(), 'the same document');
    await until(() => again.getText().includes('Changed in Cloud Manager'), 'the document to show the new description');
    assert.equal(h.sim.requests.filter((r) => r.path === imagePath(multiRegion)).length, 2);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('brings a document VS Code kept from an earlier opening up to date before showing it', async () => {
    // VS Code keeps a closed document's model for minutes, and updates it only by a queued round trip to the
    // workbench per change: after a sign-out and back, reopening got the kept "not in the list" text.
    const privateIds = [...h.sim.state.images.values()].filter((image) => !image.is_public).map((image) => image.id);
    for (const id of privateIds) await run('showImageDetails', await imageNode(h, id));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const kept = vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'linode-image');
    assert.ok(kept.some((d) => d.uri.path.startsWith(`/${multiRegion}/`)), 'VS Code keeps the closed document');
    h.api.services.store.clear();
    await until(() => kept.every((d) => d.getText().startsWith('// ')), 'the kept documents to say their images are gone');
    for (let round = 0; round < 5; round++) h = await signedInHarness(SIMULATOR_TOKEN);
    const document = (await run('showImageDetails', await imageNode(h, multiRegion))) as vscode.TextDocument;
    assert.deepEqual(JSON.parse(document.getText()) as Image, simImage(h, multiRegion));
    assert.equal(vscode.window.activeTextEditor?.document.getText(), document.getText(), 'the editor shows it');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('shows public images too', async () => {
    const document = (await run('showImageDetails', await imageNode(h, publicCurrent))) as vscode.TextDocument;
    assert.equal((JSON.parse(document.getText()) as Image).id, publicCurrent);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('copies the selected images\' ids, one per line', async () => {
    const first = await imageNode(h, singleRegion);
    await run('copyImageId', first, [first, await imageNode(h, multiRegion, 'us-east'), await imageNode(h, multiRegion, 'eu-west'), await imageNode(h, publicCurrent)]);
    assert.equal(await vscode.env.clipboard.readText(), [singleRegion, multiRegion, publicCurrent].join('\n'));
    assert.deepEqual(writes(h), []);
  });

  it('opens Cloud Manager\'s Images page', async () => {
    await run('openInCloudManager', await imageNode(h, singleRegion));
    assert.deepEqual(h.prompts.opened, ['https://cloud.linode.com/images']);
  });

  it('filters by label, id or tag, shows the filter on the view beside the account, and clears it — without calling the API', async () => {
    const view = h.api.services.treeView;
    const account = view.description;
    assert.ok(account, 'the view names the account it shows');
    const shownImages = async (): Promise<string[]> =>
      [...new Set(findAll(await renderTree(h.api), (n) => n.id.startsWith('image:')).map((n) => n.id.replace(/^image:/, '').replace(/@.*$/, '')))].sort();

    h.prompts.expect({ kind: 'inputBox', match: /Filter Images/, answer: ' GOLDEN ' });
    await run('filterImages');
    assert.deepEqual(await shownImages(), [multiRegion, cloudInit].sort());
    assert.equal(view.description, `${account} · Filter: GOLDEN`);
    const first = (await renderTree(h.api))[0];
    assert.equal(first.label, 'Filter: "GOLDEN"', 'the first row says what is filtered (a view alone in its container shows no description)');
    assert.equal(first.description, `2 of ${h.sim.state.images.size} images · click to clear`);
    assert.equal(first.command, 'linodeImages.clearFilter');

    h.prompts.expect({ kind: 'inputBox', match: /Filter Images/, answer: 'kubernetes', inspect: (o) => assert.equal(o.value, 'GOLDEN') });
    await run('filterImages');
    assert.deepEqual(await shownImages(), [cloudInit], 'a tag matches');

    h.prompts.expect({ kind: 'inputBox', answer: 'private/15001' });
    await run('filterImages');
    assert.deepEqual(await shownImages(), [singleRegion], 'an id matches');

    h.prompts.expect({ kind: 'inputBox', answer: 'no-such-image' });
    await run('filterImages');
    const tree = await renderTree(h.api);
    assert.equal(tree.length, 1);
    assert.equal(tree[0].label, 'No images match "no-such-image"');
    assert.equal(tree[0].command, 'linodeImages.clearFilter');

    await run('clearFilter');
    assert.equal(view.description, account, 'the account\'s name is back');
    assert.ok(!(await renderTree(h.api)).some((n) => n.id.startsWith('message:')), 'no filter row');
    assert.equal((await shownImages()).length, h.sim.state.images.size);
    assert.deepEqual(h.sim.requests.filter((r) => r.method !== 'GET' || r.path.startsWith('/v4/images?')), [], 'no reload');
  });

  it('orders images by the sortBy setting as soon as it changes', async () => {
    await settings().update('groupBy', 'none', vscode.ConfigurationTarget.Global);
    await settings().update('showPublicImages', false, vscode.ConfigurationTarget.Global);
    const order = async (): Promise<string[]> => (await renderTree(h.api)).map((n) => n.label);
    const privates = [...h.sim.state.images.values()].filter((i) => !i.is_public);
    const sorted = (compare: (a: SimImage, b: SimImage) => number): string[] => [...privates].sort(compare).map((i) => i.label);

    assert.deepEqual(await order(), sorted((a, b) => a.label.localeCompare(b.label)));
    await settings().update('sortBy', 'size', vscode.ConfigurationTarget.Global);
    await until(async () => (await order()).join() === sorted((a, b) => b.size - a.size || a.label.localeCompare(b.label)).join(), 'largest first');
    await settings().update('sortBy', 'created', vscode.ConfigurationTarget.Global);
    await until(async () => (await order()).join() === sorted((a, b) => b.created.localeCompare(a.created)).join(), 'newest first');
    assert.deepEqual(h.sim.requests.filter((r) => r.method !== 'GET' || r.path.startsWith('/v4/images?')), [], 'no reload');
  });
});
