// The simulator's API origin: auth and scopes, headers, pagination, id encoding, validation, and each endpoint.

import * as assert from 'node:assert/strict';
import type { Page } from '../../src/core/api/types';
// Raw answers of the simulator: images as the spec documents them.
import type { SimImage as Image } from '../../simulator';
import { SEED_IDS, SIMULATOR_READONLY_TOKEN, SIMULATOR_TOKEN, startSimulator, type Simulator } from '../../simulator/index';
import { rawRequest, type RawResponse } from '../../simulator/rawClient';

const { images, linodes, disks } = SEED_IDS;

function path(id: string): string {
  return `/v4/images/${encodeURIComponent(id)}`;
}

describe('simulator API', () => {
  let sim: Simulator;
  const call = (method: string, target: string, options: { token?: string | null; body?: unknown; headers?: Record<string, string> } = {}): Promise<RawResponse> =>
    rawRequest(sim.apiUrl, method, target, {
      token: options.token === null ? undefined : options.token ?? SIMULATOR_TOKEN,
      body: options.body,
      headers: options.headers,
    });
  const errors = (response: RawResponse): Array<{ field?: string; reason: string }> =>
    (response.body as { errors: Array<{ field?: string; reason: string }> }).errors;

  before(async () => {
    sim = await startSimulator({ lifecycleMs: 60_000 });
  });
  after(() => sim.close());
  beforeEach(() => sim.reset());

  describe('auth', () => {
    it('refuses a missing or unknown token with 401 Invalid Token', async () => {
      for (const token of [null, 'not-a-real-token']) {
        const response = await call('GET', '/v4/linode/instances', { token });
        assert.equal(response.status, 401);
        assert.deepEqual(response.body, { errors: [{ reason: 'Invalid Token' }] });
      }
      const malformed = await call('GET', '/v4/profile', { token: null, headers: { Authorization: 'Basic abc' } });
      assert.equal(malformed.status, 401);
    });

    it('lists and gets only public images without a token', async () => {
      const list = await call('GET', '/v4/images', { token: null });
      assert.equal(list.status, 200);
      const page = list.body as Page<Image>;
      assert.ok(page.data.length > 10);
      assert.ok(page.data.every((image) => image.is_public));
      assert.equal((await call('GET', path(images.publicCurrent), { token: null })).status, 200);
      assert.equal((await call('GET', path(images.singleRegion), { token: null })).status, 401);
    });

    it('serves regions without a token, but still refuses a bad one', async () => {
      assert.equal((await call('GET', '/v4/regions', { token: null })).status, 200);
      assert.equal((await call('GET', '/v4/regions', { token: 'bad' })).status, 401);
    });

    it('enforces scopes: a read-only token reads but cannot write', async () => {
      assert.equal((await call('GET', '/v4/images', { token: SIMULATOR_READONLY_TOKEN })).status, 200);
      assert.equal((await call('GET', '/v4/linode/instances', { token: SIMULATOR_READONLY_TOKEN })).status, 200);
      for (const [method, target, body] of [
        ['PUT', path(images.singleRegion), { label: 'nope' }],
        ['DELETE', path(images.singleRegion), undefined],
        ['POST', '/v4/images', { disk_id: disks.webProdMain }],
        ['POST', '/v4/images/upload', { label: 'x-up', region: 'us-east' }],
        ['POST', `${path(images.singleRegion)}/regions`, { regions: ['us-east'] }],
      ] as const) {
        const response = await call(method, target, { token: SIMULATOR_READONLY_TOKEN, body });
        assert.equal(response.status, 401, `${method} ${target}`);
        assert.match(errors(response)[0].reason, /not authorized/);
        assert.equal(response.headers['x-accepted-oauth-scopes']?.includes('images:read_write'), true);
      }
      assert.equal(sim.state.images.get(images.singleRegion)?.label, 'web-base-2024');
    });

    it('needs linodes:read_only for capture and Linode reads', async () => {
      sim.state.tokens.set('images-only', { scopes: ['images:read_write'], label: 'images only' });
      assert.equal((await call('GET', '/v4/linode/instances', { token: 'images-only' })).status, 401);
      assert.equal((await call('POST', '/v4/images', { token: 'images-only', body: { disk_id: disks.webProdMain } })).status, 401);
      assert.equal((await call('GET', '/v4/images', { token: 'images-only' })).status, 200);
    });

    it('answers /profile for any valid token and reports its scopes', async () => {
      const full = await call('GET', '/v4/profile');
      assert.equal(full.status, 200);
      assert.equal((full.body as { username: string }).username, 'sim-user');
      assert.equal(full.headers['x-oauth-scopes'], '*');
      const readOnly = await call('GET', '/v4/profile', { token: SIMULATOR_READONLY_TOKEN });
      assert.equal(readOnly.headers['x-oauth-scopes'], 'images:read_only linodes:read_only');
    });
  });

  describe('headers', () => {
    it('sends the spec version, JSON, and rate-limit headers', async () => {
      const response = await call('GET', '/v4/images');
      assert.equal(response.headers['x-spec-version'], '4.189.0');
      assert.match(response.headers['content-type'], /^application\/json/);
      assert.equal(response.headers['x-ratelimit-limit'], '1600');
      const remaining = Number(response.headers['x-ratelimit-remaining']);
      const next = await call('GET', '/v4/images');
      assert.equal(Number(next.headers['x-ratelimit-remaining']), remaining - 1);
      assert.ok(Number(response.headers['x-ratelimit-reset']) > Date.now() / 1000);
    });

    it('sends the error envelope with the spec version on errors too', async () => {
      const response = await call('GET', '/v4/nowhere');
      assert.equal(response.status, 404);
      assert.deepEqual(response.body, { errors: [{ reason: 'Not found' }] });
      assert.equal(response.headers['x-spec-version'], '4.189.0');
    });
  });

  describe('pagination', () => {
    it('defaults to page 1 of 100 and reports pages and results', async () => {
      const page = (await call('GET', '/v4/images')).body as Page<Image>;
      assert.equal(page.page, 1);
      assert.equal(page.results, sim.state.images.size);
      assert.equal(page.pages, 1);
      assert.equal(page.data.length, sim.state.images.size);
    });

    it('splits pages by page_size and returns the last page past the end', async () => {
      const total = sim.state.images.size;
      const first = (await call('GET', '/v4/images?page_size=25')).body as Page<Image>;
      assert.equal(first.pages, Math.ceil(total / 25));
      assert.equal(first.data.length, 25);
      const second = (await call('GET', '/v4/images?page_size=25&page=2')).body as Page<Image>;
      assert.equal(second.page, 2);
      assert.equal(second.data.length, total - 25);
      assert.notEqual(second.data[0].id, first.data[0].id);
      const beyond = (await call('GET', '/v4/images?page_size=25&page=40')).body as Page<Image>;
      assert.equal(beyond.page, first.pages);
      assert.deepEqual(beyond.data, second.data);
    });

    it('refuses page_size outside 25-500 and a page below 1 with 400', async () => {
      for (const size of ['24', '501', '0', 'abc']) {
        const response = await call('GET', `/v4/images?page_size=${size}`);
        assert.equal(response.status, 400, size);
        assert.equal(errors(response)[0].field, 'page_size');
      }
      assert.equal((await call('GET', '/v4/images?page_size=25')).status, 200);
      assert.equal((await call('GET', '/v4/images?page_size=500')).status, 200);
      const zero = await call('GET', '/v4/images?page=0');
      assert.equal(zero.status, 400);
      assert.equal(errors(zero)[0].field, 'page');
    });

    it('paginates every collection, including an empty one', async () => {
      for (const target of ['/v4/regions', '/v4/linode/instances', `/v4/linode/instances/${linodes.buildBox}/disks`]) {
        const page = (await call('GET', `${target}?page_size=25`)).body as Page<unknown>;
        assert.equal(page.page, 1, target);
        assert.equal(page.results, page.data.length, target);
        assert.equal((await call('GET', `${target}?page_size=1000`)).status, 400, target);
      }
      const empty = await startSimulator({ seed: 'empty' });
      try {
        const page = (await rawRequest(empty.apiUrl, 'GET', '/v4/images', { token: SIMULATOR_TOKEN })).body;
        assert.deepEqual(page, { data: [], page: 1, pages: 1, results: 0 });
      } finally {
        await empty.close();
      }
    });
  });

  describe('image ids in paths', () => {
    it('finds images by the percent-encoded id, on /v4 and /v4beta', async () => {
      const v4 = await call('GET', path(images.singleRegion));
      assert.equal(v4.status, 200);
      assert.equal((v4.body as Image).id, images.singleRegion);
      assert.equal((await call('GET', `/v4beta/images/${encodeURIComponent(images.publicCurrent)}`)).status, 200);
      assert.equal((await call('GET', '/v4/images/private%2f15001')).status, 200, 'lower-case escape');
    });

    it('gives 404 for the unencoded form, so client encoding bugs show', async () => {
      assert.equal((await call('GET', '/v4/images/private/15001')).status, 404);
      assert.equal((await call('PUT', '/v4/images/private/15001', { body: { label: 'x' } })).status, 404);
      assert.equal((await call('DELETE', '/v4/images/private/15001')).status, 404);
      assert.equal((await call('POST', '/v4/images/private/15001/regions', { body: { regions: ['us-east'] } })).status, 404);
      assert.ok(sim.state.images.has(images.singleRegion));
    });

    it('gives 404 for unknown ids, unknown versions and unknown paths; 405 for unknown methods', async () => {
      assert.equal((await call('GET', '/v4/images/private%2F424242')).status, 404);
      assert.equal((await call('GET', '/v5/images')).status, 404);
      assert.equal((await call('GET', '/images')).status, 404);
      const patch = await call('PATCH', '/v4/images');
      assert.equal(patch.status, 405);
      assert.ok(errors(patch)[0].reason);
    });
  });

  describe('body validation', () => {
    it('refuses invalid JSON with 400 and non-object JSON with 400', async () => {
      const broken = await call('PUT', path(images.singleRegion), { body: '{"label": ' });
      assert.equal(broken.status, 400);
      assert.deepEqual(broken.body, { errors: [{ reason: 'Invalid JSON' }] });
      assert.equal((await call('PUT', path(images.singleRegion), { body: '[1]' })).status, 400);
      assert.equal((await call('PUT', path(images.singleRegion))).status, 400, 'the spec requires a PUT body');
    });

    it('returns 422 with one field error per bad field', async () => {
      const response = await call('PUT', path(images.singleRegion), {
        body: { label: 'bad/label', description: 'x'.repeat(65001), tags: ['ok-tag', 'no'], status: 'available', foo: 1 },
      });
      assert.equal(response.status, 422);
      const fields = errors(response).map((error) => error.field).sort();
      assert.deepEqual(fields, ['description', 'foo', 'label', 'status', 'tags[1]']);
      assert.ok(errors(response).every((error) => error.reason.length > 0));
    });

    it('applies the label rules: 1-50 characters, no special characters', async () => {
      for (const label of ['', 'x'.repeat(51), 'semi;colon', 'emoji 😀', 42]) {
        const response = await call('PUT', path(images.singleRegion), { body: { label } });
        assert.equal(response.status, 422, String(label));
        assert.equal(errors(response)[0].field, 'label');
      }
      for (const label of ['x'.repeat(50), "Bob's image, v1.2 ok?", 'with space_and-dash']) {
        assert.equal((await call('PUT', path(images.singleRegion), { body: { label } })).status, 200, label);
      }
    });

    it('applies the tag rules: 3-100 characters, at most 500', async () => {
      assert.equal((await call('PUT', path(images.singleRegion), { body: { tags: ['abc', 'x'.repeat(100)] } })).status, 200);
      assert.equal((await call('PUT', path(images.singleRegion), { body: { tags: ['x'.repeat(101)] } })).status, 422);
      const many = Array.from({ length: 501 }, (_unused, index) => `tag-${index}`);
      assert.equal((await call('PUT', path(images.singleRegion), { body: { tags: many } })).status, 422);
      assert.equal((await call('PUT', path(images.singleRegion), { body: { tags: many.slice(0, 500) } })).status, 200);
    });

    it('requires the required fields', async () => {
      const capture = await call('POST', '/v4/images', { body: {} });
      assert.equal(capture.status, 422);
      assert.deepEqual(errors(capture).map((error) => error.field), ['disk_id']);
      const upload = await call('POST', '/v4/images/upload', { body: {} });
      assert.deepEqual(errors(upload).map((error) => error.field).sort(), ['label', 'region']);
      const typed = await call('POST', '/v4/images/upload', { body: { label: 'ok-label', region: 5, cloud_init: 'yes' } });
      assert.deepEqual(errors(typed).map((error) => error.field).sort(), ['cloud_init', 'region']);
    });
  });

  describe('images', () => {
    it('updates label, description and tags, and moves `updated`', async () => {
      const before = sim.state.images.get(images.singleRegion)!;
      const previousUpdated = before.updated;
      const response = await call('PUT', path(images.singleRegion), { body: { label: 'renamed', description: 'New text.', tags: ['one', 'two', 'one'] } });
      assert.equal(response.status, 200);
      const image = response.body as Image;
      assert.equal(image.label, 'renamed');
      assert.equal(image.description, 'New text.');
      assert.deepEqual(image.tags, ['one', 'two']);
      assert.ok(image.updated > previousUpdated);
      const cleared = (await call('PUT', path(images.singleRegion), { body: { description: null } })).body as Image;
      assert.equal(cleared.description, null);
      assert.ok(cleared.updated > image.updated, 'a second edit in the same second still moves updated');
      assert.equal((await call('PUT', path(images.singleRegion), { body: { description: '' } })).status, 422);
    });

    it('refuses to edit, delete or replicate public images', async () => {
      for (const [method, suffix, body] of [
        ['PUT', '', { label: 'mine' }],
        ['DELETE', '', undefined],
        ['POST', '/regions', { regions: ['us-east'] }],
      ] as const) {
        const response = await call(method, `${path(images.publicCurrent)}${suffix}`, { body });
        assert.equal(response.status, 403, method);
        assert.match(errors(response)[0].reason, /Public images/);
      }
    });

    it('deletes a private image with {} and then 404s it', async () => {
      const response = await call('DELETE', path(images.legacy));
      assert.equal(response.status, 200);
      assert.deepEqual(response.body, {});
      assert.equal(sim.state.images.has(images.legacy), false);
      assert.equal((await call('DELETE', path(images.legacy))).status, 404);
      assert.equal((await call('GET', path(images.legacy))).status, 404);
    });

    it('filters with X-Filter on filterable fields and refuses the others', async () => {
      const privateOnly = (await call('GET', '/v4/images', { headers: { 'X-Filter': '{"is_public": false}' } })).body as Page<Image>;
      assert.ok(privateOnly.data.length >= 8);
      assert.ok(privateOnly.data.every((image) => !image.is_public));
      const tagged = (await call('GET', '/v4/images', { headers: { 'X-Filter': '{"tags": "web"}' } })).body as Page<Image>;
      assert.deepEqual(tagged.data.map((image) => image.id), [images.singleRegion]);
      const ordered = (await call('GET', '/v4/images', {
        headers: { 'X-Filter': JSON.stringify({ '+and': [{ is_public: true }, { size: { '+gte': 2800 } }], '+order_by': 'size', '+order': 'desc' }) },
      })).body as Page<Image>;
      const sizes = ordered.data.map((image) => image.size);
      assert.deepEqual(sizes, [...sizes].sort((a, b) => b - a));
      assert.ok(sizes.every((size) => size >= 2800));
      assert.equal((await call('GET', '/v4/images', { headers: { 'X-Filter': '{"id": "x"}' } })).status, 400);
      assert.equal((await call('GET', '/v4/images', { headers: { 'X-Filter': '{"+order_by": "status"}' } })).status, 400);
      assert.equal((await call('GET', '/v4/images', { headers: { 'X-Filter': 'nope' } })).status, 400);
    });
  });

  describe('capture', () => {
    it('captures a ready disk into the Linode region, creating', async () => {
      const response = await call('POST', '/v4/images', { body: { disk_id: disks.dbEuMain, label: 'db-capture', tags: ['capture'], cloud_init: true } });
      assert.equal(response.status, 200);
      const image = response.body as Image;
      assert.match(image.id, /^private\/\d+$/);
      assert.equal(image.status, 'creating');
      assert.deepEqual(image.regions, [{ region: 'eu-west', status: 'creating' }]);
      assert.deepEqual(image.capabilities, ['cloud-init']);
      assert.equal(image.size, sim.state.disks.get(disks.dbEuMain)!.size);
      assert.equal(image.created_by, 'sim-user');
      assert.equal(image.is_public, false);
      assert.equal(image.type, 'manual');
    });

    it('defaults the label to the disk label and refuses swap, not-ready and unknown disks', async () => {
      const raw = (await call('POST', '/v4/images', { body: { disk_id: disks.buildBoxRaw } })).body as Image;
      assert.equal(raw.label, 'scratch-raw');
      for (const diskId of [disks.webProdSwap, disks.buildBoxNotReady, 123]) {
        const response = await call('POST', '/v4/images', { body: { disk_id: diskId } });
        assert.equal(response.status, 422, String(diskId));
        assert.equal(errors(response)[0].field, 'disk_id');
      }
    });
  });

  describe('upload containers', () => {
    it('creates a pending_upload image and an upload_to URL on the upload origin', async () => {
      const response = await call('POST', '/v4/images/upload', { body: { label: 'my-upload', region: 'fr-par', description: 'From a file.' } });
      assert.equal(response.status, 200);
      const { image, upload_to: uploadTo } = response.body as { image: Image; upload_to: string };
      assert.equal(image.status, 'pending_upload');
      assert.deepEqual(image.regions, [{ region: 'fr-par', status: 'pending' }]);
      assert.equal(image.description, 'From a file.');
      assert.equal(image.total_size, 0);
      assert.ok(uploadTo.startsWith(`${sim.uploadOrigin}/upload/`));
      assert.notEqual(new URL(uploadTo).origin, new URL(sim.apiUrl).origin);
    });

    it('refuses regions that do not exist or lack Object Storage', async () => {
      for (const region of ['xx-nowhere', SEED_IDS.regions.withoutObjectStorage, SEED_IDS.regions.distributed]) {
        const response = await call('POST', '/v4/images/upload', { body: { label: 'where', region } });
        assert.equal(response.status, 422, region);
        assert.equal(errors(response)[0].field, 'region');
      }
    });
  });

  describe('regions, Linodes, disks', () => {
    it('lists regions with capabilities and site_type', async () => {
      const page = (await call('GET', '/v4/regions')).body as Page<{ id: string; site_type: string; capabilities: string[]; label: string }>;
      const byId = new Map(page.data.map((region) => [region.id, region]));
      assert.equal(byId.get('us-east')?.label, 'Newark, NJ');
      assert.equal(byId.get('gb-lon')?.label, 'London 2, UK');
      assert.equal(byId.get(SEED_IDS.regions.distributed)?.site_type, 'distributed');
      assert.equal(byId.get(SEED_IDS.regions.withoutObjectStorage)?.capabilities.includes('Object Storage'), false);
      assert.ok(page.data.length >= 12);
      assert.equal((await call('GET', '/v4/regions/us-ord')).status, 200);
      assert.equal((await call('GET', '/v4/regions/xx-nowhere')).status, 404);
    });

    it('lists Linodes and their disks, without internal fields', async () => {
      const page = (await call('GET', '/v4/linode/instances')).body as Page<{ id: number; region: string }>;
      assert.deepEqual(page.data.map((linode) => linode.id), Object.values(linodes));
      const diskPage = (await call('GET', `/v4/linode/instances/${linodes.buildBox}/disks`)).body as Page<Record<string, unknown>>;
      assert.deepEqual(diskPage.data.map((disk) => disk.filesystem), ['ext4', 'raw', 'ext4']);
      assert.ok(diskPage.data.some((disk) => disk.status === 'not ready'));
      assert.ok(diskPage.data.every((disk) => !('linode_id' in disk)));
      assert.equal((await call('GET', `/v4/linode/instances/${linodes.buildBox}/disks/${disks.buildBoxRaw}`)).status, 200);
      assert.equal((await call('GET', `/v4/linode/instances/${linodes.buildBox}/disks/${disks.webProdMain}`)).status, 404);
      assert.equal((await call('GET', '/v4/linode/instances/1/disks')).status, 404);
      assert.equal((await call('GET', '/v4/linode/instances/abc')).status, 404);
      const filtered = (await call('GET', '/v4/linode/instances', { headers: { 'X-Filter': '{"region": "us-ord"}' } })).body as Page<{ id: number }>;
      assert.deepEqual(filtered.data.map((linode) => linode.id), [linodes.buildBox]);
    });
  });
});
