// String formats (date, date-time, email, uri, …) are checked with ajv-formats' full definitions:
// the ones the generated validators, and so the harness, use, so the two sides cannot drift apart.
// Beside them: date-times the mock can store, and x-meshi-format iana-timezone (Intl).

import { fullFormats } from 'ajv-formats/dist/formats.js';

type Test = (s: string) => boolean;

function asTest(def: unknown): Test | null {
  if (def instanceof RegExp) return (s) => def.test(s);
  if (typeof def === 'function') return def as Test;
  if (def && typeof def === 'object' && 'validate' in def) return asTest((def as { validate: unknown }).validate);
  return null;
}

const tests = new Map<string, Test | null>();

/** Whether `s` is a valid `format` value; formats ajv-formats does not define are not checked. */
export function formatOk(format: string, s: string): boolean {
  let test = tests.get(format);
  if (test === undefined) {
    test = asTest((fullFormats as Record<string, unknown>)[format]);
    tests.set(format, test);
  }
  return test === null || test(s);
}

const MIN_UTC = Date.parse('0000-01-01T00:00:00Z');
const MAX_UTC = Date.parse('9999-12-31T23:59:59.999Z');

/**
 * A date-time the mock can store: valid, readable by Date (no leap second) and still a four-digit
 * year once normalised to UTC (stored values are UTC).
 */
export function isStorableDateTime(s: string): boolean {
  if (!formatOk('date-time', s)) return false;
  const t = Date.parse(s);
  return Number.isFinite(t) && t >= MIN_UTC && t <= MAX_UTC;
}

/** A string format check: the contract's format (ajv-formats), date-times also storable. */
export function formatValid(format: string, s: string): boolean {
  return format === 'date-time' ? isStorableDateTime(s) : formatOk(format, s);
}

const zoneCache = new Map<string, boolean>();
const IANA_SHAPE = /^(?:[A-Za-z][A-Za-z0-9_+-]*)(?:\/[A-Za-z0-9_+-]+)*$/;

/** An IANA time zone name known to this runtime's Intl (e.g. America/New_York, UTC). */
export function isIanaTimeZone(name: string): boolean {
  let ok = zoneCache.get(name);
  if (ok === undefined) {
    ok = IANA_SHAPE.test(name);
    if (ok) {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: name });
      } catch {
        ok = false;
      }
    }
    if (zoneCache.size < 10_000) zoneCache.set(name, ok);
  }
  return ok;
}
