// "Trust nothing at the boundary": the client against a simulator that answers what real networks and the real
// API answer, over real HTTP. An answer that is not what Linode documents is a clear error, never data; the
// real API's undeclared nulls are data the model can use; a page count that lies sends no flood of requests; a
// slow server has one deadline; a long rate-limit wait is announced.
import * as assert from 'node:assert/strict';
import { LinodeClient, PAGES_IN_FLIGHT, type LinodeClientOptions } from '../../src/core/api/client';
import { LinodeNetworkError } from '../../src/core/api/errors';
import type { Image } from '../../src/core/api/types';
import { imageDescription, imageTooltipMarkdown } from '../../src/core/model/format';
import { groupImages, type GroupBy, type SortBy } from '../../src/core/model/grouping';
import { startSimulator, type SimImage, type Simulator } from '../../simulator';
import { simulatorClient } from '../support/simulatorClient';

const CAPTIVE_PORTAL_PAGE = '<!DOCTYPE html><html><head><title>Sign in to Hotel Wi-Fi</title></head><body>Accept the terms to continue.</body></html>';

/** One announced wait as the client reports it (only the fields these tests read). */
interface ReportedWait {
  seconds: number;
  reason: string;
  request: string;
}

describe('LinodeClient at the boundary', function () {
  this.timeout(30_000);
  let sim: Simulator;
  const logLines: string[] = [];

  function client(overrides: Partial<LinodeClientOptions> = {}): LinodeClient {
    return simulatorClient(sim, { retryBaseDelayMs: 10, log: (line) => logLines.push(line), ...overrides });
  }

  const listCalls = (): number => sim.requests.filter((r) => r.path.startsWith('/v4/images?')).length;

  before(async () => {
    sim = await startSimulator({ lifecycleMs: 50 });
  });
  after(() => sim.close());
  beforeEach(() => {
    sim.reset();
    logLines.length = 0;
  });

  describe('an answer that is not what Linode documents (finding 4)', () => {
    it('reports an HTML page answered with 200 as a proxy or captive portal, not "result.data is not iterable"', async () => {
      sim.faults.add({ method: 'GET', path: '/images', rawBody: CAPTIVE_PORTAL_PAGE });
      const error = await client().listImages().then(() => undefined, (e: unknown) => e);
      assert.ok(error instanceof Error, String(error));
      assert.equal(error.name, 'LinodeResponseError', error.message);
      assert.equal(error.message, "Linode's answer to GET /v4/images was an HTML page, not JSON: a proxy or captive portal?");
      assert.equal((error as Error & { request?: string }).request, 'GET /v4/images');
      assert.equal(listCalls(), 1, 'not retried: the same page would come back');
    });

    it('refuses an image answer that is a string instead of handing it out as an image', async () => {
      sim.faults.add({ method: 'GET', path: '/images/private%2F15001', replaceBody: 'private/15001' });
      const error = await client().getImage('private/15001').then((image: unknown) => image, (e: unknown) => e);
      assert.ok(error instanceof Error, `resolved with ${JSON.stringify(error)}`);
      assert.equal(error.name, 'LinodeResponseError');
      assert.match(error.message, /^Linode's answer to GET \/v4\/images\/private%2F15001 was not the image Linode documents \(.*string.*\)$/);
    });

    it('says which part of a list is missing', async () => {
      sim.faults.add({ method: 'GET', path: '/regions', replaceBody: { page: 1, pages: 1, results: 0 } });
      await assert.rejects(client().listRegions(), (e: unknown) => e instanceof Error && e.name === 'LinodeResponseError'
        && e.message === "Linode's answer to GET /v4/regions was not the list Linode documents (data is missing)");
    });

    it('takes a plain-text answer with 200 as not JSON either', async () => {
      sim.faults.add({ method: 'GET', path: '/profile', rawBody: 'Service temporarily unavailable', contentType: 'text/plain' });
      await assert.rejects(client().checkToken(), (e: unknown) => e instanceof Error && e.name === 'LinodeResponseError' && /was not JSON/.test(e.message));
    });
  });

  describe("the real API's undeclared nulls (finding 5)", () => {
    it('lists, groups, sorts and describes images with null regions, total_size, size and created without throwing', async () => {
      sim.faults.add({ method: 'GET', path: '/images', realWorldNulls: true, patchItems: { size: null, created: null }, times: Infinity });
      const images: Image[] = await client().listImages();
      assert.equal(images.length, sim.state.images.size);
      const regions = new Map((await client().listRegions()).map((r) => [r.id, r]));
      for (const groupBy of ['region', 'type', 'none'] as GroupBy[]) {
        for (const sortBy of ['label', 'created', 'size'] as SortBy[]) {
          const root = groupImages(images, { groupBy, sortBy, showPublicImages: true, regions });
          const entries = [...root.entries, ...root.groups.flatMap(function all(g): typeof root.entries { return [...g.entries, ...g.groups.flatMap(all)]; })];
          assert.equal(new Set(entries.map((e) => e.image.id)).size, images.length, `${groupBy}/${sortBy} shows every image`);
          for (const { image, regionId } of entries) {
            imageDescription(image, regionId);
            imageTooltipMarkdown(image, regions, regionId);
          }
        }
      }
      const debian = images.find((i) => i.id === 'linode/debian12');
      assert.ok(debian);
      assert.deepEqual(debian.regions, [], 'regions: null is no regions');
      assert.match(imageTooltipMarkdown(debian, regions), /\| Size \| unknown \|/);
    });
  });

  describe('values Linode added after the spec', () => {
    it('keeps an image status, an image type and a region status it does not know, and shows them as they are', async () => {
      sim.faults.add({ method: 'GET', path: '/images', patchItems: { status: 'frozen', type: 'shared' } });
      sim.faults.add({ method: 'GET', path: '/regions', patchItems: { status: 'limited', site_type: 'edge' } });
      const images = await client().listImages();
      const regions = await client().listRegions();
      assert.equal(images.length, sim.state.images.size, 'none left out');
      assert.ok(images.every((image) => image.status === 'frozen' && image.type === 'shared'));
      assert.ok(regions.every((region) => region.status === 'limited' && region.site_type === 'edge'));
      const image = images.find((i) => !i.is_public) as Image;
      assert.match(imageDescription(image), /frozen/);
      assert.match(imageTooltipMarkdown(image, new Map(regions.map((r) => [r.id, r]))), /\| Status \| frozen \|[^]*\| Type \| private, shared \|/);
    });

    it('refuses an image without the id or status the extension relies on, saying which item', async () => {
      sim.faults.add({ method: 'GET', path: '/images', patchItems: { status: null } });
      await assert.rejects(client().listImages(), (e: unknown) => e instanceof Error && e.name === 'LinodeResponseError'
        && e.message === "Linode's answer to GET /v4/images was not the list Linode documents (data[0].status is null, not text)");
    });
  });

  describe('a page count that lies (finding 6)', () => {
    it('asks for no more pages than `results` allows, whatever `pages` says', async () => {
      sim.faults.add({ method: 'GET', path: '/images', patchBody: { pages: 100000 }, times: 30 });
      const images = await client().listImages();
      assert.equal(images.length, sim.state.images.size);
      assert.equal(listCalls(), 1, `${sim.state.images.size} results fit one page of 500`);
    });

    it('stops when a page adds no new image, even when `results` lies too', async () => {
      sim.faults.add({ method: 'GET', path: '/images', patchBody: { pages: 100000, results: 1_000_000 }, times: 30 });
      const images = await client().listImages();
      assert.equal(images.length, sim.state.images.size);
      assert.ok(listCalls() <= 1 + PAGES_IN_FLIGHT, `${listCalls()} list requests`);
    });
  });

  describe('bounded, visible waits (finding 10)', () => {
    it('gives a request one deadline, its retries and back-offs included, and says so', async () => {
      sim.faults.add({ method: 'GET', path: '/profile', delayMs: 10_000, times: Infinity });
      const options = { timeoutMs: 400, maxRetries: 10, requestDeadlineMs: 1_000 } as Partial<LinodeClientOptions>;
      const error = await client(options).checkToken().then(() => undefined, (e: unknown) => e);
      assert.ok(error instanceof LinodeNetworkError, String(error));
      assert.equal(error.timedOut, true);
      const match = /^No answer from (http:\/\/127\.0\.0\.1:\d+) within 1 s \((\d+) tries\)$/.exec(error.message);
      assert.ok(match, error.message);
      assert.equal(match[1], sim.apiUrl);
      assert.ok(Number(match[2]) >= 2 && Number(match[2]) <= 3, `${match[2]} tries of 400 ms fit in 1 s`);
    });

    it('keeps the last answer when the deadline ends the retries of a 5xx', async () => {
      sim.faults.add({ method: 'GET', path: '/regions', status: 503, times: Infinity });
      const options = { retryBaseDelayMs: 600, maxRetries: 10, requestDeadlineMs: 1_000 } as Partial<LinodeClientOptions>;
      const error = await client(options).listRegions().then(() => undefined, (e: unknown) => e);
      assert.ok(error instanceof Error && 'status' in error && error.status === 503, String(error));
      assert.ok(sim.requests.length <= 2, `${sim.requests.length} tries: a back-off that would end past the deadline is not made`);
    });

    /** Client options that announce waits over 500 ms, and the waits announced. */
    function recordWaits(): { started: ReportedWait[]; ended: ReportedWait[]; options: Partial<LinodeClientOptions> } {
      const started: ReportedWait[] = [];
      const ended: ReportedWait[] = [];
      const options: Partial<LinodeClientOptions> = {
        announceWaitsOverMs: 500,
        onWait: (wait: ReportedWait) => started.push(wait),
        onWaitEnd: (wait: ReportedWait) => ended.push(wait),
      };
      return { started, ended, options };
    }

    it('announces a 429 wait longer than the threshold, and its end', async () => {
      sim.faults.add({ method: 'GET', path: '/regions', status: 429, retryAfter: 1 });
      const { started, ended, options } = recordWaits();
      await client(options).listRegions();
      assert.equal(started.length, 1, 'one wait announced');
      assert.deepEqual({ ...started[0], until: undefined }, { seconds: 1, reason: 'retryAfter', request: 'GET /v4/regions', until: undefined });
      assert.deepEqual(ended, started, 'and its end, with the same wait');
      assert.ok(logLines.some((line) => /GET \/v4\/regions: rate limited; retrying in 1 s/.test(line)), logLines.join('\n'));
    });

    it('announces the wait for a new rate-limit window between pages, and not a short one', async () => {
      await sim.close();
      sim = await startSimulator({ lifecycleMs: 50, rateLimits: { listImages: 1, windowMs: 1500 } });
      const template = [...sim.state.images.values()].find((i) => !i.is_public) as SimImage;
      for (let n = 0; n < 600; n++) sim.state.images.set(`private/${900000 + n}`, { ...template, id: `private/${900000 + n}`, label: `bulk-${n}` });
      const { started, ended, options } = recordWaits();
      try {
        const images = await client(options).listImages();
        assert.equal(images.length, sim.state.images.size);
        assert.equal(started.length, 1, JSON.stringify(started));
        assert.equal(started[0].reason, 'rateLimitWindow');
        assert.equal(started[0].request, 'GET /v4/images');
        assert.ok(started[0].seconds >= 1 && started[0].seconds <= 4, `${started[0].seconds} s`);
        assert.deepEqual(ended, started);

        // A window that opens sooner than the threshold goes unannounced.
        started.length = 0;
        await client({ ...options, announceWaitsOverMs: 60_000 } as Partial<LinodeClientOptions>).listImages();
        assert.deepEqual(started, []);
      } finally {
        await sim.close();
        sim = await startSimulator({ lifecycleMs: 50 });
      }
    });
  });
});
