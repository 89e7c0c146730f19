// The family table (keyboard-operable filter buttons), the filter bar and the guarantee matrix:
// one <tbody> per guarantee with its sentence, tests, notes and failures, the guarantee's own
// test's failure first; long lists fold. Each row carries the text the search looks through.

import { failureHtml } from './htmlRecord';
import { badge, esc, LABEL, safeHref } from './htmlText';
import { trendSvg, VERDICT_COLOURS } from './trend';
import type { ConformanceReport, GuaranteeResult, ReportTest, Verdict } from './types';
import { evidenceText } from './verdicts';

const SHOWN_TESTS = 6;
const SHOWN_FAILURES = 1;

function options(values: readonly string[], label: (v: string) => string): string {
  return values.map((v) => `<option value="${esc(v)}">${esc(label(v))}</option>`).join('');
}

export function familiesHtml(report: ConformanceReport): string {
  const cell = (v: Verdict, n: number) => (n ? `${badge(v)} ${esc(n)}` : '');
  const rows = report.families.map(
    (f) =>
      `<tr><td><button type="button" data-family="${esc(f.id)}" aria-pressed="false" aria-label="show only ${esc(f.id)} ${esc(f.name)}">${esc(f.id)}</button></td><td>${esc(f.name)}</td><td>${cell('passed', f.counts.passed)}</td><td>${cell('failed', f.counts.failed)}</td><td>${cell('flaky', f.counts.flaky)}</td><td>${cell('error', f.counts.error)}</td><td>${cell('inconclusive', f.counts.inconclusive)}</td><td>${cell('not-exercised', f.counts.notExercised)}</td><td>${cell('known-deviation', f.counts.knownDeviation)}</td></tr>`,
  );
  return `<h2>Families</h2><p class="muted">A family button shows only its guarantees; press it again to show all.</p><div class="scroll"><table class="fam"><tbody>${rows.join('')}</tbody></table></div>`;
}

export function filtersHtml(report: ConformanceReport): string {
  const famNames = new Map(report.families.map((f) => [f.id, f.name]));
  const verdicts = (['passed', 'failed', 'flaky', 'error', 'inconclusive', 'not-exercised', 'known-deviation'] as const).filter((v) =>
    report.guarantees.some((g) => g.verdict === v),
  );
  return `<div class="filters" role="search"><select id="f-family" aria-label="family"><option value="">all families</option>${options(
    report.families.map((f) => f.id),
    (v) => `${v} ${famNames.get(v) ?? ''}`,
  )}</select>
<select id="f-verdict" aria-label="verdict"><option value="">all verdicts</option>${options(verdicts, (v) => LABEL[v as Verdict])}</select>
<select id="f-provenance" aria-label="provenance"><option value="">any provenance</option>${options(['documented', 'observed', 'provisional'], (v) => v)}</select>
<select id="f-level" aria-label="level"><option value="">MUST + SHOULD</option>${options(['MUST', 'SHOULD'], (v) => v)}</select>
<label><input type="checkbox" id="f-change"> changes only</label><input id="f-text" type="search" aria-label="search" placeholder="ID, sentence, test, file, operation, message, correlation ID"><button type="button" id="f-reset">reset</button><button type="button" id="f-expand" aria-pressed="false">expand all</button><span id="f-count" class="muted" aria-live="polite"></span></div>`;
}

export function legendHtml(report: ConformanceReport): string {
  if (report.run.historyRuns === 0) return '';
  const shown: (Verdict | 'absent')[] = [
    'passed',
    'failed',
    'flaky',
    'error',
    'inconclusive',
    'not-exercised',
    'known-deviation',
    'absent',
  ];
  return `<div class="legend muted">Trend: one square per run, oldest left, this run outlined; ${esc(report.run.historyRuns)} earlier run(s) of the same target and full scope, without mock faults. ${shown.map((v) => `<span><i style="background:${VERDICT_COLOURS[v]}"></i>${esc(v === 'absent' ? 'not in that run' : LABEL[v])}</span>`).join('')}</div>`;
}

/** Everything the search looks through for one guarantee (lower case). */
function searchText(report: ConformanceReport, g: GuaranteeResult): string {
  const causes = report.rootCauses.filter((c) => c.guarantees.includes(g.id));
  return [
    g.id,
    g.statement,
    g.reason ?? '',
    ...g.notes,
    ...g.tests.flatMap((t) => [t.title, `${t.file}:${t.line}`]),
    ...g.failures.flatMap((f) => [...f.messages, ...f.correlationIds, ...f.records.flatMap((r) => [r.operationId ?? '', r.url])]),
    ...causes.flatMap((c) => [c.operationId ?? '', c.request ?? '', c.summary, ...c.correlationIds]),
  ]
    .join('\n')
    .toLowerCase();
}

function testsHtml(tests: readonly ReportTest[]): string {
  const row = (t: ReportTest) =>
    `<tr><td>${esc(t.evidence)}${t.declared ? '' : ' <span class="muted">(named by a message)</span>'}</td><td><code>${esc(t.file)}:${esc(t.line)}</code></td><td>${esc(t.title)}${t.note ? `<div class="muted">${esc(t.note)}</div>` : ''}</td></tr>`;
  const ordered = [...tests].sort((a, b) => Number(b.declared) - Number(a.declared));
  const first = `<div class="scroll"><table class="tests"><tbody>${ordered.slice(0, SHOWN_TESTS).map(row).join('')}</tbody></table></div>`;
  if (ordered.length <= SHOWN_TESTS) return first;
  return `${first}<details class="more"><summary>${ordered.length - SHOWN_TESTS} more test(s)</summary><div class="scroll"><table class="tests"><tbody>${ordered.slice(SHOWN_TESTS).map(row).join('')}</tbody></table></div></details>`;
}

function guaranteeHtml(report: ConformanceReport, g: GuaranteeResult): string {
  const change = g.trend?.change ?? '';
  const mark =
    change === 'newly-failing'
      ? '<span class="chg down">▼ newly failing</span>'
      : change === 'newly-passing'
        ? '<span class="chg up">▲ newly passing</span>'
        : '';
  const devLink = g.deviation ? safeHref(g.deviation.link) : null;
  const cov = g.universalCoverage;
  const own = new Set(g.tests.filter((t) => t.declared).map((t) => t.id));
  const failures = [...g.failures]
    .sort((a, b) => Number(own.has(b.testId)) - Number(own.has(a.testId)))
    .map((f) => failureHtml(report, f, own.has(f.testId)));
  const body = [
    `<p><b>${esc(g.statement)}</b></p>`,
    `<p class="muted">${esc(g.level)} · ${esc(g.provenance)}${g.doc ? ` · ${esc(g.doc)}` : ''}${g.profiles.length ? ` · profiles: ${esc(g.profiles.join(', '))}` : ''}${g.universal ? ' · universal (checked on every response)' : ''}</p>`,
    g.reason
      ? `<p><b>${g.verdict === 'known-deviation' ? 'Known deviation' : 'Why'}:</b> ${esc(g.reason)}${devLink ? ` — <a href="${esc(devLink)}" rel="noopener noreferrer">${esc(devLink)}</a>` : ''}${g.verdict === 'known-deviation' ? ` (observed: ${esc(g.observed)})` : ''}</p>`
      : '',
    `<p class="evidence"><b>Evidence:</b> ${esc(evidenceText(g))}</p>`,
    cov
      ? `<p class="muted">responses that showed its subject and were judged: ${esc(cov.checkedResponses)} (in ${esc(cov.tests)} test(s)), not checked: ${esc(cov.exemptedResponses)}, violations: ${esc(cov.violations)}, harness errors: ${esc(cov.harnessErrors)}</p>`
      : '',
    g.notes.length ? `<ul class="notes">${g.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : '',
    g.tests.length ? testsHtml(g.tests) : '<p class="muted">no test in this run names it</p>',
    failures.slice(0, SHOWN_FAILURES).join('\n'),
    failures.length > SHOWN_FAILURES
      ? `<details class="more"><summary>${failures.length - SHOWN_FAILURES} more failing test(s)</summary>${failures.slice(SHOWN_FAILURES).join('\n')}</details>`
      : '',
    g.moreFailures
      ? `<p class="muted">${esc(g.moreFailures)} more failing test(s) are listed above but not detailed in this report.</p>`
      : '',
  ].join('\n');
  const short = g.statement.length > 140 ? `${g.statement.slice(0, 137)}…` : g.statement;
  return `<tbody class="g" id="g-${esc(g.id)}" data-id="${esc(g.id)}" data-family="${esc(g.family)}" data-verdict="${esc(g.verdict)}" data-provenance="${esc(g.provenance)}" data-level="${esc(g.level)}" data-change="${esc(change)}" data-text="${esc(searchText(report, g))}">
<tr class="row"><th scope="row"><a href="#g-${esc(g.id)}" class="gid">${esc(g.id)}</a></th><td class="narrow-hide">${esc(g.level)}</td><td class="narrow-hide">${esc(g.provenance)}</td><td>${badge(g.verdict)} ${mark}<div class="muted">${esc(evidenceText(g))}</div></td><td class="narrow-hide">${g.trend ? trendSvg(g.trend) : ''}</td><td>${esc(short)}</td></tr>
<tr class="detail"><td colspan="6"><details><summary>details</summary>${body}</details></td></tr>
</tbody>`;
}

export function matrixHtml(report: ConformanceReport): string {
  return `<table class="matrix"><thead><tr><th>id</th><th class="narrow-hide">level</th><th class="narrow-hide">provenance</th><th>verdict</th><th class="narrow-hide">trend</th><th>guarantee</th></tr></thead>
${report.guarantees.map((g) => guaranteeHtml(report, g)).join('\n')}
</table>`;
}
