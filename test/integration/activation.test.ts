// Runs first (test/integration/index.ts loads this file before the others): the extension must not be active before
// anything asks for it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SIMULATOR_TOKEN } from '../../simulator';
import { exportsFor, type LinodeImagesApi } from '../../src/extension';
import { COMMANDS } from '../../src/host/commands/registry';
import { COMMAND_NAMES, commandId, CONTEXT_KEYS, ID_NAMESPACE, VIEW_IDS } from '../../src/host/ids';
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

  it('names in its ids table exactly the commands and views package.json contributes, and defines each command once', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    const { commands, views } = (extension?.packageJSON as { contributes: { commands: ContributedCommand[]; views: Record<string, { id: string }[]> } }).contributes;
    const sorted = (ids: Iterable<string>): string[] => [...ids].sort();
    assert.deepEqual(sorted(COMMAND_NAMES.map(commandId)), sorted(commands.map((c) => c.command)), 'the ids table vs package.json\'s commands');
    assert.deepEqual(sorted(Object.values(VIEW_IDS)), sorted(Object.values(views).flat().map((v) => v.id)), 'the ids table vs package.json\'s views');
    assert.deepEqual(sorted(COMMANDS.map((d) => d.id)), sorted(COMMAND_NAMES), 'the registry defines every command of the table, each once');
    // Every context key the extension sets is read by some `when` clause (or enablement) of package.json.
    const manifest = JSON.stringify(extension?.packageJSON);
    for (const key of Object.values(CONTEXT_KEYS)) {
      assert.ok(key.startsWith(`${ID_NAMESPACE}.`) && manifest.includes(key), `${key} is used in package.json`);
    }
  });

  it('exports nothing that reaches the token or a client, except to its own tests', async () => {
    const api = await activateExtension();
    assert.ok(api?.services.tokens, 'this run is the extension\'s own test run, so its internals are exported');
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)?.extensionKind, vscode.ExtensionKind.Workspace);
    const internals = { services: api.services, poller: api.poller, newPoller: api.newPoller } satisfies LinodeImagesApi;
    for (const mode of [vscode.ExtensionMode.Production, vscode.ExtensionMode.Development]) {
      assert.equal(exportsFor(mode, internals), undefined, `exports in ${vscode.ExtensionMode[mode]} mode`);
    }
    assert.equal(exportsFor(vscode.ExtensionMode.Test, internals), internals);
  });
});
