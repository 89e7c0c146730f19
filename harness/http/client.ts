// MeshiClient: the one way tests talk to the target. Built on Playwright's APIRequestContext (the
// `request` fixture) with no hidden retries (failOnStatusCode false, maxRetries 0, no redirects).
// Every call:
//   * builds the URL from the contract (path template, encodeURIComponent for parameters);
//   * sends a unique, valid x-correlation-id (`ct-<namespace>-w<worker>-<n>`) unless told otherwise;
//   * runs the universal checks on the response; each violation is data (guarantee, check,
//     observed, expected) for the ledger and the call record, never a failure of the test itself;
//   * is recorded on the test as a JSON attachment (redacted; curl line with `$MESHI_…` keys).
// A 429 of the harness's own key is waited out and the request resent; a transient answer to a
// replayable request is resent within the retry budget (harness/http/transient.ts). A set-up step that
// does not succeed makes the test *blocked by* the operation's success guarantee (preconditions.ts).

import { test, type APIRequestContext, type APIResponse, type TestInfo } from '@playwright/test';
import { contract, matchRoute, operation, operationsOnPath, type OperationIndex } from '../../contract';
import { judge, type CheckCrash, type Exchange, type ExchangeKind, type Violation } from '../checks';
import { KEY_ENV, KEY_NAMES, type HarnessConfig, type KeyName } from '../run/config';
import { GuaranteeViolation, ReadOnlyTargetError, TransientError } from '../verdicts/errors';
import { gid } from '../checks/ids';
import { blockedBy } from '../verdicts/preconditions';
import { attachRecord, buildRecord, type CallRecord, type RawCall } from './record';
import type { Pacer } from './pacer';
import { Redactor } from './redact';
import { SentRegistry } from './sentRegistry';
import { carriesIdempotencyKey, isSafeMethod, isTransientOutcome, markTransientAttempt, RESEND_ANNOTATION, retryDecision, TRANSIENT_STATUSES } from './transient';
import type { UniversalLedger } from '../checks/universalLedger';
import { findUuids } from '../checks/uuid';

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
  /** A set-up call: tolerates transient failures (see harness/http/transient.ts) and must succeed. */
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

/**
 * Where each universal violation goes besides the ledger. By default nowhere: a universal violation
 * is data (the ledger, the call record), never a failure of the test it happens in.
 */
export type ViolationSink = (message: string, violation: Violation) => void;

export const dataOnlySink: ViolationSink = () => {};

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
  /** Counts what the universal checks evaluated and found, for the reporter (one per test). */
  readonly ledger?: UniversalLedger;
}

let correlationSeq = 0;
const callSeqByTest = new WeakMap<object, number>();

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
    const keyOpt = opts.key !== undefined ? opts.key : this.defaults.key;
    const req = this.prepare(t, opts, keyOpt);
    const rateLimitExpected = opts.expectRateLimit ?? keyOpt === 'rateLimit';
    const started = performance.now();
    const n = nextCallNumber(ctx);
    if (!rateLimitExpected) await this.pace(t, req.bearer, keyOpt);
    const got = await this.exchange(t, opts, req, {
      rateLimitExpected,
      replayable: isSafeMethod(t.method) || (!!t.op?.runCreating && carriesIdempotencyKey(opts.body)),
      keyOpt,
    });
    const parsed = parseBody(got.text);
    const violations = got.res && got.headers && got.fromApi ? this.check(t, opts, req, got, parsed) : [];
    const raw: RawCall = {
      n,
      label: opts.label ?? null,
      setup,
      operationId: t.operationId,
      kind: t.kind,
      method: t.method,
      url: t.url,
      requestHeaders: req.headers,
      requestBody: req.bodyText,
      requestBytes: req.data?.length ?? 0,
      sentCorrelationId: req.sentCorrelationId,
      status: got.status,
      responseHeaders: got.headers,
      responseText: got.text,
      responseBytes: got.bytes,
      durationMs: performance.now() - started,
      attempts: got.attempts,
      violations: violations.map((v) => ({ ...v, message: ctx.redactor.text(v.message) })),
      checkedGuarantees: got.checked,
      skippedChecks: [...(opts.skipChecks ?? [])],
      error: got.error,
    };
    const rec = buildRecord(ctx.redactor, raw);
    await this.report(t, setup, got, rec, violations, req.sentCorrelationId);
    const describe = `${t.method} ${rec.url} → ${got.status ?? ctx.redactor.text(got.error ?? 'no response')} (corr ${req.sentCorrelationId ?? 'none'})`;
    this.throwUnlessUsable(t, opts, setup, got, parsed.body, describe, rateLimitExpected);
    return {
      status: got.status!,
      headers: got.headers!,
      body: parsed.body as T,
      text: got.text,
      correlationId: got.headers!['x-correlation-id'] ?? null,
      sentCorrelationId: req.sentCorrelationId,
      durationMs: got.durationMs,
      method: t.method,
      url: t.url,
      operationId: t.operationId,
      kind: t.kind,
      violations,
      attempts: got.attempts.length,
      raw: got.res!,
    };
  }

  /** Headers, body bytes and the bearer of a request; registers what is sent with the UUID oracle. */
  private prepare(t: Target, opts: CallOptions, keyOpt: KeyName | (string & {}) | null): PreparedRequest {
    const { ctx } = this;
    if (opts.body !== undefined && opts.rawBody !== undefined) throw new Error('[HARNESS] give either body or rawBody, not both');
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
    const bodyText = data === undefined ? null : data.length > 262_144 ? data.subarray(0, 262_144).toString('utf8') : data.toString('utf8');
    // Everything the harness sends is exempt from the UUID oracle (credentials excluded).
    ctx.registry.noteSent(t.url, bodyText, ...Object.entries(headers).filter(([k]) => k !== 'authorization').map(([, v]) => v));
    return { headers, data, bodyText, bearer, sentCorrelationId };
  }

  /** Waits when the key's rate-limit window is nearly spent (RateLimit header pacing). */
  private async pace(t: Target, bearer: string | null, keyOpt: KeyName | (string & {}) | null): Promise<void> {
    const { ctx } = this;
    if (!ctx.pacer || bearer === null) return;
    const wait = ctx.pacer.waitMs(bearer);
    if (wait <= 0) return;
    const which = typeof keyOpt === 'string' && (KEY_NAMES as readonly string[]).includes(keyOpt) ? `the ${keyOpt} key` : 'this key';
    ctx.testInfo?.annotations.push({ type: 'rate-pacing', description: `waited ${wait} ms for the rate-limit window of ${which} to reset before ${t.method} ${t.path}` });
    if (ctx.testInfo && ctx.testInfo.timeout > 0) ctx.testInfo.setTimeout(ctx.testInfo.timeout + wait);
    await (ctx.sleep ?? sleepReal)(wait);
    ctx.pacer.reset(bearer);
  }

  /** Sends the request, resending it after a transient answer when harness/http/transient.ts allows. */
  private async exchange(t: Target, opts: CallOptions, req: PreparedRequest, how: { rateLimitExpected: boolean; replayable: boolean; keyOpt: KeyName | (string & {}) | null }): Promise<Received> {
    const { ctx } = this;
    const sleep = ctx.sleep ?? sleepReal;
    const started = performance.now();
    const attempts: RawCall['attempts'] = [];
    for (let attempt = 0; ; attempt++) {
      const got = await this.fetchOnce(t, opts, req);
      const decision = retryDecision({
        method: t.method,
        replayable: how.replayable,
        status: got.status,
        retryAfter: got.headers?.['retry-after'],
        attempt,
        elapsedMs: performance.now() - started,
        budgetMs: this.retryBudgetMs(got.status),
        rateLimitExpected: how.rateLimitExpected,
        acceptTransient: opts.acceptTransient,
      });
      const transientish = got.status === null || got.status === 429 || TRANSIENT_STATUSES.includes(got.status);
      attempts.push({ status: got.status, durationMs: got.durationMs, note: !transientish ? (attempt === 0 ? 'answered' : `answered after ${attempt} resend(s)`) : decision.retry ? `transient (${decision.reason}); resent after ${decision.waitMs} ms` : `transient, not resent: ${decision.reason}` });
      if (!transientish || !decision.retry) return { ...got, attempts };
      ctx.testInfo?.annotations.push({
        type: 'transient-retry',
        description: ctx.redactor.text(`${t.method} ${t.url} → ${got.status ?? got.error}: ${decision.reason}; resent after ${decision.waitMs} ms`),
      });
      ctx.testInfo?.annotations.push({ type: RESEND_ANNOTATION, description: JSON.stringify({ status: got.status, waitMs: decision.waitMs }) });
      if (ctx.testInfo && ctx.testInfo.timeout > 0) ctx.testInfo.setTimeout(ctx.testInfo.timeout + decision.waitMs);
      await sleep(decision.waitMs);
      // A resend spends the key's quota like any call (a 503 past the rate limiter counted too): paced the same.
      if (!how.rateLimitExpected) await this.pace(t, req.bearer, how.keyOpt);
    }
  }

  /**
   * The resend budget: the configured one; for a 429, at least one rate-limit window (a Retry-After
   * is never longer by the contract), since the test's timeout grows by every wait.
   */
  private retryBudgetMs(status: number | null): number {
    const { setupRetryBudgetMs, limits } = this.ctx.config;
    const windowMs = ((limits.rateLimitWindowSeconds ?? 0) + 1) * 1000;
    return status === 429 ? Math.max(setupRetryBudgetMs, windowMs) : setupRetryBudgetMs;
  }

  private async fetchOnce(t: Target, opts: CallOptions, req: PreparedRequest): Promise<Omit<Received, 'attempts'>> {
    const { ctx } = this;
    const t0 = performance.now();
    try {
      const res = await ctx.request.fetch(t.url, {
        method: t.method,
        headers: req.headers,
        data: req.data,
        failOnStatusCode: false,
        maxRetries: 0,
        maxRedirects: 0,
        timeout: opts.timeoutMs ?? ctx.config.requestTimeoutMs,
      });
      const buf = await res.body();
      const headers = headerMap(res);
      if (ctx.pacer && req.bearer !== null) ctx.pacer.observe(req.bearer, headers['ratelimit']);
      const status = res.status();
      // 502/504 and 503s without a correlation header come from an intermediary, not the API.
      const fromApi = status !== 502 && status !== 504 && !(status === 503 && !headers['x-correlation-id']);
      return { res, status, headers, text: buf.toString('utf8'), bytes: buf.length, error: null, durationMs: performance.now() - t0, fromApi, checked: [], crashes: [], subjects: {} };
    } catch (e) {
      const error = e instanceof Error ? e.message.split('\n')[0]! : String(e);
      return { res: null, status: null, headers: null, text: '', bytes: 0, error, durationMs: performance.now() - t0, fromApi: false, checked: [], crashes: [], subjects: {} };
    }
  }

  /** Runs the universal checks; counts what was checked in the ledger. */
  private check(t: Target, opts: CallOptions, req: PreparedRequest, got: Received, parsed: ParsedBody): Violation[] {
    const { ctx } = this;
    const skip = opts.skipChecks ?? [];
    const exchange = (exempt: ReadonlySet<string>): Exchange => ({
      kind: t.kind,
      operationId: t.operationId,
      request: { method: t.method, url: t.url, path: t.path, base: t.base, headers: req.headers, bodyText: req.bodyText, correlationId: req.sentCorrelationId },
      response: { status: got.status!, headers: got.headers!, text: got.text, body: parsed.body, jsonError: parsed.jsonError },
      exemptUuids: exempt,
    });
    const first = judge(exchange(ctx.registry.local()), skip);
    let violations = first.violations;
    if (violations.some((v) => v.check === 'assertNoUuidLeak')) {
      // Another worker may have sent these UUIDs (org-wide lists): consult the shared registry.
      violations = judge(exchange(ctx.registry.withShared()), skip).violations;
    }
    ctx.registry.noteReceived(violations.filter((v) => v.check === 'assertNoUuidLeak').flatMap((v) => findUuids(v.message)));
    got.checked = first.checked;
    got.crashes = first.crashes;
    got.subjects = first.subjects;
    ctx.ledger?.noteChecked(first.checked);
    ctx.ledger?.noteExempted(first.exempted);
    return violations;
  }

  /** Attaches the call record (a boxed step) and hands each violation to the sink, as data. */
  private async report(t: Target, setup: boolean, got: Received, rec: CallRecord, violations: readonly Violation[], sentCorrelationId: string | null): Promise<void> {
    const { ctx } = this;
    const status = got.status;
    const deliver = async () => {
      if (ctx.testInfo && ctx.record !== false) await attachRecord(ctx.testInfo, rec);
      const place = { operationId: t.operationId, base: t.base, request: `${t.method} ${t.op && t.kind === 'operation' ? t.op.path : t.path}`, status, correlationId: rec.correlationId.received ?? sentCorrelationId, call: ctx.record === false ? null : rec.n };
      for (const c of got.crashes) ctx.ledger?.noteCrash({ ...c, message: ctx.redactor.text(c.message) }, place);
      for (const v of violations) {
        const message = ctx.redactor.text(v.message);
        ctx.ledger?.noteViolation({ ...v, message }, place, got.subjects[v.guarantee] ?? null);
        ctx.sink(`[${v.guarantee}] ${message}`, v);
      }
    };
    if (!ctx.testInfo) return deliver();
    const title = `${setup ? 'setup: ' : ''}${t.operationId ?? t.kind} ${t.method} ${t.path}${status !== null ? ` → ${status}` : ''}`;
    await test.step(ctx.redactor.text(title), deliver, { box: true });
  }

  /** Throws when the answer cannot be used: a body on HEAD, a transient answer, a failed set-up step. */
  private throwUnlessUsable(t: Target, opts: CallOptions, setup: boolean, got: Received, body: unknown, describe: string, rateLimitExpected: boolean): void {
    const { ctx } = this;
    const status = got.status;
    if (status === null && t.method === 'HEAD' && /parse error/i.test(got.error ?? '')) {
      // The HTTP parser met bytes after a HEAD response's headers: the server sent a body.
      throw new GuaranteeViolation(gid('headNoBody'), `HEAD response carried data after its headers, i.e. a body (${ctx.redactor.text(got.error ?? '')}) on ${describe}`);
    }
    if (isTransientOutcome(status, { rateLimitExpected }) && !(opts.acceptTransient && status !== null && status !== 429)) {
      const detail = status === null ? `network error: ${ctx.redactor.text(got.error ?? '')} on ${describe}` : status === 429 ? `unexpected 429 (rate limit of the harness's own key, Retry-After ${got.headers?.['retry-after'] ?? 'absent'}) on ${describe}` : `transient ${status} on ${describe}`;
      if (ctx.testInfo) markTransientAttempt(ctx.testInfo, detail);
      throw new TransientError(`${setup ? 'set-up call' : 'call'} still transient after ${got.attempts.length} attempt(s): ${detail}`, status);
    }
    if (setup && status !== null && !(status >= 200 && status < 300) && !(opts.okStatuses ?? []).includes(status)) {
      const code = body && typeof body === 'object' ? (body as Record<string, unknown>).code : undefined;
      const request = `${t.method} ${t.op?.path ?? t.path}`;
      const observed = `${status}${typeof code === 'string' ? ` ${code}` : ''}`;
      const expected = String(t.op ? t.op.successStatus : '2xx');
      blockedBy(ctx.testInfo, t.op?.successGuarantee ?? null, `${request} answered ${observed}, expected ${expected} (set-up step; ${describe})`, {
        subject: { operationId: t.operationId, base: t.base, property: null },
        observed,
        expected,
        request,
        correlationId: got.headers?.['x-correlation-id'] ?? null,
      });
    }
    if (status === null || !got.res || !got.headers) {
      if (ctx.testInfo) markTransientAttempt(ctx.testInfo, `no response: ${describe}`);
      throw new TransientError(`no response: ${describe}`, null);
    }
  }
}

interface PreparedRequest {
  readonly headers: Record<string, string>;
  readonly data: Buffer | undefined;
  readonly bodyText: string | null;
  readonly bearer: string | null;
  readonly sentCorrelationId: string | null;
}

interface Received {
  readonly res: APIResponse | null;
  readonly status: number | null;
  readonly headers: Record<string, string> | null;
  readonly text: string;
  readonly bytes: number;
  readonly error: string | null;
  readonly durationMs: number;
  /** The answer came from the API (not a network error or an intermediary). */
  readonly fromApi: boolean;
  readonly attempts: RawCall['attempts'];
  /** Guarantees the universal checks judged on the final answer (their subject shown). */
  checked: string[];
  /** Checks that crashed on it (harness errors of the guarantees they were judging). */
  crashes: CheckCrash[];
  /** The subject property of each judged guarantee. */
  subjects: Readonly<Record<string, string | null>>;
}

interface ParsedBody {
  readonly body: unknown;
  readonly jsonError: string | null;
}

function parseBody(text: string): ParsedBody {
  if (text.length === 0) return { body: undefined, jsonError: null };
  try {
    return { body: JSON.parse(text), jsonError: null };
  } catch (e) {
    return { body: undefined, jsonError: e instanceof Error ? e.message : String(e) };
  }
}

