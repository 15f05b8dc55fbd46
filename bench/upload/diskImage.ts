// Writes a gzip file shaped like a compressed disk image, of an exact compressed size, fast enough for
// gigabytes: runs of incompressible data (stored deflate blocks, as gzip emits for such data), runs of
// zeros (free space) and runs of text-like data (files), the last two as pre-compressed deflate blocks.
// One gzip member, a valid CRC-32 and length: `gzip -t` accepts it.
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { constants, crc32, deflateRawSync } from 'node:zlib';

export interface GeneratedImage {
  compressedBytes: number;
  decompressedBytes: number;
  /** How much of the decompressed image is zeros, data, text. */
  mix: { zeros: number; random: number; text: number };
}

const MIB = 1024 * 1024;
const STORED_MAX = 65_535;
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0x03]);
/** An empty stored block with BFINAL set: ends the deflate stream on a byte boundary. */
const FINAL_BLOCK = Buffer.from([0x01, 0x00, 0x00, 0xff, 0xff]);

/** Deterministic per run, cheap: a 64 MiB pool of random bytes, sliced at moving offsets. */
class RandomSource {
  private readonly pool = randomBytes(64 * MIB);
  private offset = 0;

  take(length: number): Buffer {
    if (this.offset + length > this.pool.length) this.offset = (this.offset * 7 + 4099) % (this.pool.length - length);
    const slice = this.pool.subarray(this.offset, this.offset + length);
    this.offset += length;
    return slice;
  }
}

/** `length` raw bytes as stored deflate blocks (5 header bytes per block of up to 65,535). */
function storedBlocks(data: Buffer): Buffer {
  const blocks = Math.max(1, Math.ceil(data.length / STORED_MAX));
  const out = Buffer.allocUnsafe(data.length + blocks * 5);
  let at = 0;
  for (let i = 0; i < blocks; i++) {
    const piece = data.subarray(i * STORED_MAX, Math.min(data.length, (i + 1) * STORED_MAX));
    out[at] = 0x00;
    out.writeUInt16LE(piece.length, at + 1);
    out.writeUInt16LE(~piece.length & 0xffff, at + 3);
    piece.copy(out, at + 5);
    at += 5 + piece.length;
  }
  return out;
}

/** Stored blocks that take exactly `bytes` compressed bytes, filled with `source`; returns the raw data too. */
function storedExactly(bytes: number, source: RandomSource): { compressed: Buffer; raw: Buffer } {
  const blocks = Math.ceil(bytes / (STORED_MAX + 5));
  const raw = source.take(bytes - blocks * 5);
  const out = Buffer.allocUnsafe(bytes);
  let at = 0;
  let given = 0;
  for (let i = 0; i < blocks; i++) {
    const length = Math.floor((raw.length - given) / (blocks - i));
    out[at] = 0x00;
    out.writeUInt16LE(length, at + 1);
    out.writeUInt16LE(~length & 0xffff, at + 3);
    raw.copy(out, at + 5, given, given + length);
    at += 5 + length;
    given += length;
  }
  return { compressed: out, raw };
}

function textChunk(length: number): Buffer {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < length; i++) {
    const line = `/usr/share/doc/package-${i % 613}/file-${i}.txt ${(i * 2_654_435_761 >>> 0).toString(16)} mode 0644 uid ${i % 1000}\n`;
    lines.push(line);
    size += line.length;
  }
  return Buffer.from(lines.join('').slice(0, length), 'latin1');
}

/** A fresh deflate stream flushed to a byte boundary: valid anywhere in a deflate stream (no back-reference before it). */
function precompressed(raw: Buffer): { compressed: Buffer; raw: Buffer } {
  return { compressed: deflateRawSync(raw, { level: 6, finishFlush: constants.Z_SYNC_FLUSH }), raw };
}

export async function writeDiskImageGzip(file: string, compressedBytes: number): Promise<GeneratedImage> {
  const random = new RandomSource();
  const zeros = precompressed(Buffer.alloc(MIB));
  const text = precompressed(textChunk(MIB));
  const out = createWriteStream(file, { highWaterMark: 4 * MIB });
  const mix = { zeros: 0, random: 0, text: 0 };
  let crc = 0;
  let written = 0;
  let decompressed = 0;
  const write = async (compressed: Buffer, raw: Buffer, kind: keyof typeof mix): Promise<void> => {
    crc = crc32(raw, crc);
    decompressed += raw.length;
    mix[kind] += raw.length;
    written += compressed.length;
    if (!out.write(compressed)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  };

  out.write(GZIP_HEADER);
  written += GZIP_HEADER.length;
  const tail = FINAL_BLOCK.length + 8;
  // Stop the pattern with room left for one exact run of data.
  const fillFrom = compressedBytes - tail - 16 * MIB;
  for (let cycle = 0; written < fillFrom; cycle++) {
    // Averages per cycle: 7 MiB data, 1 MiB text, 1.5 MiB zeros → about 1.3× expansion, so even a
    // 4 GiB file stays under Linode's 6 GB decompressed limit.
    const dataRun = (4 + (cycle % 7)) * MIB;
    const data = random.take(dataRun);
    await write(storedBlocks(data), data, 'random');
    for (let i = 0; i < cycle % 3; i++) await write(text.compressed, text.raw, 'text');
    for (let i = 0; i < cycle % 4; i++) await write(zeros.compressed, zeros.raw, 'zeros');
  }
  const last = storedExactly(compressedBytes - tail - written, random);
  await write(last.compressed, last.raw, 'random');
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(decompressed % 2 ** 32, 4);
  out.write(FINAL_BLOCK);
  out.end(trailer);
  await new Promise<void>((resolve, reject) => {
    out.once('finish', resolve);
    out.once('error', reject);
  });
  return { compressedBytes: written + tail, decompressedBytes: decompressed, mix };
}

/**
 * Writes an uncompressed raw disk image of exactly `bytes`: a boot sector, then runs of incompressible data
 * (files already compressed), text-like data (files) and zeros (free space), about 40/20/40.
 */
export async function writeRawDiskImage(file: string, bytes: number): Promise<GeneratedImage> {
  const random = new RandomSource();
  const zeros = Buffer.alloc(MIB);
  const text = textChunk(MIB);
  const out = createWriteStream(file, { highWaterMark: 4 * MIB });
  const mix = { zeros: 0, random: 0, text: 0 };
  let written = 0;
  const write = async (data: Buffer, kind: keyof typeof mix): Promise<void> => {
    const piece = data.subarray(0, Math.min(data.length, bytes - written));
    written += piece.length;
    mix[kind] += piece.length;
    if (!out.write(piece)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  };
  const boot = Buffer.alloc(512);
  boot[510] = 0x55;
  boot[511] = 0xaa;
  await write(boot, 'zeros');
  for (let cycle = 0; written < bytes; cycle++) {
    // Per cycle, on average: 4 MiB data, 2 MiB text, 4 MiB zeros.
    for (let i = 0; i < 2 + (cycle % 5) && written < bytes; i++) await write(random.take(MIB), 'random');
    for (let i = 0; i < 1 + (cycle % 3) && written < bytes; i++) await write(text, 'text');
    for (let i = 0; i < 2 + (cycle % 5) && written < bytes; i++) await write(zeros, 'zeros');
  }
  out.end();
  await new Promise<void>((resolve, reject) => {
    out.once('finish', resolve);
    out.once('error', reject);
  });
  return { compressedBytes: 0, decompressedBytes: written, mix };
}
