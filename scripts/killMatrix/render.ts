// The kill matrix as a console table and as one self-contained HTML page (fault × guarantee).
import type { KillMatrix } from './run';

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

export function renderText(m: KillMatrix): string {
  const lines = m.faults.map((r) => {
    const others = r.failed.filter((g) => g !== r.guarantee);
    return `${r.outcome.padEnd(13)} ${r.fault.padEnd(34)} ${r.guarantee.padEnd(9)} ${(r.durationMs / 1000).toFixed(1).padStart(6)} s${others.length ? `  also failed: ${others.join(' ')}` : ''}${r.note ? `  (${r.note})` : ''}`;
  });
  return [
    ...lines,
    '',
    `kill matrix (${m.mode}): ${m.killed}/${m.faults.length} killed (${(m.killRate * 100).toFixed(1)} %), ` +
      `${m.misattributed.length} misattributed, ${m.survivors.length} survived, ${m.errors.length} errors, ${(m.durationMs / 1000).toFixed(0)} s`,
  ].join('\n');
}

export function renderHtml(m: KillMatrix): string {
  const guarantees = [...new Set(m.faults.flatMap((r) => [r.guarantee, ...r.failed]))].sort();
  const head = guarantees.map((g) => `<th class="g"><span>${esc(g)}</span></th>`).join('');
  const rows = m.faults
    .map((r) => {
      const cells = guarantees
        .map((g) => {
          const failed = r.failed.includes(g);
          const declared = g === r.guarantee;
          const cls = declared ? (failed ? 'kill' : 'miss') : failed ? 'other' : '';
          return `<td class="${cls}" title="${esc(`${r.fault} → ${g}${declared ? ' (declared)' : ''}${failed ? ' failed' : ''}`)}">${failed ? '✕' : declared ? '○' : ''}</td>`;
        })
        .join('');
      return `<tr class="${r.outcome}"><th>${esc(r.fault)}</th><td>${esc(r.outcome)}</td><td>${(r.durationMs / 1000).toFixed(1)} s</td>${cells}</tr>`;
    })
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Fault kill matrix</title><style>
body{font:13px system-ui,sans-serif;margin:1.5rem}table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:2px 5px;text-align:center}
th.g{height:80px;white-space:nowrap;vertical-align:bottom}th.g span{writing-mode:vertical-rl;transform:rotate(180deg)}
tbody th{text-align:left;font-weight:normal}.kill{background:#2e7d32;color:#fff}.miss{background:#c62828;color:#fff}.other{background:#f9a825}
tr.survived th,tr.misattributed th,tr.error th{color:#c62828;font-weight:bold}</style></head><body>
<h1>Fault kill matrix</h1>
<p>${m.killed}/${m.faults.length} faults killed (${(m.killRate * 100).toFixed(1)} %); misattributed: ${esc(m.misattributed.join(', ') || 'none')}; survived: ${esc(m.survivors.join(', ') || 'none')}; errors: ${esc(m.errors.join(', ') || 'none')}. Mode: ${m.mode}; ${(m.durationMs / 1000).toFixed(0)} s; ${esc(m.generatedAt)}.</p>
<p>Green ✕: the fault's declared guarantee failed (killed). Red ○: it did not. Amber ✕: another guarantee failed too.</p>
<table><thead><tr><th>fault</th><th>outcome</th><th>time</th>${head}</tr></thead><tbody>
${rows}
</tbody></table></body></html>
`;
}
