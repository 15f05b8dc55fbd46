// One upload through the extension's upload engine, in a process of its own so its memory can be measured:
// RSS before the transfer (after start-up), and the peak during it (sampled, and the kernel's max RSS).
//   node out/bench/upload/engineWorker.js <file> <url> <check: on|off|raw>
// `raw`: the file is a raw disk image, measured (compressed once to count) then compressed again as it is sent.
//   node out/bench/upload/engineWorker.js <file> - verify
// `verify` (not timed): compresses the raw image as the upload does and feeds the body to `gzip -dc`, to show
// that gunzip gives back the raw file (the SHA-256 of what each side saw).
// Prints one JSON line.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { messageOf } from '../../src/core/api/errors';
import { checkImageFile } from '../../src/core/upload/imageFile';
import { CompressedImageBody, measureCompressedImage } from '../../src/core/upload/rawImage';
import { sendImageFile } from '../../src/core/upload/transfer';

export interface EngineRun {
  bytes: number;
  /** Until the upload host accepted the object. */
  transferMs: number;
  /** Until the in-stream check's verdict (undefined with the check off). */
  checkedMs: number | undefined;
  checkMs: number;
  baselineRss: number;
  peakSampledRss: number;
  /** The kernel's high-water mark since the baseline (VmHWM after a reset, on Linux), so nothing between samples is missed. */
  peakRss: number;
  decompressedBytes: number | undefined;
  /** Raw mode: the counting pass (compressing to count), in ms. */
  countMs?: number;
  /** Raw mode: the raw image's size. */
  rawBytes?: number;
  /** Raw mode: SHA-256 of the compressed stream the counting pass made (the sending pass is checked against it). */
  compressedSha256?: string;
}

export interface VerifyRun {
  compressedBytes: number;
  compressedSha256: string;
  /** What `gzip -dc` gave back. */
  gunzippedBytes: number;
  gunzippedSha256: string;
}

async function main(): Promise<void> {
  const [file, url, check] = process.argv.slice(2);
  if (file && check === 'verify') {
    process.stdout.write(`${JSON.stringify(await verify(file))}\n`);
    return;
  }
  if (!file || !url || (check !== 'on' && check !== 'off' && check !== 'raw')) throw new Error('usage: engineWorker.js <file> <url> <on|off|raw> | <file> - verify');
  (globalThis as { gc?: () => void }).gc?.();
  await new Promise((resolve) => setTimeout(resolve, 100));
  const baselineRss = process.memoryUsage.rss();
  // Linux: forget the high-water mark of start-up (and of that gc), so VmHWM is the peak of the upload alone.
  const exactPeak = await resetPeakRss();
  let peakSampledRss = baselineRss;
  const sampler = setInterval(() => (peakSampledRss = Math.max(peakSampledRss, process.memoryUsage.rss())), 20);

  const checkStarted = Date.now();
  const info = await checkImageFile(file);
  const checkMs = Date.now() - checkStarted;
  let countMs: number | undefined;
  let compressedSha256: string | undefined;
  let body: CompressedImageBody | undefined;
  let size = info.size;
  if (check === 'raw') {
    if (info.format !== 'raw') throw new Error(`${file} is not taken for a raw image`);
    // BENCH_DEFLATER=stream: node:zlib's Gzip stream instead of the reused-buffer handle, to compare their memory.
    const deflater = process.env.BENCH_DEFLATER === 'stream' ? 'stream' : 'auto';
    const countStarted = Date.now();
    const plan = await measureCompressedImage(info, { deflater });
    countMs = Date.now() - countStarted;
    compressedSha256 = plan.checkpoints.at(-1);
    body = new CompressedImageBody(info, plan, { deflater });
    size = plan.compressedBytes;
  }
  const result = await sendImageFile({ url, file: { path: file, name: path.basename(file), size }, verifyContent: check === 'on', body });
  clearInterval(sampler);
  peakSampledRss = Math.max(peakSampledRss, process.memoryUsage.rss());
  const run: EngineRun = {
    bytes: result.bytesSent,
    transferMs: result.durationMs,
    checkedMs: result.checkedMs,
    checkMs,
    baselineRss,
    peakSampledRss,
    peakRss: exactPeak ? await readPeakRss() : process.resourceUsage().maxRSS * 1024,
    decompressedBytes: result.decompressedBytes,
    countMs,
    rawBytes: check === 'raw' ? info.size : undefined,
    compressedSha256,
  };
  process.stdout.write(`${JSON.stringify(run)}\n`);
}

async function verify(file: string): Promise<VerifyRun> {
  const info = await checkImageFile(file);
  const plan = await measureCompressedImage(info);
  const body = new CompressedImageBody(info, plan);
  const gunzip = spawn('gzip', ['-dc'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const compressed = createHash('sha256');
  const gunzipped = createHash('sha256');
  let gunzippedBytes = 0;
  gunzip.stdout.on('data', (chunk: Buffer) => {
    gunzipped.update(chunk);
    gunzippedBytes += chunk.length;
  });
  const exited = new Promise<number | null>((resolve, reject) => {
    gunzip.once('error', reject);
    gunzip.once('close', resolve);
  });
  let compressedBytes = 0;
  try {
    for (let chunk = await body.next(); chunk; chunk = await body.next()) {
      compressed.update(chunk.data);
      compressedBytes += chunk.data.length;
      const more = gunzip.stdin.write(Buffer.from(chunk.data));
      chunk.release();
      if (!more) await new Promise((resolve) => gunzip.stdin.once('drain', resolve));
    }
  } finally {
    body.close();
    gunzip.stdin.end();
  }
  const code = await exited;
  if (code !== 0) throw new Error(`gzip -dc exited with ${code}`);
  return { compressedBytes, compressedSha256: compressed.digest('hex'), gunzippedBytes, gunzippedSha256: gunzipped.digest('hex') };
}

async function resetPeakRss(): Promise<boolean> {
  try {
    await fs.writeFile('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

/** VmHWM from /proc/self/status, in bytes. */
async function readPeakRss(): Promise<number> {
  const status = await fs.readFile('/proc/self/status', 'utf8');
  const kib = /^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1];
  return kib === undefined ? process.resourceUsage().maxRSS * 1024 : Number(kib) * 1024;
}

main().catch((error: unknown) => {
  process.stderr.write(`${messageOf(error)}\n`);
  process.exit(1);
});
