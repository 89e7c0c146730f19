// Contract changes since --base (scripts/contractDiff/): no breaking change (wire or guarantee)
// that is not accepted. Accepted ones are listed; without a base or the diff module the criterion
// is unknown.

import type { CiFinding } from '../../../reporter/ci/findings';
import type { Criterion, ReleaseInputs } from '../types';
import { listed } from './combine';

export function contractChangesCriterion(inputs: ReleaseInputs): Criterion {
  const d = inputs.diff;
  if ('unavailable' in d) return { id: 'contract-changes', status: 'unknown', reason: d.unavailable, details: [], findings: [] };
  const breaking = d.changes.filter((c) => c.severity !== 'non-breaking');
  const unaccepted = breaking.filter((c) => !c.accepted);
  const accepted = breaking.filter((c) => c.accepted);
  const details = [
    ...unaccepted.map((c) => `breaking (${c.severity}): ${c.message}`),
    ...accepted.map((c) => `accepted (${c.severity}): ${c.message}`),
  ];
  const findings: readonly CiFinding[] = d.findings.length
    ? d.findings
    : unaccepted.map((c) => {
        const at = c.head ?? c.base;
        return {
          rule: c.rule,
          level: 'error',
          title: `${c.severity}: ${c.rule}`,
          message: c.message,
          location: at ? { file: at.file, line: at.line, column: at.column } : null,
          weight: c.severity === 'breaking-wire' ? 2 : 1,
        };
      });
  const range = `${d.base.label} (${d.base.version}) → ${d.head.label} (${d.head.version})`;
  if (d.unacceptedBreaking > 0 || unaccepted.length > 0) {
    const n = Math.max(d.unacceptedBreaking, unaccepted.length);
    return {
      id: 'contract-changes',
      status: 'fail',
      reason: `${n} unaccepted breaking change(s) ${range}: ${listed(
        unaccepted.map((c) => c.rule),
        4,
      )}`,
      details,
      findings,
    };
  }
  const reason = accepted.length
    ? `${accepted.length} breaking change(s) ${range}, all accepted; ${d.changes.length - breaking.length} non-breaking`
    : `no breaking change ${range} (${d.changes.length} non-breaking)`;
  return { id: 'contract-changes', status: 'pass', reason, details, findings: [] };
}
