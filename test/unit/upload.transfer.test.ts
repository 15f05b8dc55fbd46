// The streaming PUT against the simulator's upload origin over real HTTP: what arrives, what is checked
// on the way, and how stalls, cancels and broken connections end it.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { CancelledError } from '../../src/core/api/errors';
import type { ImageUploadContainer } from '../../src/core/api/types';
import { UploadTransferError } from '../../src/core/upload/errors';
import { describeProgress, type TransferProgress } from '../../src/core/upload/progress';
import { sendImageFile, type TransferOptions } from '../../src/core/upload/transfer';
import { SIMULATOR_TOKEN, startSimulator, type Simulator } from '../../simulator';
import { rawRequest } from '../../simulator/rawClient';
import { corruptGzip, fixedVhd, pseudoRandomBytes, rawDisk, tempDir, writeFile } from '../fixtures/diskImages';
import { until } from '../support/until';

describe('upload transfer', function () {
  this.timeout(30_000);
  let sim: Simulator;
  let dir: string;

  before(async () => {
    sim = await startSimulator({ lifecycleMs: 60_000 });
    dir = await tempDir();
  });
  after(async () => {
    await sim.close();
    await fs.rm(dir, { recursive: true, force: true });
  });
  beforeEach(() => sim.reset());

  async function container(): Promise<ImageUploadContainer> {
    const response = await rawRequest(sim.apiUrl, 'POST', '/v4/images/upload', { token: SIMULATOR_TOKEN, body: { label: 'transfer-test', region: 'us-east' } });
    assert.equal(response.status, 200, response.text);
    return response.body as ImageUploadContainer;
  }

  async function imageFile(name: string, data: Buffer): Promise<TransferOptions['file']> {
    return { path: await writeFile(dir, name, data), name, size: data.length };
  }

  function sha256(data: Buffer): string {
    return createHash('sha256').update(data).digest('hex');
  }

  async function failure(promise: Promise<unknown>): Promise<unknown> {
    try {
      await promise;
    } catch (error) {
      return error;
    }
    assert.fail('the transfer succeeded');
  }

  it('streams the file as one PUT with Content-Type and Content-Length and no Authorization header', async () => {
    const data = gzipSync(rawDisk(3 * 1024 * 1024));
    const target = await container();
    const progress: TransferProgress[] = [];
    const result = await sendImageFile({
      url: target.upload_to,
      file: await imageFile('disk.img.gz', data),
      readChunkBytes: 64 * 1024,
      progressIntervalMs: 10,
      onProgress: (p) => progress.push(p),
    });
    assert.equal(result.bytesSent, data.length);
    assert.equal(result.status, 200);
    assert.equal(result.decompressedBytes, 3 * 1024 * 1024);
    const [upload] = sim.uploads;
    assert.equal(upload.outcome, 'completed');
    assert.equal(upload.sha256, sha256(data));
    assert.equal(upload.contentType, 'application/octet-stream');
    assert.equal(upload.contentLength, data.length);
    assert.equal(upload.authorizationHeaderPresent, false);
    const exchange = sim.requests.find((r) => r.origin === 'upload');
    assert.ok(exchange);
    assert.equal(exchange.method, 'PUT');
    assert.deepEqual(Object.keys(exchange.headers).filter((h) => /authorization|cookie/.test(h)), []);
    assert.equal(sim.state.images.get(target.image.id)?.status, 'creating');

    assert.ok(progress.length >= 2, `${progress.length} progress events`);
    assert.equal(progress[0].bytesSent, 0);
    const last = progress[progress.length - 1];
    assert.equal(last.bytesSent, data.length);
    assert.equal(last.fraction, 1);
    assert.match(describeProgress(last), /^100%/);
    for (let i = 1; i < progress.length; i++) assert.ok(progress[i].bytesSent >= progress[i - 1].bytesSent, 'progress never goes back');
  });

  it('sends the same bytes with the in-stream check off', async () => {
    const data = gzipSync(rawDisk(1024 * 1024));
    const target = await container();
    const result = await sendImageFile({ url: target.upload_to, file: await imageFile('nocheck.img.gz', data), verifyContent: false });
    assert.equal(result.decompressedBytes, undefined);
    assert.equal(sim.uploads[0].sha256, sha256(data));
  });

  it('aborts on damage found mid-stream, before the upload host has the whole file', async () => {
    const data = corruptGzip(8 * 1024 * 1024);
    const target = await container();
    const error = await failure(sendImageFile({ url: target.upload_to, file: await imageFile('corrupt.img.gz', data), readChunkBytes: 64 * 1024 }));
    assert.ok(error instanceof UploadTransferError, String(error));
    assert.equal(error.failure, 'content');
    assert.equal(error.transient, false);
    assert.match(error.message, /corrupt\.img\.gz is damaged: its gzip data is invalid within the first .*\(invalid .*\)/);
    await until(() => sim.uploads[0]?.outcome === 'aborted', 'the upload host to see the connection end');
    assert.ok(sim.uploads[0].bytesReceived < data.length);
    assert.equal(sim.state.images.get(target.image.id)?.status, 'pending_upload', 'the container never got complete data');
  });

  it('aborts when only the CRC in the trailer is wrong: the last chunk is held back until the check passes', async () => {
    const data = gzipSync(rawDisk(2 * 1024 * 1024));
    data.writeUInt32LE((data.readUInt32LE(data.length - 8) ^ 1) >>> 0, data.length - 8);
    const target = await container();
    const error = await failure(sendImageFile({ url: target.upload_to, file: await imageFile('crc.img.gz', data), readChunkBytes: 64 * 1024 }));
    assert.ok(error instanceof UploadTransferError);
    assert.match(error.message, /incorrect data check/);
    await until(() => sim.uploads[0]?.outcome === 'aborted', 'the upload to end');
    assert.ok(sim.uploads[0].bytesReceived < data.length);
    assert.equal(sim.state.images.get(target.image.id)?.status, 'pending_upload');
  });

  for (const checkYields of [false, true]) describe(`when the check is slower than the link (forced here), ${checkYields ? 'yielding to the transfer' : 'alongside it'}`, () => {
    const lagging = { checkLagBytes: 0, readChunkBytes: 64 * 1024, checkYields };

    it('lets the check read the rest of the file itself, and still checks every byte', async () => {
      const raw = rawDisk(4 * 1024 * 1024);
      const data = gzipSync(raw);
      const target = await container();
      const result = await sendImageFile({ ...lagging, url: target.upload_to, file: await imageFile('lagging.img.gz', data) });
      assert.equal(result.decompressedBytes, raw.length);
      assert.ok((result.checkedMs ?? 0) >= result.durationMs);
      assert.equal(sim.uploads[0].sha256, sha256(data));
    });

    it('finds damage while reading the file itself', async () => {
      const data = corruptGzip(8 * 1024 * 1024);
      const target = await container();
      const error = await failure(sendImageFile({ ...lagging, url: target.upload_to, file: await imageFile('lagging-corrupt.img.gz', data) }));
      assert.ok(error instanceof UploadTransferError);
      assert.equal(error.failure, 'content');
    });

    it('fails the transfer when the verdict comes after the host accepted every byte, and says so', async () => {
      const data = gzipSync(rawDisk(2 * 1024 * 1024));
      data.writeUInt32LE((data.readUInt32LE(data.length - 8) ^ 1) >>> 0, data.length - 8);
      const target = await container();
      const error = await failure(
        sendImageFile({ ...lagging, checkWaitBytes: 0, url: target.upload_to, file: await imageFile('late-verdict.img.gz', data) }),
      );
      assert.ok(error instanceof UploadTransferError);
      assert.match(error.message, /incorrect data check/);
      // Whether the verdict beat the host's answer is a race here; either way nothing succeeds.
      if (error.details.hostAccepted) assert.equal(sim.uploads[0].outcome, 'completed');
    });
  });

  it('aborts when the image decompresses to more than the limit', async () => {
    const data = gzipSync(Buffer.alloc(12 * 1024 * 1024));
    const target = await container();
    const error = await failure(
      sendImageFile({ url: target.upload_to, file: await imageFile('big.img.gz', data), maxDecompressedBytes: 8 * 1024 * 1024 }),
    );
    assert.ok(error instanceof UploadTransferError);
    assert.equal(error.failure, 'content');
    assert.match(error.message, /big\.img\.gz expands to more than 8,388,608 bytes .*more than Linode accepts for an uncompressed image/);
    assert.equal(sim.state.images.get(target.image.id)?.status, 'pending_upload');
  });

  it('refuses a fixed-size VHD, found by the footer at the very end', async () => {
    const data = gzipSync(fixedVhd(1024 * 1024));
    const target = await container();
    const error = await failure(sendImageFile({ url: target.upload_to, file: await imageFile('fixed.img.gz', data) }));
    assert.ok(error instanceof UploadTransferError);
    assert.match(error.message, /holds a fixed-size VHD image; .*qemu-img convert -O raw in\.vhd disk\.img/);
    assert.equal(sim.state.images.get(target.image.id)?.status, 'pending_upload');
  });

  it('cancels at once on abort, mid-transfer', async () => {
    const data = gzipSync(pseudoRandomBytes(16 * 1024 * 1024), { level: 1 });
    const target = await container();
    sim.faults.add({ origin: 'upload', bytesPerSecond: 512 * 1024 });
    const controller = new AbortController();
    const transfer = sendImageFile({ url: target.upload_to, file: await imageFile('slow.img.gz', data), signal: controller.signal });
    await until(() => (sim.uploads[0]?.bytesReceived ?? 0) > 256 * 1024, 'some bytes to arrive');
    const cancelledAt = Date.now();
    controller.abort();
    const error = await failure(transfer);
    assert.ok(error instanceof CancelledError, String(error));
    assert.ok(Date.now() - cancelledAt < 500, 'the promise settles at once');
    // The connection is reset, so the upload host stops reading at once too.
    await until(() => sim.uploads[0].outcome === 'aborted', 'the upload host to see the reset');
    assert.ok(sim.uploads[0].bytesReceived < data.length);
  });

  it('aborts a stalled transfer after the stall timeout, as transient', async () => {
    const data = gzipSync(pseudoRandomBytes(24 * 1024 * 1024), { level: 1 });
    const target = await container();
    // Read 1 KB a second: the socket buffers fill and then nothing more is accepted.
    sim.faults.add({ origin: 'upload', bytesPerSecond: 1024 });
    const started = Date.now();
    const error = await failure(
      sendImageFile({ url: target.upload_to, file: await imageFile('stall.img.gz', data), stallTimeoutMs: 1_500, progressIntervalMs: 100 }),
    );
    assert.ok(error instanceof UploadTransferError, String(error));
    assert.equal(error.failure, 'stall');
    assert.equal(error.transient, true);
    assert.match(error.message, /The upload stalled: the upload host 127\.0\.0\.1:\d+ accepted no data for 2 s \(at \d+%/);
    assert.ok(Date.now() - started < 15_000);
  });

  it('reports a connection the upload host drops as a transient network failure, with how far it got', async () => {
    const data = gzipSync(pseudoRandomBytes(4 * 1024 * 1024), { level: 1 });
    const target = await container();
    sim.faults.add({ origin: 'upload', dropAfterBytes: 1024 * 1024 });
    const error = await failure(sendImageFile({ url: target.upload_to, file: await imageFile('drop.img.gz', data) }));
    assert.ok(error instanceof UploadTransferError, String(error));
    assert.equal(error.failure, 'network');
    assert.equal(error.transient, true);
    assert.match(error.message, /The connection to the upload host 127\.0\.0\.1:\d+ failed at \d+%/);
    assert.equal(sim.uploads[0].outcome, 'aborted');
    assert.equal(sim.state.images.get(target.image.id)?.status, 'pending_upload');
  });

  it('classifies the upload host\'s errors: 5xx is transient, 403 is not', async () => {
    const data = gzipSync(rawDisk(64 * 1024));
    const target = await container();
    sim.faults.add({ origin: 'upload', status: 503 });
    const busy = await failure(sendImageFile({ url: target.upload_to, file: await imageFile('e503.img.gz', data) }));
    assert.ok(busy instanceof UploadTransferError);
    assert.equal(busy.transient, true);
    assert.match(busy.message, /refused the image .*HTTP 503 SlowDown/);

    const unsigned = new URL(target.upload_to);
    unsigned.searchParams.set('X-Amz-Signature', 'wrong');
    const denied = await failure(sendImageFile({ url: unsigned.href, file: await imageFile('e403.img.gz', data) }));
    assert.ok(denied instanceof UploadTransferError);
    assert.equal(denied.transient, false);
    assert.equal(denied.details.status, 403);
    assert.match(denied.message, /HTTP 403 AccessDenied \(Access Denied\)/);
    assert.ok(!denied.message.includes('X-Amz-Signature'), 'the pre-signed query never appears in a message');
  });

  it('refuses to send over plain http to a host that is not loopback, and a URL with credentials', async () => {
    const file = await imageFile('insecure.img.gz', gzipSync(rawDisk(4096)));
    for (const url of ['http://uploads.example.com/upload/x?X-Amz-Signature=1', 'https://user:pw@uploads.example.com/x', 'ftp://127.0.0.1/x']) {
      const error = await failure(sendImageFile({ url, file }));
      assert.ok(error instanceof UploadTransferError, url);
      assert.equal(error.failure, 'url');
    }
  });

  describe('with a host that refuses before the body (Expect: 100-continue)', () => {
    let server: Server;
    let bodyBytes = 0;
    let authorizationSeen = false;
    before(async () => {
      server = createServer();
      server.on('checkContinue', (req, res) => {
        authorizationSeen ||= req.headers.authorization !== undefined;
        req.on('data', (chunk: Buffer) => (bodyBytes += chunk.length));
        res.writeHead(403, { 'Content-Type': 'application/xml', Connection: 'close' });
        res.end('<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    });
    after(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('learns of the refusal without sending the file', async () => {
      const data = gzipSync(pseudoRandomBytes(8 * 1024 * 1024), { level: 1 });
      const { port } = server.address() as AddressInfo;
      const error = await failure(sendImageFile({ url: `http://127.0.0.1:${port}/upload/key?X-Amz-Signature=s`, file: await imageFile('expired.img.gz', data) }));
      assert.ok(error instanceof UploadTransferError);
      assert.match(error.message, /HTTP 403 AccessDenied \(Request has expired\)/);
      assert.equal(error.transient, false);
      assert.equal(bodyBytes, 0);
      assert.equal(authorizationSeen, false);
    });
  });
});

