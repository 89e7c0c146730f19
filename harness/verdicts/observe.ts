// `observe*`: evidence a test gathers on the way. What a test must have seen to prove anything is
// the subject of its guarantee (a 429 for the rate-limit family, a second page for pagination, a
// replay for idempotency…): `observeSubject(guarantee, subject)` counts each sighting and records
// the first as a typed `evidence` finding; `requireObserved(guarantee, subject)` (harness/verdicts/
// require.ts) at the test's end makes a test that never met its subject *not exercised* — a
// property that holds vacuously is never a pass.

import { test, type TestInfo } from '@playwright/test';
import type { GuaranteeId } from '../../contract';
import { finding, noteFinding } from './findings';

const counts = new WeakMap<TestInfo, Map<string, number>>();

function ofTest(): Map<string, number> {
  const info = test.info();
  let m = counts.get(info);
  if (!m) counts.set(info, (m = new Map()));
  return m;
}

/** Counts `n` sightings of `subject` in the running test; the first is an `evidence` finding of `guarantee`. */
export function observeSubject(guarantee: GuaranteeId, subject: string, n = 1): void {
  const m = ofTest();
  const before = m.get(subject) ?? 0;
  m.set(subject, before + n);
  if (before === 0 && n > 0)
    noteFinding(
      test.info(),
      finding({
        kind: 'evidence',
        guarantee,
        check: 'subject',
        subject: { operationId: null, base: null, property: subject },
        message: `observed ${subject}`,
      }),
    );
}

/** How often the running test has seen a subject. */
export function timesObserved(subject: string): number {
  return ofTest().get(subject) ?? 0;
}

/**
 * One case of a many-case test that never reached the test's subject because another guarantee
 * failed first (a refusal answered 201): noted as not exercised with why, and the test goes on
 * with its other cases. A note, not a verdict: no guarantee argument. Pair it with
 * observeSubject()/requireObserved(), so that a test none of whose cases was exercised ends not
 * exercised, never passed.
 */
export function caseNotExercised(what: string): void {
  test.info().annotations.push({ type: 'not exercised', description: what });
}
