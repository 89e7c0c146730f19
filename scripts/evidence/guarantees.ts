// Provisional guarantees, judged from the runs' reports: a passed guarantee counts its tests (a
// universal one the responses its check ran on) as consistent evidence; a failed one contradicts.

import type { Judge, Obj } from './context';

export const judgeGuarantees: Judge = ({ runs, catalogue, ledger }) => {
  (catalogue.guarantees as Obj[]).forEach((g, i) => {
    if (g.provenance !== 'provisional') return;
    ledger.declare({
      key: `guarantee:${g.id}`,
      kind: 'guarantee',
      name: g.id,
      provenance: g.provenance,
      declared: String(g.statement),
      markObserved: (s) => [
        { file: 'guarantees.yaml', loc: ['guarantees', i, 'provenance'], value: 'observed' },
        { file: 'guarantees.yaml', loc: ['guarantees', i, 'observed'], value: { ...s } },
      ],
    });
  });
  runs.forEach((run, r) => {
    for (const g of run.report?.guarantees ?? []) {
      const key = `guarantee:${g.id}`;
      if (!ledger.has(key)) continue;
      if (g.observed === 'passed') ledger.consistent(key, r, g.universal ? (g.universalCoverage?.checkedResponses ?? 0) : g.tests.length);
      else if (g.observed === 'failed') {
        const message = (g.failures[0]?.messages[0] ?? 'failed').split('\n')[0]!.slice(0, 200);
        ledger.contradicted(
          key,
          r,
          message,
          Math.max(1, g.failures.length),
          g.failures.flatMap((f) => f.correlationIds),
        );
      }
    }
  });
};
