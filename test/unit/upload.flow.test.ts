// The whole upload against the simulator (API and upload origin) over real HTTP: a bad file creates no
// container, and a cancel or a failure never leaves one behind.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { LinodeClient } from '../../src/core/api/client';
import { ImageFileError, UploadCancelledError, UploadFailedError, UploadTransferError } from '../../src/core/upload/errors';
import { uploadImageFile, type UploadImageOptions, type UploadStage } from '../../src/core/upload/imageUpload';
import { SIMULATOR_TOKEN, startSimulator, type Simulator } from '../../simulator';
import { corruptGzip, foreignHead, pseudoRandomBytes, rawDisk, sparseFile, tempDir, writeFile } from '../fixtures/diskImages';
import { rejectionOf, simulatorClient } from '../support/simulatorClient';
import { until } from '../support/until';

describe('upload flow', function () {
  this.timeout(30_000);
  let sim: Simulator;
  let dir: string;
  let client: LinodeClient;
  const logLines: string[] = [];

  before(async () => {
    sim = await startSimulator({ lifecycleMs: 100 });
    dir = await tempDir();
    client = simulatorClient(sim, { retryBaseDelayMs: 10 });
  });
  after(async () => {
    await sim.close();
    await fs.rm(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    sim.reset();
    logLines.length = 0;
  });

  function options(filePath: string, extra: Partial<UploadImageOptions> = {}): UploadImageOptions {
    return {
      api: client,
      filePath,
      request: { label: 'flow-test', region: 'us-east', description: 'from the flow test', tags: ['test'], cloud_init: true },
      log: (line) => logLines.push(line),
      ...extra,
    };
  }

  function containerPosts(): number {
    return sim.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/v4/images/upload')).length;
  }

  function privateImagesNamed(label: string): string[] {
    return [...sim.state.images.values()].filter((i) => i.label === label).map((i) => i.id);
  }

  const rejection = (promise: Promise<unknown>): Promise<unknown> => rejectionOf(promise, 'the upload');

  it('checks, creates the container, sends the bytes, and returns the image as Linode now reports it', async () => {
    const data = gzipSync(rawDisk(2 * 1024 * 1024));
    const file = await writeFile(dir, 'flow.img.gz', data);
    const stages: UploadStage[] = [];
    const result = await uploadImageFile(options(file, { onStage: (stage) => stages.push(stage) }));
    assert.deepEqual(stages, ['checking', 'creating', 'uploading']);
    assert.equal(result.attempts, 1);
    assert.equal(result.image.status, 'creating');
    assert.equal(result.image.label, 'flow-test');
    assert.deepEqual(result.image.tags, ['test']);
    assert.ok(result.image.capabilities.includes('cloud-init'));
    const [upload] = sim.uploads;
    assert.equal(upload.imageId, result.image.id);
    assert.equal(upload.sha256, createHash('sha256').update(data).digest('hex'));
    assert.equal(upload.authorizationHeaderPresent, false);
    sim.settle();
    assert.equal((await client.getImage(result.image.id)).status, 'available');
  });

  it('creates no container for a file that fails the checks', async () => {
    const files = [
      await writeFile(dir, 'plain.img.gz', rawDisk(4096)),
      await writeFile(dir, 'qcow.img.gz', gzipSync(foreignHead('qcow2'))),
      await sparseFile(dir, 'huge.img.gz', 6 * 1024 ** 3),
    ];
    for (const file of files) {
      const error = await rejection(uploadImageFile(options(file)));
      assert.ok(error instanceof ImageFileError, String(error));
    }
    assert.equal(sim.requests.filter((r) => r.origin === 'api').length, 0, 'no API call at all');
    assert.equal(sim.uploads.length, 0);
    await fs.rm(files[2]);
  });

  it('deletes the container when the user cancels mid-transfer', async () => {
    const data = gzipSync(pseudoRandomBytes(16 * 1024 * 1024), { level: 1 });
    const file = await writeFile(dir, 'cancel.img.gz', data);
    sim.faults.add({ origin: 'upload', bytesPerSecond: 512 * 1024 });
    const controller = new AbortController();
    let imageId = '';
    const upload = uploadImageFile(options(file, { signal: controller.signal, onContainer: (image) => (imageId = image.id) }));
    await until(() => (sim.uploads[0]?.bytesReceived ?? 0) > 128 * 1024, 'bytes to arrive');
    controller.abort();
    const error = await rejection(upload);
    assert.ok(error instanceof UploadCancelledError, String(error));
    assert.deepEqual(error.cleanup, { kind: 'deleted', imageId, label: 'flow-test' });
    assert.match(error.message, new RegExp(`Upload cancelled\\. The upload container ${imageId} was deleted\\.`));
    assert.equal(sim.state.images.has(imageId), false);
    assert.ok(sim.requests.some((r) => r.method === 'DELETE' && r.path === `/v4/images/${encodeURIComponent(imageId)}`));
  });

  it('deletes the container when the data turns out damaged, without offering a retry', async () => {
    const file = await writeFile(dir, 'corrupt.img.gz', corruptGzip(4 * 1024 * 1024));
    let asked = false;
    const error = await rejection(uploadImageFile(options(file, { decideRetry: async () => (asked = true) })));
    assert.ok(error instanceof UploadFailedError, String(error));
    assert.ok(error.reason instanceof UploadTransferError && error.reason.failure === 'content');
    assert.equal(asked, false);
    assert.equal(error.cleanup.kind, 'deleted');
    assert.match(error.message, /is damaged: .* The upload container private\/\d+ was deleted\./);
    assert.deepEqual(privateImagesNamed('flow-test'), []);
  });

  it('never deletes an image Linode took, even when the bad verdict of the check comes after the last byte: it names it', async () => {
    const data = gzipSync(rawDisk(2 * 1024 * 1024));
    data.writeUInt32LE((data.readUInt32LE(data.length - 8) ^ 1) >>> 0, data.length - 8);
    const file = await writeFile(dir, 'late.img.gz', data);
    const error = await rejection(uploadImageFile(options(file, { transfer: { checkLagBytes: 0, checkWaitBytes: 0, readChunkBytes: 64 * 1024 } })));
    assert.ok(error instanceof UploadFailedError, String(error));
    assert.equal(sim.requests.filter((r) => r.method === 'DELETE').length, error.cleanup.kind === 'deleted' ? 1 : 0);
    if (sim.uploads[0].outcome === 'completed') {
      // The host had every byte: Linode has the image, which stays, named in the message.
      assert.equal(error.cleanup.kind, 'keptAccepted');
      assert.match(error.message, /is damaged: .* Linode had already taken the whole file as private\/\d+ \("flow-test"\) \((creating|available)\), so it was not deleted/);
      assert.equal(privateImagesNamed('flow-test').length, 1);
    } else {
      // The verdict came before the host completed the object: nothing was accepted, and the container goes.
      assert.equal(error.cleanup.kind, 'deleted');
      assert.deepEqual(privateImagesNamed('flow-test'), []);
    }
  });

  it('retries once after a dropped connection when the caller chooses to, with the same URL', async () => {
    const data = gzipSync(pseudoRandomBytes(2 * 1024 * 1024), { level: 1 });
    const file = await writeFile(dir, 'retry.img.gz', data);
    sim.faults.add({ origin: 'upload', dropAfterBytes: 512 * 1024 });
    const questions: string[] = [];
    const result = await uploadImageFile(
      options(file, {
        decideRetry: async (failure) => {
          questions.push(failure.message);
          return true;
        },
      }),
    );
    assert.equal(result.attempts, 2);
    assert.equal(questions.length, 1);
    assert.match(questions[0], /The connection to the upload host .* failed at \d+%/);
    assert.deepEqual(sim.uploads.map((u) => u.outcome), ['aborted', 'completed']);
    assert.equal(sim.uploads[0].path, sim.uploads[1].path);
    assert.equal(sim.uploads[1].sha256, createHash('sha256').update(data).digest('hex'));
    assert.equal(result.image.status, 'creating');
  });

  it('retries only once: a second failure deletes the container', async () => {
    const file = await writeFile(dir, 'twice.img.gz', gzipSync(pseudoRandomBytes(2 * 1024 * 1024), { level: 1 }));
    sim.faults.add({ origin: 'upload', dropAfterBytes: 256 * 1024, times: 2 });
    let asked = 0;
    const error = await rejection(uploadImageFile(options(file, { decideRetry: async () => ++asked > 0 })));
    assert.ok(error instanceof UploadFailedError);
    assert.equal(asked, 1);
    assert.equal(error.cleanup.kind, 'deleted');
    assert.equal(sim.uploads.length, 2);
    assert.deepEqual(privateImagesNamed('flow-test'), []);
  });

  it('deletes the container when the caller declines the retry, and says so', async () => {
    const file = await writeFile(dir, 'decline.img.gz', gzipSync(pseudoRandomBytes(1024 * 1024), { level: 1 }));
    sim.faults.add({ origin: 'upload', status: 500 });
    const error = await rejection(uploadImageFile(options(file, { decideRetry: async () => false })));
    assert.ok(error instanceof UploadFailedError);
    assert.match(error.message, /HTTP 500 InternalError.* The upload container private\/\d+ was deleted\./);
    assert.deepEqual(privateImagesNamed('flow-test'), []);
  });

  it('does not offer a retry when the upload URL is no longer good (the upload host refused it)', async () => {
    const file = await writeFile(dir, 'denied.img.gz', gzipSync(rawDisk(256 * 1024)));
    sim.faults.add({ origin: 'upload', status: 403 });
    let asked = false;
    const error = await rejection(uploadImageFile(options(file, { decideRetry: async () => (asked = true) })));
    assert.ok(error instanceof UploadFailedError);
    assert.equal(asked, false);
    assert.deepEqual(privateImagesNamed('flow-test'), []);
  });

  it('says so when the container cannot be deleted, naming it', async () => {
    const file = await writeFile(dir, 'stuck.img.gz', corruptGzip(2 * 1024 * 1024));
    sim.faults.add({ origin: 'api', method: 'DELETE', status: 500, reason: 'Delete is broken today', times: Number.POSITIVE_INFINITY });
    const error = await rejection(uploadImageFile(options(file)));
    assert.ok(error instanceof UploadFailedError);
    assert.equal(error.cleanup.kind, 'deleteFailed');
    assert.match(error.message, /The upload container private\/\d+ \("flow-test"\) could not be deleted \(Delete is broken today\); delete it from the Images view, or Linode removes it after 24 hours\./);
    assert.equal(sim.requests.filter((r) => r.method === 'DELETE').length, 3, 'tried three times');
  });

  it('refuses an upload_to that is not https (and not loopback), and deletes the container', async () => {
    const file = await writeFile(dir, 'insecure.img.gz', gzipSync(rawDisk(64 * 1024)));
    const insecure: UploadImageOptions['api'] = {
      createUploadContainer: async (request) => {
        const container = await client.createUploadContainer(request);
        return { ...container, upload_to: container.upload_to.replace(/^http:\/\/127\.0\.0\.1/, 'http://uploads.example.com') };
      },
      getImage: (id) => client.getImage(id),
      deleteImage: (id) => client.deleteImage(id),
      listImagesFiltered: (filter) => client.listImagesFiltered(filter),
    };
    const error = await rejection(uploadImageFile(options(file, { api: insecure })));
    assert.ok(error instanceof UploadFailedError);
    assert.match(error.message, /not https \(http:\/\/uploads\.example\.com:\d+\)/);
    assert.equal(error.cleanup.kind, 'deleted');
    assert.equal(sim.uploads.length, 0);
    assert.ok(containerPosts() === 1);
  });

  it('never logs the pre-signed query of the upload URL', async () => {
    const file = await writeFile(dir, 'log.img.gz', gzipSync(rawDisk(64 * 1024)));
    await uploadImageFile(options(file));
    assert.ok(logLines.length > 0);
    assert.ok(logLines.every((line) => !line.includes('X-Amz-Signature') && !line.includes(SIMULATOR_TOKEN)), logLines.join('\n'));
  });
});

