// The request pipeline: one function per request, in the contract's check order
//   base path → 401 → 403 → 429 → 404 route / OPTIONS / 405 → (503 transient) → 413 → 415 →
//   INVALID_JSON → path and query validation → handler (body fields → 404 resource → 409).
// Every partner response carries x-correlation-id, RateLimit and RateLimit-Policy; alias
// responses add Deprecation and Link. Nothing here allocates a regex or touches ajv.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, type Handler, type HandlerResult, type MockApp, type RequestContext } from '../app';
import { limitOf, type WindowLimit } from '../config';
import { apiError } from '../contract';
import { F } from '../faults/http';
import type { OrgState, Store } from '../store';
import { validateParams } from '../validation';
import type { OperationIndex } from '../../contract/types';
import { authorize, identify, type KeyPrincipal } from './auth';
import { aliasHeaders, splitBase } from './base';
import { readBody } from './body';
import { isJsonContentType } from './contentType';
import { effectiveCorrelationId, faultyCorrelationId } from './correlation';
import { Reply, sendEmpty, sendError, sendJson, sendText, type Logger } from './envelope';
import { parseJsonObject } from './json';
import type { KeyTable } from './keys';
import { policyHeader, rateLimitHeader, type RateLimiter, type RateState } from './rateLimit';
import type { Router } from './router';
import type { RequestStats } from './stats';
import type { TransientFailures } from './transient';
import { PARTNER_ONLY_HEADERS, stripCursorNonce, TRANSIENT_HTML, variationsOf } from './variations';

export interface PipelineDeps {
  readonly app: MockApp;
  readonly router: Router;
  readonly keys: KeyTable;
  readonly limiter: RateLimiter;
  readonly handlers: ReadonlyMap<string, Handler>;
  readonly transient: TransientFailures;
  readonly stats?: RequestStats;
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
  if (reply.faults.any && reply.faults.isOn(F.rateLimitHeadersMissing)) return;
  reply.headers['ratelimit-policy'] = policyHeader(s);
  reply.headers.ratelimit = rateLimitHeader(s);
}

function anonymousRate(limit: WindowLimit): RateState {
  return { allowed: true, quota: limit.quota, remaining: limit.quota, resetSeconds: Math.max(1, Math.ceil(limit.windowSeconds)), windowSeconds: limit.windowSeconds };
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
      sendError(reply, err);
      return;
    }
    if (reply.res.headersSent || reply.res.destroyed) return;
    process.stderr.write(`[mock] internal error in ${reply.operationId ?? reply.req.url}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    sendError(reply, apiError('INTERNAL_ERROR', 'Unexpected server error'));
  }

  function respond(reply: Reply, result: HandlerResult): void {
    sendJson(reply, result.status, result.body, result.headers);
  }

  function run(reply: Reply, op: OperationIndex, principal: KeyPrincipal, rawParams: Readonly<Record<string, string>> | null, search: string, body: unknown, alias: boolean): void {
    const params = decodeParams(rawParams);
    const ctx = new Context(op.operationId, op.method, params, search, body, principal, store, reply.correlationId, alias);
    validateParams(op, params, () => ctx.query, app);
    const handler = handlers.get(op.operationId);
    if (!handler) throw apiError('INTERNAL_ERROR', `The mock does not implement ${op.operationId}`);
    const result = handler(ctx);
    if (result instanceof Promise) result.then((r) => respond(reply, r), (e: unknown) => fail(reply, e));
    else respond(reply, result);
  }

  function withBody(reply: Reply, op: OperationIndex, principal: KeyPrincipal, rawParams: Readonly<Record<string, string>> | null, search: string, alias: boolean): void {
    const req = reply.req;
    const ignoreLimit = faults.isOn(F.bodyLimitIgnored);
    const max = limitOf(config, 'maxBodyBytes');
    readBody(req, ignoreLimit ? max * 16 : max).then(
      (raw) => {
        try {
          if (raw.tooLarge) throw apiError('PAYLOAD_TOO_LARGE', `The request body exceeds ${max} bytes`);
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

  /** A transient 503 in the configured shape (mock/http/variations.ts TransientShape). */
  function sendTransient(reply: Reply): void {
    const err = apiError('SERVICE_UNAVAILABLE', 'Temporarily unavailable; retry later', { 'retry-after': '1' });
    const shape = config.variations.transientShape;
    if (shape !== 'envelope') for (const h of PARTNER_ONLY_HEADERS) delete reply.headers[h];
    if (shape !== 'html') {
      sendError(reply, err);
      return;
    }
    reply.withoutCorrelation = true;
    reply.code = err.code;
    Object.assign(reply.headers, err.headers);
    sendText(reply, err.status, 'text/html; charset=utf-8', TRANSIENT_HTML);
  }

  function partner(reply: Reply, rel: string, search: string, alias: boolean): void {
    try {
      const req = reply.req;
      const method = req.method ?? 'GET';
      if (alias && faults.isOn(F.alias404)) throw apiError('ROUTE_NOT_FOUND', 'No route matches this path');

      // 401
      let entry;
      try {
        entry = identify(req.headers.authorization, keys);
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
        const headers: Record<string, string> = faults.isOn(F.rateLimitNoRetryAfter) ? {} : { 'retry-after': String(rate.resetSeconds) };
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
        const headers: Record<string, string> = faults.isOn(F.methodNotAllowedNoAllow) ? {} : { allow: match.route.allow };
        throw apiError('METHOD_NOT_ALLOWED', `${method} is not allowed on this path`, headers);
      }
      reply.operationId = op.operationId;

      // 503 (configured transient failures of reads)
      if (op.method === 'GET' && transient.fails()) {
        sendTransient(reply);
        return;
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
    const variations = variationsOf(config);
    const reply = new Reply(req, res, corr, faults, base !== null, config.logRequests ? deps.logger : null, variations, deps.stats ?? null);
    if (base === null) {
      sendError(reply, apiError('ROUTE_NOT_FOUND', 'No route matches this path (the API lives under the partner base path)'));
      return;
    }
    if (base.alias && !faults.isOn(F.aliasNoDeprecation)) Object.assign(reply.headers, aliasHeaders(base.rel, search));
    const partnerSearch = variations?.cursorNonce ? stripCursorNonce(search) : search;
    if (config.addedLatencyMs > 0) setTimeout(() => partner(reply, base.rel, partnerSearch, base.alias), config.addedLatencyMs);
    else partner(reply, base.rel, partnerSearch, base.alias);
  };
}
