// Universal coverage: for each universal guarantee, how many responses showed its subject and were
// judged by its check (the evidence), how many violated it, how many a check crashed on, and in how
// many tests it was judged. The client runs the universal checks on every response and counts,
// per test, what they judged and found in the test's universal ledger
// (harness/checks/universalLedger.ts); this sums the ledgers of the run. verdicts.ts says when that
// evidence earns a pass.

import type { LedgerData } from '../harness/checks/universalLedger';
import type { UniversalCoverage } from './types';

/** Coverage of each universal guarantee over the ledgers of the run (one list per test: its attempts' ledgers). */
export function universalCoverage(
  universalIds: readonly string[],
  ledgersByTest: Iterable<readonly LedgerData[]>,
): Map<string, UniversalCoverage> {
  const acc = new Map<string, { checked: number; exempted: number; violations: number; errors: number; tests: number }>();
  for (const id of universalIds) acc.set(id, { checked: 0, exempted: 0, violations: 0, errors: 0, tests: 0 });
  for (const ledgers of ledgersByTest) {
    for (const [id, a] of acc) {
      let judged = false;
      for (const l of ledgers) {
        a.checked += l.checked[id] ?? 0;
        a.exempted += l.exempted[id] ?? 0;
        a.violations += l.violationCounts[id] ?? 0;
        a.errors += l.errorCounts?.[id] ?? 0;
        judged ||= (l.checked[id] ?? 0) > 0;
      }
      if (judged) a.tests++;
    }
  }
  const out = new Map<string, UniversalCoverage>();
  for (const [id, a] of acc)
    out.set(id, {
      checkedResponses: a.checked,
      exemptedResponses: a.exempted,
      violations: a.violations,
      harnessErrors: a.errors,
      tests: a.tests,
    });
  return out;
}
