// Lost and late answers on both origins: the simulator acts on the request, then answers late or not at all.

import * as assert from 'node:assert/strict';
import type { Image, ImageUploadContainer } from '../../src/core/api/types';
import { SIMULATOR_TOKEN, startSimulator, type Simulator } from '../../simulator/index';
import { rawRequest } from '../../simulator/rawClient';
import { sleep, until } from '../support/until';

const OCTET_STREAM = { 'Content-Type': 'application/octet-stream' };

describe('simulator faults: lost and late answers', () => {
  let sim: Simulator;

  before(async () => {
    sim = await startSimulator({ lifecycleMs: 60_000 });
  });
  after(() => sim.close());
  beforeEach(() => sim.reset());

  function createContainer(label: string): Promise<Awaited<ReturnType<typeof rawRequest>>> {
    return rawRequest(sim.apiUrl, 'POST', '/v4/images/upload', { token: SIMULATOR_TOKEN, body: { label, region: 'us-east' } });
  }

  function imagesLabelled(label: string): Image[] {
    return [...sim.state.images.values()].filter((image) => image.label === label) as Image[];
  }

  async function put(container: ImageUploadContainer, body: Buffer): ReturnType<typeof rawRequest> {
    const url = new URL(container.upload_to);
    return rawRequest(url.origin, 'PUT', `${url.pathname}${url.search}`, { body, headers: OCTET_STREAM });
  }

  it('loseAnswer on the api origin: the container is made, the connection closes without an answer', async () => {
    sim.faults.add({ origin: 'api', method: 'POST', path: '/images/upload', loseAnswer: true });
    await assert.rejects(createContainer('lost-create'), /socket hang up|ECONNRESET/);
    const [made] = imagesLabelled('lost-create');
    assert.equal(made?.status, 'pending_upload', 'the simulator acted');
    const exchange = sim.requests.at(-1);
    assert.equal(exchange?.status, 0);
    assert.equal(exchange?.dropped, true);
    assert.equal(exchange?.answerLost, true);
    assert.equal((await createContainer('next')).status, 200, 'the rule is used up');
  });

  it('answerDelayMs on the api origin: acts at once, answers after the delay', async () => {
    // A delay long enough that "made before the answer" holds on a busy machine.
    sim.faults.add({ origin: 'api', method: 'POST', path: '/images/upload', answerDelayMs: 3_000 });
    const started = Date.now();
    const answer = createContainer('late-create');
    await until(() => imagesLabelled('late-create').length > 0, 'the image to be made');
    assert.ok(Date.now() - started < 2_900, 'made before the answer is due');
    const response = await answer;
    assert.equal(response.status, 200);
    assert.ok(Date.now() - started >= 2_900, `answered after ${Date.now() - started} ms`);
    assert.equal((response.body as ImageUploadContainer).image.id, imagesLabelled('late-create')[0].id);
  });

  it('records a late answer whose client went away as unanswered, at once', async () => {
    sim.faults.add({ origin: 'api', method: 'GET', path: '/profile', answerDelayMs: 60_000 });
    const controller = new AbortController();
    const pending = fetch(`${sim.apiUrl}/v4/profile`, { headers: { Authorization: `Bearer ${SIMULATOR_TOKEN}` }, signal: controller.signal });
    await sleep(100);
    controller.abort();
    await assert.rejects(pending);
    await until(() => sim.requests.length > 0, 'the simulator to record the request');
    assert.equal(sim.requests[0]?.status, 0);
    assert.equal(sim.requests[0]?.answerLost, undefined);
  });

  it('loseAnswer on the upload origin: every byte is accepted and the image turns creating, but no answer comes', async () => {
    const container = (await createContainer('lost-put')).body as ImageUploadContainer;
    sim.faults.add({ origin: 'upload', method: 'PUT', loseAnswer: true });
    await assert.rejects(put(container, Buffer.alloc(300 * 1024, 7)), /socket hang up|ECONNRESET/);
    const [upload] = sim.uploads;
    assert.equal(upload.outcome, 'completed');
    assert.equal(upload.bytesReceived, 300 * 1024);
    assert.equal(sim.state.images.get(container.image.id)?.status, 'creating');
    const exchange = sim.requests.find((r) => r.origin === 'upload');
    assert.equal(exchange?.answerLost, true);
    assert.equal(exchange?.status, 0);
  });

  it('answerDelayMs on the upload origin: the image is creating before the 200 arrives', async () => {
    const container = (await createContainer('late-put')).body as ImageUploadContainer;
    sim.faults.add({ origin: 'upload', answerDelayMs: 300 });
    const answer = put(container, Buffer.alloc(64 * 1024, 1));
    await until(() => sim.uploads[0]?.outcome === 'completed', 'the upload host to take every byte');
    assert.equal(sim.state.images.get(container.image.id)?.status, 'creating');
    assert.equal(sim.requests.filter((r) => r.origin === 'upload').length, 0, 'not answered yet');
    assert.equal((await answer).status, 200);
  });

  it('takes both knobs through the control API and lists them back; refuses a negative delay', async () => {
    const added = await rawRequest(sim.apiUrl, 'POST', '/__simulator/faults', { body: [{ origin: 'upload', loseAnswer: true }, { path: '/v4/profile', answerDelayMs: 50 }] });
    assert.equal(added.status, 200, added.text);
    const listed = (added.body as { data: Array<Record<string, unknown>> }).data;
    assert.equal(listed[0].loseAnswer, true);
    assert.equal(listed[1].answerDelayMs, 50);
    assert.equal((await rawRequest(sim.apiUrl, 'POST', '/__simulator/faults', { body: { answerDelayMs: '5' } })).status, 400);
    assert.throws(() => sim.faults.add({ answerDelayMs: -1 }), /answerDelayMs/);
  });
});
