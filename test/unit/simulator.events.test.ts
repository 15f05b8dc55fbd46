// Account events: what the simulator records for each image operation (and how an upload or capture in progress
// finishes or fails on the same event), GET /account/events with its scope, pages and X-Filter, the token without
// the events scope, the control knobs that act as someone else or make the next upload or capture fail, and the
// event shape next to the one recorded from the real API.

import * as assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import type { Page } from '../../src/core/api/types';
import {
  ELSEWHERE_USERNAME,
  EVENT_ID_BASE,
  SEED_IDS,
  SIMULATOR_NO_EVENTS_TOKEN,
  SIMULATOR_READONLY_TOKEN,
  SIMULATOR_TOKEN,
  SIMULATOR_USERNAME,
  startSimulator,
  type SimEvent,
  type SimImage,
  type Simulator,
} from '../../simulator/index';
import { applyXFilter } from '../../simulator/listing';
import { rawRequest, type RawResponse } from '../../simulator/rawClient';
import { describeAnswer, recordedAnswersOrSkip } from '../support/recordedExchanges';
import { sleep } from '../support/until';

const { images, linodes, disks } = SEED_IDS;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;

function path(id: string): string {
  return `/v4/images/${encodeURIComponent(id)}`;
}

function imageNumber(id: string): number {
  return Number(/^private\/(\d+)$/.exec(id)?.[1]);
}

describe('simulator account events', () => {
  let sim: Simulator;
  const call = (method: string, target: string, options: { token?: string | null; body?: unknown; headers?: Record<string, string> } = {}): Promise<RawResponse> =>
    rawRequest(sim.apiUrl, method, target, {
      token: options.token === null ? undefined : options.token ?? SIMULATOR_TOKEN,
      body: options.body,
      headers: options.headers,
    });
  const ok = async (method: string, target: string, body?: unknown): Promise<unknown> => {
    const response = await call(method, target, { body });
    assert.equal(response.status, 200, `${method} ${target}: ${response.text}`);
    return response.body;
  };
  const control = (method: string, target: string, body?: unknown): Promise<RawResponse> =>
    rawRequest(sim.apiUrl, method, `/__simulator/${target}`, { body });
  /** GET /v4/account/events (newest first), optionally with an X-Filter and a query. */
  const listEvents = async (filter?: unknown, query = ''): Promise<Page<SimEvent>> => {
    const headers = filter === undefined ? undefined : { 'X-Filter': JSON.stringify(filter) };
    const response = await call('GET', `/v4/account/events${query}`, { headers });
    assert.equal(response.status, 200, response.text);
    return response.body as Page<SimEvent>;
  };
  const newest = async (): Promise<SimEvent> => (await listEvents()).data[0];
  const eventById = async (id: number): Promise<SimEvent> => {
    const [event] = (await listEvents({ id })).data;
    assert.ok(event, `event ${id}`);
    return event;
  };
  const upload = async (label = 'events-upload'): Promise<{ image: SimImage; url: URL }> => {
    const body = (await ok('POST', '/v4/images/upload', { label, region: 'us-east' })) as { image: SimImage; upload_to: string };
    return { image: body.image, url: new URL(body.upload_to) };
  };
  const putBytes = async (url: URL, bytes: Buffer): Promise<void> => {
    const response = await rawRequest(url.origin, 'PUT', `${url.pathname}${url.search}`, { body: bytes, headers: { 'Content-Type': 'application/octet-stream' } });
    assert.equal(response.status, 200, response.text);
  };

  before(async () => {
    sim = await startSimulator({ lifecycleMs: 60_000 });
  });
  after(() => sim.close());
  beforeEach(() => sim.reset());

  describe('what each image operation records', () => {
    it('starts empty and serves the log on v4 and v4beta', async () => {
      assert.deepEqual(await listEvents(), { data: [], page: 1, pages: 1, results: 0 });
      await ok('PUT', path(images.singleRegion), { label: 'renamed' });
      const beta = await call('GET', '/v4beta/account/events');
      assert.equal(beta.status, 200);
      assert.equal((beta.body as Page<SimEvent>).results, 1);
      assert.equal(beta.headers['x-spec-version'], '4.189.0');
    });

    it('PUT images/:id: image_update notification, by the simulator user, with every field the spec declares', async () => {
      const before = Date.now();
      await ok('PUT', path(images.singleRegion), { label: 'web-base-renamed' });
      const event = await newest();
      assert.deepEqual(Object.keys(event), [
        'id', 'created', 'seen', 'read', 'percent_complete', 'time_remaining', 'rate', 'duration', 'action', 'username',
        'entity', 'status', 'secondary_entity', 'message', 'details',
      ]);
      assert.ok(event.id >= EVENT_ID_BASE);
      assert.match(event.created, TIMESTAMP);
      assert.ok(Math.abs(Date.parse(`${event.created}Z`) - before) < 5000, event.created);
      assert.deepEqual({ ...event, id: 0, created: '' }, {
        id: 0,
        created: '',
        seen: false,
        read: false,
        percent_complete: null,
        time_remaining: null,
        rate: null,
        duration: null,
        action: 'image_update',
        username: SIMULATOR_USERNAME,
        entity: { id: 15001, type: 'image', label: 'web-base-renamed', url: '/v4/images/private/15001' },
        status: 'notification',
        secondary_entity: null,
        message: '',
        details: {},
      });
    });

    it('DELETE images/:id: image_delete notification that keeps the id and label of the image gone', async () => {
      await ok('DELETE', path(images.legacy));
      const event = await newest();
      assert.equal(event.action, 'image_delete');
      assert.equal(event.status, 'notification');
      assert.deepEqual(event.entity, { id: 15008, type: 'image', label: 'legacy-app', url: '/v4/images/private/15008' });
      // A refused delete records nothing.
      assert.equal((await call('DELETE', path(images.legacy))).status, 404);
      assert.equal((await call('DELETE', path(images.publicCurrent))).status, 403);
      assert.equal((await listEvents()).results, 1);
    });

    it('POST images/:id/regions: image_update notification (4.189 has no replication action)', async () => {
      await ok('POST', `${path(images.singleRegion)}/regions`, { regions: ['us-east', 'eu-central'] });
      const event = await newest();
      assert.equal(event.action, 'image_update');
      assert.equal(event.status, 'notification');
      assert.equal(event.entity?.id, 15001);
    });

    it('POST images (capture): disk_imagize started, Linode and image; the same event finishes when the image is available', async () => {
      const image = (await ok('POST', '/v4/images', { disk_id: disks.webProdMain, label: 'captured-now' })) as SimImage;
      const started = await newest();
      assert.equal(started.action, 'disk_imagize');
      assert.equal(started.status, 'started');
      assert.equal(started.percent_complete, 0);
      assert.equal(started.duration, null);
      assert.deepEqual(started.entity, { id: linodes.webProd, type: 'linode', label: 'web-prod-1', url: `/v4/linode/instances/${linodes.webProd}` });
      const number = imageNumber(image.id);
      assert.deepEqual(started.secondary_entity, { id: number, type: 'image', label: 'captured-now', url: `/v4/images/private/${number}` });
      assert.equal(image.created_by, SIMULATOR_USERNAME);

      sim.settle();
      const finished = await eventById(started.id);
      assert.equal(finished.status, 'finished');
      assert.equal(finished.percent_complete, 100);
      assert.equal(typeof finished.duration, 'number');
      assert.equal(finished.created, started.created);
      assert.equal(finished.message, '');
      assert.equal((await listEvents()).results, 1, 'no second event');
      assert.equal(sim.state.image(image.id)?.status, 'available');
    });

    it('POST images/upload: image_upload started; the same event finishes when the uploaded image is available', async () => {
      const { image, url } = await upload('uploaded-ok');
      const started = await newest();
      const number = imageNumber(image.id);
      assert.equal(started.action, 'image_upload');
      assert.equal(started.status, 'started');
      assert.deepEqual(started.entity, { id: number, type: 'image', label: 'uploaded-ok', url: `/v4/images/private/${number}` });
      assert.equal(started.secondary_entity, null);

      await putBytes(url, gzipSync(Buffer.alloc(64 * 1024, 'disk')));
      assert.equal((await eventById(started.id)).status, 'started', 'still creating');
      sim.settle();
      const finished = await eventById(started.id);
      assert.equal(finished.status, 'finished');
      assert.equal(finished.message, '');
      assert.equal((await listEvents()).results, 1);
    });

    it('finishes events in real time too, lazily on the next request', async () => {
      const quick = await startSimulator({ lifecycleMs: 40 });
      try {
        await rawRequest(quick.apiUrl, 'POST', '/v4/images', { token: SIMULATOR_TOKEN, body: { disk_id: disks.edgeNodeMain } });
        await sleep(100);
        const page = (await rawRequest(quick.apiUrl, 'GET', '/v4/account/events', { token: SIMULATOR_TOKEN })).body as Page<SimEvent>;
        assert.equal(page.data[0].status, 'finished');
      } finally {
        await quick.close();
      }
    });
  });

  describe('uploads and captures that fail', () => {
    it('bytes that are not gzip: 200 from the upload host, then the image disappears and the same event fails, saying why', async () => {
      const { image, url } = await upload('not-gzip');
      const { id } = await newest();
      await putBytes(url, Buffer.from('plain text, not a disk image'));
      assert.equal(sim.state.image(image.id)?.status, 'creating');
      sim.settle();
      assert.equal(sim.state.image(image.id), undefined);
      assert.equal((await call('GET', path(image.id))).status, 404);
      const failed = await eventById(id);
      assert.equal(failed.action, 'image_upload');
      assert.equal(failed.status, 'failed');
      assert.equal(failed.message, 'Image upload failed: the file is not a gzip-compressed raw disk image');
      assert.equal(failed.entity?.id, imageNumber(image.id));
      assert.equal((await listEvents()).results, 1);
    });

    it('a container deleted before its bytes arrive: its upload event fails, then the delete is recorded', async () => {
      const { image } = await upload('deleted-first');
      const { id } = await newest();
      await ok('DELETE', path(image.id));
      const [deleted, failed] = (await listEvents()).data;
      assert.equal(deleted.action, 'image_delete');
      assert.equal(failed.id, id);
      assert.equal(failed.status, 'failed');
      assert.equal(failed.message, 'Image upload failed: the upload container was deleted before an image was uploaded');
    });

    it('an image deleted straight from the state (not through the API) still leaves a failed upload event', async () => {
      const { image, url } = await upload('state-deleted');
      const { id } = await newest();
      await putBytes(url, gzipSync(Buffer.from('disk')));
      sim.state.deleteImage(image.id);
      const failed = await eventById(id);
      assert.equal(failed.status, 'failed');
      assert.equal(failed.message, 'Image upload failed: the image was deleted before it became available');
    });

    it('expire-uploads: containers that never got their bytes disappear, as after 24 hours, with a failed event', async () => {
      const { image: first } = await upload('expires-1');
      const { image: second } = await upload('expires-2');
      const one = await control('POST', 'expire-uploads', { imageId: first.id });
      assert.deepEqual(one.body, { expired: [first.id] });
      const all = await control('POST', 'expire-uploads');
      assert.deepEqual(all.body, { expired: [images.pendingUpload, second.id] }, 'the seeded container too (it has no event)');
      const events = (await listEvents()).data;
      assert.deepEqual(events.map((event) => [event.entity?.label, event.status]), [['expires-2', 'failed'], ['expires-1', 'failed']]);
      assert.match(events[0].message, /^Image upload failed: no image was uploaded within 24 hours/);
    });

    it('fail-next-upload: the next upload whose bytes arrive fails with the message given (or a default), once', async () => {
      assert.deepEqual((await control('POST', 'fail-next-upload', { message: 'Image upload failed: the image is too large when decompressed' })).body,
        { failNextUpload: 'Image upload failed: the image is too large when decompressed' });
      const { image, url } = await upload('too-big');
      await putBytes(url, gzipSync(Buffer.from('disk')));
      const { image: next, url: nextUrl } = await upload('fine');
      await putBytes(nextUrl, gzipSync(Buffer.from('disk')));
      sim.settle();
      assert.equal(sim.state.image(image.id), undefined);
      assert.equal(sim.state.image(next.id)?.status, 'available');
      const [fine, tooBig] = (await listEvents()).data;
      assert.deepEqual([fine.status, tooBig.status], ['finished', 'failed']);
      assert.equal(tooBig.message, 'Image upload failed: the image is too large when decompressed');
      assert.match(((await control('POST', 'fail-next-upload')).body as { failNextUpload: string }).failNextUpload, /^Image upload failed: /);
    });

    it('fail-next-capture: the next capture goes creating, then disappears, and its disk_imagize event fails with a message', async () => {
      const knob = await control('POST', 'fail-next-capture', {});
      assert.equal(knob.status, 200);
      assert.deepEqual(knob.body, { failNextCapture: 'Image capture failed: the disk could not be imaged' });
      const doomed = (await ok('POST', '/v4/images', { disk_id: disks.webProdMain, label: 'doomed' })) as SimImage;
      assert.equal(doomed.status, 'creating');
      const fine = (await ok('POST', '/v4/images', { disk_id: disks.dbEuMain, label: 'fine' })) as SimImage;
      sim.settle();
      assert.equal((await call('GET', path(doomed.id))).status, 404);
      assert.equal(sim.state.image(fine.id)?.status, 'available');
      const [fineEvent, doomedEvent] = (await listEvents()).data;
      assert.equal(doomedEvent.action, 'disk_imagize');
      assert.equal(doomedEvent.status, 'failed');
      assert.equal(doomedEvent.message, 'Image capture failed: the disk could not be imaged');
      assert.equal(doomedEvent.secondary_entity?.id, imageNumber(doomed.id));
      assert.equal(fineEvent.status, 'finished');
      const custom = await control('POST', 'fail-next-capture', { message: 'Image capture failed: the disk is encrypted' });
      assert.equal((custom.body as { failNextCapture: string }).failNextCapture, 'Image capture failed: the disk is encrypted');
      assert.equal((await control('POST', 'fail-next-capture', { colour: 'red' })).status, 400);
    });
  });

  describe('GET /account/events', () => {
    /** Five events: renames of 15001 and 15002, a delete, a capture (disk_imagize), an upload. */
    async function fiveEvents(): Promise<SimEvent[]> {
      await ok('PUT', path(images.singleRegion), { label: 'one' });
      await ok('PUT', path(images.multiRegion), { label: 'two' });
      await ok('DELETE', path(images.legacy));
      await ok('POST', '/v4/images', { disk_id: disks.webProdMain });
      await upload('five');
      return (await listEvents()).data;
    }

    it('newest first, ids going up by one; reset empties the log and ids keep going up', async () => {
      const events = await fiveEvents();
      const ids = events.map((event) => event.id);
      assert.deepEqual(ids, [...ids].sort((a, b) => b - a));
      assert.deepEqual(ids.slice(1).map((id, index) => ids[index] - id), [1, 1, 1, 1]);
      assert.deepEqual(events.map((event) => event.action), ['image_upload', 'disk_imagize', 'image_delete', 'image_update', 'image_update']);
      sim.reset();
      assert.equal((await listEvents()).results, 0);
      await ok('PUT', path(images.singleRegion), { label: 'after-reset' });
      assert.ok((await newest()).id > ids[0], 'no id is used twice');
    });

    it('pages: page and page_size as every collection', async () => {
      for (let index = 0; index < 30; index++) {
        await ok('PUT', path(images.singleRegion), { label: `rename-${index}` });
      }
      const first = await listEvents(undefined, '?page=1&page_size=25');
      assert.equal(first.data.length, 25);
      assert.deepEqual([first.page, first.pages, first.results], [1, 2, 30]);
      assert.equal(first.data[0].entity?.label, 'rename-29');
      const second = await listEvents(undefined, '?page=2&page_size=25');
      assert.equal(second.data.length, 5);
      assert.equal(second.data[4].entity?.label, 'rename-0');
      assert.equal((await call('GET', '/v4/account/events?page_size=10')).status, 400);
    });

    it('X-Filter: id +gt, action, entity.type, entity.id, +or, seen/read, +order_by id asc', async () => {
      const events = await fiveEvents();
      const oldest = events[4].id;
      const ids = (page: Page<SimEvent>): number[] => page.data.map((event) => event.id);

      assert.deepEqual(ids(await listEvents({ id: { '+gt': oldest + 2 } })), [oldest + 4, oldest + 3]);
      assert.deepEqual((await listEvents({ action: 'image_update' })).data.map((event) => event.entity?.label), ['two', 'one']);
      const linodeEvents = await listEvents({ 'entity.type': 'linode' });
      assert.deepEqual(linodeEvents.data.map((event) => event.action), ['disk_imagize']);
      assert.deepEqual(ids(await listEvents({ 'entity.id': 15001, 'entity.type': 'image' })), [oldest]);
      const either = await listEvents({ '+or': [{ action: 'image_delete' }, { action: 'image_upload' }] });
      assert.deepEqual(either.data.map((event) => event.action), ['image_upload', 'image_delete']);
      assert.equal((await listEvents({ seen: false, read: false })).results, 5);
      assert.equal((await listEvents({ seen: true })).results, 0);
      assert.deepEqual(ids(await listEvents({ '+order_by': 'id', '+order': 'asc' })), [oldest, oldest + 1, oldest + 2, oldest + 3, oldest + 4]);
      assert.deepEqual(ids(await listEvents({ '+order_by': 'id', '+order': 'desc', action: 'image_update' })), [oldest + 1, oldest]);
      // The filter the real API was recorded answering (recorded/TestAccountEvents_List.yaml), in the extension's shape.
      assert.equal((await listEvents({ action: 'disk_imagize', 'entity.id': linodes.webProd, 'entity.type': 'linode' })).results, 1);
    });

    it('X-Filter on created: +gte/+lt with an ISO timestamp (offset or not), +order_by created with ties by id', async () => {
      const realNow = sim.state.now;
      const at = (iso: string): void => {
        sim.state.now = () => Date.parse(iso);
      };
      try {
        at('2024-05-01T10:00:00Z');
        await ok('PUT', path(images.singleRegion), { label: 'may-1' });
        at('2024-05-02T10:00:00Z');
        await ok('PUT', path(images.singleRegion), { label: 'may-2a' });
        await ok('PUT', path(images.singleRegion), { label: 'may-2b' });
        at('2024-05-03T10:00:00Z');
        await ok('PUT', path(images.singleRegion), { label: 'may-3' });
      } finally {
        sim.state.now = realNow;
      }
      const labels = (page: Page<SimEvent>): Array<string | undefined> => page.data.map((event) => event.entity?.label);
      assert.equal((await newest()).created, '2024-05-03T10:00:00');
      assert.deepEqual(labels(await listEvents({ created: { '+gte': '2024-05-02T10:00:00' } })), ['may-3', 'may-2b', 'may-2a']);
      assert.deepEqual(labels(await listEvents({ created: { '+gt': '2024-05-02T10:00:00Z' } })), ['may-3']);
      assert.deepEqual(labels(await listEvents({ created: { '+lt': '2024-05-02T12:00:00+02:00' } })), ['may-1'], 'an offset is honoured');
      assert.deepEqual(labels(await listEvents({ created: { '+lte': '2024-05-01' } })), [], 'a date is its midnight');
      assert.deepEqual(labels(await listEvents({ created: '2024-05-01T10:00:00' })), ['may-1']);
      assert.deepEqual(labels(await listEvents({ '+order_by': 'created', '+order': 'asc' })), ['may-1', 'may-2a', 'may-2b', 'may-3']);
      assert.deepEqual(labels(await listEvents({ '+order_by': 'created', '+order': 'desc' })), ['may-3', 'may-2b', 'may-2a', 'may-1']);
    });

    it('X-Filter refuses fields it cannot filter on and operands that are neither numbers nor timestamps', async () => {
      await fiveEvents();
      for (const filter of [{ status: 'started' }, { username: 'sim-user' }, { 'entity.label': 'one' }, { created: { '+gte': 'yesterday' } }, { '+order_by': 'status' }]) {
        const response = await call('GET', '/v4/account/events', { headers: { 'X-Filter': JSON.stringify(filter) } });
        assert.equal(response.status, 400, JSON.stringify(filter));
        assert.equal((response.body as { errors: Array<{ field: string }> }).errors[0].field, 'X-Filter');
      }
    });

    it('needs events:read_only: 401 for the token without the events scope, the read-only token and no token', async () => {
      for (const token of [SIMULATOR_NO_EVENTS_TOKEN, SIMULATOR_READONLY_TOKEN]) {
        const response = await call('GET', '/v4/account/events', { token });
        assert.equal(response.status, 401);
        assert.deepEqual(response.body, { errors: [{ reason: 'Your OAuth token is not authorized to use this endpoint.' }] });
        assert.equal(response.headers['x-accepted-oauth-scopes'], 'events:read_only');
      }
      assert.deepEqual((await call('GET', '/v4beta/account/events', { token: null })).body, { errors: [{ reason: 'Invalid Token' }] });
      // Otherwise the token without events does every image workflow, and its operations are recorded all the same.
      const noEvents = { token: SIMULATOR_NO_EVENTS_TOKEN };
      assert.equal((await call('GET', '/v4/images', noEvents)).status, 200);
      assert.equal((await call('GET', '/v4/linode/instances', noEvents)).status, 200);
      assert.equal((await call('PUT', path(images.singleRegion), { ...noEvents, body: { label: 'no-events' } })).status, 200);
      assert.equal((await call('POST', '/v4/images', { ...noEvents, body: { disk_id: disks.webProdMain } })).status, 200);
      assert.equal((await call('GET', '/v4/images', noEvents)).headers['x-oauth-scopes'], 'images:read_write linodes:read_only');
      assert.equal((await listEvents()).results, 2);
      const info = (await control('GET', '')).body as Record<string, unknown>;
      assert.equal(info.noEventsToken, SIMULATOR_NO_EVENTS_TOKEN);
      assert.equal(sim.state.tokens.get(SIMULATOR_NO_EVENTS_TOKEN)?.label, 'simulator without events scope');
    });
  });

  describe('control API', () => {
    it('elsewhere: rename, replicate, create and delete as someone-else, unseen by request records', async () => {
      const rename = await control('POST', 'elsewhere', { action: 'rename', imageId: images.singleRegion, label: 'renamed-elsewhere' });
      assert.equal(rename.status, 200, rename.text);
      const renamed = rename.body as { image: SimImage; events: SimEvent[] };
      assert.equal(renamed.image.label, 'renamed-elsewhere');
      assert.deepEqual(renamed.events.map((event) => [event.action, event.status, event.username, event.entity?.label]), [
        ['image_update', 'notification', ELSEWHERE_USERNAME, 'renamed-elsewhere'],
      ]);
      assert.equal(sim.state.images.get(images.singleRegion)?.label, 'renamed-elsewhere');

      const replicate = (await control('POST', 'elsewhere', { action: 'replicate', imageId: images.singleRegion, regions: ['us-east', 'fr-par'] })).body as { image: SimImage; events: SimEvent[] };
      assert.deepEqual(replicate.image.regions.map((replica) => [replica.region, replica.status]), [['us-east', 'available'], ['fr-par', 'pending replication']]);
      assert.equal(replicate.events[0].action, 'image_update');

      const create = (await control('POST', 'elsewhere', { action: 'create', label: 'made-elsewhere' })).body as { image: SimImage; events: SimEvent[] };
      assert.equal(create.image.status, 'creating');
      assert.equal(create.image.created_by, ELSEWHERE_USERNAME);
      assert.deepEqual(create.events.map((event) => [event.action, event.status, event.username]), [['disk_imagize', 'started', ELSEWHERE_USERNAME]]);
      assert.equal(create.events[0].entity?.id, linodes.webProd, 'the first ready disk by default');
      assert.equal(create.events[0].secondary_entity?.id, imageNumber(create.image.id));
      const onDisk = (await control('POST', 'elsewhere', { action: 'create', diskId: disks.dbEuMain })).body as { events: SimEvent[] };
      assert.equal(onDisk.events[0].entity?.id, linodes.dbEu);

      const remove = (await control('POST', 'elsewhere', { action: 'delete', imageId: images.multiRegion })).body as { image: null; events: SimEvent[] };
      assert.equal(remove.image, null);
      assert.deepEqual(remove.events.map((event) => [event.action, event.entity?.id, event.entity?.label]), [['image_delete', 15002, 'db-golden']]);
      assert.equal(sim.state.images.has(images.multiRegion), false);

      assert.equal(sim.requests.length, 0, 'the extension sees none of it as a request');
      const everything = await listEvents();
      assert.equal(everything.results, 5);
      assert.ok(everything.data.every((event) => event.username === ELSEWHERE_USERNAME));
      sim.settle();
      assert.equal((await eventById(create.events[0].id)).status, 'finished');
    });

    it('elsewhere: refused as the API would refuse it, recording nothing', async () => {
      const cases: Array<[unknown, number, RegExp]> = [
        [{ action: 'rename', imageId: 'private/999999', label: 'ghost' }, 404, /Not found/],
        [{ action: 'rename', imageId: images.singleRegion, label: 'bad/label!' }, 422, /label/],
        [{ action: 'rename', imageId: images.singleRegion }, 400, /label must be a non-empty string/],
        [{ action: 'delete', imageId: images.publicCurrent }, 403, /Public images cannot be deleted/],
        [{ action: 'replicate', imageId: images.singleRegion, regions: [] }, 422, /At least one region/],
        [{ action: 'create', diskId: disks.webProdSwap }, 422, /swap/],
        [{ action: 'explode' }, 400, /action must be one of rename, delete, create, replicate/],
        [{ action: 'rename', imageId: images.singleRegion, label: 'x', colour: 'red' }, 400, /Unknown field\(s\) colour/],
        ['"rename"', 400, /JSON object/],
        ['{"action": ', 400, /JSON/],
      ];
      for (const [body, status, reason] of cases) {
        const response = await control('POST', 'elsewhere', body);
        assert.equal(response.status, status, `${JSON.stringify(body)}: ${response.text}`);
        assert.match(response.text, reason);
      }
      assert.equal((await listEvents()).results, 0);
    });

    it('GET /__simulator/events lists the log oldest first; POST /__simulator/reset empties it', async () => {
      await ok('PUT', path(images.singleRegion), { label: 'first' });
      await control('POST', 'elsewhere', { action: 'rename', imageId: images.singleRegion, label: 'second' });
      const log = (await control('GET', 'events')).body as { data: SimEvent[] };
      assert.deepEqual(log.data.map((event) => [event.entity?.label, event.username]), [['first', SIMULATOR_USERNAME], ['second', ELSEWHERE_USERNAME]]);
      await control('POST', 'fail-next-capture');
      await control('POST', 'fail-next-upload');
      assert.equal((await control('POST', 'reset')).status, 200);
      assert.deepEqual((await control('GET', 'events')).body, { data: [] });
      assert.equal(sim.state.failNextCapture, undefined, 'reset also clears the failure knobs');
      assert.equal(sim.state.failNextUpload, undefined);
    });
  });

  describe('applyXFilter (shared by every list)', () => {
    const items = [
      { id: 1, label: 'a', size: 10, when: '2024-01-01T00:00:00', nested: { kind: 'x', n: 5 } },
      { id: 2, label: 'b', size: 30, when: '2024-03-01T00:00:00', nested: { kind: 'y', n: 1 } },
      { id: 3, label: 'c', size: 20, when: '2024-02-01T00:00:00', nested: { kind: 'x', n: 1 } },
    ];
    const filterable = { fields: new Set(['id', 'label', 'size', 'when', 'nested.kind', 'nested.n']), tiebreak: 'id' };
    const run = (filter: unknown): number[] => applyXFilter(items, JSON.stringify(filter), filterable).map((item) => item.id);

    it('reads dotted paths, compares numbers and timestamps, orders with a tiebreak', () => {
      assert.deepEqual(run({ 'nested.kind': 'x' }), [1, 3]);
      assert.deepEqual(run({ size: { '+gte': 20 } }), [2, 3]);
      assert.deepEqual(run({ when: { '+lt': '2024-02-15' } }), [1, 3]);
      assert.deepEqual(run({ 'nested.n': { '+lte': 1 } }), [2, 3]);
      assert.deepEqual(run({ '+order_by': 'when', '+order': 'desc' }), [2, 3, 1]);
      assert.deepEqual(run({ '+order_by': 'nested.n', '+order': 'desc' }), [1, 3, 2], 'ties go by id, in the same direction');
      assert.deepEqual(run({ size: { '+gt': '2024-01-01' } }), [], 'a timestamp does not match numbers');
      assert.deepEqual(run({ when: { '+gt': 5 } }), [], 'a number does not match timestamps');
      assert.throws(() => run({ size: { '+gt': 'big' } }), /needs a number or an ISO 8601 timestamp/);
    });
  });

  describe('next to the event recorded from the real API', () => {
    let recorded: Record<string, unknown>;

    before(function () {
      const answer = recordedAnswersOrSkip(this).find((candidate) => candidate.path === '/account/events' && candidate.status === 200);
      assert.ok(answer, 'recorded/TestAccountEvents_List.yaml has a GET /account/events');
      const page = JSON.parse(answer.body) as Page<Record<string, unknown>>;
      assert.ok(page.data.length > 0, describeAnswer(answer));
      recorded = page.data[0];
    });

    const typeOf = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

    it('has every field the real event has, of the same JSON type (null where it sends null)', async () => {
      // The recorded event is a notification with a secondary entity; a capture's started event has one too.
      await ok('PUT', path(images.singleRegion), { label: 'shape-check' });
      await ok('POST', '/v4/images', { disk_id: disks.webProdMain });
      const [capture, notification] = (await listEvents()).data as unknown as Array<Record<string, unknown>>;
      const missing = Object.keys(recorded).filter((key) => !(key in notification));
      assert.deepEqual(missing, [], 'fields of the real event the simulator does not send');
      assert.deepEqual(Object.keys(notification), Object.keys(recorded), 'the same fields, in the same order');
      for (const key of Object.keys(recorded)) {
        if (key === 'secondary_entity') continue; // an object in the recording (a config); null for an image_update
        assert.equal(typeOf(notification[key]), typeOf(recorded[key]), `${key}: ${JSON.stringify(notification[key])} vs ${JSON.stringify(recorded[key])}`);
      }
      for (const entityKey of ['entity', 'secondary_entity'] as const) {
        const real = recorded[entityKey] as Record<string, unknown>;
        const ours = capture[entityKey] as Record<string, unknown>;
        assert.deepEqual(Object.keys(ours).sort(), Object.keys(real).sort(), entityKey);
        for (const key of Object.keys(real)) {
          assert.equal(typeOf(ours[key]), typeOf(real[key]), `${entityKey}.${key}`);
        }
      }
      assert.match(String(recorded.created), TIMESTAMP);
      assert.match(String(notification.created), TIMESTAMP, 'the same timestamp form');
    });
  });
});
