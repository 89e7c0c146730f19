// The evidence ledger: per contract element, what each run showed — consistent exchanges, or an
// observed value that differs from the declared one — folded into one verdict over all runs.

import type { Run } from './runs';
import type { Loc } from './schema';

export type ElementKind = 'guarantee' | 'status' | 'error-code' | 'parameter-code' | 'field' | 'header' | 'limit';
export type EvidenceVerdict = 'confirmed' | 'contradicted' | 'unobserved';

/** An edit of the proposal: set `value` at `loc` of one contract file (null value = delete). */
export interface Edit {
  readonly file: 'partner-api.yaml' | 'guarantees.yaml';
  readonly loc: readonly (string | number)[];
  readonly value: unknown;
  /** `append` adds value to the array at loc when missing. */
  readonly mode?: 'set' | 'append';
}

export interface ElementSpec {
  readonly key: string;
  readonly kind: ElementKind;
  /** Human name: `listEvents 400 code INVALID_LIMIT`, `getAuth 200 field org_id`. */
  readonly name: string;
  readonly provenance: string;
  readonly declared: string;
  /** Edits marking the element observed (when confirmed); `observed` is filled in later. */
  readonly markObserved?: (observed: ObservedStamp) => Edit[];
  /** Edits changing the element to the observed value (when contradicted). */
  readonly adopt?: (value: string, observed: ObservedStamp) => Edit[];
}

export interface ObservedStamp {
  readonly target: string;
  readonly first: string;
  readonly last: string;
  readonly runs: number;
}

export interface Element {
  readonly key: string;
  readonly kind: ElementKind;
  readonly name: string;
  readonly provenance: string;
  readonly declared: string;
  readonly verdict: EvidenceVerdict;
  /** Consistent exchanges (confirmed) or contradicting ones (contradicted). */
  readonly exchanges: number;
  readonly runs: number;
  readonly first: string | null;
  readonly last: string | null;
  /** The observed value that contradicts the declared one (the most frequent). */
  readonly observed: string | null;
  readonly examples: readonly string[];
  /** Whether the proposal changes the contract for it. */
  readonly proposed: boolean;
}

interface Entry {
  spec: ElementSpec;
  consistent: number;
  runs: Set<number>;
  contradictions: Map<string, { count: number; examples: string[]; runs: Set<number> }>;
}

const MAX_EXAMPLES = 3;

export class Ledger {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly runs: readonly Run[]) {}

  declare(spec: ElementSpec): void {
    if (!this.entries.has(spec.key)) this.entries.set(spec.key, { spec, consistent: 0, runs: new Set(), contradictions: new Map() });
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

  /** Verdicts (and the proposal's edits) for every declared element. */
  settle(target: string): { elements: Element[]; edits: Edit[] } {
    const elements: Element[] = [];
    const edits: Edit[] = [];
    for (const e of this.entries.values()) {
      const runIdx = [...e.runs].sort((a, b) => a - b);
      const dates = runIdx.map((i) => this.runs[i]!.date).sort();
      const stamp: ObservedStamp = { target, first: dates[0] ?? '', last: dates[dates.length - 1] ?? '', runs: runIdx.length };
      const worst = [...e.contradictions.entries()].sort((a, b) => b[1].count - a[1].count)[0];
      let verdict: EvidenceVerdict = 'unobserved';
      let proposed = false;
      if (worst) {
        verdict = 'contradicted';
        const adopt = e.spec.adopt?.(worst[0], stamp) ?? [];
        edits.push(...adopt);
        proposed = adopt.length > 0;
      } else if (e.consistent > 0) {
        verdict = 'confirmed';
        const mark = e.spec.provenance === 'provisional' ? (e.spec.markObserved?.(stamp) ?? []) : [];
        edits.push(...mark);
        proposed = mark.length > 0;
      }
      elements.push({
        key: e.spec.key,
        kind: e.spec.kind,
        name: e.spec.name,
        provenance: e.spec.provenance,
        declared: e.spec.declared,
        verdict,
        exchanges: worst ? worst[1].count : e.consistent,
        runs: runIdx.length,
        first: stamp.first || null,
        last: stamp.last || null,
        observed: worst ? worst[0] : null,
        examples: worst ? worst[1].examples : [],
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
