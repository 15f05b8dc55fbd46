// The simulator's faults that alter answers: a raw non-JSON page, a replaced or patched JSON answer, and the real
// API's nulls. Over real HTTP with the raw client, so what is checked is exactly what goes over the wire.
import * as assert from 'node:assert/strict';
import type { Page } from '../../src/core/api/types';
import { SIMULATOR_TOKEN, startSimulator, type SimImage, type Simulator } from '../../simulator/index';
import { faultFromJson } from '../../simulator/faults';
import { rawRequest, type RawResponse } from '../../simulator/rawClient';

describe('simulator faults that alter answers', () => {
  let sim: Simulator;
  const get = (target: string): Promise<RawResponse> => rawRequest(sim.apiUrl, 'GET', target, { token: SIMULATOR_TOKEN });

  before(async () => {
    sim = await startSimulator({ lifecycleMs: 60_000 });
  });
  after(() => sim.close());
  beforeEach(() => sim.reset());

  it('answers a raw HTML page with 200 instead of handling the request, or with the given status and type', async () => {
    sim.faults.add({ path: '/images', rawBody: '<html><body>Log in to the network</body></html>' });
    const page = await get('/v4/images');
    assert.equal(page.status, 200);
    assert.equal(page.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(page.text, '<html><body>Log in to the network</body></html>');
    assert.equal(sim.requests[0].responseBody, page.text);

    sim.faults.add({ path: '/profile', rawBody: 'upstream timed out', contentType: 'text/plain', status: 504 });
    const plain = await get('/v4/profile');
    assert.deepEqual([plain.status, plain.headers['content-type'], plain.text], [504, 'text/plain', 'upstream timed out']);
    assert.equal((await get('/v4/images')).status, 200, 'used up');
  });

  it('handles the request, then answers a replacement or a patched answer', async () => {
    sim.faults.add({ method: 'PUT', path: '/images/private%2F15001', replaceBody: 'renamed' });
    const put = await rawRequest(sim.apiUrl, 'PUT', '/v4/images/private%2F15001', { token: SIMULATOR_TOKEN, body: { label: 'renamed-one' } });
    assert.equal(put.body, 'renamed');
    assert.equal(sim.state.images.get('private/15001')?.label, 'renamed-one', 'the request was handled');

    sim.faults.add({ path: '/images', patchBody: { pages: 100000 }, patchItems: { size: null } });
    const list = (await get('/v4/images')).body as Page<SimImage>;
    assert.equal(list.pages, 100000);
    assert.equal(list.results, sim.state.images.size);
    assert.ok(list.data.every((image) => image.size === null));
  });

  it("gives public images the real API's nulls, by option or by fault, and leaves private ones alone", async () => {
    sim.faults.add({ path: '/images', realWorldNulls: true });
    const list = (await get('/v4/images')).body as Page<Record<string, unknown>>;
    for (const image of list.data) {
      if (image.is_public) assert.deepEqual([image.regions, image.total_size], [null, null], String(image.id));
      else assert.ok(Array.isArray(image.regions) && typeof image.total_size === 'number', String(image.id));
    }
    const plain = (await get('/v4/images')).body as Page<Record<string, unknown>>;
    assert.ok(plain.data.every((image) => Array.isArray(image.regions)), 'off again once used up');

    const real = await startSimulator({ realWorldNulls: true });
    try {
      const debian = (await rawRequest(real.apiUrl, 'GET', '/v4/images/linode%2Fdebian12')).body as Record<string, unknown>;
      assert.deepEqual([debian.regions, debian.total_size], [null, null]);
    } finally {
      await real.close();
    }
  });

  it('takes the new knobs from the control API JSON, and refuses wrong types', () => {
    assert.deepEqual(faultFromJson({ rawBody: '<p>', contentType: 'text/html', replaceBody: 'x', patchBody: { pages: 2 }, patchItems: { size: null }, realWorldNulls: true }), {
      rawBody: '<p>', contentType: 'text/html', replaceBody: 'x', patchBody: { pages: 2 }, patchItems: { size: null }, realWorldNulls: true,
    });
    assert.throws(() => faultFromJson({ rawBody: 5 }), /rawBody must be a string/);
    assert.throws(() => faultFromJson({ patchBody: [1] }), /patchBody must be a JSON object/);
  });
});
