// Cursor pages over the domain's sorted lists (attendees, match scores, reviews), using the
// shared cursor codec of mock/pagination.ts. A list is read through `slice(after, n)`: up to n
// items strictly after a sort key, in served order. The page faults live here:
// page-repeats-item (the cursor points one item back) and page-skips-item (one item ahead).

import type { MockApp } from '../app';
import { D } from '../faults/domain';
import { compareKeys, decodeCursor, encodeCursor, type PageRequest, type SortKey } from '../pagination';

export interface DomainPage<T> {
  readonly items: T[];
  readonly next_cursor: string | null;
}

export function pageOf<T>(
  app: MockApp,
  req: PageRequest,
  listId: string,
  keyOf: (item: T) => SortKey,
  slice: (after: SortKey | null, n: number) => readonly T[],
): DomainPage<T> {
  const after = req.cursor === null ? null : decodeCursor(listId, req.cursor, app.faults);
  const got = slice(after, req.limit + 2);
  const items = got.slice(0, req.limit);
  const more = got.length > req.limit;
  let next: SortKey | null = more && items.length > 0 ? keyOf(items[items.length - 1]!) : null;
  if (next !== null && app.faults.isOn(D.pageRepeatsItem) && items.length >= 2) {
    next = keyOf(items[items.length - 2]!);
  } else if (next !== null && app.faults.isOn(D.pageSkipsItem)) {
    next = got.length > req.limit + 1 ? keyOf(got[req.limit]!) : null;
  }
  return { items, next_cursor: next === null ? null : encodeCursor(listId, next) };
}

/** `slice` over an array sorted ascending by `keyOf` (binary search for the cursor position). */
export function arraySlice<T>(sorted: readonly T[], keyOf: (item: T) => SortKey): (after: SortKey | null, n: number) => readonly T[] {
  return (after, n) => {
    let start = 0;
    if (after !== null) {
      let lo = 0;
      let hi = sorted.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (compareKeys(keyOf(sorted[mid]!), after) <= 0) lo = mid + 1;
        else hi = mid;
      }
      start = lo;
    }
    return sorted.slice(start, start + n);
  };
}
