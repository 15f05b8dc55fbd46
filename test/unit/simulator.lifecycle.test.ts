// The image life cycle: capture, upload, replication (and its rules), the seeded in-progress images,
// and consistency of sizes. Steps are lazy: they apply on the next request, or all at once with settle().

import * as assert from 'node:assert/strict';
// Raw answers of the simulator: images as the spec documents them.
import type { SimImage as Image } from '../../simulator';
import { MIB } from '../../simulator/state';
import { SEED_IDS, SIMULATOR_TOKEN, startSimulator, type Simulator } from '../../simulator/index';
import { rawRequest, type RawResponse } from '../../simulator/rawClient';
import { sleep } from '../support/until';

const { images, disks } = SEED_IDS;

function path(id: string): string {
  return `/v4/images/${encodeURIComponent(id)}`;
}

function statuses(image: Image): Record<string, string> {
  return Object.fromEntries(image.regions.map((replica) => [replica.region, replica.status]));
}

describe('simulator life cycle', () => {
  describe('with settle()', () => {
    let sim: Simulator;
    const call = (method: string, target: string, body?: unknown): Promise<RawResponse> =>
      rawRequest(sim.apiUrl, method, target, { token: SIMULATOR_TOKEN, body });
    const get = async (id: string): Promise<Image> => (await call('GET', path(id))).body as Image;

    before(async () => {
      sim = await startSimulator({ lifecycleMs: 60_000 });
    });
    after(() => sim.close());
    beforeEach(() => sim.reset());

    it('captures: creating, then available with its size stored once', async () => {
      const image = (await call('POST', '/v4/images', { disk_id: disks.webProdMain })).body as Image;
      assert.equal(image.status, 'creating');
      assert.equal(image.total_size, 0);
      assert.equal((await get(image.id)).status, 'creating', 'nothing moves before the step is due');
      assert.ok(sim.settle() > 0);
      const done = await get(image.id);
      assert.equal(done.status, 'available');
      assert.deepEqual(done.regions, [{ region: 'us-east', status: 'available' }]);
      assert.equal(done.total_size, done.size * MIB);
    });

    it('uploads: a container without bytes stays pending_upload, even after settle()', async () => {
      const { image } = (await call('POST', '/v4/images/upload', { label: 'no-bytes', region: 'us-east' })).body as { image: Image };
      sim.settle();
      const later = await get(image.id);
      assert.equal(later.status, 'pending_upload');
      assert.deepEqual(later.regions, [{ region: 'us-east', status: 'pending' }]);
    });

    it('uploads: bytes make it creating, then available, sized from the bytes', async () => {
      const { image, upload_to: uploadTo } = (await call('POST', '/v4/images/upload', { label: 'with-bytes', region: 'eu-central' })).body as { image: Image; upload_to: string };
      const target = new URL(uploadTo);
      const bytes = Buffer.alloc(3 * MIB + 5, 7);
      bytes.set([0x1f, 0x8b]); // the gzip magic: bytes that are not gzip fail (simulator.events.test.ts)
      const put = await rawRequest(target.origin, 'PUT', `${target.pathname}${target.search}`, { body: bytes, headers: { 'Content-Type': 'application/octet-stream' } });
      assert.equal(put.status, 200);
      const creating = await get(image.id);
      assert.equal(creating.status, 'creating');
      assert.equal(creating.size, 4, 'MB, rounded up');
      sim.settle();
      const available = await get(image.id);
      assert.equal(available.status, 'available');
      assert.deepEqual(available.regions, [{ region: 'eu-central', status: 'available' }]);
      assert.equal(available.total_size, 4 * MIB);
    });

    it('replicates: the list replaces the set; added regions go pending replication -> replicating -> available, removed ones pending deletion -> gone', async () => {
      const response = await call('POST', `${path(images.multiRegion)}/regions`, { regions: ['us-east', 'eu-west', 'fr-par'] });
      assert.equal(response.status, 200);
      assert.deepEqual(statuses(response.body as Image), {
        'us-east': 'available',
        'eu-west': 'available',
        'ap-south': 'pending deletion',
        'fr-par': 'pending replication',
      });
      sim.state.advance(Date.now() + 60_000);
      assert.deepEqual(statuses(await get(images.multiRegion)), {
        'us-east': 'available',
        'eu-west': 'available',
        'fr-par': 'replicating',
      });
      sim.settle();
      const done = await get(images.multiRegion);
      assert.deepEqual(statuses(done), { 'us-east': 'available', 'eu-west': 'available', 'fr-par': 'available' });
      assert.equal(done.total_size, 3 * done.size * MIB);
    });

    it('replicates: keeping a region that is being deleted restores it', async () => {
      assert.equal(statuses(await get(images.pendingDeletion))['us-west'], 'pending deletion');
      await call('POST', `${path(images.pendingDeletion)}/regions`, { regions: ['us-east', 'us-west'] });
      sim.settle();
      assert.deepEqual(statuses(await get(images.pendingDeletion)), { 'us-east': 'available', 'us-west': 'available' });
    });

    it('replication rules: available image, non-empty list, Object Storage regions, one available copy kept', async () => {
      const refused = async (id: string, body: unknown, status: number): Promise<string> => {
        const response = await call('POST', `${path(id)}/regions`, body);
        assert.equal(response.status, status, JSON.stringify(body));
        return JSON.stringify(response.body);
      };
      assert.match(await refused(images.pendingUpload, { regions: ['us-west', 'us-east'] }, 400), /pending_upload/);
      assert.match(await refused(images.creating, { regions: ['us-ord', 'us-east'] }, 400), /creating/);
      assert.match(await refused(images.cloudInit, { regions: [] }, 422), /"field":"regions"/);
      assert.match(await refused(images.cloudInit, {}, 422), /"field":"regions"/);
      assert.match(await refused(images.cloudInit, { regions: ['eu-west', 'ap-west'] }, 422), /Object Storage/);
      assert.match(await refused(images.cloudInit, { regions: ['eu-west', 'us-den-1'] }, 422), /Object Storage/);
      assert.match(await refused(images.cloudInit, { regions: ['eu-west', 'xx-nowhere'] }, 422), /does not exist/);
      assert.match(await refused(images.cloudInit, { regions: ['us-west', 'us-east'] }, 422), /at least one region where the image is available/);
      // 15003's only available copy is us-ord; the others are still replicating.
      assert.match(await refused(images.replicating, { regions: ['eu-central', 'fr-par'] }, 422), /at least one region/);
      assert.equal((await get(images.cloudInit)).regions.length, 2, 'a refused request changes nothing');
    });

    it('settles the seeded in-progress images', async () => {
      assert.deepEqual(statuses(await get(images.replicating)), { 'us-ord': 'available', 'eu-central': 'pending replication', 'fr-par': 'replicating' });
      assert.equal((await get(images.creating)).status, 'creating');
      sim.settle();
      assert.deepEqual(statuses(await get(images.replicating)), { 'us-ord': 'available', 'eu-central': 'available', 'fr-par': 'available' });
      assert.equal((await get(images.creating)).status, 'available');
      assert.deepEqual(statuses(await get(images.pendingDeletion)), { 'us-east': 'available' });
      assert.equal(sim.state.pendingTransitions, 0);
    });

    it('deleting an image drops its pending steps and its upload URL', async () => {
      const uploadUrl = sim.uploadUrlFor(images.pendingUpload);
      assert.ok(uploadUrl);
      await call('DELETE', path(images.replicating));
      await call('DELETE', path(images.pendingUpload));
      assert.equal(sim.uploadUrlFor(images.pendingUpload), undefined);
      sim.settle();
      assert.equal(sim.state.images.has(images.replicating), false);
      const target = new URL(uploadUrl);
      const put = await rawRequest(target.origin, 'PUT', `${target.pathname}${target.search}`, { body: Buffer.from('abc') });
      assert.equal(put.status, 403);
    });

    it('keeps total_size consistent with size and stored copies on every seeded private image', () => {
      for (const image of sim.state.images.values()) {
        if (image.is_public) {
          assert.equal(image.total_size, image.size * MIB, image.id);
          continue;
        }
        const stored = image.regions.filter((replica) => replica.status === 'available' || replica.status === 'pending deletion').length;
        assert.equal(image.total_size, image.size * stored * MIB, image.id);
      }
    });
  });

  describe('in real time', () => {
    it('advances each step after lifecycleMs, lazily on the next request', async () => {
      const sim = await startSimulator({ lifecycleMs: 80 });
      try {
        const image = (await rawRequest(sim.apiUrl, 'POST', '/v4/images', { token: SIMULATOR_TOKEN, body: { disk_id: disks.edgeNodeMain } })).body as Image;
        assert.equal(image.status, 'creating');
        assert.deepEqual(image.regions, [{ region: 'ap-south', status: 'creating' }]);
        await sleep(150);
        assert.equal(sim.state.images.get(image.id)?.status, 'creating', 'no background timer changed it');
        const later = (await rawRequest(sim.apiUrl, 'GET', path(image.id), { token: SIMULATOR_TOKEN })).body as Image;
        assert.equal(later.status, 'available');

        const replicated = (await rawRequest(sim.apiUrl, 'POST', `${path(image.id)}/regions`, { token: SIMULATOR_TOKEN, body: { regions: ['ap-south', 'ap-northeast'] } })).body as Image;
        assert.equal(statuses(replicated)['ap-northeast'], 'pending replication');
        await sleep(120);
        assert.equal(statuses(sim.state.image(image.id)!)['ap-northeast'], 'replicating');
        await sleep(80);
        assert.equal(statuses(sim.state.image(image.id)!)['ap-northeast'], 'available');
      } finally {
        await sim.close();
      }
    });

    it('lets the seeded in-progress images progress on their own, unless held', async () => {
      const running = await startSimulator({ lifecycleMs: 30 });
      const held = await startSimulator({ lifecycleMs: 30, holdSeedTransitions: true });
      try {
        await sleep(100);
        assert.equal(running.state.image(images.creating)?.status, 'available');
        assert.equal(held.state.image(images.creating)?.status, 'creating');
        assert.equal(statuses(held.state.image(images.replicating)!)['fr-par'], 'replicating');
        held.settle();
        assert.equal(held.state.image(images.creating)?.status, 'available');
        // Steps scheduled after seeding run normally even when the seed is held.
        const image = (await rawRequest(held.apiUrl, 'POST', '/v4/images', { token: SIMULATOR_TOKEN, body: { disk_id: disks.webProdMain } })).body as Image;
        await sleep(60);
        assert.equal(held.state.image(image.id)?.status, 'available');
      } finally {
        await running.close();
        await held.close();
      }
    });
  });
});
