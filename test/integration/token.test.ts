import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { SIMULATOR_READONLY_TOKEN, SIMULATOR_TOKEN } from '../../simulator';
import { freshHarness, renderTree, signedInHarness, until, type Harness } from './harness';

const SECRET_KEY = 'linodeImages.apiToken';

async function storedSecret(h: Harness): Promise<string | undefined> {
  return h.api.services.context.secrets.get(SECRET_KEY);
}

function profileChecks(h: Harness): number {
  return h.sim.requests.filter((r) => r.path.startsWith('/v4/profile')).length;
}

describe('API token', () => {
  let h: Harness;
  afterEach(() => h.prompts.assertDone());

  it('stores a token Linode accepts, in SecretStorage, and names the user', async () => {
    h = await freshHarness();
    assert.deepEqual(await renderTree(h.api), [], 'no token: the tree is empty so the welcome view shows');
    h.prompts.expect(
      { kind: 'inputBox', match: /Linode API Token/, answer: SIMULATOR_TOKEN, inspect: (o) => assert.equal(o.password, true) },
      { kind: 'info', match: /stored for sim-user/ },
    );
    await vscode.commands.executeCommand('linodeImages.setApiToken');
    assert.equal(await storedSecret(h), SIMULATOR_TOKEN);
    assert.equal(profileChecks(h), 1);
    const tree = await renderTree(h.api);
    assert.ok(tree.some((n) => n.id.startsWith('region:')), 'the tree shows regions once the token is set');
    assert.equal(vscode.workspace.getConfiguration('linodeImages').inspect('apiToken')?.globalValue, undefined, 'no token setting');
  });

  it('does not store a token Linode rejects, and says why', async () => {
    h = await freshHarness();
    h.prompts.expect({ kind: 'inputBox', answer: 'not-a-real-token' }, { kind: 'error', match: /not stored: Linode rejected it \(Invalid Token\)/ });
    await vscode.commands.executeCommand('linodeImages.setApiToken');
    assert.equal(await storedSecret(h), undefined);
    assert.equal(profileChecks(h), 1);
    assert.ok(!h.prompts.messages().some((m) => m.includes('not-a-real-token')), 'the token must not appear in messages');
  });

  it('validates the input as the user types and sends nothing for a refused or cancelled entry', async () => {
    h = await freshHarness();
    h.prompts.expect({ kind: 'inputBox', answer: 'two words', refusedWith: /no spaces/ }, { kind: 'inputBox', answer: undefined });
    await vscode.commands.executeCommand('linodeImages.setApiToken');
    await vscode.commands.executeCommand('linodeImages.setApiToken');
    assert.equal(h.sim.requests.length, 0);
    assert.equal(await storedSecret(h), undefined);
  });

  it('warns when the token lacks the scopes image changes need', async () => {
    h = await freshHarness();
    h.prompts.expect({ kind: 'inputBox', answer: SIMULATOR_READONLY_TOKEN }, { kind: 'warning', match: /lacks images:read_write/ });
    await vscode.commands.executeCommand('linodeImages.setApiToken');
    assert.equal(await storedSecret(h), SIMULATOR_READONLY_TOKEN);
  });

  it('clears the stored token only after confirmation', async () => {
    h = await signedInHarness(SIMULATOR_TOKEN);
    h.prompts.expect({ kind: 'confirm', match: /Remove the Linode API token/, answer: undefined });
    await vscode.commands.executeCommand('linodeImages.clearApiToken');
    assert.equal(await storedSecret(h), SIMULATOR_TOKEN, 'declined: kept');

    h.prompts.expect({ kind: 'confirm', answer: 'Remove Token' }, { kind: 'info', match: /removed/ });
    await vscode.commands.executeCommand('linodeImages.clearApiToken');
    assert.equal(await storedSecret(h), undefined);
    assert.deepEqual(await renderTree(h.api), [], 'back to the welcome view');
  });

  it('falls back to LINODE_CLI_TOKEN when nothing is stored, and says so', async () => {
    h = await signedInHarness(SIMULATOR_TOKEN);
    process.env.LINODE_CLI_TOKEN = SIMULATOR_READONLY_TOKEN;
    h.prompts.expect({ kind: 'confirm', answer: 'Remove Token' }, { kind: 'info', match: /LINODE_CLI_TOKEN environment variable is still used/ });
    await vscode.commands.executeCommand('linodeImages.clearApiToken');
    assert.equal(h.api.services.tokens.current?.source, 'environment');
    assert.match(h.api.services.treeView.message ?? '', /LINODE_CLI_TOKEN/);
    await until(() => h.api.services.tree.loaded, 'the tree to load with the environment token');
    const authorizations = h.sim.requests.filter((r) => r.path.startsWith('/v4/images')).map((r) => r.headers.authorization);
    assert.ok(authorizations.length > 0 && authorizations.every((a) => a === 'Bearer <redacted>'));
    delete process.env.LINODE_CLI_TOKEN;
  });

  it('never writes the token to settings or the log', async () => {
    h = await signedInHarness(SIMULATOR_TOKEN);
    h.prompts.expect({ kind: 'inputBox', answer: 'rejected-token-value' }, { kind: 'error' });
    await vscode.commands.executeCommand('linodeImages.setApiToken');
    await vscode.commands.executeCommand('linodeImages.refresh');
    const logDir = path.dirname(h.api.services.context.logUri.fsPath);
    const files = listFiles(logDir).filter((f) => f.endsWith('.log'));
    assert.ok(files.length > 0, `no log files under ${logDir}`);
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      for (const secret of [SIMULATOR_TOKEN, 'rejected-token-value']) {
        assert.ok(!text.includes(secret), `${file} contains a token`);
      }
    }
    const settingsText = JSON.stringify(vscode.workspace.getConfiguration('linodeImages'));
    assert.ok(!settingsText.includes(SIMULATOR_TOKEN));
  });
});

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)],
  );
}
