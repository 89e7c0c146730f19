// One conformance run as CI findings: every failed, flaky, errored or inconclusive guarantee (and a
// documented MUST one not exercised), pointing at the contract line of the operation its root cause
// names, else of the guarantee's first operation, else its catalogue entry; documented MUST first.

import { guaranteeOf } from '../../contract';
import type { ConformanceReport, GuaranteeResult } from '../types';
import type { ContractLocator } from './contractLines';
import type { CiFinding, CiLocation } from './findings';

const FAILING = new Set(['failed', 'flaky', 'error', 'inconclusive']);

function weight(g: GuaranteeResult): number {
  return (g.provenance === 'documented' ? 30 : g.provenance === 'observed' ? 20 : 10) + (g.level === 'MUST' ? 5 : 0);
}

function locationOf(report: ConformanceReport, g: GuaranteeResult, locator: ContractLocator): CiLocation | null {
  const cause = report.rootCauses.find((c) => c.operationId && c.guarantees.includes(g.id));
  const fromCause = cause?.operationId ? locator.operation(cause.operationId) : null;
  if (fromCause) return fromCause;
  let operations: readonly string[] = [];
  try {
    operations = (guaranteeOf(g.id) as { operations?: readonly string[] }).operations ?? [];
  } catch {
    operations = [];
  }
  for (const op of operations) {
    const at = locator.operation(op);
    if (at) return at;
  }
  return locator.guarantee(g.id);
}

export function conformanceFindings(report: ConformanceReport, locator: ContractLocator): CiFinding[] {
  const out: CiFinding[] = [];
  for (const g of report.guarantees) {
    const verdict = String(g.verdict);
    const binding = g.provenance !== 'provisional' && g.level === 'MUST';
    if (FAILING.has(verdict)) {
      const first = g.failures[0]?.messages[0]?.split('\n')[0] ?? g.reason ?? verdict;
      out.push({
        rule: `guarantee-${verdict}`,
        level: binding || verdict !== 'flaky' ? 'error' : 'warning',
        title: `${g.id} ${verdict}`,
        message: `${g.id} (${g.level}, ${g.provenance}): ${first}`,
        location: locationOf(report, g, locator),
        weight: weight(g),
      });
    } else if (verdict === 'not-exercised' && binding) {
      out.push({
        rule: 'guarantee-not-exercised',
        level: 'warning',
        title: `${g.id} not exercised`,
        message: `${g.id}: ${g.reason ?? 'not exercised'}`,
        location: locationOf(report, g, locator),
        weight: weight(g),
      });
    }
  }
  return out;
}
