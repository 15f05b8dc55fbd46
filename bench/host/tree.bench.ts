// The real ImagesTreeProvider with 10,024 images, in the extension host: building the tree's shape for each
// grouping (what a refresh or a polled update costs), expanding the largest region, and making its items.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TreeNode } from '../../src/host/tree/imagesTreeProvider';
import { SIMULATOR_TOKEN, startSimulator } from '../../simulator';
import { extension, median, record, settings, timeMedian, until, VIEW_CONTAINER_COMMAND } from './figures';

const RUNS = 15;

describe('bench tree', () => {
  it('groups 10,024 images and expands the largest region', async function () {
    this.timeout(600_000);
    const sim = await startSimulator({ seed: 'scale', holdSeedTransitions: true });
    const api = await extension().activate();
    const { store, tree, tokens } = api.services;
    try {
      await settings().update('apiUrl', sim.apiUrl, vscode.ConfigurationTarget.Global);
      await tokens.store(SIMULATOR_TOKEN);
      // The view loads when it is shown (VS Code then asks for its root), as for a user opening it.
      await vscode.commands.executeCommand(VIEW_CONTAINER_COMMAND);
      await until(() => store.loaded && store.allImages().length === 10_024, 'the tree to load 10,024 images');
      sim.requests.length = 0; // the recorded pages would only weigh on this process's heap
      const figures: Record<string, unknown> = { images: store.allImages().length };
      for (const groupBy of ['region', 'type', 'none'] as const) {
        await settings().update('groupBy', groupBy, vscode.ConfigurationTarget.Global);
        // Root children after a regroup: groupImages plus the node maps (what every refresh or update pays).
        const root = await timeMedian(async () => {
          tree.regroup();
          await tree.getChildren();
        }, RUNS);
        const roots = await tree.getChildren();
        const groups = roots.filter((node): node is Extract<TreeNode, { type: 'group' }> => node.type === 'group');
        const largest = groups.sort((a, b) => b.group.count - a.group.count)[0];
        const result: Record<string, unknown> = { rootMs: root, roots: roots.length };
        if (largest) {
          const children = await tree.getChildren(largest);
          result.largestGroup = { id: largest.id, children: children.length };
          result.expandMs = await timeMedian(() => tree.getChildren(largest), RUNS);
          // The first expansion after a regroup makes the group's nodes; later ones find them made.
          const first: number[] = [];
          for (let run = 0; run < RUNS + 3; run++) {
            tree.regroup();
            const fresh = (await tree.getChildren()).find((node) => node.id === largest.id);
            const started = performance.now();
            await tree.getChildren(fresh);
            if (run >= 3) first.push(performance.now() - started);
          }
          result.firstExpandMs = { median: median(first), min: Math.min(...first), max: Math.max(...first) };
          // What VS Code asks next for each child it shows: its TreeItem (label, description, icon, tooltip).
          result.itemsMs = await timeMedian(() => children.map((child) => tree.getTreeItem(child)), 5, 1);
          // Hovering one row: its tooltip is made then.
          result.hoverMs = await timeMedian(() => tree.resolveTreeItem(tree.getTreeItem(children[0]), children[0]), RUNS);
        } else {
          result.itemsMs = await timeMedian(() => roots.map((child) => tree.getTreeItem(child)), 5, 1);
        }
        figures[groupBy] = result;
      }
      record({ tree: figures });
      assert.ok(figures.region);
    } finally {
      await settings().update('groupBy', undefined, vscode.ConfigurationTarget.Global);
      await tokens.clear();
      await settings().update('apiUrl', undefined, vscode.ConfigurationTarget.Global);
      await sim.close();
    }
  });
});
