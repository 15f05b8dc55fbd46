// Raw images' compression, blocks in parallel as one gzip member: gunzip and node:zlib get the input back
// exactly, at every size around the block boundaries; the bytes depend on the input and the settings only (not
// on the cores, the timing or the native handle); memory is the slots it says; a close, a failed read and a
// failed sink stop it.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as zlib from 'node:zlib';
import { BlockBuffers, crc32Table, ParallelGzip, type ParallelGzipOptions } from '../../src/core/upload/deflater';
import { createInflater } from '../../src/core/upload/inflater';
import { pseudoRandomBytes, rawDisk } from '../fixtures/diskImages';
import { rejectionOf } from '../support/simulatorClient';
import { sleep, until } from '../support/until';

const KIB = 1024;
const BLOCK = 64 * KIB;

/** Compresses `data` from memory; returns the whole stream, every piece as given (copied), and the blocks' buffers. */
async function compress(data: Buffer, options: ParallelGzipOptions & { blockBytes?: number; level?: number } = {}): Promise<{ gz: Buffer; pieces: Buffer[]; buffers: Set<ArrayBufferLike> }> {
  const pieces: Buffer[] = [];
  const buffers = new Set<ArrayBufferLike>();
  const gzip = new ParallelGzip({ level: options.level ?? 6, blockBytes: options.blockBytes ?? BLOCK }, (piece) => {
    // The header's and the trailer's are small; a block's output comes from a slot.
    if (piece.buffer.byteLength >= BLOCK) buffers.add(piece.buffer);
    pieces.push(Buffer.from(piece));
  }, options);
  await gzip.run(data.length, async (into, position) => {
    data.copy(into, 0, position, position + into.length);
  });
  return { gz: Buffer.concat(pieces), pieces, buffers };
}

/** What the upload's own check (Node's Gunzip verdicts, one member, nothing after it) makes of a stream. */
async function checkedBytes(gz: Buffer): Promise<Buffer> {
  const out: Buffer[] = [];
  const inflater = createInflater(64 * KIB, (piece) => out.push(Buffer.from(piece)));
  try {
    await inflater.write(gz, true);
  } finally {
    inflater.close();
  }
  return Buffer.concat(out);
}

const hasGzip = spawnSync('gzip', ['--version']).status === 0;
const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

/** Incompressible data, zeros and text in turn, in runs that do not line up with the blocks. */
function mixed(length: number): Buffer {
  const data = Buffer.alloc(length);
  const noise = pseudoRandomBytes(length, 21);
  for (let offset = 0, run = 0; offset < length; run++) {
    const runLength = Math.min(length - offset, 5_000 + ((run * 7_919) % 90_000));
    if (run % 3 === 0) noise.copy(data, offset, offset, offset + runLength);
    else if (run % 3 === 1) data.write(`line ${run} at ${offset}\n`.repeat(Math.ceil(runLength / 12)).slice(0, runLength), offset, 'latin1');
    offset += runLength;
  }
  return data;
}

describe('raw image compression, blocks in parallel', function () {
  this.timeout(60_000);

  const sizes: Record<string, number> = {
    'an empty file': 0,
    'one byte': 1,
    'less than the dictionary': 32 * KIB - 1,
    'less than one block': BLOCK - 1,
    'exactly one block': BLOCK,
    'one block and a byte': BLOCK + 1,
    'exactly three blocks': 3 * BLOCK,
    'an odd size over several blocks': 7 * BLOCK + 4_097,
  };

  for (const kind of ['auto', 'stream'] as const) {
    for (const [name, size] of Object.entries(sizes)) {
      it(`gives back ${name} exactly, through node:zlib, gunzip and the upload's check (${kind === 'auto' ? 'native handle' : 'deflateRaw'})`, async function () {
        const data = mixed(size);
        const { gz } = await compress(data, { kind, concurrency: 3 });
        assert.ok(zlib.gunzipSync(gz).equals(data), 'node:zlib');
        assert.ok((await checkedBytes(gz)).equals(data), 'the upload check');
        if (hasGzip) {
          const gunzip = spawnSync('gzip', ['-dc'], { input: gz, maxBuffer: 64 * 1024 * 1024 });
          assert.equal(gunzip.status, 0, gunzip.stderr.toString());
          assert.ok(gunzip.stdout.equals(data), 'gunzip');
        }
      });
    }
  }

  it('gives back incompressible data and zeros, each over many blocks', async () => {
    for (const data of [pseudoRandomBytes(9 * BLOCK + 17, 3), Buffer.alloc(9 * BLOCK + 17), rawDisk(11 * BLOCK + 333, 5)]) {
      const { gz } = await compress(data, { concurrency: 2 });
      assert.ok(zlib.gunzipSync(gz).equals(data));
      assert.ok((await checkedBytes(gz)).equals(data));
    }
  });

  it('makes the same bytes every time, whatever the concurrency and the path through zlib', async () => {
    const data = mixed(13 * BLOCK + 999);
    const first = await compress(data, { concurrency: 3 });
    const runs = [
      await compress(data, { concurrency: 3 }),
      await compress(data, { concurrency: 1 }),
      await compress(data, { concurrency: 5 }),
      // zlib's own preset dictionary: at level 6 every string is hashed as the dictionary is compressed, so
      // priming by compression leaves zlib as deflateSetDictionary does.
      await compress(data, { concurrency: 2, kind: 'stream' }),
    ];
    for (const run of runs) assert.equal(sha256(run.gz), sha256(first.gz));
    // …and the settings do change them.
    assert.notEqual(sha256((await compress(data, { blockBytes: 2 * BLOCK })).gz), sha256(first.gz));
    assert.notEqual(sha256((await compress(data, { level: 5 })).gz), sha256(first.gz));
  });

  it('writes one plain gzip member: no name, no time, the CRC-32 and length of the input', async () => {
    const data = mixed(5 * BLOCK + 5);
    const { gz } = await compress(data);
    assert.deepEqual([...gz.subarray(0, 10)], [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
    assert.equal(gz.readUInt32LE(gz.length - 8), zlib.crc32(data));
    assert.equal(gz.readUInt32LE(gz.length - 4), data.length);
    // One deflate stream from the header to the trailer, ended once.
    assert.ok(zlib.inflateRawSync(gz.subarray(10, gz.length - 8)).equals(data));
    // About what zlib makes in one stream: the cuts cost a few bytes each.
    const whole = zlib.gzipSync(data, { level: 6 }).length;
    assert.ok(Math.abs(gz.length - whole) < 64 * 6, `${gz.length} against ${whole} in one stream`);
  });

  it('computes the CRC-32 in JavaScript as zlib does, where zlib has none', () => {
    assert.equal(crc32Table(Buffer.from('123456789')), 0xcbf43926);
    assert.equal(crc32Table(Buffer.alloc(0)), 0);
    const data = pseudoRandomBytes(100_003, 9);
    assert.equal(crc32Table(data), zlib.crc32(data));
    assert.equal(crc32Table(data.subarray(50_000), crc32Table(data.subarray(0, 50_000))), zlib.crc32(data));
  });

  it('gives its output from reused buffers: as many as its slots, whatever the size', async () => {
    const { buffers, pieces } = await compress(mixed(40 * BLOCK), { concurrency: 2 });
    assert.ok(pieces.length >= 40, `${pieces.length} pieces`);
    // At most 2 × 2 + 2 slots.
    assert.ok(buffers.size >= 1 && buffers.size <= 6, `${buffers.size} buffers`);
  });

  it('hands its buffers to the next compression once done (the second pass allocates none), not after a close', async () => {
    const data = mixed(20 * BLOCK);
    const buffers = new BlockBuffers();
    const first = await compress(data, { concurrency: 2, buffers });
    // Every slot it made (at most 2 × 2 + 2) is handed on.
    assert.equal(buffers.slots.length, first.buffers.size);
    assert.ok(first.buffers.size >= 1 && first.buffers.size <= 6, `${first.buffers.size} slots`);
    const second = await compress(data, { concurrency: 2, buffers });
    assert.ok(second.gz.equals(first.gz));
    assert.deepEqual([...second.buffers].filter((buffer) => !first.buffers.has(buffer)), []);

    const closing = new BlockBuffers();
    const gzip: ParallelGzip = new ParallelGzip({ level: 6, blockBytes: BLOCK }, () => gzip.close(), { concurrency: 2, buffers: closing });
    await gzip.run(data.length, async (into, position) => void data.copy(into, 0, position, position + into.length));
    assert.equal(closing.slots.length, 0);
  });

  it('reads ahead only as far as its slots while the sink waits', async () => {
    const data = mixed(30 * BLOCK);
    const read: number[] = [];
    let release: (() => void) | undefined;
    let given = 0;
    const gzip = new ParallelGzip({ level: 6, blockBytes: BLOCK }, () => {
      given++;
      // Hold the first block's output (the header is the first piece).
      if (given === 2) return new Promise<void>((resolve) => (release = resolve));
      return undefined;
    }, { concurrency: 2 });
    const running = gzip.run(data.length, async (into, position) => {
      read.push(position / BLOCK);
      data.copy(into, 0, position, position + into.length);
    });
    await until(() => release !== undefined && read.length >= 6, 'six blocks read');
    // Give it every chance to read further, if it would.
    await sleep(200);
    assert.equal(read.length, 6, `read ${read.join(', ')} while the first block was held`);
    release?.();
    await running;
    assert.equal(read.length, 30);
  });

  it('stops at close: no more reads, no more output, even with blocks in compression', async () => {
    const data = mixed(40 * BLOCK);
    let pieces = 0;
    let reads = 0;
    let closedAt = -1;
    const gzip: ParallelGzip = new ParallelGzip({ level: 6, blockBytes: BLOCK }, () => {
      pieces++;
      if (pieces === 3) {
        gzip.close();
        closedAt = reads;
      }
    }, { concurrency: 3 });
    await gzip.run(data.length, async (into, position) => {
      reads++;
      data.copy(into, 0, position, position + into.length);
    });
    assert.equal(pieces, 3);
    assert.ok(reads <= closedAt + 1, `${reads} reads, ${closedAt} when closed`);
    assert.ok(reads < 40);
  });

  it('fails with a read’s error, or the sink’s, and stops', async () => {
    const data = mixed(20 * BLOCK);
    let reads = 0;
    const readError = await rejectionOf(
      new ParallelGzip({ level: 6, blockBytes: BLOCK }, () => undefined, { concurrency: 2 }).run(data.length, async (into, position) => {
        if (++reads === 5) throw new Error('the disk went away');
        data.copy(into, 0, position, position + into.length);
      }),
      'a failed read',
    );
    assert.match(String(readError), /the disk went away/);
    assert.equal(reads, 5);

    let pieces = 0;
    reads = 0;
    const sinkError = await rejectionOf(
      new ParallelGzip({ level: 6, blockBytes: BLOCK }, () => {
        if (++pieces === 4) throw new Error('the sink refused');
      }, { concurrency: 2 }).run(data.length, async (into, position) => {
        reads++;
        data.copy(into, 0, position, position + into.length);
      }),
      'a failed sink',
    );
    assert.match(String(sinkError), /the sink refused/);
    assert.equal(pieces, 4);
    assert.ok(reads < 20, `${reads} reads`);
  });

  it('refuses blocks shorter than the dictionary', () => {
    assert.throws(() => new ParallelGzip({ level: 6, blockBytes: 16 * KIB }, () => undefined));
  });
});
