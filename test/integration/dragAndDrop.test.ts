// Drag and drop in the Images view, driven through the view's own controller with real vscode.DataTransfer
// objects, as VS Code drives it: images dropped on a region's row (replicate, move, refused), and a disk image file
// dropped from the Explorer on a region's row (upload there).
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import * as vscode from 'vscode';
import type { TreeNode } from '../../src/host/tree/imagesTreeProvider';
import { SEED_IDS } from '../../simulator';
import { rawDisk, writeFile } from '../fixtures/diskImages';
import { signedInForEachTest, until, type Harness } from './harness';
import { imageNode, imagePath, renderedImage, simImage, writes } from './operationsSupport';

const { singleRegion, multiRegion } = SEED_IDS.images;
const MIME = 'application/vnd.code.tree.linodeimages.images';

function controller(h: Harness): NonNullable<Harness['api']['dragAndDrop']> {
  const dnd = h.api.dragAndDrop;
  assert.ok(dnd, 'the extension exports its drag and drop controller to its tests');
  return dnd;
}

async function regionRow(h: Harness, regionId: string): Promise<TreeNode> {
  await h.api.services.sync.ensureStarted();
  const roots = await h.api.services.tree.getChildren();
  const row = roots.find((n) => n.type === 'group' && n.id === `region:${regionId}`);
  assert.ok(row, `a row for ${regionId}: ${roots.map((n) => n.id).join(', ')}`);
  return row;
}

/** Drags `sources` as VS Code does (handleDrag fills the transfer) and drops them on `target`. */
async function dragAndDrop(h: Harness, sources: readonly TreeNode[], target: TreeNode): Promise<void> {
  const dnd = controller(h);
  const data = new vscode.DataTransfer();
  const token = new vscode.CancellationTokenSource().token;
  dnd.handleDrag(sources, data);
  assert.ok(data.get(MIME), `the drag carries ${MIME}`);
  await dnd.handleDrop(target, data, token);
}

function replicateBodies(h: Harness, id: string): unknown[] {
  return writes(h).filter((r) => r.method === 'POST' && r.path === `${imagePath(id)}/regions`).map((r) => r.requestBody);
}

describe('drag and drop in the Images view', function () {
  this.timeout(60_000);
  let h: Harness;
  signedInForEachTest((harness) => (h = harness));

  it('offers its own tree type and the Explorer\'s files', () => {
    const dnd = controller(h);
    assert.deepEqual([...dnd.dragMimeTypes], [MIME]);
    assert.deepEqual([...dnd.dropMimeTypes].sort(), [MIME, 'text/uri-list'].sort());
  });

  it('an image dropped on a region is replicated there after one confirmation naming the image, the region and the storage', async () => {
    h.prompts.expect({
      kind: 'confirm',
      answer: 'Copy',
      inspect: (message, detail, buttons) => {
        assert.equal(message, 'Copy or move "web-base-2024" to fr-par · Paris, FR?');
        assert.match(detail, /^• "web-base-2024": a copy of 2\.34 GB in fr-par · Paris, FR, \+\$0\.23 a month\.\n/);
        assert.match(detail, /Storage: 2\.34 GB → 4\.69 GB; \+\$0\.23 a month \(\$0\.47 a month in all\), at \$0\.10 per GB a month\./);
        assert.match(detail, /Move: once the new copy is available, the copy in us-east · Newark, NJ is deleted/);
        assert.deepEqual(buttons, ['Copy', 'Move']);
      },
    });
    await dragAndDrop(h, [await imageNode(h, singleRegion, 'us-east')], await regionRow(h, 'fr-par'));
    assert.deepEqual(replicateBodies(h, singleRegion), [{ regions: ['us-east', 'fr-par'] }]);
    assert.ok(await renderedImage(h, singleRegion, 'fr-par'), 'the tree shows the new region row');
    assert.deepEqual(h.prompts.messages('error'), []);
  });

  it('several images dropped on a region: the confirmation names each copy\'s storage and the total', async () => {
    h.prompts.expect({
      kind: 'confirm',
      answer: undefined,
      inspect: (message, detail) => {
        assert.equal(message, 'Copy or move 2 images to fr-par · Paris, FR?');
        // 2,400 MB and 5,120 MB: 2.34 GB ($0.2344) and 5 GB ($0.50) a month at $0.10 per GB.
        assert.match(
          detail,
          /^• "web-base-2024": a copy of 2\.34 GB in fr-par · Paris, FR, \+\$0\.23 a month\.\n• "db-golden": a copy of 5 GB in fr-par · Paris, FR, \+\$0\.50 a month\.\nIn all: \+7\.34 GB, \+\$0\.73 a month, at \$0\.10 per GB a month\.\n/,
        );
      },
    });
    await dragAndDrop(h, [await imageNode(h, singleRegion, 'us-east'), await imageNode(h, multiRegion, 'us-east')], await regionRow(h, 'fr-par'));
    h.prompts.assertDone();
    assert.deepEqual(writes(h), []);
  });

  it('declined, sends nothing', async () => {
    h.prompts.expect({ kind: 'confirm', match: /^Copy or move "web-base-2024" to eu-central/, answer: undefined });
    await dragAndDrop(h, [await imageNode(h, singleRegion, 'us-east')], await regionRow(h, 'eu-central'));
    assert.deepEqual(writes(h), []);
  });

  it('a region that cannot hold images refuses the drop with the reason, sending nothing', async () => {
    // us-central (where legacy-app is) without Object Storage, as Linode would list a region that has none.
    const region = h.sim.state.regions.get('us-central');
    assert.ok(region);
    region.capabilities = region.capabilities.filter((c) => c !== 'Object Storage');
    await h.api.services.sync.reloadAll();
    h.sim.requests.length = 0;
    h.prompts.expect({
      kind: 'warning',
      match: /^Nothing was replicated to us-central · Dallas, TX: us-central · Dallas, TX has no Object Storage, where Linode keeps images\.$/,
    });
    await dragAndDrop(h, [await imageNode(h, singleRegion, 'us-east')], await regionRow(h, 'us-central'));
    assert.deepEqual(writes(h), []);
    assert.deepEqual(h.sim.requests.filter((r) => r.origin === 'api').map((r) => r.path), [], 'not even a read');
  });

  it('a drop where the image already is does nothing and says so', async () => {
    h.prompts.expect({ kind: 'info', match: /^"db-golden" is already in eu-west · London, UK; nothing to do\.$/ });
    await dragAndDrop(h, [await imageNode(h, multiRegion, 'us-east')], await regionRow(h, 'eu-west'));
    assert.deepEqual(writes(h), []);
  });

  it('Move adds the new region, and removes the old one only once the new copy is available', async () => {
    h.prompts.expect(
      { kind: 'confirm', match: /^Copy or move "web-base-2024" to ap-northeast · Tokyo, JP\?/, answer: 'Move' },
      { kind: 'info', match: /^Moved "web-base-2024" from us-east · Newark, NJ to ap-northeast · Tokyo, JP\.$/ },
    );
    await dragAndDrop(h, [await imageNode(h, singleRegion, 'us-east')], await regionRow(h, 'ap-northeast'));
    assert.deepEqual(replicateBodies(h, singleRegion), [{ regions: ['us-east', 'ap-northeast'] }], 'the new copy first');
    await controller(h).movesDone();
    assert.deepEqual(replicateBodies(h, singleRegion), [{ regions: ['us-east', 'ap-northeast'] }, { regions: ['ap-northeast'] }]);
    // The removal went out once Linode reported the new copy available: its answer shows it so.
    const removal = writes(h).filter((r) => r.method === 'POST').at(-1);
    const answered = removal?.responseBody as { regions: { region: string; status: string }[] } | undefined;
    assert.equal(answered?.regions.find((r) => r.region === 'ap-northeast')?.status, 'available');
    const reads = h.sim.requests.filter((r) => r.method === 'GET' && r.path === imagePath(singleRegion));
    assert.ok(reads.length >= 2, 'the new copy was followed');
    h.sim.settle();
    assert.deepEqual(simImage(h, singleRegion).regions.map((r) => r.region), ['ap-northeast']);
    await until(async () => (await renderedImage(h, singleRegion, 'ap-northeast')) !== undefined, 'the moved row');
  });

  it('a disk image dropped from the Explorer on a region starts Upload with that region and the file\'s name', async () => {
    const folder = path.join(vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '', `drop-test-${Date.now()}`);
    try {
      const file = await writeFile(folder, 'dropped-disk.img.gz', gzipSync(rawDisk(256 * 1024)));
      h.prompts.expect(
        { kind: 'step', match: /^Upload Image: Label/, at: [1, 5], inspect: (shown) => assert.equal(shown.value, 'dropped-disk'), answer: 'accept' },
        {
          kind: 'step',
          match: /^Upload Image: Region/,
          at: [2, 5],
          inspect: (shown) => assert.equal(shown.active?.label, 'eu-central', 'the region dropped on is preselected'),
          answer: 'accept',
        },
        { kind: 'step', match: /^Upload Image: Description/, answer: 'accept' },
        { kind: 'step', match: /^Upload Image: Tags/, answer: 'accept' },
        {
          kind: 'step',
          match: /^Upload Image: Cloud-init/,
          inspect: (shown) => assert.match(shown.prompt, /Stores about [\d.]+ GB in eu-central: \+\$[\d.]+ a month at \$0\.10 per GB\.$/),
          answer: 'accept',
        },
      );
      const data = new vscode.DataTransfer();
      data.set('text/uri-list', new vscode.DataTransferItem(`${vscode.Uri.file(file).toString()}\r\n`));
      await controller(h).handleDrop(await regionRow(h, 'eu-central'), data, new vscode.CancellationTokenSource().token);
      const created = h.sim.requests.filter((r) => r.method === 'POST' && r.path === '/v4/images/upload');
      assert.equal(created.length, 1, h.prompts.messages().join(' | '));
      assert.deepEqual(created[0].requestBody, { label: 'dropped-disk', region: 'eu-central', cloud_init: false });
      assert.equal(h.sim.uploads[0]?.outcome, 'completed');
      assert.deepEqual(h.prompts.messages('error'), []);
    } finally {
      await fs.rm(folder, { recursive: true, force: true });
    }
  });

  it('a file that is no disk image is refused, and nothing is asked or sent', async () => {
    h.prompts.expect({ kind: 'warning', match: /^Only disk images can be uploaded/ });
    const data = new vscode.DataTransfer();
    data.set('text/uri-list', new vscode.DataTransferItem(vscode.Uri.file('/tmp/notes.txt').toString()));
    await controller(h).handleDrop(await regionRow(h, 'us-east'), data, new vscode.CancellationTokenSource().token);
    assert.deepEqual(writes(h), []);
  });
});
