// The image store: which changes it reports, and that it reports none when nothing changed.
import * as assert from 'node:assert/strict';
import { ImageStore, sameJson, type StoreChange } from '../../src/core/store/imageStore';
import { privateImage, publicImage, region } from './imageFixtures';

describe('image store', () => {
  let store: ImageStore;
  let changes: StoreChange[];
  const usEast = region('us-east', 'Newark, NJ');
  const first = privateImage(1, 'first', [{ region: 'us-east', status: 'available' }]);
  const second = privateImage(2, 'second', [{ region: 'us-east', status: 'available' }]);

  beforeEach(() => {
    store = new ImageStore();
    changes = [];
    store.onDidChange((change) => changes.push(change));
    store.replaceAll([first, second, publicImage('linode/debian12', 'Debian')], [usEast], { kind: 'loaded', syncedAt: 1 });
    changes.length = 0;
  });

  it('a first listing with regions is a reset; the same listing again changes nothing but the state', () => {
    const fresh = new ImageStore();
    const seen: StoreChange[] = [];
    fresh.onDidChange((change) => seen.push(change));
    fresh.replaceAll([first], [usEast], { kind: 'loaded', syncedAt: 1 });
    assert.deepEqual(seen.map((c) => c.kind), ['reset']);
    store.replaceAll([structuredClone(second), structuredClone(first), publicImage('linode/debian12', 'Debian')], [usEast], { kind: 'loaded', syncedAt: 2 });
    assert.deepEqual(changes, [{ kind: 'state' }]);
    assert.deepEqual(store.state, { kind: 'loaded', syncedAt: 2 });
  });

  it('a re-listing names exactly the images that were added, changed or removed', () => {
    const renamed = { ...second, label: 'second renamed' };
    const added = privateImage(3, 'third', []);
    store.replaceAll([renamed, added, publicImage('linode/debian12', 'Debian')], [usEast], { kind: 'loaded', syncedAt: 2 });
    assert.equal(changes.length, 1);
    const change = changes[0];
    assert.equal(change.kind, 'images');
    if (change.kind !== 'images') return;
    const byId = new Map(change.changes.map((c) => [c.id, c]));
    assert.deepEqual([...byId.keys()].sort(), ['private/1', 'private/2', 'private/3']);
    assert.equal(byId.get('private/1')?.after, undefined, 'removed');
    assert.equal(byId.get('private/2')?.before?.label, 'second');
    assert.equal(byId.get('private/2')?.after?.label, 'second renamed');
    assert.equal(byId.get('private/3')?.before, undefined, 'added');
  });

  it('an upsert of an equal answer (keys in another order) reports nothing and returns false', () => {
    const reordered = Object.fromEntries(Object.entries(structuredClone(first)).reverse()) as typeof first;
    assert.equal(store.upsertImage(reordered), false);
    assert.deepEqual(changes, []);
    assert.equal(store.upsertImage({ ...first, status: 'creating' }), true);
    assert.equal(changes.length, 1);
  });

  it('a listing of the shared images replaces only the shared ones held, naming what came, changed or left', () => {
    const shared = (id: number, label: string): typeof first => ({ ...privateImage(id, label, []), id: `shared/${id}`, type: 'shared' });
    store.replaceAll([first, shared(7, 'kept'), shared(8, 'let out')], [usEast], { kind: 'loaded', syncedAt: 2 });
    changes.length = 0;
    assert.equal(store.replaceShared([shared(7, 'kept'), shared(9, 'let in')]), true);
    assert.deepEqual(changes.map((c) => (c.kind === 'images' ? c.changes.map((i) => [i.id, i.before?.label, i.after?.label]) : c.kind)), [
      [['shared/8', 'let out', undefined], ['shared/9', undefined, 'let in']],
    ]);
    assert.deepEqual(store.allImages().map((image) => image.id).sort(), ['private/1', 'shared/7', 'shared/9']);
    assert.equal(store.replaceShared([shared(9, 'let in'), structuredClone(shared(7, 'kept'))]), false, 'the same listing again');
    assert.equal(changes.length, 1);
  });

  it('a removed image is not brought back by a late answer until the next listing', () => {
    assert.equal(store.removeImage(first.id)?.label, 'first');
    assert.equal(store.removeImage(first.id), undefined, 'a second removal finds nothing');
    assert.equal(store.upsertImage(first), false);
    assert.equal(store.image(first.id), undefined);
    store.replaceAll([first, second], [usEast], { kind: 'loaded', syncedAt: 3 });
    assert.ok(store.image(first.id));
  });

  it('busy descriptions are reported per image, before and after the work', async () => {
    const seenDuring: boolean[] = [];
    await store.withBusyDescription(first.id, 'Deleting…', async () => {
      seenDuring.push(store.isBusy(first.id));
      assert.equal(store.busyDescription(first.id), 'Deleting…');
    });
    assert.deepEqual(seenDuring, [true]);
    assert.equal(store.isBusy(first.id), false);
    assert.deepEqual(changes, [{ kind: 'busy', imageIds: [first.id] }, { kind: 'busy', imageIds: [first.id] }]);
  });

  it('in-progress images are offered while a cached listing shows, and none when nothing is shown', () => {
    store.replaceAll([{ ...first, status: 'pending_upload' }], [usEast], { kind: 'cached', asOf: 5 });
    assert.deepEqual(store.inProgressImages().map((i) => i.id), [first.id]);
    store.clear();
    assert.deepEqual(store.inProgressImages(), []);
    assert.equal(store.showable, false);
  });

  it('compares JSON values deeply', () => {
    assert.ok(sameJson({ a: [1, { b: null }] }, { a: [1, { b: null }] }));
    assert.ok(!sameJson({ a: [1, 2] }, { a: [2, 1] }));
    assert.ok(!sameJson({ a: 1 }, { a: 1, b: undefined }));
    assert.ok(!sameJson([], {}));
  });
});
