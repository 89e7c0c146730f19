// report.html's stylesheet. Colours meet WCAG AA (4.5:1) for text; the sticky filter bar's height
// is kept in --bar by the script so anchors land below it; below 640 px the page reflows to one
// column and wide content scrolls inside its own box, never the page.

import { VERDICT_COLOURS } from './trend';

export const CSS = `
:root{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;font-size:14px;color:#1f1f1f;--bar:64px}
html{scroll-padding-top:var(--bar)}
body{margin:0 auto;max-width:1400px;padding:16px;overflow-wrap:break-word}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:20px 0 8px}h6{margin:6px 0 2px;font-size:12px}
a{color:#0b3d91}.muted{color:#595959}
.banner{padding:10px 12px;border-radius:6px;margin:10px 0}
.banner b{font-size:16px}.banner ul{margin:4px 0 0;padding-left:20px}
.ok{background:#e8f5e9;border:2px solid #2e7d32;color:#1b3d1e}.bad{background:#ffebee;border:2px solid #c62828;color:#5f1111}.warn{background:#fff8e1;border:1px solid #a04800;color:#4a2a00}
.chips>span{display:inline-block;margin:2px 6px 2px 0;padding:2px 8px;border-radius:10px;background:#f2f2f2;color:#1f1f1f}
.badge{display:inline-block;padding:1px 7px;border-radius:9px;color:#fff;font-size:12px;white-space:nowrap}
${Object.entries(VERDICT_COLOURS)
  .map(([v, c]) => `.v-${v}{background:${c}}`)
  .join('')}
#triage{border:2px solid #c62828;border-radius:6px;padding:4px 12px 8px;margin:12px 0}
#triage.clean{border-color:#2e7d32}
#triage ol{padding-left:22px;margin:6px 0}.cause{margin:0 0 12px}.cause>.line{font-weight:600}
.filters{position:sticky;top:0;background:#fff;padding:8px 0;border-bottom:1px solid #ccc;z-index:2;display:flex;flex-wrap:wrap;gap:8px;align-items:center}
.filters select,.filters input,.filters button{font-size:13px;padding:2px 4px;max-width:100%}
:focus-visible{outline:3px solid #0b3d91;outline-offset:1px}
table{border-collapse:collapse;width:100%}td,th{text-align:left;vertical-align:top;padding:4px 6px}
.scroll{overflow-x:auto;max-width:100%}
table.matrix>tbody.g>tr.row{border-top:1px solid #e0e0e0}table.matrix th{border-bottom:2px solid #bbb;font-size:12px}
tbody.g,tr.row,.cause{scroll-margin-top:var(--bar)}
tbody.g.target>tr.row{background:#fff8c4}
tr.detail>td{padding:0 6px 4px 24px}tr.detail summary{color:#595959;font-size:12px;cursor:pointer}
.gid{font-weight:600;text-decoration:none;white-space:nowrap}
pre{background:#f7f7f7;border:1px solid #e3e3e3;padding:6px;white-space:pre-wrap;overflow-wrap:anywhere;max-height:240px;overflow:auto;font-size:12px;margin:2px 0}
code{overflow-wrap:anywhere}
.failure{border-left:3px solid #c62828;padding:4px 8px;margin:8px 0;background:#fffafa}
.pair{display:flex;gap:8px}.half{flex:1;min-width:0}.rec{margin:4px 0}.rec summary{cursor:pointer}
.viol{color:#b71c1c;margin:4px 0}.chg{font-size:11px;font-weight:700}.chg.down{color:#b71c1c}.chg.up{color:#1b5e20}
.fam button{font:inherit;font-weight:700;border:1px solid #888;background:#fff;border-radius:4px;padding:1px 6px;cursor:pointer}
.fam button[aria-pressed=true]{background:#0b3d91;color:#fff;border-color:#0b3d91}.fam tr.on{background:#e8eefc}
button.copy{font-size:11px;padding:0 6px;cursor:pointer}.legend span{margin-right:10px;white-space:nowrap}
.legend i{display:inline-block;width:9px;height:9px;border-radius:2px;margin-right:3px;vertical-align:middle}
@media (max-width:640px){body{padding:8px}.filters{position:static}html{scroll-padding-top:0}tbody.g,tr.row,.cause{scroll-margin-top:0}
.pair{flex-direction:column}.narrow-hide{display:none}tr.detail>td{padding-left:4px}}
`;
