// Conformance of the target: the reports are of a remote target (the bundled mock only with
// --dry-run), fault-free, of the full scope, fresh (MESHI_RELEASE_MAX_AGE_HOURS, default 36 h) and
// without run errors; every documented or observed guarantee passed (or is a known deviation);
// nothing is inconclusive. Provisional failures are contract gaps: listed, not blocking.

import type { CiFinding } from '../../../reporter/ci/findings';
import type { ReportInput } from '../inputs/conformanceReport';
import type { Criterion, ReleaseInputs } from '../types';
import { combineGuarantees, listed, statusOf } from './combine';
import { guaranteeLocation, weightOf } from './findingAt';

const HOUR = 3_600_000;

function reportProblems(r: ReportInput, inputs: ReleaseInputs, notes: string[]): { fails: string[]; unknowns: string[] } {
  const fails: string[] = [];
  const unknowns: string[] = [];
  const name = `${r.file} (run ${r.runId.slice(0, 8)})`;
  if (r.target.kind === 'bundled-mock') {
    if (inputs.dryRun) notes.push(`${name}: against the bundled mock — accepted for --dry-run only`);
    else fails.push(`${name}: against the bundled mock; a release needs a remote target (the bundled mock counts with --dry-run only)`);
  } else if (r.target.kind === 'unknown') unknowns.push(`${name}: the report does not say what target it ran against`);
  if (r.mockFaults.length) fails.push(`${name}: mock faults were on (${r.mockFaults.join(', ')})`);
  if (r.partial)
    fails.push(`${name}: a partial or narrowed run (--guarantees, --grep, spec files); a release needs the whole suite and catalogue`);
  if (r.runErrors.length) fails.push(`${name}: the run reported errors: ${listed(r.runErrors, 3)}`);
  const finished = r.finishedAt ? Date.parse(r.finishedAt) : NaN;
  if (Number.isNaN(finished)) unknowns.push(`${name}: no finish time`);
  else {
    const ageH = (inputs.now.getTime() - finished) / HOUR;
    if (ageH > inputs.maxAgeHours)
      fails.push(`${name}: stale, finished ${ageH.toFixed(1)} h ago (at most ${inputs.maxAgeHours} h: MESHI_RELEASE_MAX_AGE_HOURS)`);
  }
  return { fails, unknowns };
}

export function conformanceCriterion(inputs: ReleaseInputs): Criterion {
  if (!inputs.reports.length) return { id: 'conformance', status: 'unknown', reason: 'no conformance report', details: [], findings: [] };
  const fails: string[] = [];
  const unknowns: string[] = [];
  const notes: string[] = [];
  for (const r of inputs.reports) {
    const p = reportProblems(r, inputs, notes);
    fails.push(...p.fails);
    unknowns.push(...p.unknowns);
  }
  const byId = new Map(inputs.guarantees.map((g) => [g.id, g]));
  const combined = combineGuarantees(inputs.reports);
  const findings: CiFinding[] = [];
  const blocking: string[] = [];
  const inconclusive: string[] = [];
  const gaps: string[] = [];
  for (const [id, c] of combined) {
    const g = byId.get(id);
    const binding = !g || g.provenance !== 'provisional';
    const bad =
      c.verdict === 'failed' || c.verdict === 'flaky' || c.verdict === 'error' || (c.verdict === 'not-exercised' && g?.level === 'MUST');
    if (c.verdict === 'inconclusive') inconclusive.push(id);
    else if (bad && binding) blocking.push(`${id} ${c.verdict}`);
    else if (bad && c.verdict !== 'not-exercised') gaps.push(`${id} ${c.verdict}`);
    else continue;
    findings.push({
      rule: `guarantee-${c.verdict}`,
      level: binding || c.verdict === 'inconclusive' ? 'error' : 'warning',
      title: `${id} ${c.verdict}`,
      message: `${id} is ${c.verdict}${c.reason ? `: ${c.reason}` : ''}`,
      location: guaranteeLocation(inputs.locator, g, id),
      weight: weightOf(g),
    });
  }
  if (blocking.length) fails.push(`${blocking.length} documented or observed guarantee(s) not passed: ${listed(blocking)}`);
  if (inconclusive.length) fails.push(`${inconclusive.length} guarantee(s) inconclusive (the run could not look): ${listed(inconclusive)}`);
  const transient = inputs.reports.reduce((n, r) => n + r.inconclusiveTests, 0);
  if (!inconclusive.length && transient)
    fails.push(`${transient} test(s) transient on every attempt or interrupted: the run is inconclusive`);
  if (gaps.length) notes.push(`contract gaps (provisional, not blocking): ${listed(gaps)}`);
  const status = statusOf(fails.length, unknowns.length);
  const passed = [...combined.values()].filter((c) => c.verdict === 'passed').length;
  const reason = fails[0] ?? unknowns[0] ?? `${passed}/${combined.size} guarantees passed over ${inputs.reports.length} report(s)`;
  return { id: 'conformance', status, reason, details: [...fails, ...unknowns, ...notes], findings };
}
