// Fault injection on both origins: statuses with Retry-After, dropped connections, delays, throttling, rule order.

import * as assert from 'node:assert/strict';
import { request } from 'node:http';
import type { Image } from '../../src/core/api/types';
import { SIMULATOR_TOKEN, startSimulator, type Simulator } from '../../simulator/index';
import { rawRequest, type RawResponse } from '../../simulator/rawClient';
import { until } from '../support/until';

const OCTET_STREAM = { 'Content-Type': 'application/octet-stream' };

describe('simulator faults', () => {
  let sim: Simulator;
  const get = (target: string): Promise<RawResponse> => rawRequest(sim.apiUrl, 'GET', target, { token: SIMULATOR_TOKEN });

  before(async () => {
    sim = await startSimulator({ lifecycleMs: 60_000 });
  });
  after(() => sim.close());
  beforeEach(() => sim.reset());

  it('answers 429 with Retry-After once, then normally', async () => {
    sim.faults.add({ origin: 'api', method: 'GET', path: '/v4/images', status: 429, retryAfter: 7 });
    const limited = await get('/v4/images');
    assert.equal(limited.status, 429);
    assert.equal(limited.headers['retry-after'], '7');
    assert.equal(limited.headers['x-ratelimit-remaining'], '0');
    assert.deepEqual(limited.body, { errors: [{ reason: 'Too many requests' }] });
    assert.equal((await get('/v4/images')).status, 200);
    assert.deepEqual(sim.requests.map((exchange) => exchange.status), [429, 200]);
  });

  it('answers 5xx a given number of times, with a custom reason', async () => {
    sim.faults.add({ path: /^\/v4\/regions/, status: 503, reason: 'Maintenance', times: 2 });
    assert.equal((await get('/v4/regions')).status, 503);
    const second = await get('/v4/regions?page=1');
    assert.equal(second.status, 503);
    assert.deepEqual(second.body, { errors: [{ reason: 'Maintenance' }] });
    assert.equal((await get('/v4/regions')).status, 200);
  });

  it('matches a string path with or without the version prefix, and only the given method', async () => {
    sim.faults.add({ path: '/images', method: 'POST', status: 500, times: Infinity });
    assert.equal((await get('/v4/images')).status, 200);
    assert.equal((await rawRequest(sim.apiUrl, 'POST', '/v4beta/images', { token: SIMULATOR_TOKEN, body: {} })).status, 500);
    assert.equal((await rawRequest(sim.apiUrl, 'POST', '/v4/images', { token: SIMULATOR_TOKEN, body: {} })).status, 500);
    assert.equal(sim.faults.list().length, 1, 'an Infinity rule stays');
    sim.faults.clear();
    assert.equal((await rawRequest(sim.apiUrl, 'POST', '/v4/images', { token: SIMULATOR_TOKEN, body: {} })).status, 422);
  });

  it('uses rules in order, each used up by its times', async () => {
    sim.faults.add({ path: '/v4/profile', status: 502 });
    sim.faults.add({ path: '/v4/profile', status: 504 });
    assert.equal((await get('/v4/profile')).status, 502);
    assert.equal((await get('/v4/profile')).status, 504);
    assert.equal((await get('/v4/profile')).status, 200);
    assert.deepEqual(sim.faults.list(), []);
  });

  it('drops the connection without a response', async () => {
    sim.faults.add({ path: '/v4/images', drop: true });
    await assert.rejects(get('/v4/images'), /socket hang up|ECONNRESET/);
    assert.equal(sim.requests.length, 1);
    assert.equal(sim.requests[0].dropped, true);
    assert.equal(sim.requests[0].status, 0);
    assert.equal((await get('/v4/images')).status, 200);
  });

  it('delays a response', async () => {
    sim.faults.add({ path: '/v4/profile', delayMs: 200 });
    const started = Date.now();
    const response = await get('/v4/profile');
    assert.equal(response.status, 200);
    assert.ok(Date.now() - started >= 190, `took ${Date.now() - started} ms`);
  });

  it('leaves the control API alone', async () => {
    sim.faults.add({ status: 500, times: Infinity });
    const control = await rawRequest(sim.apiUrl, 'GET', '/__simulator/faults');
    assert.equal(control.status, 200);
    assert.equal(sim.requests.length, 0, 'control calls are not recorded');
  });

  it('validates rules', () => {
    assert.throws(() => sim.faults.add({ status: 42 }), /status/);
    assert.throws(() => sim.faults.add({ times: 0 }), /times/);
    assert.throws(() => sim.faults.add({ bytesPerSecond: 0 }), /bytesPerSecond/);
  });

  describe('on the upload origin', () => {
    async function container(): Promise<URL> {
      const response = await rawRequest(sim.apiUrl, 'POST', '/v4/images/upload', { token: SIMULATOR_TOKEN, body: { label: 'fault-upload', region: 'us-east' } });
      return new URL((response.body as { upload_to: string }).upload_to);
    }

    it('answers a status fault with object-storage XML after reading the body', async () => {
      const url = await container();
      sim.faults.add({ origin: 'upload', status: 503, retryAfter: 2 });
      const response = await rawRequest(url.origin, 'PUT', `${url.pathname}${url.search}`, { body: Buffer.alloc(5000), headers: OCTET_STREAM });
      assert.equal(response.status, 503);
      assert.match(response.text, /<Code>SlowDown<\/Code>/);
      assert.equal(response.headers['retry-after'], '2');
      assert.equal((await rawRequest(url.origin, 'PUT', `${url.pathname}${url.search}`, { body: Buffer.alloc(5000), headers: OCTET_STREAM })).status, 200);
    });

    it('does not apply api-origin rules to uploads', async () => {
      const url = await container();
      sim.faults.add({ origin: 'api', status: 500, times: Infinity });
      assert.equal((await rawRequest(url.origin, 'PUT', `${url.pathname}${url.search}`, { body: Buffer.alloc(10), headers: OCTET_STREAM })).status, 200);
    });

    it('drops the connection after N body bytes and keeps the container pending_upload', async () => {
      const url = await container();
      const imageId = [...sim.state.images.values()].find((image) => image.label === 'fault-upload')!.id;
      sim.faults.add({ origin: 'upload', method: 'PUT', path: /^\/upload\//, dropAfterBytes: 64 * 1024 });
      await assert.rejects(rawRequest(url.origin, 'PUT', `${url.pathname}${url.search}`, { body: Buffer.alloc(1024 * 1024), headers: OCTET_STREAM }), /ECONNRESET|socket hang up|EPIPE/);
      const [upload] = sim.uploads;
      assert.equal(upload.outcome, 'aborted');
      assert.equal(upload.bytesReceived, 64 * 1024);
      assert.equal(sim.requests.at(-1)?.dropped, true);
      assert.equal((sim.state.image(imageId) as Image).status, 'pending_upload');
    });

    it('throttles the body so a client can cancel mid-transfer', async function () {
      // See the wait below: up to the bytes the kernel buffered, at the throttled rate.
      this.timeout(90_000);
      const url = await container();
      const imageId = [...sim.state.images.values()].find((image) => image.label === 'fault-upload')!.id;
      sim.faults.add({ origin: 'upload', bytesPerSecond: 200 * 1024 });
      const total = 4 * 1024 * 1024;
      const req = request({
        host: url.hostname,
        port: url.port,
        method: 'PUT',
        path: `${url.pathname}${url.search}`,
        headers: { 'Content-Length': String(total), 'Content-Type': 'application/octet-stream' },
        agent: false,
      });
      const closed = new Promise<void>((resolve) => {
        req.on('error', () => resolve());
        req.on('close', () => resolve());
      });
      req.write(Buffer.alloc(total, 3));
      await until(() => (sim.uploads[0]?.bytesReceived ?? 0) > 0, 'some bytes to arrive', 30_000);
      const midway = sim.uploads[0].bytesReceived;
      // Half the body takes 10 s at the throttled rate: the client is still sending.
      assert.ok(midway < total / 2, `received ${midway} of ${total} already`);
      assert.equal(sim.uploads[0].outcome, 'in-progress');
      req.socket?.resetAndDestroy();
      req.destroy();
      await closed;
      // Even after a reset, Linux hands the server what is already in its receive buffer (up to megabytes on
      // loopback) before it reports the reset, and the simulator reads that at the throttled rate: on a busy
      // machine that is seconds. So the bound is what the whole body would take at that rate, and then some.
      await until(() => sim.uploads[0].outcome === 'aborted', 'the upload to be aborted', (total / (200 * 1024)) * 1000 + 30_000);
      assert.ok(sim.uploads[0].bytesReceived < total);
      assert.equal(sim.state.image(imageId)?.status, 'pending_upload');
    });
  });
});

