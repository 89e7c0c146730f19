// The decision as people read it: a terminal table (one line per criterion, then what each lists),
// the Markdown step summary (with the per-guarantee table: verdict, evidence, sensitivity score),
// and the findings every CI rendering shares (reporter/ci/).

import type { CiFinding } from '../../reporter/ci/findings';
import type { Decision } from './types';

const DETAILS_IN_TABLE = 8;

function headline(d: Decision): string {
  const verdict = d.release ? 'RELEASE' : 'DO NOT RELEASE';
  return d.dryRun
    ? `RELEASE DECISION (dry run): ${verdict} — would exit ${d.decisionExitCode}; --dry-run exits 0`
    : `RELEASE DECISION: ${verdict} (exit ${d.exitCode})`;
}

export function renderTable(d: Decision): string {
  const w = Math.max(...d.criteria.map((c) => c.id.length), 'criterion'.length);
  const lines = [headline(d), '', `${'criterion'.padEnd(w)}  status   reason`];
  for (const c of d.criteria) lines.push(`${c.id.padEnd(w)}  ${c.status.padEnd(7)}  ${c.reason}`);
  for (const c of d.criteria) {
    if (c.status === 'pass' && c.details.length === 0) continue;
    if (c.details.length === 0) continue;
    lines.push('', `${c.id} (${c.status}):`);
    for (const item of c.details.slice(0, DETAILS_IN_TABLE)) lines.push(`  - ${item}`);
    if (c.details.length > DETAILS_IN_TABLE) lines.push(`  … ${c.details.length - DETAILS_IN_TABLE} more: see release-decision.md`);
  }
  return lines.join('\n');
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const ICON = { pass: '✅ pass', fail: '❌ fail', unknown: '❔ unknown' } as const;

export function renderMarkdown(d: Decision): string {
  const out = [`## ${headline(d)}`, '', '| criterion | status | reason |', '|---|---|---|'];
  for (const c of d.criteria) out.push(`| ${c.id} | ${ICON[c.status]} | ${cell(c.reason)} |`);
  for (const c of d.criteria) {
    if (!c.details.length) continue;
    out.push('', `<details><summary>${c.id}: ${c.details.length} item(s)</summary>`, '');
    for (const item of c.details) out.push(`- ${cell(item)}`);
    out.push('', '</details>');
  }
  out.push(
    '',
    `Catalogue ${d.catalogue.current.version}${d.catalogue.base ? `; since ${d.catalogue.base.ref}: added ${d.catalogue.base.added.join(', ') || 'none'}, removed ${d.catalogue.base.removed.join(', ') || 'none'}` : ''}.`,
  );
  out.push('', '| guarantee | level | provenance | verdict | evidence | sensitivity |', '|---|---|---|---|---|---|');
  for (const g of d.guarantees) {
    const evidence = g.evidence ? `${g.evidence.exchanges} exchanges, ${g.evidence.tests} tests` : '—';
    const score = g.sensitivity ? `${g.sensitivity.killed}/${g.sensitivity.injected}` : '—';
    out.push(`| ${g.id} | ${g.level} | ${g.provenance} | ${g.verdict ?? '—'} | ${evidence} | ${score} |`);
  }
  return `${out.join('\n')}\n`;
}

/** Every criterion's findings; a criterion that is unknown without findings of its own gets one notice. */
export function decisionFindings(d: Decision): CiFinding[] {
  return d.criteria.flatMap((c) =>
    c.findings.length || c.status === 'pass'
      ? [...c.findings]
      : [
          {
            rule: `release-${c.id}`,
            level: c.status === 'fail' ? ('error' as const) : ('notice' as const),
            title: `${c.id}: ${c.status}`,
            message: c.reason,
            location: null,
          },
        ],
  );
}

export const RULE_DESCRIPTIONS: Record<string, string> = {
  'guarantee-failed': 'A guarantee failed against the target',
  'guarantee-flaky': 'A guarantee failed, then passed on a retry',
  'guarantee-error': 'The harness crashed judging a guarantee',
  'guarantee-inconclusive': 'The run could not look at a guarantee (transient answers)',
  'guarantee-not-exercised': 'A documented MUST guarantee was not exercised',
  'contract-uncovered': 'Contract surface no test with evidence met',
  'guarantee-insensitive': 'A guarantee no catalogue fault shows its tests can fail',
  'catalogue-mismatch': 'A report scored against another guarantee catalogue',
};
