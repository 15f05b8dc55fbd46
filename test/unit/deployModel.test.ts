// The core of deploying an image, without a server: a new Linode's label (Linode's rules, as typed), the regions and
// plans an image can be deployed to with their prices, how prices and running times read, the trial record (what
// Delete Trial Linode may delete) and public SSH keys.
import * as assert from 'node:assert/strict';
import type { Linode, LinodeType, Region } from '../../src/core/api/types';
import { formatDollars, formatDuration, formatPrice, planSpecs } from '../../src/core/deploy/format';
import { labelSuffix, suggestLinodeLabel, validateLinodeLabel } from '../../src/core/deploy/linodeLabel';
import { canDeployIn, deployRegions, plansFor } from '../../src/core/deploy/plans';
import { parsePublicKey } from '../../src/core/deploy/sshKeys';
import {
  emptyTrialRecord,
  isTrial,
  readTrialRecord,
  reconcileTrials,
  TRIAL_TAG,
  withCreated,
  withoutId,
  withoutPending,
  withPending,
} from '../../src/core/deploy/trialRecord';
import { canDo, whyNot } from '../../src/core/model/imageActions';
import { privateImage, publicImage, region } from './imageFixtures';

function plan(id: string, memory: number, disk: number, hourly: number, extra: Partial<LinodeType> = {}): LinodeType {
  return { id, label: id, class: 'standard', memory, disk, vcpus: 1, gpus: 0, transfer: 1000, price: { hourly, monthly: hourly * 730 }, region_prices: [], ...extra };
}

function linode(id: number, label: string, created: string, tags = [TRIAL_TAG]): Linode {
  return { id, label, region: 'us-east', type: 'g6-nanode-1', image: 'private/1', status: 'running', tags, ipv4: ['198.51.100.2'], ipv6: null, created };
}

const ED25519 = (comment: string): string => {
  const name = Buffer.from('ssh-ed25519');
  const blob = Buffer.concat([Buffer.from([0, 0, 0, name.length]), name, Buffer.from([0, 0, 0, 32]), Buffer.alloc(32, 7)]);
  return `ssh-ed25519 ${blob.toString('base64')} ${comment}`;
};

describe('deploying: the model', () => {
  describe('a new Linode\'s label', () => {
    it('takes what Linode takes and says why it refuses the rest', () => {
      assert.equal(validateLinodeLabel('web-1'), undefined);
      assert.equal(validateLinodeLabel('a.b_c-9'), undefined);
      assert.match(validateLinodeLabel('ab') ?? '', /3 to 64 characters \(now 2\)/);
      assert.match(validateLinodeLabel('x'.repeat(65)) ?? '', /3 to 64/);
      assert.match(validateLinodeLabel('1web') ?? '', /starts with a letter/);
      assert.match(validateLinodeLabel('web-') ?? '', /ends with a letter or a digit/);
      assert.match(validateLinodeLabel('web--1') ?? '', /never two of/);
      assert.match(validateLinodeLabel('web 1') ?? '', /only letters, digits/);
      assert.match(validateLinodeLabel('Web-Prod-1', new Set(['web-prod-1'])) ?? '', /already has a Linode labelled "Web-Prod-1"/);
    });

    it('is suggested from the image\'s label and a suffix, always one Linode takes', () => {
      assert.equal(suggestLinodeLabel('golden web', 'a1b2'), 'golden-web-a1b2');
      assert.equal(suggestLinodeLabel('Ubuntu 22.04 (LTS)', 'zz'), 'Ubuntu-22.04-LTS-zz');
      assert.equal(suggestLinodeLabel('2024 build', 'x7'), 'build-x7');
      assert.equal(suggestLinodeLabel('!!!', 'x7'), 'linode-x7');
      const long = suggestLinodeLabel('k'.repeat(80), 'trial-abcd');
      assert.equal(long.length, 64);
      for (const label of ['golden web', 'Ubuntu 22.04 (LTS)', '--a--', 'x'.repeat(70), 'é-ü', '']) {
        assert.equal(validateLinodeLabel(suggestLinodeLabel(label, `trial-${labelSuffix()}`)), undefined, label);
      }
      assert.match(labelSuffix(), /^[a-z2-9]{4}$/);
    });
  });

  describe('regions and plans', () => {
    const regions = new Map<string, Region>([
      ['us-east', region('us-east', 'Newark, NJ', ['Linodes', 'Metadata', 'Premium Plans'])],
      ['eu-west', region('eu-west', 'London, UK', ['Linodes'])],
      ['ap-south', region('ap-south', 'Singapore, SG', ['Linodes'])],
      ['us-den-1', { ...region('us-den-1', 'Denver, CO', ['Linodes', 'Distributed Plans']), site_type: 'distributed' }],
      ['no-linodes', region('no-linodes', 'Storage only', ['Object Storage'])],
    ]);

    it('offers a private image only where it has an available copy, its own region first', () => {
      const image = privateImage(7, 'golden', [
        { region: 'eu-west', status: 'available' },
        { region: 'us-east', status: 'available' },
        { region: 'ap-south', status: 'pending replication' },
      ]);
      assert.deepEqual(deployRegions(image, regions).map((r) => r.id), ['eu-west', 'us-east']);
    });

    it('offers a public image every core region, and distributed sites only with distributed-sites', () => {
      assert.deepEqual(deployRegions(publicImage('debian12', 'Debian', { capabilities: [] }), regions).map((r) => r.id), ['ap-south', 'eu-west', 'us-east']);
      assert.ok(canDeployIn(publicImage('debian12', 'Debian', { capabilities: ['distributed-sites'] }), regions.get('us-den-1') as Region));
    });

    it('lists the plans sold in the region with room for the image, smallest first, at the region\'s price', () => {
      const types = [
        plan('big', 8192, 163840, 0.072),
        plan('nanode', 1024, 25600, 0.0075, { region_prices: [{ id: 'eu-west', hourly: 0.009, monthly: 6 }] }),
        plan('premium', 4096, 81920, 0.065, { class: 'premium' }),
        plan('tiny-disk', 2048, 2000, 0.01),
        plan('dedicated', 4096, 81920, 0.054, { class: 'dedicated' }),
        plan('unpriced', 512, 25600, 0, { price: null }),
      ];
      const east = plansFor(types, regions.get('us-east') as Region, 4096);
      assert.deepEqual(east.map((p) => p.type.id), ['nanode', 'dedicated', 'premium', 'big']);
      assert.deepEqual(plansFor(types, regions.get('eu-west') as Region, 4096).map((p) => p.type.id), ['nanode', 'dedicated', 'big'], 'no premium plans there');
      assert.deepEqual(plansFor(types, regions.get('eu-west') as Region, 4096)[0].price, { hourly: 0.009, monthly: 6 });
      assert.deepEqual(plansFor(types, regions.get('us-den-1') as Region, 4096).map((p) => p.type.id), ['dedicated'], 'only dedicated plans at a distributed site');
      assert.deepEqual(plansFor(types, regions.get('us-east') as Region, 25600).map((p) => p.type.id), ['dedicated', 'premium', 'big'], 'the swap disk needs room too');
    });

    it('deploys available images of your own, shared with you, and public ones; not images in progress', () => {
      assert.ok(canDo('deploy', publicImage('debian12', 'Debian')));
      assert.ok(canDo('deploy', privateImage(1, 'a', [{ region: 'us-east', status: 'available' }])));
      const creating = privateImage(2, 'b', [{ region: 'us-east', status: 'pending' }], { status: 'creating' });
      assert.equal(canDo('deploy', creating), false);
      assert.match(whyNot('deploy', creating) ?? '', /only available images can be deployed/);
      assert.equal(canDo('deploy', privateImage(1, 'a', []), true), false, 'busy');
      const shared = privateImage(3, 'c', [{ region: 'eu-west', status: 'available' }], { id: 'shared/3' });
      assert.ok(canDo('deploy', shared));
      const sharedCreating = privateImage(4, 'd', [{ region: 'eu-west', status: 'pending' }], { id: 'shared/4', status: 'creating' });
      assert.equal(canDo('deploy', sharedCreating), false);
      assert.match(whyNot('deploy', sharedCreating) ?? '', /its status is "creating" and only available images can be deployed/);
      // Still not to be edited by you, with the owner named.
      assert.match(whyNot('edit', shared) ?? '', /shared with you/);
    });

    it('offers a shared image only the regions where it has an available copy, in the order Linode lists them', () => {
      const shared = privateImage(5, 'e', [
        { region: 'eu-west', status: 'available' },
        { region: 'us-east', status: 'pending replication' },
        { region: 'ap-south', status: 'available' },
      ], { id: 'shared/5' });
      const known = new Map(['us-east', 'eu-west', 'ap-south'].map((id) => [id, region(id, id)]));
      assert.deepEqual(deployRegions(shared, known).map((r) => r.id), ['eu-west', 'ap-south']);
      assert.equal(canDeployIn(shared, known.get('us-east') as Region), false);
    });
  });

  describe('wording', () => {
    it('says prices as Linode states them, plans by size, running times in their largest units', () => {
      assert.deepEqual([0.0075, 5, 0.02, 0.0225, 1.5, 12, 0.015].map(formatDollars), ['$0.0075', '$5', '$0.02', '$0.0225', '$1.50', '$12', '$0.015']);
      assert.equal(formatPrice({ hourly: 0.0075, monthly: 5 }), '$0.0075/hour · $5/month');
      assert.equal(planSpecs(plan('x', 1024, 25600, 0.0075)), '1 CPU · 1 GB RAM · 25 GB disk');
      assert.equal(planSpecs(plan('x', 32768, 655360, 1.5, { vcpus: 8, gpus: 1 })), '8 CPUs · 32 GB RAM · 640 GB disk · 1 GPU');
      assert.deepEqual([10_000, 12 * 60_000, 2 * 3_600_000, (2 * 60 + 5) * 60_000, 3 * 86_400_000 + 4 * 3_600_000].map(formatDuration), ['1 min', '12 min', '2 h', '2 h 5 min', '3 d 4 h']);
    });
  });

  describe('the trial record', () => {
    const sent = Date.parse('2026-05-01T10:00:00Z');

    it('names a create by label before it is sent and by id once answered; only a tagged, recorded Linode is a trial', () => {
      let record = withPending(emptyTrialRecord(), 'try-a', sent);
      assert.deepEqual(record, { ids: [], pending: [{ label: 'try-a', since: sent }] });
      record = withCreated(record, 'try-a', 41000101);
      assert.deepEqual(record, { ids: [41000101], pending: [] });
      assert.ok(isTrial(record, linode(41000101, 'try-a', '2026-05-01T10:00:01')));
      assert.equal(isTrial(record, linode(41000101, 'try-a', '2026-05-01T10:00:01', ['other'])), false, 'the tag was removed');
      assert.equal(isTrial(record, linode(41000001, 'web-prod-1', '2024-01-01T00:00:00')), false, 'not made here');
      assert.deepEqual(withoutId(record, 41000101), emptyTrialRecord());
      assert.deepEqual(withoutPending(withPending(record, 'try-b', sent), 'try-b'), record);
    });

    it('finds a create named only by label in the listing, forgets Linodes no longer listed, and gives up a create never seen', () => {
      const record = { ids: [41000001, 41000102], pending: [{ label: 'try-lost', since: sent }, { label: 'try-never', since: sent - 60 * 60_000 }] };
      const listed = [
        linode(41000102, 'try-kept', '2026-05-01T09:00:00'),
        linode(41000103, 'try-lost', '2026-05-01T10:00:02'),
        linode(41000104, 'someone-elses', '2026-05-01T10:00:02'),
      ];
      const { record: next, trials } = reconcileTrials(record, listed, sent + 60_000);
      assert.deepEqual(next, { ids: [41000102, 41000103], pending: [] });
      assert.deepEqual(trials.map((t) => t.id), [41000102, 41000103], 'a tagged Linode not on record is not a trial');
      const early = reconcileTrials({ ids: [], pending: [{ label: 'try-lost', since: sent }] }, [linode(41000105, 'try-lost', '2026-04-01T00:00:00')], sent + 1000);
      assert.deepEqual(early.record, { ids: [], pending: [{ label: 'try-lost', since: sent }] }, 'a Linode of that label made long before is not this one');
    });

    it('reads whatever is stored as a record, or as empty', () => {
      assert.deepEqual(readTrialRecord(undefined), emptyTrialRecord());
      assert.deepEqual(readTrialRecord({ ids: [1, 'x', 2.5], pending: [{ label: 'a', since: 1 }, { label: 3 }] }), { ids: [1], pending: [{ label: 'a', since: 1 }] });
    });
  });

  describe('public SSH keys', () => {
    it('reads the first key line of a .pub file; other text is no key', () => {
      const key = parsePublicKey(`# mine\n${ED25519('me@laptop')}\n`);
      assert.equal(key?.type, 'ssh-ed25519');
      assert.equal(key?.comment, 'me@laptop');
      assert.equal(key?.line, ED25519('me@laptop'));
      assert.equal(parsePublicKey('-----BEGIN OPENSSH PRIVATE KEY-----'), undefined);
      assert.equal(parsePublicKey(ED25519('x').replace('ssh-ed25519', 'ssh-rsa')), undefined, 'the blob names another type');
    });
  });
});
