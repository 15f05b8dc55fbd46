// The control API (/__simulator/) that tests in another process use, the request records, reset and close.

import * as assert from 'node:assert/strict';
import { request } from 'node:http';
import { SEED_IDS, SIMULATOR_TOKEN, startSimulator, type RecordedExchange, type Simulator } from '../../simulator/index';
import { rawRequest } from '../../simulator/rawClient';
import { sleep } from '../support/until';

describe('simulator control API and records', () => {
  let sim: Simulator;
  const control = (method: string, target: string, body?: unknown) => rawRequest(sim.apiUrl, method, `/__simulator/${target}`, { body });

  before(async () => {
    sim = await startSimulator({ lifecycleMs: 60_000 });
  });
  after(() => sim.close());
  beforeEach(() => sim.reset());

  it('describes itself', async () => {
    const info = (await control('GET', '')).body as Record<string, unknown>;
    assert.equal(info.apiUrl, sim.apiUrl);
    assert.equal(info.uploadOrigin, sim.uploadOrigin);
    assert.equal(info.token, SIMULATOR_TOKEN);
  });

  it('adds faults from JSON (pathRegex, times "Infinity"), lists and clears them', async () => {
    const added = await control('POST', 'faults', [
      { origin: 'api', method: 'GET', pathRegex: '^/v4/images', status: 429, retryAfter: 3 },
      { path: '/v4/profile', status: 500, times: 'Infinity' },
    ]);
    assert.equal(added.status, 200);
    const listed = added.body as { data: Array<Record<string, unknown>> };
    assert.equal(listed.data.length, 2);
    assert.equal(listed.data[0].pathRegex, new RegExp('^/v4/images').source);
    assert.equal(listed.data[1].times, 'Infinity');
    const limited = await rawRequest(sim.apiUrl, 'GET', '/v4/images', { token: SIMULATOR_TOKEN });
    assert.equal(limited.status, 429);
    assert.equal(limited.headers['retry-after'], '3');
    assert.equal((await control('DELETE', 'faults')).status, 200);
    assert.equal((await rawRequest(sim.apiUrl, 'GET', '/v4/profile', { token: SIMULATOR_TOKEN })).status, 200);
    const bad = await control('POST', 'faults', { status: 500, colour: 'red' });
    assert.equal(bad.status, 400);
    assert.match(JSON.stringify(bad.body), /colour/);
  });

  it('serves the recorded requests and uploads', async () => {
    await rawRequest(sim.apiUrl, 'GET', '/v4/regions?page=1');
    await rawRequest(sim.apiUrl, 'GET', '/v4/profile', { token: SIMULATOR_TOKEN });
    const requests = (await control('GET', 'requests')).body as { data: RecordedExchange[] };
    assert.deepEqual(requests.data.map((exchange) => exchange.path), ['/v4/regions?page=1', '/v4/profile']);
    const uploadOnly = (await control('GET', 'requests?origin=upload')).body as { data: RecordedExchange[] };
    assert.deepEqual(uploadOnly.data, []);
    assert.deepEqual((await control('GET', 'uploads')).body, { data: [] });
    await control('DELETE', 'requests');
    assert.equal(sim.requests.length, 0);
  });

  it('settles and resets', async () => {
    const settled = (await control('POST', 'settle')).body as { settled: number };
    assert.ok(settled.settled > 0);
    assert.equal(sim.state.image(SEED_IDS.images.creating)?.status, 'available');
    await rawRequest(sim.apiUrl, 'DELETE', `/v4/images/${encodeURIComponent(SEED_IDS.images.legacy)}`, { token: SIMULATOR_TOKEN });
    sim.faults.add({ status: 500, times: Infinity });
    assert.equal((await control('POST', 'reset')).status, 200);
    assert.equal(sim.state.images.get(SEED_IDS.images.creating)?.status, 'creating');
    assert.ok(sim.state.images.has(SEED_IDS.images.legacy));
    assert.deepEqual(sim.faults.list(), []);
    assert.equal(sim.requests.length, 0);
    const state = (await control('GET', 'state')).body as { images: unknown[]; linodes: unknown[] };
    assert.equal(state.images.length, sim.state.images.size);
    assert.equal(state.linodes.length, 4);
  });

  it('answers unknown control paths with 404', async () => {
    assert.equal((await control('GET', 'nope')).status, 404);
  });

  it('records each exchange with redacted auth, bodies, status, headers and time', async () => {
    const body = { label: 'recorded', tags: ['rec'] };
    await rawRequest(sim.apiUrl, 'PUT', `/v4/images/${encodeURIComponent(SEED_IDS.images.singleRegion)}`, { token: SIMULATOR_TOKEN, body });
    const [exchange] = sim.requests;
    assert.equal(exchange.origin, 'api');
    assert.equal(exchange.method, 'PUT');
    assert.equal(exchange.path, '/v4/images/private%2F15001');
    assert.equal(exchange.headers.authorization, 'Bearer <redacted>');
    assert.equal(exchange.headers['content-type'], 'application/json');
    assert.deepEqual(exchange.requestBody, body);
    assert.equal(exchange.status, 200);
    assert.equal(exchange.responseHeaders['x-oauth-scopes'], '*');
    assert.equal((exchange.responseBody as { label: string }).label, 'recorded');
    assert.ok(!Number.isNaN(Date.parse(exchange.at)));
    assert.ok(exchange.durationMs >= 0);
    assert.ok(!JSON.stringify(sim.requests).includes(SIMULATOR_TOKEN));
  });

  it('keeps the same arrays and state object across reset', async () => {
    const { requests, uploads, state } = sim;
    await rawRequest(sim.apiUrl, 'GET', '/v4/regions');
    sim.reset();
    assert.equal(sim.requests, requests);
    assert.equal(sim.uploads, uploads);
    assert.equal(sim.state, state);
    assert.equal(requests.length, 0);
  });

  it('closes cleanly, even with a connection waiting on a delay fault', async () => {
    const other = await startSimulator();
    other.faults.add({ delayMs: 60_000 });
    const pending = new Promise<string>((resolve) => {
      const url = new URL(other.apiUrl);
      const req = request({ host: url.hostname, port: url.port, path: '/v4/regions', agent: false }, () => resolve('answered'));
      req.on('error', () => resolve('closed'));
      req.end();
    });
    await sleep(50);
    const started = Date.now();
    await other.close();
    assert.equal(await pending, 'closed');
    assert.ok(Date.now() - started < 10_000, 'long before the 60 s delay');
    await other.close();
  });
});
