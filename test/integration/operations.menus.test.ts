// The menus offer each image command exactly on the items it applies to. This reads package.json's `when`
// clauses and evaluates them against the contextValues the tree really produces, and checks the result against
// the core's table of what can be done to which image (the same table the palette pickers and keybindings use).
// All three kinds of image are covered: public, private (yours) and shared with you, the last with image sharing
// on (the `sharing` seed on v4beta).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Image } from '../../src/core/api/types';
import { allowedActions, IMAGE_ACTIONS, type ImageAction } from '../../src/core/model/imageActions';
import { isImageCommand } from '../../src/host/commands/command';
import { COMMANDS } from '../../src/host/commands/registry';
import { commandId } from '../../src/host/ids';
import { SEED_IDS, SEEDS, SIMULATOR_TEAMMATE_TOKEN, SIMULATOR_TOKEN } from '../../simulator';
import { evaluateWhen, type WhenContext } from '../support/whenClause';
import { activateExtension, EXTENSION_ID, findAll, freshHarness, renderTree, settings, signedInForEachTest, until, type Harness } from './harness';
import { run } from './operationsSupport';

interface MenuEntry {
  command: string;
  /** Instead of `command`: a submenu (contributes.submenus) shown as one item. */
  submenu?: string;
  when?: string;
  group?: string;
}
interface Keybinding extends MenuEntry {
  key: string;
  mac?: string;
  args?: unknown;
}
interface Contributes {
  commands: { command: string; title: string }[];
  menus: Record<string, MenuEntry[]>;
  keybindings: Keybinding[];
  submenus: { id: string; label: string; icon?: string }[];
  views: Record<string, { id: string }[]>;
  viewsWelcome: { view: string; contents: string; when?: string }[];
}

/** The image commands of each action, as their definitions declare it (the registry resolves their images by it). */
const COMMANDS_FOR: Record<ImageAction, string[]> = Object.fromEntries(
  IMAGE_ACTIONS.map((action) => [action, COMMANDS.filter(isImageCommand).filter((d) => d.targets.action === action).map((d) => commandId(d.id))]),
) as Record<ImageAction, string[]>;
const ITEM_COMMANDS = new Set(Object.values(COMMANDS_FOR).flat());
const VIEW_COMMANDS = ['linodeImages.captureImage', 'linodeImages.filterImages', 'linodeImages.clearFilter'];

function contributes(): Contributes {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension);
  return (extension.packageJSON as { contributes: Contributes }).contributes;
}

function itemCommands(entries: MenuEntry[], contextValue: string, inline: boolean): string[] {
  const context: WhenContext = { view: 'linodeImages.images', viewItem: contextValue, 'linodeImages.hasToken': true };
  return entries
    .filter((e) => ITEM_COMMANDS.has(e.command) && (e.group?.startsWith('inline') ?? false) === inline)
    .filter((e) => evaluateWhen(e.when ?? 'true', context))
    .map((e) => e.command)
    .sort();
}

interface SeenItem {
  contextValue: string;
  image?: Image;
  busy: boolean;
}

const DEFAULT_BUSY: readonly string[] = [SEED_IDS.images.singleRegion, SEED_IDS.images.replicating, SEED_IDS.images.creating, SEED_IDS.images.pendingUpload];

/** Every item the tree shows in each grouping, plus the `busyIds` images while a command works on them. */
async function itemsTheTreeProduces(h: Harness, busyIds: readonly string[] = DEFAULT_BUSY): Promise<SeenItem[]> {
  const seen = new Map<string, SeenItem>();
  const collect = async (busy: boolean): Promise<void> => {
    for (const groupBy of ['region', 'type', 'none']) {
      await settings().update('groupBy', groupBy, vscode.ConfigurationTarget.Global);
      for (const node of findAll(await renderTree(h.api), () => true)) {
        const imageId = node.id.startsWith('image:') ? node.id.slice('image:'.length).replace(/@.*$/, '') : undefined;
        const image = imageId === undefined ? undefined : h.api.services.store.image(imageId);
        const isBusy = image !== undefined && h.api.services.store.isBusy(image.id);
        if (busy && !isBusy) continue;
        seen.set(`${node.contextValue}|${imageId ?? ''}`, { contextValue: node.contextValue, image, busy: isBusy });
      }
    }
  };
  await collect(false);
  // Hold one image of each kind busy (as during a delete) and see what the rows offer then.
  let release = (): void => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  const working = busyIds.map((id) => h.api.services.store.withBusyDescription(id, 'Deleting…', () => held));
  try {
    await collect(true);
  } finally {
    release();
    await Promise.all(working);
  }
  return [...seen.values()];
}

/** Each item's context menu offers exactly what the core's table allows, and its inline actions are in it. */
function checkMenusOf(items: readonly SeenItem[], menus: Contributes['menus']): void {
  for (const item of items) {
    const offered = itemCommands(menus['view/item/context'], item.contextValue, false);
    const expected = item.image ? allowedActions(item.image, item.busy).flatMap((action) => COMMANDS_FOR[action]).sort() : [];
    assert.deepEqual(offered, expected, `context menu of ${item.contextValue}${item.image ? ` (${item.image.id})` : ''}`);
    const inline = itemCommands(menus['view/item/context'], item.contextValue, true);
    assert.ok(inline.every((c) => offered.includes(c)), `inline actions of ${item.contextValue} are also in its menu`);
  }
}

function assertProduced(items: readonly SeenItem[], expected: readonly string[]): void {
  const contextValues = new Set(items.map((i) => i.contextValue));
  for (const value of expected) {
    assert.ok(contextValues.has(value), `the tree produced ${value} (it produced ${[...contextValues].join(', ')})`);
  }
}

/**
 * The simulator with image sharing on (the `sharing` seed: sim-user's "Team images" shares db-golden, and
 * sim-teammate is a member) and the extension on v4beta, signed in with `token`, its images loaded. The next test's
 * harness puts the simulator back to the default seed and the setting back to v4.
 */
async function withImageSharing(h: Harness, token: string, expectedImage: string): Promise<void> {
  h.sim.state.clear();
  SEEDS.sharing(h.sim.state);
  await settings().update('apiVersion', 'v4beta', vscode.ConfigurationTarget.Global);
  await h.api.services.tokens.store(token);
  await h.api.services.sync.reloadAll();
  await until(() => h.api.services.store.image(expectedImage) !== undefined, `${expectedImage} to be loaded`, 30_000);
}

describe('operations: menus and keybindings', () => {
  let h: Harness;
  let menus: Contributes['menus'];
  before(() => {
    menus = contributes().menus;
  });
  signedInForEachTest((harness) => (h = harness));
  // A hidden view is not polled, so images in progress keep the state the tree loaded.
  beforeEach(() => vscode.commands.executeCommand('workbench.view.explorer'));

  it('has an image command for every action, each reachable from the Images view\'s rows', () => {
    const context = menus['view/item/context'];
    for (const action of IMAGE_ACTIONS) assert.ok(COMMANDS_FOR[action].length > 0, `a command declares ${action}`);
    for (const command of ITEM_COMMANDS) assert.ok(context.some((e) => e.command === command), `${command} is in the row menu`);
  });

  it('offers each image command on exactly the tree items it applies to', async () => {
    const items = await itemsTheTreeProduces(h);
    assertProduced(items, [
      'image.public',
      'image.private.available',
      'image.private.available.settling',
      'image.private.creating',
      'image.private.pending_upload',
      'image.private.available.busy',
      'image.private.available.settling.busy',
      'image.private.creating.busy',
      'image.private.pending_upload.busy',
      'group.region',
      'group.public',
      'group.vendor',
      'group.private',
      'group.automatic',
    ]);
    checkMenusOf(items, menus);
  });

  it('offers an image shared with you what reads it, and while it is available Deploy, Rebuild and Try; nothing that changes it (image sharing on v4beta)', async () => {
    const { sharedImage } = SEED_IDS.sharing;
    await withImageSharing(h, SIMULATOR_TEAMMATE_TOKEN, sharedImage);
    const items = await itemsTheTreeProduces(h, [sharedImage, SEED_IDS.teammateImages.base]);
    assertProduced(items, ['image.shared.available', 'image.shared.available.busy', 'image.public', 'image.private.available', 'image.private.available.busy', 'group.shared', 'group.sharegroup']);
    const shared = items.filter((i) => i.image?.id === sharedImage);
    assert.deepEqual(new Set(shared.map((i) => i.contextValue)), new Set(['image.shared.available', 'image.shared.available.busy']));
    const context = menus['view/item/context'];
    assert.deepEqual(itemCommands(context, 'image.shared.available', false), [
      'linodeImages.copyImageId',
      'linodeImages.deployImage',
      'linodeImages.rebuildLinode',
      'linodeImages.showImageDetails',
      'linodeImages.tryImage',
    ]);
    for (const value of ['image.shared.creating', 'image.shared.available.busy']) {
      assert.deepEqual(itemCommands(context, value, false), ['linodeImages.copyImageId', 'linodeImages.showImageDetails'], `${value}: not while it is not available, or while a command works on it`);
    }
    checkMenusOf(items, menus);
  });

  it('offers your own images their commands while they are shared in your share groups (image sharing on v4beta)', async () => {
    const { source } = SEED_IDS.sharing;
    await withImageSharing(h, SIMULATOR_TOKEN, source);
    const items = await itemsTheTreeProduces(h, [source, SEED_IDS.images.singleRegion]);
    assert.ok(items.some((i) => i.image?.id === source && !i.busy), `${source} is in the tree`);
    checkMenusOf(items, menus);
  });

  it('gives public images no edit, delete or replicate (they can be deployed), and a busy image nothing that changes it', async () => {
    const context = menus['view/item/context'];
    assert.deepEqual(itemCommands(context, 'image.public', false), [
      'linodeImages.copyImageId',
      'linodeImages.deployImage',
      'linodeImages.rebuildLinode',
      'linodeImages.showImageDetails',
      'linodeImages.tryImage',
    ]);
    assert.deepEqual(itemCommands(context, 'image.private.available.busy', false), [
      'linodeImages.copyImageAs',
      'linodeImages.copyImageId',
      'linodeImages.openInCloudManager',
      'linodeImages.showImageDetails',
    ]);
    assert.deepEqual(itemCommands(context, 'image.private.pending_upload', false), [
      'linodeImages.copyImageAs',
      'linodeImages.copyImageId',
      'linodeImages.deleteImages',
      'linodeImages.openInCloudManager',
      'linodeImages.showImageDetails',
    ]);
    assert.deepEqual(itemCommands(context, 'image.private.available.settling', true), ['linodeImages.manageImageRegions', 'linodeImages.showImageDetails']);
    assert.deepEqual(itemCommands(context, 'message', false), []);
  });

  it('puts image commands in the palette only with a token (they ask which image), and Clear Filter only when filtered', () => {
    const palette = menus.commandPalette;
    for (const command of [...ITEM_COMMANDS, ...VIEW_COMMANDS]) {
      const entry = palette.find((e) => e.command === command);
      assert.ok(entry?.when, `${command} has a palette entry`);
      const filtered = command === 'linodeImages.clearFilter';
      assert.equal(evaluateWhen(entry.when, { 'linodeImages.hasToken': true, 'linodeImages.filtered': filtered }), true, command);
      assert.equal(evaluateWhen(entry.when, { 'linodeImages.hasToken': filtered, 'linodeImages.filtered': false }), false, command);
    }
    const title = menus['view/title'];
    const inTitle = (ctx: WhenContext): string[] =>
      title.filter((e) => VIEW_COMMANDS.includes(e.command) && evaluateWhen(e.when ?? 'true', { view: 'linodeImages.images', ...ctx })).map((e) => e.command).sort();
    assert.deepEqual(inTitle({ 'linodeImages.hasToken': true }), ['linodeImages.captureImage', 'linodeImages.filterImages']);
    assert.deepEqual(inTitle({ 'linodeImages.hasToken': true, 'linodeImages.filtered': true }), VIEW_COMMANDS.slice().sort());
    assert.deepEqual(inTitle({}), []);
  });

  it('binds F2 to rename and Delete (⌘⌫ on macOS) to delete, only while the view has a row selected or focused', () => {
    const bindings = contributes().keybindings;
    const rename = bindings.find((b) => b.command === 'linodeImages.renameImage');
    const remove = bindings.find((b) => b.command === 'linodeImages.deleteImages');
    assert.equal(rename?.key, 'f2');
    assert.equal(remove?.key, 'delete');
    assert.equal(remove?.mac, 'cmd+backspace');
    const inView = { focusedView: 'linodeImages.images', listHasSelectionOrFocus: true };
    for (const binding of [rename, remove]) {
      assert.ok(binding?.when);
      assert.equal(binding.args, 'selection', 'keybindings get no tree item from VS Code, so they say "use the selection"');
      assert.equal(evaluateWhen(binding.when, inView), true);
      assert.equal(evaluateWhen(binding.when, { ...inView, listHasSelectionOrFocus: false }), false);
      assert.equal(evaluateWhen(binding.when, { ...inView, focusedView: 'workbench.explorer.fileView' }), false);
      assert.equal(evaluateWhen(binding.when, { ...inView, inputFocus: true }), false);
      // Only keys the workbench sets itself: a key the extension host sets could still be on its way.
      assert.doesNotMatch(binding.when.replaceAll('focusedView == linodeImages.images', ''), /linodeImages\./);
    }
  });

  it('declares and registers every command it puts in a menu, with the title its messages use', async () => {
    const { commands } = contributes();
    const registered = new Set(await vscode.commands.getCommands(true));
    const referenced = new Set([...Object.values(menus).flat().map((e) => e.command), ...contributes().keybindings.map((k) => k.command)]);
    for (const command of [...ITEM_COMMANDS, ...VIEW_COMMANDS]) {
      assert.ok(referenced.has(command), `${command} is reachable from a menu`);
      assert.ok(commands.some((c) => c.command === command), `${command} is declared`);
      assert.ok(registered.has(command), `${command} is registered`);
      const definition = COMMANDS.find((d) => commandId(d.id) === command);
      const declared = commands.find((c) => c.command === command)?.title;
      assert.ok(definition && (declared === definition.title || declared === `${definition.title}…`), `${command}: "${declared}" vs "${definition?.title}"`);
    }
  });
});

/** Every combination of true and false of the extension's context keys that `clauses` read. */
function contextsOf(clauses: readonly (string | undefined)[]): WhenContext[] {
  const keys = [...new Set(clauses.flatMap((clause) => clause?.match(/linodeImages\.\w+/g) ?? []))];
  return Array.from({ length: 2 ** keys.length }, (_, bits) => Object.fromEntries(keys.map((key, i) => [key, (bits & (1 << i)) !== 0])));
}

/** The navigation group of a view's title bar (its icons) in `context`, in their order: commands, and submenus as `submenu:<id>`. */
function titleIcons(menus: Contributes['menus'], view: string, context: WhenContext): string[] {
  const order = (entry: MenuEntry): number => Number(entry.group?.split('@')[1] ?? 0);
  return menus['view/title']
    .filter((e) => (e.group ?? '').split('@')[0] === 'navigation' && evaluateWhen(e.when ?? 'true', { view, ...context }))
    .sort((a, b) => order(a) - order(b))
    .map((e) => (e.submenu ? `submenu:${e.submenu}` : e.command));
}

describe('the view title bars and the welcome view', () => {
  let contributed: Contributes;
  before(async () => {
    await activateExtension(); // its commands registered, when this suite runs alone
    contributed = contributes();
  });

  it('shows at most four icons in the title bar of each view, whatever the context', () => {
    const titles = contributed.menus['view/title'];
    const views = Object.values(contributed.views).flat().map((v) => v.id);
    assert.deepEqual(views, ['linodeImages.images', 'linodeImages.shareGroups']);
    for (const view of views) {
      for (const context of contextsOf(titles.map((e) => e.when))) {
        const icons = titleIcons(contributed.menus, view, context);
        assert.ok(icons.length <= 4, `${view} with ${JSON.stringify(context)}: ${icons.join(', ')}`);
      }
    }
    // With an account: Upload, Filter, Refresh, and the Group & Sort submenu.
    assert.deepEqual(titleIcons(contributed.menus, 'linodeImages.images', { 'linodeImages.hasToken': true, 'linodeImages.filtered': true }), [
      'linodeImages.uploadImage',
      'linodeImages.filterImages',
      'linodeImages.refresh',
      'submenu:linodeImages.images.groupAndSort',
    ]);
  });

  it('puts Group By and Sort By in the Group & Sort submenu, and Switch Account and Clear Filter in the overflow', () => {
    assert.deepEqual(contributed.menus['linodeImages.images.groupAndSort'].map((e) => e.command), ['linodeImages.changeGrouping', 'linodeImages.changeSorting']);
    const inOverflow = (command: string, context: WhenContext): boolean =>
      contributed.menus['view/title'].some((e) => e.command === command && !(e.group ?? '').startsWith('navigation') && evaluateWhen(e.when ?? 'true', { view: 'linodeImages.images', ...context }));
    for (const hasToken of [true, false]) assert.ok(inOverflow('linodeImages.switchAccount', { 'linodeImages.hasToken': hasToken }), `Switch Account, hasToken ${hasToken}`);
    assert.ok(inOverflow('linodeImages.clearFilter', { 'linodeImages.hasToken': true, 'linodeImages.filtered': true }));
    assert.ok(!inOverflow('linodeImages.clearFilter', { 'linodeImages.hasToken': true }), 'Clear Filter only when filtered');
  });

  it('declares every submenu it uses, with a label and an icon, and declares and registers every command in one', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const declared = new Set(contributed.commands.map((c) => c.command));
    const used = Object.values(contributed.menus).flat().flatMap((e) => (e.submenu ? [e.submenu] : []));
    assert.ok(used.length > 0);
    for (const id of used) {
      const submenu = contributed.submenus.find((m) => m.id === id);
      assert.ok(submenu?.label && submenu.icon, `${id} is declared with a label and an icon`);
      const entries = contributed.menus[id] ?? [];
      assert.ok(entries.length > 0, `${id} has items`);
      for (const entry of entries) {
        assert.ok(entry.command && declared.has(entry.command), `${entry.command} (in ${id}) is declared`);
        assert.ok(registered.has(entry.command), `${entry.command} (in ${id}) is registered`);
      }
    }
  });

  it('Sort Images By… sets linodeImages.sortBy from a picker that marks the current order', async () => {
    const h = await freshHarness();
    let offered: string[] = [];
    h.prompts.expect({
      kind: 'quickPick',
      match: /^Sort Linode images by/,
      pick: (items) => {
        offered = items.map((item) => `${item.label}${item.description ? ` ${item.description}` : ''}`);
        return items.find((item) => item.label === 'Created');
      },
    });
    try {
      await run('changeSorting');
      assert.deepEqual(offered, ['Label (current)', 'Created', 'Size']);
      assert.equal(settings().get('sortBy'), 'created');
      h.prompts.assertDone();
    } finally {
      await settings().update('sortBy', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  describe('the Images view\'s welcome', () => {
    const welcomes = (context: WhenContext): string[] =>
      contributed.viewsWelcome.filter((w) => w.view === 'linodeImages.images' && evaluateWhen(w.when ?? 'true', context)).map((w) => w.contents);
    /** A line that is only a link is drawn as a button; the others as text (with their links inline). */
    const buttonsOf = (contents: string): string[] => contents.split('\n').filter((line) => /^\[[^\]]+\]\([^)]+\)$/.test(line.trim()));
    const textLinesOf = (contents: string): string[] => contents.split('\n').filter((line) => line.trim() !== '' && !buttonsOf(line).length);

    it('shows without an account only, one primary button and at most two lines', () => {
      for (const hasCliAccounts of [true, false]) {
        assert.deepEqual(welcomes({ 'linodeImages.hasToken': true, 'linodeImages.hasCliAccounts': hasCliAccounts }), [], 'none with an account');
        const [contents, ...more] = welcomes({ 'linodeImages.hasToken': false, 'linodeImages.hasCliAccounts': hasCliAccounts });
        assert.equal(more.length, 0, `one welcome (linode-cli accounts: ${hasCliAccounts})`);
        assert.equal(buttonsOf(contents).length, 1, contents);
        assert.ok(textLinesOf(contents).length <= 2, contents);
      }
    });

    it('offers Set API Token, with the Cloud Manager page and the scopes a token needs, and Sign In with Linode as a link', () => {
      const [contents] = welcomes({ 'linodeImages.hasToken': false, 'linodeImages.hasCliAccounts': false });
      assert.deepEqual(buttonsOf(contents), ['[Set API Token](command:linodeImages.setApiToken)']);
      assert.match(contents, /\]\(https:\/\/cloud\.linode\.com\/profile\/tokens\)/);
      // The scopes the extension asks for when it signs in (images:read_write, linodes:read_only, events:read_only),
      // in Cloud Manager's words.
      for (const scope of ['Images: Read/Write', 'Linodes: Read Only', 'Events: Read Only']) assert.ok(contents.includes(scope), `names ${scope}`);
      assert.ok(textLinesOf(contents).some((line) => line.includes('[Sign In with Linode](command:linodeImages.signIn)')), 'Sign In with Linode as a link');
    });

    it('offers linode-cli\'s account first when there is one, and the other ways as links', () => {
      const [contents] = welcomes({ 'linodeImages.hasToken': false, 'linodeImages.hasCliAccounts': true });
      assert.deepEqual(buttonsOf(contents), ['[Use linode-cli Account](command:linodeImages.useCliAccount)']);
      const text = textLinesOf(contents).join('\n');
      assert.ok(text.includes('(command:linodeImages.setApiToken)') && text.includes('(command:linodeImages.signIn)'), contents);
    });

    it('links only to commands the extension registers', async () => {
      const registered = new Set(await vscode.commands.getCommands(true));
      for (const { contents } of contributed.viewsWelcome) {
        for (const [, command] of contents.matchAll(/\(command:([\w.]+)\)/g)) assert.ok(registered.has(command), `${command} is registered`);
      }
    });
  });
});
