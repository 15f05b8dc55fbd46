// A stateful Linode API simulator (spec 4.189.0) for tests and local development: an api origin serving
// /v4 and /v4beta, a separate upload origin standing in for object storage, and a login origin standing in for
// Linode's OAuth login server (login.linode.com). node:http only.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApiHandler } from './apiServer';
import type { ServerContext } from './serverContext';
import { createControlHandler } from './control';
import { FaultList, type FaultControl } from './faults';
import { TimerSet, type RecordedExchange, type UploadRecord } from './http';
import { createLoginHandler } from './login';
import { LoginService, resolveLoginOption, type LoginOption, type LoginSettings } from './loginService';
import { RateLimiter, resolveRateLimits, type RateLimitOption, type RateLimitSettings } from './rateLimits';
import { uploadUrl } from './routes';
import { resolveSeed, type SeedFunction, type SeedName } from './seeds';
import { SimulatorState } from './state';
import { createUploadHandler } from './uploadServer';

export {
  
  SIMULATOR_NO_EVENTS_TOKEN,
  
  SIMULATOR_PRIVATE_CLIENT_ID,
  SIMULATOR_PRIVATE_CLIENT_SECRET,
  SIMULATOR_PUBLIC_CLIENT_ID,
  SIMULATOR_READONLY_TOKEN,
  
  SIMULATOR_TEAMMATE_TOKEN,
  SIMULATOR_TEAMMATE_USERNAME,
  SIMULATOR_TOKEN,
  SIMULATOR_USERNAME,
  SIMULATOR_USERS,
  type OAuthClient,
  type SimulatorUser,
  teammateTokenRecord,
  type TokenRecord,
} from './tokens';
export {   type LoginOption, type LoginSettings } from './loginService';
export { ELSEWHERE_USERNAME, EVENT_ID_BASE, type SimEvent, type SimEventEntity } from './events';
export { SEED_IDS,  } from './seed';
export { SEEDS, type SeedFunction, type SeedName } from './seeds';
export type { FaultControl, FaultRule } from './faults';
export { LINODE_RATE_LIMITS, type RateLimitOption, type RateLimitSettings } from './rateLimits';
export type { RecordedExchange, UploadRecord } from './http';
export { tapExchanges } from './serverContext';
export type { SimImage, SimLinode, SimLinodeType } from './entities';
export type { SimulatorState } from './state';
export type { ApiVersion } from './routeTypes';
export type { GroupMember, ShareGroup, SharedImageEntry, ShareToken } from './shareGroups';

export interface SimulatorOptions {
  /** Default 127.0.0.1 (loopback only). */
  host?: string;
  /** 0 = a free port (default). */
  port?: number;
  /** Port of the upload origin, a second server; 0 = a free port (default). */
  uploadPort?: number;
  /**
   * The login origin, a third server standing in for login.linode.com (OAuth; see login.ts): on by default, with
   * tokens that last 7200 s; `{ tokenLifetimeSeconds }` shortens them (tests), `false` turns it off.
   */
  login?: LoginOption;
  /** Port of the login origin; 0 = a free port (default). */
  loginPort?: number;
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
  /**
   * Enrol the accounts in the image-sharing beta (sharing.ts): /v4beta serves the share-group endpoints and image
   * objects carry `is_shared` and `image_sharing`. Default off (the 4.189 shape, which the contract tests check);
   * the `sharing` seed turns it on by itself.
   */
  imageSharing?: boolean;
  log?: (line: string) => void;
}

export interface Simulator {
  /** e.g. http://127.0.0.1:41234 (paths are /v4/... and /v4beta/...). */
  apiUrl: string;
  /** e.g. http://127.0.0.1:41235 */
  uploadOrigin: string;
  /** e.g. http://127.0.0.1:41236 (`/oauth/authorize`, `/oauth/token`); undefined when the `login` option is false. */
  loginOrigin: string | undefined;
  /** The login origin's settings; undefined when it is off. */
  login: Readonly<LoginSettings> | undefined;
  state: SimulatorState;
  faults: FaultControl;
  /** Every exchange on every origin (api, upload, login), in the order they completed (control API calls excluded). */
  requests: RecordedExchange[];
  /** Every PUT that reached the upload origin's upload handler. */
  uploads: UploadRecord[];
  /** The enforced rate limits, or undefined when the simulator does not enforce any. */
  rateLimits: Readonly<RateLimitSettings> | undefined;
  /** The `upload_to` URL of an upload container (e.g. the seeded pending_upload image). */
  uploadUrlFor(imageId: string): string | undefined;
  /** Completes every pending life-cycle step now; returns how many were applied. */
  settle(): number;
  /**
   * Back to the seed; clears faults, requests, uploads, the event log (ids keep going up), the rate-limit windows,
   * and every token, code and refresh token the login origin issued (the default tokens come back).
   */
  reset(): void;
  /** The token (any: a default one too, until reset) is refused from now on as expired (401). False when unknown. */
  expireToken(token: string): boolean;
  /**
   * The token stops existing, with its grant: an access token's refresh token, a refresh token's access token.
   * False when unknown.
   */
  revokeToken(token: string): boolean;
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
  const loginSettings = resolveLoginOption(options.login);
  const login = loginSettings ? new LoginService(state, loginSettings) : undefined;

  const applySeed = (): void => {
    state.clear();
    state.holdTransitions = options.holdSeedTransitions ?? false;
    seed(state);
    if (options.imageSharing) {
      state.imageSharing = true;
    }
    state.holdTransitions = false;
  };
  const reset = (): void => {
    applySeed();
    faults.clear();
    requests.length = 0;
    uploads.length = 0;
    rateLimiter?.clear();
    login?.clear();
  };
  const settle = (): number => state.settle();
  const expireToken = (token: string): boolean => {
    const known = state.tokens.get(token);
    if (known) {
      known.expiresAt = Math.min(known.expiresAt ?? Number.POSITIVE_INFINITY, state.now());
    }
    return known !== undefined;
  };
  const revokeToken = (token: string): boolean => login?.revoke(token) ?? state.tokens.delete(token);
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
    loginOrigin: '',
    login,
    log,
    rateLimiter,
    realWorldNulls: options.realWorldNulls ?? false,
  };
  const context: ServerContext = { ...baseContext, control: () => undefined };
  context.control = createControlHandler(context, { settle, reset, expireToken, revokeToken });

  const apiServer = createServer(createApiHandler(context));
  // No request timeout on the upload origin: a large or throttled upload may take longer than Node's 5 minutes.
  const uploadServer = createServer({ requestTimeout: 0 }, createUploadHandler(context));
  const loginServer = login ? createServer(createLoginHandler(context, login)) : undefined;
  const servers = [apiServer, uploadServer, ...(loginServer ? [loginServer] : [])];
  try {
    context.apiUrl = await listen(apiServer, host, options.port ?? 0);
    context.uploadOrigin = await listen(uploadServer, host, options.uploadPort ?? 0);
    if (loginServer) {
      context.loginOrigin = await listen(loginServer, host, options.loginPort ?? 0);
    }
  } catch (error) {
    await Promise.all(servers.map(stop));
    throw error;
  }

  let closed: Promise<void> | undefined;
  return {
    apiUrl: context.apiUrl,
    uploadOrigin: context.uploadOrigin,
    loginOrigin: loginServer ? context.loginOrigin : undefined,
    login: loginSettings,
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
    expireToken,
    revokeToken,
    close() {
      closed ??= (async () => {
        timers.clearAll();
        await Promise.all(servers.map(stop));
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
