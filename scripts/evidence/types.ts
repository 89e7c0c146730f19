// The evidence loop's types, in one leaf module (it imports nothing of the loop): the elements a
// run can confirm or contradict, the proposal's edits, what the runs showed that no element states,
// and the shape of reports/evidence/contract-evidence.json.

export type Loc = readonly (string | number)[];

export type ElementKind = 'guarantee' | 'status' | 'error-code' | 'parameter-code' | 'body-code' | 'field' | 'header' | 'limit';
/** `seen`: consistent exchanges, but fewer than the thresholds ask for confirmation. */
export type EvidenceVerdict = 'confirmed' | 'seen' | 'contradicted' | 'unobserved';

/** How much consistent evidence confirms an element (MESHI_EVIDENCE_MIN_*). */
export interface Thresholds {
  readonly exchanges: number;
  readonly runs: number;
  readonly days: number;
}

/** An edit of the proposal: set `value` at `loc` of one contract file (null value = delete). */
export interface Edit {
  readonly file: 'partner-api.yaml' | 'guarantees.yaml';
  readonly loc: Loc;
  readonly value: unknown;
  /** `append` adds value to the array at loc when missing. */
  readonly mode?: 'set' | 'append';
}

export interface ObservedStamp {
  readonly target: string;
  readonly first: string;
  readonly last: string;
  readonly runs: number;
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

export interface Element {
  readonly key: string;
  readonly kind: ElementKind;
  readonly name: string;
  readonly provenance: string;
  readonly declared: string;
  readonly verdict: EvidenceVerdict;
  /** Consistent exchanges (confirmed, seen) or contradicting ones (contradicted). */
  readonly exchanges: number;
  readonly runs: number;
  /** Distinct days (UTC) of the runs that showed it. */
  readonly days: number;
  readonly first: string | null;
  readonly last: string | null;
  /** The observed value that contradicts the declared one (the most frequent). */
  readonly observed: string | null;
  readonly examples: readonly string[];
  /** Observations left out, with the reason (e.g. a limit the operator told the harness). */
  readonly ignored: readonly string[];
  /** Whether the proposal changes the contract for it. */
  readonly proposed: boolean;
}

export interface Undeclared {
  readonly kind: 'status' | 'error-code' | 'field' | 'header';
  /** `getAuth 200 server_region`, `listEvents 418`, … */
  readonly name: string;
  readonly observed: string;
  readonly count: number;
  readonly runs: number;
  readonly examples: readonly string[];
  readonly proposed: boolean;
}

export interface Figures {
  exchanges: number;
  runDurationMs: { count: number; min: number | null; max: number | null };
  runStatuses: Record<string, number>;
  rateLimitPolicies: Record<string, number>;
  defaultFullPageSizes: Record<string, number>;
  pageLimitAccepted: { min: number | null; max: number | null };
  pageLimitRejected: number[];
  bodyBytes: { largestAccepted: number | null; smallestRejected: number | null };
}

export interface Judgement {
  readonly elements: Element[];
  readonly undeclared: Undeclared[];
  readonly edits: Edit[];
  /** Merged informational figures (run durations, policies, page sizes, body sizes). */
  readonly figures: Figures;
}

/** A run found but left out of the evidence, and why. */
export interface IgnoredRun {
  readonly dir: string;
  readonly reason: string;
}

export interface EvidenceFile {
  readonly version: 2;
  readonly generatedAt: string;
  readonly target: string;
  /** Runs against the bundled mock (or another local server), for the project's own tests: never evidence about a real target. */
  readonly rehearsal: boolean;
  readonly thresholds: Thresholds;
  /** Fewer runs or days than the thresholds ask: nothing can be confirmed, and --apply-to refuses. */
  readonly belowThreshold: boolean;
  readonly runs: readonly { readonly dir: string; readonly id: string | null; readonly date: string; readonly exchanges: number }[];
  readonly ignoredRuns: readonly IgnoredRun[];
  readonly counts: {
    readonly confirmed: number;
    readonly seen: number;
    readonly contradicted: number;
    readonly unobserved: number;
    readonly undeclared: number;
    readonly byKind: Partial<Record<ElementKind, Record<EvidenceVerdict, number>>>;
  };
  readonly elements: readonly Element[];
  readonly undeclared: readonly Undeclared[];
  readonly figures: Figures;
  readonly proposal: { readonly patch: string; readonly edits: number; readonly files: readonly string[] };
}
