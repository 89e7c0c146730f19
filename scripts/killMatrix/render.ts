// The kill matrix as a console table and as one self-contained HTML page (fault × guarantee): per
// fault its description, outcome, time, the guarantees it broke besides its own (collateral, when
// the matrix records it) and a link to that fault's own conformance report (runs/<fault>/); then
// the clean baseline and the sensitivity per guarantee (killed / injected).
import { faultCatalogue } from '../../mock/faults/catalogue';
import type { FaultResult, KillMatrix, Sensitivity } from './types';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Guarantees broken beyond the declared one and the allowed ones, when the matrix records them. */
function collateralOf(r: FaultResult): string[] | null {
  const c = (r as FaultResult & { collateral?: unknown }).collateral;
  return Array.isArray(c) ? c.filter((x): x is string => typeof x === 'string') : null;
}

const ratio = (score: number | null) => (score === null ? '–' : `${(score * 100).toFixed(0)} %`);

/** The guarantees worth a look: those whose faults were not all killed, and documented ones no fault declares. */
function weakSpots(s: Sensitivity | undefined): string[] {
  if (!s) return [];
  const weak = s.guarantees.filter((g) => g.injected > 0 && g.killed < g.injected).map((g) => `${g.id} ${g.killed}/${g.injected}`);
  return [
    ...(weak.length ? [`sensitivity below 100 %: ${weak.join(', ')}`] : []),
    ...(s.documentedWithoutFault.length
      ? [`documented guarantees no catalogue fault declares (${s.documentedWithoutFault.length}): ${s.documentedWithoutFault.join(' ')}`]
      : []),
  ];
}

export function renderText(m: KillMatrix): string {
  const lines = m.faults.map((r) => {
    const others = r.failed.filter((g) => g !== r.guarantee);
    return `${r.outcome.padEnd(16)} ${r.fault.padEnd(34)} ${r.guarantee.padEnd(9)} ${(r.durationMs / 1000).toFixed(1).padStart(6)} s${others.length ? `  also failed: ${others.join(' ')}` : ''}${r.note ? `  (${r.note})` : ''}`;
  });
  const b = m.baseline;
  return [
    ...(b
      ? [
          `baseline ${b.alwaysOn.length ? `(with ${b.alwaysOn.join(', ')}) ` : ''}${(b.durationMs / 1000).toFixed(1)} s: ${b.problem ?? (b.failing.length ? `not passing: ${b.failing.join(' ')}` : 'clean')}`,
        ]
      : []),
    ...lines,
    '',
    ...weakSpots(m.sensitivity),
    `kill matrix (${m.mode}): ${m.killed}/${m.faults.length} killed (${(m.killRate * 100).toFixed(1)} %), ` +
      `${m.collateral?.length ?? 0} collateral, ${m.misattributed.length} misattributed, ${m.survivors.length} survived, ${m.baselineFailing?.length ?? 0} baseline-failing, ` +
      `${m.flaky?.length ?? 0} flaky, ${m.inconclusive?.length ?? 0} inconclusive, ${m.errors.length} errors, ${(m.durationMs / 1000).toFixed(0)} s`,
  ].join('\n');
}

function sensitivityHtml(s: Sensitivity | undefined): string {
  if (!s) return '';
  const rows = s.guarantees
    .filter((g) => g.catalogueFaults > 0 || g.provenance === 'documented')
    .map((g) => {
      const cls = g.score === null ? (g.catalogueFaults ? '' : 'bad') : g.score < 1 ? 'bad' : '';
      const faults = g.faults.map((f) => `${esc(f.fault)} (${esc(f.outcome)})`).join(', ');
      return `<tr><th scope="row">${esc(g.id)}</th><td>${esc(g.provenance)}</td><td>${g.catalogueFaults}</td><td>${g.injected}</td><td>${g.killed}</td><td>${g.survived}</td><td>${g.other}</td><td class="${cls}">${ratio(g.score)}</td><td class="desc">${faults}</td></tr>`;
    })
    .join('\n');
  return `<h2>Sensitivity per guarantee</h2>
<p>Score: faults killed / faults injected. Documented guarantees no catalogue fault declares: ${esc(s.documentedWithoutFault.join(', ') || 'none')}.</p>
<div class="scroll"><table><thead><tr><th scope="col">guarantee</th><th scope="col">provenance</th><th scope="col">catalogue faults</th><th scope="col">injected</th><th scope="col">killed</th><th scope="col">survived</th><th scope="col">other</th><th scope="col">score</th><th scope="col">faults</th></tr></thead><tbody>
${rows}
</tbody></table></div>`;
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
tr.survived th a,tr.misattributed th a,tr.error th a,tr.baseline-failing th a,tr.flaky th a,tr.inconclusive th a{color:#b71c1c;font-weight:bold}</style></head><body>
<h1>Fault kill matrix</h1>
<p>${m.killed}/${m.faults.length} faults killed (${(m.killRate * 100).toFixed(1)} %); misattributed: ${esc(m.misattributed.join(', ') || 'none')}; survived: ${esc(m.survivors.join(', ') || 'none')}; baseline-failing: ${esc(m.baselineFailing?.join(', ') || 'none')}; flaky: ${esc(m.flaky?.join(', ') || 'none')}; inconclusive: ${esc(m.inconclusive?.join(', ') || 'none')}; errors: ${esc(m.errors.join(', ') || 'none')}. Mode: ${esc(m.mode)}; ${(m.durationMs / 1000).toFixed(0)} s; ${esc(m.generatedAt)}.</p>
<p>Baseline (the same plan without the fault${m.baseline?.alwaysOn.length ? `, with ${esc(m.baseline.alwaysOn.join(', '))} on` : ''}): ${m.baseline ? esc(m.baseline.problem ?? (m.baseline.failing.length ? `not passing: ${m.baseline.failing.join(', ')}` : 'every guarantee passed or was not exercised')) : 'none recorded'}. A fault is killed only when its guarantee failed through a violation with it and passed on the baseline.</p>
<p>Green ✕: the fault's declared guarantee failed (killed). Red ○: it did not. Amber ✕: another guarantee failed too${hasCollateral ? "; the collateral column lists those outside the fault's allowed list" : ''}. Each fault's name links to its own conformance report.</p>
<div class="scroll"><table><thead><tr><th scope="col">fault</th><th scope="col">outcome</th><th scope="col">time</th>${hasCollateral ? '<th scope="col">collateral</th>' : ''}${head}</tr></thead><tbody>
${rows}
</tbody></table></div>
${sensitivityHtml(m.sensitivity)}</body></html>
`;
}
