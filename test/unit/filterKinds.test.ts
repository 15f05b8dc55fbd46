// The Images view's filter: kind terms (`type:automatic`, `is:shared`, …) beside the text.
import * as assert from 'node:assert/strict';
import type { Image } from '../../src/core/api/types';
import { filterImages, parseFilter } from '../../src/core/model/filter';
import { isAutomatic } from '../../src/core/model/grouping';
import { privateImage, publicImage } from './imageFixtures';

const shared: Image = privateImage(5801, 'db-golden (team)', [{ region: 'us-east', status: 'available' }], {
  id: 'shared/5801',
  type: 'shared',
  created_by: 'someone-else',
  is_shared: true,
  image_sharing: { shared_with: null, shared_by: { sharegroup_id: 8301, sharegroup_uuid: null, sharegroup_label: 'Team images', source_image_id: null } },
});
const images: Image[] = [
  privateImage(15, 'web-golden', [], { tags: ['env:prod'] }),
  privateImage(16, 'linode-41-backup', [], { type: 'automatic', expiry: '2026-12-05T12:00:00' }),
  privateImage(17, 'old-golden', [], { type: null }),
  shared,
  publicImage('debian12', 'Debian', { label: 'Debian 12' }),
];
const labels = (query: string): string[] => filterImages(images, query).map((i) => i.label);

describe('filtering images by kind', () => {
  it('keeps only the kinds that type: or is: terms name', () => {
    assert.deepEqual(labels('type:automatic'), ['linode-41-backup']);
    assert.deepEqual(labels('type:manual'), ['web-golden', 'old-golden'], 'an image without a type is one you made');
    assert.deepEqual(labels('type:private'), ['web-golden', 'linode-41-backup', 'old-golden']);
    assert.deepEqual(labels('type:shared'), ['db-golden (team)']);
    assert.deepEqual(labels('is:shared'), ['db-golden (team)']);
    assert.deepEqual(labels('type:public'), ['Debian 12']);
  });

  it('matches the rest of the query as text, in any case and any order, and ORs several kinds', () => {
    assert.deepEqual(labels('golden type:manual'), ['web-golden', 'old-golden']);
    assert.deepEqual(labels('TYPE:Shared golden'), ['db-golden (team)']);
    assert.deepEqual(labels('type:automatic type:shared'), ['linode-41-backup', 'db-golden (team)']);
    assert.deepEqual(labels('type:automatic golden'), []);
  });

  it('reads other words with a colon as text, so tags like env:prod still match', () => {
    assert.deepEqual(labels('env:prod'), ['web-golden']);
    assert.deepEqual(parseFilter('type:nonsense'), { kinds: [], text: 'type:nonsense' });
    assert.deepEqual(labels('type:nonsense'), []);
    assert.deepEqual(parseFilter('  web  base '), { kinds: [], text: 'web  base' }, 'a query without kind terms is kept as typed');
    assert.deepEqual(parseFilter(' is:automatic  web   type:automatic '), { kinds: ['automatic'], text: 'web' });
  });

  it('calls only your own images automatic', () => {
    assert.equal(isAutomatic(images[1]), true);
    assert.equal(isAutomatic(images[0]), false);
    assert.equal(isAutomatic(publicImage('x', 'X', { type: 'automatic' })), false);
    assert.equal(isAutomatic({ ...shared, type: 'automatic' }), false);
  });
});
