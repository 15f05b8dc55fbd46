// A stateful Linode API simulator (spec 4.189.0) for tests and local development: an api origin serving
// /v4 and /v4beta, and a separate upload origin standing in for object storage. node:http only.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApiHandler, type ServerContext } from './apiServer';
import { createControlHandler } from './control';
import { FaultList, type FaultControl } from './faults';
import { TimerSet, type RecordedExchange, type UploadRecord } from './http';
import { RateLimiter, resolveRateLimits, type RateLimitOption, type RateLimitSettings } from './rateLimits';
import { uploadUrl } from './routes';
import { resolveSeed, type SeedFunction, type SeedName } from './seed';
import { SimulatorState } from './state';
import { createUploadHandler } from './uploadServer';

export { SIMULATOR_NO_EVENTS_TOKEN, SIMULATOR_READONLY_TOKEN, SIMULATOR_TOKEN, SIMULATOR_USERNAME } from './tokens';
export { ELSEWHERE_USERNAME, EVENT_ID_BASE, type SimEvent, type SimEventEntity } from './events';
export { SEED_IDS, SEED_UPLOAD_KEY, SEEDS, type SeedFunction, type SeedName } from './seed';
export type { FaultControl, FaultRule } from './faults';
export { LINODE_RATE_LIMITS, type RateLimitOption, type RateLimitSettings } from './rateLimits';
export type { RecordedExchange, UploadRecord } from './http';
export type { SimImage, SimulatorState } from './state';

export interface SimulatorOptions {
  /** Default 127.0.0.1 (loopback only). */
  host?: string;
  /** 0 = a free port (default). */
  port?: number;
  /** Port of the upload origin, a second server; 0 = a free port (default). */
  uploadPort?: number;
  /** Seed name, or a function that fills the state. Default 'default'. */
  seed?: SeedName | SeedFunction;
  /** How long each life-cycle step takes, in ms (default 3000). */
  lifecycleMs?: number;
  /** Keep the seed's in-progress images as they are until settle() (default false: they progress). */
  holdSeedTransitions?: boolean;
  /** Most recorded exchanges kept; the oldest go first (default 10000). */
  recordLimit?: number;
  /**
   * Enforce Linode's rate limits (429 with Retry-After): `true` for the documented ones (list images 20/min,
   * paginated GETs 200/min, 1600/min in all), or some of them overridden. Default off.
   */
  rateLimits?: RateLimitOption;
  /**
   * Answer with the nulls the real API sends where the spec has values (public images: `regions` and
   * `total_size` null). Default off: the contract tests hold the simulator to the spec.
   */
  realWorldNulls?: boolean;
  log?: (line: string) => void;
}

export interface Simulator {
  /** e.g. http://127.0.0.1:41234 (paths are /v4/... and /v4beta/...). */
  apiUrl: string;
  /** e.g. http://127.0.0.1:41235 */
  uploadOrigin: string;
  state: SimulatorState;
  faults: FaultControl;
  /** Every exchange on both origins, in the order they completed (control API calls excluded). */
  requests: RecordedExchange[];
  /** Every PUT that reached the upload origin's upload handler. */
  uploads: UploadRecord[];
  /** The enforced rate limits, or undefined when the simulator does not enforce any. */
  rateLimits: Readonly<RateLimitSettings> | undefined;
  /** The `upload_to` URL of an upload container (e.g. the seeded pending_upload image). */
  uploadUrlFor(imageId: string): string | undefined;
  /** Completes every pending life-cycle step now; returns how many were applied. */
  settle(): number;
  /** Back to the seed; clears faults, requests, uploads, the event log (ids keep going up) and the rate-limit windows. */
  reset(): void;
  close(): Promise<void>;
}

const DEFAULT_LIFECYCLE_MS = 3000;

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? (() => undefined);
  const seed = resolveSeed(options.seed ?? 'default');
  const state = new SimulatorState(options.lifecycleMs ?? DEFAULT_LIFECYCLE_MS);
  const faults = new FaultList();
  const timers = new TimerSet();
  const requests: RecordedExchange[] = [];
  const uploads: UploadRecord[] = [];
  const rateLimits = resolveRateLimits(options.rateLimits);
  const rateLimiter = rateLimits ? new RateLimiter(rateLimits) : undefined;

  const applySeed = (): void => {
    state.clear();
    state.holdTransitions = options.holdSeedTransitions ?? false;
    seed(state);
    state.holdTransitions = false;
  };
  const reset = (): void => {
    applySeed();
    faults.clear();
    requests.length = 0;
    uploads.length = 0;
    rateLimiter?.clear();
  };
  const settle = (): number => state.settle();
  applySeed();

  if (!isLoopback(host)) {
    log(`warning: listening on ${host}, which is not a loopback address`);
  }
  const baseContext: Omit<ServerContext, 'control'> = {
    state,
    faults,
    requests,
    uploads,
    timers,
    recordLimit: options.recordLimit ?? 10_000,
    apiUrl: '',
    uploadOrigin: '',
    log,
    rateLimiter,
    realWorldNulls: options.realWorldNulls ?? false,
  };
  const context: ServerContext = { ...baseContext, control: () => undefined };
  context.control = createControlHandler(context, { settle, reset });

  const apiServer = createServer(createApiHandler(context));
  // No request timeout on the upload origin: a large or throttled upload may take longer than Node's 5 minutes.
  const uploadServer = createServer({ requestTimeout: 0 }, createUploadHandler(context));
  try {
    context.apiUrl = await listen(apiServer, host, options.port ?? 0);
    context.uploadOrigin = await listen(uploadServer, host, options.uploadPort ?? 0);
  } catch (error) {
    await Promise.all([stop(apiServer), stop(uploadServer)]);
    throw error;
  }

  let closed: Promise<void> | undefined;
  return {
    apiUrl: context.apiUrl,
    uploadOrigin: context.uploadOrigin,
    state,
    faults,
    requests,
    uploads,
    rateLimits,
    uploadUrlFor(imageId) {
      const target = state.uploadTargetOf(imageId);
      return target ? uploadUrl(context.uploadOrigin, target.key, target.signature) : undefined;
    },
    settle,
    reset,
    close() {
      closed ??= (async () => {
        timers.clearAll();
        await Promise.all([stop(apiServer), stop(uploadServer)]);
      })();
      return closed;
    },
  };
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

function listen(server: Server, host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      const shownHost = address.family === 'IPv6' || address.address.includes(':') ? `[${address.address}]` : address.address;
      resolve(`http://${shownHost}:${address.port}`);
    });
  });
}

function stop(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
