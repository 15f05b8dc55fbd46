// The gzip stream a raw upload makes of an image (the same settings, from memory): the bytes both of its passes
// must make, and the upload host must get.
import { ParallelGzip } from '../../src/core/upload/deflater';
import { RAW_BLOCK_BYTES, RAW_GZIP_LEVEL } from '../../src/core/upload/rawImage';

export async function rawUploadGzip(raw: Buffer, blockBytes = RAW_BLOCK_BYTES): Promise<Buffer> {
  const pieces: Buffer[] = [];
  const gzip = new ParallelGzip({ level: RAW_GZIP_LEVEL, blockBytes }, (piece) => void pieces.push(Buffer.from(piece)));
  await gzip.run(raw.length, async (into, position) => void raw.copy(into, 0, position, position + into.length));
  return Buffer.concat(pieces);
}
