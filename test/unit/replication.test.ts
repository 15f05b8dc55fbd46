import * as assert from 'node:assert/strict';
import type { Region } from '../../src/core/api/types';
import { canHoldImages, planRegionChange, regionChoices, REGIONS_WITHOUT_IMAGES } from '../../src/core/model/replication';
import { privateImage, region } from './imageFixtures';

const regions: Region[] = [
  region('us-east', 'Newark, NJ', ['Linodes', 'Object Storage']),
  region('eu-west', 'London, UK', ['Linodes', 'Object Storage']),
  region('fr-par', 'Paris, FR', ['Linodes', 'Object Storage']),
  region('ap-west', 'Mumbai, IN', ['Linodes']),
  { ...region('us-den-1', 'Denver, CO', ['Linodes', 'Object Storage']), site_type: 'distributed' },
  region('gb-lon', 'London 2, UK', ['Linodes', 'Object Storage']),
];

describe('regions that can hold images', () => {
  it('needs Object Storage and a core site, and leaves out the regions Cloud Manager leaves out', () => {
    assert.deepEqual(regions.filter(canHoldImages).map((r) => r.id), ['us-east', 'eu-west', 'fr-par']);
    assert.ok(REGIONS_WITHOUT_IMAGES.has('gb-lon') && REGIONS_WITHOUT_IMAGES.has('au-mel'));
    const { site_type: _siteType, ...withoutSiteType } = region('us-west', 'Fremont, CA');
    assert.ok(canHoldImages(withoutSiteType), 'a region without site_type is a core one');
  });

  it('offers them plus every region the image is in now, current ones first and pre-selected', () => {
    const image = privateImage(1, 'img', [
      { region: 'gb-lon', status: 'available' },
      { region: 'eu-west', status: 'pending deletion' },
      { region: 'us-east', status: 'available' },
    ]);
    const choices = regionChoices(image, regions);
    assert.deepEqual(
      choices.map((c) => [c.regionId, c.current, c.replica?.status ?? null]),
      [
        ['gb-lon', true, 'available'],
        ['us-east', true, 'available'],
        ['eu-west', false, 'pending deletion'],
        ['fr-par', false, null],
      ],
    );
    assert.equal(choices[0].region?.label, 'London 2, UK');
  });
});

describe('planning a new region set', () => {
  const image = privateImage(2, 'img', [
    { region: 'us-east', status: 'available' },
    { region: 'eu-west', status: 'available' },
    { region: 'fr-par', status: 'replicating' },
  ]);

  it('refuses an empty set', () => {
    const plan = planRegionChange(image, []);
    assert.equal(plan.kind, 'refused');
    assert.equal(plan.kind === 'refused' && plan.reason, 'empty');
  });

  it('refuses a set that keeps no region where the image is available, naming those regions', () => {
    const plan = planRegionChange(image, ['fr-par', 'ap-south'], (id) => id.toUpperCase());
    assert.equal(plan.kind, 'refused');
    assert.equal(plan.kind === 'refused' && plan.reason, 'noAvailableRegion');
    assert.match(plan.kind === 'refused' ? plan.message : '', /\(US-EAST, EU-WEST\)/);
  });

  it('says when nothing changes', () => {
    assert.deepEqual(planRegionChange(image, ['fr-par', 'us-east', 'eu-west']), { kind: 'unchanged' });
  });

  it('lists added regions and each replica to be deleted, and sends the whole new set', () => {
    assert.deepEqual(planRegionChange(image, ['us-east', 'ap-south', 'ap-south']), {
      kind: 'change',
      regions: ['us-east', 'ap-south'],
      added: ['ap-south'],
      removed: [
        { region: 'eu-west', status: 'available' },
        { region: 'fr-par', status: 'replicating' },
      ],
      restored: [],
    });
  });

  it('does not count a copy already being deleted as removed, and notes one that the new set keeps', () => {
    const deleting = privateImage(3, 'img', [
      { region: 'us-east', status: 'available' },
      { region: 'eu-west', status: 'pending deletion' },
    ]);
    assert.deepEqual(planRegionChange(deleting, ['us-east']), { kind: 'unchanged' });
    const plan = planRegionChange(deleting, ['us-east', 'eu-west']);
    assert.deepEqual(plan, { kind: 'change', regions: ['us-east', 'eu-west'], added: [], removed: [], restored: ['eu-west'] });
  });
});
