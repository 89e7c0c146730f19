// Page `limit` and `cursor` query values, valid and invalid, from the list operations' parameter
// schemas (minimum, maximum, default of `limit`; `cursor` length bounds). Cursors are opaque: the
// invalid ones are junk, forgeries of the shape a cursor might have, and (built at execution time
// from a real next_cursor) tampered or foreign ones.

import fc from 'fast-check';
import { contract } from '../../contract';

export function limitBounds(): { min: number; max: number; dflt: number } {
  return { min: contract.limits.pageLimitMin ?? 1, max: contract.limits.pageLimitMax ?? 200, dflt: contract.limits.pageLimitDefault ?? 50 };
}

/** A valid limit, biased to the bounds and to small pages (more pages, more cursors). */
export function validLimit(maxUseful?: number): fc.Arbitrary<number> {
  const { min, max } = limitBounds();
  const top = Math.min(max, maxUseful ?? max);
  return fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min, max: Math.min(top, min + 4) }) },
    { weight: 2, arbitrary: fc.integer({ min, max: top }) },
    { weight: 1, arbitrary: fc.constantFrom(min, max) },
  );
}

/** A limit query value the contract rejects (INVALID_LIMIT). Unambiguous: no "+5", "05" or "1e1". */
export function invalidLimit(): fc.Arbitrary<string> {
  const { min, max } = limitBounds();
  return fc.oneof(
    fc.constantFrom(String(min - 1), String(max + 1), '-1', String(max * 1000), '1.5', 'abc', '', 'NaN', 'null', '\uff11', '1,2', '[1]'),
    fc.integer({ min: max + 1, max: max * 100 }).map(String),
    fc.integer({ min: -1000, max: min - 1 }).map(String),
  );
}

/** Cursor values no server could have issued. */
export function junkCursor(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom('', 'null', 'undefined', '0', '-1', 'eyJ9', 'e30', 'e30.e30', '..', '%00', 'a'.repeat(600)),
    fc.string({
      unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=.'),
      minLength: 1,
      maxLength: 64,
    }),
    fc.jsonValue({ maxDepth: 1 }).map((v) => Buffer.from(JSON.stringify(v)).toString('base64url')),
  );
}

/**
 * A tampered version of a real cursor that no server can read as a cursor it issued: cut to one
 * character, or extended with a character outside every base64/base64url/hex alphabet. (Flipping
 * a character is not used: an unsigned cursor format may decode a flipped one as another valid
 * position, which the contract does not forbid.)
 */
export type CursorTamper = { readonly kind: 'cut' } | { readonly kind: 'append'; readonly extra: string };

export function cursorTamper(): fc.Arbitrary<CursorTamper> {
  return fc.oneof(
    fc.constant({ kind: 'cut' as const }),
    fc.constantFrom('!', '~', '*', '"').map((extra) => ({ kind: 'append' as const, extra })),
  );
}

export function tamper(cursor: string, t: CursorTamper): string {
  return t.kind === 'cut' ? cursor.slice(0, 1) : cursor + t.extra;
}
