// The kill matrix's data: one result per fault, the clean baseline it was judged against, and the
// per-guarantee sensitivity. kill-matrix.json is a `KillMatrix`; contracts/kill-matrix.schema.json
// describes it for readers outside this folder (the release decision).
import type { CatalogueVersion } from './catalogueVersion';
import type { Selection } from './plan';

/**
 * What a fault amounts to, judged against the clean baseline (classify.ts):
 *   killed            its guarantee failed through a violation with the fault and passed without it
 *   collateral        killed, but guarantees outside its own and `alsoBreaks` newly failed too
 *   misattributed     its guarantee did not fail; others newly failed
 *   survived          nothing newly failed
 *   baseline-failing  its guarantee did not pass on the baseline (failed, flaky, not exercised…): no kill is possible
 *   flaky             its guarantee was flaky with the fault (not a kill)
 *   inconclusive      its guarantee was inconclusive with the fault (a transient outage)
 *   error             the harness erred: the child run crashed, exited 2 or wrote no report; the
 *                     guarantee's verdict was `error`; or it failed with no violation finding (a timeout)
 */
export type FaultOutcome = 'killed' | 'collateral' | 'misattributed' | 'survived' | 'baseline-failing' | 'flaky' | 'inconclusive' | 'error';
export const FAULT_OUTCOMES: readonly FaultOutcome[] = [
  'killed',
  'collateral',
  'misattributed',
  'survived',
  'baseline-failing',
  'flaky',
  'inconclusive',
  'error',
];

/** The tests a child run ran: a selection of spec files and a grep, or 'all' (the whole suite). */
export type RunScope = Selection | 'all';

export interface FaultResult {
  fault: string;
  guarantee: string;
  family: string;
  outcome: FaultOutcome;
  /** The observed verdict of the fault's guarantee with the fault on (null when the run gave no report). */
  verdict: string | null;
  /** Its observed verdict on the clean baseline (null when the baseline gave no report). */
  baselineVerdict: string | null;
  /** Guarantees that failed through a violation with the fault and did not fail or flake on the baseline. */
  failed: string[];
  /** Guarantees flaky with the fault (never a kill). */
  flaky: string[];
  /** Newly failed guarantees outside the fault's own and its `alsoBreaks` list (each one a harness defect). */
  collateral: string[];
  /** Root causes the run's report grouped its failures into. */
  rootCauses: number;
  /** The child run's exit code (null when it was killed by a signal or never started). */
  exitCode: number | null;
  specs: RunScope;
  durationMs: number;
  note: string | null;
}

/** The clean run every fault is compared with: the same plan, no fault (but `alwaysOn`). */
export interface BaselineSummary {
  specs: RunScope;
  /** Faults on in the baseline and in every fault's run (empty for a clean baseline). */
  alwaysOn: string[];
  exitCode: number | null;
  /** Why the baseline cannot be used (crash, exit 2, no report, run errors), or null. */
  problem: string | null;
  /** Guarantees whose baseline verdict was failed, flaky, error or inconclusive. */
  failing: string[];
  durationMs: number;
}

/** One guarantee of contracts/guarantees.yaml: how well the matrix shows its checks can fail. */
export interface GuaranteeSensitivity {
  id: string;
  family: string;
  level: string;
  provenance: string;
  /** Faults of the catalogue that declare this guarantee (run or not). */
  catalogueFaults: number;
  /** Faults declaring it that this matrix ran. */
  injected: number;
  /** Outcome killed or collateral: its own check caught the fault. */
  killed: number;
  /** Outcome survived or misattributed: the fault went past its check. */
  survived: number;
  /** Baseline-failing, flaky, inconclusive or error: the matrix could not judge. */
  other: number;
  /** killed / injected; null when no fault declaring it was injected. */
  score: number | null;
  /** Each injected fault and its outcome. */
  faults: { fault: string; outcome: FaultOutcome }[];
}

export interface Sensitivity {
  guarantees: GuaranteeSensitivity[];
  /** Documented guarantees no catalogue fault declares (their checks are never shown to fail). */
  documentedWithoutFault: string[];
  /** Every guarantee no catalogue fault declares, whatever its provenance. */
  withoutFault: string[];
}

export interface KillMatrix {
  schemaVersion: 1;
  generatedAt: string;
  mode: 'subset' | 'full';
  /** The guarantee catalogue the matrix was scored against (catalogueVersion.ts). */
  catalogue: CatalogueVersion;
  baseline: BaselineSummary | null;
  faults: FaultResult[];
  killRate: number;
  killed: number;
  misattributed: string[];
  /** Faults killed with collateral failures. */
  collateral: string[];
  survivors: string[];
  baselineFailing: string[];
  flaky: string[];
  inconclusive: string[];
  errors: string[];
  sensitivity: Sensitivity;
  durationMs: number;
}
