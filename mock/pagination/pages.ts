// The one pagination engine. A list is a PagedList (its id, "up to n items after a cursor key",
// and the cursor key of an item); pageOf serves a page of it with a signed next_cursor, and the
// page faults act here, on every list alike: uuid-in-cursor (the cursor carries the last item's
// internal id), page-repeats-item (the cursor points one item back), page-skips-item (one ahead),
// cursor-single-use (a cursor read twice is refused).

import { createHash } from 'node:crypto';
import { limitOf, type MockConfig } from '../config';
import type { RequestContext } from '../app';
import { contract as C } from '../../contract';
import { D } from '../faults/domain';
import { F } from '../faults/http';
import type { FaultSwitch } from '../faults/switch';
import { cursorError, decodeCursor, encodeCursor } from './cursor';
import { compareKeys, type SortedIndex, type SortKey } from './sortedIndex';

export interface PageRequest {
  readonly limit: number;
  readonly cursor: string | null;
}

export interface Page<T> {
  readonly items: T[];
  readonly next_cursor: string | null;
}

export interface PagedList<T> {
  /** Binds cursors to this list (see listId). */
  readonly id: string;
  /** Up to n items after the item `cursorKey` stands for (from the start when null), in served order; null when the key stands for nothing. */
  after(cursorKey: SortKey | null, n: number): readonly T[] | null;
  /** What a cursor after `item` carries. */
  cursorKeyOf(item: T): SortKey;
  /** The internal id of an item: only the uuid-in-cursor fault reads it. */
  readonly internalIdOf?: (item: T) => string;
}

/** The id of a list: its kind and the scope values (org, event, filters) that make it one list. */
export function listId(kind: string, ...scope: readonly (string | number | null)[]): string {
  return [kind, ...scope.map((s) => s ?? '')].join('\u0000');
}

/** The page request of a list operation; limit and cursor were already checked by validateParams. */
/** The default page size honours the `pageLimitDefault` cap (MOCK_CAPS). */
export function pageRequest(ctx: RequestContext, config: MockConfig): PageRequest {
  const raw = ctx.query.get('limit');
  const n = raw === null ? NaN : Math.trunc(Number(raw));
  // Validated before the handler; the clamp only matters under the limit-unchecked fault.
  const limit = Number.isFinite(n)
    ? Math.min(Math.max(n, C.limits.pageLimitMin!), C.limits.pageLimitMax!)
    : limitOf(config, 'pageLimitDefault');
  return { limit, cursor: ctx.query.get('cursor') };
}

const LEAK_SEPARATOR = '~';

export function pageOf<T>(list: PagedList<T>, req: PageRequest, faults?: FaultSwitch): Page<T> {
  const faulty = faults?.any === true;
  let after: SortKey | null = null;
  if (req.cursor !== null) {
    let text = faulty && faults!.isOn(D.cursorSingleUse) ? spendCursor(faults!, req.cursor) : req.cursor;
    const cut = faulty && faults!.isOn(F.uuidInCursor) ? text.indexOf(LEAK_SEPARATOR) : -1;
    if (cut >= 0) text = text.slice(0, cut);
    after = decodeCursor(list.id, text);
  }
  // Two beyond the page: whether more follow, and the item the skip fault jumps to.
  const got = list.after(after, req.limit + 2);
  if (got === null) throw cursorError();
  const items = got.slice(0, req.limit);
  let last: T | null = got.length > req.limit && items.length > 0 ? items[items.length - 1]! : null;
  if (last !== null && faulty) {
    if (faults!.isOn(D.pageRepeatsItem) && items.length >= 2) last = items[items.length - 2]!;
    else if (faults!.isOn(D.pageSkipsItem)) last = got.length > req.limit + 1 ? got[req.limit]! : null;
  }
  if (last === null) return { items, next_cursor: null };
  let next = encodeCursor(list.id, list.cursorKeyOf(last));
  if (faulty && list.internalIdOf && faults!.isOn(F.uuidInCursor)) next += LEAK_SEPARATOR + list.internalIdOf(last);
  if (faulty && faults!.isOn(D.cursorSingleUse)) next = withSerial(next);
  return { items, next_cursor: next };
}

// cursor-single-use: every cursor issued carries a serial number (bound to it by a tag, so a
// damaged one stays damaged) and is forgotten on first use: a second read of it (a retry of the
// same page) is INVALID_CURSOR.
const SINGLE_USE_SEPARATOR = '.s';
let issued = 0;
const spent = new WeakMap<FaultSwitch, Set<string>>();
const SERIAL = /^(\d{9})([A-Za-z0-9_-]{6})$/;

function serialTag(cursor: string, serial: string): string {
  return createHash('sha256').update(`${cursor}|${serial}`).digest('base64url').slice(0, 6);
}

function withSerial(cursor: string): string {
  const serial = String(++issued).padStart(9, '0');
  return `${cursor}${SINGLE_USE_SEPARATOR}${serial}${serialTag(cursor, serial)}`;
}

/** The cursor without its serial; throws INVALID_CURSOR when it was read before or is damaged. */
function spendCursor(faults: FaultSwitch, cursor: string): string {
  const cut = cursor.lastIndexOf(SINGLE_USE_SEPARATOR);
  if (cut < 0) return cursor;
  const inner = cursor.slice(0, cut);
  const m = SERIAL.exec(cursor.slice(cut + SINGLE_USE_SEPARATOR.length));
  if (!m || m[2] !== serialTag(inner, m[1]!)) throw cursorError();
  let used = spent.get(faults);
  if (!used) spent.set(faults, (used = new Set()));
  if (used.has(cursor)) throw cursorError();
  used.add(cursor);
  return inner;
}

/** A SortedIndex served ascending or descending; a page costs O(log n + limit). */
export function indexList<T>(index: SortedIndex<T>, id: string, order: 'asc' | 'desc', internalIdOf?: (item: T) => string): PagedList<T> {
  const asc = order === 'asc';
  return {
    id,
    ...(internalIdOf ? { internalIdOf } : {}),
    cursorKeyOf: (item) => index.cursorKeyOf(item),
    after(cursorKey, n) {
      let i: number;
      if (cursorKey === null) i = asc ? 0 : index.size - 1;
      else {
        const key = index.resolveCursorKey(cursorKey);
        if (key === null) return null;
        i = asc ? index.upperBound(key) : index.lowerBound(key) - 1;
      }
      const out: T[] = [];
      for (; out.length < n && i >= 0 && i < index.size; i += asc ? 1 : -1) out.push(index.at(i));
      return out;
    },
  };
}

/** An array already sorted ascending by `keyOf` (the cursor key), served in that order. */
export function arrayList<T>(sorted: readonly T[], keyOf: (item: T) => SortKey, id: string): PagedList<T> {
  return {
    id,
    cursorKeyOf: keyOf,
    after(cursorKey, n) {
      let start = 0;
      if (cursorKey !== null) {
        let lo = 0;
        let hi = sorted.length;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (compareKeys(keyOf(sorted[mid]!), cursorKey) <= 0) lo = mid + 1;
          else hi = mid;
        }
        start = lo;
      }
      return sorted.slice(start, start + n);
    },
  };
}
