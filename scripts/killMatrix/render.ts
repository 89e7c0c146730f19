// The kill matrix as a console table and as one self-contained HTML page (fault × guarantee): per
// fault its description, outcome, time, the guarantees it broke besides its own (collateral, when
// the matrix records it) and a link to that fault's own conformance report (runs/<fault>/).
import { faultCatalogue } from '../../mock/faults/catalogue';
import type { FaultResult, KillMatrix } from './run';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Guarantees broken beyond the declared one and the allowed ones, when the matrix records them. */
function collateralOf(r: FaultResult): string[] | null {
  const c = (r as FaultResult & { collateral?: unknown }).collateral;
  return Array.isArray(c) ? c.filter((x): x is string => typeof x === 'string') : null;
}

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
  const descriptions = new Map(faultCatalogue.map((f) => [f.name, f.description]));
  const guarantees = [...new Set(m.faults.flatMap((r) => [r.guarantee, ...r.failed]))].sort();
  const hasCollateral = m.faults.some((r) => collateralOf(r) !== null);
  const head = guarantees.map((g) => `<th class="g" scope="col"><span>${esc(g)}</span></th>`).join('');
  const rows = m.faults
    .map((r) => {
      const cells = guarantees
        .map((g) => {
          const failed = r.failed.includes(g);
          const declared = g === r.guarantee;
          const cls = declared ? (failed ? 'kill' : 'miss') : failed ? 'other' : '';
          const label = `${r.fault} → ${g}${declared ? ' (declared)' : ''}${failed ? ' failed' : ''}`;
          return `<td class="${cls}" title="${esc(label)}">${failed ? '✕' : declared ? '○' : ''}</td>`;
        })
        .join('');
      const collateral = collateralOf(r);
      const report = `runs/${encodeURIComponent(r.fault)}/report.html`;
      return `<tr class="${esc(r.outcome)}"><th scope="row" class="fault"><a href="${esc(report)}">${esc(r.fault)}</a><div class="desc">${esc(descriptions.get(r.fault) ?? '')}</div></th><td>${esc(r.outcome)}</td><td>${(r.durationMs / 1000).toFixed(1)} s</td>${hasCollateral ? `<td class="${collateral?.length ? 'bad' : ''}">${esc(collateral === null ? '?' : collateral.join(', ') || 'none')}</td>` : ''}${cells}</tr>`;
    })
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Fault kill matrix</title><style>
body{font:13px system-ui,sans-serif;margin:1rem;color:#1f1f1f}.scroll{overflow-x:auto;max-width:100%}table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:2px 5px;text-align:center}
th.g{height:80px;white-space:nowrap;vertical-align:bottom}th.g span{writing-mode:vertical-rl;transform:rotate(180deg)}
th.fault{text-align:left;font-weight:normal;min-width:16rem;max-width:28rem}.desc{color:#595959;font-size:12px}a{color:#0b3d91}
.kill{background:#2e7d32;color:#fff}.miss{background:#c62828;color:#fff}.other{background:#f9a825;color:#1f1f1f}.bad{color:#b71c1c;font-weight:bold}
tr.survived th a,tr.misattributed th a,tr.error th a{color:#b71c1c;font-weight:bold}</style></head><body>
<h1>Fault kill matrix</h1>
<p>${m.killed}/${m.faults.length} faults killed (${(m.killRate * 100).toFixed(1)} %); misattributed: ${esc(m.misattributed.join(', ') || 'none')}; survived: ${esc(m.survivors.join(', ') || 'none')}; errors: ${esc(m.errors.join(', ') || 'none')}. Mode: ${esc(m.mode)}; ${(m.durationMs / 1000).toFixed(0)} s; ${esc(m.generatedAt)}.</p>
<p>Green ✕: the fault's declared guarantee failed (killed). Red ○: it did not. Amber ✕: another guarantee failed too${hasCollateral ? '; the collateral column lists those outside the fault\'s allowed list' : ''}. Each fault's name links to its own conformance report.</p>
<div class="scroll"><table><thead><tr><th scope="col">fault</th><th scope="col">outcome</th><th scope="col">time</th>${hasCollateral ? '<th scope="col">collateral</th>' : ''}${head}</tr></thead><tbody>
${rows}
</tbody></table></div></body></html>
`;
}
