// The API client against the simulator over real HTTP: nothing below fetch is replaced.
import * as assert from 'node:assert/strict';
import { LinodeClient, parseRetryAfter, type LinodeClientOptions } from '../../src/core/api/client';
import {
  CancelledError,
  isNotFound,
  LinodeApiError,
  LinodeAuthError,
  LinodeNetworkError,
  LinodeRateLimitError,
} from '../../src/core/api/errors';
import { InvalidTokenError } from '../../src/core/api/token';
import { SIMULATOR_READONLY_TOKEN, SIMULATOR_TOKEN, startSimulator, type SimImage, type Simulator } from '../../simulator';
import { simulatorClient } from '../support/simulatorClient';

describe('LinodeClient', function () {
  let sim: Simulator;
  const logLines: string[] = [];

  function client(overrides: Partial<LinodeClientOptions> = {}): LinodeClient {
    return simulatorClient(sim, { retryBaseDelayMs: 10, log: (line) => logLines.push(line), ...overrides });
  }

  function firstPrivate(predicate: (i: SimImage) => boolean = () => true): SimImage {
    const image = [...sim.state.images.values()].find((i) => !i.is_public && predicate(i));
    assert.ok(image, 'seed image');
    return image;
  }

  before(async () => {
    sim = await startSimulator({ lifecycleMs: 50 });
  });
  after(() => sim.close());
  beforeEach(() => {
    sim.reset();
    logLines.length = 0;
  });

  describe('reading', () => {
    it('lists every image, public and private, with auth and a User-Agent', async () => {
      const images = await client().listImages();
      assert.equal(images.length, sim.state.images.size);
      assert.ok(images.some((i) => i.is_public) && images.some((i) => !i.is_public));
      const request = sim.requests.find((r) => r.path.startsWith('/v4/images?'));
      assert.ok(request);
      assert.equal(request.headers.authorization, 'Bearer <redacted>');
      assert.equal(request.headers['user-agent'], 'linode-images-test/1.0');
    });

    it('fetches every page at page_size 500', async () => {
      const template = firstPrivate((i) => i.status === 'available');
      for (let n = 0; n < 1100; n++) {
        const id = `private/${900000 + n}`;
        sim.state.images.set(id, { ...template, id, label: `bulk-${n}` });
      }
      const images = await client().listImages();
      assert.equal(images.length, sim.state.images.size);
      const pages = sim.requests.filter((r) => r.path.startsWith('/v4/images?')).map((r) => r.path);
      assert.deepEqual(pages, [1, 2, 3].map((p) => `/v4/images?page=${p}&page_size=500`));
    });

    it('path-encodes image ids', async () => {
      const image = firstPrivate();
      const fetched = await client().getImage(image.id);
      assert.equal(fetched.id, image.id);
      assert.ok(sim.requests.some((r) => r.path === `/v4/images/${image.id.replace('/', '%2F')}`));
    });

    it('uses the configured API version', async () => {
      await client({ apiVersion: 'v4beta' }).listRegions();
      assert.ok(sim.requests.every((r) => r.path.startsWith('/v4beta/regions')));
    });

    it('reads regions, Linodes and their disks', async () => {
      const c = client();
      const regions = await c.listRegions();
      assert.ok(regions.some((r) => r.capabilities.includes('Object Storage')));
      const linodes = await c.listLinodes();
      assert.ok(linodes.length > 0);
      const disks = await c.listDisks(linodes[0].id);
      assert.ok(disks.length > 0 && disks.every((d) => typeof d.filesystem === 'string'));
    });

    it('checks a token and reports its scopes', async () => {
      const full = await client().checkToken();
      assert.equal(full.profile.username, 'sim-user');
      assert.deepEqual(full.scopes, ['*']);
      const readOnly = await client({ token: () => SIMULATOR_READONLY_TOKEN }).checkToken();
      assert.ok(readOnly.scopes?.includes('images:read_only'));
    });
  });

  describe('writing', () => {
    it('sends only the writable fields on update', async () => {
      const image = firstPrivate((i) => i.status === 'available');
      const updated = await client().updateImage(image.id, { label: 'renamed', tags: ['alpha', 'beta'] });
      assert.equal(updated.label, 'renamed');
      const put = sim.requests.find((r) => r.method === 'PUT');
      assert.deepEqual(put?.requestBody, { label: 'renamed', tags: ['alpha', 'beta'] });
    });

    it('deletes, replicates, captures and creates upload containers', async () => {
      const c = client();
      const image = firstPrivate((i) => i.status === 'available' && i.regions.every((r) => r.status === 'available'));
      const keep = image.regions[0].region;
      const replicated = await c.replicateImage(image.id, [keep, 'eu-central']);
      assert.deepEqual(replicated.regions.map((r) => r.region).sort(), [keep, 'eu-central'].sort());

      const linode = (await c.listLinodes())[0];
      const disk = (await c.listDisks(linode.id)).find((d) => d.filesystem === 'ext4' && d.status === 'ready');
      assert.ok(disk);
      const captured = await c.captureImage({ disk_id: disk.id, label: 'captured-one' });
      assert.equal(captured.status, 'creating');

      const container = await c.createUploadContainer({ label: 'uploaded-one', region: 'us-east' });
      assert.equal(container.image.status, 'pending_upload');
      assert.ok(container.upload_to.startsWith(sim.uploadOrigin));

      await c.deleteImage(container.image.id);
      await assert.rejects(c.getImage(container.image.id), isNotFound);
    });
  });

  describe('errors', () => {
    it('turns the error envelope into a typed error with field reasons', async () => {
      const image = firstPrivate((i) => i.status === 'available');
      const error = await client().updateImage(image.id, { tags: ['x'] }).then(() => undefined, (e: unknown) => e);
      assert.ok(error instanceof LinodeApiError, String(error));
      assert.equal(error.status, 422);
      assert.ok(error.reasonFor('tags') ?? error.reasons.some((r) => r.field?.startsWith('tags')), JSON.stringify(error.reasons));
      assert.match(error.request, /^PUT \/v4\/images\/private%2F\d+$/);
    });

    it('raises LinodeAuthError on 401 and never puts the token in the error or the log', async () => {
      const error = await client({ token: () => 'wrong-token-123456' }).listImages().then(() => undefined, (e: unknown) => e);
      assert.ok(error instanceof LinodeAuthError);
      assert.ok(!String(error.message + error.stack).includes('wrong-token-123456'));
      assert.ok(!logLines.join('\n').includes('wrong-token-123456'));
      assert.ok(!logLines.join('\n').includes(SIMULATOR_TOKEN));
    });

    it('refuses a token that cannot go in a header, sends nothing, and never quotes the token', async () => {
      // A NUL, a space and a non-ASCII letter: left to the HTTP stack, it would quote the whole header in its error.
      const token = `${SIMULATOR_TOKEN.slice(0, 8)}\u0000x y\u00e9${SIMULATOR_TOKEN.slice(8)}`;
      const error = await client({ token: () => token }).listImages().then(() => undefined, (e: unknown) => e);
      assert.ok(error instanceof InvalidTokenError, String(error));
      assert.ok(!String(error.message + error.stack).includes(token));
      assert.ok(!logLines.join('\n').includes(token));
      assert.deepEqual(sim.requests, []);
    });

    it('waits for Retry-After on a 429, for idempotent requests', async () => {
      sim.faults.add({ origin: 'api', method: 'GET', path: /^\/v4\/regions/, status: 429, retryAfter: 1, times: 1 });
      const started = Date.now();
      await client().listRegions();
      assert.ok(Date.now() - started >= 1000);
      assert.deepEqual(sim.requests.map((r) => r.status), [429, 200]);
    });

    it('does not retry a 429 on a request that is not idempotent', async () => {
      sim.faults.add({ origin: 'api', method: 'POST', path: /^\/v4\/images\/upload/, status: 429, retryAfter: 7, times: 1 });
      const error = await client().createUploadContainer({ label: 'x-label', region: 'us-east' }).then(() => undefined, (e: unknown) => e);
      assert.ok(error instanceof LinodeRateLimitError);
      assert.equal(error.retryAfterSeconds, 7);
      assert.equal(sim.requests.length, 1);
    });

    it('does not wait for a Retry-After longer than the limit', async () => {
      sim.faults.add({ origin: 'api', method: 'GET', path: /^\/v4\/regions/, status: 429, retryAfter: 3600, times: 1 });
      await assert.rejects(client({ maxRetryAfterSeconds: 60 }).listRegions(), LinodeRateLimitError);
      assert.equal(sim.requests.length, 1);
    });

    it('retries 5xx and dropped connections for GETs, a bounded number of times', async () => {
      sim.faults.add({ origin: 'api', method: 'GET', path: /^\/v4\/regions/, status: 502, times: 1 });
      sim.faults.add({ origin: 'api', method: 'GET', path: /^\/v4\/regions/, drop: true, times: 1 });
      await client().listRegions();
      assert.equal(sim.requests.length, 3, 'a 502, a dropped connection, then success');
      assert.equal(sim.requests[0].status, 502);
      assert.equal(sim.requests[2].status, 200);

      sim.reset();
      sim.faults.add({ origin: 'api', method: 'GET', path: /^\/v4\/regions/, status: 500, times: Infinity });
      await assert.rejects(client({ maxRetries: 2 }).listRegions(), (e: unknown) => e instanceof LinodeApiError && e.status === 500);
      assert.equal(sim.requests.length, 3);
    });

    it('never retries a failed write', async () => {
      const image = firstPrivate((i) => i.status === 'available');
      sim.faults.add({ origin: 'api', method: 'PUT', status: 500, times: 1 });
      await assert.rejects(client().updateImage(image.id, { label: 'abc' }), (e: unknown) => e instanceof LinodeApiError && e.status === 500);
      assert.equal(sim.requests.length, 1);
    });

    it('times out a request that gets no answer', async () => {
      sim.faults.add({ origin: 'api', method: 'GET', path: /^\/v4\/profile/, delayMs: 2000, times: Infinity });
      const error = await client({ timeoutMs: 200, maxRetries: 0 }).checkToken().then(() => undefined, (e: unknown) => e);
      assert.ok(error instanceof LinodeNetworkError, String(error));
      assert.equal(error.timedOut, true);
    });

    it('stops at once when the caller aborts, also while waiting to retry', async () => {
      sim.faults.add({ origin: 'api', method: 'GET', path: /^\/v4\/regions/, status: 429, retryAfter: 30, times: 1 });
      const controller = new AbortController();
      const pending = client().listRegions(controller.signal);
      setTimeout(() => controller.abort(), 100);
      const started = Date.now();
      await assert.rejects(pending, CancelledError);
      assert.ok(Date.now() - started < 10_000, 'long before the 30 s Retry-After');
    });
  });

  it('parses Retry-After in seconds and as a date', () => {
    assert.equal(parseRetryAfter('5'), 5);
    assert.equal(parseRetryAfter(null), undefined);
    const inTen = new Date(Date.now() + 10_000).toUTCString();
    assert.ok((parseRetryAfter(inTen) ?? 0) >= 9);
  });
});
