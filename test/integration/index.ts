// The extension-tests module (extensionTestsPath): the extension host loads it and awaits run().
// Runs under scripts/test-host/run-extension-tests.mjs (code-server) and under @vscode/test-electron; the
// environment it reads is described in test/support/hostMocha.ts.
import * as path from 'path';
import { filesEndingWith, runMochaInHost } from '../support/hostMocha';

/** Checks that nothing activated the extension before it, so it runs first whatever the other files are named. */
const FIRST = 'activation.test.js';

export function run(): Promise<void> {
  const files = filesEndingWith(__dirname, '.test.js');
  const ordered = [...files.filter((f) => path.basename(f) === FIRST), ...files.filter((f) => path.basename(f) !== FIRST)];
  return runMochaInHost(ordered, { timeoutMs: 30_000, what: 'test' });
}
