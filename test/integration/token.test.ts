import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { SEED_IDS, SIMULATOR_READONLY_TOKEN, SIMULATOR_TOKEN } from '../../simulator';
import { asFirstLoad, freshHarness, renderTree, signedInHarness, until, type Harness } from './harness';
import { imageNode, imagePath, run } from './operationsSupport';

const ACCOUNTS_KEY = 'linodeImages.accounts';

/** The token of the account shown, read from SecretStorage itself (not from the extension's copy). */
async function storedSecret(h: Harness): Promise<string | undefined> {
  const text = await h.api.services.context.secrets.get(ACCOUNTS_KEY);
  if (text === undefined) return undefined;
  const file = JSON.parse(text) as { current?: string; accounts: Array<{ id: string; token: string }> };
  return (file.accounts.find((account) => account.id === file.current) ?? file.accounts[0])?.token;
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

  it('does not store a token Linode rejects, says why, and offers Set API Token, which asks again', async () => {
    h = await freshHarness();
    h.prompts.expect(
      { kind: 'inputBox', answer: 'not-a-real-token' },
      { kind: 'error', match: /not stored: Linode rejected it \(Invalid Token\)/, answer: 'Set API Token' },
      { kind: 'inputBox', match: /Linode API Token/, answer: undefined },
    );
    await vscode.commands.executeCommand('linodeImages.setApiToken');
    await until(() => h.prompts.shown.filter((p) => p.kind === 'inputBox').length === 2, 'the button to ask for a token again');
    assert.deepEqual(h.prompts.shown.find((p) => p.kind === 'error')?.actions, ['Set API Token']);
    assert.equal(await storedSecret(h), undefined);
    assert.equal(profileChecks(h), 1);
    assert.ok(!h.prompts.messages().some((m) => m.includes('not-a-real-token')), 'the token must not appear in messages');
  });

  it('when Linode cannot be reached, offers Retry, which checks the same token again without asking for it', async () => {
    h = await freshHarness();
    // Every try of the check fails: the client tries a GET a few times before the error reaches the user.
    h.sim.faults.add({ origin: 'api', method: 'GET', path: '/profile', status: 503, times: Number.POSITIVE_INFINITY });
    h.prompts.expect({ kind: 'inputBox', answer: SIMULATOR_TOKEN }, { kind: 'error', match: /^The token was not stored: it could not be checked: / });
    await vscode.commands.executeCommand('linodeImages.setApiToken');
    assert.deepEqual(h.prompts.shown.find((p) => p.kind === 'error')?.actions, ['Retry', 'Show Log']);
    assert.equal(await storedSecret(h), undefined);
    const triesPerCheck = profileChecks(h);

    // Again, failing just as often; then Linode answers, and Retry stores the token.
    h.sim.faults.clear();
    h.sim.faults.add({ origin: 'api', method: 'GET', path: '/profile', status: 503, times: triesPerCheck });
    h.prompts.expect(
      { kind: 'inputBox', answer: SIMULATOR_TOKEN },
      { kind: 'error', match: /^The token was not stored: it could not be checked: /, answer: 'Retry' },
      { kind: 'info', match: /stored for sim-user/ },
    );
    await vscode.commands.executeCommand('linodeImages.setApiToken');
    await until(() => h.prompts.messages('info').some((m) => /stored for sim-user/.test(m)), 'Retry to store the token', 30_000);
    assert.equal(await storedSecret(h), SIMULATOR_TOKEN);
    assert.equal(h.prompts.shown.filter((p) => p.kind === 'inputBox').length, 2, 'Retry did not ask for the token again');
  });

  it('validates the input as the user types and sends nothing for a refused or cancelled entry', async () => {
    h = await freshHarness();
    h.prompts.expect({ kind: 'inputBox', answer: 'two words', refusedWith: /a space at position 4 of 9/ }, { kind: 'inputBox', answer: undefined });
    await vscode.commands.executeCommand('linodeImages.setApiToken');
    await vscode.commands.executeCommand('linodeImages.setApiToken');
    assert.equal(h.sim.requests.length, 0);
    assert.equal(await storedSecret(h), undefined);
  });

  it('refuses, before any request, a token with a character that cannot go in an HTTP header, and says which and where', async () => {
    h = await freshHarness();
    const pasted: Array<[string, RegExp]> = [
      [`${SIMULATOR_TOKEN.slice(0, 8)}\u200b${SIMULATOR_TOKEN.slice(8)}`, /zero-width space \(U\+200B\) at position 9 of 65/],
      [`${SIMULATOR_TOKEN}…`, /ellipsis "…" \(U\+2026\) at position 65 of 65/],
      [`${SIMULATOR_TOKEN.slice(0, 3)}\u0001${SIMULATOR_TOKEN.slice(3)}`, /control character \(U\+0001\) at position 4/],
      [`${SIMULATOR_TOKEN.slice(0, 3)}\u0000${SIMULATOR_TOKEN.slice(3)}`, /NUL character \(U\+0000\) at position 4/],
      [`${SIMULATOR_TOKEN.slice(0, 3)} ${SIMULATOR_TOKEN.slice(3)}`, /a space at position 4/],
    ];
    for (const [token, refusedWith] of pasted) {
      h.prompts.expect({ kind: 'inputBox', match: /Linode API Token/, answer: token, refusedWith });
      await vscode.commands.executeCommand('linodeImages.setApiToken');
    }
    assert.equal(h.sim.requests.length, 0, 'nothing was sent');
    assert.equal(await storedSecret(h), undefined);
    for (const shown of h.prompts.shown) assert.ok(!shown.text.includes(SIMULATOR_TOKEN.slice(8, 30)), `a prompt quotes the token: ${shown.text}`);
  });

  it('trims the spaces and line breaks pasted around a token', async () => {
    h = await freshHarness();
    h.prompts.expect({ kind: 'inputBox', answer: `  ${SIMULATOR_TOKEN}\n` }, { kind: 'info', match: /stored for sim-user/ });
    await vscode.commands.executeCommand('linodeImages.setApiToken');
    assert.equal(await storedSecret(h), SIMULATOR_TOKEN);
  });

  it('sends no request with a stored or environment token that cannot go in a header, and says what is wrong', async () => {
    h = await freshHarness();
    // (An environment variable cannot hold a NUL: the environment cuts the value there.)
    process.env.LINODE_CLI_TOKEN = `${SIMULATOR_TOKEN.slice(0, 5)}\u200b${SIMULATOR_TOKEN.slice(5)}`;
    h.prompts.expect({ kind: 'error', match: /^Loading images failed: The token in LINODE_CLI_TOKEN has a zero-width space \(U\+200B\) at position 6/, answer: undefined });
    await vscode.commands.executeCommand('linodeImages.refresh');
    await until(() => h.api.services.store.loadError !== undefined, 'the load to fail');
    const rows = await renderTree(h.api);
    assert.equal(rows[0]?.label, 'The API token cannot be used');
    assert.equal(h.sim.requests.filter((r) => r.path !== '/v4/regions' && !r.path.startsWith('/v4/regions?')).length, 0, 'no authenticated request went out');
    for (const text of h.prompts.messages()) assert.ok(!text.includes(SIMULATOR_TOKEN.slice(6, 30)) && !/Bearer/.test(text), text);
    delete process.env.LINODE_CLI_TOKEN;
  });

  it('redacts a token from every error notification and error row, whatever put it in the error', async () => {
    h = await signedInHarness(SIMULATOR_TOKEN);
    const id = SEED_IDS.images.singleRegion;
    const node = await imageNode(h, id);
    // An API (or a proxy) that echoes the request's header in its error reason.
    const echo = `Bad header: Authorization: Bearer ${SIMULATOR_TOKEN}`;
    h.sim.faults.add({ origin: 'api', method: 'PUT', path: imagePath(id), status: 400, reason: echo });
    h.prompts.expect(
      { kind: 'inputBox', match: /Rename Image/, answer: 'renamed' },
      { kind: 'error', match: /^Rename Image failed: Bad header: Authorization: Bearer <token>$/ },
    );
    await run('renameImage', node);

    h.sim.faults.add({ origin: 'api', method: 'GET', path: '/images', status: 400, reason: echo, times: Infinity });
    await asFirstLoad(h); // set again: a first load, whose failure is drawn as rows
    await vscode.commands.executeCommand('linodeImages.reloadAll');
    h.sim.faults.clear();
    const rows = await renderTree(h.api);
    assert.match(rows[0]?.description ?? '', /Bearer <token>/);
    for (const text of [...h.prompts.messages(), ...rows.map((r) => `${r.label} ${r.description ?? ''}`)]) {
      assert.ok(!text.includes(SIMULATOR_TOKEN), text);
    }
  });

  it('warns when the token lacks the scopes image changes need, with Set API Token to give another', async () => {
    h = await freshHarness();
    h.prompts.expect({ kind: 'inputBox', answer: SIMULATOR_READONLY_TOKEN }, { kind: 'warning', match: /lacks images:read_write/ });
    await vscode.commands.executeCommand('linodeImages.setApiToken');
    assert.equal(await storedSecret(h), SIMULATOR_READONLY_TOKEN);
    assert.deepEqual(h.prompts.shown.find((p) => p.kind === 'warning')?.actions, ['Set API Token']);

    h.prompts.expect(
      { kind: 'inputBox', answer: SIMULATOR_READONLY_TOKEN },
      { kind: 'warning', match: /lacks images:read_write/, answer: 'Set API Token' },
      { kind: 'inputBox', match: /Linode API Token/, answer: SIMULATOR_TOKEN },
      { kind: 'info', match: /stored for sim-user/ },
    );
    await vscode.commands.executeCommand('linodeImages.setApiToken');
    await until(() => h.prompts.messages('info').some((m) => /stored for sim-user/.test(m)), 'the button to store the other token');
    assert.equal(await storedSecret(h), SIMULATOR_TOKEN);
  });

  it('signs out (forgets the stored token) only after confirmation', async () => {
    h = await signedInHarness(SIMULATOR_TOKEN);
    h.prompts.expect({ kind: 'confirm', match: /Sign out of API token\?[\s\S]*stays valid at Linode/, answer: undefined });
    await vscode.commands.executeCommand('linodeImages.signOut');
    assert.equal(await storedSecret(h), SIMULATOR_TOKEN, 'declined: kept');

    h.prompts.expect({ kind: 'confirm', answer: 'Sign Out' }, { kind: 'info', match: /Signed out of API token/ });
    await vscode.commands.executeCommand('linodeImages.signOut');
    assert.equal(await storedSecret(h), undefined);
    assert.deepEqual(await renderTree(h.api), [], 'back to the welcome view');
  });

  it('falls back to LINODE_CLI_TOKEN when nothing is stored, and says so', async () => {
    h = await signedInHarness(SIMULATOR_TOKEN);
    process.env.LINODE_CLI_TOKEN = SIMULATOR_READONLY_TOKEN;
    h.prompts.expect({ kind: 'confirm', answer: 'Sign Out' }, { kind: 'info', match: /LINODE_CLI_TOKEN environment variable is still used/ });
    await vscode.commands.executeCommand('linodeImages.signOut');
    assert.equal(h.api.services.tokens.current?.source, 'environment');
    assert.match(h.api.services.treeView.message ?? '', /LINODE_CLI_TOKEN/);
    await until(() => h.api.services.store.loaded, 'the tree to load with the environment token');
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
