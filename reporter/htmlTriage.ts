// The triage section, above everything else but the headline: what broke, most-touching root
// cause first (the JSON's `rootCauses`, grouped by reporter/rootCauses.ts; nothing is regrouped
// here). Each cause: its one line, the operation, the best request/response pair, the replay line.
// A report without root causes lists its failing guarantees instead, documented MUST first.

import { isDocumentedMust } from './gate';
import { recordHtml } from './htmlRecord';
import { copyBlock, esc, foldedList, LABEL, linkIds } from './htmlText';
import { runContext, testReplay } from './reproduction';
import type { ConformanceReport, GuaranteeResult, RootCause, RootCauseTest } from './types';

const SHOWN_CAUSES = 8;

function testList(tests: readonly RootCauseTest[]): string {
  return `<ul>${tests.map((t) => `<li><code>${esc(t.file)}:${esc(t.line)}</code> ${esc(t.title)}</li>`).join('')}</ul>`;
}

function causeHtml(report: ConformanceReport, c: RootCause, i: number, known: ReadonlySet<string>): string {
  const first = c.tests[0];
  const where = [c.operationId ? `<code>${esc(c.operationId)}</code>` : null, c.request ? `<code>${esc(c.request)}</code>` : null]
    .filter(Boolean)
    .join(' ');
  const tests =
    c.tests.length || c.blocked.length
      ? `<details class="more"><summary>${c.tests.length} test(s) hit it${c.blocked.length ? `, ${c.blocked.length} blocked by it` : ''}</summary>${c.tests.length ? testList(c.tests) : ''}${c.blocked.length ? `<h6>blocked (not exercised)</h6>${testList(c.blocked)}` : ''}</details>`
      : '';
  return `<li class="cause" id="cause-${i + 1}" data-guarantee="${esc(c.guarantee)}"><div class="line">${linkIds(c.summary, known)}</div>
<div class="muted">${where ? `${where} · ` : ''}observed ${esc(c.observed)}, expected ${esc(c.expected)} · ${esc(c.occurrences)} occurrence(s) · guarantees ${linkIds(c.guarantees.join(', '), known)}</div>
${first ? copyBlock('replay', testReplay(report, first), 'replay') : ''}
${tests}
${c.correlationIds.length ? `<div>correlation ids: ${c.correlationIds.map((x) => `<code>${esc(x)}</code>`).join(' ')}</div>` : ''}
${c.example ? recordHtml(c.example, true) : ''}</li>`;
}

function guaranteeLine(report: ConformanceReport, g: GuaranteeResult, known: ReadonlySet<string>): string {
  const own = g.failures.find((f) => g.tests.some((t) => t.id === f.testId && t.declared)) ?? g.failures[0];
  const message = own?.messages[0]?.split('\n')[0] ?? '';
  return `<li class="cause" data-guarantee="${esc(g.id)}"><div class="line"><a href="#g-${esc(g.id)}">${esc(g.id)}</a> ${esc(LABEL[g.verdict])}${message ? ` — ${linkIds(message, known)}` : ''}</div>
${own ? copyBlock('replay', testReplay(report, { file: own.file, title: own.testTitle, replay: own.replay }), 'replay') : ''}</li>`;
}

function howTo(report: ConformanceReport): string {
  const ctx = runContext(report);
  const faults = ctx.mockFaults.length ? `MOCK_FAULTS=${ctx.mockFaults.join(',')} ` : '';
  const curl =
    ctx.target === 'bundled-mock'
      ? `curl lines: start a mock with <code>${esc(faults)}npm run mock -- --port 0</code>, export <code>MESHI_BASE_URL</code> (the <code>MOCK_URL</code> it prints) and the keys it prints as <code>MESHI_PARTNER_KEY</code>…`
      : `curl lines: export <code>MESHI_BASE_URL</code> (the target's root, without the API base path${ctx.targetUrl ? `: <code>${esc(ctx.targetUrl)}</code>` : ''}) and your keys as <code>MESHI_PARTNER_KEY</code>…`;
  const replay =
    ctx.target === 'bundled-mock'
      ? `replay lines start the bundled mock themselves, with the run's ${ctx.mockFaults.length ? `mock faults (${esc(ctx.mockFaults.join(', '))}), ` : ''}seed and namespace`
      : 'replay lines name the target, seed and namespace; the keys come from your environment';
  return `<p class="muted">To reproduce: ${replay}; ${curl}; run them from this report's folder (long request bodies are in <code>bodies/</code>).</p>`;
}

export function triageHtml(report: ConformanceReport): string {
  const known = new Set(report.guarantees.map((g) => g.id));
  const failing = report.guarantees.filter((g) => g.verdict === 'failed' || g.verdict === 'flaky');
  if (!report.rootCauses.length && !failing.length)
    return `<section id="triage" class="clean"><h2>What broke</h2><p>Nothing: no guarantee failed or flaked in this run.</p></section>`;
  if (report.rootCauses.length) {
    const causes = report.rootCauses.map((c, i) => causeHtml(report, c, i, known));
    return `<section id="triage"><h2>What broke: ${report.rootCauses.length} root cause(s), most-touching first</h2>${howTo(report)}${foldedList(causes, SHOWN_CAUSES, 'root cause(s)')}</section>`;
  }
  const ordered = [...failing.filter((g) => isDocumentedMust(g)), ...failing.filter((g) => !isDocumentedMust(g))];
  const lines = ordered.map((g) => guaranteeLine(report, g, known));
  return `<section id="triage"><h2>What broke: ${failing.length} guarantee(s) failed or flaky</h2><p class="muted">This report carries no root-cause grouping: one line per failing guarantee, documented MUST first.</p>${howTo(report)}${foldedList(lines, SHOWN_CAUSES, 'failing guarantee(s)')}</section>`;
}
