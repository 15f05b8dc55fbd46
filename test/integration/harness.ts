// Shared set-up for the extension-host tests: one simulator on loopback, the activated extension, and a
// fresh strict prompt double per test.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { LinodeImagesApi } from '../../src/extension';
import type { TreeNode } from '../../src/host/tree/imagesTreeProvider';
import { DEFAULT_PACE, type PollingPace } from '../../src/host/tree/pendingPoller';
import { SIMULATOR_TOKEN, startSimulator, tapExchanges, type Simulator } from '../../simulator';
import { PromptDouble } from './promptDouble';

export const EXTENSION_ID = 'linode-images-dev.linode-images';
export const VIEW_CONTAINER_COMMAND = 'workbench.view.extension.linodeImages';

export interface Harness {
  sim: Simulator;
  api: LinodeImagesApi;
  prompts: PromptDouble;
}

let simulator: Promise<Simulator> | undefined;

/** Who sent each request of the run, to any simulator (API, upload and login origins): the last test checks them. */
export const RUN_REQUESTS: Array<{ origin: string; request: string; userAgent: string | undefined }> = [];
tapExchanges((exchange) => {
  RUN_REQUESTS.push({ origin: exchange.origin, request: `${exchange.method} ${exchange.path.split('?')[0]}`, userAgent: exchange.headers['user-agent'] });
});

/** The one simulator of the run, with the extension pointed at it (before activation, so it starts there). */
export async function sharedSimulator(): Promise<Simulator> {
  simulator ??= (async () => {
    const sim = await startSimulator({ lifecycleMs: 400 });
    await settings().update('apiUrl', sim.apiUrl, vscode.ConfigurationTarget.Global);
    return sim;
  })();
  return simulator;
}

export function settings(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('linodeImages');
}

export async function activateExtension(): Promise<LinodeImagesApi> {
  const extension = vscode.extensions.getExtension<LinodeImagesApi>(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is not installed in this host`);
  return extension.activate();
}

/**
 * Replaces the extension's poller with one of this pace (the rest of the default), which starts its own clock; the
 * poller before it stops. The harness puts a default one back after each test.
 */
export function usePace(h: Pick<Harness, 'api'>, pace: Partial<PollingPace>): void {
  h.api.poller.dispose();
  h.api.poller = h.api.newPoller({ ...DEFAULT_PACE, ...pace });
}

/** Simulator and extension back to a known state: seed data, no token, default settings, new prompt double. */
export async function freshHarness(): Promise<Harness> {
  const sim = await sharedSimulator();
  const api = await activateExtension();
  if (api.poller.pace !== DEFAULT_PACE && JSON.stringify(api.poller.pace) !== JSON.stringify(DEFAULT_PACE)) usePace({ api }, DEFAULT_PACE);
  delete process.env.LINODE_CLI_TOKEN;
  for (const key of ['groupBy', 'sortBy', 'showPublicImages', 'apiVersion']) {
    if (settings().inspect(key)?.globalValue !== undefined) await settings().update(key, undefined, vscode.ConfigurationTarget.Global);
  }
  if (api.services.tokens.hasStoredToken) await api.services.tokens.clear();
  api.services.sync.use(undefined);
  await forgetKeptListings(api);
  sim.reset();
  const prompts = new PromptDouble();
  api.services.prompts.current = prompts;
  return { sim, api, prompts };
}

/** Removes the image listings kept for the next start, so a test begins with none unless it makes one. */
async function forgetKeptListings(api: LinodeImagesApi): Promise<void> {
  const directory = api.services.context.globalStorageUri.fsPath;
  const names = await readdir(directory).catch(() => [] as string[]);
  await Promise.all(names.filter((name) => name.startsWith('listing-')).map((name) => rm(join(directory, name), { force: true })));
}

/** Signs in again with the same token and no kept listing: the next load is a first load (nothing shown before it). */
export async function asFirstLoad(h: Harness): Promise<void> {
  const token = h.api.services.tokens.current?.value;
  assert.ok(token, 'signed in');
  await forgetKeptListings(h.api);
  await h.api.services.tokens.store(token);
}

/** A harness already signed in with `token` and with the tree loaded. */
export async function signedInHarness(token: string): Promise<Harness> {
  const harness = await freshHarness();
  await harness.api.services.tokens.store(token);
  await harness.api.services.sync.reloadAll();
  harness.sim.requests.length = 0;
  return harness;
}

/**
 * A suite's usual set-up: before each test a harness signed in with the simulator's token, handed to `use`;
 * after it, the simulator's faults cleared, the poller's pace restored, and every scripted prompt checked as used.
 * A suite's own clean-up, registered before this, runs first.
 */
export function signedInForEachTest(use: (harness: Harness) => void): void {
  let harness: Harness | undefined;
  beforeEach(async () => {
    harness = await signedInHarness(SIMULATOR_TOKEN);
    use(harness);
  });
  afterEach(() => {
    if (!harness) return;
    harness.sim.faults.clear();
    usePace(harness, DEFAULT_PACE);
    harness.prompts.assertDone();
  });
}

export { sleep, until } from '../support/until';

/** Everything the extension's log channel has written in this run (its files, in the extension's log folder). */
export function logText(api: LinodeImagesApi): string {
  const files = (dir: string): string[] =>
    existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)])) : [];
  return files(dirname(api.services.context.logUri.fsPath)).filter((file) => file.endsWith('.log')).map((file) => readFileSync(file, 'utf8')).join('\n');
}

export interface RenderedNode {
  id: string;
  label: string;
  description: string;
  contextValue: string;
  icon: string;
  tooltip: string;
  command?: string;
  children: RenderedNode[];
}

/** The tree exactly as the provider gives it to VS Code, items resolved. */
export async function renderTree(api: LinodeImagesApi, node?: TreeNode): Promise<RenderedNode[]> {
  const tree = api.services.tree;
  const nodes = await tree.getChildren(node);
  return Promise.all(
    nodes.map(async (child) => {
      // As VS Code does on hover: tooltips are filled in by resolveTreeItem.
      const item = tree.resolveTreeItem(tree.getTreeItem(child), child);
      const tooltip = item.tooltip instanceof vscode.MarkdownString ? item.tooltip.value : String(item.tooltip ?? '');
      return {
        id: item.id ?? '',
        label: typeof item.label === 'string' ? item.label : (item.label?.label ?? ''),
        description: typeof item.description === 'string' ? item.description : '',
        contextValue: item.contextValue ?? '',
        icon: item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : '',
        tooltip,
        command: item.command?.command,
        children: await renderTree(api, child),
      };
    }),
  );
}

export function find(nodes: RenderedNode[], predicate: (n: RenderedNode) => boolean): RenderedNode | undefined {
  for (const n of nodes) {
    if (predicate(n)) return n;
    const inner = find(n.children, predicate);
    if (inner) return inner;
  }
  return undefined;
}

export function findAll(nodes: RenderedNode[], predicate: (n: RenderedNode) => boolean): RenderedNode[] {
  return nodes.flatMap((n) => [...(predicate(n) ? [n] : []), ...findAll(n.children, predicate)]);
}

after(async () => {
  if (simulator) await (await simulator).close();
});
