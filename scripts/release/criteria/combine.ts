// What several reports (a nightly's shards, or runs of one release candidate) say together about
// each guarantee: the worst real verdict wins, a pass in one shard beats "not exercised" in another.

import type { ReportGuarantee, ReportInput, ReportVerdict } from '../inputs/conformanceReport';
import type { CriterionStatus } from '../types';

const RANK: Record<ReportVerdict, number> = {
  error: 6,
  failed: 5,
  flaky: 4,
  inconclusive: 3,
  'known-deviation': 2,
  passed: 1,
  'not-exercised': 0,
};

export interface Combined {
  readonly verdict: ReportVerdict;
  readonly reason: string | null;
  readonly evidence: ReportGuarantee['evidence'];
}

export function combineGuarantees(reports: readonly ReportInput[]): Map<string, Combined> {
  const out = new Map<string, Combined>();
  for (const r of reports) {
    for (const g of r.guarantees) {
      const prev = out.get(g.id);
      const evidence =
        prev?.evidence && g.evidence
          ? { exchanges: prev.evidence.exchanges + g.evidence.exchanges, tests: prev.evidence.tests + g.evidence.tests }
          : prev
            ? (prev.evidence ?? g.evidence)
            : g.evidence;
      const worse = !prev || (RANK[g.verdict] ?? 0) > (RANK[prev.verdict] ?? 0);
      out.set(g.id, { verdict: worse ? g.verdict : prev.verdict, reason: worse ? g.reason : prev.reason, evidence });
    }
  }
  return out;
}

/** fail when anything failed, else unknown when anything is unknown, else pass. */
export function statusOf(fails: number, unknowns: number): CriterionStatus {
  return fails ? 'fail' : unknowns ? 'unknown' : 'pass';
}

/** `a, b, c and 4 more` */
export function listed(items: readonly string[], max = 6): string {
  return items.slice(0, max).join(', ') + (items.length > max ? ` and ${items.length - max} more` : '');
}
