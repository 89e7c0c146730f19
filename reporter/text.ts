// Render text: the per-guarantee summary and the gate's verdict the runner prints to the console.

import type { GateOptions, GateResult } from './gate';
import type { ConformanceReport, Verdict } from './types';
import { evidenceText } from './verdicts';

const MARK: Record<Verdict, string> = {
  passed: 'PASS',
  failed: 'FAIL',
  flaky: 'FLAKY',
  error: 'ERROR',
  inconclusive: 'INCONCL',
  'not-exercised': 'NOT RUN',
  'known-deviation': 'KNOWN',
};

export function targetLine(report: ConformanceReport): string {
  const t = report.run.target;
  const scope = report.run.scope.partial
    ? `, partial scope: ${report.run.scope.guarantees} of ${report.run.scope.catalogue} guarantees (${report.run.scope.selection?.join(', ')})`
    : '';
  return `target ${t.name}${t.url ? ` (${t.url})` : ''}${t.production ? ' PRODUCTION read-only' : ''}, seed ${report.run.seed ?? '?'}, namespace ${report.run.namespace ?? '?'}${scope}`;
}

export function totalsLine(report: ConformanceReport): string {
  const t = report.totals;
  const r = t.resends;
  const resends = r
    ? `; ${r.rateLimited} unexpected 429(s) of the harness's own keys waited out, ${r.transient} transient answer(s) resent, ${(r.waitedMs / 1000).toFixed(1)} s waited`
    : '';
  return `${t.guarantees} guarantees: ${t.passed} passed, ${t.failed} failed, ${t.flaky} flaky, ${t.error} in error, ${t.inconclusive} inconclusive, ${t.notExercised} not exercised, ${t.knownDeviation} known deviation(s); ${t.tests.total} tests (${t.tests.passed} passed, ${t.tests.failed} failed, ${t.tests.flaky} flaky, ${t.tests.skipped} skipped, ${t.tests.transient} transient)${resends}`;
}

/** The per-guarantee summary, grouped by family. */
export function renderSummary(report: ConformanceReport): string {
  const lines: string[] = [`Meshi Partner API v0 conformance — ${targetLine(report)}`];
  for (const f of report.families) {
    lines.push(`  ${f.id} ${f.name}`);
    for (const g of report.guarantees.filter((x) => x.family === f.id)) {
      const extra =
        g.verdict === 'passed'
          ? ` — ${evidenceText(g)}`
          : g.verdict === 'failed' || g.verdict === 'flaky'
            ? ` — ${g.failures[0]?.messages[0]?.split('\n')[0]?.slice(0, 160) ?? ''}`
            : ` — ${g.reason ?? ''}`;
      lines.push(`    ${MARK[g.verdict].padEnd(7)} ${g.id.padEnd(10)} ${g.level.padEnd(6)} ${g.provenance.padEnd(11)}${extra}`);
    }
  }
  lines.push(totalsLine(report));
  return lines.join('\n');
}

/** The gate's verdict, with the blocking list and the contract gaps. */
export function renderGate(gate: GateResult, opts: GateOptions): string {
  const lines: string[] = [];
  if (gate.blocking.length) {
    lines.push('Documented MUST guarantees not passed:');
    for (const b of gate.blocking) lines.push(`  - ${b.id} ${b.verdict}: ${b.detail}`);
  }
  if (gate.gaps.length) {
    lines.push(
      opts.strict
        ? 'Provisional/SHOULD guarantees failed (failing the run: --strict):'
        : opts.gate
          ? 'Contract gaps to confirm (provisional/SHOULD guarantees that failed; not gating without --strict):'
          : 'Provisional/SHOULD guarantees that failed (contract gaps to confirm):',
    );
    for (const b of gate.gaps) lines.push(`  - ${b.id} ${b.verdict}: ${b.detail}`);
  }
  const mode = opts.gate ? `gate${opts.strict ? ' --strict' : ''}` : 'run';
  if (gate.exitCode === 0) lines.push(`${mode.toUpperCase()} PASSED (exit 0)`);
  else {
    lines.push(`${mode.toUpperCase()} FAILED (exit ${gate.exitCode}):`);
    for (const r of gate.reasons) lines.push(`  * ${r}`);
  }
  return lines.join('\n');
}
