// What a test must have seen to prove anything: the subject of its guarantee (a 429 for the
// rate-limit family, a second page for pagination, a replay for idempotency…). A test counts each
// sighting with `observed(subject)`; `requireObserved(subject, why)` at its end makes a test that
// never met its subject *not exercised* with that reason — a property that holds vacuously is
// never a pass.

import { test, type TestInfo } from '@playwright/test';

const counts = new WeakMap<TestInfo, Map<string, number>>();

function ofTest(): Map<string, number> {
  const info = test.info();
  let m = counts.get(info);
  if (!m) counts.set(info, (m = new Map()));
  return m;
}

/** Counts one sighting of a subject in the running test. */
export function observed(subject: string, n = 1): void {
  const m = ofTest();
  m.set(subject, (m.get(subject) ?? 0) + n);
}

/** How often the running test has seen a subject. */
export function timesObserved(subject: string): number {
  return ofTest().get(subject) ?? 0;
}

/**
 * Ends the running test as not exercised when it never saw its subject (and nothing failed: a
 * failure stays a failure). Records the count as an annotation either way.
 */
export function requireObserved(subject: string, guarantees: string): void {
  const info = test.info();
  const n = timesObserved(subject);
  info.annotations.push({ type: 'observed', description: `${subject}: ${n}` });
  if (n === 0 && info.errors.length === 0) info.skip(true, `not exercised: the test never observed ${subject}, the subject of ${guarantees}`);
}

/**
 * One case of a many-case test that never reached the test's subject because another guarantee
 * failed first (a refusal answered 201): noted as not exercised with why, and the test goes on
 * with its other cases. Pair it with observed()/requireObserved(), so that a test none of whose
 * cases was exercised ends not exercised, never passed.
 */
export function caseNotExercised(what: string): void {
  test.info().annotations.push({ type: 'not exercised', description: what });
}
