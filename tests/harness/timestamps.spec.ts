// Contract timestamps compare as exact instants: every fractional digit and the offset count.
import { test, expect } from '@playwright/test';
import { compareInstants, instantNs, sameInstant } from '../../harness/world/timestamps';

test('instants keep every fractional digit (a Date keeps milliseconds only)', () => {
  const a = '2026-09-10T09:00:00.123456Z';
  const b = '2026-09-10T09:00:00.123491Z'; // 35 µs later
  expect(Date.parse(a)).toBe(Date.parse(b));
  expect(compareInstants(a, b)).toBe(-1);
  expect(compareInstants(b, a)).toBe(1);
  expect(sameInstant(a, b)).toBe(false);
  expect(instantNs('2026-09-10T09:00:00.000000001Z')! - instantNs('2026-09-10T09:00:00Z')!).toBe(1n);
});

test('the same instant in other spellings is the same; an offset is applied exactly', () => {
  expect(sameInstant('2026-09-10T10:30:00.5+02:00', '2026-09-10T08:30:00.500000000Z')).toBe(true);
  expect(sameInstant('2026-09-10T08:30:00Z', '2026-09-10T08:30:00.000Z')).toBe(true);
  expect(sameInstant('2026-09-09T23:30:00-00:45', '2026-09-10T00:15:00Z')).toBe(true);
  expect(compareInstants('2026-09-10T10:30:00+02:00', '2026-09-10T09:00:00Z')).toBe(-1);
});

test('what is not an RFC 3339 date-time is never an instant, and sorts after every one', () => {
  for (const bad of ['2026-09-10', '2026-09-10T09:00:00', '2026-09-10T09:00:00.1234567890Z', 'now', ''])
    expect(instantNs(bad), bad).toBeNull();
  expect(sameInstant('now', 'now')).toBe(false);
  expect(compareInstants('now', '2026-09-10T09:00:00Z')).toBe(1);
});
