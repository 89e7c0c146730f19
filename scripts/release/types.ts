// The release decision's shapes: what it reads (ReleaseInputs, assembled by inputs.ts from the
// adapters under inputs/), one line per criterion, and the decision itself
// (release-decision.json, contracts/release-decision.schema.json).

import type { CatalogueVersion } from '../../reporter/catalogueVersion';
import type { ContractLocator } from '../../reporter/ci/contractLines';
import type { CiFinding } from '../../reporter/ci/findings';
import type { CatalogueInput } from './inputs/catalogue';
import type { ContractDiffInput, NoDiff } from './inputs/contractDiff';
import type { ReportInput, ReportVerdict } from './inputs/conformanceReport';
import type { SensitivityInput } from './inputs/killMatrix';

export type CriterionId = 'conformance' | 'contract-changes' | 'coverage' | 'sensitivity' | 'catalogue';
export const CRITERIA: readonly CriterionId[] = ['conformance', 'contract-changes', 'coverage', 'sensitivity', 'catalogue'];

/** `unknown` is never a pass: the decision cannot say yes on what it could not see. */
export type CriterionStatus = 'pass' | 'fail' | 'unknown';

export interface Criterion {
  readonly id: CriterionId;
  readonly status: CriterionStatus;
  /** One line: why. */
  readonly reason: string;
  /** What failed, is unknown or is uncovered, one item a line (the table caps them, the JSON does not). */
  readonly details: readonly string[];
  readonly findings: readonly CiFinding[];
}

/** A catalogue guarantee as the criteria need it. */
export interface CatalogueGuarantee {
  readonly id: string;
  readonly level: 'MUST' | 'SHOULD';
  readonly provenance: 'documented' | 'observed' | 'provisional';
  readonly operations: readonly string[];
}

/** The contract surface coverage is measured against. */
export interface ContractSurface {
  readonly operations: readonly {
    readonly operationId: string;
    readonly statuses: readonly { readonly status: number; readonly codes: readonly string[] }[];
  }[];
}

export interface ReleaseInputs {
  readonly reports: readonly ReportInput[];
  readonly diff: ContractDiffInput | NoDiff;
  readonly killMatrix: SensitivityInput | null;
  readonly catalogue: CatalogueInput;
  readonly guarantees: readonly CatalogueGuarantee[];
  /** Catalogue faults (mock/faults/): which guarantee each one breaks. */
  readonly faults: readonly { readonly name: string; readonly guarantee: string }[];
  readonly surface: ContractSurface;
  readonly locator: ContractLocator;
  readonly now: Date;
  readonly maxAgeHours: number;
  readonly dryRun: boolean;
}

export interface GuaranteeLine {
  readonly id: string;
  readonly level: 'MUST' | 'SHOULD';
  readonly provenance: 'documented' | 'observed' | 'provisional';
  /** Combined over the reports; null when no report judged it. */
  readonly verdict: ReportVerdict | null;
  readonly evidence: { readonly exchanges: number; readonly tests: number } | null;
  /** Kill-matrix score: faults killed / faults injected; null without a result or a fault. */
  readonly sensitivity: { readonly injected: number; readonly killed: number; readonly score: number } | null;
}

export interface Decision {
  readonly schemaVersion: 1;
  readonly decidedAt: string;
  readonly dryRun: boolean;
  readonly release: boolean;
  /** What the decision means as an exit code (0 release, 1 do not release). */
  readonly decisionExitCode: 0 | 1;
  /** What the command exits with: decisionExitCode, or 0 with --dry-run. */
  readonly exitCode: 0 | 1;
  readonly criteria: readonly Criterion[];
  readonly guarantees: readonly GuaranteeLine[];
  readonly catalogue: {
    readonly current: CatalogueVersion;
    readonly reports: readonly (CatalogueVersion | null)[];
    readonly base: {
      readonly ref: string;
      readonly version: CatalogueVersion;
      readonly added: readonly string[];
      readonly removed: readonly string[];
    } | null;
  };
  readonly inputs: {
    readonly reports: readonly {
      readonly file: string;
      readonly runId: string;
      readonly finishedAt: string | null;
      readonly target: string;
      readonly kind: string;
    }[];
    readonly killMatrix: string | null;
    readonly base: string | null;
    readonly maxAgeHours: number;
  };
}
