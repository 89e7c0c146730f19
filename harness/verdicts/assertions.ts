// Assertions on what a test proves, stating the observed value against the expected one
// (`[EVT-01] a valid create: POST /events answered 200, expected 201`) and carrying it as data: a
// failing assertion also records a typed `violation` finding (harness/verdicts/findings.ts: guarantee,
// operation, observed, expected, the exchange's correlation ID) that the reporter groups into root
// causes without parsing messages back.

import { expect, test } from '@playwright/test';
import { operation, statusOf, type GuaranteeId } from '../../contract';
import type { MeshiResponse } from '../http/client';
import { finding, noteFinding } from './findings';
import { isReplay } from '../http/json';
import { requireThat } from './preconditions';

interface AssertionViolation {
  readonly guarantee: string;
  readonly check: string;
  readonly operationId: string | null;
  /** `POST /events` (the operation's template when known). */
  readonly request: string;
  readonly observed: string;
  readonly expected: string;
  readonly correlationId: string | null;
}

/** `POST /events` for a response: the operation's path template when known, else the URL path. */
export function requestLine(res: Pick<MeshiResponse, 'method' | 'url' | 'operationId' | 'kind'>): string {
  let path = res.url;
  try {
    path = new URL(res.url).pathname;
  } catch {
    // keep the raw text
  }
  const template = res.operationId && res.kind === 'operation' ? operation(res.operationId).path : null;
  return `${res.method} ${template ?? path}`;
}

function note(v: AssertionViolation, message: string): void {
  const { operationId, ...rest } = v;
  noteFinding(test.info(), finding({ kind: 'violation', ...rest, subject: { operationId, base: null, property: null }, message }));
}

function codeOf(res: MeshiResponse): string | null {
  const code = (res.body as { code?: unknown } | undefined)?.code;
  return res.status >= 400 && typeof code === 'string' ? code : null;
}

/** The response's status is `expected` (one of, when a list). Hard by default (`soft: true` goes on). */
export function expectStatus(res: MeshiResponse, expected: number | readonly number[], guarantee: GuaranteeId, what: string, opts: { soft?: boolean } = {}): void {
  const allowed = typeof expected === 'number' ? [expected] : expected;
  if (allowed.includes(res.status)) return;
  const code = codeOf(res);
  const observed = `${res.status}${code ? ` ${code}` : ''}`;
  const want = allowed.join(' or ');
  const message = `[${guarantee}] ${what}: ${requestLine(res)} answered ${observed}, expected ${want} (corr ${res.correlationId ?? res.sentCorrelationId ?? 'none'})`;
  note({ guarantee, check: 'status', operationId: res.operationId, request: requestLine(res), observed, expected: want, correlationId: res.correlationId ?? res.sentCorrelationId }, message);
  (opts.soft ? expect.soft : expect)(res.status, message).toBe(allowed[0]);
}

/** The error the contract pins to `code`: its status and that code. */
export function expectError(guarantee: GuaranteeId | string, what: string, res: MeshiResponse, code: string): void {
  const status = statusOf(code);
  const got = codeOf(res);
  if (res.status === status && got === code) return;
  const observed = `${res.status}${got ? ` ${got}` : ''}`;
  const message = `[${guarantee}] ${what}: ${requestLine(res)} answered ${observed}, expected ${status} ${code} (corr ${res.correlationId ?? res.sentCorrelationId ?? 'none'})`;
  note({ guarantee, check: 'error', operationId: res.operationId, request: requestLine(res), observed, expected: `${status} ${code}`, correlationId: res.correlationId ?? res.sentCorrelationId }, message);
  expect({ status: res.status, code: got }, message).toEqual({ status, code });
}

/** The response accepts the request (any 2xx): what a sentence means by "is accepted". */
export function expectAccepted(res: MeshiResponse, guarantee: GuaranteeId, what: string, opts: { soft?: boolean } = {}): void {
  if (res.status >= 200 && res.status < 300) return;
  const code = codeOf(res);
  const observed = `${res.status}${code ? ` ${code}` : ''}`;
  const message = `[${guarantee}] ${what}: ${requestLine(res)} answered ${observed}, expected 2xx (corr ${res.correlationId ?? res.sentCorrelationId ?? 'none'})`;
  note({ guarantee, check: 'accepted', operationId: res.operationId, request: requestLine(res), observed, expected: '2xx', correlationId: res.correlationId ?? res.sentCorrelationId }, message);
  (opts.soft ? expect.soft : expect)(res.status >= 200 && res.status < 300, message).toBe(true);
}

/**
 * A rejected run-creating request started no run, shown through its idempotency_key: `probe`, the
 * same key with a valid payload, starts a fresh run (accepted, not a replay). A 409 on the probe
 * cannot tell a run the rejected request started from a key it stored without one, which is
 * IDEM-07's sentence: that probe blocks the test by IDEM-07 instead of failing it.
 */
export function expectKeyStillFree(probe: MeshiResponse, guarantee: GuaranteeId, what: string): void {
  const conflict = 'IDEMPOTENCY_KEY_CONFLICT';
  requireThat(
    !(probe.status === statusOf(conflict) && codeOf(probe) === conflict),
    'IDEM-07',
    `${what}: the rejected request's idempotency_key is taken (${probe.status} ${conflict}), by a run it started or by the key stored without one`,
  );
  expectAccepted(probe, guarantee, `${what}: the rejected request's idempotency_key starts a fresh run`);
  if (!isReplay(probe)) return;
  const message = `[${guarantee}] ${what}: the rejected request started run ${String(probe.body?.run_id)}: reusing its key replays it`;
  note({ guarantee, check: 'no-run', operationId: probe.operationId, request: requestLine(probe), observed: `a replay of run ${String(probe.body?.run_id)}`, expected: 'a fresh run', correlationId: probe.correlationId ?? probe.sentCorrelationId }, message);
  expect(isReplay(probe), message).toBe(false);
}
