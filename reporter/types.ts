// The shapes shared by the reporter's parts. Playwright's TestCase/TestResult are turned into the
// plain `CollectedTest` (collect.ts), so attribution and verdicts are pure functions that tests can
// drive with synthetic data; the report object (`ConformanceReport`) is what every renderer reads
// and what contracts/conformance-report.schema.json describes.

import type { Finding } from '../harness/verdicts/findings';
import type { CallRecord } from '../harness/http/record';
import type { LedgerData } from '../harness/checks/universalLedger';
import type { CatalogueVersion } from './catalogueVersion';

export type Level = 'MUST' | 'SHOULD';
export type { Provenance } from '../contract/types';
import type { Provenance } from '../contract/types';

/** One catalogue entry (generated/guarantees.ts). */
export interface CatalogueEntry {
  readonly id: string;
  readonly family: string;
  readonly level: Level;
  readonly statement: string;
  readonly provenance: Provenance;
  readonly doc: string | null;
  readonly profiles: readonly string[];
  readonly universal: boolean;
}

export interface Catalogue {
  readonly families: Readonly<Record<string, string>>;
  readonly guarantees: readonly CatalogueEntry[];
}

// ---------------------------------------------------------------------------------------------
// Collected test data (input of attribution and verdicts)

export interface Annotation {
  readonly type: string;
  readonly description?: string;
}

/** What the verdicts need from one call record (harness/http/record.ts CallRecord) of a response. */
export interface RecordSummary {
  readonly kind: string;
  readonly method: string;
  /** A set-up call (not an observation the test judges). */
  readonly setup?: boolean;
  /** Which base the URL addressed. */
  readonly base: 'current' | 'alias' | 'none';
  readonly status: number | null;
  /** The response came from the API (not a network error, 502/504, or an intermediary's 503). */
  readonly fromApi: boolean;
  readonly skippedChecks: readonly string[];
  /** Guarantee IDs of the universal violations on this response. */
  readonly violationIds: readonly string[];
  /**
   * The guarantee IDs the checks actually evaluated on this response, when the harness records
   * them (`checkedGuarantees` in the call record); otherwise derived from the checks that applied.
   */
  readonly checkedGuarantees?: readonly string[];
  /** The contract operation the call addressed (null for calls outside the contract). */
  readonly operationId?: string | null;
  /** The error envelope's `code`, when the response carried one. */
  readonly code?: string | null;
}

/** A redacted call record as attached by the harness, kept for failures (the retry detail dropped). */
export type FullRecord = Omit<CallRecord, 'attempts'>;

export type AttemptStatus = 'passed' | 'failed' | 'timedOut' | 'skipped' | 'interrupted';

export interface CollectedAttempt {
  /** 0-based retry number. */
  readonly retry: number;
  readonly status: AttemptStatus;
  readonly durationMs: number;
  /** Error messages (first the message, redacted; stack frames dropped). */
  readonly errors: readonly string[];
  /** This attempt's annotations (static ones included). */
  readonly annotations: readonly Annotation[];
  /** Every call record of the attempt, summarised (coverage itself comes from the ledger). */
  readonly records: readonly RecordSummary[];
  /** The full records: all of them for attempts that did not pass, those with a universal violation otherwise. */
  readonly fullRecords: readonly FullRecord[];
  /** What the universal checks evaluated and found in this attempt (harness/checks/universalLedger.ts). */
  readonly ledger: LedgerData | null;
  /** The typed findings the attempt attached (`finding` annotations, harness/verdicts/findings.ts). */
  readonly findings: readonly Finding[];
}

export interface CollectedTest {
  readonly id: string;
  /** The test title (starts with the IDs for proves() tests). */
  readonly title: string;
  /** Describe blocks and title, joined with ` › `. */
  readonly fullTitle: string;
  /** File relative to the root, and line. */
  readonly file: string;
  readonly line: number;
  readonly project: string;
  /** Guarantee IDs from the `guarantee` annotations. */
  readonly declared: readonly string[];
  readonly tags: readonly string[];
  readonly attempts: readonly CollectedAttempt[];
}

// ---------------------------------------------------------------------------------------------
// Per-test outcome and attribution

/** What one test's run amounts to, after the transient-retry policy (harness/http/transient.ts). */
export type TestOutcome =
  /** passed (possibly after transient attempts: see `transientAttempts`). */
  | 'passed'
  /** a real failure and no passing attempt. */
  | 'failed'
  /** a real failure, then a passing attempt. */
  | 'flaky'
  /** skipped on its first attempt (the reason is `skipReason`). */
  | 'skipped'
  /** every attempt that ran ended transiently (inconclusive). */
  | 'transient'
  /** the run was interrupted (inconclusive). */
  | 'interrupted';

/** What one test says about one guarantee (`error`: the harness crashed while judging it). */
export type EvidenceKind = 'passed' | 'failed' | 'flaky' | 'error' | 'blocked' | 'skipped' | 'transient' | 'interrupted';

export interface Evidence {
  readonly guarantee: string;
  readonly kind: EvidenceKind;
  readonly testId: string;
  /** Why (skip reason, blocking guarantee, transient detail, attribution note). */
  readonly note: string | null;
  /** Declared by the test (proves()), or attributed through a bracketed ID only. */
  readonly declared: boolean;
  /** For failed/flaky: the messages naming it (or the unattributed messages). */
  readonly messages: readonly string[];
  /** The records that show it, when the evidence comes with its own (universal violations). */
  readonly records?: readonly FullRecord[];
  /** Correlation IDs of the exchanges its findings came from (typed; messages are not read for them). */
  readonly correlationIds?: readonly string[];
}

export interface TestAnalysis {
  readonly test: CollectedTest;
  readonly outcome: TestOutcome;
  readonly skipReason: string | null;
  /** Notes from transient attempts before the final one (retries that were not flakiness). */
  readonly transientNotes: readonly string[];
  /** The attempt(s) whose errors were attributed. */
  readonly failingAttempts: readonly CollectedAttempt[];
  readonly evidence: readonly Evidence[];
  /** A `replay` annotation (property failures). */
  readonly replay: string | null;
  /** The guarantee a skipped test was blocked by (its `blocked` finding), or null. */
  readonly blockedBy: string | null;
  /** The `blocked` finding of a skipped test, or null. */
  readonly block: Finding | null;
}

// ---------------------------------------------------------------------------------------------
// Known deviations

export interface KnownDeviation {
  readonly guarantee: string;
  readonly reason: string;
  readonly link: string;
  /** YYYY-MM-DD, the last day the entry is valid. */
  readonly expires: string;
}

export interface DeviationStatus {
  readonly target: string;
  readonly file: string | null;
  readonly active: readonly KnownDeviation[];
  readonly expired: readonly KnownDeviation[];
}

// ---------------------------------------------------------------------------------------------
// The report (conformance-report.json)

/**
 * `error`: the harness crashed while judging it (never a pass); `inconclusive`: the target could not
 * be looked at (transient answers past the resend budget), with the reason.
 */
export type Verdict = 'passed' | 'failed' | 'flaky' | 'error' | 'inconclusive' | 'not-exercised' | 'known-deviation';
export const VERDICTS: readonly Verdict[] = ['passed', 'failed', 'flaky', 'error', 'inconclusive', 'not-exercised', 'known-deviation'];

/** What earned a verdict: the exchanges and tests whose findings decided it (0 and 0 when not exercised). */
export interface VerdictEvidence {
  readonly exchanges: number;
  readonly tests: number;
}

export interface ReportTest {
  readonly id: string;
  readonly title: string;
  readonly file: string;
  readonly line: number;
  /** What this test says about the guarantee. */
  readonly evidence: EvidenceKind;
  readonly declared: boolean;
  readonly note: string | null;
  /** The test's total duration over its attempts (ms). */
  readonly durationMs?: number;
}

export interface ReportFailure {
  readonly testId: string;
  readonly testTitle: string;
  readonly file: string;
  readonly line: number;
  readonly flaky: boolean;
  readonly messages: readonly string[];
  readonly correlationIds: readonly string[];
  readonly records: readonly FullRecord[];
  readonly replay: string | null;
}

export interface UniversalCoverage {
  /** Responses that showed the guarantee's subject and were judged by its check (the evidence). */
  readonly checkedResponses: number;
  /** Responses that showed it but whose check was switched off by the test (skipChecks). */
  readonly exemptedResponses: number;
  readonly violations: number;
  /** Checks that crashed while judging it (harness errors). */
  readonly harnessErrors: number;
  /** Tests in which at least one response was judged for it. */
  readonly tests: number;
}

/** An earlier run of the trend (`run.history`). */
export interface HistoryRef {
  readonly runId: string;
  readonly finishedAt: string;
}

export interface GuaranteeTrend {
  /** The verdict in each run of `run.history` (oldest first; `absent` when the guarantee was not in it), then this run's. */
  readonly verdicts: readonly (Verdict | 'absent')[];
  readonly change: 'newly-failing' | 'newly-passing' | null;
}

export interface GuaranteeResult {
  readonly id: string;
  readonly family: string;
  readonly level: Level;
  readonly provenance: Provenance;
  readonly statement: string;
  readonly doc: string | null;
  readonly profiles: readonly string[];
  readonly universal: boolean;
  readonly verdict: Verdict;
  /** The verdict before a known deviation applied (equal to `verdict` otherwise). */
  readonly observed: Exclude<Verdict, 'known-deviation'>;
  /** Why it was not exercised, inconclusive or in error, or the known deviation's reason. */
  readonly reason: string | null;
  /** What earned the verdict (`passed on 37 exchanges, 3 tests`). */
  readonly evidence: VerdictEvidence;
  readonly notes: readonly string[];
  readonly tests: readonly ReportTest[];
  readonly failures: readonly ReportFailure[];
  /** Failures left out of `failures` (cap). */
  readonly moreFailures: number;
  readonly universalCoverage: UniversalCoverage | null;
  readonly deviation: KnownDeviation | null;
  readonly trend: GuaranteeTrend | null;
}

export interface Counts {
  readonly passed: number;
  readonly failed: number;
  readonly flaky: number;
  readonly error: number;
  readonly inconclusive: number;
  readonly notExercised: number;
  readonly knownDeviation: number;
}

export interface RunError {
  /** `config`: a malformed setting (ConfigError) or known-deviations file; `run`: anything else. */
  readonly kind: 'config' | 'run';
  readonly message: string;
}

export interface RunMode {
  readonly gate: boolean;
  readonly strict: boolean;
}

/** What a run measured (reporter/provenance.ts): the evidence loop reads only unscoped, fault-free runs of a remote target. */
export interface RunProvenance {
  /** `origin`: scheme, host and port of the target (no path, no credentials); `loopback`: a server on this machine. */
  readonly target: { readonly kind: 'bundled-mock' | 'external' | 'unknown'; readonly origin: string | null; readonly loopback: boolean };
  /** The bundled mock as started for the run: catalogue faults, legitimate variations on, and the MOCK_* settings given (names only); null for another target. */
  readonly mock: {
    readonly faults: readonly string[];
    readonly variations: readonly string[];
    readonly settings: readonly string[];
  } | null;
  /** What narrowed the run: `--guarantees`, `--grep`/`--grep-invert`, projects, spec files and other Playwright filters, one shard. */
  readonly scope: {
    readonly guarantees: readonly string[] | null;
    readonly grep: string | null;
    readonly grepInvert: string | null;
    readonly projects: readonly string[] | null;
    readonly files: readonly string[];
    readonly filters: readonly string[];
    readonly shard: { readonly current: number; readonly total: number } | null;
  };
  /** Contract limits the harness was told (MESHI_<LIMIT>, by limit name): an operator's setting, never an observation of the server. */
  readonly limits: Readonly<Record<string, number>>;
}

export interface ConformanceReport {
  readonly schemaVersion: 1;
  readonly run: {
    readonly id: string;
    readonly target: {
      readonly name: string;
      readonly url: string | null;
      readonly kind: 'bundled-mock' | 'external' | 'unknown';
      readonly production: boolean;
    };
    readonly seed: number | null;
    readonly namespace: string | null;
    readonly startedAt: string;
    readonly finishedAt: string;
    readonly durationMs: number;
    readonly playwrightStatus: string;
    readonly merged: boolean;
    readonly shard: { readonly current: number; readonly total: number } | null;
    readonly scope: {
      readonly partial: boolean;
      readonly selection: readonly string[] | null;
      readonly guarantees: number;
      readonly catalogue: number;
    };
    readonly ci: { readonly provider: string; readonly runUrl: string | null } | null;
    /** Catalogue faults switched on in the bundled mock (MESHI_MOCK_FAULTS); empty when none. */
    readonly mockFaults: readonly string[];
    /** How the run is judged (`--gate`, `--strict`): the exit code follows from it (gate.ts). */
    readonly mode: RunMode;
    readonly historyRuns: number;
    /** The earlier runs of the trend, oldest first. */
    readonly history: readonly HistoryRef[];
    /** What was measured (absent in reports written before it was recorded). */
    readonly provenance?: RunProvenance;
  };
  readonly totals: Counts & {
    readonly guarantees: number;
    readonly exercised: number;
    readonly tests: {
      readonly total: number;
      readonly passed: number;
      readonly failed: number;
      readonly flaky: number;
      readonly skipped: number;
      readonly transient: number;
      readonly interrupted: number;
      /** Tests that declare no guarantee (their failures cannot be attributed by annotation). */
      readonly undeclared: number;
    };
    /** The client's resends: 429s of the harness's own keys waited out, and transient answers resent. */
    readonly resends: { readonly rateLimited: number; readonly transient: number; readonly waitedMs: number };
  };
  readonly errors: readonly RunError[];
  readonly deviations: {
    readonly target: string;
    readonly file: string | null;
    readonly active: readonly KnownDeviation[];
    readonly expired: readonly KnownDeviation[];
    /** Active entries whose guarantee did not fail (the entry can go). */
    readonly unused: readonly string[];
  };
  readonly families: readonly { readonly id: string; readonly name: string; readonly counts: Counts }[];
  /** Failures grouped by root cause, most-touching first (empty on a clean run). */
  readonly rootCauses: readonly RootCause[];
  readonly guarantees: readonly GuaranteeResult[];
  /** The catalogue the run was scored against (reporter/catalogueVersion.ts); absent in older reports. */
  readonly catalogue?: CatalogueVersion;
  /** The contract surface exercised by tests that produced evidence (reporter/coverage.ts); absent in older reports. */
  readonly coverage?: ContractCoverage;
}

/** One operation × base × status × error code that tests producing evidence met. */
export interface CoverageExchange {
  readonly operationId: string;
  readonly base: 'current' | 'alias';
  readonly status: number;
  /** The error envelope's code (null for a success or a body without one). */
  readonly code: string | null;
  /** Responses seen. */
  readonly exchanges: number;
  /** Tests they came from. */
  readonly tests: number;
  /** Guarantees those tests produced evidence for. */
  readonly guarantees: readonly string[];
}

export interface ContractCoverage {
  readonly exchanges: readonly CoverageExchange[];
}

/** A test's place in a root cause. */
export interface RootCauseTest {
  readonly id: string;
  readonly title: string;
  readonly file: string;
  readonly line: number;
}

/**
 * One root cause: failures that share the first violated guarantee, the operation and the observed
 * value are one cause, listed once with every guarantee and test it touched.
 */
export interface RootCause {
  /** Stable key: `<guarantee>|<operationId or ->|<observed>`. */
  readonly key: string;
  /** A violation of the contract, a harness error (a check or test that crashed), or a precondition that blocked tests. */
  readonly kind: 'violation' | 'harness-error' | 'blocked';
  /** The first violated guarantee. */
  readonly guarantee: string;
  readonly operationId: string | null;
  /** `POST /events` (template path), or null when no request is involved (a timeout). */
  readonly request: string | null;
  readonly observed: string;
  readonly expected: string;
  /** One line: `POST /events answered 200, expected 201 — EVT-01; blocked 8 tests`. */
  readonly summary: string;
  /** Guarantees that failed through this cause (the first is `guarantee`). */
  readonly guarantees: readonly string[];
  /** Tests that failed through it. */
  readonly tests: readonly RootCauseTest[];
  /** Tests blocked by it (not exercised: a precondition of theirs is this guarantee). */
  readonly blocked: readonly RootCauseTest[];
  /** How many violations/failures it stands for. */
  readonly occurrences: number;
  /** The best request/response pair showing it, when one was recorded. */
  readonly example: FullRecord | null;
  /** Correlation IDs of a few occurrences. */
  readonly correlationIds: readonly string[];
}
