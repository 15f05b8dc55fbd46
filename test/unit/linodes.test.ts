// Deploying images from the core: the client's Linode calls against the simulator over real HTTP (plans, create,
// read, list by label and tag, rebuild, delete, SSH keys), a create whose answer is lost settled by reading the
// account's Linodes and never by a second POST, the root password generator, and the trial-cost model.
import * as assert from 'node:assert/strict';
import type { LinodeClient } from '../../src/core/api/client';
import { isNotFound, LinodeApiError, LinodeNetworkError } from '../../src/core/api/errors';
import { CLOCK_SKEW_MS, findLinodesMadeSince, type LinodeListFilter } from '../../src/core/api/lostCreates';
import type { Linode, LinodeCreateRequest } from '../../src/core/api/types';
import { generateRootPassword } from '../../src/core/deploy/rootPassword';
import { priceIn, trialCost } from '../../src/core/deploy/trialCost';
import { SEED_IDS, startSimulator, type Simulator } from '../../simulator';
import { rootPasswordProblem } from '../../simulator/rootPassword';
import { rejectionOf, simulatorClient } from '../support/simulatorClient';

const TRIAL_TAG = 'linode-images-trial';

describe('deploying images: the client and Linodes', function () {
  let sim: Simulator;
  const logLines: string[] = [];

  function client(overrides: Parameters<typeof simulatorClient>[1] = {}): LinodeClient {
    return simulatorClient(sim, { retryBaseDelayMs: 10, log: (line) => logLines.push(line), ...overrides });
  }

  function trial(label: string, extra: Partial<LinodeCreateRequest> = {}): LinodeCreateRequest {
    return { region: 'us-east', type: 'g6-nanode-1', label, image: SEED_IDS.images.publicCurrent, root_pass: generateRootPassword(), tags: [TRIAL_TAG], ...extra };
  }

  /** The POSTs that reached the simulator's create endpoint. */
  const createPosts = (): number => sim.requests.filter((r) => r.method === 'POST' && r.path === '/v4/linode/instances').length;
  const labelled = (label: string): number => [...sim.state.linodes.values()].filter((linode) => linode.label === label).length;

  before(async () => {
    sim = await startSimulator({ lifecycleMs: 60_000 });
  });
  after(() => sim.close());
  beforeEach(() => {
    sim.reset();
    logLines.length = 0;
  });

  describe('the calls', () => {
    it('lists the plans with their prices', async () => {
      const types = await client().listLinodeTypes();
      assert.equal(types.length, sim.state.linodeTypes.size);
      const nanode = types.find((type) => type.id === 'g6-nanode-1');
      assert.ok(nanode);
      assert.deepEqual(nanode.price, { hourly: 0.0075, monthly: 5 });
      assert.equal(nanode.class, 'nanode');
      assert.deepEqual([nanode.memory, nanode.disk, nanode.vcpus], [1024, 25600, 1]);
      assert.deepEqual(priceIn(nanode, 'br-gru'), { hourly: 0.0105, monthly: 7 });
      assert.deepEqual(priceIn(nanode, 'us-east'), nanode.price);
    });

    it('creates a Linode from an image, reads it, lists it by label and tag, rebuilds and deletes it', async () => {
      const c = client();
      const made = await c.createLinode(trial('trial-web-1'));
      assert.equal(made.status, 'provisioning');
      assert.equal(made.image, SEED_IDS.images.publicCurrent);
      assert.equal(made.ipv4.length, 1);
      assert.match(made.ipv6 ?? '', /\/128$/);
      assert.ok(made.created);
      assert.deepEqual(made.tags, [TRIAL_TAG]);

      assert.deepEqual((await c.listLinodes({ tag: TRIAL_TAG })).map((linode) => linode.id), [made.id]);
      assert.deepEqual((await c.listLinodes({ label: 'trial-web-1', tag: TRIAL_TAG })).map((linode) => linode.id), [made.id]);
      assert.deepEqual(await c.listLinodes({ label: 'trial-web-1', tag: 'web' }), []);
      assert.equal((await c.listLinodes()).length, 5);
      const filters = sim.requests.filter((r) => r.path.startsWith('/v4/linode/instances?')).map((r) => r.headers['x-filter']);
      assert.deepEqual(filters, ['{"tags":"linode-images-trial"}', '{"label":"trial-web-1","tags":"linode-images-trial"}', '{"label":"trial-web-1","tags":"web"}', undefined]);

      sim.settle();
      assert.equal((await c.getLinode(made.id)).status, 'running');
      const rebuilt = await c.rebuildLinode(made.id, { image: SEED_IDS.images.multiRegion, root_pass: generateRootPassword() });
      assert.equal(rebuilt.status, 'rebuilding');
      sim.settle();
      const after = await c.getLinode(made.id);
      assert.deepEqual([after.status, after.image], ['running', SEED_IDS.images.multiRegion]);

      await c.deleteLinode(made.id);
      assert.ok(isNotFound(await rejectionOf(c.getLinode(made.id))));
      assert.ok(isNotFound(await rejectionOf(c.deleteLinode(made.id))));
    });

    it('reports what Linode refuses, field by field, and never puts the root password in a log line', async () => {
      const password = generateRootPassword();
      const error = await rejectionOf(client().createLinode(trial('trial-refused', { image: SEED_IDS.images.singleRegion, region: 'eu-west', root_pass: password })));
      assert.ok(error instanceof LinodeApiError);
      assert.equal(error.status, 400);
      assert.match(error.reasonFor('image') ?? '', /not available in eu-west/);
      const weak = await rejectionOf(client().createLinode(trial('trial-weak', { root_pass: 'Password123!' })));
      assert.equal((weak as LinodeApiError).reasonFor('root_pass'), 'Password does not meet strength requirement');
      assert.ok(!logLines.join('\n').includes(password));
      assert.equal(sim.state.linodes.size, 4);
    });

    it("lists the profile's SSH keys", async () => {
      const keys = await client().listSshKeys();
      assert.deepEqual(keys.map((key) => key.label), ['laptop', 'CI deploy key']);
      assert.match(keys[0].ssh_key, /^ssh-ed25519 /);
    });
  });

  describe('a create whose outcome is unknown', () => {
    it('answer lost: the Linode Linode made is the answer, found by label and tag; one POST, one Linode', async () => {
      sim.faults.add({ origin: 'api', method: 'POST', path: '/linode/instances', loseAnswer: true });
      const made = await client().createLinode(trial('trial-lost'));
      assert.equal(made.label, 'trial-lost');
      assert.equal(createPosts(), 1, 'never created again');
      assert.equal(labelled('trial-lost'), 1, 'exactly one Linode exists');
      assert.equal(made.id, [...sim.state.linodes.values()].find((linode) => linode.label === 'trial-lost')?.id);
      const search = sim.requests.find((r) => r.method === 'GET' && r.path.startsWith('/v4/linode/instances?'));
      assert.equal(search?.headers['x-filter'], '{"label":"trial-lost","tags":"linode-images-trial"}');
      assert.ok(logLines.some((line) => /asking Linode whether the Linode "trial-lost" was made/.test(line)));
    });

    it('no answer in time: the same, while Linode is still holding its answer back', async () => {
      sim.faults.add({ origin: 'api', method: 'POST', path: '/linode/instances', answerDelayMs: 30_000 });
      const made = await client({ timeoutMs: 1_000 }).createLinode(trial('trial-late'));
      assert.equal(made.label, 'trial-late');
      assert.equal(createPosts(), 1, 'one POST, not repeated');
      assert.equal(sim.requests.find((r) => r.method === 'POST')?.status, 0, 'it never got its answer');
      assert.equal(labelled('trial-late'), 1);
    });

    it('a gateway 5xx or a dropped request that Linode never acted on: the failure stands, and nothing was made', async () => {
      sim.faults.add({ method: 'POST', path: '/linode/instances', status: 502 });
      const gateway = await rejectionOf(client().createLinode(trial('trial-502')));
      assert.ok(gateway instanceof LinodeApiError && gateway.status === 502);
      sim.faults.add({ method: 'POST', path: '/linode/instances', drop: true });
      assert.ok((await rejectionOf(client().createLinode(trial('trial-dropped')))) instanceof LinodeNetworkError);
      assert.equal(sim.state.linodes.size, 4);
      assert.equal(createPosts(), 2, 'each create was sent once');
    });

    it('a Linode with the label made before the attempt is not taken for this one', async () => {
      // Linode refuses the duplicate label, but the refusal is lost: only the old web-prod-1 has the label.
      sim.faults.add({ method: 'POST', path: '/linode/instances', loseAnswer: true });
      const error = await rejectionOf(client().createLinode(trial('web-prod-1', { tags: undefined })));
      assert.ok(error instanceof LinodeNetworkError);
      assert.equal(labelled('web-prod-1'), 1);
    });

    it('when the Linodes cannot be read, says so and asks the user to look before trying again', async () => {
      sim.faults.add({ method: 'POST', path: '/linode/instances', loseAnswer: true });
      sim.faults.add({ method: 'GET', path: '/linode/instances', status: 500, times: Number.POSITIVE_INFINITY });
      const error = await rejectionOf(client().createLinode(trial('trial-unknown')));
      assert.ok(error instanceof Error);
      assert.match(error.message, /Whether Linode made the Linode "trial-unknown" could not be checked .*look at your Linodes before you try again/);
      assert.ok(error.cause instanceof LinodeNetworkError);
      assert.equal(createPosts(), 1);
    });

    it('findLinodesMadeSince keeps the label and tag, made since the attempt began (clock skew allowed)', async () => {
      const start = Date.UTC(2026, 0, 10, 12);
      const at = (ms: number): string => new Date(start + ms).toISOString().slice(0, 19);
      const linode = (id: number, label: string, created: string | null, tags = [TRIAL_TAG]): Linode =>
        ({ id, label, region: 'us-east', type: 'g6-nanode-1', image: null, status: 'provisioning', tags, ipv4: [], ipv6: null, created });
      const asked: LinodeListFilter[] = [];
      const api = {
        listLinodes: async (filter: LinodeListFilter): Promise<Linode[]> => {
          asked.push(filter);
          return [
            linode(1, 'trial', at(1_000)),
            linode(2, 'trial', at(-CLOCK_SKEW_MS + 1_000)),
            linode(3, 'trial', at(-CLOCK_SKEW_MS - 1_000)),
            linode(4, 'other', at(1_000)),
            linode(5, 'trial', at(1_000), []),
            linode(6, 'trial', null),
          ];
        },
      };
      assert.deepEqual((await findLinodesMadeSince(api, { label: 'trial', tag: TRIAL_TAG }, start, start + 60_000)).map((l) => l.id), [1, 2]);
      assert.deepEqual((await findLinodesMadeSince(api, { label: 'trial' }, start, start + 60_000)).map((l) => l.id), [1, 2, 5]);
      assert.deepEqual(asked, [{ label: 'trial', tag: TRIAL_TAG }, { label: 'trial' }]);
    });
  });
});

describe('root password generator', () => {
  it('makes long, random passwords of every kind that Linode takes', () => {
    const passwords = Array.from({ length: 200 }, () => generateRootPassword());
    assert.equal(new Set(passwords).size, passwords.length);
    for (const password of passwords) {
      assert.equal(password.length, 32);
      for (const kind of [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/]) assert.match(password, kind);
      assert.doesNotMatch(password, /[lIO01"'`\\$ ]/, 'no look-alikes, nothing a shell or JSON escapes');
      assert.equal(rootPasswordProblem(password), undefined, password);
    }
    assert.equal(generateRootPassword(16).length, 16);
    assert.throws(() => generateRootPassword(8), RangeError);
    assert.throws(() => generateRootPassword(129), RangeError);
  });
});

describe('trial cost', () => {
  const nanode = { hourly: 0.0075, monthly: 5 };
  const created = '2026-03-01T10:00:00';
  const createdMs = Date.UTC(2026, 2, 1, 10);
  const minutes = (n: number): number => createdMs + n * 60_000;

  it('bills every hour begun, from the first', () => {
    assert.deepEqual(trialCost(nanode, created, minutes(0)), { billedHours: 1, dollars: 0.0075, capped: false });
    assert.deepEqual(trialCost(nanode, created, minutes(59)), { billedHours: 1, dollars: 0.0075, capped: false });
    assert.deepEqual(trialCost(nanode, created, minutes(61)), { billedHours: 2, dollars: 0.015, capped: false });
    assert.deepEqual(trialCost(nanode, created, minutes(150)), { billedHours: 3, dollars: 0.0225, capped: false });
  });

  it('never more than the monthly price', () => {
    assert.deepEqual(trialCost(nanode, created, minutes(666 * 60)), { billedHours: 666, dollars: 4.995, capped: false });
    assert.deepEqual(trialCost(nanode, created, minutes(667 * 60)), { billedHours: 667, dollars: 5, capped: true });
    assert.deepEqual(trialCost(nanode, created, minutes(800 * 60)), { billedHours: 800, dollars: 5, capped: true });
  });

  it("counts the first hour when Linode's clock is ahead, and says nothing without a created time", () => {
    assert.deepEqual(trialCost(nanode, created, minutes(-2)), { billedHours: 1, dollars: 0.0075, capped: false });
    assert.equal(trialCost(nanode, null, minutes(5)), undefined);
    assert.equal(trialCost(nanode, 'yesterday', minutes(5)), undefined);
  });

  it('uses the regional price where Linode has one', () => {
    const type = { price: nanode, region_prices: [{ id: 'br-gru', hourly: 0.0105, monthly: 7 }] };
    const price = priceIn(type, 'br-gru');
    assert.ok(price);
    assert.deepEqual(trialCost(price, created, minutes(90)), { billedHours: 2, dollars: 0.021, capped: false });
    assert.equal(priceIn({ price: null, region_prices: [] }, 'us-east'), null);
  });
});
