// Preconditions: what a test needs from other guarantees before it can show its own. When one does
// not hold, the test is *blocked by* that guarantee — skipped as not exercised with the reason
// (`blocked by EVT-01: POST /events answered 500, expected 201`) — never failed under its own ID.
// The block travels as a typed `blocked` finding (harness/verdicts/findings.ts) naming the guarantee; the
// reporter counts the blocked test under that guarantee's root cause.

import { test, type TestInfo } from '@playwright/test';
import { operation, type GuaranteeId } from '../../contract';
import { BlockedError } from './errors';
import { finding, noteFinding, type FindingSubject } from './findings';

/** The reason text of a blocked test (display; the reporter reads the `blocked` finding). */
export function blockedReason(guarantee: string | null, what: string): string {
  return guarantee ? `blocked by ${guarantee}: ${what}` : `blocked: ${what}`;
}

let propertyDepth = 0;

/** Runs `fn` as a property execution: a blocked precondition inside throws BlockedError, which runProperty turns into the skip. */
export async function insideProperty<T>(fn: () => Promise<T>): Promise<T> {
  propertyDepth++;
  try {
    return await fn();
  } finally {
    propertyDepth--;
  }
}

/** Ends the test as blocked (skipped, not exercised). Outside a test, or inside a property, it throws BlockedError. */
export function blockedBy(testInfo: TestInfo | null, guarantee: GuaranteeId | string | null, what: string, detail: { subject?: FindingSubject; observed?: string | null; expected?: string | null; request?: string | null; correlationId?: string | null } = {}): never {
  const reason = blockedReason(guarantee, what);
  if (testInfo) noteFinding(testInfo, finding({ kind: 'blocked', guarantee, check: 'precondition', message: reason, ...detail }));
  if (testInfo && propertyDepth === 0) testInfo.skip(true, reason);
  throw new BlockedError(reason);
}

/**
 * A response a precondition needs to be accepted (any 2xx, or one of `ok`): a test of ID-03 needs
 * its event created, not created with 201 — that is EVT-01's sentence. Returns the response.
 */
export function requireAccepted<R extends { readonly status: number; readonly method: string; readonly url: string }>(res: R, guarantee: GuaranteeId, what: string, ok: readonly number[] = []): R {
  if ((res.status >= 200 && res.status < 300) || ok.includes(res.status)) return res;
  return blockedBy(test.info(), guarantee, `${what}: ${res.method} ${pathOf(res.url)} answered ${res.status}, expected 2xx`, answered(res));
}

/** The typed part of a block by a response: what was asked, what came back. */
function answered(res: { readonly status: number; readonly method: string; readonly url: string; readonly operationId?: string | null; readonly correlationId?: string | null }): { subject: FindingSubject; observed: string; expected: string; request: string; correlationId: string | null } {
  const op = res.operationId ? operation(res.operationId) : null;
  return { subject: { operationId: res.operationId ?? null, base: null, property: null }, observed: String(res.status), expected: '2xx', request: `${res.method} ${op?.path ?? pathOf(res.url)}`, correlationId: res.correlationId ?? null };
}

/** A response the test needs to be a success of its operation: blocked by the operation's success guarantee otherwise. */
export function requireSuccess<R extends { readonly status: number; readonly method: string; readonly url: string; readonly operationId: string | null }>(res: R, what: string): R {
  if (res.status >= 200 && res.status < 300) return res;
  const guarantee = res.operationId ? operation(res.operationId).successGuarantee : null;
  return blockedBy(test.info(), guarantee, `${what}: ${res.method} ${pathOf(res.url)} answered ${res.status}, expected 2xx`, answered(res));
}

/** A response header the test needs present (non-empty); blocked by `guarantee` otherwise. Returns its value. */
export function requireHeader(res: { readonly headers: Readonly<Record<string, string>>; readonly method: string; readonly url: string; readonly status: number }, name: string, guarantee: GuaranteeId, what: string): string {
  const v = res.headers[name.toLowerCase()];
  if (v !== undefined && v.trim() !== '') return v;
  return blockedBy(test.info(), guarantee, `${what}: ${res.method} ${pathOf(res.url)} → ${res.status} carried no ${name}`, { observed: `no ${name}`, expected: `a ${name} header`, request: `${res.method} ${pathOf(res.url)}` });
}

/** Any condition a test needs before it can show its own guarantee (`null`: one no guarantee states). */
export function requireThat(condition: unknown, guarantee: GuaranteeId | null, what: string): asserts condition {
  if (!condition) blockedBy(test.info(), guarantee, what);
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

/** The guarantees the running test declares with proves(…), or null outside a test. */
export function declaredGuarantees(): ReadonlySet<string> | null {
  let info: TestInfo;
  try {
    info = test.info();
  } catch {
    return null;
  }
  return new Set(info.annotations.filter((a) => a.type === 'guarantee' && a.description).map((a) => a.description!));
}

/**
 * A violation of `guarantee` met on the way (pollRun's lifecycle checks while a test of IMP-05
 * waits for its import): the running test's failure when it declares the guarantee, otherwise a
 * precondition that did not hold, so the test is blocked by it. Outside a test it throws `violation`.
 */
export function failOrBlock(violation: Error & { readonly guarantee: string; readonly detail: string }, check = 'pollRun', data: { observed?: string | null; expected?: string | null } = {}): never {
  const declared = declaredGuarantees();
  if (declared === null || declared.has(violation.guarantee)) {
    if (declared !== null) noteFinding(test.info(), finding({ kind: 'violation', guarantee: violation.guarantee, check, message: violation.message, ...data }));
    throw violation;
  }
  return blockedBy(test.info(), violation.guarantee, violation.detail, data);
}
