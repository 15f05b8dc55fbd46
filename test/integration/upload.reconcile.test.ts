// Uploads reconcile instead of guessing, in the extension host against the simulator: the record each upload
// leaves in global state, an upload whose answer is lost, the reconciling of records a closed window left behind,
// and deactivate's bounded clean-up.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import * as vscode from 'vscode';
import type { ImageUploadContainer } from '../../src/core/api/types';
import type { UploadSummary } from '../../src/host/commands/uploadImage';
import { RECORD_KEY_PREFIX, type UploadRecord } from '../../src/host/upload/uploadRecords';
import { SIMULATOR_TOKEN } from '../../simulator';
import { rawRequest } from '../../simulator/rawClient';
import { pseudoRandomBytes, rawDisk, writeFile } from '../fixtures/diskImages';
import { EXTENSION_ID, signedInForEachTest, until, usePace, VIEW_CONTAINER_COMMAND, type Harness } from './harness';
import type { Expectation } from './promptDouble';

type Item = vscode.QuickPickItem;

function detailsScript(label: string): Expectation[] {
  return [
    { kind: 'step', match: /^Upload Image: Label/, at: [1, 5], answer: { enter: label } },
    { kind: 'step', match: /^Upload Image: Region/, answer: { pick: (items: readonly Item[]) => items.find((i) => i.label === 'us-east') } },
    { kind: 'step', match: /^Upload Image: Description/, answer: { enter: '' } },
    { kind: 'step', match: /^Upload Image: Tags/, answer: { enter: '' } },
    { kind: 'step', match: /^Upload Image: Cloud-init/, at: [5, 5], answer: { pick: (items: readonly Item[]) => items.find((i) => i.label === 'No') } },
  ];
}

/** The extension's own module, as the extension host loaded it (Node's module cache): its `deactivate`. */
function extensionModule(): { deactivate(): Promise<void> } {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension);
  const main = (extension.packageJSON as { main: string }).main;
  return createRequire(__filename)(path.join(extension.extensionPath, main)) as { deactivate(): Promise<void> };
}

describe('upload reconciliation (extension host)', function () {
  this.timeout(60_000);
  let h: Harness;
  let folder: string;

  afterEach(async () => {
    await fs.rm(folder, { recursive: true, force: true });
    // No record may outlive its test: the next token change would reconcile it.
    for (const record of records()) await h.api.services.globalState.update(RECORD_KEY_PREFIX + record.id, undefined);
  });
  signedInForEachTest((harness) => (h = harness));
  beforeEach(async () => {
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(root);
    folder = path.join(root, `reconcile-test-${Date.now()}`);
    await fs.mkdir(folder, { recursive: true });
  });

  function records(): UploadRecord[] {
    const state = h.api.services.globalState;
    return state
      .keys()
      .filter((key) => key.startsWith(RECORD_KEY_PREFIX))
      .map((key) => state.get<UploadRecord>(key))
      .filter((record): record is UploadRecord => record !== undefined);
  }

  async function writeRecord(record: Omit<UploadRecord, 'id' | 'apiUrl' | 'region'> & { region?: string }): Promise<UploadRecord> {
    const full: UploadRecord = { id: `test-${Date.now()}-${Math.random().toString(16).slice(2)}`, apiUrl: h.sim.apiUrl, region: 'us-east', ...record };
    await h.api.services.globalState.update(RECORD_KEY_PREFIX + full.id, full);
    return full;
  }

  /** What activation runs once the token is known: here set again, as after a reload. */
  async function reconcileNow(): Promise<void> {
    await h.api.services.tokens.clear();
    await h.api.services.tokens.store(SIMULATOR_TOKEN);
  }

  async function container(label: string): Promise<ImageUploadContainer> {
    const response = await rawRequest(h.sim.apiUrl, 'POST', '/v4/images/upload', { token: SIMULATOR_TOKEN, body: { label, region: 'us-east' } });
    assert.equal(response.status, 200, response.text);
    return response.body as ImageUploadContainer;
  }

  function deletes(): string[] {
    return h.sim.requests.filter((r) => r.method === 'DELETE').map((r) => r.path);
  }

  function encoded(imageId: string): string {
    return `/v4/images/${encodeURIComponent(imageId)}`;
  }

  it('records the upload in global state while it runs (never the token), and forgets it once settled', async () => {
    const file = await writeFile(folder, 'recorded.img.gz', gzipSync(pseudoRandomBytes(8 * 1024 * 1024), { level: 1 }));
    h.sim.faults.add({ origin: 'upload', bytesPerSecond: 256 * 1024 });
    h.prompts.expect(...detailsScript('recorded upload'), { kind: 'confirm', match: /^Cancel the upload of recorded\.img\.gz\?/, answer: 'Cancel Upload' });
    const started = Date.now();
    const running = vscode.commands.executeCommand<UploadSummary | undefined>('linodeImages.uploadFile', vscode.Uri.file(file));
    await until(() => (h.sim.uploads[0]?.bytesReceived ?? 0) > 64 * 1024, 'bytes to reach the upload host', 15_000);
    const imageId = h.sim.uploads[0].imageId;
    await until(() => records()[0]?.imageId === imageId, 'the record to name the container');
    const [record] = records();
    assert.equal(records().length, 1);
    assert.equal(record.fileName, 'recorded.img.gz');
    assert.equal(record.label, 'recorded upload');
    assert.equal(record.region, 'us-east');
    assert.equal(record.apiUrl, h.sim.apiUrl);
    assert.ok(record.createStartedAt !== undefined && record.createStartedAt >= started - 1000 && record.createStartedAt <= Date.now());
    assert.ok(!JSON.stringify(record).includes(SIMULATOR_TOKEN), 'the token is never recorded');

    await vscode.commands.executeCommand('linodeImages.cancelUpload');
    assert.equal(await running, undefined);
    assert.equal(h.sim.state.images.has(imageId ?? ''), false);
    assert.deepEqual(records(), [], 'settled: nothing left to reconcile');
  });

  it('keeps an upload whose answer was lost, follows it, and says so (no retry offered, no DELETE)', async () => {
    await vscode.commands.executeCommand(VIEW_CONTAINER_COMMAND);
    usePace(h, { spacingMs: 100, perImageMs: 200 });
    const file = await writeFile(folder, 'answer-lost.img.gz', gzipSync(rawDisk(512 * 1024)));
    h.sim.faults.add({ origin: 'upload', method: 'PUT', loseAnswer: true });
    // The strict double fails on any confirm: a retry question here would be one.
    h.prompts.expect(...detailsScript('answer lost'));
    const summary = await vscode.commands.executeCommand<UploadSummary | undefined>('linodeImages.uploadFile', vscode.Uri.file(file));
    assert.ok(summary, h.prompts.messages().join(' | '));
    assert.equal(summary.confirmedDespite?.cancelled, false);
    assert.ok(
      h.prompts.messages('info').some((m) => /^Uploaded answer-lost\.img\.gz\. The connection to the upload host .* failed at \d+%.* Linode has the image all the same\. Linode is now processing "answer lost" in us-east; you will be told when it is available\.$/.test(m)),
      h.prompts.messages().join(' | '),
    );
    assert.deepEqual(deletes(), []);
    assert.deepEqual(records(), []);
    await until(() => h.prompts.messages('info').includes('Image "answer lost" is available in us-east.'), 'the image to be followed until available', 20_000);
  });

  it('finds and deletes the container of a create whose answer was lost, and names it', async () => {
    const file = await writeFile(folder, 'create-lost.img.gz', gzipSync(rawDisk(256 * 1024)));
    h.sim.faults.add({ origin: 'api', method: 'POST', path: '/images/upload', loseAnswer: true });
    h.prompts.expect(...detailsScript('create lost'));
    assert.equal(await vscode.commands.executeCommand('linodeImages.uploadFile', vscode.Uri.file(file)), undefined);
    const errors = h.prompts.messages('error');
    assert.match(errors[errors.length - 1] ?? '', /^Upload Image failed: Could not reach .*\. Linode had made the upload container private\/\d+ \("create lost"\) all the same; it was deleted\.$/);
    assert.equal([...h.sim.state.images.values()].filter((i) => i.label === 'create lost').length, 0);
    assert.deepEqual(records(), []);
  });

  it('names a container it could not check, keeps its record, and settles it on the next activation', async () => {
    const file = await writeFile(folder, 'unchecked.img.gz', gzipSync(rawDisk(256 * 1024)));
    h.sim.faults.add({ origin: 'upload', method: 'PUT', loseAnswer: true });
    h.sim.faults.add({ origin: 'api', method: 'GET', path: /^\/v4\/images\/private/, status: 503, times: Number.POSITIVE_INFINITY });
    h.prompts.expect(...detailsScript('unchecked upload'));
    assert.equal(await vscode.commands.executeCommand('linodeImages.uploadFile', vscode.Uri.file(file)), undefined);
    const imageId = h.sim.uploads[0].imageId ?? '';
    const errors = h.prompts.messages('error');
    assert.ok(
      (errors[errors.length - 1] ?? '').endsWith(
        `Whether Linode has the upload could not be checked (Service Unavailable); if it stays "pending upload", delete ${imageId} ("unchecked upload") from the Images view, or Linode removes it after 24 hours.`,
      ),
      errors.join(' | '),
    );
    assert.deepEqual(h.prompts.shown.filter((p) => p.kind === 'error').at(-1)?.actions, ['Delete Container', 'Show Image']);
    assert.deepEqual(deletes(), []);
    const [kept] = records();
    assert.equal(kept?.imageId, imageId);
    assert.equal(kept?.unresolved, true);

    h.sim.faults.clear();
    await reconcileNow();
    await until(() => records().length === 0, 'the record to be settled');
    assert.ok(
      h.prompts.messages('info').some((m) => m.startsWith('The upload of unchecked.img.gz ("unchecked upload") to us-east had reached Linode before it was interrupted')),
      h.prompts.messages().join(' | '),
    );
    assert.deepEqual(deletes(), []);
  });

  describe('records left by a window that closed mid-upload', () => {
    it('deletes a container still pending_upload and tells the user once', async () => {
      const { image } = await container('left behind');
      const record = await writeRecord({ fileName: 'left.img.gz', label: 'left behind', startedAt: Date.now() - 600_000, createStartedAt: Date.now() - 599_000, imageId: image.id, aliveAt: Date.now() - 600_000 });
      await reconcileNow();
      await until(() => !h.sim.state.images.has(image.id), 'the container to be deleted');
      await until(() => records().length === 0, 'the record to be forgotten');
      const told = h.prompts.messages().filter((m) => m.includes('left.img.gz'));
      assert.deepEqual(told, [`The upload of left.img.gz ("left behind") to us-east did not finish; its upload container ${image.id} was deleted.`]);
      assert.deepEqual(deletes(), [encoded(image.id)]);
      assert.equal(record.imageId, image.id);
    });

    it('follows an image that had reached Linode like a finished upload, and tells the user', async () => {
      await vscode.commands.executeCommand(VIEW_CONTAINER_COMMAND);
      usePace(h, { spacingMs: 100, perImageMs: 200 });
      const made = await container('reached linode');
      const url = new URL(made.upload_to);
      const put = await rawRequest(url.origin, 'PUT', `${url.pathname}${url.search}`, { body: gzipSync(rawDisk(64 * 1024)), headers: { 'Content-Type': 'application/octet-stream' } });
      assert.equal(put.status, 200);
      await writeRecord({ fileName: 'reached.img.gz', label: 'reached linode', startedAt: Date.now() - 60_000, imageId: made.image.id, aliveAt: Date.now() - 60_000, unresolved: true });
      await reconcileNow();
      await until(() => records().length === 0, 'the record to be settled');
      assert.ok(h.prompts.messages('info').some((m) => m.startsWith('The upload of reached.img.gz ("reached linode") to us-east had reached Linode before it was interrupted')), h.prompts.messages().join(' | '));
      await until(() => h.prompts.messages('info').includes('Image "reached linode" is available in us-east.'), 'the image to be followed until available', 20_000);
      assert.deepEqual(deletes(), []);
    });

    it('deletes the container a create whose answer was lost had made, found by label, region and time', async () => {
      const made = await container('create answer lost');
      await writeRecord({ fileName: 'lost-answer.img.gz', label: 'create answer lost', startedAt: Date.now() - 5_000, createStartedAt: Date.now() - 5_000, aliveAt: Date.now() - 600_000 });
      await reconcileNow();
      await until(() => records().length === 0, 'the record to be settled');
      assert.equal(h.sim.state.images.has(made.image.id), false);
      assert.ok(h.prompts.messages('info').includes(`The upload of lost-answer.img.gz ("create answer lost") to us-east did not finish; the upload container ${made.image.id} Linode had made for it was deleted.`), h.prompts.messages().join(' | '));
    });

    it('names a container it could not delete, with Show Image (its row, selected) and Delete Container (Delete Image, asked first)', async () => {
      const isSelected = (imageId: string): boolean => h.api.services.treeView.selection.some((n) => n.type === 'image' && n.entry.image.id === imageId);
      const locked = async (label: string, fileName: string): Promise<string> => {
        const { image } = await container(label);
        h.sim.faults.add({ origin: 'api', method: 'DELETE', path: encoded(image.id), status: 400, reason: 'Image is locked.' });
        await writeRecord({ fileName, label, startedAt: Date.now() - 600_000, imageId: image.id, aliveAt: Date.now() - 600_000 });
        return image.id;
      };

      const shown = await locked('locked shown', 'shown.img.gz');
      h.prompts.expect({ kind: 'warning', match: /^The upload of shown\.img\.gz \("locked shown"\) to us-east did not finish; .* could not be deleted \(Image is locked\.\)/, answer: 'Show Image' });
      await reconcileNow();
      await until(() => isSelected(shown), 'Show Image to select the container\'s row', 30_000);
      assert.deepEqual(h.prompts.shown.find((p) => p.kind === 'warning')?.actions, ['Delete Container', 'Show Image']);
      assert.equal(h.sim.state.images.get(shown)?.status, 'pending_upload', 'only shown');

      const removed = await locked('locked removed', 'removed.img.gz');
      h.prompts.expect(
        { kind: 'warning', match: /^The upload of removed\.img\.gz /, answer: 'Delete Container' },
        { kind: 'confirm', match: /^Delete the image "locked removed"\?/, answer: 'Delete' },
      );
      await reconcileNow();
      await until(() => !h.sim.state.images.has(removed), 'Delete Container to delete it once confirmed', 30_000);
      assert.equal(deletes().filter((path) => path === encoded(removed)).length, 2, 'the failed try, then the confirmed delete');
    });

    it('names several containers that could be the one, with Show Containers (the view filtered to their label)', async () => {
      const first = await container('twice made');
      const second = await container('twice made');
      await writeRecord({ fileName: 'twice.img.gz', label: 'twice made', startedAt: Date.now() - 5_000, createStartedAt: Date.now() - 5_000, aliveAt: Date.now() - 600_000 });
      h.prompts.expect({ kind: 'warning', match: /^The upload of twice\.img\.gz \("twice made"\) to us-east did not finish, and Linode lists several upload containers/, answer: 'Show Containers' });
      try {
        await reconcileNow();
        await until(() => h.api.services.tree.filter === 'twice made', 'Show Containers to filter the view', 30_000);
        assert.deepEqual(h.prompts.shown.find((p) => p.kind === 'warning')?.actions, ['Show Containers']);
        assert.ok(h.sim.state.images.has(first.image.id) && h.sim.state.images.has(second.image.id), 'neither deleted');
      } finally {
        await vscode.commands.executeCommand('linodeImages.clearFilter');
      }
    });

    it('forgets a container that is gone without a word, and leaves alone a record another window still renews', async () => {
      const other = await container('other window');
      const renewed = await writeRecord({ fileName: 'other.img.gz', label: 'other window', startedAt: Date.now(), imageId: other.image.id, aliveAt: Date.now() });
      await writeRecord({ fileName: 'gone.img.gz', label: 'gone', startedAt: Date.now() - 600_000, imageId: 'private/999999', aliveAt: Date.now() - 600_000 });
      await reconcileNow();
      await until(() => records().every((r) => r.label !== 'gone'), 'the gone record to be forgotten');
      assert.deepEqual(records().map((r) => r.id), [renewed.id]);
      assert.equal(h.sim.state.images.get(other.image.id)?.status, 'pending_upload');
      assert.deepEqual(deletes(), []);
      assert.deepEqual(h.prompts.messages().filter((m) => /gone\.img\.gz|other\.img\.gz/.test(m)), []);
    });
  });

  describe('deactivate', () => {
    it('cancels a running upload and deletes its container before it returns', async () => {
      const file = await writeFile(folder, 'closing.img.gz', gzipSync(pseudoRandomBytes(8 * 1024 * 1024), { level: 1 }));
      h.sim.faults.add({ origin: 'upload', bytesPerSecond: 256 * 1024 });
      h.prompts.expect(...detailsScript('closing window'));
      const running = vscode.commands.executeCommand<UploadSummary | undefined>('linodeImages.uploadFile', vscode.Uri.file(file));
      await until(() => (h.sim.uploads[0]?.bytesReceived ?? 0) > 64 * 1024, 'bytes to reach the upload host', 15_000);
      const imageId = h.sim.uploads[0].imageId ?? '';
      await extensionModule().deactivate();
      assert.equal(h.sim.state.images.has(imageId), false, 'deleted before deactivate returned');
      assert.deepEqual(records(), []);
      assert.equal(await running, undefined);
    });

    it('returns within its bound when the clean-up is slow, leaving the upload recorded until it is done', async () => {
      const file = await writeFile(folder, 'slow-close.img.gz', gzipSync(pseudoRandomBytes(8 * 1024 * 1024), { level: 1 }));
      h.sim.faults.add({ origin: 'upload', bytesPerSecond: 256 * 1024 });
      // Linode deletes at once but answers only after the bound.
      h.sim.faults.add({ origin: 'api', method: 'DELETE', answerDelayMs: 8_000 });
      h.prompts.expect(...detailsScript('slow close'));
      const running = vscode.commands.executeCommand<UploadSummary | undefined>('linodeImages.uploadFile', vscode.Uri.file(file));
      await until(() => (h.sim.uploads[0]?.bytesReceived ?? 0) > 64 * 1024, 'bytes to reach the upload host', 15_000);
      const imageId = h.sim.uploads[0].imageId ?? '';
      await until(() => records()[0]?.imageId === imageId, 'the record to name the container');
      const started = Date.now();
      await extensionModule().deactivate();
      assert.ok(Date.now() - started < 7_500, `deactivate took ${Date.now() - started} ms, past its 4 s bound`);
      const [left] = records();
      assert.equal(left?.imageId, imageId, 'what was not finished stays recorded for the next activation');
      assert.equal(left?.unresolved, true);
      assert.equal(await running, undefined);
      assert.deepEqual(records(), [], 'forgotten once the clean-up finished');
      assert.equal(h.sim.state.images.has(imageId), false);
    });
  });
});
