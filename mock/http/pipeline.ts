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
import { responseFaultHooks, resultFaults } from '../faults/response';
import type { OrgState, Store } from '../store';
import { validateBody, validateParams } from '../validation';
import type { HttpMethod, OperationIndex } from '../../contract/types';
import { authorizationOf, authorize, identify, type KeyPrincipal } from './auth';
import { aliasHeaders, splitBase } from './base';
import { readBody } from './body';
import { lingerOnClose } from './linger';
import { isJsonContentType } from './contentType';
import { effectiveCorrelationId, faultyCorrelationId } from './correlation';
import { sendEmpty, sendError, sendJson, sendText } from './envelope';
import { parseJsonObject } from './json';
import { joinHooks, Reply, type Logger } from './reply';
import type { KeyTable } from './keys';
import { anonymousRate, policyHeader, rateLimitHeader, type RateLimiter, type RateState } from './rateLimit';
import type { Router } from './router';
import type { RequestStats } from './stats';
import type { TransientFailures } from './transient';
import { PARTNER_ONLY_HEADERS, stripCursorNonce, TRANSIENT_HTML, variationHooks } from './variations';

export interface PipelineDeps {
  readonly app: MockApp;
  readonly router: Router;
  readonly keys: KeyTable;
  readonly limiter: RateLimiter;
  readonly handlers: ReadonlyMap<string, Handler>;
  /** Body checks replacing the contract's field rules for their operation. */
  readonly bodyChecks: ReadonlyMap<string, BodyCheck>;
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
    readonly method: HttpMethod,
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
  const pipeline = new Pipeline(deps);
  return (req, res) => pipeline.onRequest(req, res);
}

/** A resolved request: the operation, who calls it and its raw path parameters. */
interface Resolved {
  readonly op: OperationIndex;
  readonly principal: KeyPrincipal;
  readonly rawParams: Readonly<Record<string, string>> | null;
  readonly search: string;
  readonly alias: boolean;
}

/** One instance per mock: each method is one step of the check order above. */
class Pipeline {
  private readonly app: MockApp;
  private readonly config: MockApp['config'];

  constructor(private readonly deps: PipelineDeps) {
    this.app = deps.app;
    this.config = deps.app.config;
  }

  onRequest(req: IncomingMessage, res: ServerResponse): void {
    const { faults } = this.app;
    const url = req.url ?? '/';
    const qi = url.indexOf('?');
    const path = qi < 0 ? url : url.slice(0, qi);
    const search = qi < 0 ? '' : url.slice(qi + 1);
    if (path === '/__mock' || path.startsWith('/__mock/')) {
      this.deps.admin(req, res, path, search);
      return;
    }
    const base = splitBase(path);
    const corr = faults.any
      ? faultyCorrelationId(req.headers['x-correlation-id'], faults)
      : effectiveCorrelationId(req.headers['x-correlation-id']);
    const { variations } = this.config;
    const hooks = joinHooks(responseFaultHooks(faults), variationHooks(variations));
    const reply = new Reply(
      req,
      res,
      corr,
      base !== null,
      this.config.logRequests ? this.deps.logger : null,
      hooks,
      this.deps.stats ?? null,
    );
    if (base === null) {
      sendError(reply, apiError('ROUTE_NOT_FOUND', 'No route matches this path (the API lives under the partner base path)'));
      return;
    }
    if (base.alias) Object.assign(reply.headers, aliasHeaders(base.rel, search));
    const partnerSearch = variations.cursorNonce ? stripCursorNonce(search) : search;
    if (this.config.addedLatencyMs > 0)
      setTimeout(() => this.partner(reply, base.rel, partnerSearch, base.alias), this.config.addedLatencyMs);
    else this.partner(reply, base.rel, partnerSearch, base.alias);
  }

  private partner(reply: Reply, rel: string, search: string, alias: boolean): void {
    try {
      const method = reply.req.method ?? 'GET';
      const principal = this.authenticate(reply, method);
      // The fault: the alias is not routed (answered where the router answers an unknown path).
      if (alias && this.app.faults.isOn(F.alias404)) throw apiError('ROUTE_NOT_FOUND', 'No route matches this path');
      const match = this.route(reply, rel, method);
      if (!match) return;
      if (this.failTransiently(reply, match.op)) return;
      const resolved: Resolved = { op: match.op, principal, rawParams: match.rawParams, search, alias };
      if (match.op.requestBody) this.withBody(reply, resolved);
      else this.run(reply, resolved, undefined);
    } catch (e) {
      this.fail(reply, e);
    }
  }

  /** 401, 401 ACCOUNT_DISABLED, 403, then 429: every outcome carries the RateLimit headers. */
  private authenticate(reply: Reply, method: string): KeyPrincipal {
    const { config } = this;
    const { faults } = this.app;
    let entry;
    try {
      entry = identify(authorizationOf(reply.req), this.deps.keys, faults);
    } catch (e) {
      setRateHeaders(reply, anonymousRate(config.rateLimit));
      throw e;
    }
    reply.key = entry.key;
    const limit = entry.rate_limit === 'key' ? config.rateLimitKey : config.rateLimit;
    const now = this.app.now();
    let principal: KeyPrincipal;
    try {
      principal = authorize(entry, method, faults);
    } catch (e) {
      setRateHeaders(reply, this.deps.limiter.peek(entry.key, limit, now));
      throw e;
    }
    const rate = this.deps.limiter.take(entry.key, limit, now, !faults.isOn(F.rateLimitOff), faults.isOn(F.rateLimitOffByOne) ? 1 : 0);
    setRateHeaders(reply, rate);
    if (!rate.allowed) {
      const headers = { 'retry-after': String(rate.resetSeconds) };
      if (faults.isOn(F.rateLimitAs503)) throw apiError('SERVICE_UNAVAILABLE', 'Service unavailable', headers);
      throw apiError(
        'PARTNER_RATE_LIMIT_EXCEEDED',
        `Rate limit of ${rate.quota} requests per ${rate.windowSeconds} s exceeded; retry after ${rate.resetSeconds} s`,
        headers,
      );
    }
    return principal;
  }

  /** 404 route, OPTIONS (answered here: null), 405; else the operation. */
  private route(
    reply: Reply,
    rel: string,
    method: string,
  ): { op: OperationIndex; rawParams: Readonly<Record<string, string>> | null } | null {
    const match = this.deps.router.match(rel);
    if (!match) throw apiError('ROUTE_NOT_FOUND', 'No route matches this path');
    if (method === 'OPTIONS') {
      sendEmpty(reply, 204, { allow: match.route.allow });
      return null;
    }
    const op = match.route.methods.get(method === 'HEAD' ? 'GET' : method);
    if (!op) throw apiError('METHOD_NOT_ALLOWED', `${method} is not allowed on this path`, { allow: match.route.allow });
    reply.operationId = op.operationId;
    return { op, rawParams: match.rawParams };
  }

  /** 503: configured transient failures of reads, in the configured shape (variations.ts TransientShape). True when sent. */
  private failTransiently(reply: Reply, op: OperationIndex): boolean {
    if (op.method !== 'GET' || !this.deps.transient.fails()) return false;
    const err = apiError('SERVICE_UNAVAILABLE', 'Temporarily unavailable; retry later', { 'retry-after': '1' });
    const shape = this.config.variations.transientShape;
    if (shape !== 'envelope') for (const h of PARTNER_ONLY_HEADERS) delete reply.headers[h];
    if (shape !== 'html') {
      sendError(reply, err);
      return true;
    }
    reply.withoutCorrelation = true;
    reply.code = err.code;
    Object.assign(reply.headers, err.headers);
    sendText(reply, err.status, 'text/html; charset=utf-8', TRANSIENT_HTML);
    return true;
  }

  /** 413, 415, INVALID_JSON, then the operation. */
  private withBody(reply: Reply, r: Resolved): void {
    const req = reply.req;
    const { faults } = this.app;
    const max = limitOf(this.config, 'maxBodyBytes');
    readBody(req, faults.isOn(F.bodyLimitIgnored) ? max * 16 : max).then(
      (raw) => {
        try {
          if (raw.tooLarge) {
            if (raw.closeAfter) {
              reply.headers.connection = 'close';
              lingerOnClose(req.socket);
            }
            throw apiError('PAYLOAD_TOO_LARGE', `The request body exceeds ${max} bytes`);
          }
          if (raw.length > 0 && !isJsonContentType(req.headers['content-type']) && !faults.isOn(F.contentTypeIgnored)) {
            throw apiError('UNSUPPORTED_MEDIA_TYPE', 'The request body must be application/json');
          }
          this.run(reply, r, parseJsonObject(raw.bytes, faults.isOn(F.invalidJsonAsEmpty)));
        } catch (e) {
          this.fail(reply, e);
        }
      },
      () => {
        /* the client went away while sending: nothing to answer */
      },
    );
  }

  /** Path and query validation, body checks, then the handler. */
  private run(reply: Reply, r: Resolved, body: unknown): void {
    const { op } = r;
    const params = decodeParams(r.rawParams);
    const ctx = new Context(op.operationId, op.method, params, r.search, body, r.principal, this.app.store, reply.correlationId, r.alias);
    validateParams(op, params, () => ctx.query, this.app);
    if (op.requestBody) {
      const check = this.deps.bodyChecks.get(op.operationId);
      if (check) check(ctx);
      else validateBody(op, body as Readonly<Record<string, unknown>>, this.app);
    }
    const handler = this.deps.handlers.get(op.operationId);
    if (!handler) throw apiError('INTERNAL_ERROR', `The mock does not implement ${op.operationId}`);
    const result = handler(ctx);
    if (result instanceof Promise)
      result.then(
        (res) => this.respond(reply, res, r.alias),
        (e: unknown) => this.fail(reply, e),
      );
    else this.respond(reply, result, r.alias);
  }

  private respond(reply: Reply, result: HandlerResult, alias: boolean): void {
    const { faults } = this.app;
    const r = faults.any ? resultFaults(faults, reply.operationId!, alias, result) : result;
    // Deviation setting: undeclared fields on an operation's success body.
    const extra = reply.operationId ? this.config.extraFields[reply.operationId] : undefined;
    sendJson(reply, r.status, extra && r.status < 300 ? { ...r.body, ...extra } : r.body, r.headers);
  }

  private fail(reply: Reply, err: unknown): void {
    if (err instanceof ApiError) {
      // Deviation setting: another code for the same case (status and message unchanged).
      const code = this.config.codeOverrides[err.code];
      sendError(reply, code ? new ApiError(err.status, code, err.message, err.headers) : err);
      return;
    }
    if (reply.res.headersSent || reply.res.destroyed) return;
    process.stderr.write(
      `[mock] internal error in ${reply.operationId ?? reply.req.url}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    sendError(reply, apiError('INTERNAL_ERROR', 'Unexpected server error'));
  }
}
