// What the sharing suites (sharing*.test.ts) share: their own simulator with the `sharing` seed (sim-user's group
// "Team images" shares db-golden, and sim-teammate is its one member), an account signed in on v4beta before each
// test, and the Share Groups view as its provider gives it to VS Code. The API URL they change is put back after them.
import * as vscode from 'vscode';
import type { ShareGroupNode } from '../../src/host/sharing/shareGroupsTreeProvider';
import { SIMULATOR_TOKEN, startSimulator, type Simulator } from '../../simulator';
import { freshHarness, settings, sharedSimulator, type Harness } from './harness';

/**
 * Registers the suite's hooks: its simulator started before it and closed after it; before each test a fresh harness
 * on that simulator, signed in as sim-user on v4beta and handed to `use`; after each, the faults cleared and every
 * scripted prompt checked as used.
 */
export function sharingSuite(use: (harness: Harness) => void): void {
  let sim: Simulator | undefined;
  let h: Harness | undefined;
  let savedApiUrl: unknown;

  before(async () => {
    await sharedSimulator(); // the API URL put back afterwards is the run's simulator's
    savedApiUrl = settings().inspect('apiUrl')?.globalValue;
    sim = await startSimulator({ seed: 'sharing', lifecycleMs: 400 });
  });

  after(async () => {
    await freshHarness(); // no token, default settings
    await settings().update('apiUrl', savedApiUrl, vscode.ConfigurationTarget.Global);
    await sim?.close();
  });

  beforeEach(async () => {
    if (!sim) throw new Error('the sharing simulator did not start');
    h = { ...(await freshHarness()), sim };
    sim.reset();
    if (settings().inspect('apiUrl')?.globalValue !== sim.apiUrl) await settings().update('apiUrl', sim.apiUrl, vscode.ConfigurationTarget.Global);
    await signIn(h, SIMULATOR_TOKEN);
    use(h);
  });

  afterEach(() => {
    if (!h) return;
    h.sim.faults.clear();
    h.prompts.assertDone();
  });
}

/** Signed in as `token` on `version`, the images loaded (the share groups wait for the view), the request log emptied. */
export async function signIn(h: Harness, token: string, version: 'v4' | 'v4beta' = 'v4beta'): Promise<void> {
  await settings().update('apiVersion', version === 'v4' ? undefined : version, vscode.ConfigurationTarget.Global);
  await h.api.services.tokens.store(token);
  await h.api.services.sync.reloadAll();
  h.sim.requests.length = 0;
}

/** A row of the Share Groups view, with the rows under it. */
export interface GroupRow {
  id: string;
  label: string;
  description: string;
  contextValue: string;
  node: ShareGroupNode;
  children: GroupRow[];
}

/** The Share Groups view as its provider gives it to VS Code, every row that can open opened. */
export async function renderShareGroups(h: Harness, node?: ShareGroupNode): Promise<GroupRow[]> {
  const provider = h.api.services.shareGroups;
  const nodes = await provider.getChildren(node);
  return Promise.all(
    nodes.map(async (child) => {
      const item = provider.getTreeItem(child);
      return {
        id: item.id ?? '',
        label: typeof item.label === 'string' ? item.label : (item.label?.label ?? ''),
        description: typeof item.description === 'string' ? item.description : '',
        contextValue: item.contextValue ?? '',
        node: child,
        children: item.collapsibleState === vscode.TreeItemCollapsibleState.None ? [] : await renderShareGroups(h, child),
      };
    }),
  );
}
