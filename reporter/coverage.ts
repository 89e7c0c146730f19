// Coverage of the contract: which operation, on which base, answered which status and error code
// to a test that produced evidence (passed, failed or flaky for some guarantee: a skipped or
// blocked test saw nothing it judged). Built from the call records' typed fields, never from test
// titles; the release decision (scripts/release/criteria/coverage.ts) compares it with the contract.

import type { ContractCoverage, CoverageExchange, TestAnalysis } from './types';

const EVIDENCE_KINDS = new Set(['passed', 'failed', 'flaky']);

export function contractCoverage(analyses: readonly TestAnalysis[]): ContractCoverage {
  const rows = new Map<
    string,
    { row: Omit<CoverageExchange, 'tests' | 'guarantees'> & { exchanges: number }; tests: Set<string>; guarantees: Set<string> }
  >();
  for (const a of analyses) {
    const evidenced = a.evidence.filter((e) => EVIDENCE_KINDS.has(e.kind)).map((e) => e.guarantee);
    if (evidenced.length === 0) continue;
    for (const rec of a.test.attempts.flatMap((x) => x.records)) {
      if (!rec.operationId || rec.status === null || !rec.fromApi || (rec.base !== 'current' && rec.base !== 'alias')) continue;
      const code = rec.code ?? null;
      const key = `${rec.operationId}|${rec.base}|${rec.status}|${code ?? ''}`;
      let entry = rows.get(key);
      if (!entry) {
        entry = {
          row: { operationId: rec.operationId, base: rec.base, status: rec.status, code, exchanges: 0 },
          tests: new Set(),
          guarantees: new Set(),
        };
        rows.set(key, entry);
      }
      entry.row.exchanges++;
      entry.tests.add(a.test.id);
      for (const g of evidenced) entry.guarantees.add(g);
    }
  }
  const exchanges = [...rows.values()]
    .map((e) => ({ ...e.row, tests: e.tests.size, guarantees: [...e.guarantees].sort() }))
    .sort(
      (x, y) =>
        x.operationId.localeCompare(y.operationId) ||
        x.base.localeCompare(y.base) ||
        x.status - y.status ||
        (x.code ?? '').localeCompare(y.code ?? ''),
    );
  return { exchanges };
}
