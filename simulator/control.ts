// The control API under /__simulator/ on the api origin, so a test in another process can steer the simulator.
// Not recorded, not subject to faults, no auth (the servers listen on loopback).

import type { IncomingMessage, ServerResponse } from 'node:http';
import { faultFromJson, faultToJson, type FaultRule } from './faults';
import { writeResponse } from './http';
import type { ServerContext } from './apiServer';
import { SIMULATOR_READONLY_TOKEN, SIMULATOR_TOKEN } from './tokens';

export interface ControlActions {
  settle(): number;
  reset(): void;
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
            lifecycleMs: context.state.lifecycleMs,
            rateLimits: context.rateLimiter?.settings ?? null,
          });
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
      send(400, { errors: [{ reason: error instanceof Error ? error.message : String(error) }] });
    }
  };
}
