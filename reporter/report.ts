// Render JSON: assembles conformance-report.json (contracts/conformance-report.schema.json) from the
// collected tests — attribution, universal coverage, verdicts, deviations, trend — then scrubs it
// (redaction.ts) so every renderer works from the same secret-free object.

import { randomUUID } from 'node:crypto';
import { RESEND_ANNOTATION } from '../harness/http/transient';
import type { Redactor } from '../harness/http/redact';
import { analyzeTest } from './attribution';
import { catalogueVersion } from './catalogueVersion';
import { contractCoverage } from './coverage';
import { selectGuarantees } from './catalogue';
import { scrubReport } from './redaction';
import { guaranteeTrend, type HistoryRun } from './trend';
import type {
  Catalogue,
  CollectedTest,
  ConformanceReport,
  DeviationStatus,
  GuaranteeResult,
  RunError,
  RunProvenance,
  TestAnalysis,
} from './types';
import { universalCoverage } from './universal';
import { rootCauses } from './rootCauses';
import { computeVerdicts, countVerdicts, trimRecord } from './verdicts';

export interface RunMeta {
  readonly id?: string;
  readonly target: ConformanceReport['run']['target'];
  readonly seed: number | null;
  readonly namespace: string | null;
  readonly startedAt: Date;
  readonly finishedAt: Date;
  readonly playwrightStatus: string;
  readonly merged: boolean;
  readonly shard: { current: number; total: number } | null;
  readonly ci: ConformanceReport['run']['ci'];
  readonly mockFaults?: readonly string[];
  readonly provenance?: RunProvenance;
  readonly mode?: ConformanceReport['run']['mode'];
}

export interface BuildInput {
  readonly catalogue: Catalogue;
  readonly selection: readonly string[] | null;
  readonly tests: readonly CollectedTest[];
  readonly errors: readonly RunError[];
  readonly meta: RunMeta;
  readonly deviations: DeviationStatus;
  readonly history: readonly HistoryRun[];
  readonly redactor: Redactor;
}

export function analyzeAll(catalogue: Catalogue, tests: readonly CollectedTest[]): TestAnalysis[] {
  const known = new Set(catalogue.guarantees.map((g) => g.id));
  const universal = new Set(catalogue.guarantees.filter((g) => g.universal).map((g) => g.id));
  return tests.map((t) => analyzeTest(t, { known, universal }));
}

/** The client's resends over every attempt (its `resend` annotations). */
export function resendTotals(tests: readonly CollectedTest[]): ConformanceReport['totals']['resends'] {
  const out = { rateLimited: 0, transient: 0, waitedMs: 0 };
  for (const a of tests.flatMap((t) => t.attempts.flatMap((x) => x.annotations))) {
    if (a.type !== RESEND_ANNOTATION || !a.description) continue;
    try {
      const r = JSON.parse(a.description) as { status: number | null; waitMs: number };
      if (r.status === 429) out.rateLimited++;
      else out.transient++;
      out.waitedMs += r.waitMs;
    } catch {
      // not ours
    }
  }
  return out;
}

export function buildReport(input: BuildInput): ConformanceReport {
  const { catalogue, selection, tests, meta } = input;
  const selected = selectGuarantees(catalogue, selection);
  const analyses = analyzeAll(catalogue, tests);
  const coverage = universalCoverage(
    selected.filter((g) => g.universal).map((g) => g.id),
    tests.map((t) => t.attempts.flatMap((a) => (a.ledger ? [a.ledger] : []))),
  );
  const { results, unusedDeviations } = computeVerdicts({ guarantees: selected, analyses, coverage, deviations: input.deviations });
  const runId = meta.id ?? randomUUID();
  const finishedAt = meta.finishedAt.toISOString();
  const withTrend: GuaranteeResult[] = results.map((r) =>
    input.history.length ? { ...r, trend: guaranteeTrend(r.id, r.verdict, input.history) } : r,
  );
  const counts = countVerdicts(withTrend);
  const tc = { total: analyses.length, passed: 0, failed: 0, flaky: 0, skipped: 0, transient: 0, interrupted: 0, undeclared: 0 };
  for (const a of analyses) {
    tc[a.outcome]++;
    if (a.test.declared.length === 0) tc.undeclared++;
  }
  const families = Object.entries(catalogue.families)
    .map(([id, name]) => ({ id, name, counts: countVerdicts(withTrend.filter((r) => r.family === id)) }))
    .filter((f) => withTrend.some((r) => r.family === f.id));

  const report: ConformanceReport = {
    schemaVersion: 1,
    run: {
      id: runId,
      target: meta.target,
      seed: meta.seed,
      namespace: meta.namespace,
      startedAt: meta.startedAt.toISOString(),
      finishedAt,
      durationMs: Math.max(0, meta.finishedAt.getTime() - meta.startedAt.getTime()),
      playwrightStatus: meta.playwrightStatus,
      merged: meta.merged,
      shard: meta.shard,
      scope: {
        partial: selection !== null,
        selection: selection ? [...selection] : null,
        guarantees: selected.length,
        catalogue: catalogue.guarantees.length,
      },
      ci: meta.ci,
      mockFaults: [...(meta.mockFaults ?? [])],
      mode: meta.mode ?? { gate: false, strict: false },
      historyRuns: input.history.length,
      history: input.history.map((h) => ({ runId: h.runId, finishedAt: h.finishedAt })),
      ...(meta.provenance ? { provenance: meta.provenance } : {}),
    },
    totals: {
      guarantees: withTrend.length,
      ...counts,
      exercised: withTrend.filter((r) => r.observed === 'passed' || r.observed === 'failed' || r.observed === 'flaky').length,
      tests: tc,
      resends: resendTotals(tests),
    },
    errors: [...input.errors],
    deviations: {
      target: input.deviations.target,
      file: input.deviations.file,
      active: [...input.deviations.active],
      expired: [...input.deviations.expired],
      unused: unusedDeviations,
    },
    families,
    rootCauses: rootCauses(
      analyses,
      new Set(catalogue.guarantees.map((g) => g.id)),
      new Set(catalogue.guarantees.filter((g) => g.universal).map((g) => g.id)),
    ).map((c) => ({ ...c, example: c.example ? trimRecord(c.example) : null })),
    guarantees: withTrend,
    catalogue: catalogueVersion(),
    coverage: contractCoverage(analyses),
  };
  return scrubReport(input.redactor, report);
}
