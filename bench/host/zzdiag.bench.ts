// TEMPORARY diagnostic (removed after use).
import * as vscode from 'vscode';
import type { TreeNode } from '../../src/host/tree/imagesTreeProvider';
import { SIMULATOR_TOKEN, startSimulator } from '../../simulator';
import { extension, record, settings, sleep, until, VIEW_CONTAINER_COMMAND } from './figures';

type GroupNode = Extract<TreeNode, { type: 'group' }>;

describe('bench diag', () => {
  it('reveal', async function () {
    this.timeout(600_000);
    const sim = await startSimulator({ seed: 'scale', holdSeedTransitions: true });
    const api = await extension().activate();
    const { store, tree, tokens, treeView } = api.services;
    const log: string[] = [];
    const calls = { count: 0 };
    const original = tree.getTreeItem.bind(tree);
    tree.getTreeItem = (node: TreeNode) => {
      calls.count++;
      return original(node);
    };
    try {
      await settings().update('apiUrl', sim.apiUrl, vscode.ConfigurationTarget.Global);
      await tokens.store(SIMULATOR_TOKEN);
      await until(() => store.loaded, 'load');
      log.push(`loaded, calls ${calls.count}, visible ${treeView.visible}`);
      await vscode.commands.executeCommand(VIEW_CONTAINER_COMMAND);
      await until(() => treeView.visible, 'visible');
      log.push(`visible, calls ${calls.count}`);
      await sleep(3000);
      log.push(`after 3 s, calls ${calls.count}`);
      const roots = await tree.getChildren();
      const largest = roots.filter((n): n is GroupNode => n.type === 'group').sort((a, b) => b.group.count - a.group.count)[0];
      try {
        await treeView.reveal(largest, { expand: true, select: false, focus: false });
        log.push(`revealed ${largest.id}, calls ${calls.count}`);
      } catch (error) {
        log.push(`reveal failed: ${String(error)}`);
      }
      await sleep(3000);
      log.push(`after 3 s, calls ${calls.count}`);
      try {
        await treeView.reveal(largest, { expand: 1 });
        log.push(`revealed again (expand 1), calls ${calls.count}`);
      } catch (error) {
        log.push(`reveal 2 failed: ${String(error)}`);
      }
      await sleep(3000);
      log.push(`after 3 s, calls ${calls.count}`);
      const child = (await tree.getChildren(largest))[5];
      try {
        await treeView.reveal(child, { select: false, focus: false });
        log.push(`revealed child, calls ${calls.count}`);
      } catch (error) {
        log.push(`reveal child failed: ${String(error)}`);
      }
      await sleep(3000);
      log.push(`after 3 s, calls ${calls.count}`);
    } finally {
      record({ log });
      tree.getTreeItem = original;
      await tokens.clear();
      await settings().update('apiUrl', undefined, vscode.ConfigurationTarget.Global);
      await sim.close();
    }
  });
});
