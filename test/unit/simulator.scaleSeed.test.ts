// The `scale` seed (an account with 10,000 private images) and the command line that serves it.

import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import type { Image, Page } from '../../src/core/api/types';
import { isInProgress } from '../../src/core/model/imageStatus';
import { SEEDS, SIMULATOR_TOKEN, startSimulator } from '../../simulator/index';
import { rawRequest } from '../../simulator/rawClient';
import { SimulatorState } from '../../simulator/state';

function scaleState(): SimulatorState {
  const state = new SimulatorState(60_000);
  state.holdTransitions = true;
  SEEDS.scale(state);
  state.holdTransitions = false;
  return state;
}

describe('simulator scale seed', () => {
  it('has 10,000 private images across 30 regions, several copies each, 50 in progress, and the public images', () => {
    const state = scaleState();
    const images = [...state.images.values()];
    const privateImages = images.filter((image) => !image.is_public);
    assert.equal(privateImages.length, 10_000);
    assert.equal(images.filter((image) => image.is_public).length, 24);
    const holding = new Map<string, number>();
    for (const image of privateImages) {
      assert.ok(image.regions.length >= 1 && image.regions.length <= 7, `${image.id} has ${image.regions.length} copies`);
      for (const replica of image.regions) holding.set(replica.region, (holding.get(replica.region) ?? 0) + 1);
    }
    assert.equal(holding.size, 30);
    for (const regionId of holding.keys()) assert.ok(state.regions.has(regionId), `${regionId} is a known region`);
    const copies = privateImages.reduce((sum, image) => sum + image.regions.length, 0);
    assert.ok(copies / privateImages.length > 2, `${copies / privateImages.length} copies per image on average`);
    assert.ok(Math.max(...holding.values()) > 2000, 'one region holds a large share, as in real accounts');

    const inProgress = privateImages.filter(isInProgress);
    assert.equal(inProgress.length, 50);
    const kinds = new Set(inProgress.map((image) => (image.status !== 'available' ? image.status : image.regions.find((r) => r.status !== 'available')?.status)));
    assert.deepEqual([...kinds].sort(), ['creating', 'pending deletion', 'pending replication', 'pending_upload', 'replicating']);
    assert.ok(privateImages.some((image) => image.type === 'automatic' && image.expiry !== null));
    assert.ok(privateImages.every((image) => image.label.length <= 50 && /^[a-zA-Z0-9,.?\-_\s']+$/.test(image.label)));
  });

  it('is the same every time', () => {
    const snapshot = (): string => JSON.stringify([...scaleState().images.values()]);
    assert.equal(snapshot(), snapshot());
  });

  it('serves every image over 21 pages of 500', async () => {
    const sim = await startSimulator({ seed: 'scale' });
    try {
      const ids = new Set<string>();
      let pages = 1;
      for (let page = 1; page <= pages; page++) {
        const response = await rawRequest(sim.apiUrl, 'GET', `/v4/images?page=${page}&page_size=500`, { token: SIMULATOR_TOKEN });
        const body = response.body as Page<Image>;
        pages = body.pages;
        for (const image of body.data) ids.add(image.id);
      }
      assert.equal(pages, 21);
      assert.equal(ids.size, 10_024);
    } finally {
      await sim.close();
    }
  });

  it('is served by the command line with --seed scale --rate-limits', async function () {
    this.timeout(20_000);
    const cli = spawn(process.execPath, [path.join(__dirname, '../../simulator/cli.js'), '--seed', 'scale', '--rate-limits', '--quiet'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const apiUrl = await new Promise<string>((resolve, reject) => {
        let output = '';
        cli.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const match = /control API:\s+(http:\/\/\S+)\/__simulator\//.exec(output);
          if (match && /rate limits:/.test(output)) resolve(match[1]);
        });
        cli.once('exit', (code) => reject(new Error(`the simulator exited (${code}): ${output}`)));
      });
      const info = await rawRequest(apiUrl, 'GET', '/__simulator/');
      assert.deepEqual((info.body as { rateLimits: unknown }).rateLimits, { listImages: 20, paginated: 200, general: 1600, windowMs: 60_000 });
      const page = await rawRequest(apiUrl, 'GET', '/v4/images?page_size=25', { token: SIMULATOR_TOKEN });
      assert.equal((page.body as Page<Image>).results, 10_024);
      assert.equal(page.headers['x-ratelimit-limit'], '20');
    } finally {
      cli.kill();
    }
  });
});
