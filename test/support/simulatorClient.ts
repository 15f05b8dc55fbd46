// What the core tests share: a client signed in to a simulator, and the error a promise was expected to reject with.
import * as assert from 'node:assert/strict';
import { LinodeClient, type LinodeClientOptions } from '../../src/core/api/client';
import { SIMULATOR_TOKEN, type Simulator } from '../../simulator';

/** A v4 client with the simulator's full-access token; `overrides` set anything else (log, timeouts, back-off). */
export function simulatorClient(sim: Pick<Simulator, 'apiUrl'>, overrides: Partial<LinodeClientOptions> = {}): LinodeClient {
  return new LinodeClient({
    apiUrl: sim.apiUrl,
    apiVersion: 'v4',
    token: () => SIMULATOR_TOKEN,
    userAgent: 'linode-images-test/1.0',
    ...overrides,
  });
}

/** The error `promise` rejects with; fails the test when it resolves. */
export async function rejectionOf(promise: Promise<unknown>, what = 'the operation'): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail(`${what} succeeded`);
}

/** Changes an image at the simulator "as someone else" (another tool or person): the extension did not make it. */
export async function elsewhere(sim: Pick<Simulator, 'apiUrl'>, change: Record<string, unknown>): Promise<{ image: unknown; events: Array<{ id: number }> }> {
  const response = await fetch(`${new URL(sim.apiUrl).origin}/__simulator/elsewhere`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(change),
  });
  assert.equal(response.status, 200, await response.clone().text());
  return (await response.json()) as { image: unknown; events: Array<{ id: number }> };
}
