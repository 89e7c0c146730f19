// Render Markdown: summary.md, fit for $GITHUB_STEP_SUMMARY (GitHub-flavoured, no HTML beyond
// <details>, well under the 1 MiB step-summary limit): the run's verdict and exit code (headline.ts),
// totals, what broke (root causes), what blocks the gate, contract gaps, newly failing/passing,
// known deviations, not exercised, and the per-family matrix. Red marks bad news only.

import { isDocumentedMust } from './gate';
import { headline } from './headline';
import { targetLine } from './text';
import type { ConformanceReport, GuaranteeResult, Verdict } from './types';
import { evidenceText, VERDICT_LABEL as LABEL } from './verdicts';

const ICON: Record<Verdict, string> = {
  passed: '✅',
  failed: '❌',
  flaky: '⚠️',
  error: '💥',
  inconclusive: '❔',
  'not-exercised': '⏭️',
  'known-deviation': '🟣',
};
const MAX_SUMMARY_BYTES = 900_000;

function cell(s: string): string {
  return s.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function code(s: string): string {
  const one = s.replace(/\r?\n/g, ' ').slice(0, 200);
  return one.includes('`') ? `\`\` ${one} \`\`` : `\`${one}\``;
}

function firstMessage(g: GuaranteeResult): string {
  return g.failures[0]?.messages[0]?.split('\n')[0] ?? '';
}

function list(title: string, items: GuaranteeResult[], detail: (g: GuaranteeResult) => string): string[] {
  if (!items.length) return [];
  return [`### ${title} (${items.length})`, '', ...items.map((g) => `- **${g.id}** ${g.level} ${g.provenance} — ${detail(g)}`), ''];
}

export function renderMarkdown(report: ConformanceReport): string {
  const h = headline(report);
  const t = report.totals;
  const out: string[] = [];
  out.push(`## Meshi Partner API v0 conformance — ${report.run.target.name}`);
  out.push('');
  out.push(
    `${cell(targetLine(report))}; finished ${report.run.finishedAt}${report.run.ci?.runUrl ? ` ([run](${report.run.ci.runUrl}))` : ''}`,
  );
  out.push('');
  out.push(`**${h.passed ? '✅' : '❌'} ${h.title}**${h.reasons.length ? ` — ${h.reasons.map(cell).join('; ')}` : ''}`);
  for (const extra of [h.scope, h.note]) if (extra) out.push('', `> ${cell(extra)}`);
  if (report.run.mockFaults?.length) out.push('', `> Mock faults on: ${report.run.mockFaults.map(code).join(', ')}`);
  out.push('');
  out.push(
    '| guarantees | ✅ passed | ❌ failed | ⚠️ flaky | 💥 harness error | ❔ inconclusive | ⏭️ not exercised | 🟣 known deviation | tests |',
  );
  out.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  out.push(
    `| ${t.guarantees} | ${t.passed} | ${t.failed} | ${t.flaky} | ${t.error} | ${t.inconclusive} | ${t.notExercised} | ${t.knownDeviation} | ${t.tests.total} (${t.tests.failed} failed, ${t.tests.flaky} flaky, ${t.tests.skipped} skipped, ${t.tests.transient} transient) |`,
  );
  out.push('');
  for (const e of report.errors)
    out.push(`> **${e.kind === 'config' ? 'Configuration error' : 'Run error'}**: ${cell(e.message.split('\n')[0]!)}`, '');

  if (report.rootCauses.length) {
    out.push(`### What broke: ${report.rootCauses.length} root cause(s), most-touching first`, '');
    for (const c of report.rootCauses.slice(0, 10)) out.push(`1. ${cell(c.summary)}`);
    if (report.rootCauses.length > 10) out.push('', `… and ${report.rootCauses.length - 10} more in report.html`);
    out.push('');
  }
  const gs = report.guarantees;
  out.push(
    ...list(
      'Documented MUST guarantees not passed',
      gs.filter((g) => isDocumentedMust(g) && ['failed', 'flaky', 'error', 'inconclusive', 'not-exercised'].includes(g.verdict)),
      (g) => `${LABEL[g.verdict]}: ${g.verdict === 'failed' || g.verdict === 'flaky' ? code(firstMessage(g)) : cell(g.reason ?? '')}`,
    ),
  );
  out.push(
    ...list(
      'Harness errors (the harness crashed while judging them: fix the harness, then re-run)',
      gs.filter((g) => g.verdict === 'error'),
      (g) => cell(g.reason ?? ''),
    ),
  );
  out.push(
    ...list(
      'Inconclusive (the target could not be looked at)',
      gs.filter((g) => g.verdict === 'inconclusive'),
      (g) => cell(g.reason ?? ''),
    ),
  );
  out.push(
    ...list(
      'Contract gaps to confirm (provisional or SHOULD guarantees that failed)',
      gs.filter((g) => !isDocumentedMust(g) && (g.verdict === 'failed' || g.verdict === 'flaky')),
      (g) => `${LABEL[g.verdict]}: ${code(firstMessage(g))}`,
    ),
  );
  const changes = gs.filter((g) => g.trend?.change);
  if (changes.length) {
    out.push(`### Changes since the previous comparable run (${changes.length})`, '');
    for (const g of changes)
      out.push(`- ${g.trend!.change === 'newly-failing' ? '🔻 newly failing' : '✅ newly passing'}: **${g.id}** (${LABEL[g.verdict]})`);
    out.push('');
  }
  out.push(
    ...list(
      'Known deviations',
      gs.filter((g) => g.verdict === 'known-deviation'),
      (g) => `${cell(g.deviation?.reason ?? '')} ([link](${g.deviation?.link ?? ''}), expires ${g.deviation?.expires ?? '?'})`,
    ),
  );
  if (report.deviations.expired.length) {
    out.push(`### Expired known deviations (${report.deviations.expired.length}) — fail the run`, '');
    for (const d of report.deviations.expired) out.push(`- **${d.guarantee}** expired ${d.expires}: ${cell(d.reason)} ([link](${d.link}))`);
    out.push('');
  }
  const notRun = gs.filter((g) => g.verdict === 'not-exercised');
  if (notRun.length) {
    out.push(`<details><summary>Not exercised (${notRun.length})</summary>`, '');
    for (const g of notRun) out.push(`- **${g.id}** ${g.level} ${g.provenance} — ${cell(g.reason ?? '')}`);
    out.push('', '</details>', '');
  }
  out.push('<details><summary>Matrix by family</summary>', '');
  out.push('| family | ✅ | ❌ | ⚠️ | 💥 | ❔ | ⏭️ | 🟣 |', '|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const f of report.families)
    out.push(
      `| ${f.id} ${cell(f.name)} | ${f.counts.passed} | ${f.counts.failed} | ${f.counts.flaky} | ${f.counts.error} | ${f.counts.inconclusive} | ${f.counts.notExercised} | ${f.counts.knownDeviation} |`,
    );
  out.push('');
  out.push('| guarantee | level | provenance | verdict | evidence |', '|---|---|---|---|---|');
  for (const g of gs)
    out.push(
      `| ${g.id} | ${g.level} | ${g.provenance} | ${ICON[g.verdict]} ${LABEL[g.verdict]}${g.trend?.change ? ` (${g.trend.change})` : ''} | ${evidenceText(g)} |`,
    );
  out.push('', '</details>', '');
  out.push('Full details (request/response records, curl reproductions, correlation IDs, replay commands): `report.html` in the artefact.');
  let text = `${out.join('\n')}\n`;
  if (Buffer.byteLength(text) > MAX_SUMMARY_BYTES) text = `${text.slice(0, MAX_SUMMARY_BYTES)}\n\n… (summary cut; see report.html)\n`;
  return text;
}
