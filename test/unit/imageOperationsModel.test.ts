import * as assert from 'node:assert/strict';
import type { Disk } from '../../src/core/api/types';
import { capturableDisks, diskVerdict } from '../../src/core/model/capture';
import { filterImages, normalizeFilter } from '../../src/core/model/filter';
import { allowedActions, canDo, whyNot } from '../../src/core/model/imageActions';
import { privateImage, publicImage } from './imageFixtures';

function disk(id: number, label: string, filesystem: Disk['filesystem'], status: Disk['status'] = 'ready'): Disk {
  return { id, label, size: 1024 * id, filesystem, status, created: '2026-01-01T00:00:00', updated: '2026-01-01T00:00:00' };
}

describe('image actions', () => {
  const available = privateImage(1, 'a', [{ region: 'us-east', status: 'available' }]);
  const settling = privateImage(2, 'b', [
    { region: 'us-east', status: 'available' },
    { region: 'eu-west', status: 'replicating' },
  ]);
  const creating = privateImage(3, 'c', [{ region: 'us-east', status: 'creating' }], { status: 'creating' });
  const uploading = privateImage(4, 'd', [{ region: 'us-east', status: 'pending' }], { status: 'pending_upload' });
  const debian = publicImage('debian12', 'Debian');

  it('lets public images only be looked at, and deployed', () => {
    assert.deepEqual(allowedActions(debian), ['details', 'copyId', 'deploy']);
  });

  it('edits, replicates and deploys only available private images, also while replicas settle', () => {
    for (const image of [available, settling]) assert.deepEqual(allowedActions(image), ['edit', 'replicate', 'delete', 'details', 'copyId', 'openInCloudManager', 'share', 'deploy']);
    for (const image of [creating, uploading]) assert.deepEqual(allowedActions(image), ['delete', 'details', 'copyId', 'openInCloudManager']);
  });

  it('offers nothing that changes an image while a command works on it', () => {
    assert.deepEqual(allowedActions(available, true), ['details', 'copyId', 'openInCloudManager']);
    assert.equal(canDo('delete', creating, true), false);
  });

  it('says why an action does not apply, in words for a message', () => {
    assert.equal(whyNot('delete', available), undefined);
    assert.equal(whyNot('delete', debian), 'it is a public image');
    assert.equal(whyNot('edit', available, true), 'the extension is already working on it');
    assert.equal(whyNot('edit', uploading), 'its status is "pending upload" and only available images can be edited');
    assert.equal(whyNot('replicate', creating), 'its status is "creating" and only available images can be replicated');
  });
});

describe('capture disks', () => {
  it('never offers swap; puts capturable disks first, then raw, then ones not ready', () => {
    const disks = [
      disk(1, 'swap', 'swap'),
      disk(2, 'resizing', 'ext4', 'not ready'),
      disk(3, 'scratch', 'raw'),
      disk(4, 'Debian', 'ext4'),
      disk(5, 'boot', 'initrd'),
      disk(6, 'old', 'ext3', 'deleting'),
    ];
    assert.deepEqual(capturableDisks(disks).map((d) => d.label), ['boot', 'Debian', 'scratch', 'old', 'resizing']);
  });

  it('says why a disk needs a warning or cannot be captured now', () => {
    assert.deepEqual(diskVerdict(disk(1, 'a', 'ext4')), { kind: 'ok' });
    assert.deepEqual(diskVerdict(disk(1, 'a', 'raw')), { kind: 'raw' });
    assert.deepEqual(diskVerdict(disk(1, 'a', 'raw', 'not ready')), { kind: 'notReady', status: 'not ready' });
  });
});

describe('filtering images', () => {
  const images = [
    privateImage(15, 'Web-Base', [], { tags: ['production'] }),
    privateImage(16, 'db-golden', [], { tags: ['database'] }),
    publicImage('debian12', 'Debian', { label: 'Debian 12' }),
  ];

  it('matches label, id or a tag, in any case', () => {
    const labels = (query: string): string[] => filterImages(images, query).map((i) => i.label);
    assert.deepEqual(labels('web'), ['Web-Base']);
    assert.deepEqual(labels('PRIVATE/16'), ['db-golden']);
    assert.deepEqual(labels('product'), ['Web-Base']);
    assert.deepEqual(labels('linode/'), ['Debian 12']);
    assert.deepEqual(labels('e'), ['Web-Base', 'db-golden', 'Debian 12']);
    assert.deepEqual(labels('nothing-like-it'), []);
  });

  it('treats an empty or blank query as no filter', () => {
    assert.equal(filterImages(images, '  ').length, 3);
    assert.equal(filterImages(images, undefined).length, 3);
    assert.equal(normalizeFilter('  web '), 'web');
    assert.equal(normalizeFilter(' '), undefined);
  });
});
