// Render HTML: report.html, one self-contained page (inline CSS, script and SVG; no external asset
// of any kind), ordered for triage: the headline (the run's own verdict and exit code), what broke
// (root causes, most-touching first, each with its request/response pair and replay line), then
// the families and the guarantee matrix with filters and search whose state lives in the URL hash.
// Works without the script (everything is rendered; the script filters, navigates and copies).

import { headline } from './headline';
import { familiesHtml, filtersHtml, legendHtml, matrixHtml } from './htmlMatrix';
import { SCRIPT } from './htmlScript';
import { CSS } from './htmlStyle';
import { badge, esc, linkIds, safeHref } from './htmlText';
import { triageHtml } from './htmlTriage';
import { targetLine } from './text';
import type { ConformanceReport } from './types';

function headlineHtml(report: ConformanceReport, known: ReadonlySet<string>): string {
  const h = headline(report);
  const reasons = h.reasons.length ? `<ul>${h.reasons.map((r) => `<li>${linkIds(r, known)}</li>`).join('')}</ul>` : '';
  const extra = [
    h.scope ? `<div>${esc(h.scope[0]!.toUpperCase() + h.scope.slice(1))}.</div>` : '',
    h.note ? `<div>${esc(h.note)}</div>` : '',
  ].join('');
  return `<div class="banner ${h.passed ? 'ok' : 'bad'}" id="headline" role="status" data-exit="${h.exitCode}" data-gate="${h.passed ? 'passed' : 'failed'}"><b>${esc(h.title)}</b>${reasons}${extra}</div>`;
}

function totalsHtml(report: ConformanceReport): string {
  const t = report.totals;
  return `<div class="chips" id="totals"><span>${esc(t.guarantees)} guarantees</span><span>${badge('passed')} ${esc(t.passed)}</span><span>${badge('failed')} ${esc(t.failed)}</span><span>${badge('flaky')} ${esc(t.flaky)}</span><span>${badge('error')} ${esc(t.error)}</span><span>${badge('inconclusive')} ${esc(t.inconclusive)}</span><span>${badge('not-exercised')} ${esc(t.notExercised)}</span><span>${badge('known-deviation')} ${esc(t.knownDeviation)}</span><span>${esc(t.tests.total)} tests: ${esc(t.tests.passed)} passed, ${esc(t.tests.failed)} failed, ${esc(t.tests.flaky)} flaky, ${esc(t.tests.skipped)} skipped, ${esc(t.tests.transient)} transient</span></div>`;
}

export function renderHtml(report: ConformanceReport): string {
  const known = new Set(report.guarantees.map((g) => g.id));
  const t = report.totals;
  const runUrl = report.run.ci?.runUrl ? safeHref(report.run.ci.runUrl) : null;
  const changes = report.guarantees.filter((g) => g.trend?.change);
  const faults = report.run.mockFaults ?? [];
  const parts: string[] = [];
  parts.push(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">`,
  );
  parts.push(
    `<title>Meshi conformance — ${esc(report.run.target.name)} — ${esc(headline(report).title)}</title><style>${CSS}</style></head><body>`,
  );
  parts.push(`<h1>Meshi Partner API v0 — conformance report</h1>`);
  parts.push(
    `<div class="muted">${esc(targetLine(report))}${faults.length ? ` · mock faults on: ${esc(faults.join(', '))}` : ''} · started ${esc(report.run.startedAt)} · ${esc(Math.round(report.run.durationMs / 1000))} s${report.run.merged ? ' · merged from shards' : ''}${runUrl ? ` · <a href="${esc(runUrl)}" rel="noopener noreferrer">CI run</a>` : ''}</div>`,
  );
  parts.push(headlineHtml(report, known));
  for (const e of report.errors)
    parts.push(`<div class="banner bad">${e.kind === 'config' ? 'Configuration error' : 'Run error'}: ${esc(e.message)}</div>`);
  if (report.deviations.expired.length)
    parts.push(
      `<div class="banner bad">Expired known deviations (fail the run): ${report.deviations.expired.map((d) => `${linkIds(d.guarantee, known)} expired ${esc(d.expires)}`).join(', ')}</div>`,
    );
  parts.push(totalsHtml(report));
  parts.push(triageHtml(report));
  if (changes.length)
    parts.push(
      `<p>Since the previous comparable run: ${changes.map((g) => `<a href="#g-${esc(g.id)}">${esc(g.id)}</a> ${g.trend!.change === 'newly-failing' ? '<span class="chg down">▼ newly failing</span>' : '<span class="chg up">▲ newly passing</span>'}`).join(', ')}</p>`,
    );
  parts.push(familiesHtml(report));
  parts.push(`<h2>Guarantees</h2>`);
  parts.push(legendHtml(report));
  parts.push(filtersHtml(report));
  parts.push(`<div class="scroll">${matrixHtml(report)}</div>`);
  parts.push(
    `<p class="muted">Keys appear as <code>$MESHI_…</code> placeholders: export them in your shell to run a curl line. Generated ${esc(report.run.finishedAt)}, run ${esc(report.run.id)}; ${esc(t.exercised)} of ${esc(t.guarantees)} guarantees exercised.</p>`,
  );
  parts.push(`<script>${SCRIPT.replace(/<\//g, '<\\/')}</script></body></html>`);
  return parts.join('\n');
}
