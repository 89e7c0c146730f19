// What a call returns: a view of its exchange once it is usable. A HEAD answer with a body is the
// guarantee's violation; a transient answer throws TransientError (and marks the attempt); a set-up
// step that does not succeed makes the test *blocked by* the operation's success guarantee.

import type { APIResponse } from '@playwright/test';
import type { ExchangeKind, Violation } from '../checks';
import { gid } from '../checks/ids';
import { GuaranteeViolation, TransientError } from '../verdicts/errors';
import { blockedBy } from '../verdicts/preconditions';
import { phase, type Exchange } from './exchange';
import type { ClientContext } from './options';
import { isTransientOutcome, markTransientAttempt } from './transient';

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

/** The response view of an answered exchange (its phases read, not copied). */
export function responseView<T>(x: Exchange): MeshiResponse<T> {
  const a = phase(x, 'addressed');
  const r = phase(x, 'received');
  const o = phase(x, 'observed');
  return {
    get status() {
      return r.status!;
    },
    get headers() {
      return r.headers!;
    },
    get body() {
      return o.body as T;
    },
    get text() {
      return r.text;
    },
    get correlationId() {
      return r.headers!['x-correlation-id'] ?? null;
    },
    get sentCorrelationId() {
      return phase(x, 'prepared').correlationId;
    },
    get durationMs() {
      return r.durationMs;
    },
    get method() {
      return a.method;
    },
    get url() {
      return a.url;
    },
    get operationId() {
      return a.operationId;
    },
    get kind() {
      return a.kind;
    },
    get violations() {
      return o.violations;
    },
    get attempts() {
      return x.attempts.length;
    },
    get raw() {
      return r.res!;
    },
  };
}

/** Throws when the answer cannot be used: a body on HEAD, a transient answer, a failed set-up step. */
function throwUnlessUsable(ctx: ClientContext, x: Exchange): void {
  const a = phase(x, 'addressed');
  const p = phase(x, 'prepared');
  const r = phase(x, 'received');
  const o = phase(x, 'observed');
  const { options: opts, setup } = x.asked;
  const status = r.status;
  const describe = `${a.method} ${phase(x, 'record').url} → ${status ?? ctx.redactor.text(r.error ?? 'no response')} (corr ${p.correlationId ?? 'none'})`;
  if (o.headBodyBytes !== null && o.headBodyBytes > 0) {
    throw new GuaranteeViolation(
      gid('headNoBody'),
      `HEAD response carried data after its headers, i.e. a body (${o.headBodyBytes} bytes; the transport: ${ctx.redactor.text(r.error ?? '')}) on ${describe}`,
    );
  }
  if (
    isTransientOutcome(status, { rateLimitExpected: p.rateLimitExpected }) &&
    !(opts.acceptTransient && status !== null && status !== 429)
  ) {
    const detail =
      status === null
        ? `network error: ${ctx.redactor.text(r.error ?? '')} on ${describe}`
        : status === 429
          ? `unexpected 429 (rate limit of the harness's own key, Retry-After ${r.headers?.['retry-after'] ?? 'absent'}) on ${describe}`
          : `transient ${status} on ${describe}`;
    if (ctx.testInfo) markTransientAttempt(ctx.testInfo, detail);
    throw new TransientError(`${setup ? 'set-up call' : 'call'} still transient after ${x.attempts.length} attempt(s): ${detail}`, status);
  }
  if (setup && status !== null && !(status >= 200 && status < 300) && !(opts.okStatuses ?? []).includes(status)) {
    const body = o.body;
    const code = body && typeof body === 'object' ? (body as Record<string, unknown>).code : undefined;
    const request = `${a.method} ${a.operation?.path ?? a.path}`;
    const observed = `${status}${typeof code === 'string' ? ` ${code}` : ''}`;
    const expected = String(a.operation ? a.operation.successStatus : '2xx');
    blockedBy(
      ctx.testInfo,
      a.operation?.successGuarantee ?? null,
      `${request} answered ${observed}, expected ${expected} (set-up step; ${describe})`,
      {
        subject: { operationId: a.operationId, base: a.base, property: null },
        observed,
        expected,
        request,
        correlationId: r.headers?.['x-correlation-id'] ?? null,
      },
    );
  }
  if (status === null || !r.res || !r.headers) {
    if (ctx.testInfo) markTransientAttempt(ctx.testInfo, `no response: ${describe}`);
    throw new TransientError(`no response: ${describe}`, null);
  }
}

/** The response of a dispatched exchange, or the error that says why it cannot be used. */
export function settle<T>(ctx: ClientContext, x: Exchange): MeshiResponse<T> {
  throwUnlessUsable(ctx, x);
  return responseView<T>(x);
}
