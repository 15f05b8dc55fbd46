// Uploads reconcile instead of guessing: after a lost or late answer, a cancel at the last moment, or a create whose
// answer never came, the engine asks Linode what became of the container. Against the simulator over real HTTP;
// the assertions are on the simulator's own state and request log.
import * as assert from 'node:assert/strict';
import { appendFileSync, promises as fs } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { LinodeClient } from '../../src/core/api/client';
import type { ImageUploadContainer } from '../../src/core/api/types';
import { UploadCancelledError, UploadFailedError, UploadTransferError } from '../../src/core/upload/errors';
import { uploadImageFile, type UploadImageOptions } from '../../src/core/upload/imageUpload';
import { apiTimeMs } from '../../src/core/model/format';
import { findLostContainers } from '../../src/core/upload/reconcile';
import { SIMULATOR_TOKEN, startSimulator, type Simulator } from '../../simulator';
import { rawRequest } from '../../simulator/rawClient';
import { formatTimestamp } from '../../simulator/state';
import { pseudoRandomBytes, rawDisk, tempDir, writeFile } from '../fixtures/diskImages';
import { rejectionOf, simulatorClient } from '../support/simulatorClient';
import { until } from '../support/until';

const LABEL = 'reconcile-test';

describe('upload reconciliation', function () {
  this.timeout(30_000);
  let sim: Simulator;
  let dir: string;
  let client: LinodeClient;
  const logLines: string[] = [];

  before(async () => {
    // Long steps: an image Linode took stays `creating` for the whole test.
    sim = await startSimulator({ lifecycleMs: 60_000 });
    dir = await tempDir();
    client = makeClient();
  });
  after(async () => {
    await sim.close();
    await fs.rm(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    sim.reset();
    logLines.length = 0;
  });

  function makeClient(timeoutMs?: number): LinodeClient {
    return simulatorClient(sim, { retryBaseDelayMs: 10, timeoutMs });
  }

  function options(filePath: string, extra: Partial<UploadImageOptions> = {}): UploadImageOptions {
    return {
      api: client,
      filePath,
      request: { label: LABEL, region: 'us-east' },
      recheck: { reads: 2, intervalMs: 50 },
      log: (line) => logLines.push(line),
      ...extra,
    };
  }

  async function smallImage(name: string): Promise<string> {
    return writeFile(dir, name, gzipSync(rawDisk(512 * 1024)));
  }

  function deletes(): string[] {
    return sim.requests.filter((r) => r.method === 'DELETE').map((r) => r.path);
  }

  function imagesLabelled(label = LABEL): Array<{ id: string; status: string; regions: Array<{ region: string }> }> {
    return [...sim.state.images.values()].filter((image) => image.label === label);
  }

  const rejection = (promise: Promise<unknown>): Promise<unknown> => rejectionOf(promise, 'the upload');

  function neverAsked(): UploadImageOptions['decideRetry'] {
    return async () => assert.fail('a retry was offered for an upload Linode already has');
  }

  describe('the upload host took every byte but its answer did not arrive', () => {
    it('keeps the image when the connection is reset instead of the 200 (no DELETE, no retry offered)', async () => {
      sim.faults.add({ origin: 'upload', method: 'PUT', loseAnswer: true });
      const result = await uploadImageFile(options(await smallImage('lost.img.gz'), { decideRetry: neverAsked() }));
      assert.equal(result.transfer, undefined);
      assert.equal(result.confirmedDespite?.cancelled, false);
      assert.match(result.confirmedDespite?.reason ?? '', /The connection to the upload host .* failed at \d+%/);
      assert.equal(result.image.status, 'creating');
      assert.equal(sim.uploads.length, 1);
      assert.equal(sim.uploads[0].outcome, 'completed');
      assert.equal(sim.requests.find((r) => r.origin === 'upload')?.answerLost, true);
      assert.deepEqual(deletes(), []);
      assert.equal(sim.state.images.get(result.image.id)?.status, 'creating');
      assert.ok(logLines.some((line) => line.includes(`Linode has ${result.image.id} (creating)`)), logLines.join('\n'));
    });

    it('keeps the image when the 200 comes after the stall timeout', async () => {
      sim.faults.add({ origin: 'upload', method: 'PUT', answerDelayMs: 20_000 });
      const result = await uploadImageFile(options(await smallImage('late.img.gz'), { transfer: { stallTimeoutMs: 1_000 }, decideRetry: neverAsked() }));
      assert.match(result.confirmedDespite?.reason ?? '', /did not answer within 1 s of the last byte/);
      assert.equal(result.image.status, 'creating');
      assert.deepEqual(deletes(), []);
      assert.equal(sim.state.images.get(result.image.id)?.status, 'creating');
      assert.equal(sim.uploads[0].outcome, 'completed');
    });

    it('keeps the image when the user cancels after the upload host took every byte', async () => {
      sim.faults.add({ origin: 'upload', method: 'PUT', answerDelayMs: 20_000 });
      const controller = new AbortController();
      const upload = uploadImageFile(options(await smallImage('cancel-late.img.gz'), { signal: controller.signal }));
      await until(() => sim.uploads[0]?.outcome === 'completed', 'the upload host to take every byte');
      controller.abort();
      const result = await upload;
      assert.deepEqual(result.confirmedDespite, { cancelled: true, reason: 'the upload was cancelled after the whole file had been sent' });
      assert.deepEqual(deletes(), []);
      assert.equal(sim.state.images.get(result.image.id)?.status, 'creating');
    });

    it('names the container and deletes nothing when Linode cannot be asked what became of it', async () => {
      sim.faults.add({ origin: 'upload', method: 'PUT', loseAnswer: true });
      sim.faults.add({ origin: 'api', method: 'GET', path: /^\/v4\/images\/private/, status: 503, times: Number.POSITIVE_INFINITY });
      const error = await rejection(uploadImageFile(options(await smallImage('unknown.img.gz'))));
      assert.ok(error instanceof UploadFailedError, String(error));
      assert.equal(error.cleanup.kind, 'unchecked');
      const [image] = imagesLabelled();
      assert.match(
        error.message,
        new RegExp(
          `Whether Linode has the upload could not be checked \\(Service Unavailable\\); if it stays "pending upload", delete ${image.id} \\("${LABEL}"\\) from the Images view, or Linode removes it after 24 hours\\.$`,
        ),
      );
      assert.deepEqual(deletes(), []);
      assert.equal(image.status, 'creating', 'Linode has the image, and it was left alone');
    });
  });

  it('deletes a container Linode confirms is still pending_upload after the whole body went out (asking a few times first)', async () => {
    const data = gzipSync(rawDisk(512 * 1024));
    sim.faults.add({ origin: 'upload', method: 'PUT', dropAfterBytes: data.length });
    const error = await rejection(uploadImageFile(options(await writeFile(dir, 'dropped-at-end.img.gz', data))));
    assert.ok(error instanceof UploadFailedError, String(error));
    assert.equal(error.cleanup.kind, 'deleted');
    const imageId = sim.uploads[0].imageId ?? '';
    const path = `/v4/images/${encodeURIComponent(imageId)}`;
    const reads = sim.requests.filter((r) => r.method === 'GET' && r.path === path);
    assert.equal(reads.length, 3, 'one read and two more while it said pending_upload');
    assert.ok(reads.every((r) => (r.responseBody as { status?: string }).status === 'pending_upload'));
    assert.deepEqual(deletes(), [path]);
    assert.deepEqual(imagesLabelled(), []);
  });

  describe('the answer to POST /images/upload was lost', () => {
    it('finds the container Linode made (X-Filter on label and status, region, created since the attempt) and deletes it', async () => {
      // Two that must be left alone: the same label in another region, and an older one in the same region.
      const otherRegion = await rawRequest(sim.apiUrl, 'POST', '/v4/images/upload', { token: SIMULATOR_TOKEN, body: { label: LABEL, region: 'eu-west' } });
      const older = (await rawRequest(sim.apiUrl, 'POST', '/v4/images/upload', { token: SIMULATOR_TOKEN, body: { label: LABEL, region: 'us-east' } })).body as ImageUploadContainer;
      const olderImage = sim.state.images.get(older.image.id);
      assert.ok(olderImage);
      olderImage.created = formatTimestamp(Date.now() - 60 * 60 * 1000);
      sim.requests.length = 0;

      sim.faults.add({ origin: 'api', method: 'POST', path: '/images/upload', loseAnswer: true });
      const error = await rejection(uploadImageFile(options(await smallImage('lost-create.img.gz'))));
      assert.ok(error instanceof UploadFailedError, String(error));
      const post = sim.requests.find((r) => r.method === 'POST');
      assert.equal(post?.answerLost, true, 'the simulator made a container and lost the answer');
      assert.equal(error.cleanup.kind, 'deleted');
      assert.equal(error.cleanup.found, true);
      const madeId = error.cleanup.imageId;
      assert.match(error.message, new RegExp(`^Could not reach .*\\. Linode had made the upload container ${madeId} \\("${LABEL}"\\) all the same; it was deleted\\.$`));

      const search = sim.requests.find((r) => r.method === 'GET' && r.path.startsWith('/v4/images?'));
      assert.ok(search, 'the images were listed');
      assert.deepEqual(JSON.parse(search.headers['x-filter'] ?? '{}'), { label: LABEL, status: 'pending_upload' });
      assert.deepEqual(deletes(), [`/v4/images/${encodeURIComponent(madeId)}`]);
      assert.deepEqual(imagesLabelled().map((i) => i.id).sort(), [older.image.id, (otherRegion.body as ImageUploadContainer).image.id].sort());
      assert.equal(sim.uploads.length, 0, 'nothing was sent');
    });

    it('also when the answer comes after the request timeout', async () => {
      sim.faults.add({ origin: 'api', method: 'POST', path: '/images/upload', answerDelayMs: 10_000 });
      const error = await rejection(uploadImageFile(options(await smallImage('late-create.img.gz'), { api: makeClient(500) })));
      assert.ok(error instanceof UploadFailedError, String(error));
      assert.match(error.message, /^No answer from .* within \d+ s\. Linode had made the upload container private\/\d+ \("reconcile-test"\) all the same; it was deleted\.$/);
      assert.deepEqual(imagesLabelled(), []);
    });

    it('names the container when it cannot be deleted', async () => {
      sim.faults.add({ origin: 'api', method: 'POST', path: '/images/upload', loseAnswer: true });
      sim.faults.add({ origin: 'api', method: 'DELETE', status: 500, reason: 'Delete is broken today', times: Number.POSITIVE_INFINITY });
      const error = await rejection(uploadImageFile(options(await smallImage('stuck-create.img.gz'))));
      assert.ok(error instanceof UploadFailedError, String(error));
      const [left] = imagesLabelled();
      assert.equal(left.status, 'pending_upload');
      assert.equal(error.cleanup.kind, 'deleteFailed');
      assert.match(
        error.message,
        new RegExp(`Linode had made the upload container ${left.id} \\("${LABEL}"\\) all the same, and it could not be deleted \\(Delete is broken today\\); delete it from the Images view, or Linode removes it after 24 hours\\.$`),
      );
    });

    it('names the label when the search itself fails', async () => {
      sim.faults.add({ origin: 'api', method: 'POST', path: '/images/upload', loseAnswer: true });
      sim.faults.add({ origin: 'api', method: 'GET', path: '/images', status: 503, times: Number.POSITIVE_INFINITY });
      const error = await rejection(uploadImageFile(options(await smallImage('blind-create.img.gz'))));
      assert.ok(error instanceof UploadFailedError, String(error));
      assert.equal(error.cleanup.kind, 'searchFailed');
      assert.match(error.message, /Whether Linode made an upload container could not be checked \(Service Unavailable\); if an image "reconcile-test" shows as "pending upload", delete it from the Images view, or Linode removes it after 24 hours\.$/);
      assert.deepEqual(deletes(), []);
    });

    it('does not look for a container when Linode refused the create', async () => {
      sim.faults.add({ origin: 'api', method: 'POST', path: '/images/upload', status: 400, reason: 'Bad request' });
      const error = await rejection(uploadImageFile(options(await smallImage('refused.img.gz'))));
      assert.ok(!(error instanceof UploadFailedError), String(error));
      assert.equal(sim.requests.filter((r) => r.method === 'GET').length, 0);
    });

    it('leaves containers alone when it cannot tell which one is its own', async () => {
      const rival = (await rawRequest(sim.apiUrl, 'POST', '/v4/images/upload', { token: SIMULATOR_TOKEN, body: { label: LABEL, region: 'us-east' } })).body as ImageUploadContainer;
      sim.faults.add({ origin: 'api', method: 'POST', path: '/images/upload', loseAnswer: true });
      const error = await rejection(uploadImageFile(options(await smallImage('rival.img.gz'))));
      assert.ok(error instanceof UploadFailedError, String(error));
      assert.equal(error.cleanup.kind, 'several');
      assert.match(error.message, new RegExp(`several upload containers "${LABEL}" made just now \\(.*${rival.image.id}.*\\)`));
      assert.deepEqual(deletes(), []);
    });
  });

  it('says a file that grew while it was sent changed (finish writing it), not that it is damaged', async () => {
    const whole = gzipSync(pseudoRandomBytes(3 * 1024 * 1024), { level: 1 });
    const half = whole.subarray(0, 1024 * 1024);
    const file = await writeFile(dir, 'growing.img.gz', half);
    // Still being written once the upload is under way (checked, container made): what is sent stops mid-stream.
    const error = await rejection(uploadImageFile(options(file, { onContainer: () => appendFileSync(file, whole.subarray(half.length)) })));
    assert.ok(error instanceof UploadFailedError, String(error));
    assert.ok(error.reason instanceof UploadTransferError && error.reason.failure === 'file', String(error.reason));
    assert.match(error.message, /^growing\.img\.gz changed while it was being sent \(1,048,576 bytes when the upload started, 3,\d{3},\d{3} bytes now\), so what was sent is not a complete image\. Finish writing the file, then upload it again\. The upload container private\/\d+ was deleted\.$/);
    assert.doesNotMatch(error.message, /damaged|compress/i);
    assert.deepEqual(imagesLabelled(), []);
  });

  it('a cancel before any byte went out deletes the container without asking Linode first', async () => {
    const controller = new AbortController();
    const error = await rejection(
      uploadImageFile(options(await smallImage('early-cancel.img.gz'), { signal: controller.signal, onContainer: () => controller.abort() })),
    );
    assert.ok(error instanceof UploadCancelledError, String(error));
    assert.equal(error.cleanup.kind, 'deleted');
    assert.equal(sim.requests.filter((r) => r.method === 'GET').length, 0);
    assert.deepEqual(imagesLabelled(), []);
  });

  describe('findLostContainers', () => {
    it('reads Linode times as UTC and allows for clock skew', async () => {
      assert.equal(apiTimeMs('2024-05-01T12:00:00'), Date.UTC(2024, 4, 1, 12));
      assert.equal(apiTimeMs('2024-05-01T12:00:00Z'), Date.UTC(2024, 4, 1, 12));
      assert.equal(apiTimeMs(null), undefined);
      const made = (await rawRequest(sim.apiUrl, 'POST', '/v4/images/upload', { token: SIMULATOR_TOKEN, body: { label: LABEL, region: 'us-east' } })).body as ImageUploadContainer;
      // Linode's clock two minutes behind ours: still found.
      sim.state.images.get(made.image.id)!.created = formatTimestamp(Date.now() - 2 * 60 * 1000);
      assert.deepEqual((await findLostContainers(client, { label: LABEL, region: 'us-east' }, Date.now())).map((i) => i.id), [made.image.id]);
      assert.deepEqual(await findLostContainers(client, { label: LABEL, region: 'us-east' }, Date.now() + 10 * 60 * 1000), [], 'made long before the attempt');
    });
  });
});

