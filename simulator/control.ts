// The control API under /__simulator/ on the api origin, so a test in another process can steer the simulator.
// Not recorded, not subject to faults, no auth (the servers listen on loopback).
//
// Account events (GET /v4/account/events) and the knobs around them:
// - `GET /__simulator/events` -> `{"data": [event, ...]}`: the whole event log, oldest first.
// - `POST /__simulator/elsewhere` with `{"action": "rename"|"delete"|"create"|"replicate", "imageId"?, "label"?,
//   "regions"?, "diskId"?}`: a change made by someone else (in Cloud Manager, another client), which the extension
//   does not see as a request. It goes through the same rules as the API operation and records the same event, with
//   username `someone-else`: rename `{imageId, label}` (image_update), delete `{imageId}` (image_delete), create
//   `{diskId?, label?}` (a capture, disk_imagize; the first ready non-swap disk by default), replicate
//   `{imageId, regions}` (image_update). Answers `{"image": image|null, "events": [the events recorded]}`; a
//   change the API would refuse gets the API's status and error envelope.
// - `POST /__simulator/fail-next-capture` with `{"message"?}`: the next capture goes `creating`, then disappears one
//   step later, and its disk_imagize event turns `failed` with the message. Answers `{"failNextCapture": message}`.
// - `POST /__simulator/fail-next-upload` with `{"message"?}`: the same for the next upload whose bytes all arrive
//   (bytes that are not gzip fail that way anyway). Answers `{"failNextUpload": message}`.
// - `POST /__simulator/expire-uploads` with `{"imageId"?}`: upload containers that never got their bytes expire, as
//   Linode deletes them after 24 hours (all of them, or only imageId): each image disappears and its image_upload
//   event fails. Answers `{"expired": [image ids]}`.
// - `POST /__simulator/reset` empties the event log too (event ids keep going up).
//
// Tokens and the login origin (login.ts):
// - `GET /__simulator/` also reports `loginOrigin` (null when off) and `login`: the OAuth client ids, the private
//   client's secret, the registered redirect URIs, the users and the token lifetime (null when off).
// - `POST /__simulator/expire-token` with `{"token"}`: that token (any, a default one too, until reset) is expired
//   from now on, so the api origin answers 401 "Invalid Token". Answers `{"expired": true}`; 404 for an unknown token.
// - `POST /__simulator/revoke-token` with `{"token"}`: that token disappears, with its grant (an access token's
//   refresh token, a refresh token's access token). Answers `{"revoked": true}`; 404 for an unknown token.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimImage } from './entities';
import {
  CAPTURE_FAILED_MESSAGE,
  ELSEWHERE_USERNAME,
  UPLOAD_FAILED_MESSAGE,
  type SimEvent,
} from './events';
import { faultFromJson, faultToJson, type FaultRule } from './faults';
import { ApiError, notFound, writeResponse } from './http';
import { captureImage, deleteImage, replicateImage, updateImage } from './routes';
import type { RouteRequest } from './routeTypes';
import type { ServerContext } from './serverContext';
import {
  SIMULATOR_NO_EVENTS_TOKEN,
  SIMULATOR_PRIVATE_CLIENT_ID,
  SIMULATOR_PRIVATE_CLIENT_SECRET,
  SIMULATOR_PUBLIC_CLIENT_ID,
  SIMULATOR_READONLY_TOKEN,
  SIMULATOR_REDIRECT_URIS,
  SIMULATOR_TOKEN,
  SIMULATOR_USERS,
} from './tokens';

export interface ControlActions {
  settle(): number;
  reset(): void;
  expireToken(token: string): boolean;
  revokeToken(token: string): boolean;
}

export function createControlHandler(
  context: Omit<ServerContext, 'control'>,
  actions: ControlActions,
): (req: IncomingMessage, res: ServerResponse, body: Buffer) => void {
  return (req, res, body) => {
    const url = new URL(req.url ?? '/', 'http://simulator.invalid');
    const route = `${(req.method ?? 'GET').toUpperCase()} ${url.pathname.replace(/\/+$/, '')}`;
    const send = (status: number, payload: unknown): void =>
      writeResponse(
        res,
        status,
        { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*' },
        JSON.stringify(payload, (_key, value: unknown) => (value === Number.POSITIVE_INFINITY ? 'Infinity' : value)),
      );
    const listFaults = (): unknown => ({ data: context.faults.list().map(faultToJson) });

    if (req.method === 'OPTIONS') {
      writeResponse(res, 204, {
        'Access-Control-Allow-Origin': '*',
        'Access-Control-Allow-Methods': 'GET, POST, DELETE',
        'Access-Control-Allow-Headers': 'Content-Type',
      }, '');
      return;
    }

    try {
      switch (route) {
        case 'GET /__simulator':
          send(200, {
            apiUrl: context.apiUrl,
            uploadOrigin: context.uploadOrigin,
            token: SIMULATOR_TOKEN,
            readOnlyToken: SIMULATOR_READONLY_TOKEN,
            noEventsToken: SIMULATOR_NO_EVENTS_TOKEN,
            lifecycleMs: context.state.lifecycleMs,
            rateLimits: context.rateLimiter?.settings ?? null,
            loginOrigin: context.login ? context.loginOrigin : null,
            login: context.login
              ? {
                  origin: context.loginOrigin,
                  authorizeUrl: `${context.loginOrigin}/oauth/authorize`,
                  tokenUrl: `${context.loginOrigin}/oauth/token`,
                  publicClientId: SIMULATOR_PUBLIC_CLIENT_ID,
                  privateClientId: SIMULATOR_PRIVATE_CLIENT_ID,
                  privateClientSecret: SIMULATOR_PRIVATE_CLIENT_SECRET,
                  redirectUris: SIMULATOR_REDIRECT_URIS,
                  users: SIMULATOR_USERS.map((user) => user.username),
                  tokenLifetimeSeconds: context.login.settings.tokenLifetimeSeconds,
                }
              : null,
          });
          return;
        case 'POST /__simulator/expire-token':
          if (!actions.expireToken(tokenOf(jsonBody(body)))) {
            throw ApiError.single(404, 'Unknown token');
          }
          send(200, { expired: true });
          return;
        case 'POST /__simulator/revoke-token':
          if (!actions.revokeToken(tokenOf(jsonBody(body)))) {
            throw ApiError.single(404, 'Unknown token');
          }
          send(200, { revoked: true });
          return;
        case 'GET /__simulator/faults':
          send(200, listFaults());
          return;
        case 'POST /__simulator/faults': {
          const parsed: unknown = JSON.parse(body.toString('utf8') || 'null');
          const rules: FaultRule[] = (Array.isArray(parsed) ? parsed : [parsed]).map(faultFromJson);
          for (const rule of rules) {
            context.faults.add(rule);
          }
          send(200, listFaults());
          return;
        }
        case 'DELETE /__simulator/faults':
          context.faults.clear();
          send(200, listFaults());
          return;
        case 'GET /__simulator/requests': {
          const origin = url.searchParams.get('origin');
          send(200, { data: context.requests.filter((exchange) => origin === null || exchange.origin === origin) });
          return;
        }
        case 'DELETE /__simulator/requests':
          context.requests.length = 0;
          send(200, {});
          return;
        case 'GET /__simulator/uploads':
          send(200, { data: context.uploads });
          return;
        case 'POST /__simulator/settle':
          send(200, { settled: actions.settle() });
          return;
        case 'POST /__simulator/reset':
          actions.reset();
          send(200, {});
          return;
        case 'GET /__simulator/events':
          context.state.advance();
          send(200, { data: context.state.events.list() });
          return;
        case 'POST /__simulator/elsewhere':
          send(200, actElsewhere(context, jsonBody(body)));
          return;
        case 'POST /__simulator/fail-next-capture':
          context.state.failNextCapture = messageOf(jsonBody(body)) ?? CAPTURE_FAILED_MESSAGE;
          send(200, { failNextCapture: context.state.failNextCapture });
          return;
        case 'POST /__simulator/fail-next-upload':
          context.state.failNextUpload = messageOf(jsonBody(body)) ?? UPLOAD_FAILED_MESSAGE;
          send(200, { failNextUpload: context.state.failNextUpload });
          return;
        case 'POST /__simulator/expire-uploads': {
          const options = jsonBody(body);
          const imageId = options === null ? undefined : stringField(objectOf(options, ['imageId']), 'imageId');
          send(200, { expired: context.state.expireUploads(imageId) });
          return;
        }
        case 'GET /__simulator/state':
          context.state.advance();
          send(200, {
            images: [...context.state.images.values()],
            regions: [...context.state.regions.values()],
            linodes: [...context.state.linodes.values()],
            disks: [...context.state.disks.values()],
            pendingTransitions: context.state.pendingTransitions,
          });
          return;
        default:
          send(404, { errors: [{ reason: `Unknown control endpoint ${route}` }] });
      }
    } catch (error) {
      if (error instanceof ApiError) {
        send(error.status, { errors: error.errors });
      } else {
        send(400, { errors: [{ reason: error instanceof Error ? error.message : String(error) }] });
      }
    }
  };
}

// ---- account events --------------------------------------------------------------------------------

type Json = Record<string, unknown>;

function jsonBody(body: Buffer): unknown {
  return JSON.parse(body.toString('utf8') || 'null') as unknown;
}

/** The body as an object with only `allowed` keys (400 otherwise). */
function objectOf(value: unknown, allowed: readonly string[]): Json {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw ApiError.single(400, 'The body must be a JSON object.');
  }
  const unknown = Object.keys(value).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) {
    throw ApiError.single(400, `Unknown field(s) ${unknown.join(', ')}; expected ${allowed.join(', ')}.`);
  }
  return value as Json;
}

function stringField(object: Json, name: string, required = false): string | undefined {
  const value = object[name];
  if (value === undefined && !required) {
    return undefined;
  }
  if (typeof value !== 'string' || value === '') {
    throw ApiError.single(400, `${name} must be a non-empty string.`, name);
  }
  return value;
}

/** `{"token"}`: the token a knob acts on. */
function tokenOf(value: unknown): string {
  return stringField(objectOf(value, ['token']), 'token', true) as string;
}

/** `{"message"?}` (or no body): the failure message a knob sets, undefined for the default. */
function messageOf(value: unknown): string | undefined {
  return value === null ? undefined : stringField(objectOf(value, ['message']), 'message');
}

const ELSEWHERE_FIELDS = ['action', 'imageId', 'label', 'regions', 'diskId'] as const;

/** `POST /__simulator/elsewhere`: performs a change as `someone-else`, through the API operation's own rules. */
function actElsewhere(context: Omit<ServerContext, 'control'>, raw: unknown): { image: SimImage | null; events: SimEvent[] } {
  const command = objectOf(raw, ELSEWHERE_FIELDS);
  const { state } = context;
  state.advance();
  const request = (params: Record<string, string>, body: unknown): RouteRequest => ({
    state,
    params,
    query: new URLSearchParams(),
    body,
    headers: {},
    token: undefined,
    uploadOrigin: context.uploadOrigin,
    username: ELSEWHERE_USERNAME,
  });
  const imageId = (): string => stringField(command, 'imageId', true) as string;
  const before = state.events.size;
  let image: unknown;
  switch (command.action) {
    case 'rename':
      image = updateImage(request({ imageId: imageId() }, { label: stringField(command, 'label', true) })).body;
      break;
    case 'delete':
      deleteImage(request({ imageId: imageId() }, undefined));
      image = null;
      break;
    case 'replicate':
      if (command.regions === undefined) {
        throw ApiError.single(400, 'replicate needs regions.', 'regions');
      }
      image = replicateImage(request({ imageId: imageId() }, { regions: command.regions })).body;
      break;
    case 'create': {
      let diskId = command.diskId;
      if (diskId === undefined) {
        const disk = [...state.disks.values()].find(
          (candidate) => candidate.status === 'ready' && candidate.filesystem !== 'swap' && state.linodes.has(candidate.linode_id),
        );
        if (!disk) {
          throw notFound();
        }
        diskId = disk.id;
      }
      const label = stringField(command, 'label');
      image = captureImage(request({}, label === undefined ? { disk_id: diskId } : { disk_id: diskId, label })).body;
      break;
    }
    default:
      throw ApiError.single(400, `action must be one of rename, delete, create, replicate (got ${JSON.stringify(command.action)}).`, 'action');
  }
  return { image: image as SimImage | null, events: structuredClone(state.events.list().slice(before)) };
}
