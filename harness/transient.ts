// Transient tolerance. Decision (documented here, implemented by the client and the fixtures):
//
// * Set-up calls (`meshi.setup.call(…)` or `{setup: true}`) prepare state; they are not what a test
//   proves. They wait out a 429 for its Retry-After (the contract's check order rejects before any
//   processing, so any method may be retried), and retry 502/503/504 and network errors only when
//   replaying is harmless: GET/HEAD/OPTIONS, and run-creating writes that carry an idempotency_key.
//   Everything happens within a budget (MESHI_SETUP_RETRY_BUDGET_MS); every retry is recorded as a
//   `transient-retry` annotation on the test.
// * Conformance calls never retry (a retry would hide the very 429/5xx behaviour under test). When
//   one meets a transient failure — 502/503/504, a network error, or a 429 on a key the test did
//   not mean to exhaust — the client throws TransientError (`[TRANSIENT] …`, no guarantee ID) and
//   writes a marker for this attempt. The conformance project grants `retries`
//   (MESHI_TRANSIENT_RETRIES); on a retry the `transientGate` fixture lets the test run again only
//   when the previous attempt ended transiently. Otherwise the retry fails at once, repeating the
//   previous attempt's errors ("not retried: …"), so a real conformance failure stays failed on
//   every attempt (Playwright outcome `unexpected`) and is never turned into a flaky pass. (A
//   runtime skip would not do: Playwright then expects `skipped` and reports the test `flaky`.) A test that passes after a transient attempt is `flaky` with a `transient-retry`
//   annotation; one that stays transient on every attempt fails with `[TRANSIENT]` and a
//   `transient` annotation: the reporter counts it as transient (inconclusive), never as a
//   conformance failure nor a pass.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestInfo } from '@playwright/test';

export const TRANSIENT_STATUSES: readonly number[] = [502, 503, 504];
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isSafeMethod(method: string): boolean {
  return SAFE.has(method.toUpperCase());
}

/** A run-creating write carrying a non-empty idempotency_key may be replayed (same run comes back). */
export function carriesIdempotencyKey(body: unknown): boolean {
  return !!body && typeof body === 'object' && typeof (body as Record<string, unknown>).idempotency_key === 'string' && ((body as Record<string, unknown>).idempotency_key as string).length > 0;
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

export interface RetryInput {
  readonly method: string;
  /** Replaying is harmless: safe method, or a run-creating write with an idempotency_key. */
  readonly replayable: boolean;
  /** HTTP status, or null for a network error / timeout. */
  readonly status: number | null;
  readonly retryAfter?: string;
  /** 0-based number of retries already made. */
  readonly attempt: number;
  readonly elapsedMs: number;
  readonly budgetMs: number;
}

export interface RetryDecision {
  readonly retry: boolean;
  readonly waitMs: number;
  readonly reason: string;
}

/** Whether a set-up call retries after this outcome, and after how long. */
export function setupRetryDecision(i: RetryInput): RetryDecision {
  const no = (reason: string): RetryDecision => ({ retry: false, waitMs: 0, reason });
  let wait: number;
  let why: string;
  if (i.status === 429) {
    const ra = parseRetryAfter(i.retryAfter);
    wait = ra ?? backoffMs(i.attempt);
    why = ra === null ? '429 without Retry-After' : `429, Retry-After ${i.retryAfter}`;
  } else if (i.status === null || TRANSIENT_STATUSES.includes(i.status)) {
    if (!i.replayable) return no(`${i.status ?? 'network error'} on ${i.method} without an idempotency_key: not replayable`);
    const ra = parseRetryAfter(i.retryAfter);
    wait = ra ?? backoffMs(i.attempt);
    why = `${i.status ?? 'network error'}${ra === null ? '' : `, Retry-After ${i.retryAfter}`}`;
  } else {
    return no(`status ${i.status} is not transient`);
  }
  if (i.elapsedMs + wait > i.budgetMs) return no(`${why}: waiting ${wait} ms would exceed the ${i.budgetMs} ms set-up retry budget`);
  return { retry: true, waitMs: wait, reason: why };
}

/** Whether a conformance call's outcome is transient (not an observation of the API's behaviour under test). */
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

/** Records that this attempt met a transient failure (only when it has no other failure). */
export function markTransientAttempt(testInfo: TestInfo, detail: string): void {
  testInfo.annotations.push({ type: 'transient', description: detail });
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
