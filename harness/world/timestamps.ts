// The one way to compare contract timestamps: RFC 3339 date-times (up to 9 fractional digits,
// any offset) as exact instants in BigInt nanoseconds. A JavaScript Date keeps milliseconds only,
// so two instants 35 µs apart would tie and an ordered list would look out of order.

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2})$/;

/** The instant in nanoseconds since the epoch, or null when `text` is not an RFC 3339 date-time. */
export function instantNs(text: string): bigint | null {
  const m = RFC3339.exec(text);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac = '', zone] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (!Number.isFinite(ms)) return null;
  let ns = BigInt(ms) * 1_000_000n + BigInt(frac.padEnd(9, '0') || '0');
  if (zone !== 'Z' && zone !== 'z') {
    const sign = zone!.startsWith('-') ? -1n : 1n;
    const minutes = BigInt(Number(zone!.slice(1, 3)) * 60 + Number(zone!.slice(4, 6)));
    ns -= sign * minutes * 60_000_000_000n;
  }
  return ns;
}

/** True when both are date-times naming the same instant (at full precision). */
export function sameInstant(a: unknown, b: unknown): boolean {
  if (typeof a !== 'string' || typeof b !== 'string') return false;
  const x = instantNs(a);
  return x !== null && x === instantNs(b);
}

/**
 * Orders two date-times by instant (negative: `a` is earlier). A value that is not a date-time
 * (the schema check's finding, not the order's) sorts after every date-time, by code units.
 */
export function compareInstants(a: string, b: string): number {
  const x = instantNs(a);
  const y = instantNs(b);
  if (x === null || y === null) return x !== null ? -1 : y !== null ? 1 : a < b ? -1 : a > b ? 1 : 0;
  return x < y ? -1 : x > y ? 1 : 0;
}
