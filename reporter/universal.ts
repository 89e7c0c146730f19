// Universal coverage: how many responses were checked for each universal guarantee. The client
// runs the universal checks (harness/checks) on every response it sees and records the call; a
// record's kind, method, base and status say which checks applied (checksFor), its skippedChecks
// which of them the test switched off. When a record carries `checkedGuarantees` (the IDs its
// checks actually evaluated), that list is used instead. A universal guarantee passes when at least one response
// was checked for it and no violation of it appeared anywhere (verdicts.ts).

import { allChecks, checksFor, type Exchange } from '../harness/checks';
import type { RecordSummary, UniversalCoverage } from './types';

/** Check names reporting each guarantee ID. */
export function checksByGuarantee(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const c of allChecks) {
    for (const g of c.guarantees) {
      const list = out.get(g) ?? [];
      list.push(c.name);
      out.set(g, list);
    }
  }
  return out;
}

/** The names of the checks that apply to a recorded response. */
export function applicableChecks(r: RecordSummary): string[] {
  if (r.status === null) return [];
  const x = {
    kind: r.kind,
    operationId: null,
    request: { method: r.method, url: '', path: '', base: r.base, headers: {}, bodyText: null, correlationId: null },
    response: { status: r.status, headers: {}, text: '', body: undefined, jsonError: null },
    exemptUuids: new Set<string>(),
  } as unknown as Exchange;
  try {
    return checksFor(x).map((c) => c.name);
  } catch {
    return allChecks.map((c) => c.name);
  }
}

/** Coverage of each universal guarantee over every recorded response. */
export function universalCoverage(universalIds: readonly string[], records: Iterable<RecordSummary>): Map<string, UniversalCoverage> {
  const byGuarantee = checksByGuarantee();
  const acc = new Map<string, { checked: number; exempted: number; violations: number }>();
  for (const id of universalIds) acc.set(id, { checked: 0, exempted: 0, violations: 0 });
  for (const rec of records) {
    const applicable = rec.fromApi ? new Set(applicableChecks(rec)) : new Set<string>();
    for (const id of universalIds) {
      const a = acc.get(id)!;
      if (rec.violationIds.includes(id)) a.violations++;
      const checks = byGuarantee.get(id) ?? [];
      const applying = checks.filter((c) => applicable.has(c));
      if (!rec.fromApi) {
        a.exempted++;
        continue;
      }
      if (rec.checkedGuarantees) {
        // The harness says which guarantees its checks evaluated on this response.
        if (rec.checkedGuarantees.includes(id)) a.checked++;
        else if (applying.length > 0 && applying.every((c) => rec.skippedChecks.includes(c))) a.exempted++;
        continue;
      }
      if (applying.length === 0) continue; // not applicable to this response (e.g. HEAD-only check on a GET)
      if (applying.some((c) => !rec.skippedChecks.includes(c))) a.checked++;
      else a.exempted++;
    }
  }
  const out = new Map<string, UniversalCoverage>();
  for (const [id, a] of acc) out.set(id, { checkedResponses: a.checked, exemptedResponses: a.exempted, violations: a.violations });
  return out;
}
