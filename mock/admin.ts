// The admin API, outside every partner base path (never reachable under /api/v0/partner or the
// alias: those paths go through the partner router and get 404 ROUTE_NOT_FOUND):
//   POST      /__mock/reset    clear all data and rate-limit windows (faults and config stay)
//   GET|PUT   /__mock/faults   {"faults": ["name", …]} switched on; GET also lists the catalogue
//   GET|PATCH /__mock/config   the live configuration; PATCH merges known fields
//   GET       /__mock/stats    requests, 429s and 5xx per API key since start
// No authentication: the mock is a local test double. Errors use the partner envelope shape.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MockConfig } from './config';
import { patchConfig } from './config';
import type { FaultSwitch } from './faults/switch';
import { UnknownFaultError } from './faults/switch';
import { readBody } from './http/body';
import type { RequestStats } from './http/stats';
import { correlationId } from './ids';

export interface AdminDeps {
  readonly config: MockConfig;
  readonly faults: FaultSwitch;
  /** Clears the store, rate-limit windows and anything else stateful. */
  readonly reset: () => void;
  /** Called after a successful PATCH /__mock/config with the fields patched. */
  readonly patched?: (fields: readonly string[]) => void;
  readonly stats?: RequestStats;
}

const ADMIN_BODY_MAX = 1024 * 1024;

function send(res: ServerResponse, status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): void {
  const corr = correlationId();
  const text = JSON.stringify({ ...body, correlation_id: corr });
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), 'x-correlation-id': corr, ...headers });
  res.end(text);
}

function error(res: ServerResponse, status: number, code: string, message: string, headers?: Record<string, string>): void {
  send(res, status, { code, message }, headers);
}

async function jsonBody(req: IncomingMessage): Promise<unknown> {
  const raw = await readBody(req, ADMIN_BODY_MAX);
  if (raw.tooLarge) throw new Error('body too large');
  if (raw.length === 0) return {};
  return JSON.parse(raw.bytes.toString('utf8'));
}

function faultsBody(faults: FaultSwitch): Record<string, unknown> {
  return { faults: faults.list(), catalogue: faults.catalogue };
}

export function createAdmin(deps: AdminDeps): (req: IncomingMessage, res: ServerResponse, path: string, search: string) => void {
  const { config, faults } = deps;

  const routes: Record<string, Record<string, (req: IncomingMessage, res: ServerResponse) => void | Promise<void>>> = {
    '/__mock/reset': {
      POST: (req, res) => {
        req.resume();
        deps.reset();
        send(res, 200, { reset: true });
      },
    },
    '/__mock/faults': {
      GET: (req, res) => {
        req.resume();
        send(res, 200, faultsBody(faults));
      },
      PUT: async (req, res) => {
        const body = (await jsonBody(req)) as { faults?: unknown };
        if (!body || typeof body !== 'object' || !Array.isArray(body.faults) || !body.faults.every((f) => typeof f === 'string')) {
          error(res, 400, 'INVALID_FAULTS', 'Expected {"faults": ["name", …]}');
          return;
        }
        try {
          faults.set(body.faults as string[]);
        } catch (e) {
          if (e instanceof UnknownFaultError) {
            error(res, 400, 'UNKNOWN_FAULT', e.message);
            return;
          }
          throw e;
        }
        send(res, 200, faultsBody(faults));
      },
    },
    '/__mock/config': {
      GET: (req, res) => {
        req.resume();
        send(res, 200, { config: { ...config } });
      },
      PATCH: async (req, res) => {
        const patch = await jsonBody(req);
        const problems = patchConfig(config, patch);
        if (problems.length) {
          error(res, 400, 'INVALID_CONFIG', problems.join('; '));
          return;
        }
        deps.patched?.(Object.keys(patch as object));
        send(res, 200, { config: { ...config } });
      },
    },
    '/__mock/stats': {
      GET: (req, res) => {
        req.resume();
        send(res, 200, { keys: deps.stats?.snapshot() ?? {} });
      },
    },
  };

  return (req, res, path) => {
    const route = routes[path.endsWith('/') && path.length > 1 ? path.slice(0, -1) : path];
    if (!route) {
      req.resume();
      error(res, 404, 'ROUTE_NOT_FOUND', 'Unknown admin route (see /__mock/reset, /__mock/faults, /__mock/config, /__mock/stats)');
      return;
    }
    const handler = route[req.method ?? 'GET'];
    if (!handler) {
      req.resume();
      error(res, 405, 'METHOD_NOT_ALLOWED', `${req.method} is not allowed here`, { allow: Object.keys(route).join(', ') });
      return;
    }
    Promise.resolve()
      .then(() => handler(req, res))
      .catch((e: unknown) => {
        if (!res.headersSent) error(res, 400, 'INVALID_JSON', `Bad admin request: ${e instanceof Error ? e.message : String(e)}`);
      });
  };
}
