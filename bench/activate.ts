// npm run bench:activate — the minified bundle's size and what each dependency costs in it, then the extension's
// activation time and heap in a real extension host (a fresh code-server per run), and the requests it made,
// alternating with an empty extension (one activate() that returns, the same id) in the same kind of host: the
// physical floor of any activation. Goals: activation at most 2× the empty extension's, no network I/O.
//
//   node out/bench/activate.js [--runs N] [--against COMMIT]   (COMMIT's bundle alternates with this tree's too)
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { buildCommit, git, productionBuild, runInHost, type Metafile } from './hostRun';
import { machine, median, ms, table, verdict } from './lib';

const KB = 1024;

function signedKb(bytes: number): string {
  return `${bytes >= 0 ? '+' : '-'}${(Math.abs(bytes) / KB).toFixed(0)} KB`;
}

/** The bundle's entry in the metafile. */
function outputsOf(metafile: Metafile): { main: Metafile['outputs'][string] } {
  const main = Object.entries(metafile.outputs).find(([file]) => file.endsWith('/extension.js'));
  if (!main) throw new Error('the build wrote no extension.js');
  return { main: main[1] };
}

/** An extension that does nothing (the same id, so the bench finds it): what any activation costs at least. */
function emptyExtension(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linode-images-bench-empty-'));
  const ours = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { name: string; publisher: string; version: string; engines: unknown };
  const manifest = { name: ours.name, publisher: ours.publisher, version: ours.version, engines: ours.engines, main: './dist/extension.js', activationEvents: [] };
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  fs.mkdirSync(path.join(dir, 'dist'));
  fs.writeFileSync(path.join(dir, 'dist', 'extension.js'), 'exports.activate = function () {};\n');
  return dir;
}

/** Bytes of the main bundle per package (or the extension's own code), largest first. */
function costByDependency(metafile: Metafile): Array<[string, number]> {
  const output = outputsOf(metafile).main;
  const costs = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
    const owner = match ? match[1] : 'the extension (src/)';
    costs.set(owner, (costs.get(owner) ?? 0) + bytesInOutput);
  }
  return [...costs.entries()].sort((a, b) => b[1] - a[1]);
}

type Figures = Record<string, number | null>;

/** One fresh host activating the bundle in `dir`: its figures, and a line describing them. */
async function activationRun(dir: string): Promise<{ figures: Figures; host: string; line: string }> {
  const figures = await runInHost({ extensionDir: dir, grep: 'bench activation', timeoutS: 240 });
  const info = figures.host as { vscodeVersion?: string; node?: string } | undefined;
  const f = (key: string): string => (typeof figures[key] === 'number' ? ms(figures[key]) : 'n/a');
  const line =
    `activate() ${f('activationMs')} = host before loading ${f('hostBeforeLoadMs')} + loading the bundle ${f('moduleLoadMs')}` +
    ` + host before activate() ${f('hostBetweenLoadAndActivateMs')} + activate() body ${f('activateBodyMs')} + host after ${f('hostAfterActivateMs')};` +
    ` heap used ${signedKb(figures.heapUsedDeltaBytes as number)}; requests during activation: ${figures.requestsDuringActivation as number}`;
  return { figures: figures as Figures, host: `VS Code ${info?.vscodeVersion ?? '?'}, extension host Node ${info?.node ?? '?'}`, line };
}

/** The medians of a set of runs. */
function summary(runs: Figures[]): { total: number; loading: number; body: number; secretRead: number; host: number; own: number; heap: number; requests: number } {
  const medianOf = (key: string): number => median(runs.map((f) => f[key]).filter((v): v is number => typeof v === 'number'));
  return {
    total: medianOf('activationMs'),
    loading: medianOf('moduleLoadMs'),
    body: medianOf('activateBodyMs'),
    secretRead: medianOf('secretReadMs'),
    host: medianOf('hostBeforeLoadMs') + medianOf('hostBetweenLoadAndActivateMs') + medianOf('hostAfterActivateMs'),
    // What VS Code itself counts as an extension's activation time: loading its code, then activate() until resolved.
    own: median(runs.map((f) => (f.moduleLoadMs ?? NaN) + (f.activateBodyMs ?? NaN)).filter((v) => !Number.isNaN(v))),
    heap: medianOf('heapUsedDeltaBytes'),
    requests: runs.reduce((sum, f) => sum + (f.requestsDuringActivation ?? 0), 0),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, against: { type: 'string' } } });
  const runs = Number(values.runs);
  if (!(Number.isInteger(runs) && runs > 0)) throw new Error('--runs needs a positive whole number');
  console.log(`bench:activate — Node ${process.version}, ${new Date().toISOString()}\n  ${machine()}`);

  const build = productionBuild();
  const empty = emptyExtension();
  let other: ReturnType<typeof buildCommit> | undefined;
  try {
    const costs = costByDependency(build.metafile);
    const counted = costs.reduce((sum, [, bytes]) => sum + bytes, 0);
    console.log(`\n[1] Minified bundle loaded at activation (scripts/build.mjs --production, dist/extension.js): ${(build.bundleBytes / KB).toFixed(1)} KB`);
    table([
      ['part', 'bytes in bundle', 'share'],
      ...costs.map(([owner, bytes]) => [owner, `${(bytes / KB).toFixed(1)} KB`, `${((bytes / build.bundleBytes) * 100).toFixed(1)}%`]),
      ['(esbuild runtime, wrappers)', `${((build.bundleBytes - counted) / KB).toFixed(1)} KB`, `${(((build.bundleBytes - counted) / build.bundleBytes) * 100).toFixed(1)}%`],
    ]);

    // The empty extension, and with --against REF that commit's bundle, alternate with this tree's, so all see the
    // same load.
    const builds: Array<{ name: string; dir: string }> = [{ name: 'this tree', dir: build.dir }, { name: 'empty extension', dir: empty }];
    if (values.against) {
      other = buildCommit(values.against);
      const name = `commit ${git(['rev-parse', '--short', values.against])}`;
      console.log(`  ${name}, built in a temporary worktree: ${(other.build.bundleBytes / KB).toFixed(1)} KB loaded at activation`);
      builds.push({ name, dir: other.build.dir });
    }
    console.log(`\n[2] Activation in a real extension host (code-server), ${runs} fresh host(s) per bundle, minified${builds.length > 1 ? ', alternating' : ''}`);
    const figures = new Map(builds.map((b) => [b.name, [] as Figures[]]));
    let host = '';
    for (let run = 1; run <= runs; run++) {
      const order = run % 2 === 1 ? builds : [...builds].reverse();
      for (const b of order) {
        const result = await activationRun(b.dir);
        figures.get(b.name)?.push(result.figures);
        host = result.host;
        console.log(`  run ${run}${builds.length > 1 ? ` (${b.name})` : ''}: ${result.line}`);
      }
    }
    console.log(`  ${host}`);
    const sums = builds.map((b) => summary(figures.get(b.name) ?? []));
    table([
      ['median of the runs', ...builds.map((b) => b.name)],
      ['activation, total (extension.activate() until resolved)', ...sums.map((x) => ms(x.total))],
      ['  loading the bundle (compile + top-level code)', ...sums.map((x) => ms(x.loading))],
      ['  the extension\'s activate() body', ...sums.map((x) => ms(x.body))],
      ['    (one SecretStorage read, which it makes, timed separately afterwards)', ...sums.map((x) => ms(x.secretRead))],
      ['  the host\'s own work around them', ...sums.map((x) => ms(x.host))],
      ['the extension\'s own part (loading + activate() body, per run)', ...sums.map((x) => ms(x.own))],
      ['heap used, change across activation', ...sums.map((x) => signedKb(x.heap))],
    ]);
    const [mine, floor, theirs] = sums;
    console.log(`  this tree / empty extension: total ${(mine.total / floor.total).toFixed(2)}× (${ms(mine.total)} vs ${ms(floor.total)}), own part ${ms(mine.own)} vs ${ms(floor.own)}`);
    if (theirs) {
      console.log(`  this tree / ${builds[2].name}: loading ${(mine.loading / theirs.loading).toFixed(2)}×, own part ${(mine.own / theirs.own).toFixed(2)}×, total ${(mine.total / theirs.total).toFixed(2)}×`);
    }
    console.log(`  ${verdict(mine.total <= 2 * floor.total, 'activation at most 2× the empty extension\'s (total, the same host)')}`);
    console.log(`  ${verdict(mine.requests === 0, 'no network I/O during activation (the simulator saw 0 requests, with a token available)')}`);
  } finally {
    fs.rmSync(build.dir, { recursive: true, force: true });
    fs.rmSync(empty, { recursive: true, force: true });
    if (other) {
      other.remove();
      fs.rmSync(other.build.dir, { recursive: true, force: true });
    }
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
