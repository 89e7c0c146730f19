// MeshiClient: the one way tests talk to the target. Built on Playwright's APIRequestContext (the
// `request` fixture) with no hidden retries (failOnStatusCode false, maxRetries 0, no redirects).
// Every call:
//   * builds the URL from the contract (path template, encodeURIComponent for parameters);
//   * sends a unique, valid x-correlation-id (`ct-<namespace>-w<worker>-<n>`) unless told otherwise;
//   * runs the universal checks on the response and reports each violation as a soft failure whose
//     message starts with the bracketed guarantee ID (the whole test fails, the test goes on);
//   * is recorded on the test as a JSON attachment (redacted; curl line with `$MESHI_…` keys).
// Conformance calls never retry; set-up calls tolerate transient failures (harness/transient.ts).

import { expect, test, type APIRequestContext, type APIResponse, type TestInfo } from '@playwright/test';
import { contract, matchRoute, operation, operationsOnPath, type OperationIndex } from '../contract';
import { runChecks, type Exchange, type ExchangeKind, type Violation } from './checks';
import { KEY_ENV, KEY_NAMES, type HarnessConfig, type KeyName } from './config';
import { GuaranteeViolation, ReadOnlyTargetError, SetupError, TransientError } from './errors';
import { gid } from './checks/ids';
import { attachRecord, buildRecord, type RawCall } from './record';
import type { Pacer } from './pacer';
import { Redactor } from './redact';
import { SentRegistry } from './sentRegistry';
import { carriesIdempotencyKey, isSafeMethod, isTransientOutcome, markTransientAttempt, setupRetryDecision, TRANSIENT_STATUSES } from './transient';
import { findUuids } from './uuid';

export type Base = 'current' | 'alias';
export type QueryValue = string | number | boolean | null | undefined | readonly (string | number | boolean)[];
export type QueryInput = Readonly<Record<string, QueryValue>> | URLSearchParams | string;

export interface CallOptions {
  /** Path parameters by name; encoded with encodeURIComponent. */
  readonly params?: Readonly<Record<string, string | number>>;
  /** Query parameters (object, URLSearchParams, or a raw query string sent verbatim). */
  readonly query?: QueryInput;
  /** JSON body (serialised with JSON.stringify). */
  readonly body?: unknown;
  /** Body sent verbatim (invalid JSON, huge payloads…). Excludes `body`. */
  readonly rawBody?: string | Buffer;
  /** Extra headers (override the client's, including authorization). */
  readonly headers?: Readonly<Record<string, string>>;
  /** A configured key by name (`write`, `read`, `orgB`, …), a literal bearer value, or null for no Authorization header. */
  readonly key?: KeyName | (string & {}) | null;
  readonly base?: Base;
  /** Content-Type of the body (default application/json); null sends none. */
  readonly contentType?: string | null;
  /** x-correlation-id to send; null sends none; default a fresh `ct-…` value. */
  readonly correlationId?: string | null;
  /** Method override, e.g. HEAD or OPTIONS on the operation's path (or PATCH for 405 tests). */
  readonly method?: string;
  /** A set-up call: tolerates transient failures (see harness/transient.ts) and must succeed. */
  readonly setup?: boolean;
  /** Statuses a set-up call accepts besides 2xx (e.g. [409]). */
  readonly okStatuses?: readonly number[];
  /** Universal checks switched off for this call (shown in the record). */
  readonly skipChecks?: readonly string[];
  /** A 429 is what the test is observing (default: true only for the rate-limit key). */
  readonly expectRateLimit?: boolean;
  /** Return 502/503/504 responses instead of throwing TransientError (tests of those responses). */
  readonly acceptTransient?: boolean;
  readonly timeoutMs?: number;
  /** A short label for the record (e.g. `create the event`). */
  readonly label?: string;
}

export interface MeshiResponse<T = any> {
  readonly status: number;
  /** Lower-case header names; repeated headers joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON body (undefined when empty or not JSON). */
  readonly body: T;
  readonly text: string;
  /** The x-correlation-id response header (null when missing). */
  readonly correlationId: string | null;
  /** The x-correlation-id sent (null when none was sent). */
  readonly sentCorrelationId: string | null;
  readonly durationMs: number;
  readonly method: string;
  readonly url: string;
  readonly operationId: string | null;
  readonly kind: ExchangeKind;
  /** Universal-check violations found on this response (each already reported as a soft failure). */
  readonly violations: readonly Violation[];
  /** Attempts made (1 unless a set-up call retried). */
  readonly attempts: number;
  readonly raw: APIResponse;
}

/** Where violations go: by default a soft expectation failure (the test fails, carrying the ID). */
export type ViolationSink = (message: string, violation: Violation) => void;

export const softFailureSink: ViolationSink = (message) => {
  expect.soft(false, message).toBe(true);
};

/** State shared by every client of one test: the call counter, the test, the registry. */
export interface ClientContext {
  readonly request: APIRequestContext;
  readonly config: HarnessConfig;
  /** The running test (records, annotations, markers); null outside a test. */
  readonly testInfo: TestInfo | null;
  readonly redactor: Redactor;
  readonly registry: SentRegistry;
  readonly sink: ViolationSink;
  /** `ct-<namespace>-w<worker>` */
  readonly correlationPrefix: string;
  /** Records every call as an attachment (default true). */
  readonly record?: boolean;
  /** Sleep used by set-up retries and pacing (tests inject a fake clock). */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Paces calls by the target's RateLimit header (worker-wide); none when absent. */
  readonly pacer?: Pacer;
}

let correlationSeq = 0;
let callSeqByTest = new WeakMap<object, number>();

export function resetClientCounters(): void {
  correlationSeq = 0;
  callSeqByTest = new WeakMap();
}

function nextCallNumber(ctx: ClientContext): number {
  const k = (ctx.testInfo ?? ctx) as object;
  const n = (callSeqByTest.get(k) ?? 0) + 1;
  callSeqByTest.set(k, n);
  return n;
}

/** Builds the query string: repeated keys for arrays; null/undefined skipped. */
export function buildQuery(q: QueryInput | undefined): string {
  if (q === undefined) return '';
  if (typeof q === 'string') return q.replace(/^\?/, '');
  if (q instanceof URLSearchParams) return q.toString();
  const parts: string[] = [];
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined || v === null) continue;
    const values = Array.isArray(v) ? v : [v];
    for (const x of values) parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(String(x))}`);
  }
  return parts.join('&');
}

/** Fills a path template: `/events/{event_id}` + {event_id: 'a b'} → `/events/a%20b`. */
export function fillPath(template: string, params: Readonly<Record<string, string | number>> = {}): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const v = params[name];
    if (v === undefined) throw new Error(`[HARNESS] path parameter ${name} missing for ${template}`);
    return encodeURIComponent(String(v));
  });
}

function headerMap(res: APIResponse): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { name, value } of res.headersArray()) {
    const k = name.toLowerCase();
    out[k] = k in out ? `${out[k]}, ${value}` : value;
  }
  return out;
}

function lowerHeaders(h: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h ?? {})) out[k.toLowerCase()] = v;
  return out;
}

const sleepReal = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

interface Target {
  readonly kind: ExchangeKind;
  readonly operationId: string | null;
  readonly base: 'current' | 'alias' | 'none';
  /** Relative path (to the base) without query. */
  readonly path: string;
  readonly url: string;
  readonly method: string;
  /** The operation whose semantics the request has (run-creating etc.), if any. */
  readonly op: OperationIndex | null;
}

export class MeshiClient {
  constructor(
    readonly ctx: ClientContext,
    readonly defaults: { readonly key: KeyName | (string & {}) | null; readonly base?: Base; readonly setup?: boolean } = { key: 'write' },
  ) {}

  /** The same client with another default key (a configured key name or a literal value). */
  withKey(key: KeyName | (string & {}) | null): MeshiClient {
    return new MeshiClient(this.ctx, { ...this.defaults, key });
  }

  /** The same client addressing the legacy alias base by default. */
  get alias(): MeshiClient {
    return new MeshiClient(this.ctx, { ...this.defaults, base: 'alias' });
  }

  /** The same client for set-up calls: transient-tolerant, must succeed. */
  get setup(): MeshiClient {
    return new MeshiClient(this.ctx, { ...this.defaults, setup: true });
  }

  /** Calls a contract operation. */
  async call<T = any>(operationId: string, opts: CallOptions = {}): Promise<MeshiResponse<T>> {
    const op = operation(operationId);
    const method = (opts.method ?? op.method).toUpperCase();
    const base: Base = opts.base ?? this.defaults.base ?? 'current';
    const path = fillPath(op.path, opts.params);
    let kind: ExchangeKind = 'operation';
    let addressed: OperationIndex | null = op;
    if (method !== op.method) {
      const same = operationsOnPath(op.path);
      const exact = same.find((o) => o.method === method);
      if (exact) addressed = exact;
      else if (method === 'HEAD') {
        kind = 'head';
        addressed = same.find((o) => o.method === 'GET') ?? op;
      } else if (method === 'OPTIONS') kind = 'options';
      else kind = 'method-not-allowed';
    }
    const url = this.urlFor(base, path, opts.query);
    return this.send<T>({ kind, operationId: addressed.operationId, base, path, url, method, op: addressed }, opts);
  }

  /**
   * Calls a path that is not (or not necessarily) a contract operation: unknown routes (404),
   * unsupported methods (405), HEAD/OPTIONS. `path` is relative to the base (`/nope`), or, with
   * base 'root', relative to the target's root (`/api/v0/partner/auth`, `/`, `/elsewhere`).
   */
  async raw<T = any>(method: string, path: string, opts: Omit<CallOptions, 'params' | 'base' | 'method'> & { base?: Base | 'root' } = {}): Promise<MeshiResponse<T>> {
    const m = method.toUpperCase();
    const qIndex = path.indexOf('?');
    const pathOnly = qIndex >= 0 ? path.slice(0, qIndex) : path;
    const inlineQuery = qIndex >= 0 ? path.slice(qIndex + 1) : '';
    const query = [inlineQuery, buildQuery(opts.query)].filter(Boolean).join('&');
    let base: 'current' | 'alias' | 'none' = opts.base === 'root' ? 'none' : (opts.base ?? this.defaults.base ?? 'current');
    let rel = pathOnly;
    if (base === 'none') {
      for (const [b, prefix] of [['current', contract.basePath], ['alias', contract.aliasBasePath]] as const) {
        if (rel === prefix || rel.startsWith(`${prefix}/`)) {
          base = b;
          rel = rel.slice(prefix.length);
          break;
        }
      }
    }
    const root = this.root();
    const url = base === 'none' ? `${root}${pathOnly}${query ? `?${query}` : ''}` : `${root}${base === 'alias' ? contract.aliasBasePath : contract.basePath}${rel}${query ? `?${query}` : ''}`;
    let kind: ExchangeKind = 'outside';
    let op: OperationIndex | null = null;
    if (base !== 'none') {
      const match = matchRoute(m, rel);
      if (match.path === null) kind = 'route-not-found';
      else if (match.operation) {
        kind = 'operation';
        op = match.operation;
      } else if (m === 'HEAD') {
        kind = 'head';
        op = operationsOnPath(match.path).find((o) => o.method === 'GET') ?? operationsOnPath(match.path)[0] ?? null;
      } else if (m === 'OPTIONS') {
        kind = 'options';
        op = operationsOnPath(match.path)[0] ?? null;
      } else {
        kind = 'method-not-allowed';
        op = operationsOnPath(match.path)[0] ?? null;
      }
    }
    const { base: _base, ...rest } = opts;
    return this.send<T>({ kind, operationId: op?.operationId ?? null, base, path: base === 'none' ? pathOnly : rel, url, method: m, op }, rest);
  }

  // -------------------------------------------------------------------------------------------

  private root(): string {
    const r = this.ctx.config.rootUrl;
    if (!r) throw new Error('[HARNESS] no target: MESHI_BASE_URL is not set (the bundled mock is started by globalSetup of the conformance project)');
    return r;
  }

  private urlFor(base: Base, relPath: string, query: QueryInput | undefined): string {
    const q = buildQuery(query);
    return `${this.root()}${base === 'alias' ? contract.aliasBasePath : contract.basePath}${relPath}${q ? `?${q}` : ''}`;
  }

  /** The bearer value for a key option, skipping the test when a named key is not configured. */
  private resolveKey(key: KeyName | (string & {}) | null): string | null {
    if (key === null) return null;
    if ((KEY_NAMES as readonly string[]).includes(key)) {
      const v = this.ctx.config.keys[key as KeyName];
      if (!v) {
        const reason = `not exercised: no ${KEY_ENV[key as KeyName]}`;
        if (this.ctx.testInfo) this.ctx.testInfo.skip(true, reason);
        throw new Error(`[HARNESS] ${reason}`);
      }
      return v;
    }
    return key;
  }

  private nextCorrelationId(): string {
    correlationSeq += 1;
    return `${this.ctx.correlationPrefix}-${correlationSeq}`;
  }

  private async send<T>(t: Target, opts: CallOptions): Promise<MeshiResponse<T>> {
    const { ctx } = this;
    const setup = opts.setup ?? this.defaults.setup ?? false;
    if (ctx.config.readOnly && !isSafeMethod(t.method)) throw new ReadOnlyTargetError(`${t.method} ${t.path}`);
    if (opts.body !== undefined && opts.rawBody !== undefined) throw new Error('[HARNESS] give either body or rawBody, not both');

    const keyOpt = opts.key !== undefined ? opts.key : this.defaults.key;
    const bearer = this.resolveKey(keyOpt);
    const headers: Record<string, string> = {};
    if (bearer !== null) headers.authorization = `Bearer ${bearer}`;
    const sentCorrelationId = opts.correlationId === undefined ? this.nextCorrelationId() : opts.correlationId;
    if (sentCorrelationId !== null) headers['x-correlation-id'] = sentCorrelationId;
    let data: Buffer | undefined;
    if (opts.rawBody !== undefined) data = Buffer.isBuffer(opts.rawBody) ? opts.rawBody : Buffer.from(opts.rawBody, 'utf8');
    else if (opts.body !== undefined) data = Buffer.from(JSON.stringify(opts.body), 'utf8');
    if (data !== undefined) {
      const ct = opts.contentType === undefined ? 'application/json' : opts.contentType;
      if (ct !== null) headers['content-type'] = ct;
    }
    Object.assign(headers, lowerHeaders(opts.headers));
    if (typeof headers.authorization === 'string') {
      const m = /^\S+\s+(.*)$/.exec(headers.authorization);
      if (m && m[1] && !ctx.redactor.placeholderFor(m[1])) ctx.redactor.add(m[1], '$MESHI_UNKNOWN_CREDENTIAL');
    }
    const bodyText = data === undefined ? null : data.length > 262_144 ? `${data.subarray(0, 262_144).toString('utf8')}` : data.toString('utf8');

    // Everything the harness sends is exempt from the UUID oracle (credentials excluded).
    ctx.registry.noteSent(t.url, bodyText, ...Object.entries(headers).filter(([k]) => k !== 'authorization').map(([, v]) => v));

    const rateLimitExpected = opts.expectRateLimit ?? keyOpt === 'rateLimit';
    const replayable = isSafeMethod(t.method) || (!!t.op?.runCreating && carriesIdempotencyKey(opts.body));
    const budget = ctx.config.setupRetryBudgetMs;
    const started = performance.now();
    const attempts: RawCall['attempts'] = [];
    const n = nextCallNumber(ctx);
    const sleep = ctx.sleep ?? sleepReal;

    // Pace by the target's RateLimit header, except when rate limiting is what the test observes.
    if (ctx.pacer && bearer !== null && !rateLimitExpected) {
      const wait = ctx.pacer.waitMs(bearer);
      if (wait > 0) {
        const which = typeof keyOpt === 'string' && (KEY_NAMES as readonly string[]).includes(keyOpt) ? `the ${keyOpt} key` : 'this key';
        ctx.testInfo?.annotations.push({ type: 'rate-pacing', description: `waited ${wait} ms for the rate-limit window of ${which} to reset before ${t.method} ${t.path}` });
        if (ctx.testInfo) ctx.testInfo.setTimeout(ctx.testInfo.timeout + wait);
        await sleep(wait);
        ctx.pacer.reset(bearer);
      }
    }

    let res: APIResponse | null = null;
    let error: string | null = null;
    let resHeaders: Record<string, string> | null = null;
    let text = '';
    let bytes = 0;
    let durationMs = 0;

    for (let attempt = 0; ; attempt++) {
      const t0 = performance.now();
      res = null;
      error = null;
      try {
        res = await ctx.request.fetch(t.url, {
          method: t.method,
          headers,
          data,
          failOnStatusCode: false,
          maxRetries: 0,
          maxRedirects: 0,
          timeout: opts.timeoutMs ?? ctx.config.requestTimeoutMs,
        });
        const buf = await res.body();
        bytes = buf.length;
        text = buf.toString('utf8');
        resHeaders = headerMap(res);
        if (ctx.pacer && bearer !== null) ctx.pacer.observe(bearer, resHeaders['ratelimit']);
      } catch (e) {
        error = e instanceof Error ? e.message.split('\n')[0]! : String(e);
        resHeaders = null;
        text = '';
        bytes = 0;
      }
      durationMs = performance.now() - t0;
      const status = res ? res.status() : null;
      if (!setup) {
        attempts.push({ status, durationMs, note: 'conformance call (never retried)' });
        break;
      }
      const transientish = status === null || status === 429 || TRANSIENT_STATUSES.includes(status);
      if (!transientish) {
        attempts.push({ status, durationMs, note: attempt === 0 ? 'set-up call' : 'set-up call after retry' });
        break;
      }
      const decision = setupRetryDecision({
        method: t.method,
        replayable,
        status,
        retryAfter: resHeaders?.['retry-after'],
        attempt,
        elapsedMs: performance.now() - started,
        budgetMs: budget,
      });
      attempts.push({ status, durationMs, note: decision.retry ? `transient (${decision.reason}); retry in ${decision.waitMs} ms` : `transient, not retried: ${decision.reason}` });
      if (!decision.retry) break;
      ctx.testInfo?.annotations.push({
        type: 'transient-retry',
        description: ctx.redactor.text(`${t.method} ${t.url} → ${status ?? error}: ${decision.reason}; retry ${attempt + 1} after ${decision.waitMs} ms`),
      });
      await sleep(decision.waitMs);
    }

    const status = res ? res.status() : null;
    const transient = isTransientOutcome(status, { rateLimitExpected });
    // 502/504 and 503s without our correlation header come from an intermediary, not the API:
    // never checked. Everything else (429 and the API's own 503 included) is an observation.
    const fromApi = status !== null && status !== 502 && status !== 504 && !(status === 503 && !resHeaders?.['x-correlation-id']);

    let violations: Violation[] = [];
    let parsed: unknown = undefined;
    let jsonError: string | null = null;
    if (text.length > 0) {
      try {
        parsed = JSON.parse(text);
      } catch (e) {
        jsonError = e instanceof Error ? e.message : String(e);
      }
    }
    const skip = opts.skipChecks ?? [];
    if (res && resHeaders && fromApi) {
      const exchange = (exempt: ReadonlySet<string>): Exchange => ({
        kind: t.kind,
        operationId: t.operationId,
        request: { method: t.method, url: t.url, path: t.path, base: t.base, headers, bodyText, correlationId: sentCorrelationId },
        response: { status: status!, headers: resHeaders!, text, body: parsed, jsonError },
        exemptUuids: exempt,
      });
      violations = runChecks(exchange(ctx.registry.local()), skip);
      if (violations.some((v) => v.check === 'assertNoUuidLeak')) {
        // Another worker may have sent these UUIDs (org-wide lists): consult the shared registry.
        violations = runChecks(exchange(ctx.registry.withShared()), skip);
      }
      const leaked = violations.filter((v) => v.check === 'assertNoUuidLeak').flatMap((v) => findUuids(v.message));
      ctx.registry.noteReceived(leaked);
    }

    const messages = violations.map((v) => ctx.redactor.text(`[${v.guarantee}] ${v.message}`));
    const raw: RawCall = {
      n,
      label: opts.label ?? null,
      setup,
      operationId: t.operationId,
      kind: t.kind,
      method: t.method,
      url: t.url,
      requestHeaders: headers,
      requestBody: bodyText,
      requestBytes: data?.length ?? 0,
      sentCorrelationId,
      status,
      responseHeaders: resHeaders,
      responseText: text,
      responseBytes: bytes,
      durationMs: performance.now() - started,
      attempts,
      violations: messages,
      skippedChecks: [...skip],
      error,
    };
    const rec = buildRecord(ctx.redactor, raw);
    const describe = `${t.method} ${rec.url} → ${status ?? ctx.redactor.text(error ?? 'no response')} (corr ${sentCorrelationId ?? 'none'})`;

    const report = async () => {
      if (ctx.testInfo && ctx.record !== false) await attachRecord(ctx.testInfo, rec);
      for (let i = 0; i < violations.length; i++) ctx.sink(messages[i]!, violations[i]!);
    };
    if (ctx.testInfo) {
      const title = `${setup ? 'setup: ' : ''}${t.operationId ?? t.kind} ${t.method} ${t.path}${status !== null ? ` → ${status}` : ''}`;
      await test.step(ctx.redactor.text(title), report, { box: true });
    } else {
      await report();
    }

    if (status === null && t.method === 'HEAD' && /parse error/i.test(error ?? '')) {
      // The HTTP parser met bytes after a HEAD response's headers: the server sent a body.
      throw new GuaranteeViolation(gid('headNoBody'), `HEAD response carried data after its headers, i.e. a body (${ctx.redactor.text(error ?? '')}) on ${describe}`);
    }
    if (transient && !(opts.acceptTransient && status !== null && status !== 429)) {
      const detail = status === null ? `network error: ${ctx.redactor.text(error ?? '')} on ${describe}` : status === 429 ? `unexpected 429 (rate limit of the harness's own key, Retry-After ${resHeaders?.['retry-after'] ?? 'absent'}) on ${describe}` : `transient ${status} on ${describe}`;
      if (ctx.testInfo) markTransientAttempt(ctx.testInfo, detail);
      throw new TransientError(setup ? `set-up call failed transiently after ${attempts.length} attempt(s): ${detail}` : detail, status);
    }
    if (setup && status !== null && !(status >= 200 && status < 300) && !(opts.okStatuses ?? []).includes(status)) {
      const code = parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>).code : undefined;
      throw new SetupError(`${t.operationId ?? t.kind} ${describe}${typeof code === 'string' ? ` ${code}` : ''}: set-up needs a success status`);
    }
    if (status === null || !res || !resHeaders) {
      if (ctx.testInfo) markTransientAttempt(ctx.testInfo, `no response: ${describe}`);
      throw new TransientError(`no response: ${describe}`, null);
    }

    return {
      status,
      headers: resHeaders,
      body: parsed as T,
      text,
      correlationId: resHeaders['x-correlation-id'] ?? null,
      sentCorrelationId,
      durationMs,
      method: t.method,
      url: t.url,
      operationId: t.operationId,
      kind: t.kind,
      violations,
      attempts: attempts.length,
      raw: res,
    };
  }
}
