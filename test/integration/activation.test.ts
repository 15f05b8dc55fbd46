// Runs first (test/integration/index.ts loads this file before the others): the extension must not be active before
// anything asks for it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SIMULATOR_TOKEN } from '../../simulator';
import { exportsFor, type LinodeImagesApi } from '../../src/extension';
import { activateExtension, EXTENSION_ID, sharedSimulator, sleep, until, VIEW_CONTAINER_COMMAND } from './harness';

interface ContributedCommand {
  command: string;
  title: string;
  category?: string;
}

describe('activation', () => {
  it('is lazy, and activating makes no request until the view is shown', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    assert.equal(extension.isActive, false, 'nothing should activate the extension before its view or a command is used');

    const sim = await sharedSimulator();
    process.env.LINODE_CLI_TOKEN = SIMULATOR_TOKEN;
    try {
      const before = sim.requests.length;
      const started = Date.now();
      const api = await activateExtension();
      const activationMs = Date.now() - started;
      await sleep(500);
      assert.equal(sim.requests.length, before, 'activation must not call the API');

      await vscode.commands.executeCommand(VIEW_CONTAINER_COMMAND);
      await until(() => api.services.store.loaded, 'the view to load the images');
      const paths = sim.requests.slice(before).map((r) => `${r.method} ${r.path}`);
      assert.ok(paths.some((p) => p.startsWith('GET /v4/images?')), `expected a list call, got ${paths.join(', ')}`);
      assert.match(api.services.treeView.message ?? '', /LINODE_CLI_TOKEN/);
      console.log(`      (activation took ${activationMs} ms)`);
    } finally {
      delete process.env.LINODE_CLI_TOKEN;
    }
  });

  it('registers every contributed command, all in the "Linode Images" category', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    const contributed = (extension?.packageJSON as { contributes: { commands: ContributedCommand[] } }).contributes.commands;
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.ok(contributed.length >= 5);
    for (const command of contributed) {
      assert.ok(registered.has(command.command), `${command.command} is contributed but not registered`);
      assert.equal(command.category, 'Linode Images', `${command.command} category`);
    }
  });

  it('exports nothing that reaches the token or a client, except to its own tests', async () => {
    const api = await activateExtension();
    assert.ok(api?.services.tokens, 'this run is the extension\'s own test run, so its internals are exported');
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)?.extensionKind, vscode.ExtensionKind.Workspace);
    const internals = { services: api.services, poller: api.poller } satisfies LinodeImagesApi;
    for (const mode of [vscode.ExtensionMode.Production, vscode.ExtensionMode.Development]) {
      assert.equal(exportsFor(mode, internals), undefined, `exports in ${vscode.ExtensionMode[mode]} mode`);
    }
    assert.equal(exportsFor(vscode.ExtensionMode.Test, internals), internals);
  });
});
