// The simulator's optional rate limits: which limits apply to which request, fixed windows per token, 429 with
// Retry-After and X-RateLimit-* headers, and nothing enforced unless asked.

import * as assert from 'node:assert/strict';
import {
  LINODE_RATE_LIMITS,
  SEED_IDS,
  SIMULATOR_READONLY_TOKEN,
  SIMULATOR_TOKEN,
  startSimulator,
  type Simulator,
} from '../../simulator/index';
import { limitsFor, RateLimiter, resolveRateLimits } from '../../simulator/rateLimits';
import { rawRequest, type RawResponse } from '../../simulator/rawClient';
import { ROUTES } from '../../simulator/routes';
import { sleep } from '../support/until';

describe('simulator rate limits', () => {
  describe('which limits apply', () => {
    it('list images counts against list images, paginated GETs and the general limit', () => {
      assert.deepEqual(limitsFor({ method: 'GET', pattern: 'images' }), ['listImages', 'paginated', 'general']);
    });

    it('other collections are paginated; single resources and writes only count in general', () => {
      assert.deepEqual(limitsFor({ method: 'GET', pattern: 'regions' }), ['paginated', 'general']);
      assert.deepEqual(limitsFor({ method: 'GET', pattern: 'linode/instances/:linodeId/disks' }), ['paginated', 'general']);
      assert.deepEqual(limitsFor({ method: 'GET', pattern: 'images/:imageId' }), ['general']);
      assert.deepEqual(limitsFor({ method: 'GET', pattern: 'profile' }), ['general']);
      assert.deepEqual(limitsFor({ method: 'POST', pattern: 'images' }), ['general']);
      assert.deepEqual(limitsFor({ method: 'PUT', pattern: 'images/:imageId' }), ['general']);
    });

    it('classes exactly the GET routes that answer with a page as paginated', async () => {
      const sim = await startSimulator();
      try {
        const ids: Record<string, string> = {
          imageId: encodeURIComponent(SEED_IDS.images.singleRegion),
          regionId: 'us-east',
          linodeId: String(SEED_IDS.linodes.webProd),
          diskId: String(SEED_IDS.disks.webProdMain),
        };
        const gets = ROUTES.filter((route) => route.method === 'GET');
        assert.ok(gets.length >= 8);
        for (const route of gets) {
          const path = `/v4/${route.pattern.map((segment) => (segment.startsWith(':') ? ids[segment.slice(1)] : segment)).join('/')}`;
          const response = await rawRequest(sim.apiUrl, 'GET', path, { token: SIMULATOR_TOKEN });
          assert.equal(response.status, 200, path);
          const isPage = typeof (response.body as { pages?: unknown }).pages === 'number';
          const pattern = route.pattern.join('/');
          assert.equal(limitsFor({ method: 'GET', pattern }).includes('paginated'), isPage, `${pattern}: paginated?`);
        }
      } finally {
        await sim.close();
      }
    });
  });

  describe('the limiter', () => {
    let now = 1_700_000_000_000;
    const clock = (): number => now;
    const listImages = { method: 'GET', pattern: 'images' };

    it('refuses the request past the limit until the window ends, with Retry-After and the headers', () => {
      const limiter = new RateLimiter({ ...LINODE_RATE_LIMITS }, clock);
      const started = now;
      for (let n = 1; n <= 20; n++) {
        const { headers } = limiter.take('token-a', listImages);
        assert.equal(headers['X-RateLimit-Limit'], '20');
        assert.equal(headers['X-RateLimit-Remaining'], String(20 - n));
        assert.equal(headers['X-RateLimit-Reset'], String(Math.ceil((started + 60_000) / 1000)));
        now += 100;
      }
      now = started + 45_200;
      assert.throws(() => limiter.take('token-a', listImages), (error: unknown) => {
        const e = error as { status: number; errors: unknown; headers: Record<string, string> };
        assert.equal(e.status, 429);
        assert.deepEqual(e.errors, [{ reason: 'Too many requests' }]);
        assert.equal(e.headers['Retry-After'], '15');
        assert.equal(e.headers['X-RateLimit-Limit'], '20');
        assert.equal(e.headers['X-RateLimit-Remaining'], '0');
        assert.equal(e.headers['X-RateLimit-Reset'], String(Math.ceil((started + 60_000) / 1000)));
        return true;
      });
      // Another token has its own windows; other requests still pass.
      assert.equal(limiter.take('token-b', listImages).headers['X-RateLimit-Remaining'], '19');
      assert.equal(limiter.take('token-a', { method: 'GET', pattern: 'regions' }).headers['X-RateLimit-Limit'], '200');
      now = started + 60_000;
      assert.equal(limiter.take('token-a', listImages).headers['X-RateLimit-Remaining'], '19', 'a new window');
    });

    it('does not count refused requests, and reports the limit closest to running out', () => {
      const limiter = new RateLimiter({ listImages: 2, paginated: 3, general: 4, windowMs: 1000 }, clock);
      limiter.take('t', listImages);
      limiter.take('t', listImages);
      for (let n = 0; n < 5; n++) assert.throws(() => limiter.take('t', listImages));
      // 2 list calls used 2 of 3 paginated and 2 of 4 general: one more paginated GET leaves paginated at 0.
      const regions = limiter.take('t', { method: 'GET', pattern: 'regions' }).headers;
      assert.deepEqual([regions['X-RateLimit-Limit'], regions['X-RateLimit-Remaining']], ['3', '0']);
      const profile = limiter.take('t', { method: 'GET', pattern: 'profile' }).headers;
      assert.deepEqual([profile['X-RateLimit-Limit'], profile['X-RateLimit-Remaining']], ['4', '0']);
      assert.throws(() => limiter.take('t', { method: 'GET', pattern: 'profile' }), (e: unknown) => (e as { headers: Record<string, string> }).headers['X-RateLimit-Limit'] === '4');
    });

    it('takes the documented figures by default and refuses nonsense', () => {
      assert.deepEqual(resolveRateLimits(true), { listImages: 20, paginated: 200, general: 1600, windowMs: 60_000 });
      assert.equal(resolveRateLimits(false), undefined);
      assert.equal(resolveRateLimits(undefined), undefined);
      assert.equal(resolveRateLimits({ general: 400 })?.general, 400);
      assert.throws(() => resolveRateLimits({ listImages: 0 }), /listImages/);
    });
  });

  describe('over HTTP', () => {
    let sim: Simulator;
    const get = (path: string, token = SIMULATOR_TOKEN): Promise<RawResponse> => rawRequest(sim.apiUrl, 'GET', path, { token });
    after(() => sim?.close());

    it('enforces nothing unless asked (the 1600/min headers only)', async () => {
      sim = await startSimulator();
      assert.equal(sim.rateLimits, undefined);
      for (let n = 0; n < 25; n++) {
        const response = await get('/v4/images?page=1&page_size=25');
        assert.equal(response.status, 200);
        assert.equal(response.headers['x-ratelimit-limit'], '1600');
      }
      await sim.close();
    });

    it('with rateLimits: true, the 21st list call in a minute gets 429 and the envelope; other calls pass', async () => {
      sim = await startSimulator({ rateLimits: true });
      assert.deepEqual(sim.rateLimits, LINODE_RATE_LIMITS);
      const first = await get('/v4/images');
      assert.deepEqual([first.headers['x-ratelimit-limit'], first.headers['x-ratelimit-remaining']], ['20', '19']);
      for (let n = 2; n <= 20; n++) assert.equal((await get(`/v4/images?page=${n}`)).status, 200);
      const refused = await get('/v4/images?page=21');
      assert.equal(refused.status, 429);
      assert.deepEqual(refused.body, { errors: [{ reason: 'Too many requests' }] });
      const retryAfter = Number(refused.headers['retry-after']);
      assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
      assert.equal(refused.headers['x-ratelimit-limit'], '20');
      assert.equal(refused.headers['x-ratelimit-remaining'], '0');
      const reset = Number(refused.headers['x-ratelimit-reset']);
      assert.ok(reset * 1000 >= Date.now() && reset * 1000 <= Date.now() + 61_000, `reset ${reset}`);
      assert.equal((await get(`/v4/images/${encodeURIComponent(SEED_IDS.images.singleRegion)}`)).status, 200);
      assert.equal((await get('/v4/images', SIMULATOR_READONLY_TOKEN)).status, 200, 'limits are per token');
      const anonymous = await rawRequest(sim.apiUrl, 'GET', '/v4/regions');
      assert.equal(anonymous.status, 200);
      assert.equal(anonymous.headers['x-ratelimit-remaining'], '199', 'an anonymous caller has its own windows');
      assert.deepEqual(sim.requests.filter((r) => r.status === 429).map((r) => r.path), ['/v4/images?page=21']);
      sim.reset();
      assert.equal((await get('/v4/images')).status, 200, 'reset clears the windows');
      await sim.close();
    });

    it('opens a new window once the old one is over', async () => {
      sim = await startSimulator({ rateLimits: { listImages: 2, windowMs: 1000 } });
      assert.equal((await get('/v4/images')).status, 200);
      assert.equal((await get('/v4/images')).status, 200);
      const refused = await get('/v4/images');
      assert.equal(refused.status, 429);
      assert.equal(refused.headers['retry-after'], '1');
      await sleep(Number(refused.headers['x-ratelimit-reset']) * 1000 - Date.now() + 20);
      const again = await get('/v4/images');
      assert.equal(again.status, 200);
      assert.equal(again.headers['x-ratelimit-remaining'], '1');
      const info = await rawRequest(sim.apiUrl, 'GET', '/__simulator/');
      assert.deepEqual((info.body as { rateLimits: unknown }).rateLimits, { ...LINODE_RATE_LIMITS, listImages: 2, windowMs: 1000 });
      await sim.close();
    });
  });
});
