import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SEED_IDS } from '../../simulator';
import { signedInForEachTest, until, type Harness } from './harness';
import { imageNode, imagePath, renderedImage, run, simImage, writes } from './operationsSupport';

const { singleRegion, multiRegion, pendingUpload, publicCurrent } = SEED_IDS.images;

describe('operations: delete', () => {
  let h: Harness;
  signedInForEachTest((harness) => (h = harness));

  it('asks in a modal that names the image and every region losing its copy, then deletes it', async () => {
    const image = simImage(h, multiRegion);
    h.prompts.expect({
      kind: 'confirm',
      answer: 'Delete',
      inspect: (message, detail, buttons) => {
        assert.equal(message, `Delete the image "${image.label}"?`);
        assert.match(detail, new RegExp(`^${image.id.replace('/', '\\/')}, `));
        for (const region of ['us-east · Newark, NJ', 'eu-west · London, UK', 'ap-south · Singapore, SG']) assert.ok(detail.includes(region), region);
        assert.match(detail, /copy in every region is deleted too\. This cannot be undone/);
        assert.deepEqual(buttons, ['Delete']);
      },
    });
    await run('deleteImages', await imageNode(h, multiRegion, 'eu-west'));
    assert.deepEqual(writes(h).map((r) => `${r.method} ${r.path} ${r.status}`), [`DELETE ${imagePath(multiRegion)} 200`]);
    assert.equal(h.sim.state.images.has(multiRegion), false);
    assert.equal(await renderedImage(h, multiRegion), undefined, 'gone from every region');
  });

  it('sends nothing when the modal is dismissed', async () => {
    h.prompts.expect({ kind: 'confirm', match: /Delete the image/, answer: undefined });
    await run('deleteImages', await imageNode(h, singleRegion));
    assert.deepEqual(writes(h), []);
    assert.ok(await renderedImage(h, singleRegion));
  });

  it('deletes a multi-selection after one confirmation, each image once, leaving public ones out', async () => {
    const clicked = await imageNode(h, singleRegion);
    const selection = [
      clicked,
      await imageNode(h, multiRegion, 'us-east'),
      await imageNode(h, multiRegion, 'ap-south'),
      await imageNode(h, pendingUpload),
      await imageNode(h, publicCurrent),
    ];
    h.prompts.expect({
      kind: 'confirm',
      answer: 'Delete 3 Images',
      inspect: (message, detail) => {
        assert.equal(message, 'Delete 3 images?');
        for (const id of [singleRegion, multiRegion, pendingUpload]) assert.ok(detail.includes(id), id);
        assert.match(detail, /still being made or uploaded is cancelled/);
        assert.match(detail, /cannot be deleted and is left out: "Debian 12"/);
      },
    });
    await run('deleteImages', clicked, selection);
    const deletes = writes(h).filter((r) => r.method === 'DELETE').map((r) => r.path).sort();
    assert.deepEqual(deletes, [singleRegion, multiRegion, pendingUpload].map((id) => imagePath(id)).sort());
    for (const id of [singleRegion, multiRegion, pendingUpload]) {
      assert.equal(h.sim.state.images.has(id), false, id);
      assert.equal(await renderedImage(h, id), undefined, id);
    }
    assert.ok(h.sim.state.images.has(publicCurrent));
  });

  it('shows "Deleting…" on every row of the image while the request runs', async () => {
    h.sim.faults.add({ origin: 'api', method: 'DELETE', path: imagePath(multiRegion), delayMs: 1500 });
    h.prompts.expect({ kind: 'confirm', answer: 'Delete' });
    const done = run('deleteImages', await imageNode(h, multiRegion));
    await until(async () => (await renderedImage(h, multiRegion, 'us-east'))?.description === 'Deleting…', 'the busy text');
    for (const region of ['us-east', 'eu-west', 'ap-south']) {
      const row = await renderedImage(h, multiRegion, region);
      assert.equal(row?.description, 'Deleting…');
      assert.equal(row?.icon, 'loading~spin');
      assert.equal(row?.contextValue, 'image.private.available.busy', 'a busy row offers no edit or delete');
    }
    await done;
    assert.equal(await renderedImage(h, multiRegion), undefined);
  });

  it('counts an image that is already gone (404) as deleted, without an error', async () => {
    const node = await imageNode(h, singleRegion);
    h.sim.state.deleteImage(singleRegion);
    h.prompts.expect({ kind: 'confirm', answer: 'Delete' });
    await run('deleteImages', node);
    assert.deepEqual(writes(h).map((r) => r.status), [404]);
    assert.deepEqual(h.prompts.messages('error'), []);
    assert.equal(await renderedImage(h, singleRegion), undefined);
  });

  it('keeps an image Linode would not delete, says why, and still deletes the others', async () => {
    h.sim.faults.add({ origin: 'api', method: 'DELETE', path: imagePath(multiRegion), status: 500, reason: 'Internal error, try again' });
    const first = await imageNode(h, singleRegion);
    h.prompts.expect(
      { kind: 'confirm', answer: 'Delete 2 Images' },
      { kind: 'error', match: /^Delete Image failed: 1 of 2 images were not deleted \(1 deleted\)\. "db-golden" \(private\/15002\): Internal error, try again$/ },
    );
    await run('deleteImages', first, [first, await imageNode(h, multiRegion)]);
    assert.equal(await renderedImage(h, singleRegion), undefined);
    const kept = await renderedImage(h, multiRegion, 'us-east');
    assert.ok(kept);
    assert.notEqual(kept.description, 'Deleting…');
  });

  it('waits out a 429 and then deletes', async () => {
    h.sim.faults.add({ origin: 'api', method: 'DELETE', path: imagePath(singleRegion), status: 429, retryAfter: 1 });
    h.prompts.expect({ kind: 'confirm', answer: 'Delete' });
    await run('deleteImages', await imageNode(h, singleRegion));
    assert.deepEqual(writes(h).map((r) => r.status), [429, 200]);
    assert.equal(await renderedImage(h, singleRegion), undefined);
  });

  it('from the palette, offers private images only; the Delete key deletes the selection', async () => {
    h.prompts.expect(
      {
        kind: 'quickPickMany',
        match: /Delete Images/,
        pick: (items) => {
          assert.ok(items.length > 0);
          assert.ok(items.every((i) => i.description?.startsWith('private/')), 'public images are never offered');
          return items.filter((i) => i.description === singleRegion);
        },
      },
      { kind: 'confirm', answer: 'Delete' },
    );
    await run('deleteImages');
    assert.equal(h.sim.state.images.has(singleRegion), false);

    await vscode.commands.executeCommand('workbench.view.extension.linodeImages');
    const node = await imageNode(h, multiRegion, 'us-east');
    await h.api.services.treeView.reveal(node, { select: true, focus: true });
    await until(() => h.api.services.treeView.selection.some((n) => n.id === node.id), 'the image to be selected');
    h.prompts.expect({ kind: 'confirm', match: /db-golden/, answer: 'Delete' });
    await run('deleteImages', 'selection'); // what the Delete keybinding sends
    assert.equal(h.sim.state.images.has(multiRegion), false);
  });

  it('does nothing to a public image but say so', async () => {
    await run('deleteImages', await imageNode(h, publicCurrent));
    assert.deepEqual(writes(h), []);
    assert.match(h.prompts.messages('info')[0] ?? '', /cannot be deleted/);
  });
});
