// Contract test: drives the simulator through every endpoint it serves, successes and errors alike, and checks
// every recorded api-origin exchange against the official OpenAPI spec 4.189.0.

import * as assert from 'node:assert/strict';
import {
  SEED_IDS,
  SIMULATOR_NO_EVENTS_TOKEN,
  SIMULATOR_READONLY_TOKEN,
  SIMULATOR_TEAMMATE_TOKEN,
  SIMULATOR_TOKEN,
  startSimulator,
  type RecordedExchange,
  type SimEvent,
  type Simulator,
} from '../../simulator/index';
import { rawRequest, type RawResponse } from '../../simulator/rawClient';
import { shareWithMainAccount } from '../support/sharedWithMain';
import { specOrSkip, type OpenApiDocument } from './openapiSpec';
import { checkExchange, validateExchange, type ExchangeUnderTest } from './openapiValidator';

const TOKEN = SIMULATOR_TOKEN;
const { images, linodes, disks } = SEED_IDS;

function encoded(id: string): string {
  return encodeURIComponent(id);
}

describe('simulator conforms to the Linode OpenAPI spec 4.189.0', function () {
  this.timeout(60_000);
  let spec: OpenApiDocument;
  let sim: Simulator;

  before(async function () {
    spec = specOrSkip(this);
    sim = await startSimulator({ lifecycleMs: 10_000 });
  });

  after(async () => {
    await sim?.close();
  });

  describe('a broad session against every endpoint', () => {
    let exchanges: RecordedExchange[];

    before(async () => {
      await driveSession(sim);
      exchanges = sim.requests.filter((exchange) => exchange.origin === 'api');
    });

    it('every api exchange conforms to the spec', () => {
      const problems = exchanges.flatMap((exchange) => validateExchange(spec, exchange));
      assert.deepEqual(problems, []);
    });

    it('covered every operation the simulator implements', () => {
      const covered = new Set(exchanges.map((exchange) => checkExchange(spec, exchange).operationId));
      for (const operationId of [
        'get-images', 'post-image', 'post-upload-image', 'get-image', 'put-image', 'delete-image',
        'post-replicate-image', 'get-regions', 'get-region', 'get-linode-instances', 'get-linode-instance',
        'get-linode-disks', 'get-linode-disk', 'get-profile', 'get-events', 'get-linode-types', 'get-linode-type',
        'post-linode-instance', 'delete-linode-instance', 'post-rebuild-linode-instance', 'get-ssh-keys',
      ]) {
        assert.ok(covered.has(operationId), `no exchange for ${operationId}`);
      }
    });

    it('covered successes and the error statuses', () => {
      const statuses = new Set(exchanges.map((exchange) => exchange.status));
      for (const status of [200, 400, 401, 403, 404, 405, 422]) {
        assert.ok(statuses.has(status), `no exchange answered ${status}`);
      }
      assert.ok(exchanges.length >= 80, `only ${exchanges.length} exchanges`);
    });

    it('validated events answers that hold every kind of event the simulator records', () => {
      const events = exchanges
        .filter((exchange) => checkExchange(spec, exchange).operationId === 'get-events' && exchange.status === 200)
        .flatMap((exchange) => (exchange.responseBody as { data: SimEvent[] }).data);
      const kinds = new Set(events.map((event) => `${event.action} ${event.status}`));
      for (const kind of [
        'image_upload finished', 'image_upload failed', 'disk_imagize finished', 'disk_imagize failed',
        'image_update notification', 'image_delete notification', 'linode_create finished', 'linode_boot finished',
        'linode_rebuild finished', 'linode_delete notification',
      ]) {
        assert.ok(kinds.has(kind), `no ${kind} event was validated (${[...kinds].join(', ')})`);
      }
      assert.ok(events.some((event) => event.status === 'failed' && event.message.length > 0));
      assert.ok(events.some((event) => event.secondary_entity !== null) && events.some((event) => event.secondary_entity === null));
      assert.ok(events.some((event) => event.username === 'someone-else'));
    });

    it('refused every request the spec forbids', () => {
      const forbiddenButAccepted = exchanges.filter((exchange) => {
        const report = checkExchange(spec, exchange);
        return report.requestProblems.length > 0 && exchange.status < 300;
      });
      assert.deepEqual(forbiddenButAccepted.map((exchange) => `${exchange.method} ${exchange.path}`), []);
    });
  });

  describe('deploying a shared image (the image sharing beta, v4beta)', () => {
    let sharingSim: Simulator;
    after(async () => {
      await sharingSim?.close();
    });

    it('a create and a rebuild from a shared/ image, and the refusal once the membership ended, conform to the spec', async () => {
      sharingSim = await startSimulator({ seed: 'sharing', lifecycleMs: 10_000 });
      const shared = await shareWithMainAccount(sharingSim.apiUrl, SEED_IDS.teammateImages.base, 'teammate base');
      // The share-group calls that set it up are beta paths the 4.189 spec does not have: only what follows is held to it.
      sharingSim.requests.length = 0;
      const post = (path: string, body: unknown, token = TOKEN): Promise<RawResponse> => rawRequest(sharingSim.apiUrl, 'POST', path, { token, body });
      const password = 'k7#Rw2!mQz9$Lp4vXe';
      const made = await post('/v4beta/linode/instances', { region: 'eu-west', type: 'g6-nanode-1', label: 'contract-shared', image: shared.sharedId, root_pass: password, booted: true });
      assert.equal(made.status, 200, made.text);
      assert.equal((await post(`/v4beta/linode/instances/${linodes.webProd}/rebuild`, { image: shared.sharedId, root_pass: password })).status, 200);
      await rawRequest(sharingSim.apiUrl, 'DELETE', shared.memberPath, { token: SIMULATOR_TEAMMATE_TOKEN });
      const refused = await post('/v4beta/linode/instances', { region: 'eu-west', type: 'g6-nanode-1', label: 'contract-shared-2', image: shared.sharedId, root_pass: password });
      assert.equal(refused.status, 400, refused.text);
      const exchanges = sharingSim.requests.filter((exchange) => exchange.origin === 'api' && exchange.method === 'POST');
      assert.deepEqual(exchanges.map((exchange) => `${exchange.status} ${checkExchange(spec, exchange).operationId}`), [
        '200 post-linode-instance', '200 post-rebuild-linode-instance', '400 post-linode-instance',
      ]);
      assert.deepEqual(exchanges.flatMap((exchange) => validateExchange(spec, exchange)), []);
    });
  });

  describe('the validator catches broken exchanges', () => {
    let good: ExchangeUnderTest;
    let goodRegions: ExchangeUnderTest;

    before(async () => {
      sim.reset();
      await rawRequest(sim.apiUrl, 'GET', `/v4/images/${encoded(images.multiRegion)}`, { token: TOKEN });
      await rawRequest(sim.apiUrl, 'GET', '/v4/regions');
      [good, goodRegions] = sim.requests;
      assert.deepEqual(validateExchange(spec, good), []);
      assert.deepEqual(validateExchange(spec, goodRegions), []);
    });

    function withImage(change: (image: Record<string, unknown>) => void): ExchangeUnderTest {
      const body = structuredClone(good.responseBody) as Record<string, unknown>;
      change(body);
      return { ...good, responseBody: body };
    }

    it('an extra field in a response', () => {
      const problems = validateExchange(spec, withImage((image) => (image.upload_url = 'http://example.invalid')));
      assert.equal(problems.length, 1, problems.join('\n'));
      assert.match(problems[0], /must NOT have additional properties \("upload_url"\)/);
    });

    it('a wrong type in a response', () => {
      const problems = validateExchange(spec, withImage((image) => (image.size = '2 GB')));
      assert.match(problems.join('\n'), /\/size must be integer/);
    });

    it('a status outside the enum (timedout is not excused: the simulator never sends it)', () => {
      const problems = validateExchange(spec, withImage((image) => ((image.regions as Array<{ status: string }>)[0].status = 'timedout')));
      assert.match(problems.join('\n'), /\/regions\/0\/status must be equal to one of the allowed values/);
    });

    it('a timestamp that is neither RFC 3339 nor the offset-less API form', () => {
      for (const bad of ['2024-13-01T00:00:00', '2024-02-30T10:00:00', 'yesterday', '2024-01-01 10:00:00']) {
        const problems = validateExchange(spec, withImage((image) => (image.updated = bad)));
        assert.match(problems.join('\n'), /\/updated must match format "date-time"/, bad);
      }
      assert.deepEqual(validateExchange(spec, withImage((image) => (image.updated = '2024-01-01T10:00:00Z'))), []);
    });

    it('a JSON body on the wrong status and a non-JSON content type', () => {
      const problems = validateExchange(spec, { ...good, status: 404, responseHeaders: { 'content-type': 'text/html' } });
      assert.match(problems.join('\n'), /content-type is text\/html/);
      assert.match(problems.join('\n'), /must NOT have additional properties/);
    });

    it('a 2xx answer to a request the spec forbids', () => {
      const problems = validateExchange(spec, {
        ...good,
        method: 'PUT',
        requestBody: { label: 'renamed', status: 'available' },
      });
      assert.match(problems.join('\n'), /accepted a request the spec forbids: request body must NOT have additional properties \("status"\)/);
      const paging = validateExchange(spec, { ...goodRegions, method: 'GET', path: '/v4/images?page_size=10', responseBody: { data: [], page: 1, pages: 1, results: 0 } });
      assert.match(paging.join('\n'), /query parameter page_size must be >= 25/);
    });

    it('the region excuse is narrow: `site-type` and unknown fields still fail, and only in regions', () => {
      const regionPage = structuredClone(goodRegions.responseBody) as { data: Array<Record<string, unknown>> };
      regionPage.data[0]['site-type'] = 'core';
      regionPage.data[1].datacenter = 'x';
      const problems = validateExchange(spec, { ...goodRegions, responseBody: regionPage });
      assert.match(problems.join('\n'), /\("site-type"\)/);
      assert.match(problems.join('\n'), /\("datacenter"\)/);
      const imageWithMonitors = validateExchange(spec, withImage((image) => (image.monitors = { alerts: [] })));
      assert.match(imageWithMonitors.join('\n'), /\("monitors"\)/);
    });

    it('the event excuse is narrow: only the real API\'s nulls, `details` and an integer secondary id', async () => {
      await rawRequest(sim.apiUrl, 'PUT', `/v4/images/${encoded(images.singleRegion)}`, { token: TOKEN, body: { label: 'event-excuse' } });
      await rawRequest(sim.apiUrl, 'POST', '/v4/images', { token: TOKEN, body: { disk_id: disks.webProdMain } });
      await rawRequest(sim.apiUrl, 'GET', '/v4/account/events', { token: TOKEN });
      const listed = sim.requests[sim.requests.length - 1];
      assert.deepEqual(validateExchange(spec, listed), []);
      const withEvent = (change: (event: Record<string, unknown>) => void): string => {
        const body = structuredClone(listed.responseBody) as { data: Array<Record<string, unknown>> };
        change(body.data[0]);
        return validateExchange(spec, { ...listed, responseBody: body }).join('\n');
      };
      assert.match(withEvent((event) => (event.colour = 'red')), /must NOT have additional properties \("colour"\)/);
      assert.match(withEvent((event) => (event.percent_complete = '50')), /\/data\/0\/percent_complete must be integer/);
      assert.match(withEvent((event) => (event.details = 'none')), /\/data\/0\/details must be object/);
      assert.match(withEvent((event) => (event.action = 'image_replicate')), /\/data\/0\/action must be equal to one of the allowed values/);
      assert.match(withEvent((event) => (event.status = 'done')), /\/data\/0\/status must be equal to one of the allowed values/);
      assert.match(withEvent((event) => ((event.entity as Record<string, unknown>).id = 'private/1')), /\/data\/0\/entity\/id must be integer/);
      assert.match(withEvent((event) => ((event.secondary_entity as Record<string, unknown>).uuid = 'x')), /\("uuid"\)/);
      assert.match(withEvent((event) => (event.created = '2024-05-01 10:00')), /\/data\/0\/created must match format "date-time"/);
      assert.match(withEvent((event) => (event.seen = null)), /\/data\/0\/seen must be boolean/);
      assert.match(withEvent((event) => (event.entity = null)), /\/data\/0\/entity must be object/);
      // Not excused anywhere else: an image with `details` still fails.
      assert.match(validateExchange(spec, withImage((image) => (image.details = {}))).join('\n'), /\("details"\)/);
    });

    it('the Linode excuses are narrow: only the recorded fields, in Linodes, and a create body still closed', async () => {
      await rawRequest(sim.apiUrl, 'GET', `/v4/linode/instances/${linodes.webProd}`, { token: TOKEN });
      const read = sim.requests[sim.requests.length - 1];
      assert.deepEqual(validateExchange(spec, read), []);
      const withLinode = (change: (linode: Record<string, unknown>) => void): string => {
        const body = structuredClone(read.responseBody) as Record<string, unknown>;
        change(body);
        return validateExchange(spec, { ...read, responseBody: body }).join('\n');
      };
      assert.match(withLinode((linode) => (linode.colour = 'red')), /\("colour"\)/);
      assert.match(withLinode((linode) => (linode.site_type = 'edge')), /\/site_type must be equal to one of the allowed values/);
      assert.match(withLinode((linode) => (linode.host_uuid = 'not-a-host')), /\/host_uuid/);
      assert.match(withLinode((linode) => ((linode.specs as Record<string, unknown>).cores = 2)), /\("cores"\)/);
      assert.match(withLinode((linode) => (linode.status = 'deploying')), /\/status must be equal to one of the allowed values/);
      assert.match(validateExchange(spec, withImage((image) => (image.disk_encryption = 'enabled'))).join('\n'), /\("disk_encryption"\)/);
      const created = { ...read, method: 'POST', path: '/v4/linode/instances', requestBody: { region: 'us-east', type: 'g6-nanode-1', image: 'linode/debian12', root_pass: 'x'.repeat(20) } };
      assert.deepEqual(validateExchange(spec, created), []);
      assert.match(validateExchange(spec, { ...created, requestBody: { ...created.requestBody, colour: 'red' } }).join('\n'), /request body must NOT have additional properties \("colour"\)/);
      assert.match(validateExchange(spec, { ...created, requestBody: { ...created.requestBody, id: 5 } }).join('\n'), /\("id"\)/);
      assert.match(validateExchange(spec, { ...created, requestBody: { image: 'linode/debian12' } }).join('\n'), /must have required property 'type'/);
      const rebuilt = { ...read, method: 'POST', path: `/v4/linode/instances/${linodes.webProd}/rebuild`, requestBody: { image: 'linode/debian12', root_pass: 'x'.repeat(20), type: 'g6-standard-2' } };
      assert.deepEqual(validateExchange(spec, rebuilt), []);
      assert.match(validateExchange(spec, { ...rebuilt, requestBody: { image: 'linode/debian12' } }).join('\n'), /must have required property 'root_pass'/);
      assert.match(validateExchange(spec, { ...rebuilt, requestBody: { ...rebuilt.requestBody, region: 'us-east' } }).join('\n'), /\("region"\)/);
    });

    it('a path the spec does not know, answered with success', () => {
      const problems = validateExchange(spec, { ...good, path: '/v4/images/private/15' });
      assert.match(problems.join('\n'), /no path template matches/);
    });
  });
});

/** Every endpoint, with the successes and the errors a client can run into. */
async function driveSession(sim: Simulator): Promise<void> {
  const api = sim.apiUrl;
  const call = (method: string, path: string, body?: unknown, token: string | undefined = TOKEN, headers?: Record<string, string>): Promise<RawResponse> =>
    rawRequest(api, method, path, { token, body, headers });
  const ok = async (method: string, path: string, body?: unknown, token?: string): Promise<RawResponse> => {
    const response = await call(method, path, body, token);
    assert.equal(response.status, 200, `${method} ${path}: ${response.text}`);
    return response;
  };

  // Images: list and pages.
  await call('GET', '/v4/images');
  await call('GET', '/v4beta/images');
  await call('GET', '/v4/images?page=1&page_size=25');
  await call('GET', '/v4/images?page=2&page_size=25');
  await call('GET', '/v4/images?page=99&page_size=25');
  await call('GET', '/v4/images?page_size=10');
  await call('GET', '/v4/images?page_size=501');
  await call('GET', '/v4/images?page=0');
  await call('GET', '/v4/images?page=two');
  await call('GET', '/v4/images', undefined, undefined);
  await call('GET', '/v4/images', undefined, 'not-a-token');
  await call('GET', '/v4/images', undefined, TOKEN, { 'X-Filter': JSON.stringify({ is_public: false }) });
  await call('GET', '/v4/images', undefined, TOKEN, { 'X-Filter': JSON.stringify({ '+order_by': 'size', '+order': 'desc', deprecated: true }) });
  await call('GET', '/v4/images', undefined, TOKEN, { 'X-Filter': JSON.stringify({ id: 'linode/debian12' }) });

  // One image.
  await call('GET', `/v4/images/${encoded(images.publicCurrent)}`, undefined, undefined);
  await call('GET', `/v4/images/${encoded(images.publicDeprecated)}`);
  for (const id of Object.values(images)) {
    await call('GET', `/v4/images/${encoded(id)}`);
  }
  await call('GET', `/v4beta/images/${encoded(images.singleRegion)}`, undefined, SIMULATOR_READONLY_TOKEN);
  await call('GET', `/v4/images/${encoded(images.singleRegion)}`, undefined, undefined);
  await call('GET', '/v4/images/private%2F999999');
  await call('GET', '/v4/images/private/15001');

  // Update.
  await ok('PUT', `/v4/images/${encoded(images.singleRegion)}`, { label: 'web-base-2024b', description: 'Updated.', tags: ['web', 'prod'] });
  await ok('PUT', `/v4/images/${encoded(images.singleRegion)}`, { description: null });
  await ok('PUT', `/v4/images/${encoded(images.singleRegion)}`, {});
  await call('PUT', `/v4/images/${encoded(images.singleRegion)}`, { status: 'available', id: 'private/1' });
  await call('PUT', `/v4/images/${encoded(images.singleRegion)}`, { label: 'bad/label!' });
  await call('PUT', `/v4/images/${encoded(images.singleRegion)}`, { label: 'x'.repeat(51) });
  await call('PUT', `/v4/images/${encoded(images.singleRegion)}`, { description: 'd'.repeat(65001) });
  await call('PUT', `/v4/images/${encoded(images.singleRegion)}`, { tags: ['ok-tag', 'no'] });
  await call('PUT', `/v4/images/${encoded(images.singleRegion)}`, { tags: 'web' });
  await call('PUT', `/v4/images/${encoded(images.singleRegion)}`, '{"label": ');
  await call('PUT', `/v4/images/${encoded(images.singleRegion)}`, { label: 'read-only-token' }, SIMULATOR_READONLY_TOKEN);
  await call('PUT', `/v4/images/${encoded(images.publicCurrent)}`, { label: 'mine now' });
  await call('PUT', '/v4/images/private%2F999999', { label: 'ghost' });

  // Capture.
  const captured = await ok('POST', '/v4/images', { disk_id: disks.webProdMain, label: 'web-prod-capture', description: 'From web-prod-1.', tags: ['capture'], cloud_init: true });
  await ok('POST', '/v4/images', { disk_id: disks.buildBoxRaw });
  await call('POST', '/v4/images', { disk_id: disks.webProdSwap });
  await call('POST', '/v4/images', { disk_id: disks.buildBoxNotReady });
  await call('POST', '/v4/images', { disk_id: 1 });
  await call('POST', '/v4/images', { label: 'no disk' });
  await call('POST', '/v4/images', { disk_id: '71000001' });
  await call('POST', '/v4/images', { disk_id: disks.webProdMain, region: 'us-east' });
  await call('POST', '/v4/images', { disk_id: disks.webProdMain }, SIMULATOR_READONLY_TOKEN);

  // Upload.
  const container = await ok('POST', '/v4/images/upload', { label: 'uploaded-1', region: 'us-east', description: 'An upload.', tags: ['upload'], cloud_init: true });
  await call('POST', '/v4/images/upload', { region: 'us-east' });
  await call('POST', '/v4/images/upload', { label: 'no-region' });
  await call('POST', '/v4/images/upload', { label: 'mumbai', region: SEED_IDS.regions.withoutObjectStorage });
  await call('POST', '/v4/images/upload', { label: 'denver', region: SEED_IDS.regions.distributed });
  await call('POST', '/v4/images/upload', { label: 'nowhere', region: 'xx-nowhere' });
  await call('POST', '/v4/images/upload', { label: 'extra', region: 'us-east', size: 10 });
  await call('POST', '/v4/images/upload', '[1, 2]');
  const { image: uploadedImage, upload_to: uploadTo } = container.body as { image: { id: string }; upload_to: string };
  const target = new URL(uploadTo);
  const put = await rawRequest(target.origin, 'PUT', `${target.pathname}${target.search}`, {
    body: Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3, 4]),
    headers: { 'Content-Type': 'application/octet-stream' },
  });
  assert.equal(put.status, 200);
  await ok('GET', `/v4/images/${encoded(uploadedImage.id)}`);

  // Replicate.
  await ok('POST', `/v4/images/${encoded(images.singleRegion)}/regions`, { regions: ['us-east', 'eu-central', 'ap-northeast'] });
  await ok('GET', `/v4/images/${encoded(images.singleRegion)}`);
  await ok('POST', `/v4/images/${encoded(images.multiRegion)}/regions`, { regions: ['us-east'] });
  await call('POST', `/v4/images/${encoded(images.cloudInit)}/regions`, { regions: [] });
  await call('POST', `/v4/images/${encoded(images.cloudInit)}/regions`, {});
  await call('POST', `/v4/images/${encoded(images.cloudInit)}/regions`, { regions: ['eu-west', SEED_IDS.regions.withoutObjectStorage] });
  await call('POST', `/v4/images/${encoded(images.cloudInit)}/regions`, { regions: ['eu-west', 'xx-nowhere'] });
  await call('POST', `/v4/images/${encoded(images.cloudInit)}/regions`, { regions: ['us-west'] });
  await call('POST', `/v4/images/${encoded(images.cloudInit)}/regions`, { regions: 'eu-west' });
  await call('POST', `/v4/images/${encoded(images.pendingUpload)}/regions`, { regions: ['us-west', 'us-east'] });
  await call('POST', `/v4/images/${encoded(images.creating)}/regions`, { regions: ['us-ord', 'us-east'] });
  await call('POST', `/v4/images/${encoded(images.publicCurrent)}/regions`, { regions: ['us-east'] });
  await call('POST', '/v4/images/private%2F999999/regions', { regions: ['us-east'] });
  await call('POST', `/v4/images/${encoded(images.cloudInit)}/regions`, { regions: ['eu-west'] }, SIMULATOR_READONLY_TOKEN);

  // Life cycle moves on; everything is still conformant afterwards.
  sim.settle();
  await ok('GET', `/v4/images/${encoded((captured.body as { id: string }).id)}`);
  await ok('GET', `/v4/images/${encoded(images.singleRegion)}`);
  await ok('GET', `/v4/images/${encoded(images.multiRegion)}`);
  await ok('GET', '/v4/images?page_size=500');

  // Delete.
  await ok('DELETE', `/v4/images/${encoded(images.legacy)}`);
  await call('DELETE', `/v4/images/${encoded(images.legacy)}`);
  await call('DELETE', `/v4/images/${encoded(images.publicCurrent)}`);
  await call('DELETE', `/v4/images/${encoded(images.automatic)}`, undefined, SIMULATOR_READONLY_TOKEN);
  await call('DELETE', `/v4/images/${encoded(images.automatic)}`, undefined, undefined);

  // Uploads and captures that fail, an upload container deleted before its bytes, a change made elsewhere: the
  // event log then holds failed events with messages, and events of someone else.
  sim.state.failNextCapture = 'Image capture failed: the disk could not be imaged';
  await ok('POST', '/v4/images', { disk_id: disks.dbEuMain, label: 'doomed-capture' });
  const notGzip = await ok('POST', '/v4/images/upload', { label: 'not-gzip', region: 'us-east' });
  const notGzipTarget = new URL((notGzip.body as { upload_to: string }).upload_to);
  const plainPut = await rawRequest(notGzipTarget.origin, 'PUT', `${notGzipTarget.pathname}${notGzipTarget.search}`, {
    body: Buffer.from('plain text, not gzip'),
    headers: { 'Content-Type': 'application/octet-stream' },
  });
  assert.equal(plainPut.status, 200);
  const unused = await ok('POST', '/v4/images/upload', { label: 'never-sent', region: 'eu-central' });
  await ok('DELETE', `/v4/images/${encoded((unused.body as { image: { id: string } }).image.id)}`);
  const elsewhere = await rawRequest(api, 'POST', '/__simulator/elsewhere', { body: { action: 'rename', imageId: images.cloudInit, label: 'renamed-elsewhere' } });
  assert.equal(elsewhere.status, 200, elsewhere.text);
  sim.settle();

  // Plans, SSH keys, and Linodes deployed from an image, rebuilt and deleted (their events are listed below).
  await ok('GET', '/v4/linode/types', undefined, undefined);
  await ok('GET', '/v4/linode/types?page=1&page_size=25');
  await ok('GET', '/v4beta/linode/types/g6-nanode-1', undefined, undefined);
  await call('GET', '/v4/linode/types/g9-nothing');
  const keys = await ok('GET', '/v4/profile/sshkeys');
  await call('GET', '/v4/profile/sshkeys', undefined, SIMULATOR_READONLY_TOKEN);
  const publicKey = (keys.body as { data: Array<{ ssh_key: string }> }).data[0].ssh_key;
  const strongPassword = 'k7#Rw2!mQz9$Lp4vXe';
  const deployed = await ok('POST', '/v4/linode/instances', {
    region: 'us-east', type: 'g6-nanode-1', label: 'contract-trial', image: images.publicCurrent, root_pass: strongPassword,
    authorized_keys: [publicKey], authorized_users: ['sim-user'], tags: ['contract'], booted: true, swap_size: 256,
    metadata: { user_data: Buffer.from('#cloud-config\n').toString('base64') },
  });
  const deployedId = (deployed.body as { id: number }).id;
  await ok('POST', '/v4/linode/instances', { region: 'eu-west', type: 'g6-standard-1', label: 'contract-empty', booted: false });
  await ok('POST', '/v4/linode/instances', { region: 'eu-west', type: 'g6-nanode-1' });
  await call('POST', '/v4/linode/instances', { region: 'us-east', type: 'g6-nanode-1', label: 'contract-weak', image: images.publicCurrent, root_pass: 'Password123!' });
  await call('POST', '/v4/linode/instances', { region: 'xx-nowhere', type: 'g6-nanode-1' });
  await call('POST', '/v4/linode/instances', { region: 'us-east', type: 'g6-nanode-1', label: 'bad--label' });
  await call('POST', '/v4/linode/instances', { region: 'eu-west', type: 'g6-nanode-1', label: 'contract-wrong-region', image: images.singleRegion, root_pass: strongPassword });
  await call('POST', '/v4/linode/instances', { region: 'us-east', type: 'g6-nanode-1', colour: 'red' });
  await call('POST', '/v4/linode/instances', { type: 'g6-nanode-1' });
  await call('POST', '/v4/linode/instances', { region: 'us-east', type: 'g6-nanode-1' }, SIMULATOR_READONLY_TOKEN);
  await ok('GET', `/v4/linode/instances/${deployedId}`);
  await call('GET', '/v4/linode/instances', undefined, TOKEN, { 'X-Filter': JSON.stringify({ label: 'contract-trial', tags: 'contract' }) });
  sim.settle();
  await ok('GET', `/v4/linode/instances/${deployedId}`);
  await ok('POST', `/v4/linode/instances/${deployedId}/rebuild`, { image: 'linode/ubuntu24.04', root_pass: strongPassword, authorized_keys: [publicKey], booted: true });
  await call('POST', `/v4/linode/instances/${deployedId}/rebuild`, { image: 'linode/ubuntu24.04', root_pass: strongPassword });
  await call('POST', `/v4/linode/instances/${deployedId}/rebuild`, { image: 'linode/ubuntu24.04' });
  await call('POST', `/v4/linode/instances/${deployedId}/rebuild`, { image: 'linode/ubuntu24.04', root_pass: strongPassword }, SIMULATOR_READONLY_TOKEN);
  await call('POST', '/v4/linode/instances/999/rebuild', { image: 'linode/ubuntu24.04', root_pass: strongPassword });
  sim.settle();
  await ok('DELETE', `/v4/linode/instances/${deployedId}`);
  await call('DELETE', `/v4/linode/instances/${deployedId}`);
  await call('DELETE', `/v4/linode/instances/${linodes.webProd}`, undefined, SIMULATOR_READONLY_TOKEN);

  // Account events.
  const filtered = (filter: unknown): Record<string, string> => ({ 'X-Filter': JSON.stringify(filter) });
  await ok('GET', '/v4/account/events');
  await ok('GET', '/v4beta/account/events');
  await ok('GET', '/v4/account/events?page=1&page_size=25');
  await ok('GET', '/v4/account/events?page=99&page_size=25');
  for (const filter of [
    { action: 'image_upload', 'entity.type': 'image' },
    { action: 'disk_imagize', 'entity.id': linodes.dbEu, 'entity.type': 'linode' },
    { '+or': [{ action: 'image_delete' }, { action: 'image_update' }], '+order_by': 'id', '+order': 'asc' },
    { id: { '+gt': 1_586_000_000 }, seen: false, read: false },
    { created: { '+gte': '2020-01-01T00:00:00' }, '+order_by': 'created', '+order': 'desc' },
  ]) {
    const response = await call('GET', '/v4/account/events', undefined, TOKEN, filtered(filter));
    assert.equal(response.status, 200, `${JSON.stringify(filter)}: ${response.text}`);
  }
  await call('GET', '/v4/account/events', undefined, TOKEN, filtered({ status: 'failed' }));
  await call('GET', '/v4/account/events', undefined, TOKEN, filtered({ created: { '+gte': 'last week' } }));
  await call('GET', '/v4/account/events?page_size=501');
  await call('GET', '/v4/account/events', undefined, SIMULATOR_NO_EVENTS_TOKEN);
  await call('GET', '/v4/account/events', undefined, SIMULATOR_READONLY_TOKEN);
  await call('GET', '/v4/account/events', undefined, undefined);
  await call('POST', '/v4/account/events', {});

  // Regions (no auth needed).
  await ok('GET', '/v4/regions', undefined, undefined);
  await ok('GET', '/v4/regions');
  await ok('GET', '/v4/regions?page=1&page_size=25', undefined, undefined);
  await ok('GET', '/v4beta/regions/us-east', undefined, undefined);
  await ok('GET', `/v4/regions/${SEED_IDS.regions.distributed}`);
  await call('GET', '/v4/regions/xx-nowhere');
  await call('GET', '/v4/regions', undefined, 'not-a-token');

  // Linodes and disks.
  await ok('GET', '/v4/linode/instances');
  await ok('GET', '/v4/linode/instances?page=1&page_size=25', undefined, SIMULATOR_READONLY_TOKEN);
  await call('GET', '/v4/linode/instances', undefined, undefined);
  await call('GET', '/v4/linode/instances?page_size=1000');
  for (const id of Object.values(linodes)) {
    await ok('GET', `/v4/linode/instances/${id}`);
    await ok('GET', `/v4/linode/instances/${id}/disks`);
  }
  await ok('GET', `/v4/linode/instances/${linodes.webProd}/disks/${disks.webProdMain}`);
  await call('GET', `/v4/linode/instances/${linodes.webProd}/disks/${disks.dbEuMain}`);
  await call('GET', '/v4/linode/instances/999/disks');
  await call('GET', '/v4/linode/instances/999');
  await call('GET', '/v4/linode/instances/abc/disks');

  // Profile.
  await ok('GET', '/v4/profile');
  await ok('GET', '/v4/profile', undefined, SIMULATOR_READONLY_TOKEN);
  await call('GET', '/v4/profile', undefined, undefined);
  await call('GET', '/v4/profile', undefined, 'not-a-token');

  // Paths and methods that do not exist.
  await call('GET', '/v4/nothing-here');
  await call('GET', '/v5/images');
  await call('PATCH', '/v4/images');
  await call('POST', '/v4/regions', {});
}
