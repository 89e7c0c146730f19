// Timestamps: RFC 3339 in UTC, always from the app clock (app.now()). By default with
// milliseconds (fixed width, so string order = time order); with the MOCK_TIMESTAMP_DIGITS
// variation (mock/timestampDigits.ts) with 6 or 9 fractional digits, consecutive readings within
// one millisecond 35 µs apart (a server whose clock has sub-millisecond resolution). Every
// comparison the mock makes between timestamps goes through `instantKey` (exact, any width).

import type { MockApp } from './app';

export function isoTimestamp(ms: number): string {
  return new Date(ms).toISOString();
}

/** Per app: the last millisecond read and how many readings it has had (sub-millisecond steps). */
const lastReading = new WeakMap<object, { ms: number; n: number }>();
const STEP_NS = 35_000;

/** The app clock's current instant as a timestamp at the configured precision. */
export function nowIso(app: Pick<MockApp, 'now' | 'config'>): string {
  const ms = app.now();
  const digits = app.config.variations.timestampDigits ?? 3;
  if (digits <= 3) return isoTimestamp(ms);
  const last = lastReading.get(app);
  const n = last && last.ms === ms ? last.n + 1 : 0;
  lastReading.set(app, { ms, n });
  // Sub-millisecond part: n steps of 35 µs (capped inside the millisecond), plus a few ns at 9 digits.
  const subNs = Math.min(n * STEP_NS, 999_000) + (digits > 6 ? 7 : 0);
  const base = isoTimestamp(ms).slice(0, -1); // …ss.mmm
  return `${base}${String(subNs)
    .padStart(6, '0')
    .slice(0, digits - 3)}Z`;
}

/** An RFC 3339 date-time with any offset, normalised to UTC, every fractional digit kept (the input was validated). */
export function toUtc(dateTime: string): string {
  const m = /^(.*T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(.*)$/i.exec(dateTime);
  if (!m) return new Date(Date.parse(dateTime)).toISOString();
  const [, head, frac = '', zone] = m;
  const whole = new Date(Date.parse(`${head}${zone}`)).toISOString().slice(0, 19);
  return `${whole}.${frac.padEnd(3, '0')}Z`;
}

/**
 * A sort key for a timestamp, exact at any precision: [milliseconds since the epoch, the
 * nanoseconds past that millisecond].
 */
export function instantKey(ts: string): [number, number] {
  const frac = /\.(\d+)/.exec(ts)?.[1] ?? '';
  return [Date.parse(ts), Number(frac.slice(3, 9).padEnd(6, '0'))];
}
