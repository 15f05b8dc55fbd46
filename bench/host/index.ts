// The benchmarks' extension-tests module: the extension host loads it (through
// scripts/test-host/run-extension-tests.mjs --tests out/bench/host/index) and awaits run(), which runs the
// *.bench.js files next to it with mocha. Measured figures go to BENCH_RESULT_FILE (see figures.ts).
//
// Environment (set through the runner's --env and --grep), besides mocha's (test/support/hostMocha.ts):
//   BENCH_RESULT_FILE  JSON file the figures are merged into
//   MOCHA_GREP         which benchmark to run (each needs its own fresh extension host)
import { filesEndingWith, runMochaInHost } from '../../test/support/hostMocha';

export function run(): Promise<void> {
  return runMochaInHost(filesEndingWith(__dirname, '.bench.js'), { timeoutMs: 60_000, what: 'benchmark' });
}
