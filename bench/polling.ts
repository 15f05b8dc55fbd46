// npm run bench:polling — the extension's requests while 50 images are pending, counted by the simulator over
// five minutes (BENCH_POLL_MINUTES / --minutes), in a real extension host at the real default pace, with Linode's
// rate limits enforced; then the view hidden for 30 s. Goal: under 10% of every Linode limit, whatever the number
// of pending images, and no request while the view is hidden.
//
//   node out/bench/polling.js [--minutes N]
import * as fs from 'node:fs';
import { parseArgs } from 'node:util';
import { LINODE_RATE_LIMITS } from '../simulator/rateLimits';
import { productionBuild, runInHost } from './hostRun';
import { machine, ms, table, verdict } from './lib';

/** The older general limit from the 4.176 spec's introduction, still worth staying inside. */
const OLDER_GENERAL_LIMIT = 400;

interface PollingFigures {
  pace: { spacingMs: number; perImageMs: number };
  pendingImages: number;
  load: { elapsedMs: number; requests: number; listCalls: number; status429: number; failed: number };
  visibleMs: number;
  requests: number;
  perMinute: number[];
  listCalls: number;
  otherThanImageReads: string[];
  failed: number;
  distinctImages: number;
  mostReadsOfOneImage: number;
  shortestGapSameImageMs: number | null;
  hiddenMs: number;
  requestsWhileHidden: number;
  extensionHostCpuMs: { user: number; system: number };
  extensionHostCpuHiddenMs: { user: number; system: number };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { minutes: { type: 'string', default: process.env.BENCH_POLL_MINUTES ?? '5' } } });
  const minutes = Number(values.minutes);
  if (!(minutes > 0)) throw new Error('--minutes needs a positive number');
  console.log(`bench:polling — ${new Date().toISOString()}; about ${Math.ceil(minutes + 2)} minutes\n  ${machine()}`);
  const build = productionBuild();
  try {
    const figures = await runInHost({
      extensionDir: build.dir,
      grep: 'bench polling',
      env: { BENCH_POLL_MINUTES: String(minutes) },
      timeoutS: Math.ceil((minutes + 8) * 60),
    });
    const p = figures.polling as PollingFigures;
    const info = figures.host as { vscodeVersion?: string } | undefined;
    console.log(`\n  VS Code ${info?.vscodeVersion ?? '?'}, the minified bundle; simulator: scale seed (10,024 images), 50 held in progress, Linode's rate limits enforced`);
    console.log(`  first load: ${p.load.requests} requests (${p.load.listCalls} list calls) in ${(p.load.elapsedMs / 1000).toFixed(1)} s, ${p.load.status429} answered 429, ${p.load.failed} failed`);
    const load = p.load as PollingFigures['load'] & { refused?: string[]; list?: string[] };
    for (const line of load.refused ?? []) console.log(`    refused: ${line}`);
    if (process.env.BENCH_VERBOSE) for (const line of load.list ?? []) console.log(`    ${line}`);
    console.log(`  pace: one request at a time, ${p.pace.spacingMs} ms apart at least, each image at most every ${p.pace.perImageMs} ms`);
    console.log(`\n  view visible for ${(p.visibleMs / 60_000).toFixed(2)} min with ${p.pendingImages} images pending:`);
    const peak = Math.max(...p.perMinute);
    table([
      ['requests', String(p.requests)],
      ['per minute', p.perMinute.join(', ')],
      ['peak per minute', String(peak)],
      ['list calls', String(p.listCalls)],
      ['anything but single-image reads', p.otherThanImageReads.length === 0 ? 'none' : p.otherThanImageReads.join('; ')],
      ['failed (non-2xx)', String(p.failed)],
      ['distinct images read', String(p.distinctImages)],
      ['most reads of one image', String(p.mostReadsOfOneImage)],
      ['shortest gap between reads of one image', p.shortestGapSameImageMs === null ? 'n/a' : ms(p.shortestGapSameImageMs)],
      ['extension host CPU (whole process, incl. the in-process simulator)', `${ms(p.extensionHostCpuMs.user + p.extensionHostCpuMs.system)} over ${(p.visibleMs / 1000).toFixed(0)} s`],
      ['  the same with the view hidden (nothing polled)', `${ms(p.extensionHostCpuHiddenMs.user + p.extensionHostCpuHiddenMs.system)} over ${(p.hiddenMs / 1000).toFixed(0)} s`],
    ]);
    const limits: Array<[string, number, number]> = [
      ['general, 1600/min (current docs)', LINODE_RATE_LIMITS.general, peak],
      ['general, 400/min (older spec)', OLDER_GENERAL_LIMIT, peak],
      ['paginated GETs, 200/min', LINODE_RATE_LIMITS.paginated, p.listCalls],
      ['list images, 20/min', LINODE_RATE_LIMITS.listImages, p.listCalls],
    ];
    console.log('\n  share of each Linode limit (peak minute):');
    table([['limit', 'requests in the peak minute', 'share'], ...limits.map(([name, limit, used]) => [name, String(used), `${((used / limit) * 100).toFixed(1)}%`])]);
    // The pace bounds the rate whatever the number of pending images: one request per spacing at most.
    const bound = 60_000 / p.pace.spacingMs;
    console.log(`  upper bound from the pace, for any number of pending images: ${bound}/min = ${((bound / OLDER_GENERAL_LIMIT) * 100).toFixed(1)}% of 400/min`);
    console.log(`\n  view hidden for ${p.hiddenMs / 1000} s: ${p.requestsWhileHidden} requests`);
    const under = limits.every(([, limit, used]) => used < limit * 0.1) && bound < OLDER_GENERAL_LIMIT * 0.1;
    console.log(`  ${verdict(under, 'under 10% of every Linode limit')}`);
    console.log(`  ${verdict(p.requestsWhileHidden === 0, 'no request while the view is hidden')}`);
    if (p.failed > 0 || p.load.failed > 0) process.exitCode = 1;
  } finally {
    fs.rmSync(build.dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
