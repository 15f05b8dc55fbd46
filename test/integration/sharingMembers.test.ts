// Sharing, both sides, in a real extension host: the owner adds a member with the token the other account sent,
// renames and removes it, copies a group's ID; the other account joins with that ID (its token shown once), sees the
// group's images under Groups I Joined, and leaves. The token never reaches a log line, a notification other than the
// one-time modal, or the extension's state. Bad input (not a UUID, not a token, a token for another group, an expired
// one, a deleted group) is refused with a message saying what to do, nothing changed. Its own simulator, `sharing`
// seed: sim-user owns "Team images" (8301), sim-teammate is its member.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SEED_IDS, SIMULATOR_TEAMMATE_TOKEN, SIMULATOR_TOKEN, type Simulator } from '../../simulator';
import { simulatorClient } from '../support/simulatorClient';
import { find, logText, renderTree, until, type Harness } from './harness';
import { run } from './operationsSupport';
import { renderShareGroups, sharingSuite, signIn, type GroupRow } from './sharingSupport';

const { sharing } = SEED_IDS;
const OTHER = SEED_IDS.images.singleRegion;
const JWT = /^[\w-]+\.[\w-]+\.[\w-]+$/;

function row(rows: readonly GroupRow[], label: string): GroupRow {
  const found = rows.find((r) => r.label === label);
  assert.ok(found, `no row "${label}" among ${rows.map((r) => r.label).join(', ')}`);
  return found;
}

describe('sharing: members and joined groups', () => {
  let sim: Simulator;
  let h: Harness;
  sharingSuite((harness) => {
    h = harness;
    sim = harness.sim;
  });

  /** sim-user's new group "Release images" sharing OTHER; its id and uuid. */
  async function releaseGroup(): Promise<{ id: number; uuid: string }> {
    const client = h.api.services.session.client();
    const group = await client.createShareGroup({ label: 'Release images' });
    await client.addShareGroupImages(group.id, [{ id: OTHER, label: 'release base' }]);
    await h.api.services.shareGroups.refresh();
    return { id: group.id, uuid: group.uuid };
  }

  /** As the signed-in account: joins the group with this uuid, copies the token; the token. */
  async function join(uuid: string): Promise<string> {
    let shownText = '';
    h.prompts.expect(
      { kind: 'step', match: /Join a Share Group/, answer: { enter: uuid } },
      { kind: 'showOnce', match: /Your membership token for "Release images"/, answer: 'Copy', inspect: (message, detail) => (shownText = `${message}\n${detail}`) },
    );
    await run('joinShareGroup');
    const token = await vscode.env.clipboard.readText();
    assert.match(token, JWT);
    assert.ok(shownText.includes(token), 'the modal shows the token');
    return token;
  }

  /** Nothing the extension keeps or says, but the one-time modal, holds the token. */
  async function assertTokenNowhere(token: string): Promise<void> {
    assert.ok(!logText(h.api).includes(token), 'not in the log');
    const elsewhere = h.prompts.shown.filter((p) => p.kind !== 'showOnce' && p.text.includes(token));
    assert.deepEqual(elsewhere, [], 'in no prompt but the one-time modal');
    const state = h.api.services.globalState;
    for (const key of state.keys()) assert.ok(!JSON.stringify(state.get(key) ?? null).includes(token), `not in global state ${key}`);
    const context = h.api.services.context.globalState;
    for (const key of context.keys()) assert.ok(!JSON.stringify(context.get(key) ?? null).includes(token), `not in context.globalState ${key}`);
  }

  it('the whole exchange: copy the ID, join, add the member, see the image, rename, remove, no longer see it', async () => {
    const group = await releaseGroup();
    // The owner copies the group's ID from its row.
    const owned = row(await renderShareGroups(h), 'Release images');
    await run('copyShareGroupId', owned.node);
    assert.equal(await vscode.env.clipboard.readText(), group.uuid);

    // The teammate joins: the token is shown once; the group waits as pending under Groups I Joined.
    await signIn(h, SIMULATOR_TEAMMATE_TOKEN);
    const token = await join(group.uuid);
    const section = row(await renderShareGroups(h), 'Groups I Joined');
    assert.deepEqual(
      section.children.map((r) => [r.label, r.description.split(' · ')[0], r.contextValue]),
      [['Release images', 'pending', 'sharegroup.joined.pending'], ['Team images', 'active', 'sharegroup.joined.active']],
    );

    // The owner adds the token as a member.
    await signIn(h, SIMULATOR_TOKEN);
    h.prompts.expect(
      { kind: 'step', match: /Add a Member to "Release images"/, at: [1, 2], inspect: (shown) => assert.equal(shown.password, true), answer: { enter: token } },
      { kind: 'step', match: /label for the member/, at: [2, 2], answer: { enter: 'teammate' } },
    );
    await run('addShareGroupMember', row(await renderShareGroups(h), 'Release images').node);
    let members = row(row(await renderShareGroups(h), 'Release images').children, 'Members');
    assert.deepEqual(members.children.map((r) => [r.label, r.description.split(' · ')[0], r.contextValue]), [['teammate', 'active', 'sharegroup.member.active']]);
    assert.equal(row(await renderShareGroups(h), 'Release images').description, '1 image · 1 member');

    // The teammate sees the group's image, read through the token, before any GET /images.
    await signIn(h, SIMULATOR_TEAMMATE_TOKEN);
    const joined = row(row(await renderShareGroups(h), 'Groups I Joined').children, 'Release images');
    assert.equal(joined.contextValue, 'sharegroup.joined.active');
    assert.deepEqual(joined.children.map((r) => [r.label, r.contextValue]), [['release base', 'sharegroup.joinedImage']]);
    assert.ok(sim.requests.some((r) => /\/v4beta\/images\/sharegroups\/tokens\/[\w-]+\/sharegroup\/images/.test(r.path)));

    // The owner renames, then removes the member: the modal says what they lose.
    await signIn(h, SIMULATOR_TOKEN);
    members = row(row(await renderShareGroups(h), 'Release images').children, 'Members');
    h.prompts.expect({ kind: 'step', match: /Rename Member "teammate"/, answer: { enter: 'Build team' } });
    await run('renameShareGroupMember', members.children[0].node);
    members = row(row(await renderShareGroups(h), 'Release images').children, 'Members');
    assert.deepEqual(members.children.map((r) => r.label), ['Build team']);
    h.prompts.expect({ kind: 'confirm', match: /^Remove "Build team" from "Release images"\? They lose access to the group's 1 image at once\./, answer: 'Remove Member' });
    await run('removeShareGroupMember', members.children[0].node);
    members = row(row(await renderShareGroups(h), 'Release images').children, 'Members');
    assert.deepEqual(members.children.map((r) => [r.label, r.description, r.contextValue]), [['Build team', 'revoked', 'sharegroup.member.inactive']]);
    assert.equal(row(await renderShareGroups(h), 'Release images').description, '1 image · 0 members');

    // The teammate no longer sees the image.
    await signIn(h, SIMULATOR_TEAMMATE_TOKEN);
    const after = row(row(await renderShareGroups(h), 'Groups I Joined').children, 'Release images');
    assert.deepEqual([after.description, after.contextValue, after.children], ['revoked', 'sharegroup.joined.inactive', []]);
    await assertTokenNowhere(token);
  });

  /** The labels of the image rows under "Shared with me" → `group` in the Images view (none when it has no such row). */
  async function sharedWithMe(group: string): Promise<string[]> {
    const section = (await renderTree(h.api)).find((n) => n.label === 'Shared with me');
    return section?.children.find((n) => n.label === group)?.children.map((n) => n.label) ?? [];
  }

  it("the Images view's Refresh shows the images of a group the owner just let this account into, and drops them when it is let out", async () => {
    const group = await releaseGroup();
    await signIn(h, SIMULATOR_TEAMMATE_TOKEN);
    const token = await join(group.uuid);
    // The owner, elsewhere (its own client): adds the member, then shares one more image. Neither makes an event in
    // this account, so the event feed Refresh reads says nothing of them.
    const owner = simulatorClient(sim, { apiVersion: 'v4beta' });
    const member = await owner.addShareGroupMember(group.id, { token, label: 'teammate' });
    await owner.addShareGroupImages(group.id, [{ id: SEED_IDS.images.cloudInit, label: 'release cloud-init' }]);
    assert.deepEqual(await sharedWithMe('Release images'), [], 'nothing shown before the refresh');
    const { fullListings } = h.api.services.sync.stats;
    sim.requests.length = 0;

    await run('refresh');
    assert.deepEqual((await sharedWithMe('Release images')).sort(), ['release base', 'release cloud-init']);
    assert.deepEqual(await sharedWithMe('Team images'), ['db-golden (team)'], 'the group joined before stays');
    assert.equal(h.api.services.sync.stats.fullListings, fullListings, 'no image listing of everything');
    assert.ok(sim.requests.length <= 3, `a cheap refresh: ${sim.requests.map((r) => `${r.method} ${r.path}`).join(', ')}`);
    const row = find(await renderTree(h.api), (n) => n.label === 'release cloud-init');
    assert.equal(row?.contextValue, 'image.shared.available');

    // Let out again: the next Refresh takes the group's images away.
    await owner.removeShareGroupMember(group.id, member.token_uuid);
    await run('refresh');
    assert.deepEqual(await sharedWithMe('Release images'), []);
    assert.deepEqual(await sharedWithMe('Team images'), ['db-golden (team)']);
  });

  it('a Refresh of an account that joined no share group asks nothing more of Linode than the event feed', async () => {
    await run('refresh'); // the first one learns the account's membership tokens (sim-user has none)
    sim.requests.length = 0;
    await run('refresh');
    assert.deepEqual(sim.requests.map((r) => `${r.method} ${r.path.split('?')[0]}`), ['GET /v4beta/account/events']);
  });

  it('refuses what is not a group ID or not a token, before anything is sent', async () => {
    const group = await releaseGroup();
    await signIn(h, SIMULATOR_TEAMMATE_TOKEN);
    sim.requests.length = 0;
    h.prompts.expect({ kind: 'step', match: /Join a Share Group/, answer: [{ enter: 'release-images', refusedWith: /not a share group's ID/ }, 'escape'] });
    await run('joinShareGroup');
    await signIn(h, SIMULATOR_TOKEN);
    const node = row(await renderShareGroups(h), 'Release images').node;
    h.prompts.expect({
      kind: 'step',
      match: /Add a Member/,
      answer: [
        { enter: group.uuid, refusedWith: /an ID .* not the token/ },
        { enter: 'not a token at all', refusedWith: /not a membership token/ },
        'escape',
      ],
    });
    await run('addShareGroupMember', node);
    assert.equal(sim.requests.filter((r) => r.method === 'POST').length, 0, 'nothing sent');
  });

  it('a group ID Linode does not know (or a deleted group): the message says to check it with the owner; no token made', async () => {
    const group = await releaseGroup();
    await h.api.services.session.client().deleteShareGroup(group.id);
    await signIn(h, SIMULATOR_TEAMMATE_TOKEN);
    const before = (await h.api.services.session.client().listShareGroupTokens()).length;
    h.prompts.expect({ kind: 'step', match: /Join a Share Group/, answer: { enter: group.uuid } }, { kind: 'error', match: /Share group not found\..*Check the ID with the group's owner/ });
    await run('joinShareGroup');
    await until(() => h.prompts.messages('error').length > 0, 'the error message');
    assert.equal((await h.api.services.session.client().listShareGroupTokens()).length, before);
  });

  it('a token for another group, or an expired one: refused with what to do; no member added', async () => {
    const group = await releaseGroup();
    await signIn(h, SIMULATOR_TEAMMATE_TOKEN);
    const token = await join(group.uuid);
    await signIn(h, SIMULATOR_TOKEN);

    // Into "Team images", for which it was not made.
    h.prompts.expect(
      { kind: 'step', match: /Add a Member to "Team images"/, answer: { enter: token } },
      { kind: 'step', match: /label for the member/, answer: { enter: 'wrong group' } },
      { kind: 'error', match: /did not accept the token for "Team images": Invalid token for this share group\. Nothing was changed\. Ask the other account to join again/ },
    );
    await run('addShareGroupMember', row(await renderShareGroups(h), 'Team images').node);
    await until(() => h.prompts.messages('error').length > 0, 'the error message');

    // Expired before it was used.
    const stored = [...sim.state.sharing.tokens.values()].find((t) => t.valid_for_sharegroup_uuid === group.uuid);
    assert.ok(stored);
    stored.expiry = '2020-01-01T00:00:00';
    h.prompts.expect(
      { kind: 'step', match: /Add a Member to "Release images"/, answer: { enter: token } },
      { kind: 'step', match: /label for the member/, answer: { enter: 'late' } },
      { kind: 'error', match: /This token has expired\. Nothing was changed\./ },
    );
    await run('addShareGroupMember', row(await renderShareGroups(h), 'Release images').node);
    await until(() => h.prompts.messages('error').length > 1, 'the second error message');
    assert.equal((await h.api.services.session.client().listShareGroupMembers(group.id)).length, 0);
    assert.equal((await h.api.services.session.client().listShareGroupMembers(sharing.groupId)).length, 1);
    await assertTokenNowhere(token);
  });

  it('closing the token modal without copying asks first; Leave Share Group deletes the token after a modal', async () => {
    const group = await releaseGroup();
    await signIn(h, SIMULATOR_TEAMMATE_TOKEN);
    await vscode.env.clipboard.writeText('');
    h.prompts.expect(
      { kind: 'step', match: /Join a Share Group/, answer: { enter: group.uuid } },
      { kind: 'showOnce', match: /Your membership token/, answer: undefined },
      { kind: 'confirm', match: /^Close without copying the token\?/, answer: 'Show the Token Again' },
      { kind: 'showOnce', match: /Your membership token/, answer: undefined },
      { kind: 'confirm', match: /^Close without copying the token\?/, answer: 'Close Without Copying' },
    );
    await run('joinShareGroup');
    assert.equal(await vscode.env.clipboard.readText(), '');
    const pending = row(row(await renderShareGroups(h), 'Groups I Joined').children, 'Release images');

    h.prompts.expect({ kind: 'confirm', match: /^Withdraw the pending membership token for "Release images"\?/, answer: undefined });
    await run('leaveShareGroup', pending.node);
    assert.equal((await h.api.services.session.client().listShareGroupTokens()).length, 2, 'kept when the modal is dismissed');
    h.prompts.expect({ kind: 'confirm', match: /^Withdraw the pending membership token/, answer: 'Withdraw Token' });
    await run('leaveShareGroup', pending.node);
    assert.deepEqual(row(await renderShareGroups(h), 'Groups I Joined').children.map((r) => r.label), ['Team images']);

    // Leaving the group the seed made it a member of: its image leaves.
    const team = row(row(await renderShareGroups(h), 'Groups I Joined').children, 'Team images');
    h.prompts.expect({ kind: 'confirm', match: /^Leave the share group "Team images"\?/, answer: 'Leave Share Group' });
    await run('leaveShareGroup', team.node);
    assert.deepEqual((await renderShareGroups(h)).map((r) => r.label), ['No share groups']);
    assert.equal((await h.api.services.session.client().listShareGroupMembers(sharing.groupId).catch(() => [])).length, 0);
  });

  it('a lost answer to the token POST: says the token may have been made, lists it, never sends the POST twice', async () => {
    const group = await releaseGroup();
    await signIn(h, SIMULATOR_TEAMMATE_TOKEN);
    sim.faults.add({ origin: 'api', method: 'POST', path: '/images/sharegroups/tokens', loseAnswer: true });
    h.prompts.expect(
      { kind: 'step', match: /Join a Share Group/, answer: { enter: group.uuid } },
      { kind: 'error', match: /Linode made the membership token, but the answer that shows it was lost.*leave it \(Leave Share Group…\) and join again/ },
    );
    await run('joinShareGroup');
    await until(() => h.prompts.messages('error').length > 0, 'the error message');
    assert.equal(sim.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/v4beta/images/sharegroups/tokens')).length, 1);
    const section = row(await renderShareGroups(h), 'Groups I Joined');
    assert.deepEqual(section.children.map((r) => r.label), ['Release images', 'Team images']);
  });
});
