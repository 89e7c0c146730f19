// The shape of reports/evidence/contract-evidence.json.

import type { Undeclared } from './judge';
import type { Element, ElementKind, EvidenceVerdict } from './ledger';

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

export interface EvidenceFile {
  readonly version: 1;
  readonly generatedAt: string;
  readonly target: string;
  readonly runs: readonly { readonly dir: string; readonly id: string | null; readonly date: string; readonly exchanges: number }[];
  /** Runs left out because they are of another target. */
  readonly skippedRuns: readonly { readonly dir: string; readonly target: string }[];
  readonly counts: {
    readonly confirmed: number;
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
