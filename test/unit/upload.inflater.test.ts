// The in-stream check's gzip decompression: Node's own verdicts on good and damaged data, from one reused buffer.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createGunzip, gzipSync } from 'node:zlib';
import { createInflater } from '../../src/core/upload/inflater';

interface Outcome {
  verdict: string;
  bytes: number;
}

/** What Node's Gunzip stream makes of the data. */
function gunzipStream(data: Buffer): Promise<Outcome> {
  return new Promise((resolve) => {
    let bytes = 0;
    const gunzip = createGunzip();
    gunzip.on('data', (chunk: Buffer) => (bytes += chunk.length));
    gunzip.on('end', () => resolve({ verdict: 'ok', bytes }));
    gunzip.on('error', (error) => resolve({ verdict: error.message, bytes }));
    gunzip.end(data);
  });
}

async function inflate(data: Buffer, pieces: number, kind: 'auto' | 'stream', outputs?: Buffer[]): Promise<Outcome> {
  let bytes = 0;
  const inflater = createInflater(64 * 1024, (chunk) => {
    bytes += chunk.length;
    outputs?.push(chunk);
  }, kind);
  try {
    const step = Math.ceil(data.length / pieces);
    for (let at = 0; at < data.length; at += step) await inflater.write(data.subarray(at, at + step), false);
    await inflater.write(Buffer.alloc(0), true);
    assert.equal(inflater.bytesConsumed, data.length);
    return { verdict: 'ok', bytes };
  } catch (error) {
    return { verdict: (error as Error).message, bytes };
  } finally {
    inflater.close();
  }
}

describe('upload check inflater', () => {
  const image = Buffer.concat([randomBytes(200_000), Buffer.alloc(1_500_000), Buffer.from('text '.repeat(20_000))]);
  const good = gzipSync(image);
  const flipped = (at: number): Buffer => {
    const copy = Buffer.from(good);
    copy[at] ^= 0xff;
    return copy;
  };
  const cases: Record<string, Buffer> = {
    'a good stream': good,
    'a wrong CRC in the trailer': flipped(good.length - 6),
    'damage in the middle': flipped(Math.floor(good.length / 2)),
    'a cut-off stream': good.subarray(0, good.length - 3),
    'two gzip members': Buffer.concat([good, gzipSync(Buffer.from('more'))]),
    'bytes after the stream': Buffer.concat([good, Buffer.from('junk')]),
    'data that is not gzip': Buffer.from('plain text, not gzip'),
    'an empty gzip': gzipSync(Buffer.alloc(0)),
  };

  for (const kind of ['auto', 'stream'] as const) {
    for (const [name, data] of Object.entries(cases)) {
      it(`gives Node's Gunzip verdict on ${name} (${kind === 'auto' ? 'reused buffer' : 'stream fallback'})`, async () => {
        const expected = await gunzipStream(data);
        for (const pieces of [1, 7]) {
          const outcome = await inflate(data, pieces, kind);
          assert.equal(outcome.verdict, expected.verdict, `${pieces} piece(s)`);
          if (expected.verdict === 'ok') assert.equal(outcome.bytes, expected.bytes, `${pieces} piece(s)`);
        }
      });
    }
  }

  it('writes every piece of output into the same buffer (no allocation per chunk)', async () => {
    const outputs: Buffer[] = [];
    const outcome = await inflate(good, 3, 'auto', outputs);
    assert.equal(outcome.verdict, 'ok');
    assert.equal(outcome.bytes, image.length);
    assert.ok(outputs.length > image.length / (64 * 1024), `${outputs.length} pieces`);
    assert.equal(new Set(outputs.map((chunk) => chunk.buffer)).size, 1);
  });

  it('stops at close, even with a write in flight', async () => {
    let bytes = 0;
    const inflater = createInflater(64 * 1024, (chunk) => (bytes += chunk.length));
    const writing = inflater.write(good, true);
    inflater.close();
    await writing;
    assert.ok(bytes < image.length, `${bytes} bytes after close`);
    await inflater.write(good, true);
    assert.ok(bytes < image.length);
  });
});
