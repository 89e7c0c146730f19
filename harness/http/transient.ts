// Transient tolerance. Decision (implemented by the client and the fixtures):
//
// * Every call, set-up or conformance, waits out a 429 on a key the test did not mean to exhaust
//   and resends the same request: the contract's check order answers 429 before anything changes
//   state, so any method may be resent. The wait is Retry-After (seconds or HTTP-date), else a
//   backoff.
// * 502/503/504 and network errors are resent only when replaying is harmless: GET/HEAD/OPTIONS,
//   and run-creating writes that carry an idempotency_key; never when the test observes those
//   answers (`acceptTransient`) or a 429 (`expectRateLimit`).
// * Everything happens within a budget (MESHI_SETUP_RETRY_BUDGET_MS, and never past the test's own
//   time); every wait is recorded on the call and as a `transient-retry` annotation.
// * A call still transient after that throws TransientError (`[TRANSIENT] …`, no guarantee ID) and
//   marks the attempt. The conformance project grants `retries` (MESHI_TRANSIENT_RETRIES); the
//   `transientGate` fixture lets a retry run only when the previous attempt ended transiently, and
//   otherwise fails it at once repeating the previous errors (a real failure is never turned into a
//   flaky pass). A test transient on every attempt is inconclusive (not exercised, with the reason).
//
// A transient answer is never an observation of the guarantee under test: it is not judged by the
// universal checks (only the UUID-leak oracle looks at it; see checks/index.ts).

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestInfo } from '@playwright/test';
import { finding, noteFinding } from '../verdicts/findings';

export const TRANSIENT_STATUSES: readonly number[] = [502, 503, 504];
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isSafeMethod(method: string): boolean {
  return SAFE.has(method.toUpperCase());
}

/** A run-creating write carrying a non-empty idempotency_key may be replayed (same run comes back). */
export function carriesIdempotencyKey(body: unknown): boolean {
  return (
    !!body &&
    typeof body === 'object' &&
    typeof (body as Record<string, unknown>).idempotency_key === 'string' &&
    ((body as Record<string, unknown>).idempotency_key as string).length > 0
  );
}

/** Retry-After (delta-seconds or HTTP-date) in milliseconds, or null when absent or malformed. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | null {
  if (value === undefined) return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const date = Date.parse(v);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now);
}

/** Exponential backoff for the n-th retry (0-based): 200, 400, 800, 1600, 2000 ms. */
export function backoffMs(attempt: number): number {
  return Math.min(2000, 200 * 2 ** attempt);
}

/** Annotation of one resend after a transient answer (`{status, waitMs}`): counted in the report's totals. */
export const RESEND_ANNOTATION = 'resend';

/** Most resends of one call (429 waits included). */
export const MAX_RESENDS = 6;

export interface RetryInput {
  readonly method: string;
  /** Replaying is harmless: safe method, or a run-creating write with an idempotency_key. */
  readonly replayable: boolean;
  /** HTTP status, or null for a network error / timeout. */
  readonly status: number | null;
  readonly retryAfter?: string;
  /** 0-based number of resends already made. */
  readonly attempt: number;
  readonly elapsedMs: number;
  readonly budgetMs: number;
  /** The test observes 429s on this call: a 429 is the answer, not a reason to resend. */
  readonly rateLimitExpected?: boolean;
  /** The test observes 502/503/504 on this call. */
  readonly acceptTransient?: boolean;
  /** Current time for HTTP-date Retry-After values. */
  readonly now?: number;
}

export interface RetryDecision {
  readonly retry: boolean;
  readonly waitMs: number;
  readonly reason: string;
}

/** Whether a call is resent after this outcome, and after how long. */
export function retryDecision(i: RetryInput): RetryDecision {
  const no = (reason: string): RetryDecision => ({ retry: false, waitMs: 0, reason });
  let wait: number;
  let why: string;
  const ra = parseRetryAfter(i.retryAfter, i.now);
  if (i.status === 429) {
    if (i.rateLimitExpected) return no('429 observed by the test');
    wait = ra ?? backoffMs(i.attempt);
    why = ra === null ? '429 without Retry-After' : `429, Retry-After ${i.retryAfter}`;
  } else if (i.status === null || TRANSIENT_STATUSES.includes(i.status)) {
    if (i.acceptTransient && i.status !== null) return no(`${i.status} observed by the test`);
    if (!i.replayable) return no(`${i.status ?? 'network error'} on ${i.method} without an idempotency_key: not replayable`);
    wait = ra ?? backoffMs(i.attempt);
    why = `${i.status ?? 'network error'}${ra === null ? '' : `, Retry-After ${i.retryAfter}`}`;
  } else {
    return no(`status ${i.status} is not transient`);
  }
  if (i.attempt >= MAX_RESENDS) return no(`${why}: already resent ${i.attempt} times`);
  if (i.elapsedMs + wait > i.budgetMs) return no(`${why}: waiting ${wait} ms would exceed the ${i.budgetMs} ms retry budget`);
  return { retry: true, waitMs: wait, reason: why };
}

/** Whether a call's final outcome is transient (not an observation of the API's behaviour under test). */
export function isTransientOutcome(status: number | null, opts: { rateLimitExpected: boolean }): boolean {
  if (status === null) return true;
  if (TRANSIENT_STATUSES.includes(status)) return true;
  return status === 429 && !opts.rateLimitExpected;
}

// ---------------------------------------------------------------------------------------------
// Attempt markers: which attempts of which test ended transiently.

function markerDir(testInfo: TestInfo): string {
  return join(testInfo.project.outputDir, '.transient');
}

function markerFile(testInfo: TestInfo, retry: number): string {
  return join(markerDir(testInfo), `${testInfo.testId.replace(/[^A-Za-z0-9_-]/g, '_')}-retry${retry}.json`);
}

/** Records that this attempt met a transient failure (only when it has no other failure), and its `transient` finding. */
export function markTransientAttempt(testInfo: TestInfo, detail: string, check = 'client'): void {
  testInfo.annotations.push({ type: 'transient', description: detail });
  noteFinding(testInfo, finding({ kind: 'transient', guarantee: null, check, message: detail }));
  if (testInfo.errors.length > 0) return; // a real failure already happened: this attempt is not transient
  try {
    mkdirSync(markerDir(testInfo), { recursive: true });
    writeFileSync(markerFile(testInfo, testInfo.retry), JSON.stringify({ detail, at: new Date().toISOString() }));
  } catch {
    // Without the marker the retry is skipped: conservative (the attempt stays failed as [TRANSIENT]).
  }
}

/** True when the previous attempt of this test ended transiently. */
export function previousAttemptWasTransient(testInfo: TestInfo): boolean {
  return testInfo.retry > 0 && existsSync(markerFile(testInfo, testInfo.retry - 1));
}

function failureFile(testInfo: TestInfo, retry: number): string {
  return markerFile(testInfo, retry).replace(/\.json$/, '.failure.json');
}

/** Records the errors of an attempt that failed for a non-transient reason (read by the next attempt). */
export function recordFailedAttempt(testInfo: TestInfo, messages: readonly string[]): void {
  try {
    mkdirSync(markerDir(testInfo), { recursive: true });
    writeFileSync(failureFile(testInfo, testInfo.retry), JSON.stringify({ messages }));
  } catch {
    // best effort: the next attempt then fails without repeating the messages
  }
}

/** The first lines of the previous attempt's errors, when it recorded them. */
export function previousAttemptErrors(testInfo: TestInfo): string[] {
  if (testInfo.retry === 0) return [];
  try {
    return (JSON.parse(readFileSync(failureFile(testInfo, testInfo.retry - 1), 'utf8')) as { messages: string[] }).messages;
  } catch {
    return [];
  }
}

/** True when this attempt wrote a transient marker. */
export function attemptWasTransient(testInfo: TestInfo): boolean {
  return existsSync(markerFile(testInfo, testInfo.retry));
}
