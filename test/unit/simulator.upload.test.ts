// The upload origin: a second server that takes the PUT of an image's bytes, streams and hashes them, and
// records what arrived, including whether a token leaked into an Authorization header.

import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import type { Image } from '../../src/core/api/types';
import { SEED_IDS, SIMULATOR_TOKEN, startSimulator, type Simulator } from '../../simulator/index';
import { rawRequest, type RawResponse } from '../../simulator/rawClient';
import { until } from '../support/until';

describe('simulator upload origin', () => {
  let sim: Simulator;

  before(async () => {
    sim = await startSimulator({ lifecycleMs: 60_000 });
  });
  after(() => sim.close());
  beforeEach(() => sim.reset());

  async function container(label = 'upload-test'): Promise<{ image: Image; url: URL }> {
    const response = await rawRequest(sim.apiUrl, 'POST', '/v4/images/upload', { token: SIMULATOR_TOKEN, body: { label, region: 'us-east' } });
    assert.equal(response.status, 200, response.text);
    const body = response.body as { image: Image; upload_to: string };
    return { image: body.image, url: new URL(body.upload_to) };
  }

  function put(url: URL, body: Buffer, headers: Record<string, string> = { 'Content-Type': 'application/octet-stream' }, chunked = false): Promise<RawResponse> {
    return rawRequest(url.origin, 'PUT', `${url.pathname}${url.search}`, { body, headers, chunked });
  }

  it('streams the bytes and records size, SHA-256, content type and length, with no Authorization header', async () => {
    const { image, url } = await container();
    const bytes = gzipSync(Buffer.alloc(256 * 1024, 'disk image '));
    const response = await put(url, bytes);
    assert.equal(response.status, 200);
    assert.match(response.headers.etag, /^"[0-9a-f]{32}"$/);
    assert.equal(sim.uploads.length, 1);
    const [upload] = sim.uploads;
    assert.equal(upload.imageId, image.id);
    assert.equal(upload.bytesReceived, bytes.length);
    assert.equal(upload.contentLength, bytes.length);
    assert.equal(upload.sha256, createHash('sha256').update(bytes).digest('hex'));
    assert.equal(upload.contentType, 'application/octet-stream');
    assert.equal(upload.gzipMagic, true);
    assert.equal(upload.authorizationHeaderPresent, false);
    assert.equal(upload.outcome, 'completed');
    const exchange = sim.requests.find((candidate) => candidate.origin === 'upload');
    assert.ok(exchange);
    assert.deepEqual(exchange.requestBody, { bytes: bytes.length });
    assert.equal(exchange.status, 200);
    assert.equal(sim.state.images.get(image.id)?.status, 'creating');
  });

  it('records an Authorization header sent to the upload host (the token leak the project forbids)', async () => {
    const { url } = await container();
    await put(url, Buffer.from('not gzip'), { 'Content-Type': 'application/octet-stream', Authorization: `Bearer ${SIMULATOR_TOKEN}` });
    assert.equal(sim.uploads[0].authorizationHeaderPresent, true);
    assert.equal(sim.uploads[0].gzipMagic, false);
    const exchange = sim.requests.find((candidate) => candidate.origin === 'upload');
    assert.equal(exchange?.headers.authorization, 'Bearer <redacted>');
    assert.ok(!JSON.stringify(sim.requests).includes(SIMULATOR_TOKEN), 'the token itself is never recorded');
  });

  it('refuses a used URL, an unknown key and a wrong signature with 403 object-storage XML', async () => {
    const { url } = await container();
    assert.equal((await put(url, Buffer.from('first'))).status, 200);
    const again = await put(url, Buffer.from('second'));
    assert.equal(again.status, 403);
    assert.match(again.text, /<Code>AccessDenied<\/Code>/);
    assert.match(again.headers['content-type'], /xml/);

    const unknown = new URL(url.href);
    unknown.pathname = '/upload/0123456789abcdef';
    assert.equal((await put(unknown, Buffer.from('x'))).status, 403);
    const unsigned = new URL(url.href);
    unsigned.search = '';
    assert.equal((await put(unsigned, Buffer.from('x'))).status, 403);
    assert.deepEqual(sim.uploads.map((upload) => upload.outcome), ['completed', 'rejected', 'rejected', 'rejected']);
  });

  it('requires Content-Type: application/octet-stream, which the URL is signed for', async () => {
    const { image, url } = await container();
    for (const headers of [{}, { 'Content-Type': 'application/gzip' }] as Array<Record<string, string>>) {
      const response = await put(url, Buffer.from('bytes'), headers);
      assert.equal(response.status, 403);
      assert.match(response.text, /SignatureDoesNotMatch/);
    }
    assert.equal(sim.state.images.get(image.id)?.status, 'pending_upload');
    assert.equal((await put(url, Buffer.from('bytes'), { 'Content-Type': 'application/octet-stream; charset=binary' })).status, 200);
  });

  it('requires Content-Length (411 for a chunked body)', async () => {
    const { image, url } = await container();
    const response = await put(url, Buffer.from('chunked bytes'), { 'Content-Type': 'application/octet-stream' }, true);
    assert.equal(response.status, 411);
    assert.match(response.text, /MissingContentLength/);
    assert.equal(sim.state.images.get(image.id)?.status, 'pending_upload');
  });

  it('only takes PUT', async () => {
    const { url } = await container();
    const response = await rawRequest(url.origin, 'POST', `${url.pathname}${url.search}`, { body: Buffer.from('x') });
    assert.equal(response.status, 405);
  });

  it('leaves the container pending_upload when the client goes away mid-body, and lets it retry', async () => {
    const { image, url } = await container();
    await new Promise<void>((resolve) => {
      const req = request({
        host: url.hostname,
        port: url.port,
        method: 'PUT',
        path: `${url.pathname}${url.search}`,
        headers: { 'Content-Length': '100000', 'Content-Type': 'application/octet-stream' },
        agent: false,
      });
      req.on('error', () => resolve());
      req.write(Buffer.alloc(1000, 1), () => setTimeout(() => req.destroy(), 50));
      req.on('close', () => resolve());
    });
    await until(() => sim.uploads[0]?.outcome === 'aborted', 'the upload to be aborted');
    assert.equal(sim.uploads[0].bytesReceived, 1000);
    assert.equal(sim.state.images.get(image.id)?.status, 'pending_upload');
    sim.settle();
    assert.equal(sim.state.image(image.id)?.status, 'pending_upload');
    assert.equal((await put(url, Buffer.alloc(2000, 2))).status, 200, 'the URL is still good after a failed attempt');
    assert.equal(sim.state.images.get(image.id)?.status, 'creating');
  });

  it('accepts the bytes of the seeded pending_upload container through uploadUrlFor()', async () => {
    const url = sim.uploadUrlFor(SEED_IDS.images.pendingUpload);
    assert.ok(url);
    assert.equal((await put(new URL(url), Buffer.from('\x1f\x8bseeded', 'latin1'))).status, 200);
    sim.settle();
    assert.equal(sim.state.image(SEED_IDS.images.pendingUpload)?.status, 'available');
  });
});

