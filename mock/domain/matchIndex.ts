// The served match scores of one event, indexed for paging in O(log n) per page: the global list
// in served order (score desc, attendee_id, matched_attendee_id), one sub-list per attendee, and
// binary searches for the min_score cut and for the position after a cursor key.

import type { EventRecord, MatchRecord } from '../store';
import { compareStrings } from './text';

export interface MatchKey {
  readonly score: number;
  readonly attendee_id: string;
  readonly matched_attendee_id: string;
}

/** Served order: negative when a comes first. */
export function compareMatch(a: MatchKey, b: MatchKey): number {
  return b.score - a.score || compareStrings(a.attendee_id, b.attendee_id) || compareStrings(a.matched_attendee_id, b.matched_attendee_id);
}

export interface MatchSlice {
  readonly items: readonly MatchRecord[];
  /** True when more items follow the slice. */
  readonly more: boolean;
}

export class MatchIndex {
  private all: readonly MatchRecord[] = [];
  private byAttendee = new Map<string, MatchRecord[]>();

  reset(matches: readonly MatchRecord[]): void {
    this.all = matches;
    this.byAttendee = new Map();
    for (const m of matches) {
      let list = this.byAttendee.get(m.attendee_id);
      if (!list) this.byAttendee.set(m.attendee_id, (list = []));
      list.push(m);
    }
  }

  get size(): number {
    return this.all.length;
  }

  /**
   * Up to `limit` items after `after` (exclusive; from the start when null), restricted to one
   * attendee and to scores ≥ minScore when given.
   */
  slice(opts: { attendeeId: string | null; minScore: number | null; after: MatchKey | null; limit: number }): MatchSlice {
    const list = opts.attendeeId === null ? this.all : (this.byAttendee.get(opts.attendeeId) ?? []);
    // End: the first index whose score is below minScore (scores are descending).
    let end = list.length;
    if (opts.minScore !== null) {
      const min = opts.minScore;
      let lo = 0,
        hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (list[mid]!.score >= min) lo = mid + 1;
        else hi = mid;
      }
      end = lo;
    }
    // Start: the first index strictly after the cursor key.
    let start = 0;
    if (opts.after) {
      const after = opts.after;
      let lo = 0,
        hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (compareMatch(list[mid]!, after) <= 0) lo = mid + 1;
        else hi = mid;
      }
      start = lo;
    }
    const stop = Math.min(end, start + opts.limit);
    return { items: start < stop ? list.slice(start, stop) : [], more: stop < end };
  }
}

const indexes = new WeakMap<EventRecord, MatchIndex>();

/** The index of an event's served scores (built from event.matches on first use). */
export function matchIndexOf(event: EventRecord): MatchIndex {
  let index = indexes.get(event);
  if (!index) {
    indexes.set(event, (index = new MatchIndex()));
    index.reset(event.matches);
  }
  return index;
}
