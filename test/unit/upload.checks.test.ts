// The pre-flight checks on a file, before any API call: readable, gzip, within 5 GiB, a raw disk image.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { detectForeignFormat, detectVhdFooter } from '../../src/core/upload/diskFormat';
import { ImageFileError } from '../../src/core/upload/errors';
import { checkImageFile, describeSize } from '../../src/core/upload/imageFile';
import { MAX_COMPRESSED_BYTES, MAX_DECOMPRESSED_BYTES } from '../../src/core/upload/limits';
import { foreignHead, rawDisk, sparseFile, tempDir, writeFile } from '../fixtures/diskImages';

async function refusal(file: string): Promise<ImageFileError> {
  try {
    await checkImageFile(file);
  } catch (error) {
    assert.ok(error instanceof ImageFileError, `expected an ImageFileError, got ${String(error)}`);
    return error;
  }
  assert.fail(`${path.basename(file)} was accepted`);
}

describe('upload pre-flight checks', () => {
  let dir: string;
  before(async () => {
    dir = await tempDir();
  });
  after(() => fs.rm(dir, { recursive: true, force: true }));

  it('accepts a gzip-compressed raw disk and reports its size', async () => {
    const data = gzipSync(rawDisk(512 * 1024));
    const file = await writeFile(dir, 'good.img.gz', data);
    const info = await checkImageFile(file);
    assert.equal(info.size, data.length);
    assert.equal(info.name, 'good.img.gz');
  });

  it('uses the documented limits: 5 GiB compressed, 6 GB (decimal, the stricter reading) decompressed', () => {
    assert.equal(MAX_COMPRESSED_BYTES, 5_368_709_120);
    assert.equal(MAX_DECOMPRESSED_BYTES, 6_000_000_000);
  });

  it('refuses a missing file, a folder and an empty file', async () => {
    assert.match((await refusal(path.join(dir, 'missing.img.gz'))).message, /missing\.img\.gz cannot be read: it does not exist/);
    await fs.mkdir(path.join(dir, 'folder.img.gz'));
    assert.equal((await refusal(path.join(dir, 'folder.img.gz'))).problem, 'unreadable');
    const empty = await refusal(await writeFile(dir, 'empty.img.gz', Buffer.alloc(0)));
    assert.equal(empty.problem, 'empty');
  });

  it('refuses a file over 5 GiB, naming its size, without reading it (a sparse file)', async () => {
    const size = MAX_COMPRESSED_BYTES + 1024 ** 3 / 2;
    const file = await sparseFile(dir, 'huge.img.gz', size);
    const error = await refusal(file);
    assert.equal(error.problem, 'tooLarge');
    assert.match(error.message, /huge\.img\.gz is 5\.5 GB \(5,905,580,032 bytes\); Linode accepts at most 5 GB \(5,368,709,120 bytes\) compressed/);
    await fs.rm(file);
  });

  it('accepts exactly 5 GiB by size (then judges the content)', async () => {
    const file = await sparseFile(dir, 'edge.img.gz', MAX_COMPRESSED_BYTES);
    // The 1 KiB of zeros is followed by a hole of zeros: trailing zeros after a gzip member are tolerated.
    const info = await checkImageFile(file);
    assert.equal(info.size, MAX_COMPRESSED_BYTES);
    await fs.rm(file);
  });

  it('refuses a file that is not gzip, saying what it starts with', async () => {
    const error = await refusal(await writeFile(dir, 'plain.img.gz', rawDisk(8192)));
    assert.equal(error.problem, 'notGzip');
    assert.match(error.message, /not a gzip file \(it starts with 00 00, not 1f 8b\).*gzip disk\.img/);
  });

  it('names other compressors and uncompressed foreign formats', async () => {
    const xz = await refusal(await writeFile(dir, 'xz.img.gz', Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 1, 2, 3])));
    assert.match(xz.message, /is xz-compressed, not gzip/);
    const qcow = await refusal(await writeFile(dir, 'raw-qcow.img.gz', foreignHead('qcow2')));
    assert.match(qcow.message, /not gzip-compressed: it is a qcow2 image\. .*qemu-img convert -O raw in\.qcow2 disk\.img/);
  });

  it('refuses gzip with a compression method other than deflate (8)', async () => {
    const data = gzipSync(rawDisk(4096));
    data[2] = 7;
    const error = await refusal(await writeFile(dir, 'method.img.gz', data));
    assert.equal(error.problem, 'notGzip');
    assert.match(error.message, /unknown compression method \(7\)/);
  });

  it('refuses a gzip whose start is damaged', async () => {
    const data = gzipSync(rawDisk(256 * 1024));
    data.fill(0xff, 10, 400);
    const error = await refusal(await writeFile(dir, 'damaged.img.gz', data));
    assert.equal(error.problem, 'corrupt');
    assert.match(error.message, /damaged\.img\.gz is damaged: its gzip data cannot be read/);
  });

  it('refuses a truncated small gzip and one that holds nothing', async () => {
    const truncated = gzipSync(rawDisk(4096)).subarray(0, 60);
    assert.equal((await refusal(await writeFile(dir, 'short.img.gz', truncated))).problem, 'corrupt');
    assert.equal((await refusal(await writeFile(dir, 'nothing.img.gz', gzipSync(Buffer.alloc(0))))).problem, 'empty');
  });

  const conversions: Array<[Parameters<typeof foreignHead>[0], RegExp]> = [
    ['qcow2', /holds a qcow2 image; .*qemu-img convert -O raw in\.qcow2 disk\.img/],
    ['vmdk', /holds a VMDK image; .*qemu-img convert -O raw in\.vmdk disk\.img/],
    ['vmdk-descriptor', /holds a VMDK image; .*in\.vmdk/],
    ['vhd', /holds a VHD image; .*qemu-img convert -O raw in\.vhd disk\.img/],
    ['vhdx', /holds a VHDX image; .*qemu-img convert -O raw in\.vhdx disk\.img/],
    ['vdi', /holds a VirtualBox VDI image; .*in\.vdi/],
    ['iso', /holds an ISO 9660 \(CD\/DVD\) image, not a disk image; .*qemu-img convert -O raw in\.iso disk\.img/],
  ];
  for (const [format, message] of conversions) {
    it(`refuses a gzip holding ${format}, with the conversion to use`, async () => {
      const error = await refusal(await writeFile(dir, `${format}.img.gz`, gzipSync(foreignHead(format))));
      assert.equal(error.problem, 'wrongFormat');
      assert.match(error.message, message);
    });
  }

  it('finds ISO 9660 at each of its descriptor offsets', () => {
    for (const offset of [0x8001, 0x8801, 0x9001]) {
      const head = Buffer.alloc(64 * 1024);
      head.write('CD001', offset, 'latin1');
      assert.match(detectForeignFormat(head)?.description ?? '', /ISO 9660/, `offset 0x${offset.toString(16)}`);
    }
    const plain = rawDisk(64 * 1024);
    assert.equal(detectForeignFormat(plain), undefined);
  });

  it('refuses gzip inside gzip and a tar archive', async () => {
    const twice = await refusal(await writeFile(dir, 'twice.img.gz', gzipSync(gzipSync(rawDisk(8192)))));
    assert.match(twice.message, /gzip-compressed twice/);
    const tar = Buffer.alloc(10_240);
    tar.write('disk.img', 0);
    tar.write('ustar', 257, 'latin1');
    assert.match((await refusal(await writeFile(dir, 'tar.img.gz', gzipSync(tar)))).message, /a tar archive/);
  });

  it('recognises a fixed VHD by the footer in its last 512 (or 511) bytes', () => {
    const tail = Buffer.alloc(512);
    tail.write('conectix', 0, 'latin1');
    assert.match(detectVhdFooter(tail)?.description ?? '', /fixed-size VHD/);
    const old = Buffer.concat([Buffer.alloc(1), tail.subarray(0, 511)]);
    assert.ok(detectVhdFooter(old));
    assert.equal(detectVhdFooter(rawDisk(512)), undefined);
  });

  it('describes sizes with the exact byte count', () => {
    assert.equal(describeSize(5 * 1024 ** 3), '5 GB (5,368,709,120 bytes)');
    assert.equal(describeSize(1536), '1.5 KB (1,536 bytes)');
    assert.equal(describeSize(12), '12 bytes');
  });
});
