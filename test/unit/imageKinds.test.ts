// The three kinds of image (public, private, shared with you) and what the model makes of the newer fields: image
// sharing, end of life, automatic images' expiry. Decoding is checked on answers shaped like the recorded ones.
import * as assert from 'node:assert/strict';
import { IMAGE } from '../../src/core/api/decode';
import type { Image } from '../../src/core/api/types';
import { automaticExpiry, imageDescription, imageTooltipMarkdown, isPastEol, timeUntil } from '../../src/core/model/format';
import { groupImages, type GroupBy } from '../../src/core/model/grouping';
import { allowedActions, canDo, whyNot } from '../../src/core/model/imageActions';
import { imageKind } from '../../src/core/model/imageKind';
import { privateImage, publicImage } from './imageFixtures';

const NOW = Date.parse('2026-12-02T12:00:00Z');
const DAY = 86_400_000;

function sharedImage(id: number, label: string, group: { id: number; label: string }): Image {
  return privateImage(id, label, [{ region: 'us-east', status: 'available' }], {
    id: `shared/${id}`,
    type: 'shared',
    created_by: 'someone-else',
    is_shared: true,
    image_sharing: { shared_with: null, shared_by: { sharegroup_id: group.id, sharegroup_uuid: null, sharegroup_label: group.label, source_image_id: null } },
  });
}

function apiTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

describe('image kinds: public, private, shared with you', () => {
  it('decodes is_shared as a boolean whatever form it comes in, and image_sharing leniently', () => {
    const raw = { id: 'private/7', label: 'web', status: 'available', regions: [] };
    assert.equal(IMAGE.decode({ ...raw, is_shared: true }).is_shared, true);
    // The newer spec declares a string enum; the API sends booleans. Both are read.
    assert.equal(IMAGE.decode({ ...raw, is_shared: 'true' }).is_shared, true);
    assert.equal(IMAGE.decode({ ...raw, is_shared: 'none' }).is_shared, false);
    assert.equal(IMAGE.decode({ ...raw }).is_shared, undefined, 'not invented for answers that lack it');
    assert.equal(IMAGE.decode({ ...raw, id: 'shared/9' }).is_shared, true, 'a shared/ id says it');

    const withSharing = IMAGE.decode({ ...raw, image_sharing: { shared_with: { sharegroup_count: 2, sharegroup_list_url: '/images/private/7/sharegroups' }, shared_by: null } });
    assert.deepEqual(withSharing.image_sharing, { shared_with: { sharegroup_count: 2, sharegroup_list_url: '/images/private/7/sharegroups' }, shared_by: null });
    const broken = IMAGE.decode({ ...raw, image_sharing: { shared_with: { sharegroup_count: 'two' }, shared_by: 'x' } });
    assert.equal(broken.image_sharing, null, 'a part that is not what Linode documents counts as absent');
    const sharedBy = IMAGE.decode({ ...raw, id: 'shared/9', image_sharing: { shared_with: null, shared_by: { sharegroup_id: 4, sharegroup_uuid: 'u', sharegroup_label: 'Team', source_image_id: null } } });
    assert.equal(imageKind(sharedBy), 'shared');
  });

  it('tells the kinds apart', () => {
    assert.equal(imageKind(publicImage('debian12', 'Debian')), 'public');
    assert.equal(imageKind(privateImage(1, 'web', [])), 'private');
    assert.equal(imageKind(sharedImage(2, 'base', { id: 4, label: 'Team' })), 'shared');
    // A private image you share is still yours.
    assert.equal(imageKind(privateImage(3, 'mine', [], { is_shared: true, image_sharing: { shared_with: { sharegroup_count: 1, sharegroup_list_url: null }, shared_by: null } })), 'private');
  });

  it('offers nothing that changes an image shared with you, and says why; it can be deployed', () => {
    const image = sharedImage(2, 'base', { id: 4, label: 'Team images' });
    assert.deepEqual(allowedActions(image), ['details', 'copyId', 'deploy']);
    for (const action of ['edit', 'replicate', 'delete', 'openInCloudManager'] as const) {
      assert.equal(canDo(action, image), false, action);
      assert.equal(whyNot(action, image), 'it is shared with you by the share group "Team images", and only its owner can change it');
    }
    assert.deepEqual(allowedActions(privateImage(1, 'web', [{ region: 'us-east', status: 'available' }])), ['edit', 'replicate', 'delete', 'details', 'copyId', 'openInCloudManager', 'share', 'deploy']);
  });

  it('puts images shared with you in a group of their own, by share group, in every grouping', () => {
    const images = [
      privateImage(1, 'web', [{ region: 'us-east', status: 'available' }]),
      sharedImage(2, 'base', { id: 4, label: 'Team images' }),
      sharedImage(3, 'gpu', { id: 5, label: 'Vendor drops' }),
      sharedImage(6, 'agent', { id: 4, label: 'Team images' }),
      publicImage('debian12', 'Debian'),
    ];
    for (const groupBy of ['region', 'type', 'none'] as GroupBy[]) {
      const root = groupImages(images, { groupBy, showPublicImages: true, regions: new Map() });
      const shared = root.groups.find((group) => group.id === 'shared');
      assert.ok(shared, `${groupBy}: a Shared with me group`);
      assert.equal(shared.label, 'Shared with me');
      assert.deepEqual(shared.groups.map((group) => [group.label, group.entries.map((entry) => entry.image.label)]), [
        ['Team images', ['agent', 'base']],
        ['Vendor drops', ['gpu']],
      ]);
      const elsewhere = [...root.entries, ...root.groups.filter((group) => group !== shared).flatMap(function all(group): typeof root.entries {
        return [...group.entries, ...group.groups.flatMap(all)];
      })];
      assert.ok(elsewhere.every((entry) => imageKind(entry.image) !== 'shared'), `${groupBy}: shared images only under Shared with me`);
    }
  });

  it('marks images past their end of life, not only deprecated ones', () => {
    const past = publicImage('centos7', 'CentOS', { eol: apiTime(NOW - 30 * DAY) });
    const future = publicImage('debian12', 'Debian', { eol: apiTime(NOW + 300 * DAY) });
    assert.equal(isPastEol(past, NOW), true);
    assert.equal(isPastEol(future, NOW), false);
    assert.match(imageDescription(past, undefined, NOW), /end of life/);
    assert.doesNotMatch(imageDescription(future, undefined, NOW), /end of life|deprecated/);
    assert.match(imageTooltipMarkdown(past, new Map(), undefined, NOW), /\| End of life \| .* \(passed\) \|/);
  });

  it("shows when an automatic image will be deleted", () => {
    const automatic = privateImage(8, 'linode-123-backup', [], { type: 'automatic', expiry: apiTime(NOW + 3 * DAY + 3_600_000) });
    assert.equal(automaticExpiry(automatic, NOW), 'deleted in 3 days');
    assert.match(imageDescription(automatic, undefined, NOW), /deleted in 3 days/);
    assert.equal(automaticExpiry(privateImage(9, 'manual', [], { expiry: apiTime(NOW + DAY) }), NOW), undefined, 'manual images have no automatic deletion');
    assert.equal(timeUntil(NOW + 5 * 3_600_000, NOW), 'in 5 hours');
    assert.equal(timeUntil(NOW + 90 * 60_000, NOW), 'in 90 minutes');
    assert.equal(timeUntil(NOW + 2 * DAY, NOW), 'in 2 days');
    assert.equal(timeUntil(NOW + 30_000, NOW), 'now');
  });

  it('shows on your image how many share groups it is in', () => {
    const shared = privateImage(1, 'web', [], { is_shared: true, image_sharing: { shared_with: { sharegroup_count: 2, sharegroup_list_url: null }, shared_by: null } });
    assert.match(imageDescription(shared, undefined, NOW), /shared with 2 groups/);
    assert.match(imageTooltipMarkdown(shared, new Map(), undefined, NOW), /\| Sharing \| shared with 2 groups \|/);
    const one = privateImage(1, 'web', [], { image_sharing: { shared_with: { sharegroup_count: 1, sharegroup_list_url: null }, shared_by: null } });
    assert.match(imageDescription(one, undefined, NOW), /shared with 1 group$/);
    assert.match(imageTooltipMarkdown(sharedImage(2, 'base', { id: 4, label: 'Team images' }), new Map(), undefined, NOW), /\| Type \| shared with you \|[\s\S]*\| Shared by \| share group Team images \|/);
  });
});
