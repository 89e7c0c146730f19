// What the target did that the contract lacks (undeclared statuses, codes, fields, headers),
// collected over the runs; the ones the proposal can add carry an edit, filled in at the end with
// where and when they were seen.

import type { Seen } from '../../reporter/observations';
import type { Run } from './runs';
import type { Edit, ObservedStamp, Undeclared } from './types';

type What = Omit<Undeclared, 'count' | 'runs' | 'examples' | 'proposed'>;
/** The proposal's edits for an undeclared item: `at` is every place it was noted at (e.g. the responses a header was on). */
export type UndeclaredEdit = (s: ObservedStamp, at: readonly string[]) => Edit[];

interface Entry {
  what: What;
  count: number;
  runs: Set<number>;
  examples: string[];
  at: Set<string>;
  edit?: UndeclaredEdit;
}

export class UndeclaredLedger {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly runs: readonly Run[]) {}

  note(key: string, what: What, run: number, seen: Seen, edit?: UndeclaredEdit, at?: string): void {
    const e = this.entries.get(key) ?? { what, count: 0, runs: new Set<number>(), examples: [], at: new Set<string>(), edit };
    e.count += seen.count;
    e.runs.add(run);
    if (at !== undefined) e.at.add(at);
    for (const x of seen.examples) if (e.examples.length < 3 && !e.examples.includes(x)) e.examples.push(x);
    this.entries.set(key, e);
  }

  settle(target: string): { undeclared: Undeclared[]; edits: Edit[] } {
    const undeclared: Undeclared[] = [];
    const edits: Edit[] = [];
    for (const e of this.entries.values()) {
      const dates = [...e.runs].map((i) => this.runs[i]!.date).sort();
      const add = e.edit?.({ target, first: dates[0]!, last: dates[dates.length - 1]!, runs: e.runs.size }, [...e.at]) ?? [];
      edits.push(...add);
      undeclared.push({ ...e.what, count: e.count, runs: e.runs.size, examples: e.examples, proposed: add.length > 0 });
    }
    return { undeclared, edits };
  }
}
