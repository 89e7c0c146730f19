// The request pipeline: one function per request, in the contract's check order
//   base path → 401 → 403 → 429 → 404 route / OPTIONS / 405 → (503 transient) → 413 → 415 →
//   INVALID_JSON → path and query validation → body checks → handler (404 resource → 409).
// Every partner response carries x-correlation-id, RateLimit and RateLimit-Policy; alias
// responses add Deprecation and Link. Nothing here allocates a regex or touches ajv.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, type BodyCheck, type Handler, type HandlerResult, type MockApp, type RequestContext } from '../app';
import { limitOf } from '../config';
import { apiError } from '../contract';
import { F } from '../faults/http';
import { resultFaults } from '../faults/response';
import type { OrgState, Store } from '../store';
import { validateBody, validateParams } from '../validation';
import type { OperationIndex } from '../../contract/types';
import { authorizationOf, authorize, identify, type KeyPrincipal } from './auth';
import { aliasHeaders, splitBase } from './base';
import { readBody } from './body';
import { lingerOnClose } from './linger';
import { isJsonContentType } from './contentType';
import { effectiveCorrelationId, faultyCorrelationId } from './correlation';
import { Reply, sendEmpty, sendError, sendJson, type Logger } from './envelope';
import { parseJsonObject } from './json';
import type { KeyTable } from './keys';
import { anonymousRate, policyHeader, rateLimitHeader, type RateLimiter, type RateState } from './rateLimit';
import type { Router } from './router';
import type { TransientFailures } from './transient';

export interface PipelineDeps {
  readonly app: MockApp;
  readonly router: Router;
  readonly keys: KeyTable;
  readonly limiter: RateLimiter;
  readonly handlers: ReadonlyMap<string, Handler>;
  /** Body checks replacing the contract's field rules for their operation. */
  readonly bodyChecks: ReadonlyMap<string, BodyCheck>;
  readonly transient: TransientFailures;
  readonly admin: (req: IncomingMessage, res: ServerResponse, path: string, search: string) => void;
  readonly logger: Logger;
}

class Context implements RequestContext {
  private q: URLSearchParams | null = null;
  private state: OrgState | null = null;

  constructor(
    readonly operationId: string,
    readonly method: 'GET' | 'POST' | 'PUT',
    readonly params: Readonly<Record<string, string>>,
    private readonly search: string,
    readonly body: unknown,
    readonly principal: KeyPrincipal,
    private readonly store: Store,
    readonly correlationId: string,
    readonly alias: boolean,
  ) {}

  get query(): URLSearchParams {
    return (this.q ??= new URLSearchParams(this.search));
  }

  get org(): OrgState {
    return (this.state ??= this.store.org(this.principal.orgId));
  }
}

function setRateHeaders(reply: Reply, s: RateState): void {
  reply.headers['ratelimit-policy'] = policyHeader(s);
  reply.headers.ratelimit = rateLimitHeader(s);
}

/** Percent-decodes path parameters; a value that cannot be decoded stays raw and fails its pattern. */
function decodeParams(raw: Readonly<Record<string, string>> | null): Record<string, string> {
  const out: Record<string, string> = {};
  if (!raw) return out;
  for (const name in raw) {
    const v = raw[name]!;
    if (v.indexOf('%') < 0) out[name] = v;
    else {
      try {
        out[name] = decodeURIComponent(v);
      } catch {
        out[name] = v;
      }
    }
  }
  return out;
}

export function createPipeline(deps: PipelineDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const { app, router, keys, limiter, handlers, transient } = deps;
  const { faults, store } = app;
  const config = app.config;

  function fail(reply: Reply, err: unknown): void {
    if (err instanceof ApiError) {
      // Deviation setting: another code for the same case (status and message unchanged).
      const code = config.codeOverrides[err.code];
      sendError(reply, code ? new ApiError(err.status, code, err.message, err.headers) : err);
      return;
    }
    if (reply.res.headersSent || reply.res.destroyed) return;
    process.stderr.write(`[mock] internal error in ${reply.operationId ?? reply.req.url}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    sendError(reply, apiError('INTERNAL_ERROR', 'Unexpected server error'));
  }

  function respond(reply: Reply, result: HandlerResult, alias: boolean): void {
    const r = faults.any ? resultFaults(faults, reply.operationId!, alias, result) : result;
    // Deviation setting: undeclared fields on an operation's success body.
    const extra = reply.operationId ? config.extraFields[reply.operationId] : undefined;
    sendJson(reply, r.status, extra && r.status < 300 ? { ...r.body, ...extra } : r.body, r.headers);
  }

  function run(reply: Reply, op: OperationIndex, principal: KeyPrincipal, rawParams: Readonly<Record<string, string>> | null, search: string, body: unknown, alias: boolean): void {
    const params = decodeParams(rawParams);
    const ctx = new Context(op.operationId, op.method, params, search, body, principal, store, reply.correlationId, alias);
    validateParams(op, params, () => ctx.query, app);
    if (op.requestBody) {
      const check = deps.bodyChecks.get(op.operationId);
      if (check) check(ctx);
      else validateBody(op, body as Readonly<Record<string, unknown>>, app);
    }
    const handler = handlers.get(op.operationId);
    if (!handler) throw apiError('INTERNAL_ERROR', `The mock does not implement ${op.operationId}`);
    const result = handler(ctx);
    if (result instanceof Promise) result.then((r) => respond(reply, r, alias), (e: unknown) => fail(reply, e));
    else respond(reply, result, alias);
  }

  function withBody(reply: Reply, op: OperationIndex, principal: KeyPrincipal, rawParams: Readonly<Record<string, string>> | null, search: string, alias: boolean): void {
    const req = reply.req;
    const ignoreLimit = faults.isOn(F.bodyLimitIgnored);
    const max = limitOf(config, 'maxBodyBytes');
    readBody(req, ignoreLimit ? max * 16 : max).then(
      (raw) => {
        try {
          if (raw.tooLarge) {
            if (raw.closeAfter) {
              reply.headers.connection = 'close';
              lingerOnClose(req.socket);
            }
            throw apiError('PAYLOAD_TOO_LARGE', `The request body exceeds ${max} bytes`);
          }
          const hasBody = raw.length > 0;
          if (hasBody && !isJsonContentType(req.headers['content-type']) && !faults.isOn(F.contentTypeIgnored)) {
            throw apiError('UNSUPPORTED_MEDIA_TYPE', 'The request body must be application/json');
          }
          const body = parseJsonObject(raw.bytes);
          run(reply, op, principal, rawParams, search, body, alias);
        } catch (e) {
          fail(reply, e);
        }
      },
      () => {
        /* the client went away while sending: nothing to answer */
      },
    );
  }

  function partner(reply: Reply, rel: string, search: string, alias: boolean): void {
    try {
      const req = reply.req;
      const method = req.method ?? 'GET';
      if (alias && faults.isOn(F.alias404)) throw apiError('ROUTE_NOT_FOUND', 'No route matches this path');

      // 401
      let entry;
      try {
        entry = identify(authorizationOf(req), keys);
      } catch (e) {
        setRateHeaders(reply, anonymousRate(config.rateLimit));
        throw e;
      }
      reply.key = entry.key;
      const limit = entry.rate_limit === 'key' ? config.rateLimitKey : config.rateLimit;
      const now = app.now();

      // 401 ACCOUNT_DISABLED, 403
      let principal: KeyPrincipal;
      try {
        principal = authorize(entry, method, faults);
      } catch (e) {
        setRateHeaders(reply, limiter.peek(entry.key, limit, now));
        throw e;
      }

      // 429
      const rate = limiter.take(entry.key, limit, now, !faults.isOn(F.rateLimitOff));
      setRateHeaders(reply, rate);
      if (!rate.allowed) {
        const headers = { 'retry-after': String(rate.resetSeconds) };
        if (faults.isOn(F.rateLimitAs503)) throw apiError('SERVICE_UNAVAILABLE', 'Service unavailable', headers);
        throw apiError('PARTNER_RATE_LIMIT_EXCEEDED', `Rate limit of ${rate.quota} requests per ${rate.windowSeconds} s exceeded; retry after ${rate.resetSeconds} s`, headers);
      }

      // 404 route, OPTIONS, 405
      const match = router.match(rel);
      if (!match) throw apiError('ROUTE_NOT_FOUND', 'No route matches this path');
      if (method === 'OPTIONS') {
        sendEmpty(reply, 204, { allow: match.route.allow });
        return;
      }
      const op = match.route.methods.get(method === 'HEAD' ? 'GET' : method);
      if (!op) {
        throw apiError('METHOD_NOT_ALLOWED', `${method} is not allowed on this path`, { allow: match.route.allow });
      }
      reply.operationId = op.operationId;

      // 503 (configured transient failures of reads)
      if (op.method === 'GET' && transient.fails()) {
        throw apiError('SERVICE_UNAVAILABLE', 'Temporarily unavailable; retry later', { 'retry-after': '1' });
      }

      if (op.requestBody) withBody(reply, op, principal, match.rawParams, search, alias);
      else run(reply, op, principal, match.rawParams, search, undefined, alias);
    } catch (e) {
      fail(reply, e);
    }
  }

  return function onRequest(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? '/';
    const qi = url.indexOf('?');
    const path = qi < 0 ? url : url.slice(0, qi);
    const search = qi < 0 ? '' : url.slice(qi + 1);
    if (path === '/__mock' || path.startsWith('/__mock/')) {
      deps.admin(req, res, path, search);
      return;
    }
    const base = splitBase(path);
    const corr = faults.any ? faultyCorrelationId(req.headers['x-correlation-id'], faults) : effectiveCorrelationId(req.headers['x-correlation-id']);
    const reply = new Reply(req, res, corr, faults, base !== null, config.logRequests ? deps.logger : null);
    if (base === null) {
      sendError(reply, apiError('ROUTE_NOT_FOUND', 'No route matches this path (the API lives under the partner base path)'));
      return;
    }
    if (base.alias) Object.assign(reply.headers, aliasHeaders(base.rel, search));
    if (config.addedLatencyMs > 0) setTimeout(() => partner(reply, base.rel, search, base.alias), config.addedLatencyMs);
    else partner(reply, base.rel, search, base.alias);
  };
}
