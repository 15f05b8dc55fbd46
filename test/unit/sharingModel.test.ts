// Sharing your images: what `canDo` allows, how groups and the confirmations read, and how a lost answer to a
// POST that must not be repeated (make a group, share an image) is settled by reading.
import * as assert from 'node:assert/strict';
import { createShareGroupConfirmed, shareImageConfirmed } from '../../src/core/api/confirmed';
import { LinodeApiError, LinodeNetworkError } from '../../src/core/api/errors';
import type { Image, ShareGroup } from '../../src/core/api/types';
import { canDo, whyNot } from '../../src/core/model/imageActions';
import { deleteGroupQuestion, shareGroupSummary, stopSharingQuestion, validateShareLabel } from '../../src/core/model/sharing';
import { privateImage } from './imageFixtures';

function group(id: number, label: string, extra: Partial<ShareGroup> = {}): ShareGroup {
  return { id, uuid: `uuid-${id}`, label, description: '', is_suspended: false, created: null, updated: null, expiry: null, images_count: 0, members_count: 0, ...extra };
}

function sharedIn(count: number): Partial<Image> {
  return { is_shared: count > 0, image_sharing: { shared_with: { sharegroup_count: count, sharegroup_list_url: null }, shared_by: null } };
}

function copyOf(source: string, id: number): Image {
  return privateImage(id, 'copy', [], {
    id: `shared/${id}`,
    image_sharing: { shared_with: null, shared_by: { sharegroup_id: 1, sharegroup_uuid: null, sharegroup_label: 'g', source_image_id: source } },
  });
}

const log = { info: (): void => undefined, warn: (): void => undefined };
const lost = (): Error => new LinodeNetworkError('The connection closed before an answer', 'POST', false);

describe('sharing: model', () => {
  it('shares only available private images that no command is working on; stops sharing only shared ones', () => {
    const available = privateImage(1, 'web', [{ region: 'us-east', status: 'available' }]);
    assert.equal(canDo('share', available), true);
    assert.equal(canDo('share', available, true), false);
    assert.equal(canDo('share', { ...available, status: 'creating' }), false);
    assert.match(whyNot('share', { ...available, status: 'creating' }) ?? '', /only available images can be shared/);
    assert.equal(canDo('share', { ...available, is_public: true }), false);
    assert.equal(canDo('stopSharing', available), false);
    assert.equal(whyNot('stopSharing', available), 'it is not in any of your share groups');
    assert.equal(canDo('stopSharing', { ...available, ...sharedIn(2) }), true);
    assert.equal(canDo('stopSharing', { ...available, ...sharedIn(2) }, true), false);
  });

  it('sums up a group and words the confirmations with its counts', () => {
    assert.equal(shareGroupSummary(group(1, 'g', { images_count: 3, members_count: 1 })), '3 images · 1 member');
    assert.equal(shareGroupSummary(group(1, 'g', { images_count: 1, members_count: 2, is_suspended: true })), 'suspended · 1 image · 2 members');
    assert.equal(stopSharingQuestion('X', group(1, 'Team images', { members_count: 2 })), 'Stop sharing "X" in "Team images"? Its 2 members lose access to it.');
    assert.equal(
      deleteGroupQuestion(group(1, 'Team images', { members_count: 2, images_count: 3 })),
      'Delete share group "Team images"? Its 2 members lose access to its 3 images. Your own images are not deleted.',
    );
    assert.equal(validateShareLabel('  '), 'Enter a label.');
    assert.match(validateShareLabel('x'.repeat(101)) ?? '', /between 1 and 100/);
    assert.equal(validateShareLabel('x'.repeat(100)), undefined);
  });

  it('settles a lost answer to making a group by the new group with its label, never by a second POST', async () => {
    let posts = 0;
    const listed = [group(1, 'Team'), group(2, 'New'), group(3, 'New')];
    const client = {
      createShareGroup: async (): Promise<ShareGroup> => {
        posts++;
        throw lost();
      },
      listShareGroups: async (): Promise<ShareGroup[]> => listed,
    };
    // Group 2 was there before: the one made is 3.
    assert.equal((await createShareGroupConfirmed(client, log, { label: 'New' }, new Set([1, 2]))).id, 3);
    assert.equal(posts, 1);
    await assert.rejects(createShareGroupConfirmed(client, log, { label: 'New' }, new Set([1, 2, 3])), LinodeNetworkError);
    const refused = { ...client, createShareGroup: async (): Promise<ShareGroup> => { throw new LinodeApiError(400, [{ reason: 'bad' }], 'POST'); } };
    await assert.rejects(createShareGroupConfirmed(refused, log, { label: 'New' }, new Set()), LinodeApiError);
  });

  it('settles a lost answer to sharing an image by its copy in the group', async () => {
    const client = {
      addShareGroupImages: async (): Promise<Image[]> => { throw lost(); },
      listShareGroupImages: async (): Promise<Image[]> => [copyOf('private/9', 50), copyOf('private/7', 51)],
    };
    assert.equal((await shareImageConfirmed(client, log, 1, { id: 'private/7' })).id, 'shared/51');
    await assert.rejects(shareImageConfirmed(client, log, 1, { id: 'private/8' }), LinodeNetworkError);
  });
});
