// The core pieces of membership: checking a group's ID and a pasted token before anything is sent (never quoting the
// token), the words for a member's status, and the lost answers of adding a member and of making a token (a token is
// shown only once, so a lost one is said, never made again). Against the simulator's `sharing` seed over real HTTP.
import * as assert from 'node:assert/strict';
import { addMemberConfirmed, createShareGroupTokenConfirmed, TokenAnswerLostError } from '../../src/core/api/confirmed';
import { membershipStatusText, validateGroupUuid, validateMembershipToken } from '../../src/core/model/sharing';
import { SEED_IDS, SIMULATOR_TEAMMATE_TOKEN, startSimulator, type Simulator } from '../../simulator';
import { simulatorClient } from '../support/simulatorClient';

const { sharing } = SEED_IDS;
const log = { info: (): void => undefined, warn: (): void => undefined };

describe('sharing members (core)', function () {
  this.timeout(20_000);

  it('checks a group ID and a token by their shape, and never quotes the token', () => {
    assert.equal(validateGroupUuid(` ${sharing.groupUuid} `), undefined);
    assert.match(validateGroupUuid('') ?? '', /Paste the share group's ID/);
    assert.match(validateGroupUuid('Team images') ?? '', /not a share group's ID/);
    const token = 'eyJhbGciOiJIUzI1NiJ9.eyJqdGkiOiJ4In0.c2lnbmF0dXJl';
    assert.equal(validateMembershipToken(`${token}\n`), undefined);
    assert.match(validateMembershipToken('') ?? '', /Paste the membership token/);
    assert.match(validateMembershipToken(sharing.groupUuid) ?? '', /not the token/);
    for (const bad of ['secret words here', 'abc.def', `${token} x`, 'a.b.c.d']) {
      const message = validateMembershipToken(bad) ?? '';
      assert.match(message, /not a membership token/);
      assert.ok(!message.includes(bad), 'the message does not quote what was pasted');
    }
  });

  it('says a status with its expiry', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.equal(membershipStatusText({ status: 'active', expiry: null }, now), 'active');
    assert.equal(membershipStatusText({ status: 'pending', expiry: '2026-01-04T00:00:00' }, now), 'pending · expires in 3 days');
    assert.equal(membershipStatusText({ status: 'pending', expiry: '2025-12-31T00:00:00' }, now), 'pending · expired');
    assert.equal(membershipStatusText({ status: 'revoked', expiry: '2026-01-04T00:00:00' }, now), 'revoked');
  });

  describe('lost answers', () => {
    let sim: Simulator;
    before(async () => {
      sim = await startSimulator({ seed: 'sharing', lifecycleMs: 60_000 });
    });
    after(() => sim.close());
    beforeEach(() => sim.reset());

    it('a token made although its answer was lost: says so, with the token found, and sends one POST', async () => {
      const owner = simulatorClient(sim, { apiVersion: 'v4beta' });
      const group = await owner.createShareGroup({ label: 'Release images' });
      const teammate = simulatorClient(sim, { apiVersion: 'v4beta', token: () => SIMULATOR_TEAMMATE_TOKEN, maxRetries: 0 });
      const known = new Set((await teammate.listShareGroupTokens()).map((t) => t.token_uuid));
      sim.faults.add({ origin: 'api', method: 'POST', path: '/images/sharegroups/tokens', loseAnswer: true });
      const error = await createShareGroupTokenConfirmed(teammate, log, { valid_for_sharegroup_uuid: group.uuid }, known).then(
        () => assert.fail('no token can be given'),
        (caught: unknown) => caught,
      );
      assert.ok(error instanceof TokenAnswerLostError);
      assert.deepEqual(error.found.map((t) => [t.valid_for_sharegroup_uuid, t.status]), [[group.uuid, 'pending']]);
      assert.match(error.message, /Linode never shows a token again/);
      assert.equal(sim.requests.filter((r) => r.method === 'POST' && r.path.includes('/tokens')).length, 1);
    });

    it('a member added although the answer was lost is the answer; a refused token is not retried', async () => {
      const owner = simulatorClient(sim, { apiVersion: 'v4beta', maxRetries: 0 });
      const group = await owner.createShareGroup({ label: 'Release images' });
      const teammate = simulatorClient(sim, { apiVersion: 'v4beta', token: () => SIMULATOR_TEAMMATE_TOKEN });
      const { token } = await teammate.createShareGroupToken({ valid_for_sharegroup_uuid: group.uuid });
      sim.faults.add({ origin: 'api', method: 'POST', path: `/images/sharegroups/${group.id}/members`, loseAnswer: true });
      const member = await addMemberConfirmed(owner, log, group.id, { token, label: 'teammate' }, new Set());
      assert.deepEqual([member.label, member.status], ['teammate', 'active']);
      await assert.rejects(addMemberConfirmed(owner, log, group.id, { token, label: 'again' }, new Set([member.token_uuid])), /already been used/);
      assert.equal(sim.requests.filter((r) => r.method === 'POST' && r.path.includes('/members')).length, 2);
    });
  });
});
