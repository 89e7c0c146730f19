// The admin API, outside every partner base path (never reachable under /api/v0/partner or the
// alias: those paths go through the partner router and get 404 ROUTE_NOT_FOUND):
//   POST      /__mock/reset    clear all data and rate-limit windows (faults and config stay)
//   GET|PUT   /__mock/faults   {"faults": ["name", …]} switched on; GET also lists the catalogue
//   GET|PATCH /__mock/config   the live configuration; PATCH merges known fields
//   GET       /__mock/stats    requests, 429s and 5xx per API key since start
// Access rules (loopback Host or admin token, no foreign Origin, JSON writes): adminAccess.ts.
// Errors use the partner envelope shape.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { adminRefusal } from './adminAccess';
import type { MockConfig } from './config';
import { patchConfig } from './config';
import type { FaultSwitch } from './faults/switch';
import { UnknownFaultError } from './faults/switch';
import { readBody } from './http/body';
import { lingerOnClose } from './http/linger';
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

/** An admin request refused while reading its body. */
class AdminError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function send(res: ServerResponse, status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): void {
  const corr = correlationId();
  const text = JSON.stringify({ ...body, correlation_id: corr });
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(text)),
    'x-correlation-id': corr,
    ...headers,
  });
  res.end(text);
}

function error(res: ServerResponse, status: number, code: string, message: string, headers?: Record<string, string>): void {
  send(res, status, { code, message }, headers);
}

async function jsonBody(req: IncomingMessage, res: ServerResponse): Promise<unknown> {
  const raw = await readBody(req, ADMIN_BODY_MAX);
  if (raw.tooLarge) {
    if (raw.closeAfter) {
      res.setHeader('connection', 'close');
      lingerOnClose(req.socket);
    }
    throw new AdminError(413, 'PAYLOAD_TOO_LARGE', `The admin body exceeds ${ADMIN_BODY_MAX} bytes`);
  }
  if (raw.length === 0) return {};
  try {
    return JSON.parse(raw.bytes.toString('utf8'));
  } catch (e) {
    throw new AdminError(400, 'INVALID_JSON', `Bad admin request: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** The live configuration as GET/PATCH show it (never the admin token). */
function shownConfig(config: MockConfig): Record<string, unknown> {
  const { adminToken: _secret, ...shown } = config;
  return shown;
}

function faultsBody(faults: FaultSwitch): Record<string, unknown> {
  return { faults: faults.list(), catalogue: faults.catalogue };
}

type AdminHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** PUT /__mock/faults: the set of faults switched on, replaced as a whole. */
async function putFaults(faults: FaultSwitch, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = (await jsonBody(req, res)) as { faults?: unknown };
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
}

/** The admin routes: path → method → handler. */
function adminRoutes(deps: AdminDeps): Record<string, Record<string, AdminHandler>> {
  const { config, faults } = deps;
  const answer =
    (body: () => Record<string, unknown>): AdminHandler =>
    (req, res) => {
      req.resume();
      send(res, 200, body());
    };
  return {
    '/__mock/reset': {
      POST: (req, res) => {
        req.resume();
        deps.reset();
        send(res, 200, { reset: true });
      },
    },
    '/__mock/faults': { GET: answer(() => faultsBody(faults)), PUT: (req, res) => putFaults(faults, req, res) },
    '/__mock/config': {
      GET: answer(() => ({ config: shownConfig(config) })),
      PATCH: async (req, res) => {
        const patch = await jsonBody(req, res);
        const problems = patchConfig(config, patch);
        if (problems.length) {
          error(res, 400, 'INVALID_CONFIG', problems.join('; '));
          return;
        }
        deps.patched?.(Object.keys(patch as object));
        send(res, 200, { config: shownConfig(config) });
      },
    },
    '/__mock/stats': { GET: answer(() => ({ keys: deps.stats?.snapshot() ?? {} })) },
  };
}

export function createAdmin(deps: AdminDeps): (req: IncomingMessage, res: ServerResponse, path: string, search: string) => void {
  const { config } = deps;
  const routes = adminRoutes(deps);

  return (req, res, path) => {
    const refusal = adminRefusal(req, config);
    if (refusal) {
      req.resume();
      error(res, refusal.status, refusal.code, refusal.message);
      return;
    }
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
        if (res.headersSent) return;
        if (e instanceof AdminError) error(res, e.status, e.code, e.message);
        else error(res, 400, 'INVALID_JSON', `Bad admin request: ${e instanceof Error ? e.message : String(e)}`);
      });
  };
}
