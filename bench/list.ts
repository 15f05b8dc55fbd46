// npm run bench:list — fetching every image of an account with 10,000 private images.
//
// 1. No rate limits: the extension's LinodeClient and curl fetch the same pages (page_size 500, same headers) in
//    sequence from the simulator's `scale` seed, in alternating order, several rounds; medians and the ratio.
//    Goal: the client within 1.2x of curl.
// 2. Linode's rate limits on (list images 20/min, and 21 pages to fetch): the client must finish with no failed
//    request and no more list calls than pages. For comparison, curl fetching the same pages without pacing.
//
//   node out/bench/list.js [--rounds N] [--skip-limits]
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { LinodeClient } from '../src/core/api/client';
import type { Image, Page } from '../src/core/api/types';
import { SIMULATOR_TOKEN } from '../simulator/tokens';
import { machine, median, ms, startSimulatorProcess, table, verdict, type SimulatorProcess } from './lib';

const PAGE_SIZE = 500;
const USER_AGENT = 'linode-images-bench/1.0';

function client(apiUrl: string, log?: (line: string) => void): LinodeClient {
  return new LinodeClient({ apiUrl, apiVersion: 'v4', token: () => SIMULATOR_TOKEN, userAgent: USER_AGENT, log });
}

async function pageCount(apiUrl: string): Promise<{ pages: number; results: number }> {
  const response = await fetch(`${apiUrl}/v4/images?page=1&page_size=${PAGE_SIZE}`, {
    headers: { Authorization: `Bearer ${SIMULATOR_TOKEN}`, Accept: 'application/json' },
  });
  const body = (await response.json()) as Page<Image>;
  return { pages: body.pages, results: body.results };
}

interface CurlRun {
  ms: number;
  statuses: number[];
  bytes: number;
}

/**
 * One curl process fetching every page in sequence over one kept-alive connection, each body thrown away.
 * The token goes in through curl's config on stdin, not the command line.
 */
function curlPages(apiUrl: string, pages: number): Promise<CurlRun> {
  const config = [
    `header = "Authorization: Bearer ${SIMULATOR_TOKEN}"`,
    'header = "Accept: application/json"',
    `user-agent = "${USER_AGENT}"`,
    'silent',
    'show-error',
    'write-out = "%{http_code} %{size_download}\\n"',
  ];
  for (let page = 1; page <= pages; page++) {
    config.push(`url = "${apiUrl}/v4/images?page=${page}&page_size=${PAGE_SIZE}"`, 'output = "/dev/null"');
  }
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const curl = spawn('curl', ['--config', '-'], { stdio: ['pipe', 'pipe', 'inherit'] });
    let output = '';
    curl.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    curl.once('error', reject);
    curl.once('exit', (code) => {
      const elapsed = performance.now() - started;
      if (code !== 0) return reject(new Error(`curl exited with ${code}`));
      const lines = output.trim().split('\n').map((line) => line.split(' ').map(Number));
      resolve({ ms: elapsed, statuses: lines.map(([status]) => status), bytes: lines.reduce((sum, [, size]) => sum + size, 0) });
    });
    curl.stdin.end(config.join('\n') + '\n');
  });
}

async function timeClient(apiUrl: string, expected: number): Promise<number> {
  const started = performance.now();
  const images = await client(apiUrl).listImages();
  const elapsed = performance.now() - started;
  if (images.length !== expected) throw new Error(`the client got ${images.length} images, expected ${expected}`);
  return elapsed;
}

async function listCalls(sim: SimulatorProcess): Promise<number[]> {
  return (await sim.requests()).filter((r) => r.method === 'GET' && r.path.startsWith('/v4/images?')).map((r) => r.status);
}

async function withoutLimits(rounds: number): Promise<boolean> {
  const sim = await startSimulatorProcess(['--seed', 'scale']);
  try {
    const { pages, results } = await pageCount(sim.apiUrl);
    console.log(`\n[1] No rate limits: ${results} images, ${pages} pages of ${PAGE_SIZE}; ${rounds} rounds after a warm-up round, order alternating`);
    // Warm-up: JIT in the simulator and the client, the simulator's first serialisations.
    await timeClient(sim.apiUrl, results);
    await curlPages(sim.apiUrl, pages);
    await sim.clearRequests();

    const clientMs: number[] = [];
    const curlMs: number[] = [];
    const ratios: number[] = [];
    let bytes = 0;
    for (let round = 0; round < rounds; round++) {
      let c = 0;
      let k: CurlRun | undefined;
      if (round % 2 === 0) {
        c = await timeClient(sim.apiUrl, results);
        k = await curlPages(sim.apiUrl, pages);
      } else {
        k = await curlPages(sim.apiUrl, pages);
        c = await timeClient(sim.apiUrl, results);
      }
      if (k.statuses.length !== pages || k.statuses.some((status) => status !== 200)) throw new Error(`curl statuses: ${k.statuses.join(' ')}`);
      const calls = await listCalls(sim);
      if (calls.length !== 2 * pages || calls.some((status) => status !== 200)) {
        throw new Error(`round ${round + 1}: expected ${2 * pages} list calls answered 200, got ${calls.join(' ')}`);
      }
      await sim.clearRequests();
      bytes = k.bytes;
      clientMs.push(c);
      curlMs.push(k.ms);
      ratios.push(c / k.ms);
      console.log(`  round ${round + 1} (${round % 2 === 0 ? 'client first' : 'curl first'}): client ${ms(c)}, curl ${ms(k.ms)}, ratio ${(c / k.ms).toFixed(2)}`);
    }
    const ratio = median(clientMs) / median(curlMs);
    // Each round's two runs follow each other, so they share the machine's load; their ratio is the fairer figure.
    const pairedRatio = median(ratios);
    console.log(`  ${(bytes / 1024 / 1024).toFixed(1)} MB of JSON per listing`);
    table([
      ['', 'median', 'min', 'max'],
      ['LinodeClient.listImages()', ms(median(clientMs)), ms(Math.min(...clientMs)), ms(Math.max(...clientMs))],
      [`curl, ${pages} pages in sequence`, ms(median(curlMs)), ms(Math.min(...curlMs)), ms(Math.max(...curlMs))],
    ]);
    console.log(`  ratio client/curl: median of the per-round ratios ${pairedRatio.toFixed(2)}; ratio of the medians ${ratio.toFixed(2)}`);
    console.log(`  ${machine()}`);
    console.log(`  ${verdict(pairedRatio <= 1.2, 'client within 1.2x of curl (median of the per-round ratios)')}`);
    return true;
  } finally {
    await sim.close();
  }
}

async function withLimits(): Promise<boolean> {
  const sim = await startSimulatorProcess(['--seed', 'scale', '--rate-limits']);
  try {
    const { pages, results } = await pageCount(sim.apiUrl);
    await sim.reset(); // the probe used one list call: start from full windows
    console.log(`\n[2] Linode's rate limits on (list images 20/min, paginated GETs 200/min, 1600/min in all): ${pages} pages to fetch`);
    const log: string[] = [];
    const started = performance.now();
    const images = await client(sim.apiUrl, (line) => log.push(line)).listImages();
    const elapsed = performance.now() - started;
    const all = await sim.requests();
    const calls = await listCalls(sim);
    const failed = all.filter((r) => r.status < 200 || r.status >= 300);
    console.log(`  client: ${images.length} images in ${(elapsed / 1000).toFixed(1)} s; ${calls.length} list calls for ${pages} pages; ${failed.length} failed requests`);
    for (const line of log.filter((l) => /waiting|rate limited/.test(l))) console.log(`    log: ${line}`);

    await sim.reset();
    const curl = await curlPages(sim.apiUrl, pages);
    const refused = curl.statuses.filter((status) => status === 429).length;
    console.log(`  curl without pacing, same pages: ${refused} of ${curl.statuses.length} answered 429`);

    const ok = images.length === results && failed.length === 0 && calls.length === pages;
    console.log(`  ${verdict(ok, 'completes with no failed request and no more list calls than pages')}`);
    return ok;
  } finally {
    await sim.close();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { rounds: { type: 'string', default: '11' }, 'skip-limits': { type: 'boolean', default: false } },
  });
  const rounds = Number(values.rounds);
  if (!(Number.isInteger(rounds) && rounds > 0)) throw new Error('--rounds needs a positive whole number');
  console.log(`bench:list — Node ${process.version}, ${new Date().toISOString()}\n  ${machine()}`);
  let ok = await withoutLimits(rounds);
  if (!values['skip-limits']) ok = (await withLimits()) && ok;
  process.exitCode = ok ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exitCode = 1;
});
