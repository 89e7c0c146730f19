// One request/response record and one failing test, as report.html shows them: the pair side by
// side (stacked on narrow screens), each size stated once in its heading, the curl line over
// `$MESHI_BASE_URL`, the replay line of the test.

import { isTruncated } from '../harness/http/reproduce';
import { copyBlock, esc } from './htmlText';
import { recordCurl, testReplay } from './reproduction';
import type { ConformanceReport, FullRecord, ReportFailure } from './types';

function headers(h: Readonly<Record<string, string>>): string {
  return Object.entries(h)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');
}

/** The body without its truncation marker (the heading says it was cut), pretty-printed when JSON. */
function shownBody(body: string | null): { text: string; cut: boolean } {
  if (body === null || body === '') return { text: '', cut: false };
  const cut = isTruncated(body);
  const text = cut ? body.replace(/… \[[^\]]*\]$/, '…') : body;
  try {
    return { text: JSON.stringify(JSON.parse(text), null, 2), cut };
  } catch {
    return { text, cut };
  }
}

function size(bytes: number, cut: boolean): string {
  return `${bytes} bytes${cut ? ', cut in this report' : ''}`;
}

export function recordHtml(r: FullRecord, open: boolean): string {
  const status = r.status ?? r.error ?? 'no response';
  const corr = [
    r.correlationId.sent ? `sent ${r.correlationId.sent}` : null,
    r.correlationId.received && r.correlationId.received !== r.correlationId.sent ? `received ${r.correlationId.received}` : null,
  ]
    .filter(Boolean)
    .join(', ');
  const viol = r.violations.length
    ? `<ul class="viol">${r.violations.map((v) => `<li>${esc(`[${v.guarantee}] ${v.message}`)}</li>`).join('')}</ul>`
    : '';
  const req = shownBody(r.request.body);
  const res = shownBody(r.response?.body ?? null);
  const reqHtml = `<div class="half"><h6>request${r.operationId ? ` ${esc(r.operationId)}` : ''}${r.request.body !== null ? ` (${size(r.request.bodyBytes, req.cut)})` : ''}</h6><pre>${esc(`${r.method} ${r.url}`)}\n${esc(headers(r.request.headers))}${req.text ? `\n\n${esc(req.text)}` : ''}</pre></div>`;
  const resHtml = r.response
    ? `<div class="half"><h6>response ${esc(r.status)} (${size(r.response.bodyBytes, res.cut)})</h6><pre>${esc(headers(r.response.headers))}${res.text ? `\n\n${esc(res.text)}` : ''}</pre></div>`
    : `<div class="half"><h6>no response</h6><pre>${esc(r.error ?? '')}</pre></div>`;
  return `<details class="rec"${open ? ' open' : ''}><summary><code>#${esc(r.n)} ${r.setup ? 'setup ' : ''}${esc(r.method)} ${esc(r.url)} → ${esc(status)}</code>${r.label ? ` <i>${esc(r.label)}</i>` : ''}${corr ? ` <span class="muted">corr ${esc(corr)}</span>` : ''}</summary>
${viol}<div class="pair">${reqHtml}${resHtml}</div>${copyBlock('curl reproduction', recordCurl(r), 'curl')}</details>`;
}

export function failureHtml(report: ConformanceReport, f: ReportFailure, own: boolean): string {
  const firstViolating = f.records.findIndex((r) => r.violations.length > 0);
  const open = firstViolating >= 0 ? firstViolating : f.records.length - 1;
  return `<div class="failure"><div><b>${f.flaky ? 'flaky' : 'failed'}</b>${own ? ' (its own test)' : ''} in <code>${esc(f.file)}:${esc(f.line)}</code> — ${esc(f.testTitle)}</div>
<pre class="msg">${esc(f.messages.join('\n\n'))}</pre>
${f.correlationIds.length ? `<div>correlation ids: ${f.correlationIds.map((c) => `<code>${esc(c)}</code>`).join(' ')}</div>` : ''}
${copyBlock('replay', testReplay(report, { file: f.file, title: f.testTitle, replay: f.replay }), 'replay')}
${f.records.map((r, i) => recordHtml(r, i === open)).join('\n')}</div>`;
}
