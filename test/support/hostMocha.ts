// Mocha inside the VS Code extension host, for the extension-tests modules the host loads and awaits
// (test/integration/index.ts, bench/host/index.ts).
//
// Environment (all optional; set by run-extension-tests.mjs through the workbench's extensionEnvironment):
//   MOCHA_LOG_FILE     the reporter's output is mirrored there (a remote extension host's console goes nowhere)
//   MOCHA_RESULT_FILE  a JSON summary is written there: {failures, passes, pending, tests, vscodeVersion, ...}
//   MOCHA_GREP         run only the tests whose full title matches this pattern
import * as fs from 'fs';
import * as path from 'path';
import * as util from 'util';
import Mocha from 'mocha';
import * as vscode from 'vscode';

export interface TestRunResult {
  failures: number;
  passes: number;
  pending: number;
  tests: number;
  vscodeVersion: string;
  appName: string;
  uiKind: 'Desktop' | 'Web';
  remoteName: string | null;
  node: string;
}

function mirrorReporterTo(logFile: string): void {
  fs.writeFileSync(logFile, '');
  const base = Mocha.reporters.Base as unknown as { consoleLog: (...args: unknown[]) => void };
  const original = base.consoleLog;
  base.consoleLog = (...args: unknown[]) => {
    fs.appendFileSync(logFile, util.format(...args) + '\n');
    original(...args);
  };
}

/** The files in `dir` whose names end with `suffix`, in name order. */
export function filesEndingWith(dir: string, suffix: string): string[] {
  return fs.readdirSync(dir).filter((f) => f.endsWith(suffix)).sort().map((f) => path.join(dir, f));
}

/** Runs `files` with mocha; rejects when any fails (`what` names them in the error: "test", "benchmark"). */
export function runMochaInHost(files: readonly string[], options: { timeoutMs: number; what: string }): Promise<void> {
  const { MOCHA_LOG_FILE: logFile, MOCHA_RESULT_FILE: resultFile, MOCHA_GREP: grep } = process.env;
  if (logFile) mirrorReporterTo(logFile);
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: options.timeoutMs });
  if (grep) mocha.grep(grep);
  files.forEach((f) => mocha.addFile(f));

  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        if (resultFile) {
          const result: TestRunResult = {
            failures,
            passes: runner.stats?.passes ?? 0,
            pending: runner.stats?.pending ?? 0,
            tests: runner.stats?.tests ?? 0,
            vscodeVersion: vscode.version,
            appName: vscode.env.appName,
            uiKind: vscode.env.uiKind === vscode.UIKind.Web ? 'Web' : 'Desktop',
            remoteName: vscode.env.remoteName ?? null,
            node: process.version,
          };
          fs.writeFileSync(resultFile, JSON.stringify(result) + '\n');
        }
        if (failures > 0) reject(new Error(`${failures} ${options.what}(s) failed.`));
        else resolve();
      });
    } catch (err) {
      // A file that throws while loading: make it visible in the mirrored log too.
      if (logFile) fs.appendFileSync(logFile, `Error loading ${options.what}s: ${err instanceof Error ? err.stack : String(err)}\n`);
      reject(err);
    }
  });
}
