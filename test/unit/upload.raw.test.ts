// Raw disk images, compressed on the way: against the simulator over real HTTP, the upload host gets bytes that
// decompress to the raw file; nothing exists at Linode while the image is measured; a file that changes between
// the two passes, a cancel in either pass and an image over the limits leave nothing behind.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { promises as fs, utimesSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { LinodeClient } from '../../src/core/api/client';
import { ImageFileError, UploadCancelledError, UploadFailedError, UploadTransferError } from '../../src/core/upload/errors';
import { checkImageFile } from '../../src/core/upload/imageFile';
import { uploadImageFile, type UploadImageOptions, type UploadStage } from '../../src/core/upload/imageUpload';
import { describeProgress, type TransferProgress } from '../../src/core/upload/progress';
import { CompressedImageBody, measureCompressedImage, RAW_BLOCK_BYTES, RAW_GZIP_LEVEL } from '../../src/core/upload/rawImage';
import { startSimulator, type Simulator } from '../../simulator';
import { fixedVhd, foreignHead, pseudoRandomBytes, rawDisk, tempDir, writeFile } from '../fixtures/diskImages';
import { rawUploadGzip } from '../support/rawGzip';
import { rejectionOf, simulatorClient } from '../support/simulatorClient';
import { until } from '../support/until';

const MIB = 1024 * 1024;

/** Everything a body gives, in order, released as it goes (as the transfer does). */
async function drain(body: CompressedImageBody): Promise<Buffer> {
  const pieces: Buffer[] = [];
  try {
    for (let chunk = await body.next(); chunk; chunk = await body.next()) {
      pieces.push(Buffer.from(chunk.data));
      chunk.release();
    }
  } finally {
    body.close();
  }
  return Buffer.concat(pieces);
}

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

describe('raw image upload', function () {
  this.timeout(60_000);
  let dir: string;

  before(async () => {
    dir = await tempDir('linode-raw-');
  });
  after(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  describe('what counts as a raw image', () => {
    it('takes .img and .raw files, and other names that start like a disk, as raw', async () => {
      const gpt = Buffer.alloc(64 * 1024);
      gpt.write('EFI PART', 512, 'latin1');
      const ext4 = Buffer.alloc(64 * 1024);
      ext4.writeUInt16LE(0xef53, 1024 + 56);
      const xfs = Buffer.alloc(64 * 1024);
      xfs.write('XFSB', 0, 'latin1');
      const files = {
        'disk.img': Buffer.alloc(8192),
        'DISK.RAW': pseudoRandomBytes(8192),
        'mbr.bin': rawDisk(8192),
        'gpt.bin': gpt,
        'ext4.dd': ext4,
        'xfs': xfs,
      };
      for (const [name, data] of Object.entries(files)) {
        const info = await checkImageFile(await writeFile(dir, `kinds/${name}`, data));
        assert.equal(info.format, 'raw', name);
        assert.equal(info.size, data.length, name);
      }
      assert.equal((await checkImageFile(await writeFile(dir, 'kinds/good.img.gz', gzipSync(rawDisk(8192))))).format, 'gzip');
    });

    it('holds a raw image to the uncompressed limit only: 5.5 GB passes the checks (its compressed size is measured later)', async () => {
      const file = path.join(dir, 'kinds/big.img');
      await fs.writeFile(file, Buffer.alloc(0));
      await fs.truncate(file, 5_500_000_000);
      try {
        const info = await checkImageFile(file);
        assert.deepEqual([info.format, info.size], ['raw', 5_500_000_000]);
      } finally {
        await fs.rm(file);
      }
    });

    it('does not take a file named as compressed, one with no disk signature, or another format for raw', async () => {
      const refusal = async (name: string, data: Buffer): Promise<ImageFileError> => {
        const error = await rejectionOf(checkImageFile(await writeFile(dir, `not/${name}`, data)), name);
        assert.ok(error instanceof ImageFileError, `${name}: ${String(error)}`);
        return error;
      };
      assert.equal((await refusal('disk.img.gz', rawDisk(8192))).problem, 'notGzip');
      assert.equal((await refusal('notes.bin', Buffer.from('just some text\n'.repeat(100)))).problem, 'notGzip');
      assert.match((await refusal('disk.img', foreignHead('qcow2'))).message, /a qcow2 image/);
      assert.match((await refusal('disk.img', Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 1, 2]))).message, /xz-compressed/);
      const vhd = await refusal('fixed.img', fixedVhd(64 * 1024));
      assert.equal(vhd.problem, 'wrongFormat');
      assert.match(vhd.message, /a fixed-size VHD image/);
    });
  });

  describe('the two passes', () => {
    for (const deflater of ['auto', 'stream'] as const) {
      it(`make the same gzip stream of level ${RAW_GZIP_LEVEL}, which decompresses to the raw file, whatever the cores (${deflater} deflater)`, async () => {
        const raw = rawDisk(5 * MIB + 123, 11);
        const file = await writeFile(dir, `passes-${deflater}.img`, raw);
        const info = await checkImageFile(file);
        // Counted on one core, sent on three: the blocks are the same, so the bytes are.
        const plan = await measureCompressedImage(info, { checkpointBytes: 64 * 1024, deflater, concurrency: 1 });
        const expected = await rawUploadGzip(raw);
        assert.deepEqual([plan.level, plan.blockBytes], [6, RAW_BLOCK_BYTES]);
        assert.equal(plan.rawBytes, raw.length);
        assert.equal(plan.compressedBytes, expected.length);
        assert.equal(plan.checkpoints.length, Math.floor(expected.length / (64 * 1024)) + 1);
        assert.equal(plan.checkpoints.at(-1), sha256(expected));
        const sent = await drain(new CompressedImageBody(info, plan, { chunkBytes: 64 * 1024, bufferCount: 3, deflater, concurrency: 3 }));
        assert.equal(sent.length, plan.compressedBytes);
        assert.ok(sent.equals(expected));
        assert.ok(gunzipSync(sent).equals(raw));
        // About the size zlib makes in one stream at the same level.
        const whole = gzipSync(raw, { level: RAW_GZIP_LEVEL }).length;
        assert.ok(Math.abs(sent.length - whole) < 1024, `${sent.length} bytes against ${whole}`);
      });
    }

    it('compress with the block size they were counted with', async () => {
      const raw = rawDisk(3 * MIB + 5, 2);
      const info = await checkImageFile(await writeFile(dir, 'blocks.img', raw));
      const plan = await measureCompressedImage(info, { blockBytes: 256 * 1024 });
      const expected = await rawUploadGzip(raw, 256 * 1024);
      assert.equal(plan.checkpoints.at(-1), sha256(expected));
      assert.ok((await drain(new CompressedImageBody(info, plan))).equals(expected));
    });

    it('withholds the last piece of a stream that differs from the one counted, and says why', async () => {
      const raw = rawDisk(3 * MIB, 3);
      const file = await writeFile(dir, 'differs.img', raw);
      const info = await checkImageFile(file);
      const plan = await measureCompressedImage(info, { checkpointBytes: 32 * 1024 });
      // Same size, different bytes near the end: the checkpoints before it pass, the next one does not.
      const changed = Buffer.from(raw);
      changed.fill(0x5a, raw.length - 64 * 1024);
      await fs.writeFile(file, changed);
      const body = new CompressedImageBody(info, plan, { chunkBytes: 16 * 1024 });
      let given = 0;
      const error = await rejectionOf(
        (async () => {
          for (let chunk = await body.next(); chunk; chunk = await body.next()) {
            given += chunk.data.length;
            chunk.release();
          }
        })(),
        'the second pass',
      );
      body.close();
      assert.ok(error instanceof UploadTransferError && error.failure === 'file', String(error));
      assert.match(error.message, /differs\.img changed after it was measured: compressing it again did not give the same bytes/);
      assert.ok(given < plan.compressedBytes, `${given} of ${plan.compressedBytes} bytes given`);
    });
  });

  describe('against the simulator', () => {
    let sim: Simulator;
    let client: LinodeClient;
    const logLines: string[] = [];

    before(async () => {
      sim = await startSimulator({ lifecycleMs: 100 });
      client = simulatorClient(sim, { retryBaseDelayMs: 10 });
    });
    after(async () => {
      await sim.close();
    });
    beforeEach(() => {
      sim.reset();
      logLines.length = 0;
    });

    function options(filePath: string, extra: Partial<UploadImageOptions> = {}): UploadImageOptions {
      return {
        api: client,
        filePath,
        request: { label: 'raw-test', region: 'us-east', tags: ['raw'] },
        log: (line) => logLines.push(line),
        ...extra,
      };
    }
    const apiRequests = (): number => sim.requests.filter((r) => r.origin === 'api').length;
    const imagesNamed = (label: string): string[] => [...sim.state.images.values()].filter((i) => i.label === label).map((i) => i.id);
    const rejection = (promise: Promise<unknown>): Promise<unknown> => rejectionOf(promise, 'the upload');

    it('measures before anything exists at Linode, then sends bytes that decompress to the raw file', async () => {
      const raw = rawDisk(6 * MIB, 5);
      const file = await writeFile(dir, 'sim/upload.img', raw);
      const stages: UploadStage[] = [];
      const phases: string[] = [];
      let apiCallsWhenCounted = -1;
      const result = await uploadImageFile(
        options(file, {
          transfer: { progressIntervalMs: 0 },
          onStage: (stage) => {
            stages.push(stage);
            if (stage === 'creating') apiCallsWhenCounted = apiRequests();
          },
          onProgress: (progress) => {
            if (phases.at(-1) !== progress.phase) phases.push(progress.phase ?? '');
          },
        }),
      );
      assert.deepEqual(stages, ['checking', 'counting', 'creating', 'uploading']);
      assert.deepEqual(phases, ['counting', 'sending']);
      assert.equal(apiCallsWhenCounted, 0, 'no API call before the counting pass ended');
      assert.equal(result.file.format, 'raw');
      const expected = await rawUploadGzip(raw);
      assert.equal(result.compression?.compressedBytes, expected.length);
      assert.equal(result.transfer?.bytesSent, expected.length);
      const [upload] = sim.uploads;
      assert.equal(upload.outcome, 'completed');
      assert.equal(upload.contentLength, expected.length);
      assert.equal(upload.bytesReceived, expected.length);
      assert.equal(upload.authorizationHeaderPresent, false);
      // The host got exactly these bytes (same SHA-256), and they decompress to the raw file.
      assert.equal(upload.sha256, sha256(expected));
      assert.ok(gunzipSync(expected).equals(raw));
      assert.equal(result.image.status, 'creating');
      assert.ok(logLines.some((line) => line.includes(`${raw.length} bytes raw compress to ${expected.length} bytes (gzip level 6)`)));
    });

    it('refuses a file that changes between the passes, and leaves no container', async () => {
      const raw = rawDisk(4 * MIB, 9);
      const file = await writeFile(dir, 'sim/changes.img', raw);
      const changed = Buffer.from(raw);
      changed.fill(0x33, 2 * MIB, 2 * MIB + 4096);
      let imageId = '';
      const error = await rejection(
        uploadImageFile(
          options(file, {
            raw: { checkpointBytes: 64 * 1024 },
            // After the count and the container, before the second pass: the same size, other bytes.
            onStage: (stage) => stage === 'uploading' && writeFileSync(file, changed),
            onContainer: (image) => (imageId = image.id),
          }),
        ),
      );
      assert.ok(error instanceof UploadFailedError, String(error));
      assert.ok(error.reason instanceof UploadTransferError && error.reason.failure === 'file');
      assert.match(error.message, /changes\.img changed after it was measured: .* The upload container private\/\d+ was deleted\./);
      assert.deepEqual(error.cleanup, { kind: 'deleted', imageId, label: 'raw-test' });
      assert.deepEqual(imagesNamed('raw-test'), []);
      assert.notEqual(sim.uploads[0]?.outcome, 'completed', 'the upload host never completed the object');
    });

    it('refuses a file that grows between the passes', async () => {
      const raw = rawDisk(2 * MIB, 4);
      const file = await writeFile(dir, 'sim/grows.img', raw);
      const error = await rejection(
        uploadImageFile(options(file, { onStage: (stage) => stage === 'uploading' && writeFileSync(file, Buffer.concat([raw, Buffer.alloc(4096)])) })),
      );
      assert.ok(error instanceof UploadFailedError && error.reason instanceof UploadTransferError && error.reason.failure === 'file', String(error));
      assert.equal(error.cleanup.kind, 'deleted');
      assert.deepEqual(imagesNamed('raw-test'), []);
    });

    it('refuses a file that changes while it is measured, before any request', async () => {
      const raw = rawDisk(8 * MIB, 6);
      const file = await writeFile(dir, 'sim/measured.img', raw);
      let touched = false;
      const error = await rejection(
        uploadImageFile(
          options(file, {
            transfer: { progressIntervalMs: 0 },
            onProgress: (progress) => {
              if (progress.phase !== 'counting' || touched || progress.bytesSent === 0) return;
              touched = true;
              const later = new Date(Date.now() + 5_000);
              utimesSync(file, later, later);
            },
          }),
        ),
      );
      assert.ok(error instanceof ImageFileError && error.problem === 'changed', String(error));
      assert.match(error.message, /measured\.img changed while it was being compressed to measure it/);
      assert.equal(apiRequests(), 0);
      assert.equal(sim.uploads.length, 0);
    });

    it('stops at a cancel while it measures: no request, no container', async () => {
      const file = await writeFile(dir, 'sim/cancel-count.img', pseudoRandomBytes(24 * MIB, 8));
      const controller = new AbortController();
      const counted: TransferProgress[] = [];
      const error = await rejection(
        uploadImageFile(
          options(file, {
            signal: controller.signal,
            transfer: { progressIntervalMs: 0 },
            onProgress: (progress) => {
              counted.push(progress);
              if (progress.bytesSent >= 2 * MIB) controller.abort();
            },
          }),
        ),
      );
      assert.ok(error instanceof UploadCancelledError, String(error));
      assert.deepEqual(error.cleanup, { kind: 'none' });
      assert.match(error.message, /Upload cancelled\. No upload container was created\./);
      assert.ok(counted.every((p) => p.phase === 'counting'));
      assert.ok(counted.at(-1)!.bytesSent < 24 * MIB, 'cancelled before the end');
      assert.equal(apiRequests(), 0);
      assert.equal(sim.uploads.length, 0);
    });

    it('deletes the container at a cancel while it sends', async () => {
      const file = await writeFile(dir, 'sim/cancel-send.img', pseudoRandomBytes(8 * MIB, 12));
      sim.faults.add({ origin: 'upload', bytesPerSecond: 512 * 1024 });
      const controller = new AbortController();
      let imageId = '';
      const upload = uploadImageFile(options(file, { signal: controller.signal, onContainer: (image) => (imageId = image.id) }));
      await until(() => (sim.uploads[0]?.bytesReceived ?? 0) > 128 * 1024, 'compressed bytes to arrive');
      controller.abort();
      const error = await rejection(upload);
      assert.ok(error instanceof UploadCancelledError, String(error));
      assert.deepEqual(error.cleanup, { kind: 'deleted', imageId, label: 'raw-test' });
      assert.deepEqual(imagesNamed('raw-test'), []);
      assert.notEqual(sim.uploads[0].outcome, 'completed');
    });

    it('refuses a 7 GB raw file before any request (sparse: nothing is read)', async () => {
      const file = path.join(dir, 'sim/huge.img');
      await fs.writeFile(file, Buffer.alloc(0));
      await fs.truncate(file, 7_000_000_000);
      try {
        const started = Date.now();
        const error = await rejection(uploadImageFile(options(file)));
        assert.ok(error instanceof ImageFileError && error.problem === 'tooLarge', String(error));
        assert.match(error.message, /huge\.img is 6\.5 GB \(7,000,000,000 bytes\) uncompressed; Linode accepts at most 6,000,000,000 bytes \(6 GB\)/);
        assert.equal(apiRequests(), 0);
        assert.equal(sim.uploads.length, 0);
        assert.ok(Date.now() - started < 30_000, 'refused without reading the file');
      } finally {
        await fs.rm(file);
      }
    });

    it('refuses, after measuring and before any request, a raw image that compresses to more than Linode accepts', async () => {
      const file = await writeFile(dir, 'sim/dense.img', pseudoRandomBytes(2 * MIB, 13));
      const error = await rejection(uploadImageFile(options(file, { maxCompressedBytes: MIB })));
      assert.ok(error instanceof ImageFileError && error.problem === 'tooLarge', String(error));
      assert.match(error.message, /dense\.img compresses to more than 1 MB \(1,048,576 bytes\), the most Linode accepts compressed/);
      assert.equal(apiRequests(), 0);
    });
  });

  it('words the counting pass in the progress text', () => {
    assert.equal(
      describeProgress({ phase: 'counting', bytesSent: 45e6, totalBytes: 100e6, fraction: 0.45, bytesPerSecond: 12.34e6, etaSeconds: 200, elapsedMs: 0 }),
      'measuring the compressed size · 45% · 11.8 MB/s · 3 min 20 s left',
    );
  });
});
