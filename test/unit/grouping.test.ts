import * as assert from 'node:assert/strict';
import type { Image } from '../../src/core/api/types';
import { groupImages, placementKey, type GroupingOptions, type ImageGroup, type SortBy } from '../../src/core/model/grouping';
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

describe('placementKey', () => {
  /** Where every image sits, in every grouping: group ids and entry ids in order, all the way down. */
  function layout(list: readonly Image[], sortBy: SortBy): string {
    const walk = (groups: ImageGroup[]): unknown => groups.map((g) => [g.id, g.label, g.entries.map((e) => e.id), walk(g.groups)]);
    return JSON.stringify((['region', 'type', 'none'] as const).map((groupBy) => {
      const root = groupImages(list, { groupBy, sortBy, showPublicImages: true, regions });
      return [walk(root.groups), root.entries.map((e) => e.id)];
    }));
  }
  const shared = (groupId: number, label: string): Partial<Image> => ({
    image_sharing: { shared_by: { sharegroup_id: groupId, sharegroup_uuid: `uuid-${groupId}`, sharegroup_label: label, source_image_id: null }, shared_with: null },
  } as unknown as Partial<Image>);
  const base = [...images, privateImage(9, 'from-a-friend', [], { ...shared(7, 'Friends'), is_public: false })];
  /** Changes of one image, each to one field the tree shows or groups by. */
  const changes: Array<[string, (image: Image) => Image]> = [
    ['label', (i) => ({ ...i, label: `${i.label}-renamed` })],
    ['label to the front', (i) => ({ ...i, label: `0-${i.label}` })],
    ['a region added', (i) => ({ ...i, regions: [...i.regions, { region: 'eu-west', status: 'pending replication' }] })],
    ['regions cleared', (i) => ({ ...i, regions: [] })],
    ['type automatic', (i) => ({ ...i, type: 'automatic' })],
    ['vendor', (i) => ({ ...i, vendor: 'Zeta' })],
    ['created', (i) => ({ ...i, created: '2030-01-01T00:00:00' })],
    ['size', (i) => ({ ...i, size: 99_999 })],
    ['share group label', (i) => (i.image_sharing?.shared_by ? { ...i, ...shared(7, 'Zed crew') } : i)],
    ['share group', (i) => (i.image_sharing?.shared_by ? { ...i, ...shared(8, 'Other crew') } : i)],
    ['status', (i) => ({ ...i, status: 'creating' })],
    ['description', (i) => ({ ...i, description: 'changed' })],
    ['tags', (i) => ({ ...i, tags: ['changed'] })],
  ];

  it('is the same exactly when the image stays at its place in every grouping (each change, each image, each order)', () => {
    let moved = 0;
    for (const sortBy of ['label', 'created', 'size'] as const) {
      const before = layout(base, sortBy);
      for (const [what, change] of changes) {
        for (const image of base) {
          const changed = change(image);
          const after = layout(base.map((other) => (other === image ? changed : other)), sortBy);
          const samePlacement = placementKey(image, sortBy) === placementKey(changed, sortBy);
          if (samePlacement) assert.equal(after, before, `${what} of ${image.id} (sort by ${sortBy}) moves it, but its placement is the same`);
          if (after !== before) moved++;
        }
      }
    }
    assert.ok(moved > 20, `the changes moved images ${moved} times`);
  });
});
