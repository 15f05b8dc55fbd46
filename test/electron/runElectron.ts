// Runs the integration suite (out/test/integration) in desktop VS Code through @vscode/test-electron.
// That downloads VS Code from update.code.visualstudio.com unless VSCODE_EXECUTABLE names a local VS Code binary.
// Machines without that download (npm registry and Debian only) use the code-server runner instead:
//   node scripts/test-host/run-extension-tests.mjs
//
//   node out/test/electron/runElectron.js [--grep PATTERN]
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runTests } from '@vscode/test-electron';

const DOWNLOAD_ERROR = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|getaddrinfo|download|update\.code\.visualstudio\.com/i;

function grepArg(argv: string[]): string | undefined {
  const i = argv.indexOf('--grep');
  return i >= 0 ? argv[i + 1] : undefined;
}

async function main(): Promise<number> {
  const extensionDevelopmentPath = path.resolve(__dirname, '../../..');
  const extensionTestsPath = path.resolve(__dirname, '../integration/index');
  const vscodeExecutablePath = process.env.VSCODE_EXECUTABLE || undefined;
  const grep = grepArg(process.argv.slice(2));
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'linode-images-electron-'));
  const workspace = path.join(scratch, 'workspace');
  fs.mkdirSync(workspace);
  fs.writeFileSync(path.join(workspace, 'README.md'), '# Test workspace\n');
  try {
    return await runTests({
      extensionDevelopmentPath,
      extensionTestsPath,
      vscodeExecutablePath,
      extensionTestsEnv: grep ? { MOCHA_GREP: grep } : {},
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome',
        '--skip-release-notes', `--user-data-dir=${path.join(scratch, 'user-data')}`],
    });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (!vscodeExecutablePath && DOWNLOAD_ERROR.test(message)) {
      console.error(`\n@vscode/test-electron could not download VS Code (${message}).\n`
        + 'This machine has no access to update.code.visualstudio.com. Either set VSCODE_EXECUTABLE to a local\n'
        + 'VS Code binary, or run the same suite in code-server: node scripts/test-host/run-extension-tests.mjs');
    } else {
      console.error(`\nRunning the tests in VS Code failed: ${message}`);
    }
    return 1;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => { console.error(err); process.exit(1); },
);
