// npm run bench:activate — the minified bundle's size and what each dependency costs in it, then the extension's
// activation time and heap in a real extension host (a fresh code-server per run), and the requests it made.
// Goals: the bundle loaded at activation under 150 KB, activation under 20 ms, no network I/O. The engines loaded on
// first use (upload, sign-in) are listed beside it.
//
//   node out/bench/activate.js [--runs N]
import * as fs from 'node:fs';
import { parseArgs } from 'node:util';
import { productionBuild, runInHost, type Metafile } from './hostRun';
import { machine, median, ms, table, verdict } from './lib';

const KB = 1024;

function signedKb(bytes: number): string {
  return `${bytes >= 0 ? '+' : '-'}${(Math.abs(bytes) / KB).toFixed(0)} KB`;
}

/** The main bundle's entry in the metafile, and the engines' (name, bytes). */
function outputsOf(metafile: Metafile): { main: Metafile['outputs'][string]; engines: Array<[string, number]> } {
  const js = Object.entries(metafile.outputs).filter(([file]) => file.endsWith('.js'));
  const main = js.find(([file]) => file.endsWith('/extension.js'));
  if (!main) throw new Error('the build wrote no extension.js');
  return { main: main[1], engines: js.filter((entry) => entry !== main).map(([file, output]) => [file.replace(/^.*\//, ''), output.bytes]) };
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

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
  const runs = Number(values.runs);
  if (!(Number.isInteger(runs) && runs > 0)) throw new Error('--runs needs a positive whole number');
  console.log(`bench:activate — Node ${process.version}, ${new Date().toISOString()}\n  ${machine()}`);

  const build = productionBuild();
  try {
    const costs = costByDependency(build.metafile);
    const counted = costs.reduce((sum, [, bytes]) => sum + bytes, 0);
    console.log(`\n[1] Minified bundle loaded at activation (scripts/build.mjs --production, dist/extension.js): ${(build.bundleBytes / KB).toFixed(1)} KB`);
    table([
      ['part', 'bytes in bundle', 'share'],
      ...costs.map(([owner, bytes]) => [owner, `${(bytes / KB).toFixed(1)} KB`, `${((bytes / build.bundleBytes) * 100).toFixed(1)}%`]),
      ['(esbuild runtime, wrappers)', `${((build.bundleBytes - counted) / KB).toFixed(1)} KB`, `${(((build.bundleBytes - counted) / build.bundleBytes) * 100).toFixed(1)}%`],
    ]);
    const engines = outputsOf(build.metafile).engines;
    console.log(`  loaded on first use, not at activation: ${engines.map(([name, bytes]) => `dist/${name} ${(bytes / KB).toFixed(1)} KB`).join(', ')}`);
    console.log(`  ${verdict(build.bundleBytes < 150 * KB, 'bundle loaded at activation under 150 KB')}`);

    console.log(`\n[2] Activation in a real extension host (code-server), ${runs} fresh host(s), the minified bundle`);
    const runsFigures: Array<Record<string, number | null>> = [];
    let host = '';
    for (let run = 1; run <= runs; run++) {
      const figures = await runInHost({ extensionDir: build.dir, grep: 'bench activation', timeoutS: 240 });
      runsFigures.push(figures as Record<string, number | null>);
      const info = figures.host as { vscodeVersion?: string; node?: string } | undefined;
      host = `VS Code ${info?.vscodeVersion ?? '?'}, extension host Node ${info?.node ?? '?'}`;
      const f = (key: string): string => (typeof figures[key] === 'number' ? ms(figures[key]) : 'n/a');
      console.log(
        `  run ${run}: activate() ${f('activationMs')} = host before loading ${f('hostBeforeLoadMs')} + loading the bundle ${f('moduleLoadMs')}` +
          ` + host before activate() ${f('hostBetweenLoadAndActivateMs')} + activate() body ${f('activateBodyMs')} + host after ${f('hostAfterActivateMs')};` +
          ` heap used ${signedKb(figures.heapUsedDeltaBytes as number)}; requests during activation: ${figures.requestsDuringActivation as number}`,
      );
    }
    const medianOf = (key: string): number => median(runsFigures.map((f) => f[key]).filter((v): v is number => typeof v === 'number'));
    // What VS Code itself counts as an extension's activation time: loading its code, then activate() until resolved.
    const ownPart = median(runsFigures.map((f) => (f.moduleLoadMs ?? NaN) + (f.activateBodyMs ?? NaN)).filter((v) => !Number.isNaN(v)));
    console.log(`  ${host}`);
    table([
      ['median of the runs', ''],
      ['activation, total (extension.activate() until resolved)', ms(medianOf('activationMs'))],
      ['  loading the bundle (compile + top-level code)', ms(medianOf('moduleLoadMs'))],
      ['  the extension\'s activate() body', ms(medianOf('activateBodyMs'))],
      ['    (one SecretStorage read, which it makes, timed separately afterwards)', ms(medianOf('secretReadMs'))],
      ['  the host\'s own work around them', ms(medianOf('hostBeforeLoadMs') + medianOf('hostBetweenLoadAndActivateMs') + medianOf('hostAfterActivateMs'))],
      ['the extension\'s own part (loading + activate() body, per run)', ms(ownPart)],
      ['heap used, change across activation', signedKb(medianOf('heapUsedDeltaBytes'))],
    ]);
    const requests = runsFigures.reduce((sum, f) => sum + (f.requestsDuringActivation ?? 0), 0);
    console.log(`  ${verdict(medianOf('activationMs') < 20, 'activation under 20 ms (total)')}`);
    console.log(`  ${verdict(ownPart < 20, 'the extension\'s own part (loading + activate()) under 20 ms')}`);
    console.log(`  ${verdict(requests === 0, 'no network I/O during activation (the simulator saw 0 requests, with a token available)')}`);
  } finally {
    fs.rmSync(build.dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
