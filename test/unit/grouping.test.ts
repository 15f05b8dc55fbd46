import * as assert from 'node:assert/strict';
import { groupImages, type GroupingOptions, type ImageGroup } from '../../src/core/model/grouping';
import { privateImage, publicImage, region } from './imageFixtures';

const regions = new Map([
  ['us-east', region('us-east', 'Newark, NJ')],
  ['eu-west', region('eu-west', 'London, UK')],
]);
const images = [
  privateImage(1, 'web-base', [{ region: 'us-east', status: 'available' }]),
  privateImage(2, 'db-golden', [
    { region: 'us-east', status: 'available' },
    { region: 'eu-west', status: 'pending replication' },
  ]),
  privateImage(3, 'upload-in-progress', [], { status: 'pending_upload' }),
  publicImage('debian12', 'Debian'),
  publicImage('ubuntu24.04', 'Ubuntu'),
  publicImage('debian11', 'Debian', { deprecated: true }),
];
const options: GroupingOptions = { groupBy: 'region', showPublicImages: true, regions };

function labels(group: ImageGroup): string[] {
  return group.entries.map((e) => e.image.label);
}

describe('groupImages', () => {
  it('puts a private image under every region that holds it, with that region as context', () => {
    const { groups } = groupImages(images, options);
    assert.deepEqual(groups.map((g) => g.id), ['region:eu-west', 'region:us-east', 'region:none', 'public']);
    const usEast = groups[1];
    assert.equal(usEast.label, 'us-east · Newark, NJ');
    assert.deepEqual(labels(usEast), ['db-golden', 'web-base']);
    assert.equal(usEast.count, 2);
    const euWest = groups[0];
    assert.deepEqual(euWest.entries.map((e) => [e.id, e.regionId]), [['image:private/2@eu-west', 'eu-west']]);
  });

  it('keeps images that hold no region yet under their own node, last', () => {
    const { groups } = groupImages(images, options);
    const none = groups.find((g) => g.id === 'region:none');
    assert.ok(none);
    assert.deepEqual(labels(none), ['upload-in-progress']);
  });

  it('groups public images under one node, by vendor', () => {
    const publicGroup = groupImages(images, options).groups.at(-1)!;
    assert.equal(publicGroup.label, 'Public images (all regions)');
    assert.deepEqual(publicGroup.groups.map((g) => [g.id, g.count]), [['public:vendor:Debian', 2], ['public:vendor:Ubuntu', 1]]);
    assert.equal(publicGroup.count, 3);
  });

  it('hides public images when asked', () => {
    const { groups } = groupImages(images, { ...options, showPublicImages: false });
    assert.ok(!groups.some((g) => g.id === 'public'));
  });

  it('groups by type: private flat, public by vendor', () => {
    const { groups, entries } = groupImages(images, { ...options, groupBy: 'type' });
    assert.deepEqual(entries, []);
    assert.deepEqual(groups.map((g) => g.id), ['private', 'public']);
    assert.deepEqual(labels(groups[0]), ['db-golden', 'upload-in-progress', 'web-base']);
    assert.ok(groups[0].entries.every((e) => e.regionId === undefined));
  });

  it('groups by type with automatic images apart from the ones you made', () => {
    const automatic = privateImage(4, 'linode-123-backup', [{ region: 'us-east', status: 'available' }], { type: 'automatic', expiry: '2026-12-05T12:00:00' });
    const { groups } = groupImages([...images, automatic], { ...options, groupBy: 'type' });
    assert.deepEqual(groups.map((g) => [g.id, g.kind, g.label, g.count]), [
      ['private', 'private', 'Private images', 3],
      ['automatic', 'automatic', 'Automatic images', 1],
      ['public', 'public', 'Public images', 3],
    ]);
    assert.deepEqual(groups[1].entries.map((e) => e.id), ['image:private/4']);
    // Only the Type grouping splits them: by region an automatic image sits with the others in its region.
    const byRegion = groupImages([...images, automatic], options).groups.find((g) => g.id === 'region:us-east');
    assert.deepEqual(byRegion && labels(byRegion), ['db-golden', 'linode-123-backup', 'web-base']);
  });

  it('shows no Private images group when every image of yours is automatic, and no Automatic group when none is', () => {
    const automatic = privateImage(4, 'linode-123-backup', [], { type: 'automatic' });
    assert.deepEqual(groupImages([automatic], { ...options, groupBy: 'type' }).groups.map((g) => g.id), ['automatic']);
    assert.deepEqual(groupImages(images.slice(0, 3), { ...options, groupBy: 'type' }).groups.map((g) => g.id), ['private']);
  });

  it('lists everything flat with groupBy none, each image once', () => {
    const { groups, entries } = groupImages(images, { ...options, groupBy: 'none' });
    assert.deepEqual(groups, []);
    assert.equal(entries.length, images.length);
    assert.equal(new Set(entries.map((e) => e.id)).size, images.length);
  });

  it('keeps ids stable across regroupings of the same data', () => {
    const first = groupImages(images, options);
    const second = groupImages([...images].reverse(), options);
    assert.deepEqual(JSON.stringify(second), JSON.stringify(first));
  });

  it('sorts by creation (newest first) or size (largest first)', () => {
    const byCreated = groupImages(images, { ...options, groupBy: 'type', sortBy: 'created' }).groups[0];
    assert.deepEqual(labels(byCreated), ['upload-in-progress', 'db-golden', 'web-base']);
    const bySize = groupImages(images, { ...options, groupBy: 'type', sortBy: 'size' }).groups[0];
    assert.deepEqual(labels(bySize), ['upload-in-progress', 'db-golden', 'web-base']);
  });

  it('sorts labels naturally and case-insensitively', () => {
    const list = ['img-10', 'IMG-9', 'img-1'].map((label, i) => privateImage(i + 10, label, [{ region: 'us-east', status: 'available' }]));
    const group = groupImages(list, options).groups[0];
    assert.deepEqual(labels(group), ['img-1', 'IMG-9', 'img-10']);
  });
});
