// The benchmarks' extension-tests module: the extension host loads it (through
// scripts/test-host/run-extension-tests.mjs --tests out/bench/host/index) and awaits run(), which runs the
// *.bench.js files next to it with mocha. Measured figures go to BENCH_RESULT_FILE (see figures.ts).
//
// Environment (set through the runner's --env and --grep):
//   BENCH_RESULT_FILE  JSON file the figures are merged into
//   MOCHA_LOG_FILE     the reporter's output is mirrored there
//   MOCHA_RESULT_FILE  the summary the runner reads: {failures, passes, pending, tests, vscodeVersion, ...}
//   MOCHA_GREP         which benchmark to run (each needs its own fresh extension host)
import * as fs from 'fs';
import * as path from 'path';
import * as util from 'util';
import Mocha from 'mocha';
import * as vscode from 'vscode';

export function run(): Promise<void> {
  const { MOCHA_LOG_FILE: logFile, MOCHA_RESULT_FILE: resultFile, MOCHA_GREP: grep } = process.env;
  if (logFile) {
    fs.writeFileSync(logFile, '');
    const base = Mocha.reporters.Base as unknown as { consoleLog: (...args: unknown[]) => void };
    const original = base.consoleLog;
    base.consoleLog = (...args: unknown[]) => {
      fs.appendFileSync(logFile, util.format(...args) + '\n');
      original(...args);
    };
  }
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 60_000 });
  if (grep) mocha.grep(grep);
  for (const file of fs.readdirSync(__dirname).filter((f) => f.endsWith('.bench.js')).sort()) {
    mocha.addFile(path.join(__dirname, file));
  }
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      if (resultFile) {
        fs.writeFileSync(resultFile, JSON.stringify({
          failures,
          passes: runner.stats?.passes ?? 0,
          pending: runner.stats?.pending ?? 0,
          tests: runner.stats?.tests ?? 0,
          vscodeVersion: vscode.version,
          appName: vscode.env.appName,
          uiKind: vscode.env.uiKind === vscode.UIKind.Web ? 'Web' : 'Desktop',
          remoteName: vscode.env.remoteName ?? null,
          node: process.version,
        }) + '\n');
      }
      if (failures > 0) reject(new Error(`${failures} benchmark(s) failed.`));
      else resolve();
    });
  });
}
