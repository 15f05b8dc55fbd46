// Linodes made from images, rebuilt and deleted through the simulator's API, the plans and SSH keys they are made
// with: the body rules (region, plan, label, image in its region, root password strength, keys, cloud-init user
// data), the OAuth scope, the life cycle with its events, X-Filter on the list, faults and lost answers, and the
// Linode's shape next to the one recorded from the real API.

import * as assert from 'node:assert/strict';
import type { Page } from '../../src/core/api/types';
import {
  SEED_IDS,
  SIMULATOR_NO_EVENTS_TOKEN,
  SIMULATOR_READONLY_TOKEN,
  SIMULATOR_TEAMMATE_TOKEN,
  SIMULATOR_TOKEN,
  SIMULATOR_USERNAME,
  startSimulator,
  teammateTokenRecord,
  type SimEvent,
  type SimLinode,
  type SimLinodeType,
  type Simulator,
} from '../../simulator/index';
import { rawRequest, type RawResponse } from '../../simulator/rawClient';
import { rootPasswordProblem, WEAK_PASSWORD_REASON } from '../../simulator/rootPassword';
import { describeAnswer, recordedAnswersOrSkip } from '../support/recordedExchanges';

const { images, linodes } = SEED_IDS;
/** Accepted by the real API (the recorded creates). */
const RECORDED_PASSWORD = 'thisIsYourRootPassword';
const STRONG_PASSWORD = 'k7#Rw2!mQz9$Lp4vXe';
const LIFECYCLE_MS = 60_000;

describe('simulator Linodes: deploy, rebuild, delete', () => {
  let sim: Simulator;
  const call = (method: string, target: string, options: { token?: string | null; body?: unknown; headers?: Record<string, string> } = {}): Promise<RawResponse> =>
    rawRequest(sim.apiUrl, method, target, {
      token: options.token === null ? undefined : options.token ?? SIMULATOR_TOKEN,
      body: options.body,
      headers: options.headers,
    });
  const ok = async <T = unknown>(method: string, target: string, body?: unknown): Promise<T> => {
    const response = await call(method, target, { body });
    assert.equal(response.status, 200, `${method} ${target}: ${response.text}`);
    return response.body as T;
  };
  const create = (body: Record<string, unknown>): Promise<RawResponse> => call('POST', '/v4/linode/instances', { body });
  const deploy = (extra: Record<string, unknown> = {}): Promise<SimLinode> =>
    ok<SimLinode>('POST', '/v4/linode/instances', { region: 'us-east', type: 'g6-nanode-1', label: 'trial-1', image: images.publicCurrent, root_pass: STRONG_PASSWORD, ...extra });
  const linode = (id: number): Promise<SimLinode> => ok<SimLinode>('GET', `/v4/linode/instances/${id}`);
  /** The events of one Linode, oldest first. */
  const eventsOf = async (id: number): Promise<SimEvent[]> => {
    const response = await call('GET', '/v4/account/events', { headers: { 'X-Filter': JSON.stringify({ 'entity.id': id, 'entity.type': 'linode' }) } });
    return (response.body as Page<SimEvent>).data.reverse();
  };
  const summary = (events: SimEvent[]): string[] => events.map((event) => `${event.action} ${event.status}`);
  /** Applies the life-cycle steps due `steps` steps from now (and no later ones): no waiting on the clock. */
  const step = (steps: number): void => {
    sim.state.advance(Date.now() + steps * LIFECYCLE_MS + LIFECYCLE_MS / 2);
  };
  /** The field errors of a refused create. */
  const refusal = async (body: Record<string, unknown>): Promise<Array<{ field?: string; reason: string }>> => {
    const response = await create(body);
    assert.equal(response.status, 400, `${JSON.stringify(body)}: ${response.text}`);
    return (response.body as { errors: Array<{ field?: string; reason: string }> }).errors;
  };
  const valid = { region: 'us-east', type: 'g6-nanode-1', label: 'valid-1', image: images.publicCurrent, root_pass: STRONG_PASSWORD };

  before(async () => {
    sim = await startSimulator({ lifecycleMs: LIFECYCLE_MS });
  });
  after(() => sim.close());
  beforeEach(() => sim.reset());

  describe('plans (GET /linode/types)', () => {
    it('lists a realistic set of plans, paged like the API\'s lists, without a token', async () => {
      const response = await call('GET', '/v4/linode/types', { token: null });
      assert.equal(response.status, 200, response.text);
      const page = response.body as Page<SimLinodeType>;
      assert.equal(page.page, 1);
      assert.equal(page.pages, 1);
      assert.equal(page.results, page.data.length);
      assert.ok(page.data.length >= 10);
      const classes = new Set(page.data.map((type) => type.class));
      for (const kind of ['nanode', 'standard', 'dedicated', 'highmem', 'premium', 'gpu']) assert.ok(classes.has(kind as SimLinodeType['class']), kind);
      const nanode = page.data.find((type) => type.id === 'g6-nanode-1');
      assert.ok(nanode);
      assert.deepEqual(nanode.price, { hourly: 0.0075, monthly: 5 });
      assert.deepEqual({ memory: nanode.memory, disk: nanode.disk, vcpus: nanode.vcpus }, { memory: 1024, disk: 25600, vcpus: 1 });
      assert.ok(nanode.region_prices.some((price) => price.id === 'br-gru' && price.monthly > nanode.price.monthly));
      for (const type of page.data) {
        assert.ok(type.price.monthly > 0 && type.price.hourly > 0, type.id);
        assert.ok(type.price.hourly * 730 >= type.price.monthly, `${type.id}: the monthly price caps the hourly one`);
      }

      const small = await ok<Page<SimLinodeType>>('GET', '/v4/linode/types?page=2&page_size=25');
      assert.equal(small.page, 1, 'a page past the end is the last page');
      const dedicated = await call('GET', '/v4/linode/types', { headers: { 'X-Filter': JSON.stringify({ class: 'dedicated' }) } });
      assert.ok((dedicated.body as Page<SimLinodeType>).data.every((type) => type.class === 'dedicated'));
      assert.equal((await ok<SimLinodeType>('GET', '/v4/linode/types/g6-standard-2')).label, 'Linode 4GB');
      assert.equal((await call('GET', '/v4/linode/types/g9-nothing')).status, 404);
      assert.equal((await call('GET', '/v4/linode/types', { token: 'not-a-token' })).status, 401);
    });
  });

  describe('create (POST /linode/instances)', () => {
    it('answers the Linode provisioning, with an address, disks being made and a started linode_create event', async () => {
      const made = await deploy({ tags: ['trial', 'linode-images'] });
      assert.equal(made.status, 'provisioning');
      assert.equal(made.label, 'trial-1');
      assert.equal(made.image, images.publicCurrent);
      assert.equal(made.type, 'g6-nanode-1');
      assert.deepEqual(made.tags, ['trial', 'linode-images']);
      assert.equal(made.ipv4.length, 1);
      assert.match(made.ipv4[0], /^\d+\.\d+\.\d+\.\d+$/);
      assert.ok(![...sim.state.linodes.values()].some((other) => other.id !== made.id && other.ipv4.includes(made.ipv4[0])), 'an address no other Linode has');
      assert.deepEqual(made.specs, { disk: 25600, memory: 1024, vcpus: 1, gpus: 0, transfer: 1000, accelerated_devices: 0 });
      const disks = sim.state.disksOf(made.id);
      assert.deepEqual(disks.map((disk) => [disk.filesystem, disk.size, disk.status]), [['ext4', 25600 - 512, 'not ready'], ['swap', 512, 'not ready']]);
      assert.deepEqual(summary(await eventsOf(made.id)), ['linode_create started']);
      const [event] = await eventsOf(made.id);
      assert.equal(event.username, SIMULATOR_USERNAME);
      assert.deepEqual(event.entity, { id: made.id, type: 'linode', label: 'trial-1', url: `/v4/linode/instances/${made.id}` });
    });

    it('goes provisioning, booting, running over time, with linode_create then linode_boot', async () => {
      const made = await deploy();
      step(1);
      const booting = await linode(made.id);
      assert.equal(booting.status, 'booting');
      assert.ok(sim.state.disksOf(made.id).every((disk) => disk.status === 'ready'), 'the disks are ready once provisioned');
      assert.deepEqual(summary(await eventsOf(made.id)), ['linode_create finished', 'linode_boot started']);
      step(2);
      assert.equal((await linode(made.id)).status, 'running');
      const events = await eventsOf(made.id);
      assert.deepEqual(summary(events), ['linode_create finished', 'linode_boot finished']);
      assert.ok(events.every((event) => event.percent_complete === 100 && event.duration !== null));
    });

    it('stays offline when told not to boot, and an empty Linode (no image) has no disks and needs no password', async () => {
      const unbooted = await deploy({ booted: false });
      sim.settle();
      assert.equal((await linode(unbooted.id)).status, 'offline');
      assert.deepEqual(summary(await eventsOf(unbooted.id)), ['linode_create finished']);

      const empty = await ok<SimLinode>('POST', '/v4/linode/instances', { region: 'eu-west', type: 'g6-standard-1' });
      assert.equal(empty.label, `linode${empty.id}`, 'the API names a Linode created without a label');
      assert.equal(empty.image, null);
      assert.deepEqual(sim.state.disksOf(empty.id), []);
      sim.settle();
      assert.equal((await linode(empty.id)).status, 'offline');
    });

    it('deploys a private image in a region where it is available, with cloud-init user data and SSH keys', async () => {
      const key = sim.state.sshKeys.get(SEED_IDS.sshKeys.laptop)?.ssh_key;
      assert.ok(key);
      const made = await ok<SimLinode>('POST', '/v4/linode/instances', {
        region: 'gb-lon',
        type: 'g6-standard-2',
        label: 'cloud-init-trial',
        image: images.cloudInit,
        root_pass: RECORDED_PASSWORD,
        authorized_keys: [key],
        authorized_users: [SIMULATOR_USERNAME],
        metadata: { user_data: Buffer.from('#cloud-config\npackages: [nginx]\n').toString('base64') },
        swap_size: 1024,
      });
      assert.equal(made.has_user_data, true);
      assert.equal(made.region, 'gb-lon');
      assert.deepEqual(sim.state.disksOf(made.id).map((disk) => disk.size), [81920 - 1024, 1024]);
    });

    it('refuses bodies the spec and Linode refuse, with 400 and the field', async () => {
      const bigImage = { ...structuredClone(sim.state.images.get(images.singleRegion)!), id: 'private/777', label: 'huge', size: 30_000 };
      sim.state.putImage(bigImage);
      const cases: Array<[Record<string, unknown>, string, RegExp]> = [
        [{ ...valid, region: undefined }, 'region', /required/],
        [{ ...valid, type: undefined }, 'type', /required/],
        [{ ...valid, region: 'xx-nowhere' }, 'region', /not valid/],
        [{ ...valid, type: 'g9-nothing' }, 'type', /A valid plan type by that ID was not found/],
        [{ ...valid, type: 'g1-gpu-rtx6000-1' }, 'type', /not available in us-east/],
        [{ ...valid, region: SEED_IDS.regions.distributed }, 'type', /not available in us-den-1/],
        [{ ...valid, label: 'ab' }, 'label', /3 to 64/],
        [{ ...valid, label: '1starts-with-a-digit' }, 'label', /start with a letter/],
        [{ ...valid, label: 'two--hyphens' }, 'label', /in a row/],
        [{ ...valid, label: 'ends-with-' }, 'label', /end with a letter or digit/],
        [{ ...valid, label: 'WEB-PROD-1' }, 'label', /unique among your linodes/],
        [{ ...valid, image: 'linode/nothing' }, 'image', /not valid/],
        [{ ...valid, image: images.pendingUpload }, 'image', /pending_upload/],
        [{ ...valid, image: images.singleRegion, region: 'eu-west' }, 'image', /not available in eu-west/],
        [{ ...valid, image: 'private/777' }, 'image', /needs 30000 MB/],
        [{ ...valid, root_pass: undefined }, 'root_pass', /required when deploying from an image/],
        [{ ...valid, root_pass: 'short' }, 'root_pass', /between 7 and 128/],
        [{ ...valid, root_pass: 'Password123!' }, 'root_pass', /^Password does not meet strength requirement$/],
        [{ ...valid, authorized_keys: ['ssh-rsa not-a-key'] }, 'authorized_keys[0]', /SSH public key/],
        [{ ...valid, authorized_users: ['nobody-here'] }, 'authorized_users[0]', /not a user of this account/],
        [{ ...valid, metadata: { user_data: 'not base64!' } }, 'metadata.user_data', /base64/],
        [{ ...valid, image: 'linode/gentoo', metadata: { user_data: 'I2Nsb3VkLWNvbmZpZw==' } }, 'metadata.user_data', /does not support cloud-init/],
        [{ ...valid, tags: ['ok-tag', 'no'] }, 'tags[1]', /between 3 and 50/],
        [{ ...valid, firewall_id: 9689919 }, 'firewall_id', /Firewall 9689919 not found/],
        [{ ...valid, backup_id: 1 }, 'backup_id', /mutually exclusive|not found/],
        [{ ...valid, booted: 'yes' }, 'booted', /boolean/],
        [{ ...valid, colour: 'red' }, 'colour', /not a recognized field/],
      ];
      for (const [body, field, reason] of cases) {
        const errors = await refusal(body);
        const error = errors.find((candidate) => candidate.field === field);
        assert.ok(error, `${JSON.stringify(body)}: no error on ${field} in ${JSON.stringify(errors)}`);
        assert.match(error.reason, reason, JSON.stringify(body));
      }
      assert.equal(sim.state.linodes.size, 4, 'nothing was made');
      assert.equal((await call('POST', '/v4/linode/instances', { body: '[1]' })).status, 400);
    });

    it('needs linodes:read_write, refused as the API refuses a token without the scope', async () => {
      for (const token of [SIMULATOR_READONLY_TOKEN, SIMULATOR_NO_EVENTS_TOKEN]) {
        const response = await call('POST', '/v4/linode/instances', { token, body: valid });
        assert.equal(response.status, 401, response.text);
        assert.equal(response.headers['x-accepted-oauth-scopes'], 'linodes:read_write');
        assert.deepEqual(response.body, { errors: [{ reason: 'Your OAuth token is not authorized to use this endpoint.' }] });
        assert.equal((await call('DELETE', `/v4/linode/instances/${linodes.webProd}`, { token })).status, 401);
        assert.equal((await call('POST', `/v4/linode/instances/${linodes.webProd}/rebuild`, { token, body: { image: images.publicCurrent, root_pass: STRONG_PASSWORD } })).status, 401);
        assert.equal((await call('GET', `/v4/linode/instances/${linodes.webProd}`, { token })).status, 200, 'reading needs only read_only');
      }
      assert.equal((await call('POST', '/v4/linode/instances', { token: null, body: valid })).status, 401);
      // The second account has no Linodes and may not add any (the simulator's accounts).
      sim.state.tokens.set(SIMULATOR_TEAMMATE_TOKEN, teammateTokenRecord());
      assert.equal((await call('POST', '/v4/linode/instances', { token: SIMULATOR_TEAMMATE_TOKEN, body: valid })).status, 403);
      assert.equal(sim.state.linodes.size, 4);
    });

    it('has the keys of the real API\'s answer, in its order (the recorded creates)', async function () {
      const recorded = recordedAnswersOrSkip(this).filter((answer) => answer.method === 'POST' && answer.path === '/linode/instances' && answer.status === 200);
      assert.ok(recorded.length > 0, 'a recorded create');
      const made = await deploy();
      for (const answer of recorded) {
        const real = JSON.parse(answer.body) as Record<string, Record<string, unknown>>;
        assert.deepEqual(Object.keys(made), Object.keys(real), describeAnswer(answer));
        for (const part of ['specs', 'alerts', 'backups'] as const) {
          assert.deepEqual(Object.keys(made[part]).sort(), Object.keys(real[part]).sort(), `${describeAnswer(answer)}: ${part}`);
        }
        assert.equal(made.status, real.status as unknown);
      }
    });
  });

  describe('list and read', () => {
    it('lists by label and by tag with X-Filter, as the API does', async () => {
      const tagged = await deploy({ label: 'trial-tagged', tags: ['linode-images-trial'] });
      const filtered = async (filter: unknown): Promise<number[]> => {
        const response = await call('GET', '/v4/linode/instances', { headers: { 'X-Filter': JSON.stringify(filter) } });
        assert.equal(response.status, 200, response.text);
        return (response.body as Page<SimLinode>).data.map((entry) => entry.id);
      };
      assert.deepEqual(await filtered({ label: 'trial-tagged' }), [tagged.id]);
      assert.deepEqual(await filtered({ tags: 'linode-images-trial' }), [tagged.id]);
      assert.deepEqual(await filtered({ label: 'trial-tagged', tags: 'linode-images-trial' }), [tagged.id]);
      assert.deepEqual(await filtered({ label: 'trial-tagged', tags: 'web' }), []);
      assert.deepEqual(await filtered({ label: { '+contains': 'web-prod' } }), [linodes.webProd]);
      assert.deepEqual(await filtered({ ipv4: tagged.ipv4[0] }), [tagged.id]);
      assert.equal((await call('GET', '/v4/linode/instances', { headers: { 'X-Filter': JSON.stringify({ specs: 1 }) } })).status, 400);
    });

    it('lists the profile\'s SSH keys (GET /profile/sshkeys), which needs account:read_only', async () => {
      const page = await ok<Page<{ id: number; label: string; ssh_key: string; created: string }>>('GET', '/v4/profile/sshkeys');
      assert.deepEqual(page.data.map((key) => key.id), [SEED_IDS.sshKeys.laptop, SEED_IDS.sshKeys.ci]);
      assert.deepEqual(Object.keys(page.data[0]), ['id', 'label', 'ssh_key', 'created']);
      assert.match(page.data[0].ssh_key, /^ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI\S+ sim-user@laptop$/);
      const refused = await call('GET', '/v4/profile/sshkeys', { token: SIMULATOR_READONLY_TOKEN });
      assert.equal(refused.status, 401);
      assert.equal(refused.headers['x-accepted-oauth-scopes'], 'account:read_only');
      sim.state.tokens.set(SIMULATOR_TEAMMATE_TOKEN, teammateTokenRecord());
      assert.deepEqual((await call('GET', '/v4/profile/sshkeys', { token: SIMULATOR_TEAMMATE_TOKEN })).body, { data: [], page: 1, pages: 1, results: 0 });
    });
  });

  describe('delete (DELETE /linode/instances/{id})', () => {
    it('removes the Linode and its disks at once, with a linode_delete notification', async () => {
      const made = await deploy();
      sim.settle();
      assert.deepEqual(await ok('DELETE', `/v4/linode/instances/${made.id}`), {});
      assert.equal((await call('GET', `/v4/linode/instances/${made.id}`)).status, 404);
      assert.deepEqual(sim.state.disksOf(made.id), []);
      assert.deepEqual(summary(await eventsOf(made.id)), ['linode_create finished', 'linode_boot finished', 'linode_delete notification']);
      assert.equal((await call('DELETE', `/v4/linode/instances/${made.id}`)).status, 404);
      assert.equal((await call('DELETE', '/v4/linode/instances/abc')).status, 404);
    });

    it('deleted while provisioning: the job stops and its event fails', async () => {
      const seedSteps = sim.state.pendingTransitions;
      const made = await deploy();
      assert.equal(sim.state.pendingTransitions, seedSteps + 2);
      await ok('DELETE', `/v4/linode/instances/${made.id}`);
      assert.equal(sim.state.pendingTransitions, seedSteps, 'its steps are gone');
      const events = await eventsOf(made.id);
      assert.deepEqual(summary(events), ['linode_create failed', 'linode_delete notification']);
      assert.notEqual(events[0].message, '');
    });
  });

  describe('rebuild (POST /linode/instances/{id}/rebuild)', () => {
    it('redeploys another image: rebuilding, then booting, then running, with linode_rebuild then linode_boot', async () => {
      const before = sim.state.disksOf(linodes.webProd).map((disk) => disk.id);
      const rebuilt = await ok<SimLinode>('POST', `/v4/linode/instances/${linodes.webProd}/rebuild`, {
        image: 'linode/ubuntu24.04',
        root_pass: STRONG_PASSWORD,
        metadata: { user_data: Buffer.from('#cloud-config\n').toString('base64') },
      });
      assert.equal(rebuilt.status, 'rebuilding');
      assert.equal(rebuilt.image, 'linode/ubuntu24.04');
      assert.equal(rebuilt.has_user_data, true);
      const after = sim.state.disksOf(linodes.webProd);
      assert.ok(after.every((disk) => !before.includes(disk.id) && disk.status === 'not ready'), 'every disk was replaced');
      assert.deepEqual(summary(await eventsOf(linodes.webProd)), ['linode_rebuild started']);
      step(1);
      assert.equal((await linode(linodes.webProd)).status, 'booting');
      step(2);
      assert.equal((await linode(linodes.webProd)).status, 'running');
      assert.deepEqual(summary(await eventsOf(linodes.webProd)), ['linode_rebuild finished', 'linode_boot finished']);
    });

    it('refuses what a rebuild may not do', async () => {
      const rebuild = (id: number, body: Record<string, unknown>): Promise<RawResponse> => call('POST', `/v4/linode/instances/${id}/rebuild`, { body });
      const fieldOf = (response: RawResponse): string | undefined => (response.body as { errors: Array<{ field?: string }> }).errors[0]?.field;
      assert.equal(fieldOf(await rebuild(linodes.webProd, { root_pass: STRONG_PASSWORD })), 'image');
      assert.equal(fieldOf(await rebuild(linodes.webProd, { image: images.publicCurrent })), 'root_pass');
      assert.equal(fieldOf(await rebuild(linodes.webProd, { image: images.publicCurrent, root_pass: 'aaaaaaaaaaaaaaaa' })), 'root_pass');
      assert.equal(fieldOf(await rebuild(linodes.dbEu, { image: images.singleRegion, root_pass: STRONG_PASSWORD })), 'image', 'not available in eu-west');
      assert.equal(fieldOf(await rebuild(linodes.webProd, { image: images.publicCurrent, root_pass: STRONG_PASSWORD, region: 'eu-west' })), 'region');
      assert.equal((await rebuild(999, { image: images.publicCurrent, root_pass: STRONG_PASSWORD })).status, 404);
      const made = await deploy();
      const busy = await rebuild(made.id, { image: images.publicCurrent, root_pass: STRONG_PASSWORD });
      assert.equal(busy.status, 400);
      assert.deepEqual(busy.body, { errors: [{ reason: 'Linode busy.' }] });
    });
  });

  describe('faults and lost answers', () => {
    it('a lost answer to a create: the Linode is made, the client never hears, the password is not recorded', async () => {
      sim.faults.add({ origin: 'api', method: 'POST', path: '/linode/instances', loseAnswer: true });
      await assert.rejects(create({ ...valid, label: 'lost-create' }), /socket hang up|ECONNRESET/);
      const made = [...sim.state.linodes.values()].filter((entry) => entry.label === 'lost-create');
      assert.equal(made.length, 1, 'the simulator acted');
      assert.equal(made[0].status, 'provisioning');
      const exchange = sim.requests.at(-1);
      assert.equal(exchange?.answerLost, true);
      assert.equal((exchange?.requestBody as { root_pass: string }).root_pass, '<redacted>');
      assert.ok(!JSON.stringify(sim.requests).includes(STRONG_PASSWORD));
    });

    it('a fault status instead of the create: nothing is made; a rebuild and a delete get faults too', async () => {
      sim.faults.add({ method: 'POST', path: '/linode/instances', status: 503 });
      assert.equal((await create(valid)).status, 503);
      assert.equal(sim.state.linodes.size, 4);
      sim.faults.add({ method: 'POST', path: /\/rebuild$/, status: 500 });
      assert.equal((await call('POST', `/v4/linode/instances/${linodes.webProd}/rebuild`, { body: { image: images.publicCurrent, root_pass: STRONG_PASSWORD } })).status, 500);
      assert.equal(sim.state.linodes.get(linodes.webProd)?.status, 'running', 'not rebuilt');
      sim.faults.add({ method: 'DELETE', path: `/linode/instances/${linodes.buildBox}`, drop: true });
      await assert.rejects(call('DELETE', `/v4/linode/instances/${linodes.buildBox}`), /socket hang up|ECONNRESET/);
      assert.ok(sim.state.linodes.has(linodes.buildBox), 'a dropped request is not acted on');
    });
  });
});

describe('simulator root password strength', () => {
  it('takes what the real API took, refuses short, common and patterned passwords', () => {
    for (const strong of [RECORDED_PASSWORD, STRONG_PASSWORD, 'correct horse battery staple', 'Vq8!zR3#nT6$wK1&', '5829164037582916']) {
      assert.equal(rootPasswordProblem(strong), undefined, strong);
    }
    for (const weak of ['password', 'Password123!', 'aaaaaaaaaaaaaaaa', 'abcdefghijklmnop', 'qwertyuiopasdfgh', 'Aa1!Aa1!Aa1!Aa1!', '73914628501', 'letmein2024', 'linoderootpass']) {
      assert.equal(rootPasswordProblem(weak), WEAK_PASSWORD_REASON, weak);
    }
    assert.match(rootPasswordProblem('abc') ?? '', /between 7 and 128/);
    assert.match(rootPasswordProblem('x'.repeat(129)) ?? '', /between 7 and 128/);
  });
});
