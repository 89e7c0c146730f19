// Coverage of the contract (the APISnoop rule): every operation on both bases, every declared
// response status and every declared error code of each operation, and every guarantee, met by at
// least one test that produced evidence — read from the reports' typed coverage and evidence
// counts, never from test titles. Surface without evidence fails; a report that does not record
// what it covered makes the criterion unknown.
//
// Two kinds of declared status are met differently, since a test can only provoke what a
// conforming server answers to a client:
//   * 5xx (500 INTERNAL, 503 UNAVAILABLE) are the server's own failures: no test of a conforming
//     server meets them, so they are not required (SCHEMA-02 judges any that is met);
//   * 429 comes from the rate limiter, which the check order runs before routing: one operation's
//     429 with a code shows that code for every operation declaring it.

import type { CiFinding } from '../../../reporter/ci/findings';
import type { CoverageExchange } from '../../../reporter/types';
import type { Criterion, ReleaseInputs } from '../types';
import { combineGuarantees, listed, statusOf } from './combine';

export const BASES = ['current', 'alias'] as const;
const RATE_LIMITED = 429;

export function coverageCriterion(inputs: ReleaseInputs): Criterion {
  if (!inputs.reports.length) return { id: 'coverage', status: 'unknown', reason: 'no conformance report', details: [], findings: [] };
  const withCoverage = inputs.reports.filter((r) => r.coverage);
  const unknowns: string[] = inputs.reports
    .filter((r) => !r.coverage)
    .map((r) => `${r.file}: records no coverage of the contract (written before reporter/coverage.ts)`);
  const seen: CoverageExchange[] = withCoverage.flatMap((r) => r.coverage!.exchanges);
  const has = (p: (e: CoverageExchange) => boolean) => seen.some(p);
  const uncovered: { text: string; finding: CiFinding }[] = [];
  const miss = (text: string, location: CiFinding['location'], weight: number) =>
    uncovered.push({
      text,
      finding: {
        rule: 'contract-uncovered',
        level: 'error',
        title: `uncovered: ${text}`,
        message: `${text}: no test that produced evidence met it`,
        location,
        weight,
      },
    });
  const notRequired = new Set<string>();
  if (withCoverage.length) {
    for (const op of inputs.surface.operations) {
      for (const base of BASES)
        if (!has((e) => e.operationId === op.operationId && e.base === base))
          miss(`${op.operationId} on the ${base} base`, inputs.locator.operation(op.operationId), 3);
      for (const s of op.statuses) {
        if (s.status >= 500) {
          notRequired.add(String(s.status));
          continue;
        }
        if (s.status === RATE_LIMITED) {
          for (const code of s.codes.length ? s.codes : [null])
            if (!has((e) => e.status === RATE_LIMITED && (code === null || e.code === code)))
              miss(
                `${op.operationId} ${s.status}${code ? ` ${code}` : ''} (no operation met it)`,
                inputs.locator.response(op.operationId, s.status),
                2,
              );
          continue;
        }
        if (!has((e) => e.operationId === op.operationId && e.status === s.status)) {
          miss(`${op.operationId} ${s.status}`, inputs.locator.response(op.operationId, s.status), 2);
          continue;
        }
        for (const code of s.codes)
          if (!has((e) => e.operationId === op.operationId && e.status === s.status && e.code === code))
            miss(`${op.operationId} ${s.status} ${code}`, inputs.locator.response(op.operationId, s.status), 1);
      }
    }
  }
  const combined = combineGuarantees(inputs.reports);
  const noEvidence: string[] = [];
  let countsMissing = 0;
  for (const g of inputs.guarantees) {
    const c = combined.get(g.id);
    if (!c || c.verdict === 'not-exercised') noEvidence.push(g.id);
    else if (!c.evidence) countsMissing++;
    else if (c.evidence.exchanges + c.evidence.tests === 0) noEvidence.push(g.id);
  }
  for (const id of noEvidence) miss(`guarantee ${id}`, inputs.locator.guarantee(id), 4);
  if (countsMissing)
    unknowns.push(
      `${countsMissing} guarantee(s) have a verdict but the report counts no evidence for them (evidence counts: typed findings)`,
    );
  const status = statusOf(uncovered.length, unknowns.length);
  const reason = uncovered.length
    ? `${uncovered.length} uncovered: ${listed(
        uncovered.map((u) => u.text),
        4,
      )}`
    : (unknowns[0] ??
      `every operation on both bases, ${inputs.surface.operations.reduce((n, o) => n + o.statuses.length, 0)} declared statuses, their error codes and ${inputs.guarantees.length} guarantees met with evidence`);
  const exempt = notRequired.size
    ? [
        `not required: ${[...notRequired].sort().join(', ')} (the server's own failures: no test of a conforming server meets them; SCHEMA-02 judges any that is met)`,
      ]
    : [];
  return {
    id: 'coverage',
    status,
    reason,
    details: [...uncovered.map((u) => `uncovered: ${u.text}`), ...unknowns, ...exempt],
    findings: uncovered.map((u) => u.finding),
  };
}
