// The evidence ledger: per contract element, what each run showed — consistent exchanges, or an
// observed value that differs from the declared one — folded into one verdict over all runs.
// Confirmed needs enough consistent exchanges over enough runs on enough distinct days (the
// thresholds); below that an element is `seen`, with its counts. A contradiction always wins.

import type { Run } from './runs';
import type { Edit, Element, ElementSpec, EvidenceVerdict, Loc, ObservedStamp, Thresholds } from './types';

interface Entry {
  spec: ElementSpec;
  consistent: number;
  runs: Set<number>;
  contradictions: Map<string, { count: number; examples: string[]; runs: Set<number> }>;
  ignored: Set<string>;
}

const MAX_EXAMPLES = 3;

export class Ledger {
  private readonly entries = new Map<string, Entry>();

  constructor(readonly runs: readonly Run[]) {}

  declare(spec: ElementSpec): void {
    if (!this.entries.has(spec.key))
      this.entries.set(spec.key, { spec, consistent: 0, runs: new Set(), contradictions: new Map(), ignored: new Set() });
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  consistent(key: string, run: number, count: number): void {
    const e = this.entries.get(key);
    if (!e || count <= 0) return;
    e.consistent += count;
    e.runs.add(run);
  }

  contradicted(key: string, run: number, value: string, count: number, examples: readonly string[]): void {
    const e = this.entries.get(key);
    if (!e || count <= 0) return;
    const c = e.contradictions.get(value) ?? { count: 0, examples: [], runs: new Set<number>() };
    c.count += count;
    c.runs.add(run);
    for (const x of examples) if (c.examples.length < MAX_EXAMPLES && !c.examples.includes(x)) c.examples.push(x);
    e.contradictions.set(value, c);
    e.runs.add(run);
  }

  /** Notes observations of a run left out for `key`, and why. */
  ignore(key: string, reason: string): void {
    this.entries.get(key)?.ignored.add(reason);
  }

  /** Verdicts (and the proposal's edits) for every declared element. */
  settle(target: string, thresholds: Thresholds): { elements: Element[]; edits: Edit[] } {
    const elements: Element[] = [];
    const edits: Edit[] = [];
    for (const e of this.entries.values()) {
      const runIdx = [...e.runs].sort((a, b) => a - b);
      const dates = runIdx.map((i) => this.runs[i]!.date).sort();
      const days = new Set(dates).size;
      const stamp: ObservedStamp = { target, first: dates[0] ?? '', last: dates[dates.length - 1] ?? '', runs: runIdx.length };
      const worst = [...e.contradictions.entries()].sort((a, b) => b[1].count - a[1].count)[0];
      let verdict: EvidenceVerdict = 'unobserved';
      let proposed = false;
      if (worst) {
        verdict = 'contradicted';
        const adopt = e.spec.adopt?.(worst[0], stamp) ?? [];
        edits.push(...adopt);
        proposed = adopt.length > 0;
      } else if (e.consistent >= thresholds.exchanges && runIdx.length >= thresholds.runs && days >= thresholds.days) {
        verdict = 'confirmed';
        const mark = e.spec.provenance === 'provisional' ? (e.spec.markObserved?.(stamp) ?? []) : [];
        edits.push(...mark);
        proposed = mark.length > 0;
      } else if (e.consistent > 0) verdict = 'seen';
      elements.push({
        key: e.spec.key,
        kind: e.spec.kind,
        name: e.spec.name,
        provenance: e.spec.provenance,
        declared: e.spec.declared,
        verdict,
        exchanges: worst ? worst[1].count : e.consistent,
        runs: runIdx.length,
        days,
        first: stamp.first || null,
        last: stamp.last || null,
        observed: worst ? worst[0] : null,
        examples: worst ? worst[1].examples : [],
        ignored: [...e.ignored],
        proposed,
      });
    }
    return { elements, edits };
  }
}

/** Edits marking the node at `loc` observed: its provenance key and the stamp of where and when. */
export function observedMark(loc: Loc, s: ObservedStamp, provenanceKey = 'x-meshi-provenance', stampKey = 'x-meshi-observed'): Edit[] {
  return [
    { file: 'partner-api.yaml', loc: [...loc, provenanceKey], value: 'observed' },
    { file: 'partner-api.yaml', loc: [...loc, stampKey], value: { ...s } },
  ];
}
