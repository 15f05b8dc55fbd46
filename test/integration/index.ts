// The extension-tests module (extensionTestsPath): the extension host loads it and awaits run().
// Runs under scripts/test-host/run-extension-tests.mjs (code-server) and under @vscode/test-electron; the
// environment it reads is described in test/support/hostMocha.ts.
import { filesEndingWith, runMochaInHost } from '../support/hostMocha';

export function run(): Promise<void> {
  return runMochaInHost(filesEndingWith(__dirname, '.test.js'), { timeoutMs: 30_000, what: 'test' });
}
