// The extension-tests module (extensionTestsPath): the extension host loads it and awaits run().
// Runs under scripts/test-host/run-extension-tests.mjs (code-server) and under @vscode/test-electron.
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

function testFiles(dir: string): string[] {
  return fs.readdirSync(dir)
    .filter((f) => f.endsWith('.test.js'))
    .sort()
    .map((f) => path.join(dir, f));
}

export function run(): Promise<void> {
  const { MOCHA_LOG_FILE: logFile, MOCHA_RESULT_FILE: resultFile, MOCHA_GREP: grep } = process.env;
  if (logFile) {
    mirrorReporterTo(logFile);
  }
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 30_000 });
  if (grep) {
    mocha.grep(grep);
  }
  testFiles(__dirname).forEach((f) => mocha.addFile(f));

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
        if (failures > 0) {
          reject(new Error(`${failures} test(s) failed.`));
        } else {
          resolve();
        }
      });
    } catch (err) {
      // A test file that throws while loading: make it visible in the mirrored log too.
      if (logFile) {
        fs.appendFileSync(logFile, `Error loading tests: ${err instanceof Error ? err.stack : String(err)}\n`);
      }
      reject(err);
    }
  });
}
