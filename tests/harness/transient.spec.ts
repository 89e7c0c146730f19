// The transient retry policy: what every call resends, how long it waits, what is transient.
import { test, expect } from '@playwright/test';
import {
  backoffMs,
  carriesIdempotencyKey,
  isSafeMethod,
  isTransientOutcome,
  parseRetryAfter,
  retryDecision,
  type RetryInput,
} from '../../harness/http/transient';

const setupRetryDecision = (i: RetryInput) => retryDecision(i);

const base = { method: 'GET', replayable: true, attempt: 0, elapsedMs: 0, budgetMs: 10_000 };

test('Retry-After: delta-seconds and HTTP-date', () => {
  expect(parseRetryAfter('3')).toBe(3000);
  expect(parseRetryAfter(undefined)).toBeNull();
  expect(parseRetryAfter('soon')).toBeNull();
  const now = Date.parse('2026-09-10T14:00:00Z');
  expect(parseRetryAfter('Thu, 10 Sep 2026 14:00:05 GMT', now)).toBe(5000);
  expect(parseRetryAfter('Thu, 10 Sep 2026 13:00:00 GMT', now)).toBe(0);
});

test('429: any method waits for Retry-After (or backs off without it)', () => {
  expect(setupRetryDecision({ ...base, method: 'POST', replayable: false, status: 429, retryAfter: '2' })).toMatchObject({
    retry: true,
    waitMs: 2000,
  });
  expect(setupRetryDecision({ ...base, status: 429, attempt: 2 })).toMatchObject({ retry: true, waitMs: backoffMs(2) });
});

test('502/503/504 and network errors: only replayable requests', () => {
  for (const status of [502, 503, 504, null]) {
    expect(setupRetryDecision({ ...base, status }).retry, String(status)).toBe(true);
    const d = setupRetryDecision({ ...base, method: 'POST', replayable: false, status });
    expect(d.retry).toBe(false);
    expect(d.reason).toContain('not replayable');
  }
});

test('other statuses are never retried', () => {
  for (const status of [200, 400, 404, 409, 500]) expect(setupRetryDecision({ ...base, status }).retry).toBe(false);
});

test('the budget bounds the waits', () => {
  expect(setupRetryDecision({ ...base, status: 503, retryAfter: '5', elapsedMs: 6000 }).retry).toBe(false);
  expect(setupRetryDecision({ ...base, status: 503, retryAfter: '5', elapsedMs: 4000 }).retry).toBe(true);
});

test('backoff doubles up to 2 s', () => {
  expect([0, 1, 2, 3, 4, 5].map(backoffMs)).toEqual([200, 400, 800, 1600, 2000, 2000]);
});

test('replayability: safe methods and idempotency keys', () => {
  expect(['GET', 'head', 'OPTIONS'].every(isSafeMethod)).toBe(true);
  expect(['POST', 'PUT', 'PATCH'].some(isSafeMethod)).toBe(false);
  expect(carriesIdempotencyKey({ idempotency_key: 'k' })).toBe(true);
  expect(carriesIdempotencyKey({ idempotency_key: '' })).toBe(false);
  expect(carriesIdempotencyKey(undefined)).toBe(false);
});

test('conformance outcomes: what counts as transient', () => {
  expect(isTransientOutcome(null, { rateLimitExpected: false })).toBe(true);
  expect(isTransientOutcome(503, { rateLimitExpected: true })).toBe(true);
  expect(isTransientOutcome(429, { rateLimitExpected: false })).toBe(true);
  expect(isTransientOutcome(429, { rateLimitExpected: true })).toBe(false);
  expect(isTransientOutcome(500, { rateLimitExpected: false })).toBe(false);
  expect(isTransientOutcome(404, { rateLimitExpected: false })).toBe(false);
});

test("a 429 on the harness's own key is resent after Retry-After in seconds or as an HTTP date", () => {
  const now = Date.parse('2026-12-02T10:00:00Z');
  expect(retryDecision({ ...base, method: 'POST', replayable: false, status: 429, retryAfter: '7' })).toMatchObject({
    retry: true,
    waitMs: 7000,
  });
  expect(retryDecision({ ...base, status: 429, retryAfter: 'Wed, 02 Dec 2026 10:00:03 GMT', now })).toMatchObject({
    retry: true,
    waitMs: 3000,
  });
});

test('a 429 the test observes, or a 503 it observes, is never resent', () => {
  expect(retryDecision({ ...base, status: 429, retryAfter: '1', rateLimitExpected: true }).retry).toBe(false);
  expect(retryDecision({ ...base, status: 503, retryAfter: '1', acceptTransient: true }).retry).toBe(false);
  // acceptTransient does not cover a 429 of the harness's own key
  expect(retryDecision({ ...base, status: 429, retryAfter: '1', acceptTransient: true }).retry).toBe(true);
});

test('a wait longer than the remaining budget is not taken', () => {
  const d = retryDecision({ ...base, status: 429, retryAfter: '30', budgetMs: 20_000 });
  expect(d.retry).toBe(false);
  expect(d.reason).toMatch(/exceed the 20000 ms retry budget/);
});

test('resends stop after MAX_RESENDS attempts', () => {
  expect(retryDecision({ ...base, status: 503, attempt: 6 }).retry).toBe(false);
});
