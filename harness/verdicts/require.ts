// `require*`: what a test needs before it can show its own guarantee. When it does not hold, the
// test is *blocked by* the guarantee that states it — a typed `blocked` finding, skipped as not
// exercised (harness/verdicts/preconditions.ts has the rule) — never failed under its own ID. Every
// verb takes `(guarantee, what, subject, …)`; the vocabulary as a whole is in harness/verdicts/index.ts.

import { test } from '@playwright/test';
import { operation, type GuaranteeId } from '../../contract';
import type { FindingSubject } from './findings';
import { blockedBy } from './preconditions';
import { timesObserved } from './observe';

interface Answer {
  readonly status: number;
  readonly method: string;
  readonly url: string;
  readonly operationId?: string | null;
  readonly correlationId?: string | null;
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

/** The typed part of a block by a response: what was asked, what came back. */
function answered(res: Answer): {
  subject: FindingSubject;
  observed: string;
  expected: string;
  request: string;
  correlationId: string | null;
} {
  const op = res.operationId ? operation(res.operationId) : null;
  return {
    subject: { operationId: res.operationId ?? null, base: null, property: null },
    observed: String(res.status),
    expected: '2xx',
    request: `${res.method} ${op?.path ?? pathOf(res.url)}`,
    correlationId: res.correlationId ?? null,
  };
}

/**
 * A response a precondition needs to be accepted (any 2xx, or one of `ok`): a test of ID-03 needs
 * its event created, not created with 201 — that is EVT-01's sentence. Returns the response.
 */
export function requireAccepted<R extends Answer>(guarantee: GuaranteeId, what: string, res: R, ok: readonly number[] = []): R {
  if ((res.status >= 200 && res.status < 300) || ok.includes(res.status)) return res;
  return blockedBy(test.info(), guarantee, `${what}: ${res.method} ${pathOf(res.url)} answered ${res.status}, expected 2xx`, answered(res));
}

/**
 * A response the test needs to be a success of its operation. No guarantee argument: the block is
 * by the operation's success guarantee (`x-meshi-success-guarantee`), whichever operation answered.
 */
export function requireSuccess<R extends Answer & { readonly operationId: string | null }>(what: string, res: R): R {
  if (res.status >= 200 && res.status < 300) return res;
  const guarantee = res.operationId ? operation(res.operationId).successGuarantee : null;
  return blockedBy(test.info(), guarantee, `${what}: ${res.method} ${pathOf(res.url)} answered ${res.status}, expected 2xx`, answered(res));
}

/** A response header the test needs present (non-empty); blocked by `guarantee` otherwise. Returns its value. */
export function requireHeader(
  guarantee: GuaranteeId,
  what: string,
  res: Answer & { readonly headers: Readonly<Record<string, string>> },
  name: string,
): string {
  const v = res.headers[name.toLowerCase()];
  if (v !== undefined && v.trim() !== '') return v;
  return blockedBy(test.info(), guarantee, `${what}: ${res.method} ${pathOf(res.url)} → ${res.status} carried no ${name}`, {
    observed: `no ${name}`,
    expected: `a ${name} header`,
    request: `${res.method} ${pathOf(res.url)}`,
  });
}

/** Any condition a test needs before it can show its own guarantee (`null`: one no guarantee states). */
export function requireThat(guarantee: GuaranteeId | null, what: string, condition: unknown): asserts condition {
  if (!condition) blockedBy(test.info(), guarantee, what);
}

/**
 * A precondition on the contract itself, not on the target (the contract has list operations, a
 * cap on the field): no guarantee argument, and it throws `[HARNESS] …` — a harness error, never a
 * block or a failure of the target.
 */
export function requireContract(what: string, condition: unknown): asserts condition {
  if (!condition) throw new Error(`[HARNESS] contract precondition failed: ${what}`);
}

function listed(ids: readonly string[]): string {
  return ids.length <= 1 ? (ids[0] ?? '') : `${ids.slice(0, -1).join(', ')} and ${ids[ids.length - 1]}`;
}

/**
 * The test met the subject of its guarantees (counted with observeSubject, harness/verdicts/observe.ts).
 * When it never did (and nothing failed: a failure stays a failure), the test ends *not exercised*
 * with that reason — no `blocked` finding, since no other guarantee kept it from its subject.
 * Records the count as an annotation either way.
 */
export function requireObserved(guarantees: GuaranteeId | readonly GuaranteeId[], subject: string): void {
  const info = test.info();
  const n = timesObserved(subject);
  info.annotations.push({ type: 'observed', description: `${subject}: ${n}` });
  const ids = typeof guarantees === 'string' ? [guarantees] : guarantees;
  if (n === 0 && info.errors.length === 0)
    info.skip(true, `not exercised: the test never observed ${subject}, the subject of ${listed(ids)}`);
}
