import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SEED_IDS } from '../../simulator';
import { settings, signedInForEachTest, until, type Harness } from './harness';
import { imageNode, imagePath, renderedImage, run, simImage, writes } from './operationsSupport';

const ID = SEED_IDS.images.singleRegion;

describe('operations: rename, description, tags', () => {
  let h: Harness;
  signedInForEachTest((harness) => (h = harness));

  it('renames with a prefilled box and sends only the label', async () => {
    const before = simImage(h, ID);
    h.prompts.expect({
      kind: 'inputBox',
      match: /Rename Image/,
      answer: 'web base, renamed',
      inspect: (options) => assert.equal(options.value, before.label),
    });
    await run('renameImage', await imageNode(h, ID));
    const sent = writes(h);
    assert.equal(sent.length, 1);
    assert.equal(sent[0].method, 'PUT');
    assert.equal(sent[0].path, imagePath(ID));
    assert.deepEqual(sent[0].requestBody, { label: 'web base, renamed' });
    assert.equal(simImage(h, ID).label, 'web base, renamed');
    assert.equal((await renderedImage(h, ID, 'us-east'))?.label, 'web base, renamed');
  });

  it('refuses every bad label, description and tag as it is typed, and sends nothing', async () => {
    const node = await imageNode(h, ID);
    const badLabels: [string, RegExp][] = [
      ['', /Enter a label/],
      ['   ', /Enter a label/],
      ['x'.repeat(51), /between 1 and 50 characters/],
      ['web/base', /special characters/],
      ['naïve', /special characters/],
    ];
    for (const [answer, refusedWith] of badLabels) {
      h.prompts.expect({ kind: 'inputBox', match: /Rename Image/, answer, refusedWith });
      await run('renameImage', node);
    }
    h.prompts.expect({ kind: 'inputBox', match: /Description/, answer: 'd'.repeat(65_001), refusedWith: /65,000 characters or fewer/ });
    await run('editImageDescription', node);
    const badTags: [string, RegExp][] = [
      ['web, ab', /Tag "ab" must be between 3 and 50/],
      [`web, ${'t'.repeat(51)}`, /between 3 and 50/],
      [Array.from({ length: 501 }, (_, i) => `tag${i}`).join(','), /At most 500 tags/],
    ];
    for (const [answer, refusedWith] of badTags) {
      h.prompts.expect({ kind: 'inputBox', match: /Tags/, answer, refusedWith });
      await run('editImageTags', node);
    }
    assert.equal(h.prompts.shown.filter((p) => p.text.startsWith('refused:')).length, badLabels.length + 1 + badTags.length);
    assert.deepEqual(writes(h), []);
  });

  it('sends nothing when a box is cancelled or the value is unchanged', async () => {
    const node = await imageNode(h, ID);
    const image = simImage(h, ID);
    h.prompts.expect(
      { kind: 'inputBox', match: /Rename Image/, answer: undefined },
      { kind: 'inputBox', match: /Description/, answer: undefined },
      { kind: 'inputBox', match: /Tags/, answer: undefined },
      { kind: 'inputBox', match: /Rename Image/, answer: image.label },
      { kind: 'inputBox', match: /Tags/, answer: ` ${image.tags.join(' ,')}, ${image.tags[0]}` },
    );
    for (const command of ['renameImage', 'editImageDescription', 'editImageTags', 'renameImage', 'editImageTags']) {
      await run(command, node);
    }
    assert.deepEqual(writes(h), []);
  });

  it('edits a multi-line description without losing its line breaks, and removes it when emptied', async () => {
    const node = await imageNode(h, ID);
    h.prompts.expect({ kind: 'inputBox', match: /Description/, answer: 'Base image\\nfor web servers' });
    await run('editImageDescription', node);
    assert.deepEqual(writes(h).map((r) => r.requestBody), [{ description: 'Base image\nfor web servers' }]);
    assert.equal(simImage(h, ID).description, 'Base image\nfor web servers');

    h.prompts.expect({
      kind: 'inputBox',
      match: /Description/,
      answer: '',
      inspect: (options) => assert.equal(options.value, 'Base image\\nfor web servers', 'the box shows the line break as \\n'),
    });
    await run('editImageDescription', node);
    assert.deepEqual(writes(h).map((r) => r.requestBody)[1], { description: null });
    assert.equal(simImage(h, ID).description, null);
  });

  it('edits tags from a comma-separated line: trimmed, de-duplicated, only tags sent', async () => {
    const node = await imageNode(h, ID);
    h.prompts.expect({
      kind: 'inputBox',
      match: /Tags/,
      answer: ' web , staging,web,, blue-green ',
      inspect: (options) => assert.equal(options.value, 'web, production'),
    });
    await run('editImageTags', node);
    assert.deepEqual(writes(h).map((r) => r.requestBody), [{ tags: ['web', 'staging', 'blue-green'] }]);
    assert.deepEqual(simImage(h, ID).tags, ['web', 'staging', 'blue-green']);
    assert.match((await renderedImage(h, ID))?.tooltip ?? '', /`blue-green`/);
  });

  it('trims the spaces around a label before it is checked and sent', async () => {
    h.prompts.expect({ kind: 'inputBox', match: /Rename Image/, answer: '  padded  ' });
    await run('renameImage', await imageNode(h, ID));
    assert.deepEqual(writes(h).map((r) => r.requestBody), [{ label: 'padded' }]);
    assert.equal(simImage(h, ID).label, 'padded');
    h.prompts.expect({ kind: 'inputBox', match: /Rename Image/, answer: ' padded ' });
    await run('renameImage', await imageNode(h, ID));
    assert.equal(writes(h).length, 1, 'the same label, padded again, is no change');
  });

  it('asks before an empty or blank tags line removes every tag, naming them', async () => {
    const node = await imageNode(h, ID);
    h.prompts.expect(
      { kind: 'inputBox', match: /Tags/, answer: '  ,  ' },
      {
        kind: 'confirm',
        match: /Remove all 2 tags from/,
        answer: undefined,
        inspect: (_message, detail) => assert.match(detail, new RegExp(`web, production will be removed from ${ID.replace('/', '\\/')}`)),
      },
    );
    await run('editImageTags', node);
    assert.deepEqual(writes(h), [], 'declined: nothing sent');
    assert.deepEqual(simImage(h, ID).tags, ['web', 'production']);

    h.prompts.expect({ kind: 'inputBox', match: /Tags/, answer: '' }, { kind: 'confirm', match: /Remove all 2 tags/, answer: 'Remove Tags' });
    await run('editImageTags', node);
    assert.deepEqual(writes(h).map((r) => r.requestBody), [{ tags: [] }]);
    assert.deepEqual(simImage(h, ID).tags, []);
  });

  it('shows the API\'s field reason for a 422 and leaves the image as it was', async () => {
    h.sim.faults.add({
      origin: 'api',
      method: 'PUT',
      path: imagePath(ID),
      status: 422,
      body: { errors: [{ field: 'label', reason: 'An image with this label already exists.' }] },
    });
    const label = simImage(h, ID).label;
    h.prompts.expect(
      { kind: 'inputBox', match: /Rename Image/, answer: 'db-golden' },
      { kind: 'error', match: /^Rename Image failed: label: An image with this label already exists\.$/ },
    );
    await run('renameImage', await imageNode(h, ID));
    assert.equal(writes(h).length, 1);
    assert.equal(simImage(h, ID).label, label);
    const node = await renderedImage(h, ID);
    assert.equal(node?.label, label);
    assert.doesNotMatch(node?.description ?? '', /Renaming/, 'the busy text is gone');
  });

  it('waits out a 429 and then saves', async () => {
    h.sim.faults.add({ origin: 'api', method: 'PUT', path: imagePath(ID), status: 429, retryAfter: 1 });
    h.prompts.expect({ kind: 'inputBox', match: /Rename Image/, answer: 'after the rate limit' });
    await run('renameImage', await imageNode(h, ID));
    assert.deepEqual(writes(h).map((r) => r.status), [429, 200]);
    assert.equal(simImage(h, ID).label, 'after the rate limit');
    assert.equal((await renderedImage(h, ID))?.label, 'after the rate limit');
    assert.deepEqual(h.prompts.messages('error'), []);
  });

  it('uses the v4beta API when the setting says so', async () => {
    await settings().update('apiVersion', 'v4beta', vscode.ConfigurationTarget.Global);
    await until(() => h.api.services.store.loaded, 'the tree to reload');
    h.sim.requests.length = 0;
    h.prompts.expect({ kind: 'inputBox', match: /Rename Image/, answer: 'beta rename' });
    await run('renameImage', await imageNode(h, ID));
    assert.deepEqual(writes(h).map((r) => `${r.method} ${r.path}`), [`PUT ${imagePath(ID, 'v4beta')}`]);
    assert.equal(simImage(h, ID).label, 'beta rename');
  });

  it('from the palette, asks which image and offers only available private ones', async () => {
    h.prompts.expect(
      {
        kind: 'quickPick',
        match: /Rename Image/,
        pick: (items) => {
          const ids = items.map((i) => i.description);
          assert.ok(ids.includes(ID));
          assert.ok(!ids.some((id) => id?.startsWith('linode/')), 'no public image');
          for (const pending of [SEED_IDS.images.pendingUpload, SEED_IDS.images.creating]) assert.ok(!ids.includes(pending), pending);
          return items.find((i) => i.description === ID);
        },
      },
      { kind: 'inputBox', match: /Rename Image/, answer: 'picked from the palette' },
    );
    await run('renameImage');
    assert.equal(simImage(h, ID).label, 'picked from the palette');
  });

  it('F2 renames the image selected in the view', async () => {
    await vscode.commands.executeCommand('workbench.view.extension.linodeImages');
    const node = await imageNode(h, ID, 'us-east');
    await h.api.services.treeView.reveal(node, { select: true, focus: true });
    await until(() => h.api.services.treeView.selection.some((n) => n.id === node.id), 'the image to be selected');
    h.prompts.expect({ kind: 'inputBox', match: /Rename Image/, answer: 'renamed with F2' });
    // What the F2 keybinding sends (see package.json): VS Code gives keybindings no tree item.
    await run('renameImage', 'selection');
    assert.equal(simImage(h, ID).label, 'renamed with F2');
  });

  it('reports an image deleted elsewhere and drops it from the view', async () => {
    const node = await imageNode(h, ID);
    h.sim.state.deleteImage(ID);
    h.prompts.expect(
      { kind: 'inputBox', match: /Rename Image/, answer: 'too late' },
      { kind: 'error', match: /no longer exists at Linode/ },
    );
    await run('renameImage', node);
    assert.equal(h.api.services.store.image(ID), undefined);
    assert.equal(await renderedImage(h, ID), undefined);
  });
});
