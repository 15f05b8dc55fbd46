// Upload benchmark: the extension's upload engine against `curl -T`, side by side in one run, to the same
// loopback sink, with the same file: a gzip shaped like a disk image (data, zeros, text).
//   npm run bench:upload -- [size]      size: bytes, or with K/M/G (binary), default 1G
//   options: --rounds N (default 3)
// Prints each run, then medians: throughput, ratio to curl, and the engine's peak RSS growth, with the
// in-stream gzip check on and off. Not part of the test suite; figures depend on the machine.
//
//   npm run bench:upload -- --raw [size]    size of the raw image, default 512M
// The raw case: an uncompressed disk image (data, zeros, text), sent by the engine (compressed on every core
// once to count, again while sending, no temporary file) against `gzip -6 -c FILE > TMP && curl -T TMP` (the same level, the same
// sink). Prints each run, then medians: wall time and its ratio, temporary disk bytes, the engine's RSS growth.
// Then, untimed, the engine's stream goes through `gzip -dc`, which must give back the raw file.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { messageOf } from '../src/core/api/errors';
import { MAX_DECOMPRESSED_BYTES } from '../src/core/upload/limits';
import type { EngineRun, VerifyRun } from './upload/engineWorker';
import { writeDiskImageGzip, writeRawDiskImage } from './upload/diskImage';
import { RAW_GZIP_LEVEL } from '../src/core/upload/rawImage';

const ROOT = path.resolve(__dirname, '../..');
const MIB = 1024 * 1024;
const GOAL_RATIO = 0.9;
const GOAL_RSS = 64 * MIB;

type Mode = 'curl' | 'engine, check on' | 'engine, check off';
interface Measurement {
  mode: Mode;
  /** Bytes over the time until the upload host accepted the object. */
  bytesPerSecond: number;
  /** Bytes over the time until the in-stream check's verdict too (engine with the check on). */
  verifiedBytesPerSecond?: number;
  rssGrowth?: number;
}

function parseSize(text: string | undefined): number {
  if (!text) return 1024 ** 3;
  const match = /^(\d+(?:\.\d+)?)\s*([kmgt]?)(i?b)?$/i.exec(text.trim());
  if (!match) throw new Error(`size "${text}": give bytes, or a number with K, M, G (binary units)`);
  const power = ['', 'k', 'm', 'g', 't'].indexOf(match[2].toLowerCase());
  return Math.round(Number(match[1]) * 1024 ** power);
}

function args(): { size: number; rounds: number; raw: boolean } {
  const list = process.argv.slice(2);
  const raw = list.includes('--raw');
  if (raw) list.splice(list.indexOf('--raw'), 1);
  let rounds = 3;
  const at = list.indexOf('--rounds');
  if (at >= 0) {
    rounds = Number(list[at + 1]);
    list.splice(at, 2);
  }
  if (!(rounds >= 1)) throw new Error('--rounds must be 1 or more');
  return { size: list[0] === undefined && raw ? 512 * MIB : parseSize(list[0]), rounds, raw };
}

const gib = (bytes: number): string => `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
const mbps = (bytesPerSecond: number): string => `${(bytesPerSecond / 1e6).toFixed(0)} MB/s`;
const mb = (bytes: number): string => `${(bytes / MIB).toFixed(1)} MiB`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function startSink(): Promise<{ port: number; child: ChildProcess }> {
  const child = spawn(process.execPath, [path.join(ROOT, 'out/bench/upload/sink.js')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /PORT (\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`the sink exited (${code})`)));
  });
  return { port, child };
}

function run(command: string, commandArgs: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, commandArgs, { maxBuffer: 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} failed: ${error.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

async function lastDelivery(port: number, size: number, mode: Mode): Promise<void> {
  const last = (await (await fetch(`http://127.0.0.1:${port}/last`)).json()) as { bytes: number; complete: boolean; contentType: string; authorization: boolean };
  if (!last.complete || last.bytes !== size) throw new Error(`${mode}: the sink received ${last.bytes} of ${size} bytes`);
  if (last.contentType !== 'application/octet-stream') throw new Error(`${mode}: content type ${last.contentType}`);
  if (last.authorization) throw new Error(`${mode}: an Authorization header reached the sink`);
}

async function measureCurl(file: string, url: string, size: number): Promise<Measurement> {
  const out = await run('curl', ['-sS', '--fail', '-T', file, '-H', 'Content-Type: application/octet-stream', '-o', '/dev/null', '-w', '%{size_upload} %{time_total}', url]);
  const [uploaded, seconds] = out.trim().split(/\s+/).map(Number);
  if (uploaded !== size) throw new Error(`curl uploaded ${uploaded} of ${size} bytes`);
  return { mode: 'curl', bytesPerSecond: size / seconds };
}

async function measureEngine(file: string, url: string, check: boolean): Promise<Measurement> {
  const out = await run(process.execPath, ['--expose-gc', path.join(ROOT, 'out/bench/upload/engineWorker.js'), file, url, check ? 'on' : 'off']);
  const result = JSON.parse(out.trim().split('\n').pop() ?? '') as EngineRun;
  const peak = Math.max(result.peakRss, result.peakSampledRss);
  if (process.env.BENCH_DEBUG) console.log(`    rss: baseline ${mb(result.baselineRss)}, sampled peak +${mb(result.peakSampledRss - result.baselineRss)}, max RSS +${mb(result.peakRss - result.baselineRss)}`);
  return {
    mode: check ? 'engine, check on' : 'engine, check off',
    bytesPerSecond: result.bytes / (result.transferMs / 1000),
    verifiedBytesPerSecond: result.checkedMs === undefined ? undefined : result.bytes / (result.checkedMs / 1000),
    rssGrowth: peak - result.baselineRss,
  };
}

async function main(): Promise<void> {
  const { size, rounds, raw } = args();
  if (raw) {
    await mainRaw(size, rounds);
    return;
  }
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'linode-upload-bench-'));
  const stats = await fs.statfs(dir);
  const free = stats.bavail * stats.bsize;
  if (free < size + 512 * MIB) {
    await fs.rm(dir, { recursive: true, force: true });
    throw new Error(`${gib(free)} free in ${os.tmpdir()}; the benchmark needs ${gib(size + 512 * MIB)}`);
  }
  const file = path.join(dir, 'disk.img.gz');
  const sink = await startSink();
  const cleanUp = async (): Promise<void> => {
    sink.child.kill('SIGTERM');
    await fs.rm(dir, { recursive: true, force: true });
  };
  process.once('SIGINT', () => void cleanUp().finally(() => process.exit(130)));
  try {
    const generationStarted = Date.now();
    const image = await writeDiskImageGzip(file, size);
    console.log(
      `file: ${gib(image.compressedBytes)} gzip (${image.compressedBytes.toLocaleString('en-US')} bytes) → ${(image.decompressedBytes / 1e9).toFixed(2)} GB decompressed ` +
        `(data ${pct(image.mix.random, image.decompressedBytes)}, zeros ${pct(image.mix.zeros, image.decompressedBytes)}, text ${pct(image.mix.text, image.decompressedBytes)}); ` +
        `written in ${((Date.now() - generationStarted) / 1000).toFixed(1)} s`,
    );
    if (image.decompressedBytes > MAX_DECOMPRESSED_BYTES) throw new Error('the generated image is over the 6 GB limit; the check would refuse it');
    console.log(`sink: http://127.0.0.1:${sink.port} (own process); ${rounds} round(s), order rotated each round; CPUs: ${os.cpus().length}`);

    const url = `http://127.0.0.1:${sink.port}/upload/bench?X-Amz-Signature=bench`;
    const results: Measurement[] = [];
    const modes: Mode[] = ['curl', 'engine, check on', 'engine, check off'];
    for (let round = 0; round < rounds; round++) {
      for (let i = 0; i < modes.length; i++) {
        const mode = modes[(i + round) % modes.length];
        const measurement = mode === 'curl' ? await measureCurl(file, url, size) : await measureEngine(file, url, mode === 'engine, check on');
        await lastDelivery(sink.port, size, mode);
        results.push(measurement);
        const verified = measurement.verifiedBytesPerSecond === undefined ? '' : `   verified ${mbps(measurement.verifiedBytesPerSecond)}`;
        const rss = measurement.rssGrowth === undefined ? '' : `   peak RSS growth ${mb(measurement.rssGrowth)}`;
        console.log(`  round ${round + 1}  ${mode.padEnd(18)} ${mbps(measurement.bytesPerSecond).padStart(10)}${rss}${verified}`);
      }
    }

    const curl = median(results.filter((r) => r.mode === 'curl').map((r) => r.bytesPerSecond));
    console.log(`\nmedians over ${rounds} round(s), ${gib(size)}:`);
    console.log(`  ${'sender'.padEnd(18)} ${'throughput'.padStart(10)}  ${'vs curl'.padStart(7)}  ${'peak RSS growth'.padStart(15)}  verdict in (check on)`);
    for (const mode of modes) {
      const mine = results.filter((r) => r.mode === mode);
      const rate = median(mine.map((r) => r.bytesPerSecond));
      const rss = mode === 'curl' ? '—' : mb(Math.max(...mine.map((r) => r.rssGrowth ?? 0)));
      const verifiedRates = mine.flatMap((r) => (r.verifiedBytesPerSecond === undefined ? [] : [r.verifiedBytesPerSecond]));
      const verified = verifiedRates.length ? `${mbps(median(verifiedRates))} (${(median(verifiedRates) / curl).toFixed(2)}× curl)` : '';
      console.log(`  ${mode.padEnd(18)} ${mbps(rate).padStart(10)}  ${`${(rate / curl).toFixed(2)}×`.padStart(7)}  ${rss.padStart(15)}  ${verified}`);
    }
    const checkOn = results.filter((r) => r.mode === 'engine, check on');
    const ratio = median(checkOn.map((r) => r.bytesPerSecond)) / curl;
    const worstRss = Math.max(...results.filter((r) => r.mode !== 'curl').map((r) => r.rssGrowth ?? 0));
    console.log(`\ngoal: check on ≥ ${GOAL_RATIO}× curl: ${ratio.toFixed(2)}× ${ratio >= GOAL_RATIO ? 'met' : 'NOT met'}`);
    console.log(`goal: peak RSS growth < ${mb(GOAL_RSS)}: ${mb(worstRss)} ${worstRss < GOAL_RSS ? 'met' : 'NOT met'}`);
  } finally {
    await cleanUp();
  }
}

interface RawMeasurement {
  mode: 'gzip + curl' | 'engine (raw)';
  wallMs: number;
  /** Bytes the sink received. */
  sentBytes: number;
  /** Bytes written to disk on the way (gzip's temporary file; none for the engine). */
  tempBytes: number;
  rssGrowth?: number;
  countMs?: number;
  compressedSha256?: string;
}

/** Runs a child to its end; resolves with its stdout and the wall time from spawn to exit. */
function timed(command: string, commandArgs: string[]): Promise<{ stdout: string; wallMs: number }> {
  const started = process.hrtime.bigint();
  return run(command, commandArgs).then((stdout) => ({ stdout, wallMs: Number(process.hrtime.bigint() - started) / 1e6 }));
}

async function measureGzipCurl(file: string, temp: string, url: string): Promise<RawMeasurement> {
  // One shell line, as a user would type it: compress to a temporary file, then send that file.
  const script = 'gzip -"$1" -c "$2" > "$3" && curl -sS --fail -T "$3" -H "Content-Type: application/octet-stream" -o /dev/null "$4"';
  const { wallMs } = await timed('sh', ['-c', script, 'sh', String(RAW_GZIP_LEVEL), file, temp, url]);
  const tempBytes = (await fs.stat(temp)).size;
  await fs.rm(temp, { force: true });
  return { mode: 'gzip + curl', wallMs, sentBytes: tempBytes, tempBytes };
}

async function measureRawEngine(file: string, url: string, dir: string): Promise<RawMeasurement> {
  const before = (await fs.readdir(dir)).sort().join('\n');
  const { stdout, wallMs } = await timed(process.execPath, ['--expose-gc', path.join(ROOT, 'out/bench/upload/engineWorker.js'), file, url, 'raw']);
  const result = JSON.parse(stdout.trim().split('\n').pop() ?? '') as EngineRun;
  // The engine writes nothing: the folder holds the same files afterwards (and it never opens one for writing).
  if ((await fs.readdir(dir)).sort().join('\n') !== before) throw new Error('the engine left a file behind');
  const peak = Math.max(result.peakRss, result.peakSampledRss);
  return {
    mode: 'engine (raw)',
    wallMs,
    sentBytes: result.bytes,
    tempBytes: 0,
    rssGrowth: peak - result.baselineRss,
    countMs: result.countMs,
    compressedSha256: result.compressedSha256,
  };
}

async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: MIB })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Untimed: the engine's stream through `gzip -dc` gives back the raw file, and is the stream the timed runs sent. */
async function verifyRawOutput(file: string, size: number, sent: RawMeasurement[]): Promise<void> {
  const verify = JSON.parse((await run(process.execPath, [path.join(ROOT, 'out/bench/upload/engineWorker.js'), file, '-', 'verify'])).trim().split('\n').pop() ?? '') as VerifyRun;
  const rawSha256 = await fileSha256(file);
  const problems: string[] = [];
  if (verify.gunzippedBytes !== size || verify.gunzippedSha256 !== rawSha256) {
    problems.push(`gzip -dc gave ${verify.gunzippedBytes} bytes (SHA-256 ${verify.gunzippedSha256}), the raw file is ${size} (${rawSha256})`);
  }
  for (const timed of sent) {
    if (timed.sentBytes !== verify.compressedBytes || timed.compressedSha256 !== verify.compressedSha256) {
      problems.push(`a timed run sent ${timed.sentBytes} bytes (SHA-256 ${timed.compressedSha256}), not the stream checked`);
    }
  }
  if (problems.length) throw new Error(`output check failed:\n  ${problems.join('\n  ')}`);
  console.log(
    `output check: the engine's ${mb(verify.compressedBytes)} (SHA-256 ${verify.compressedSha256.slice(0, 16)}…, the same in every timed run) ` +
      `through gzip -dc give back the raw file exactly (SHA-256 ${rawSha256.slice(0, 16)}…)`,
  );
}

async function mainRaw(size: number, rounds: number): Promise<void> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'linode-upload-bench-raw-'));
  const stats = await fs.statfs(dir);
  const free = stats.bavail * stats.bsize;
  if (free < 2 * size + 512 * MIB) {
    await fs.rm(dir, { recursive: true, force: true });
    throw new Error(`${gib(free)} free in ${os.tmpdir()}; the raw benchmark needs ${gib(2 * size + 512 * MIB)}`);
  }
  if (size > MAX_DECOMPRESSED_BYTES) throw new Error(`a raw image over ${MAX_DECOMPRESSED_BYTES} bytes is refused by the checks`);
  const file = path.join(dir, 'disk.img');
  // gzip's temporary file lives beside the image, in a folder of its own so the engine's can be watched.
  const tempDir = await fs.mkdtemp(path.join(dir, 'gzip-'));
  const temp = path.join(tempDir, 'disk.img.gz');
  const sink = await startSink();
  const cleanUp = async (): Promise<void> => {
    sink.child.kill('SIGTERM');
    await fs.rm(dir, { recursive: true, force: true });
  };
  process.once('SIGINT', () => void cleanUp().finally(() => process.exit(130)));
  try {
    const generationStarted = Date.now();
    const image = await writeRawDiskImage(file, size);
    console.log(
      `raw image: ${gib(size)} (${size.toLocaleString('en-US')} bytes; data ${pct(image.mix.random, size)}, zeros ${pct(image.mix.zeros, size)}, ` +
        `text ${pct(image.mix.text, size)}); written in ${((Date.now() - generationStarted) / 1000).toFixed(1)} s`,
    );
    console.log(`sink: http://127.0.0.1:${sink.port} (own process); gzip level ${RAW_GZIP_LEVEL} both; ${rounds} round(s), order alternated; CPUs: ${os.cpus().length}`);
    const url = `http://127.0.0.1:${sink.port}/upload/bench?X-Amz-Signature=bench`;
    const results: RawMeasurement[] = [];
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? ['gzip + curl', 'engine (raw)'] : ['engine (raw)', 'gzip + curl'];
      for (const mode of order) {
        const measurement = mode === 'gzip + curl' ? await measureGzipCurl(file, temp, url) : await measureRawEngine(file, url, dir);
        const last = (await (await fetch(`http://127.0.0.1:${sink.port}/last`)).json()) as { bytes: number; complete: boolean; authorization: boolean };
        if (!last.complete || last.bytes !== measurement.sentBytes) throw new Error(`${mode}: the sink received ${last.bytes} of ${measurement.sentBytes} bytes`);
        if (last.authorization) throw new Error(`${mode}: an Authorization header reached the sink`);
        results.push(measurement);
        const extra = measurement.rssGrowth === undefined
          ? `   temp file ${mb(measurement.tempBytes)}`
          : `   counting pass ${((measurement.countMs ?? 0) / 1000).toFixed(1)} s   peak RSS growth ${mb(measurement.rssGrowth)}`;
        console.log(`  round ${round + 1}  ${mode.padEnd(12)} ${(measurement.wallMs / 1000).toFixed(2).padStart(7)} s   sent ${mb(measurement.sentBytes)}${extra}`);
      }
    }
    const theirs = results.filter((r) => r.mode === 'gzip + curl');
    const ours = results.filter((r) => r.mode === 'engine (raw)');
    const theirWall = median(theirs.map((r) => r.wallMs));
    const ourWall = median(ours.map((r) => r.wallMs));
    const worstRss = Math.max(...ours.map((r) => r.rssGrowth ?? 0));
    console.log(`\nmedians over ${rounds} round(s), ${gib(size)} raw:`);
    console.log(`  ${'sender'.padEnd(12)} ${'wall time'.padStart(10)}  ${'vs gzip+curl'.padStart(12)}  ${'sent'.padStart(11)}  ${'temp disk'.padStart(11)}  peak RSS growth`);
    console.log(`  ${'gzip + curl'.padEnd(12)} ${`${(theirWall / 1000).toFixed(2)} s`.padStart(10)}  ${'1.00×'.padStart(12)}  ${mb(theirs[0].sentBytes).padStart(11)}  ${mb(theirs[0].tempBytes).padStart(11)}  —`);
    console.log(
      `  ${'engine (raw)'.padEnd(12)} ${`${(ourWall / 1000).toFixed(2)} s`.padStart(10)}  ${`${(ourWall / theirWall).toFixed(2)}×`.padStart(12)}  ${mb(ours[0].sentBytes).padStart(11)}  ${'0 bytes'.padStart(11)}  ${mb(worstRss)} ` +
        `(counting pass ${(median(ours.map((r) => r.countMs ?? 0)) / 1000).toFixed(2)} s)`,
    );
    console.log(`\ngoal: wall time ≤ 1.0× gzip + curl: ${(ourWall / theirWall).toFixed(2)}× ${ourWall <= theirWall ? 'met' : 'NOT met'}`);
    console.log(`goal: peak RSS growth < ${mb(GOAL_RSS)} (at 4 GiB): ${mb(worstRss)} at ${gib(size)} ${worstRss < GOAL_RSS ? 'met' : 'NOT met'}; temporary disk bytes 0: met`);
    await verifyRawOutput(file, size, ours);
  } finally {
    await cleanUp();
  }
}

function pct(part: number, whole: number): string {
  return `${Math.round((part / whole) * 100)}%`;
}

main().catch((error: unknown) => {
  console.error(messageOf(error));
  process.exitCode = 1;
});
