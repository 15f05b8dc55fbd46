// A root hook, so it runs once every test of the run has finished, whatever the files are named: each request that reached a simulator (API, upload host, login server) named
// its sender in a User-Agent, and each one the extension sent names the extension, its version and VS Code's, as
// linode-cli and linodego do (Linode's edge refuses token requests without one). The tests' own requests name
// themselves (linode-images-test…, linode-images-chaos…), and the browser's its own.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, RUN_REQUESTS } from './harness';

after('every request of the run carried a User-Agent; the extension\'s named it, its version and VS Code\'s, on all three origins', () => {
  const version = (vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { version: string }).version;
  const ours = `linode-images-vscode/${version} VSCode/${vscode.version}`;
  const tests = /^(linode-images-test|linode-images-chaos|contract-test)\b/;
  const browser = /^Mozilla\//;
  const anonymous = RUN_REQUESTS.filter((r) => !r.userAgent);
  assert.deepEqual(anonymous.slice(0, 10), [], `${anonymous.length} requests without a User-Agent`);
  const strangers = RUN_REQUESTS.filter((r) => r.userAgent !== ours && !tests.test(r.userAgent ?? '') && !browser.test(r.userAgent ?? ''));
  assert.deepEqual(strangers.slice(0, 10), [], `${strangers.length} requests from an unknown sender`);
  // A run of some of the tests (--grep) need not reach every origin.
  if (process.env.MOCHA_GREP) return;
  for (const origin of ['api', 'upload', 'login']) {
    const count = RUN_REQUESTS.filter((r) => r.origin === origin && r.userAgent === ours).length;
    assert.ok(count > 0, `the extension sent no request to the ${origin} origin in this run (${RUN_REQUESTS.length} requests seen)`);
  }
});
