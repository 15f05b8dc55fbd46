// The Images view when answers cannot be trusted: an HTML page from a proxy, a polled answer that is not an
// image, the real API's undeclared nulls, a long rate-limit wait, and every answer recorded from the real API.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { describeAnswer, recordedAnswersOrSkip, type RecordedAnswer } from '../support/recordedExchanges';
import { asFirstLoad, findAll, renderTree, settings, signedInForEachTest, until, usePace, VIEW_CONTAINER_COMMAND, type Harness } from './harness';

const LIST_IMAGES = /^\/v4\/images\?/;
const READ_PRIVATE_IMAGE = /^\/v4\/images\/private%2F\d+$/;
const CAPTIVE_PORTAL_PAGE = '<!DOCTYPE html><html><head><title>Sign in to Hotel Wi-Fi</title></head><body>Accept the terms.</body></html>';

describe('answers that cannot be trusted', () => {
  let h: Harness;
  signedInForEachTest((harness) => (h = harness));
  afterEach(async () => {
    if (settings().inspect('sortBy')?.globalValue !== undefined) await settings().update('sortBy', undefined, vscode.ConfigurationTarget.Global);
  });

  it('shows an HTML page answered with 200 as a failed load that names a proxy, and keeps the images it had', async () => {
    h.sim.faults.add({ origin: 'api', method: 'GET', path: LIST_IMAGES, rawBody: CAPTIVE_PORTAL_PAGE, times: Infinity });
    await vscode.commands.executeCommand('linodeImages.reloadAll');
    assert.ok(findAll(await renderTree(h.api), (n) => n.id.startsWith('image:private/15001')).length > 0, 'the last good list is still drawn');
    assert.match(h.api.services.treeView.message ?? '', /could not sync with Linode \(Linode's answer to GET \/v4\/images was an HTML page, not JSON: a proxy or captive portal\?/);

    // As a first load (nothing to keep showing), the failure is the tree's only row, with a retry.
    await asFirstLoad(h);
    await vscode.commands.executeCommand('linodeImages.reloadAll');
    const tree = await renderTree(h.api);
    assert.equal(tree.length, 1);
    assert.match(tree[0].label, /Could not load images/);
    assert.match(tree[0].description, /HTML page, not JSON: a proxy or captive portal\?/);

    h.sim.faults.clear();
    await vscode.commands.executeCommand(tree[0].command as string);
    assert.ok((await renderTree(h.api)).some((n) => n.id.startsWith('region:')));
  });

  it('keeps drawing the tree when a polled image comes back as a string, and keeps that image as it was', async () => {
    usePace(h, { spacingMs: 50, perImageMs: 100 });
    const before = new Map(h.api.services.store.inProgressImages().map((image) => [image.id, structuredClone(image)]));
    assert.ok(before.size > 0, 'the seed has images in progress');
    h.sim.faults.add({ origin: 'api', method: 'GET', path: READ_PRIVATE_IMAGE, replaceBody: 'not an image', times: Infinity });
    await vscode.commands.executeCommand(VIEW_CONTAINER_COMMAND);
    await until(() => h.api.services.treeView.visible, 'the view to be visible');
    await until(
      () => h.sim.requests.filter((r) => READ_PRIVATE_IMAGE.test(r.path) && r.responseBody === 'not an image').length >= 2,
      'two polled answers that are strings',
    );
    const tree = await renderTree(h.api);
    for (const [id, image] of before) {
      assert.deepEqual(h.api.services.store.image(id), image, `${id} is as it was`);
      assert.ok(findAll(tree, (n) => n.id.startsWith(`image:${id}`)).length > 0, `${id} is drawn`);
    }
    await vscode.commands.executeCommand('workbench.view.explorer');
  });

  it("draws the real API's nulls: public images without regions or total size, and images with no size or creation time", async () => {
    h.sim.faults.add({ origin: 'api', method: 'GET', path: LIST_IMAGES, realWorldNulls: true, patchItems: { size: null, created: null }, times: Infinity });
    for (const sortBy of ['created', 'size', 'label']) {
      await settings().update('sortBy', sortBy, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('linodeImages.reloadAll');
      const tree = await renderTree(h.api);
      assert.ok(tree.some((n) => n.id.startsWith('region:')), `sorted by ${sortBy}: ${tree.map((n) => n.label).join(', ')}`);
      const publicNode = tree.find((n) => n.id === 'public');
      assert.ok(publicNode);
      const publicCount = [...h.sim.state.images.values()].filter((i) => i.is_public).length;
      assert.equal(findAll(publicNode.children, (n) => n.id.startsWith('image:')).length, publicCount);
      const debian = findAll(tree, (n) => n.id === 'image:linode/debian12')[0];
      assert.ok(debian);
      assert.match(debian.tooltip, /\| Size \| unknown \|/);
      assert.match(debian.tooltip, /\| Created \| unknown \|/);
    }
  });

  it("says in the view that it is waiting for Linode's rate limit, and how long, until the wait is over", async () => {
    h.sim.faults.add({ origin: 'api', method: 'GET', path: LIST_IMAGES, status: 429, retryAfter: 4 });
    const view = h.api.services.treeView;
    const refreshed = vscode.commands.executeCommand('linodeImages.reloadAll');
    await until(() => /^Waiting for Linode's rate limit — [1-4] s$/.test(view.message ?? ''), `the wait in the view's message (now "${view.message}")`);
    await refreshed;
    await until(() => view.message === undefined, `the message cleared (now "${view.message}")`);
    assert.ok(h.api.services.store.loaded);
  });
});

describe('answers recorded from the real Linode API', function () {
  let h: Harness;
  let answers: RecordedAnswer[] = [];
  before(function () {
    answers = recordedAnswersOrSkip(this);
  });
  signedInForEachTest((harness) => (h = harness));
  beforeEach(async () => {
    // Hidden, so the poller does not re-read a recorded image in progress from the simulator meanwhile.
    await vscode.commands.executeCommand('workbench.view.explorer');
    await until(() => !h.api.services.treeView.visible, 'the view to be hidden');
  });

  /** The images of a recorded answer, as a page of the image list. */
  function asImagePage(answer: RecordedAnswer): unknown {
    const body = JSON.parse(answer.body) as Record<string, unknown>;
    if (answer.kind === 'imagePage') return body;
    const image = answer.kind === 'uploadContainer' ? body.image : body;
    return { data: [image], page: 1, pages: 1, results: 1 };
  }

  function idsIn(page: unknown): string[] {
    return ((page as { data: Array<{ id: string }> }).data).map((image) => image.id);
  }

  it('draws every recorded image answer in the tree, each row with its tooltip, in every grouping', async function () {
    this.timeout(120_000); // a refresh per recorded answer and grouping, each a few tens of ms
    // Answers with the same body (a polled image that did not change) are drawn once.
    const imageAnswers = [...new Map(answers
      .filter((a) => a.status === 200 && (a.kind === 'imagePage' || a.kind === 'image' || a.kind === 'uploadContainer'))
      .map((a) => [a.body, a] as const)).values()];
    const regionPage = answers.find((a) => a.status === 200 && a.kind === 'regionPage');
    assert.ok(imageAnswers.length >= 10 && regionPage, `${imageAnswers.length} image answers and a region list`);
    for (const groupBy of ['region', 'type', 'none']) {
      await settings().update('groupBy', groupBy, vscode.ConfigurationTarget.Global);
      for (const answer of imageAnswers) {
        const page = asImagePage(answer);
        h.sim.faults.add({ origin: 'api', method: 'GET', path: LIST_IMAGES, replaceBody: page });
        h.sim.faults.add({ origin: 'api', method: 'GET', path: /^\/v4\/regions\?/, replaceBody: JSON.parse(regionPage.body) as unknown });
        await vscode.commands.executeCommand('linodeImages.reloadAll');
        const tree = await renderTree(h.api);
        // A recorded empty list (a share group's images after the last one left) is the "No images" row.
        const expectedMessages = idsIn(page).length === 0 ? ['message:empty'] : [];
        assert.deepEqual(tree.filter((n) => n.id.startsWith('message:')).map((n) => n.id), expectedMessages, `${describeAnswer(answer)}, by ${groupBy}: ${tree.map((n) => `${n.label} ${n.description}`).join('; ')}`);
        const rows = findAll(tree, (n) => n.id.startsWith('image:'));
        for (const id of idsIn(page)) {
          const row = rows.find((n) => n.id === `image:${id}` || n.id.startsWith(`image:${id}@`));
          assert.ok(row, `${describeAnswer(answer)}: ${id} is drawn by ${groupBy}`);
          assert.ok(row.tooltip.includes(`\`${id}\``), `${describeAnswer(answer)}: ${id}'s tooltip:\n${row.tooltip}`);
          assert.doesNotMatch(row.tooltip + row.description, /undefined|NaN|null/, `${describeAnswer(answer)}: ${id}`);
        }
      }
    }
    await settings().update('groupBy', undefined, vscode.ConfigurationTarget.Global);
  });

  it('draws every recorded region list as the region groups of the tree', async () => {
    const regionPages = answers.filter((a) => a.status === 200 && a.kind === 'regionPage');
    assert.ok(regionPages.length > 0);
    for (const answer of regionPages) {
      const recorded = JSON.parse(answer.body) as { data: Array<{ id: string; label: string }> };
      const labels = new Map(recorded.data.map((region) => [region.id, region.label]));
      h.sim.faults.add({ origin: 'api', method: 'GET', path: /^\/v4\/regions\?/, replaceBody: recorded });
      await vscode.commands.executeCommand('linodeImages.reloadAll');
      const tree = await renderTree(h.api);
      const regionNodes = tree.filter((n) => n.id.startsWith('region:'));
      assert.ok(regionNodes.length > 0, `${describeAnswer(answer)}: ${tree.map((n) => n.label).join(', ')}`);
      for (const node of regionNodes) {
        const id = node.id.slice('region:'.length);
        // A region the recorded list does not name is shown by its id.
        assert.equal(node.label, labels.has(id) ? `${id} · ${labels.get(id)}` : id, describeAnswer(answer));
      }
    }
  });
});
