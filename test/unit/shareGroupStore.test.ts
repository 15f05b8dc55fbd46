// The share group store against the simulator's `sharing` seed on v4beta: which changes it reports (only what
// differs), the groups kept shown while a reload runs or after it fails, commands' answers put in place without
// reading again, and answers that arrive late never undoing a newer change. Real HTTP; nothing below it is faked.
import * as assert from 'node:assert/strict';
import type { LinodeClient } from '../../src/core/api/client';
import { sharingUnavailable } from '../../src/core/model/sharing';
import { ShareGroupStore, type ShareGroupsChange } from '../../src/core/store/shareGroupStore';
import { SEED_IDS, SIMULATOR_TOKEN, startSimulator, type Simulator } from '../../simulator';
import { rawRequest } from '../../simulator/rawClient';
import { simulatorClient } from '../support/simulatorClient';

const { sharing, images } = SEED_IDS;
const GROUPS = /^\/v4beta\/images\/sharegroups(\?|$)/;
const GROUP_IMAGES = /^\/v4beta\/images\/sharegroups\/\d+\/images(\?|$)/;

describe('share group store', function () {
  this.timeout(20_000);
  let sim: Simulator;
  let client: LinodeClient;
  let store: ShareGroupStore;
  let changes: ShareGroupsChange[];
  let logged: string[];
  /** The changes reported since the last call (the record emptied). */
  const taken = (): ShareGroupsChange[] => changes.splice(0);

  /** Requests to the API since the last look, as "GET /v4beta/images/sharegroups". */
  const paths = (): string[] => sim.requests.filter((r) => r.origin === 'api').map((r) => `${r.method} ${r.path.split('?')[0]}`);
  const groupPath = `/v4beta/images/sharegroups/${sharing.groupId}`;
  /** Linode's answer to `path` now: a later request can be answered with it (an answer made before a change). */
  const answerNow = async (path: string): Promise<unknown> => (await rawRequest(sim.apiUrl, 'GET', path, { token: SIMULATOR_TOKEN })).body;

  before(async () => {
    sim = await startSimulator({ seed: 'sharing', lifecycleMs: 60_000 });
  });
  after(() => sim.close());

  beforeEach(() => {
    sim.reset();
    client = simulatorClient(sim, { apiVersion: 'v4beta', retryBaseDelayMs: 1, maxRetries: 1 });
    logged = [];
    store = new ShareGroupStore({ client: () => client, log: { warn: (line) => logged.push(line), error: (line) => logged.push(line) } });
    store.use('sim-user');
    changes = [];
    store.onDidChange((change) => changes.push(change));
  });
  afterEach(() => store.dispose());

  /** The store loaded with the seed's group and its images and members read; the record emptied after. */
  async function loadedWithLists(): Promise<void> {
    await store.ensureLoaded();
    await store.ensureList(sharing.groupId, 'images');
    await store.ensureList(sharing.groupId, 'members');
    sim.requests.length = 0;
    changes.length = 0;
  }

  it('a first load lists the groups; a group\'s images and members are read once, when first asked for', async () => {
    assert.equal(store.showable, false);
    await store.ensureLoaded();
    assert.deepEqual(store.state.kind, 'loaded');
    assert.deepEqual(store.allGroups().map((g) => [g.id, g.label, g.images_count, g.members_count]), [[sharing.groupId, sharing.groupLabel, 1, 1]]);
    assert.deepEqual(changes, [{ kind: 'changed', groups: [{ id: sharing.groupId, before: undefined, after: store.group(sharing.groupId) }], lists: [] }]);
    assert.equal(store.sharedImages(sharing.groupId), undefined, 'not read until asked for');

    changes.length = 0;
    await Promise.all([store.ensureList(sharing.groupId, 'images'), store.ensureList(sharing.groupId, 'images')]);
    await store.ensureList(sharing.groupId, 'members');
    assert.deepEqual(store.sharedImages(sharing.groupId)?.map((i) => i.id), [sharing.sharedImage]);
    assert.deepEqual(store.groupMembers(sharing.groupId)?.map((m) => m.token_uuid), [sharing.memberTokenUuid]);
    assert.deepEqual(changes, [
      { kind: 'changed', groups: [], lists: [{ groupId: sharing.groupId, list: 'images' }] },
      { kind: 'changed', groups: [], lists: [{ groupId: sharing.groupId, list: 'members' }] },
    ]);
    sim.requests.length = 0;
    await store.ensureLoaded();
    await store.ensureList(sharing.groupId, 'images');
    assert.deepEqual(paths(), [], 'nothing read twice');
  });

  it('a reload with nothing changed reads the groups and the lists read before, and reports only the state', async () => {
    await loadedWithLists();
    await store.reload();
    assert.deepEqual(paths().sort(), ['GET /v4beta/images/sharegroups', `GET ${groupPath}/images`, `GET ${groupPath}/members`].sort());
    assert.deepEqual(changes, [{ kind: 'state' }]);
  });

  it('a reload names only the group that changed elsewhere, with what it was and what it is', async () => {
    const other = await client.createShareGroup({ label: 'Other group' });
    await loadedWithLists();
    await simulatorClient(sim, { apiVersion: 'v4beta' }).updateShareGroup(other.id, { description: 'Changed elsewhere.' });
    await store.reload();
    assert.equal(changes.length, 1);
    const [change] = changes;
    assert.ok(change.kind === 'changed');
    assert.deepEqual(change.lists, []);
    assert.deepEqual(change.groups.map((c) => [c.id, c.before?.description, c.after?.description]), [[other.id, '', 'Changed elsewhere.']]);
  });

  it('keeps the groups shown while a reload runs: a look meanwhile does not wait for it', async () => {
    await loadedWithLists();
    sim.faults.add({ origin: 'api', method: 'GET', path: GROUPS, answerDelayMs: 1500 });
    const reload = store.reload();
    assert.ok(store.loading);
    await store.ensureLoaded();
    assert.ok(store.loading, 'ensureLoaded came back before the reload ended');
    assert.ok(store.showable);
    assert.deepEqual(store.allGroups().map((g) => g.label), [sharing.groupLabel]);
    assert.deepEqual(store.sharedImages(sharing.groupId)?.map((i) => i.id), [sharing.sharedImage]);
    assert.deepEqual(changes, [], 'nothing was taken away when the reload began');
    await reload;
    assert.equal(store.loading, false);
    assert.deepEqual(changes, [{ kind: 'state' }]);
  });

  it('a reload asked for while one runs follows it, and two asked for meanwhile are one', async () => {
    await loadedWithLists();
    sim.faults.add({ origin: 'api', method: 'GET', path: GROUPS, answerDelayMs: 500 });
    const first = store.reload();
    const second = store.reload();
    const third = store.reload();
    assert.equal(second, third);
    await Promise.all([first, second]);
    assert.equal(paths().filter((p) => p === 'GET /v4beta/images/sharegroups').length, 2);
  });

  it('a reload that fails keeps the groups and lists shown, with the failure and the time of the last load', async () => {
    await loadedWithLists();
    const loadedAt = store.state.kind === 'loaded' ? store.state.syncedAt : assert.fail('loaded');
    sim.faults.add({ origin: 'api', method: 'GET', path: GROUPS, status: 500, times: 2 });
    await store.reload();
    assert.equal(store.state.kind, 'failed');
    assert.equal(store.state.kind === 'failed' ? store.state.asOf : undefined, loadedAt);
    assert.ok(store.showable);
    assert.deepEqual(store.allGroups().map((g) => g.id), [sharing.groupId]);
    assert.deepEqual(store.sharedImages(sharing.groupId)?.map((i) => i.id), [sharing.sharedImage]);
    assert.deepEqual(changes, [{ kind: 'state' }]);
    assert.match(logged.join('\n'), /Could not load the share groups/);

    // A list that cannot be read again stays as it was read.
    changes.length = 0;
    sim.faults.add({ origin: 'api', method: 'GET', path: GROUP_IMAGES, status: 500, times: 2 });
    await store.reload();
    assert.equal(store.state.kind, 'loaded');
    assert.deepEqual(store.sharedImages(sharing.groupId)?.map((i) => i.id), [sharing.sharedImage]);
    assert.match(logged.join('\n'), /Could not read the images of share group 8301 again/);
  });

  it('an account outside the image sharing beta: the first load fails with nothing to show, and is not retried on its own', async () => {
    sim.state.imageSharing = false;
    await store.ensureLoaded();
    assert.equal(store.state.kind, 'failed');
    assert.ok(store.state.kind === 'failed' && sharingUnavailable(store.state.error));
    assert.equal(store.showable, false);
    assert.deepEqual(logged, [], 'not an error: the view says so');
    sim.requests.length = 0;
    await store.ensureLoaded();
    assert.deepEqual(paths(), [], 'a look at a failure does not read again (Refresh does)');
    sim.state.imageSharing = true;
    await store.reload();
    assert.equal(store.state.kind, 'loaded');
  });

  it("puts commands' answers in place without reading again, each change naming its group and list", async () => {
    await loadedWithLists();
    const made = await client.createShareGroup({ label: 'Made here' });
    store.putGroup(made);
    assert.deepEqual(taken(), [{ kind: 'changed', groups: [{ id: made.id, before: undefined, after: made }], lists: [] }]);
    store.putGroup(structuredClone(made));
    assert.deepEqual(changes, [], 'the same answer again changes nothing');

    // Shared in a group whose images were read: the copy joins the list, and the count is the list's length.
    const [copy] = await client.addShareGroupImages(sharing.groupId, [{ id: images.singleRegion, label: 'shared here' }]);
    store.addSharedImage(sharing.groupId, copy);
    assert.deepEqual(store.sharedImages(sharing.groupId)?.map((i) => i.id), [sharing.sharedImage, copy.id]);
    assert.equal(store.group(sharing.groupId)?.images_count, 2);
    const [shared] = taken();
    assert.ok(shared.kind === 'changed');
    assert.deepEqual(shared.groups.map((c) => [c.id, c.before?.images_count, c.after?.images_count]), [[sharing.groupId, 1, 2]]);
    assert.deepEqual(shared.lists, [{ groupId: sharing.groupId, list: 'images' }]);

    // Shared in a group whose images were never read: only its count changes.
    const [another] = await client.addShareGroupImages(made.id, [{ id: images.singleRegion }]);
    store.addSharedImage(made.id, another);
    assert.equal(store.sharedImages(made.id), undefined);
    assert.equal(store.group(made.id)?.images_count, 1);

    await client.removeShareGroupImage(sharing.groupId, copy.id);
    store.removeSharedImage(sharing.groupId, copy.id);
    assert.deepEqual(store.sharedImages(sharing.groupId)?.map((i) => i.id), [sharing.sharedImage]);
    assert.equal(store.group(sharing.groupId)?.images_count, 1);

    taken();
    await client.deleteShareGroup(sharing.groupId);
    store.removeGroup(sharing.groupId);
    assert.equal(store.group(sharing.groupId), undefined);
    assert.equal(store.sharedImages(sharing.groupId), undefined);
    assert.equal(store.groupMembers(sharing.groupId), undefined);
    const [removed] = taken();
    assert.ok(removed.kind === 'changed');
    assert.deepEqual(removed.groups.map((c) => [c.id, c.after]), [[sharing.groupId, undefined]]);
    assert.deepEqual(removed.lists, [{ groupId: sharing.groupId, list: 'images' }, { groupId: sharing.groupId, list: 'members' }]);
    assert.deepEqual(paths().filter((p) => p.startsWith('GET')), [], 'no read: the answers said what changed');

    // What Linode holds now is what the store holds.
    changes.length = 0;
    await store.reload();
    assert.deepEqual(changes, [{ kind: 'state' }]);
  });

  it('a group read on its own is put in place; one gone at Linode leaves the store', async () => {
    await loadedWithLists();
    await simulatorClient(sim, { apiVersion: 'v4beta' }).updateShareGroup(sharing.groupId, { label: 'Renamed elsewhere' });
    assert.equal((await store.readGroup(sharing.groupId))?.label, 'Renamed elsewhere');
    assert.equal(store.group(sharing.groupId)?.label, 'Renamed elsewhere');
    await client.deleteShareGroup(sharing.groupId);
    changes.length = 0;
    assert.equal(await store.readGroup(sharing.groupId), undefined);
    assert.equal(store.group(sharing.groupId), undefined);
    assert.equal(changes.length, 1);
  });

  it("a listing begun before a command's change does not undo it", async () => {
    await loadedWithLists();
    // The listing is answered as Linode had it before a command made a group and deleted the seed's one; the
    // command's answers are put in place after the listing was asked for, before its answer comes.
    const stale = await answerNow('/v4beta/images/sharegroups');
    const made = await client.createShareGroup({ label: 'Made meanwhile' });
    await client.deleteShareGroup(sharing.groupId);
    sim.faults.add({ origin: 'api', method: 'GET', path: GROUPS, replaceBody: stale });
    const reload = store.reload();
    store.putGroup(made);
    store.removeGroup(sharing.groupId);
    await reload;
    assert.deepEqual(store.allGroups().map((g) => g.id), [made.id]);
    changes.length = 0;
    await store.reload();
    assert.deepEqual(changes, [{ kind: 'state' }], 'in step with Linode');
  });

  it("a list read begun before a command's change is read again rather than undoing it", async () => {
    await store.ensureLoaded();
    // The first read of the list is answered as Linode had it before the image was shared.
    const stale = await answerNow(`${groupPath}/images`);
    const [copy] = await client.addShareGroupImages(sharing.groupId, [{ id: images.singleRegion }]);
    sim.faults.add({ origin: 'api', method: 'GET', path: GROUP_IMAGES, replaceBody: stale });
    sim.requests.length = 0;
    const opening = store.ensureList(sharing.groupId, 'images');
    store.addSharedImage(sharing.groupId, copy);
    await opening;
    assert.deepEqual(store.sharedImages(sharing.groupId)?.map((i) => i.id), [sharing.sharedImage, copy.id]);
    assert.equal(store.group(sharing.groupId)?.images_count, 2);
    assert.equal(paths().filter((p) => p === `GET ${groupPath}/images`).length, 2, 'the stale answer was read again');
  });

  it('another account or API forgets everything, and drops the answers of reads begun for the one before', async () => {
    await loadedWithLists();
    store.use('sim-user');
    assert.deepEqual(changes, [], 'the same account keeps its groups');
    const reload = store.reload();
    store.use('someone-else');
    assert.deepEqual(changes, [{ kind: 'reset' }]);
    assert.equal(store.showable, false);
    assert.equal(store.group(sharing.groupId), undefined);
    await reload;
    assert.equal(store.state.kind, 'notLoaded');
    assert.deepEqual(store.allGroups(), []);
    assert.deepEqual(changes, [{ kind: 'reset' }]);
  });
});
