// Universal coverage: how many responses were checked for each universal guarantee, and how many
// violated it. The client runs the universal checks on every response and counts, per test, what
// they evaluated and found in the test's universal ledger (harness/universalLedger.ts); this sums
// the ledgers of the run. A universal guarantee passes when at least one response was checked for
// it and no violation of it appeared anywhere (verdicts.ts).

import type { LedgerData } from '../harness/universalLedger';
import type { UniversalCoverage } from './types';

/** Coverage of each universal guarantee over every ledger of the run. */
export function universalCoverage(universalIds: readonly string[], ledgers: Iterable<LedgerData>): Map<string, UniversalCoverage> {
  const acc = new Map<string, { checked: number; exempted: number; violations: number }>();
  for (const id of universalIds) acc.set(id, { checked: 0, exempted: 0, violations: 0 });
  for (const l of ledgers) {
    for (const [id, a] of acc) {
      a.checked += l.checked[id] ?? 0;
      a.exempted += l.exempted[id] ?? 0;
      a.violations += l.violationCounts[id] ?? 0;
    }
  }
  const out = new Map<string, UniversalCoverage>();
  for (const [id, a] of acc) out.set(id, { checkedResponses: a.checked, exemptedResponses: a.exempted, violations: a.violations });
  return out;
}
