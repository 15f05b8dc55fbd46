import * as assert from 'assert';
import * as vscode from 'vscode';

const EXTENSION_ID = 'linode-images-dev.linode-images';

describe('extension host smoke test', () => {
  it('runs inside a real VS Code', () => {
    assert.strictEqual(typeof vscode.version, 'string');
    assert.match(vscode.version, /^\d+\.\d+\.\d+/);
  });

  it(`knows the extension ${EXTENSION_ID}`, () => {
    const ids = vscode.extensions.all.map((e) => e.id.toLowerCase());
    assert.ok(ids.includes(EXTENSION_ID), `${EXTENSION_ID} not among ${ids.length} extensions`);
  });
});
