// Accounts linode-cli already has on this computer, in a real extension host: Switch Account… and Use linode-cli
// Account… offer them (the default user first), picking one checks its token and copies it into SecretStorage,
// Sign Out does not revoke it (it is the user's), a file that cannot be read is one log line, and an account set up
// for another API is not used without asking. The files live in a temporary XDG_CONFIG_HOME and HOME of this test.
import * as assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { StoredAccount } from '../../src/host/auth/tokenStore';
import { SIMULATOR_READONLY_TOKEN, SIMULATOR_TOKEN, SIMULATOR_USERNAME } from '../../simulator';
import { freshHarness, logText, until, type Harness } from './harness';

type Picked = vscode.QuickPickItem & { cliAccount?: { name: string } };

describe('accounts: linode-cli accounts on this computer', function () {
  this.timeout(60_000);
  let h: Harness;
  let folder: string;
  const saved = { home: process.env.HOME, xdg: process.env.XDG_CONFIG_HOME };

  /** linode-cli's file, pointed at the simulator (as `linode-cli configure` writes it for another API host). */
  const writeCliConfig = async (text: string): Promise<string> => {
    const file = join(folder, 'config', 'linode-cli');
    await writeFile(file, text);
    return file;
  };
  const apiHost = (): string => new URL(h.sim.apiUrl).host;
  const twoUsers = (): string => [
    '[DEFAULT]',
    'default-user = bob',
    '',
    '[alice]',
    `token = ${SIMULATOR_READONLY_TOKEN}`,
    `api_host = ${apiHost()}`,
    'api_scheme = http',
    'region = us-east',
    '',
    '[bob]',
    `token = ${SIMULATOR_TOKEN}`,
    `api_host = ${apiHost()}`,
    'api_scheme = http',
    '',
  ].join('\n');

  beforeEach(async () => {
    h = await freshHarness();
    folder = await mkdtemp(join(tmpdir(), 'linode-cli-accounts-'));
    await mkdir(join(folder, 'config'));
    process.env.HOME = folder;
    process.env.XDG_CONFIG_HOME = join(folder, 'config');
  });

  afterEach(async () => {
    for (const [key, value] of [['HOME', saved.home], ['XDG_CONFIG_HOME', saved.xdg]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    await rm(folder, { recursive: true, force: true });
    h.prompts.assertDone();
  });

  it('Switch Account offers both users of a linode-cli file, the default first, and uses the chosen one\'s token', async () => {
    const { tokens, treeView } = h.api.services;
    await writeCliConfig(twoUsers());
    let offered: string[] = [];
    h.prompts.expect(
      {
        kind: 'quickPick',
        match: /^Linode Account \|/,
        pick: (items) => {
          offered = items.filter((item: Picked) => item.cliAccount).map((item) => `${item.label} · ${item.description ?? ''}`);
          return items.find((item: Picked) => item.cliAccount?.name === 'alice');
        },
      },
      { kind: 'info', match: /^Using alice \(linode-cli\): signed in to Linode as sim-user\.$/ },
    );
    await vscode.commands.executeCommand('linodeImages.switchAccount');
    assert.deepEqual(offered, ['$(terminal) bob (linode-cli) · default', '$(terminal) alice (linode-cli) · ']);
    const account = tokens.currentAccount as StoredAccount;
    assert.equal(account.token, SIMULATOR_READONLY_TOKEN, "alice's token");
    assert.equal(account.label, SIMULATOR_USERNAME, 'named by GET /profile');
    assert.deepEqual(account.importedFrom, { source: 'linode-cli', name: 'alice' });
    assert.equal(treeView.description, SIMULATOR_USERNAME);
    const checks = h.sim.requests.filter((r) => r.origin === 'api' && r.path === '/v4/profile');
    assert.ok(checks.length >= 1, 'checked with GET /profile before it was stored');
  });

  it('Use linode-cli Account uses the only account in one step; Sign Out forgets it without revoking it', async () => {
    const { tokens } = h.api.services;
    await writeCliConfig(['[DEFAULT]', 'default-user = bob', '', '[bob]', `token = ${SIMULATOR_TOKEN}`, `api_host = ${apiHost()}`, 'api_scheme = http', ''].join('\n'));
    h.prompts.expect({ kind: 'info', match: /^Using bob \(linode-cli\): signed in to Linode as sim-user\.$/ });
    assert.equal(await vscode.commands.executeCommand('linodeImages.useCliAccount'), SIMULATOR_USERNAME);
    assert.deepEqual(tokens.currentAccount?.importedFrom, { source: 'linode-cli', name: 'bob' });

    h.prompts.expect(
      { kind: 'confirm', match: /^Sign out of sim-user\?\nVS Code forgets its copy of the linode-cli token of "bob"\. The token is yours, so it is not revoked/, answer: 'Sign Out' },
      { kind: 'info', match: /^Signed out of sim-user\. Its token was not revoked: it is your own\.$/ },
    );
    await vscode.commands.executeCommand('linodeImages.signOut');
    assert.equal(tokens.accounts.length, 0);
    assert.deepEqual(h.sim.requests.filter((r) => r.origin === 'login'), [], 'nothing sent to the login server');
    assert.ok(h.sim.state.tokens.has(SIMULATOR_TOKEN), 'the token still works at Linode');
  });

  it('a file that cannot be read is one log line, not a notification, however often it is looked at', async () => {
    const file = await writeCliConfig('[alice\ntoken = x\n');
    h.prompts.expect({ kind: 'info', match: /^No linode-cli or Linode config account to add/ });
    await vscode.commands.executeCommand('linodeImages.useCliAccount');
    // Looked at again (Switch Account): still the one line.
    h.prompts.expect({ kind: 'quickPick', match: /^Linode Account \|/, pick: (items) => {
      assert.equal(items.filter((item: Picked) => item.cliAccount).length, 0, 'nothing offered');
      return undefined;
    } });
    await vscode.commands.executeCommand('linodeImages.switchAccount');
    await until(() => logText(h.api).includes(file), 'the line in the log');
    const lines = logText(h.api).split('\n').filter((line) => line.includes(file));
    assert.equal(lines.length, 1, lines.join('\n'));
    assert.match(lines[0], /\[warning\]/);
    assert.deepEqual(h.prompts.messages('error'), []);
  });

  it('an account set up for another API says so in the picker and is not used without asking', async () => {
    const { tokens } = h.api.services;
    await writeCliConfig(['[DEFAULT]', 'default-user = carol', '', '[carol]', `token = ${SIMULATOR_TOKEN}`, 'api_host = api.dev.example.com', ''].join('\n'));
    let description = '';
    h.prompts.expect(
      {
        kind: 'quickPick',
        match: /^Linode Account \|/,
        pick: (items) => {
          const carol = items.find((item: Picked) => item.cliAccount?.name === 'carol');
          description = carol?.description ?? '';
          return carol;
        },
      },
      { kind: 'warning', match: /^carol \(linode-cli\) is set up for another API: its configuration names https:\/\/api\.dev\.example\.com, but this extension talks to http:\/\/127\.0\.0\.1:\d+/ },
    );
    await vscode.commands.executeCommand('linodeImages.switchAccount');
    assert.match(description, /default · \$\(warning\) its API is https:\/\/api\.dev\.example\.com/);
    assert.equal(tokens.accounts.length, 0, 'not used');
    assert.deepEqual(h.sim.requests.filter((r) => r.path === '/v4/profile'), [], 'its token was not sent anywhere');
    // A notification, not a modal dialog, with a button for each way on.
    assert.deepEqual(h.prompts.shown.find((p) => p.kind === 'warning')?.actions, [`Use with ${h.sim.apiUrl}`, 'Open Settings']);

    h.prompts.expect(
      { kind: 'warning', match: /^carol \(linode-cli\) is set up for another API/, answer: `Use with ${h.sim.apiUrl}` },
      { kind: 'info', match: /^Using carol \(linode-cli\): signed in to Linode as sim-user\.$/ },
    );
    await vscode.commands.executeCommand('linodeImages.useCliAccount');
    assert.deepEqual(tokens.currentAccount?.importedFrom, { source: 'linode-cli', name: 'carol' }, 'used once the button said so');
  });

  it('a token Linode rejects offers to run linode-cli configure, in a terminal', async () => {
    await writeCliConfig(['[DEFAULT]', 'default-user = bob', '', '[bob]', 'token = not-a-real-token', `api_host = ${apiHost()}`, 'api_scheme = http', ''].join('\n'));
    const named = (): vscode.Terminal[] => vscode.window.terminals.filter((terminal) => terminal.name === 'linode-cli configure');
    h.prompts.expect({ kind: 'error', match: /^The token of bob \(linode-cli\) was not used: Linode rejected it/, answer: 'Run linode-cli configure' });
    try {
      await vscode.commands.executeCommand('linodeImages.useCliAccount');
      await until(() => named().length === 1, 'the button to open a terminal running linode-cli configure');
      assert.deepEqual(h.prompts.shown.find((p) => p.kind === 'error')?.actions, ['Run linode-cli configure']);
      assert.equal(h.api.services.tokens.accounts.length, 0);
    } finally {
      for (const terminal of named()) terminal.dispose();
    }
  });

  it('a token that could not be checked offers Retry, which checks the same account again', async () => {
    await writeCliConfig(['[DEFAULT]', 'default-user = bob', '', '[bob]', `token = ${SIMULATOR_TOKEN}`, `api_host = ${apiHost()}`, 'api_scheme = http', ''].join('\n'));
    const checks = (): number => h.sim.requests.filter((r) => r.path === '/v4/profile').length;
    h.sim.faults.add({ origin: 'api', method: 'GET', path: '/profile', status: 503, times: Number.POSITIVE_INFINITY });
    h.prompts.expect({ kind: 'error', match: /^The token of bob \(linode-cli\) was not used: it could not be checked/ });
    await vscode.commands.executeCommand('linodeImages.useCliAccount');
    assert.deepEqual(h.prompts.shown.find((p) => p.kind === 'error')?.actions, ['Retry', 'Show Log']);
    const triesPerCheck = checks();

    // Failing just as often once more; then Linode answers, and Retry uses the account.
    h.sim.faults.clear();
    h.sim.faults.add({ origin: 'api', method: 'GET', path: '/profile', status: 503, times: triesPerCheck });
    h.prompts.expect(
      { kind: 'error', match: /could not be checked/, answer: 'Retry' },
      { kind: 'info', match: /^Using bob \(linode-cli\): signed in to Linode as sim-user\.$/ },
    );
    try {
      await vscode.commands.executeCommand('linodeImages.useCliAccount');
      await until(() => h.prompts.messages('info').some((m) => m.startsWith('Using bob')), 'Retry to use the account', 30_000);
      assert.deepEqual(h.api.services.tokens.currentAccount?.importedFrom, { source: 'linode-cli', name: 'bob' });
    } finally {
      h.sim.faults.clear();
    }
  });
});
