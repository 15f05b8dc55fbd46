// Image sharing (share groups, a v4beta feature) in a real extension host: sharing an image into a new or an
// existing group, stopping sharing, the Share Groups view and its group commands, what v4 offers instead, an image
// shared with you (read-only), a lost answer to the POST that makes a group, and the view's redraws: only the rows of
// the group a change names, and the groups kept shown while Refresh runs (or after it fails). On the sharing suites'
// own simulator (sharingSupport.ts): sim-user's group "Team images" (8301) shares db-golden (private/15002) as
// shared/5801, and sim-teammate is its one member.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ShareGroup } from '../../src/core/api/types';
import type { ShareGroupNode } from '../../src/host/sharing/shareGroupsTreeProvider';
import { SEED_IDS, SIMULATOR_TEAMMATE_TOKEN, SIMULATOR_TOKEN, type Simulator } from '../../simulator';
import { evaluateWhen } from '../support/whenClause';
import { EXTENSION_ID, find, renderTree, settings, sleep, until, type Harness } from './harness';
import { imageNode, renderedImage, run, writes } from './operationsSupport';
import type { Expectation, ShownStep } from './promptDouble';
import { renderShareGroups, sharingSuite, signIn, type GroupRow } from './sharingSupport';

const { sharing } = SEED_IDS;
const SOURCE = sharing.source; // db-golden, shared in "Team images"
const OTHER = SEED_IDS.images.singleRegion; // available, in no group
/** On a busy machine a reload after a setting change may take a while. */
const SLOW = 20_000;
/** The path of `GET /images/sharegroups` (the listing of the groups), with or without its query. */
const LIST_GROUPS = /^\/v4beta\/images\/sharegroups(\?|$)/;

async function groupsAtLinode(h: Harness): Promise<ShareGroup[]> {
  return h.api.services.session.client().listShareGroups();
}

/** Scripted answers for the Share Image prompts after the group was chosen. */
function shareAs(label: string, description = ''): Expectation[] {
  return [
    { kind: 'step', match: /members see: 1–100/, answer: { enter: label } },
    { kind: 'step', match: /description the group's members see/, answer: { enter: description } },
  ];
}

/** The first step of Share Image: the share group (or a new one). */
function chooseGroup(pick: (items: readonly vscode.QuickPickItem[]) => vscode.QuickPickItem | undefined, inspect?: (shown: ShownStep) => void): Expectation {
  return { kind: 'step', match: /^Share "/, answer: { pick }, ...(inspect ? { inspect } : {}) };
}

describe('sharing: share groups', () => {
  let sim: Simulator;
  let h: Harness;
  sharingSuite((harness) => {
    h = harness;
    sim = harness.sim;
  });

  it('shares an image into a new group; its row then says "shared with 1 group"', async () => {
    const image = h.api.services.store.image(OTHER);
    assert.ok(image);
    assert.equal((await renderedImage(h, OTHER))?.contextValue, 'image.private.available');
    h.prompts.expect(
      {
        kind: 'step',
        match: new RegExp(`Share "${image.label}"`),
        at: [1, 3],
        answer: {
          pick: (items) => {
            assert.deepEqual(items.map((i) => i.label), ['$(add) New Share Group…', 'Team images']);
            assert.equal(items[1].description, '1 image · 1 member');
            return items[0];
          },
        },
      },
      { kind: 'step', match: /Label of the new share group/, at: [2, 5], answer: { enter: '', refusedWith: /Enter a label/ } },
    );
    await run('shareImage', await imageNode(h, OTHER));
    assert.equal((await groupsAtLinode(h)).length, 1, 'giving up on the label makes no group');

    h.prompts.expect(
      chooseGroup((items) => items[0]),
      { kind: 'step', match: /Label of the new share group/, answer: { enter: 'x'.repeat(101), refusedWith: /between 1 and 100 characters/ } },
    );
    await run('shareImage', await imageNode(h, OTHER));

    h.prompts.expect(
      chooseGroup((items) => items[0]),
      { kind: 'step', match: /Label of the new share group/, answer: { enter: 'Release images' } },
      { kind: 'step', match: /Description of the share group/, answer: { enter: 'What we ship.' } },
      {
        kind: 'step',
        match: /members see: 1–100/,
        at: [4, 5],
        answer: 'back',
        inspect: (shown) => {
          assert.equal(shown.value, image.label, 'prefilled with the image label');
          assert.match(shown.title, /in "Release images"/, 'the new group by the label typed');
        },
      },
      { kind: 'step', match: /Description of the share group/, at: [3, 5], answer: 'accept', inspect: (shown) => assert.equal(shown.value, 'What we ship.', 'kept') },
      { kind: 'step', match: /members see: 1–100/, answer: { enter: 'web (release)' } },
      {
        kind: 'step',
        match: /description the group's members see/,
        at: [5, 5],
        answer: { enter: 'Shared for release.' },
        inspect: (shown) => assert.equal(shown.value, image.description ?? ''),
      },
    );
    await run('shareImage', await imageNode(h, OTHER));
    const made = (await groupsAtLinode(h)).find((g) => g.label === 'Release images');
    assert.ok(made, 'the group was made');
    assert.equal(made.description, 'What we ship.');
    const shared = await h.api.services.session.client().listShareGroupImages(made.id);
    assert.deepEqual(shared.map((s) => [s.label, s.description, s.image_sharing?.shared_by?.source_image_id]), [['web (release)', 'Shared for release.', OTHER]]);
    const row = await renderedImage(h, OTHER);
    assert.match(row?.description ?? '', /shared with 1 group$/);
    assert.equal(row?.contextValue, 'image.private.available.shared');
    assert.deepEqual(h.prompts.messages('error'), []);
  });

  it('shares an image into an existing group, and an image already in it is not shared twice', async () => {
    h.prompts.expect(
      chooseGroup((items) => items.find((i) => i.label === 'Team images')),
      { kind: 'step', match: /members see: 1–100/, at: [2, 3], answer: { enter: 'web for the team' } },
      { kind: 'step', match: /description the group's members see/, at: [3, 3], answer: { enter: '' } },
    );
    await run('shareImage', await imageNode(h, OTHER));
    const team = await h.api.services.session.client().getShareGroup(sharing.groupId);
    assert.equal(team.images_count, 2);
    assert.match((await renderedImage(h, OTHER))?.description ?? '', /shared with 1 group$/);

    h.prompts.expect(
      chooseGroup((items) => {
        const already = items.find((i) => i.label === 'Team images');
        assert.match(already?.description ?? '', /already shares this image/);
        return already;
      }),
      { kind: 'info', match: /"db-golden" is already shared in "Team images"/ },
    );
    await run('shareImage', await imageNode(h, SOURCE));
    assert.equal(writes(h).length, 1, 'only the first share was sent');
  });

  it('stops sharing after a modal naming the group and its members; declined keeps it shared', async () => {
    const row = await renderedImage(h, SOURCE);
    assert.equal(row?.contextValue, 'image.private.available.shared');
    assert.match(row.description, /shared with 1 group$/);
    const question = /^Stop sharing "db-golden" in "Team images"\? Its 1 member loses access to it\./;
    h.prompts.expect({
      kind: 'confirm',
      match: question,
      answer: undefined,
      inspect: (_message, _detail, buttons) => assert.deepEqual(buttons, ['Stop Sharing']),
    });
    await run('stopSharingImage', await imageNode(h, SOURCE));
    assert.equal(writes(h).length, 0);
    assert.equal((await h.api.services.session.client().listShareGroupImages(sharing.groupId)).length, 1);

    h.prompts.expect({ kind: 'confirm', match: question, answer: 'Stop Sharing' });
    await run('stopSharingImage', await imageNode(h, SOURCE));
    assert.deepEqual(await h.api.services.session.client().listShareGroupImages(sharing.groupId), []);
    const after = await renderedImage(h, SOURCE);
    assert.doesNotMatch(after?.description ?? '', /shared with/);
    assert.equal(after?.contextValue, 'image.private.available');
  });

  it('stops sharing in the group the user picks when the image is in several', async () => {
    h.prompts.expect(
      chooseGroup((items) => items[0]),
      { kind: 'step', match: /Label of the new/, answer: { enter: 'Second group' } },
      { kind: 'step', answer: { enter: '' } },
      ...shareAs('db-golden'),
    );
    await run('shareImage', await imageNode(h, SOURCE));
    assert.match((await renderedImage(h, SOURCE))?.description ?? '', /shared with 2 groups$/);
    h.prompts.expect(
      { kind: 'quickPick', match: /Stop Sharing "db-golden"/, pick: (items) => items.find((i) => i.label === 'Second group') },
      { kind: 'confirm', match: /in "Second group"\? It has no members yet\./, answer: 'Stop Sharing' },
    );
    await run('stopSharingImage', await imageNode(h, SOURCE));
    assert.match((await renderedImage(h, SOURCE))?.description ?? '', /shared with 1 group$/);
    assert.equal((await h.api.services.session.client().listShareGroupImages(sharing.groupId)).length, 1, 'still in Team images');
  });

  it('the Share Groups view lists each group with its images and members, and stops sharing from an image row', async () => {
    const view = await renderShareGroups(h);
    assert.deepEqual(view.map((n) => [n.label, n.description, n.contextValue]), [['Team images', '1 image · 1 member', 'sharegroup']]);
    const [images, members] = view[0].children;
    assert.deepEqual([images.label, members.label], ['Images', 'Members']);
    assert.deepEqual(images.children.map((n) => [n.label, n.contextValue]), [['db-golden (team)', 'sharegroup.image']]);
    assert.match(images.children[0].description, /shared\/5801 · from "db-golden" private\/15002/);
    assert.deepEqual(members.children.map((n) => [n.label, n.description, n.contextValue]), [['sim-teammate', 'active', 'sharegroup.member.active']]);

    // Menus: group rows get edit and delete, shared image rows Stop Sharing; the title New and Refresh.
    const menus = contributes().menus;
    const offered = (contextValue: string): string[] =>
      menus['view/item/context']
        .filter((e) => evaluateWhen(e.when ?? 'true', { view: 'linodeImages.shareGroups', viewItem: contextValue, 'linodeImages.hasToken': true }))
        .map((e) => e.command)
        .sort();
    assert.deepEqual(offered('sharegroup'), [
      'linodeImages.addShareGroupMember',
      'linodeImages.copyShareGroupId',
      'linodeImages.deleteShareGroup',
      'linodeImages.editShareGroup',
    ]);
    assert.deepEqual(offered('sharegroup.image'), ['linodeImages.stopSharingImage']);
    assert.deepEqual(offered('sharegroup.member.active'), ['linodeImages.removeShareGroupMember', 'linodeImages.renameShareGroupMember']);
    const title = menus['view/title']
      .filter((e) => evaluateWhen(e.when ?? 'true', { view: 'linodeImages.shareGroups', 'linodeImages.hasToken': true, 'linodeImages.apiV4beta': true }))
      .map((e) => e.command)
      .sort();
    assert.deepEqual(title, ['linodeImages.createShareGroup', 'linodeImages.joinShareGroup', 'linodeImages.refreshShareGroups']);

    h.prompts.expect({ kind: 'confirm', match: /^Stop sharing "db-golden" in "Team images"\? Its 1 member loses access to it\./, answer: 'Stop Sharing' });
    await run('stopSharingImage', images.children[0].node);
    const again = await renderShareGroups(h);
    assert.equal(again[0].description, '0 images · 1 member');
    assert.deepEqual(again[0].children[0].children.map((n) => n.label), ['No images shared yet']);
    assert.doesNotMatch((await renderedImage(h, SOURCE))?.description ?? '', /shared with/);
  });

  it('edits a group, and deletes it after a modal saying what members lose (declined keeps it)', async () => {
    const [group] = await renderShareGroups(h);
    h.prompts.expect(
      { kind: 'step', match: /Edit Share Group "Team images"/, at: [1, 2], answer: { enter: 'Golden team images' }, inspect: (shown) => assert.equal(shown.value, 'Team images') },
      { kind: 'step', match: /Description of the share group/, at: [2, 2], answer: { enter: 'Deploy from these.' } },
    );
    await run('editShareGroup', group.node);
    const edited = await h.api.services.session.client().getShareGroup(sharing.groupId);
    assert.deepEqual([edited.label, edited.description], ['Golden team images', 'Deploy from these.']);
    const [renamed] = await renderShareGroups(h);
    assert.equal(renamed.label, 'Golden team images');

    const question = 'Delete share group "Golden team images"? Its 1 member loses access to its image. Your own images are not deleted.';
    h.prompts.expect({
      kind: 'confirm',
      answer: undefined,
      inspect: (message, detail, buttons) => {
        assert.equal(message, question);
        assert.match(detail, /"db-golden \(team\)"/);
        assert.deepEqual(buttons, ['Delete Share Group']);
      },
    });
    await run('deleteShareGroup', renamed.node);
    assert.equal((await groupsAtLinode(h)).length, 1, 'declined: the group stays');

    h.prompts.expect({ kind: 'confirm', match: /^Delete share group "Golden team images"\?/, answer: 'Delete Share Group' });
    await run('deleteShareGroup', renamed.node);
    assert.deepEqual(await groupsAtLinode(h), []);
    assert.ok(h.api.services.store.image(SOURCE), 'the image itself stays');
    assert.doesNotMatch((await renderedImage(h, SOURCE))?.description ?? '', /shared with/);
    const empty = await renderShareGroups(h);
    assert.deepEqual(empty.map((n) => [n.label, n.description]), [['No share groups', 'click to make one']]);
  });

  it('with v4 the view shows its welcome (switch to v4beta), and Share Image offers to switch, then goes on', async () => {
    await signIn(h, SIMULATOR_TOKEN, 'v4');
    assert.deepEqual(await renderShareGroups(h), [], 'no rows: the welcome content shows');
    const welcome = contributes().viewsWelcome.filter((w) => w.view === 'linodeImages.shareGroups');
    const shown = (ctx: Record<string, boolean>): string[] => welcome.filter((w) => evaluateWhen(w.when ?? 'true', ctx)).map((w) => w.contents);
    const onV4 = shown({ 'linodeImages.hasToken': true, 'linodeImages.apiV4beta': false });
    assert.equal(onV4.length, 1);
    assert.match(onV4[0], /v4beta/);
    assert.match(onV4[0], /\(command:linodeImages\.useApiV4beta\)/);
    assert.deepEqual(shown({ 'linodeImages.hasToken': true, 'linodeImages.apiV4beta': true }), []);
    assert.equal(shown({ 'linodeImages.hasToken': false }).length, 1);

    // Declined: nothing is asked of Linode's share groups, and the setting stays.
    // Offered in a notification (not a modal dialog): dismissing it declines.
    h.prompts.expect({ kind: 'info', match: /^Share groups are a v4beta feature/ });
    await run('shareImage', await imageNode(h, OTHER));
    assert.equal(settings().get('apiVersion'), 'v4');
    assert.equal(sim.requests.filter((r) => r.path.includes('sharegroups')).length, 0);

    h.prompts.expect(
      { kind: 'info', match: /^Share groups are a v4beta feature/, answer: 'Use v4beta' },
      chooseGroup((items) => items.find((i) => i.label === 'Team images')),
      ...shareAs('web for the team'),
    );
    await run('shareImage', await imageNode(h, OTHER));
    assert.equal(settings().inspect('apiVersion')?.globalValue, 'v4beta');
    await until(async () => /shared with 1 group$/.test((await renderedImage(h, OTHER))?.description ?? ''), 'the row to say it is shared', SLOW);
    assert.equal((await renderShareGroups(h))[0].description, '2 images · 1 member');
  });

  it('the welcome link switches to v4beta, and the view then lists the groups', async () => {
    await signIn(h, SIMULATOR_TOKEN, 'v4');
    await run('useApiV4beta');
    assert.equal(settings().inspect('apiVersion')?.globalValue, 'v4beta');
    assert.deepEqual((await renderShareGroups(h)).map((n) => n.label), ['Team images']);
  });

  it('an image shared with you is under "Shared with me", read-only: Rename by command and by F2 say why not', async () => {
    await signIn(h, SIMULATOR_TEAMMATE_TOKEN, 'v4beta');
    const tree = await renderTree(h.api);
    const sharedGroup = find(tree, (n) => n.label === 'Shared with me');
    assert.ok(sharedGroup, 'a "Shared with me" group');
    const team = find(sharedGroup.children, (n) => n.label === 'Team images');
    assert.ok(team, 'with a subgroup for the share group');
    const row = find(team.children, (n) => n.id.startsWith(`image:${sharing.sharedImage}`));
    assert.ok(row);
    assert.equal(row.contextValue, 'image.shared.available');
    const offered = contributes().menus['view/item/context']
      .filter((e) => evaluateWhen(e.when ?? 'true', { view: 'linodeImages.images', viewItem: 'image.shared.available', 'linodeImages.hasToken': true }))
      .map((e) => e.command);
    // What reads it, and what deploys it; nothing that changes it.
    assert.deepEqual([...new Set(offered)].sort(), ['linodeImages.copyImageId', 'linodeImages.deployImage', 'linodeImages.rebuildLinode', 'linodeImages.showImageDetails', 'linodeImages.tryImage']);

    const why = /^"db-golden \(team\)" cannot be edited: it is shared with you by the share group "Team images", and only its owner can change it\.$/;
    h.prompts.expect({ kind: 'info', match: why });
    await run('renameImage', await imageNode(h, sharing.sharedImage));
    await vscode.commands.executeCommand('workbench.view.extension.linodeImages');
    const node = await imageNode(h, sharing.sharedImage);
    await h.api.services.treeView.reveal(node, { select: true, focus: true });
    await until(() => h.api.services.treeView.selection.some((n) => n.id === node.id), 'the shared image to be selected');
    h.prompts.expect({ kind: 'info', match: why });
    await run('renameImage', 'selection'); // what F2 sends
    h.prompts.expect({ kind: 'info', match: /^"db-golden \(team\)" cannot be shared: it is shared with you/ });
    await run('shareImage', node);
    assert.equal(writes(h).length, 0);
  });

  it('an account outside the image sharing beta: the view says so, and Share Image fails saying why', async () => {
    sim.state.imageSharing = false;
    await h.api.services.shareGroups.refresh();
    assert.deepEqual((await renderShareGroups(h)).map((n) => n.label), ['Share groups are not available to this account']);
    h.prompts.expect({ kind: 'error', match: /^Share Image failed: Linode does not serve share groups to this account/ });
    await run('shareImage', await imageNode(h, OTHER));
    assert.equal(writes(h).length, 0);
    assert.ok(h.api.services.store.image(OTHER), 'the image stays in the view');
  });

  describe('redraws', () => {
    /** Every row VS Code was told to redraw, `undefined` standing for the whole view. */
    function watchRefreshes(): { fired: Array<ShareGroupNode | undefined>; dispose(): void } {
      const fired: Array<ShareGroupNode | undefined> = [];
      const subscription = h.api.services.shareGroups.onDidChangeTreeData((change) => {
        if (change === undefined) fired.push(undefined);
        else fired.push(...(Array.isArray(change) ? change : [change]));
      });
      return { fired, dispose: () => subscription.dispose() };
    }

    /** A second group at Linode ("Another group", before "Team images" by label), made outside the view. */
    async function anotherGroup(): Promise<ShareGroup> {
      return h.api.services.session.client().createShareGroup({ label: 'Another group' });
    }

    const teamRow = `sharegroup:${sharing.groupId}`;
    const inGroup = (rowId: string) => (node: ShareGroupNode | undefined): boolean => node !== undefined && (node.id === rowId || node.id.startsWith(`${rowId}:`));

    it("a command's change redraws only the rows of the group it names; a group that appears or moves redraws the view", async () => {
      const other = await anotherGroup();
      assert.deepEqual((await renderShareGroups(h)).map((n) => n.label), ['Another group', 'Team images']); // every row made
      sim.requests.length = 0;
      const watch = watchRefreshes();
      try {
        // Shared in "Team images": that group's row (its count) and its Images folder, nothing of the other group.
        h.prompts.expect(chooseGroup((items) => items.find((i) => i.label === 'Team images')), ...shareAs('web for the team'));
        await run('shareImage', await imageNode(h, OTHER));
        assert.ok(watch.fired.length > 0, 'something was redrawn');
        assert.ok(watch.fired.every(inGroup(teamRow)), `redrawn: ${watch.fired.map((n) => n?.id ?? '(everything)').join(', ')}`);
        const [, team] = await renderShareGroups(h);
        assert.equal(team.description, '2 images · 1 member');
        assert.deepEqual(team.children[0].children.map((n) => n.label), ['db-golden (team)', 'web for the team']);

        // A new description: only the edited group's row.
        watch.fired.length = 0;
        const [another] = await renderShareGroups(h);
        h.prompts.expect({ kind: 'step', match: /Edit Share Group "Another group"/, answer: { enter: 'Another group' } }, { kind: 'step', answer: { enter: 'Now described.' } });
        await run('editShareGroup', another.node);
        assert.ok(watch.fired.some((n) => n?.id === `sharegroup:${other.id}`), 'the edited group\'s row');
        assert.ok(watch.fired.every(inGroup(`sharegroup:${other.id}`)), `redrawn: ${watch.fired.map((n) => n?.id ?? '(everything)').join(', ')}`);

        // A new label that changes the order, and a new group: the view's rows are another list, so all is redrawn.
        watch.fired.length = 0;
        h.prompts.expect({ kind: 'step', answer: { enter: 'Zeta group' } }, { kind: 'step', answer: { enter: 'Now described.' } });
        await run('editShareGroup', another.node);
        assert.deepEqual(watch.fired.map((n) => n?.id ?? '(everything)'), ['(everything)']);
        assert.deepEqual((await renderShareGroups(h)).map((n) => n.label), ['Team images', 'Zeta group']);
        watch.fired.length = 0;
        h.prompts.expect({ kind: 'step', match: /Label of the new share group/, answer: { enter: 'Made here' } }, { kind: 'step', answer: { enter: '' } });
        await run('createShareGroup');
        assert.deepEqual(watch.fired.map((n) => n?.id ?? '(everything)'), ['(everything)']);
        assert.deepEqual((await renderShareGroups(h)).map((n) => n.label), ['Made here', 'Team images', 'Zeta group']);
        assert.equal(sim.requests.filter((r) => r.method === 'GET' && LIST_GROUPS.test(r.path)).length, 2, 'only the two commands listed the groups (to offer them): no reload');
      } finally {
        watch.dispose();
      }
    });

    it('Refresh keeps the groups shown while it runs, then redraws only the group that changed', async () => {
      const before = await renderShareGroups(h);
      const { shareGroupStore, shareGroups } = h.api.services;
      await h.api.services.session.client().updateShareGroup(sharing.groupId, { description: 'Changed elsewhere.' });
      // Held long enough for a busy machine to draw the view meanwhile (nothing waits for it to pass).
      sim.faults.add({ origin: 'api', method: 'GET', path: LIST_GROUPS, answerDelayMs: 4000 });
      const watch = watchRefreshes();
      try {
        const refreshing = run('refreshShareGroups');
        await until(() => shareGroupStore.loading, 'the reload to start');
        const during = await renderShareGroups(h);
        assert.ok(shareGroupStore.loading, 'drawn while the reload was under way, without waiting for it');
        const summary = (rows: GroupRow[]): unknown => rows.map((n) => [n.label, n.description, n.children.map((c) => c.children.map((r) => r.label))]);
        assert.deepEqual(summary(during), summary(before));
        // (A shared copy's row is redrawn when its own image changes in the Images view: not the reload's doing.)
        assert.deepEqual(watch.fired.filter((n) => n?.type !== 'sharedImage').map((n) => n?.id ?? '(everything)'), [], 'nothing was redrawn when the reload began');

        await refreshing;
        assert.equal(shareGroupStore.loading, false);
        assert.ok(watch.fired.length > 0 && watch.fired.every(inGroup(teamRow)), `redrawn: ${watch.fired.map((n) => n?.id ?? '(everything)').join(', ')}`);
        const [team] = await renderShareGroups(h);
        assert.match(String(shareGroups.getTreeItem(team.node).tooltip), /Changed elsewhere\./);
      } finally {
        watch.dispose();
      }
    });

    it('a Refresh that fails keeps the groups shown, and the view says as of when; the next one clears that', async function () {
      this.timeout(60_000); // the client retries the failed listing with its back-off
      const before = await renderShareGroups(h);
      sim.faults.add({ origin: 'api', method: 'GET', path: LIST_GROUPS, status: 503, times: Infinity });
      await run('refreshShareGroups');
      sim.faults.clear();
      assert.deepEqual((await renderShareGroups(h)).map((n) => [n.label, n.description]), before.map((n) => [n.label, n.description]));
      assert.match(h.api.services.shareGroupsView.message ?? '', /^Showing the share groups as of .+: could not sync with Linode \(.+\)\. Refresh to try again\.$/);
      await run('refreshShareGroups');
      assert.equal(h.api.services.shareGroupsView.message, undefined);
      assert.deepEqual(h.prompts.messages('error'), []);
    });

    it("VS Code asks again only for the changed group's rows: getTreeItem calls, counted in the real view", async function () {
      this.timeout(60_000);
      const other = await anotherGroup();
      const { shareGroups, shareGroupsView } = h.api.services;
      await vscode.commands.executeCommand('workbench.view.extension.linodeImages');
      const [, team] = await renderShareGroups(h);
      // Both groups open down to Team images' shared image, as a user would have them.
      await shareGroupsView.reveal(team.children[0].children[0].node, { expand: true });
      await until(() => shareGroupsView.visible, 'the Share Groups view to be visible');
      const original = shareGroups.getTreeItem.bind(shareGroups);
      const asked: string[] = [];
      shareGroups.getTreeItem = (element: ShareGroupNode) => {
        asked.push(element.id);
        return original(element);
      };
      try {
        // VS Code is done asking once two windows in a row bring no new request (a busy machine pauses mid-redraw).
        const quiet = async (): Promise<void> => {
          for (let calm = 0; calm < 2; ) {
            const seen = asked.length;
            await sleep(700);
            calm = asked.length === seen ? calm + 1 : 0;
          }
        };
        await quiet();
        asked.length = 0;
        h.prompts.expect({ kind: 'step', answer: { enter: 'Another group' } }, { kind: 'step', answer: { enter: 'Described in the real view.' } });
        const [another] = await renderShareGroups(h);
        asked.length = 0;
        await run('editShareGroup', another.node);
        await until(() => asked.length > 0, 'VS Code to ask for the changed row');
        await quiet();
        assert.ok(asked.every((id) => id === `sharegroup:${other.id}` || id.startsWith(`sharegroup:${other.id}:`)), `asked for: ${[...new Set(asked)].join(', ')}`);
        const targeted = asked.length;

        // What every change cost before: the whole view redrawn.
        asked.length = 0;
        await shareGroups.refresh(); // nothing changed: nothing redrawn
        await quiet();
        assert.equal(asked.length, 0, `a Refresh that finds nothing new redraws nothing; asked for: ${asked.join(', ')}`);
        h.api.services.shareGroupStore.clear();
        await until(() => asked.length > 0, 'VS Code to redraw');
        await quiet();
        assert.ok(asked.some((id) => id.startsWith(teamRow)), `a full redraw asks for every row shown (${asked.length}), the targeted one for ${targeted}`);
      } finally {
        shareGroups.getTreeItem = original;
        await vscode.commands.executeCommand('workbench.view.explorer');
      }
    });
  });

  it('a lost answer to the POST that makes a group is settled by listing the groups: one group, the image shared', async () => {
    sim.faults.add({ origin: 'api', method: 'POST', path: '/images/sharegroups', loseAnswer: true });
    h.prompts.expect(
      chooseGroup((items) => items[0]),
      { kind: 'step', match: /Label of the new share group/, answer: { enter: 'Answer lost' } },
      { kind: 'step', match: /Description of the share group/, answer: { enter: '' } },
      ...shareAs('web, answer lost'),
    );
    await run('shareImage', await imageNode(h, OTHER));
    const creates = sim.requests.filter((r) => r.method === 'POST' && /\/images\/sharegroups$/.test(r.path));
    assert.equal(creates.length, 1, 'the POST is not sent again');
    assert.ok(creates[0].answerLost, 'the simulator did lose the answer');
    const made = (await groupsAtLinode(h)).filter((g) => g.label === 'Answer lost');
    assert.equal(made.length, 1, 'one group, not two');
    assert.equal((await h.api.services.session.client().listShareGroupImages(made[0].id)).length, 1);
    assert.match((await renderedImage(h, OTHER))?.description ?? '', /shared with 1 group$/);
    assert.deepEqual(h.prompts.messages('error'), []);
  });
});

interface Contributes {
  menus: Record<string, { command: string; when?: string; group?: string }[]>;
  viewsWelcome: { view: string; contents: string; when?: string }[];
}

function contributes(): Contributes {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension);
  return (extension.packageJSON as { contributes: Contributes }).contributes;
}
