// Render HTML: report.html, one self-contained page (inline CSS, inline script, inline SVG; no
// external asset of any kind). The guarantee matrix with filters (family, verdict, provenance,
// level, changes, free text); per guarantee its sentence, doc, tests and notes; per failure the
// failing test, the messages, correlation IDs, the redacted request/response records with a curl
// reproduction each, and the replay command of property failures; the trend strip per guarantee
// with newly failing / newly passing marks. Works without the script (everything is rendered;
// the script only filters and copies).

import { evaluateGate } from './gate';
import { targetLine } from './text';
import { trendSvg, VERDICT_COLOURS } from './trend';
import type { ConformanceReport, FullRecord, GuaranteeResult, ReportFailure, Verdict } from './types';

const LABEL: Record<Verdict, string> = { passed: 'passed', failed: 'failed', flaky: 'flaky', 'not-exercised': 'not exercised', 'known-deviation': 'known deviation' };

export function esc(s: string | number | null | undefined): string {
  return String(s ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function safeHref(url: string): string | null {
  return /^https?:\/\/[^\s"'<>]+$/.test(url) ? url : null;
}

function badge(v: Verdict): string {
  return `<span class="badge v-${v}">${esc(LABEL[v])}</span>`;
}

function headers(h: Record<string, string>): string {
  return Object.entries(h)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');
}

function prettyBody(body: string | null): string {
  if (body === null || body === '') return '';
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

function recordHtml(r: FullRecord): string {
  const status = r.status ?? r.error ?? 'no response';
  const corr = [r.correlationId.sent ? `sent ${r.correlationId.sent}` : null, r.correlationId.received ? `received ${r.correlationId.received}` : null].filter(Boolean).join(', ');
  const viol = r.violations.length ? `<ul class="viol">${r.violations.map((v) => `<li>${esc(`[${v.guarantee}] ${v.message}`)}</li>`).join('')}</ul>` : '';
  const res = r.response
    ? `<div class="half"><h6>response ${esc(r.status)} (${esc(r.response.bodyBytes)} bytes)</h6><pre>${esc(headers(r.response.headers))}${r.response.body ? `\n\n${esc(prettyBody(r.response.body))}` : ''}</pre></div>`
    : `<div class="half"><h6>no response</h6><pre>${esc(r.error ?? '')}</pre></div>`;
  return `<details class="rec"${r.violations.length ? ' open' : ''}><summary><code>#${esc(r.n)} ${r.setup ? 'setup ' : ''}${esc(r.method)} ${esc(r.url)} → ${esc(status)}</code>${r.label ? ` <i>${esc(r.label)}</i>` : ''}${corr ? ` <span class="muted">corr ${esc(corr)}</span>` : ''}</summary>
${viol}<div class="pair"><div class="half"><h6>request${r.operationId ? ` (${esc(r.operationId)})` : ''}</h6><pre>${esc(`${r.method} ${r.url}`)}\n${esc(headers(r.request.headers))}${r.request.body !== null ? `\n\n${esc(prettyBody(r.request.body))}` : ''}</pre></div>${res}</div>
<div class="curl"><h6>curl reproduction <button type="button" class="copy">copy</button></h6><pre class="copy-src">${esc(r.curl)}</pre></div></details>`;
}

function failureHtml(f: ReportFailure): string {
  return `<div class="failure"><div><b>${f.flaky ? 'flaky' : 'failed'}</b> in <code>${esc(f.file)}:${esc(f.line)}</code> — ${esc(f.testTitle)}</div>
<pre class="msg">${esc(f.messages.join('\n\n'))}</pre>
${f.correlationIds.length ? `<div>correlation ids: ${f.correlationIds.map((c) => `<code>${esc(c)}</code>`).join(' ')}</div>` : ''}
${f.replay ? `<div class="replay"><h6>replay <button type="button" class="copy">copy</button></h6><pre class="copy-src">${esc(f.replay)}</pre></div>` : ''}
${f.records.map(recordHtml).join('\n')}</div>`;
}

function guaranteeHtml(g: GuaranteeResult): string {
  const change = g.trend?.change ?? '';
  const mark = change === 'newly-failing' ? '<span class="chg down" title="newly failing">▼ new</span>' : change === 'newly-passing' ? '<span class="chg up" title="newly passing">▲ fixed</span>' : '';
  const devLink = g.deviation ? safeHref(g.deviation.link) : null;
  const cov = g.universalCoverage;
  const body = [
    `<p class="stmt">${esc(g.statement)}</p>`,
    `<p class="muted">${esc(g.level)} · ${esc(g.provenance)}${g.doc ? ` · ${esc(g.doc)}` : ''}${g.profiles.length ? ` · profiles: ${esc(g.profiles.join(', '))}` : ''}${g.universal ? ' · universal (checked on every response)' : ''}</p>`,
    g.reason ? `<p><b>${g.verdict === 'known-deviation' ? 'Known deviation' : 'Why'}:</b> ${esc(g.reason)}${devLink ? ` — <a href="${esc(devLink)}" rel="noopener noreferrer">${esc(devLink)}</a>` : ''}${g.verdict === 'known-deviation' ? ` (observed: ${esc(g.observed)})` : ''}</p>` : '',
    cov ? `<p class="muted">responses checked: ${esc(cov.checkedResponses)}, not checked: ${esc(cov.exemptedResponses)}, violations: ${esc(cov.violations)}</p>` : '',
    g.notes.length ? `<ul class="notes">${g.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : '',
    g.tests.length ? `<table class="tests"><tbody>${g.tests.map((t) => `<tr><td>${esc(t.evidence)}</td><td><code>${esc(t.file)}:${esc(t.line)}</code></td><td>${esc(t.title)}${t.note ? `<div class="muted">${esc(t.note)}</div>` : ''}</td></tr>`).join('')}</tbody></table>` : '<p class="muted">no test in this run names it</p>',
    g.failures.map(failureHtml).join('\n'),
    g.moreFailures ? `<p class="muted">… and ${esc(g.moreFailures)} more failing test(s); see the JSON report.</p>` : '',
  ].join('\n');
  const text = `${g.id} ${g.statement} ${g.reason ?? ''} ${g.tests.map((t) => t.title).join(' ')}`.toLowerCase();
  return `<tbody class="g" id="g-${esc(g.id)}" data-family="${esc(g.family)}" data-verdict="${esc(g.verdict)}" data-provenance="${esc(g.provenance)}" data-level="${esc(g.level)}" data-change="${esc(change)}" data-text="${esc(text)}">
<tr class="row"><td><a href="#g-${esc(g.id)}" class="gid">${esc(g.id)}</a></td><td>${esc(g.level)}</td><td>${esc(g.provenance)}</td><td>${badge(g.verdict)} ${mark}</td><td>${g.trend ? trendSvg(g.trend) : ''}</td><td class="short">${esc(g.statement.length > 140 ? `${g.statement.slice(0, 137)}…` : g.statement)}</td></tr>
<tr class="detail"><td colspan="6"><details${g.verdict === 'failed' || g.verdict === 'flaky' ? ' open' : ''}><summary>details</summary>${body}</details></td></tr>
</tbody>`;
}

const CSS = `
:root{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;font-size:14px;color:#222}
body{margin:0 auto;max-width:1400px;padding:16px}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:20px 0 8px}h6{margin:6px 0 2px;font-size:12px}
.muted{color:#666}.banner{padding:10px 12px;border-radius:6px;margin:10px 0;font-weight:600}
.ok{background:#e8f5e9;border:1px solid #2e7d32}.bad{background:#ffebee;border:1px solid #c62828}.warn{background:#fff8e1;border:1px solid #ef6c00}
.chips span{display:inline-block;margin:2px 6px 2px 0;padding:2px 8px;border-radius:10px;background:#f2f2f2}
.badge{display:inline-block;padding:1px 7px;border-radius:9px;color:#fff;font-size:12px;white-space:nowrap}
${Object.entries(VERDICT_COLOURS)
  .map(([v, c]) => `.v-${v}{background:${c}}`)
  .join('')}
.filters{position:sticky;top:0;background:#fff;padding:8px 0;border-bottom:1px solid #ddd;z-index:2;display:flex;flex-wrap:wrap;gap:8px;align-items:center}
.filters select,.filters input{font-size:13px;padding:2px 4px}
table{border-collapse:collapse;width:100%}td,th{text-align:left;vertical-align:top;padding:4px 6px}
table.matrix>tbody.g>tr.row{border-top:1px solid #e5e5e5}table.matrix th{border-bottom:2px solid #ccc;font-size:12px}
tr.detail>td{padding:0 6px 4px 24px}tr.detail summary{color:#666;font-size:12px;cursor:pointer}
.short{color:#333}.gid{font-weight:600;text-decoration:none;color:#1a237e;white-space:nowrap}
pre{background:#f7f7f7;border:1px solid #e3e3e3;padding:6px;white-space:pre-wrap;word-break:break-all;max-height:360px;overflow:auto;font-size:12px;margin:2px 0}
.failure{border-left:3px solid #c62828;padding:4px 8px;margin:8px 0;background:#fffafa}
.pair{display:flex;gap:8px}.half{flex:1;min-width:0}.rec{margin:4px 0}.rec summary{cursor:pointer}
.viol{color:#c62828;margin:4px 0}.chg{font-size:11px;font-weight:700}.chg.down{color:#c62828}.chg.up{color:#2e7d32}
.fam td{padding:2px 8px}.fam tr:hover{background:#f5f5f5;cursor:pointer}.stmt{font-weight:500}
button.copy{font-size:11px;padding:0 6px;cursor:pointer}.legend span{margin-right:10px}
.legend i{display:inline-block;width:9px;height:9px;border-radius:2px;margin-right:3px;vertical-align:middle}
`;

const SCRIPT = `
(function(){
  var q=function(s){return document.querySelector(s)};
  var rows=[].slice.call(document.querySelectorAll('tbody.g'));
  function apply(){
    var f=q('#f-family').value,v=q('#f-verdict').value,p=q('#f-provenance').value,l=q('#f-level').value,c=q('#f-change').checked,t=q('#f-text').value.toLowerCase().trim();
    var n=0;rows.forEach(function(r){var d=r.dataset;var ok=(!f||d.family===f)&&(!v||d.verdict===v)&&(!p||d.provenance===p)&&(!l||d.level===l)&&(!c||d.change)&&(!t||d.text.indexOf(t)>=0);r.style.display=ok?'':'none';if(ok)n++;});
    q('#f-count').textContent=n+' of '+rows.length+' guarantees';
  }
  ['#f-family','#f-verdict','#f-provenance','#f-level','#f-change','#f-text'].forEach(function(s){q(s).addEventListener('input',apply);q(s).addEventListener('change',apply);});
  [].slice.call(document.querySelectorAll('.fam tr[data-family]')).forEach(function(tr){tr.addEventListener('click',function(){q('#f-family').value=tr.dataset.family;apply();});});
  q('#f-reset').addEventListener('click',function(){['#f-family','#f-verdict','#f-provenance','#f-level','#f-text'].forEach(function(s){q(s).value='';});q('#f-change').checked=false;apply();});
  q('#f-expand').addEventListener('click',function(){var open=this.dataset.open!=='1';this.dataset.open=open?'1':'0';[].slice.call(document.querySelectorAll('tr.detail>td>details')).forEach(function(d){if(d.closest('tbody').style.display!=='none')d.open=open;});});
  document.addEventListener('click',function(e){var b=e.target;if(!b.classList||!b.classList.contains('copy'))return;var pre=b.parentNode.parentNode.querySelector('.copy-src');if(pre&&navigator.clipboard){navigator.clipboard.writeText(pre.textContent);b.textContent='copied';setTimeout(function(){b.textContent='copy'},1200);}});
  apply();
})();
`;

function options(values: readonly string[], label: (v: string) => string): string {
  return values.map((v) => `<option value="${esc(v)}">${esc(label(v))}</option>`).join('');
}

export function renderHtml(report: ConformanceReport): string {
  const gate = evaluateGate(report, { gate: true, strict: false });
  const t = report.totals;
  const famNames = new Map(report.families.map((f) => [f.id, f.name]));
  const verdicts = (['passed', 'failed', 'flaky', 'not-exercised', 'known-deviation'] as const).filter((v) => report.guarantees.some((g) => g.verdict === v));
  const runUrl = report.run.ci?.runUrl ? safeHref(report.run.ci.runUrl) : null;
  const changes = report.guarantees.filter((g) => g.trend?.change);
  const parts: string[] = [];
  parts.push(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">`);
  parts.push(`<title>Meshi conformance — ${esc(report.run.target.name)} — ${esc(t.passed)}/${esc(t.guarantees)} passed</title><style>${CSS}</style></head><body>`);
  parts.push(`<h1>Meshi Partner API v0 — conformance report</h1>`);
  parts.push(`<div class="muted">${esc(targetLine(report))} · started ${esc(report.run.startedAt)} · ${esc(Math.round(report.run.durationMs / 1000))} s${report.run.merged ? ' · merged from shards' : ''}${runUrl ? ` · <a href="${esc(runUrl)}" rel="noopener noreferrer">CI run</a>` : ''}</div>`);
  if (report.run.scope.partial) parts.push(`<div class="banner warn">Partial scope: only ${esc(report.run.scope.guarantees)} of ${esc(report.run.scope.catalogue)} guarantees were judged (${esc(report.run.scope.selection?.join(', '))}).</div>`);
  parts.push(
    gate.exitCode === 0
      ? `<div class="banner ok" id="gate" data-gate="passed">Release gate passed: every documented MUST guarantee passed without flaking.</div>`
      : `<div class="banner bad" id="gate" data-gate="failed">Release gate failed: ${gate.reasons.map(esc).join('; ')}</div>`,
  );
  for (const e of report.errors) parts.push(`<div class="banner bad">${e.kind === 'config' ? 'Configuration error' : 'Run error'}: ${esc(e.message)}</div>`);
  if (report.deviations.expired.length) parts.push(`<div class="banner bad">Expired known deviations (fail the run): ${report.deviations.expired.map((d) => `${esc(d.guarantee)} expired ${esc(d.expires)}`).join(', ')}</div>`);
  parts.push(
    `<div class="chips" id="totals"><span>${esc(t.guarantees)} guarantees</span><span>${badge('passed')} ${esc(t.passed)}</span><span>${badge('failed')} ${esc(t.failed)}</span><span>${badge('flaky')} ${esc(t.flaky)}</span><span>${badge('not-exercised')} ${esc(t.notExercised)}</span><span>${badge('known-deviation')} ${esc(t.knownDeviation)}</span><span>${esc(t.tests.total)} tests: ${esc(t.tests.passed)} passed, ${esc(t.tests.failed)} failed, ${esc(t.tests.flaky)} flaky, ${esc(t.tests.skipped)} skipped, ${esc(t.tests.transient)} transient</span></div>`,
  );
  if (changes.length) parts.push(`<p>Since the previous run: ${changes.map((g) => `<a href="#g-${esc(g.id)}">${esc(g.id)}</a> ${g.trend!.change === 'newly-failing' ? '<span class="chg down">▼ newly failing</span>' : '<span class="chg up">▲ newly passing</span>'}`).join(', ')}</p>`);
  parts.push(`<h2>Families</h2><table class="fam"><tbody>${report.families.map((f) => `<tr data-family="${esc(f.id)}"><td><b>${esc(f.id)}</b></td><td>${esc(f.name)}</td><td>${f.counts.passed ? `${badge('passed')} ${esc(f.counts.passed)}` : ''}</td><td>${f.counts.failed ? `${badge('failed')} ${esc(f.counts.failed)}` : ''}</td><td>${f.counts.flaky ? `${badge('flaky')} ${esc(f.counts.flaky)}` : ''}</td><td>${f.counts.notExercised ? `${badge('not-exercised')} ${esc(f.counts.notExercised)}` : ''}</td><td>${f.counts.knownDeviation ? `${badge('known-deviation')} ${esc(f.counts.knownDeviation)}` : ''}</td></tr>`).join('')}</tbody></table>`);
  parts.push(`<h2>Guarantees</h2>`);
  if (report.run.historyRuns > 0) parts.push(`<div class="legend muted">trend over ${esc(report.run.historyRuns)} earlier run(s) and this one (outlined): ${Object.entries(VERDICT_COLOURS).map(([v, c]) => `<span><i style="background:${c}"></i>${esc(v)}</span>`).join('')}</div>`);
  parts.push(`<div class="filters"><select id="f-family"><option value="">all families</option>${options(report.families.map((f) => f.id), (v) => `${v} ${famNames.get(v) ?? ''}`)}</select>`);
  parts.push(`<select id="f-verdict"><option value="">all verdicts</option>${options(verdicts, (v) => LABEL[v as Verdict])}</select>`);
  parts.push(`<select id="f-provenance"><option value="">any provenance</option>${options(['documented', 'observed', 'provisional'], (v) => v)}</select>`);
  parts.push(`<select id="f-level"><option value="">MUST + SHOULD</option>${options(['MUST', 'SHOULD'], (v) => v)}</select>`);
  parts.push(`<label><input type="checkbox" id="f-change"> changes only</label><input id="f-text" type="search" placeholder="search id, sentence, test"><button type="button" id="f-reset">reset</button><button type="button" id="f-expand">expand/collapse</button><span id="f-count" class="muted"></span></div>`);
  parts.push(`<table class="matrix"><thead><tr><th>id</th><th>level</th><th>provenance</th><th>verdict</th><th>trend</th><th>guarantee</th></tr></thead>`);
  parts.push(report.guarantees.map(guaranteeHtml).join('\n'));
  parts.push(`</table>`);
  parts.push(`<p class="muted">Keys appear as <code>$MESHI_…</code> placeholders: export them in your shell to run a curl line. Generated ${esc(report.run.finishedAt)}, run ${esc(report.run.id)}.</p>`);
  parts.push(`<script>${SCRIPT.replace(/<\//g, '<\\/')}</script></body></html>`);
  return parts.join('\n');
}
