// The rules under the `require*` verbs (harness/verdicts/require.ts): what a test needs from other
// guarantees before it can show its own. When one does not hold, the test is *blocked by* that
// guarantee — skipped as not exercised with the reason (`blocked by EVT-01: POST /events answered
// 500, expected 201`) — never failed under its own ID. The block travels as a typed `blocked`
// finding (harness/verdicts/findings.ts) naming the guarantee; the reporter counts the blocked test
// under that guarantee's root cause. Specs use the verbs; `blockedBy` (the client's set-up steps,
// which may run outside a test) and `failOrBlock` (violations met on the way) are the mechanism.

import { test, type TestInfo } from '@playwright/test';
import type { GuaranteeId } from '../../contract';
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
export function blockedBy(
  testInfo: TestInfo | null,
  guarantee: GuaranteeId | string | null,
  what: string,
  detail: {
    subject?: FindingSubject;
    observed?: string | null;
    expected?: string | null;
    request?: string | null;
    correlationId?: string | null;
  } = {},
): never {
  const reason = blockedReason(guarantee, what);
  if (testInfo) noteFinding(testInfo, finding({ kind: 'blocked', guarantee, check: 'precondition', message: reason, ...detail }));
  if (testInfo && propertyDepth === 0) testInfo.skip(true, reason);
  throw new BlockedError(reason);
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
export function failOrBlock(
  violation: Error & { readonly guarantee: string; readonly detail: string },
  check = 'pollRun',
  data: { observed?: string | null; expected?: string | null } = {},
): never {
  const declared = declaredGuarantees();
  if (declared === null || declared.has(violation.guarantee)) {
    if (declared !== null)
      noteFinding(test.info(), finding({ kind: 'violation', guarantee: violation.guarantee, check, message: violation.message, ...data }));
    throw violation;
  }
  return blockedBy(test.info(), violation.guarantee, violation.detail, data);
}
