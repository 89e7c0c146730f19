// A contract diff as CI findings (reporter/ci): an unaccepted breaking change is an error (ranked
// documented above observed above provisional), an accepted one a warning, the changelog notices.
// Each points at the line in head (for a removal: where it was removed from).

import type { CiFinding } from '../../reporter/ci/findings';
import { sarifLog } from '../../reporter/ci/sarif';
import { RULES } from './rules/catalogue';
import type { ContractChange, ContractDiff } from './types';

const WEIGHT = { documented: 3, observed: 2, provisional: 1 } as const;

export function changeTitle(c: ContractChange): string {
  const kind = c.severity === 'breaking-wire' ? 'breaking (wire)' : c.severity === 'breaking-guarantee' ? 'breaking (guarantee)' : 'change';
  return `${kind}: ${c.rule}${c.provenance === 'provisional' ? ' (provisional element)' : ''}`;
}

export function changeDetail(c: ContractChange): string {
  const parts = [c.message];
  if (c.provenance === 'provisional') parts.push('Provisional: not a promise yet, but what SDKs were generated from.');
  if (c.guarantees.length) parts.push(`Guarantees: ${c.guarantees.join(', ')}.`);
  if (c.accepted)
    parts.push(
      c.accepted.by === 'major-bump'
        ? 'Accepted by the major bump of info.version.'
        : `Accepted until ${c.accepted.expires} by ${c.accepted.who}: ${c.accepted.reason}`,
    );
  parts.push(`Change ID: ${c.id}`);
  return parts.join(' ');
}

export function diffFindings(diff: ContractDiff): CiFinding[] {
  return diff.changes.map((c) => {
    const breaking = c.severity !== 'non-breaking';
    const loc = c.head ?? c.base;
    return {
      rule: c.rule,
      level: breaking ? (c.accepted ? 'warning' : 'error') : 'notice',
      title: changeTitle(c),
      message: changeDetail(c),
      location: loc ? { file: loc.file, line: loc.line, column: loc.column } : null,
      weight: (c.provenance ? WEIGHT[c.provenance] : 0) + (c.severity === 'breaking-wire' ? 0.5 : 0),
    };
  });
}

/** The diff as a SARIF 2.1.0 log (reporter/ci/sarif.ts), each rule with its one-line summary. */
export function diffSarif(diff: ContractDiff): Record<string, unknown> {
  const rules = Object.fromEntries(Object.entries(RULES).map(([id, [, summary]]) => [id, summary]));
  return sarifLog({ name: 'meshi-contract-diff', version: '1.0.0', rules }, diffFindings(diff));
}
