// record: the exchange on the test. Each call gets its number in the test, and once the answer is
// observed, its redacted record (harness/http/record.ts) is attached as a boxed step; crashes and
// violations go to the ledger (where they were found: operation, base, request, status,
// correlation ID, call number) and each violation to the context's sink, as data.

import { test } from '@playwright/test';
import { phase, type Exchange, type Stage } from '../exchange';
import type { ClientContext } from '../options';
import { attachRecord, buildRecord, type CallRecord } from '../record';

const callSeqByTest = new WeakMap<object, number>();

function nextCallNumber(ctx: ClientContext): number {
  const k = (ctx.testInfo ?? ctx) as object;
  const n = (callSeqByTest.get(k) ?? 0) + 1;
  callSeqByTest.set(k, n);
  return n;
}

function recordOf(ctx: ClientContext, x: Exchange, n: number, durationMs: number): CallRecord {
  const a = phase(x, 'addressed');
  const p = phase(x, 'prepared');
  const r = phase(x, 'received');
  const o = phase(x, 'observed');
  return buildRecord(ctx.redactor, {
    n,
    label: x.asked.options.label ?? null,
    setup: x.asked.setup,
    operationId: a.operationId,
    kind: a.kind,
    method: a.method,
    url: a.url,
    requestHeaders: { ...p.headers },
    requestBody: p.bodyText,
    requestBytes: p.data?.length ?? 0,
    sentCorrelationId: p.correlationId,
    status: r.status,
    responseHeaders: r.headers && { ...r.headers },
    responseText: r.text,
    responseBytes: r.bytes,
    durationMs,
    attempts: [...x.attempts],
    violations: o.violations.map((v) => ({ ...v, message: ctx.redactor.text(v.message) })),
    checkedGuarantees: [...o.checked],
    skippedChecks: [...(x.asked.options.skipChecks ?? [])],
    error: r.error,
  });
}

/** Attaches the call record (a boxed step) and hands each crash and violation to the ledger, each violation to the sink. */
async function report(ctx: ClientContext, x: Exchange, rec: CallRecord): Promise<void> {
  const a = phase(x, 'addressed');
  const status = phase(x, 'received').status;
  const o = phase(x, 'observed');
  const deliver = async () => {
    if (ctx.testInfo && ctx.record !== false) await attachRecord(ctx.testInfo, rec);
    const request = `${a.method} ${a.operation && a.kind === 'operation' ? a.operation.path : a.path}`;
    const correlationId = rec.correlationId.received ?? phase(x, 'prepared').correlationId;
    const place = { operationId: a.operationId, base: a.base, request, status, correlationId, call: ctx.record === false ? null : rec.n };
    for (const c of o.crashes) ctx.ledger?.noteCrash({ ...c, message: ctx.redactor.text(c.message) }, place);
    for (const v of o.violations) {
      const message = ctx.redactor.text(v.message);
      ctx.ledger?.noteViolation({ ...v, message }, place, o.subjects[v.guarantee] ?? null);
      ctx.sink(`[${v.guarantee}] ${message}`, v);
    }
  };
  if (!ctx.testInfo) return deliver();
  const title = `${x.asked.setup ? 'setup: ' : ''}${a.operationId ?? a.kind} ${a.method} ${a.path}${status !== null ? ` → ${status}` : ''}`;
  await test.step(ctx.redactor.text(title), deliver, { box: true });
}

export const record: Stage = (ctx) => (next) => async (x) => {
  const started = performance.now();
  const n = nextCallNumber(ctx);
  await next(x);
  x.record = recordOf(ctx, x, n, performance.now() - started);
  await report(ctx, x, x.record);
};
