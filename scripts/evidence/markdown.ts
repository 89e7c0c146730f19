// evidence.md: what the runs confirmed, contradicted or never showed, what the target did that the
// contract lacks, and how to review and apply the proposal.

import type { EvidenceFile } from './file';
import type { ElementKind } from './ledger';

const KINDS: readonly ElementKind[] = ['guarantee', 'status', 'error-code', 'parameter-code', 'field', 'header', 'limit'];
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function names(items: readonly string[], max = 40): string {
  return items.slice(0, max).join(', ') + (items.length > max ? ` and ${items.length - max} more` : '');
}

export function renderEvidence(e: EvidenceFile): string {
  const out: string[] = [];
  const c = e.counts;
  out.push(`# Contract evidence — ${e.target}`, '');
  if (e.target === 'mock') out.push('> Target `mock`: the bundled mock implements the contract\'s decisions (and the harness raises its rate limit), so this evidence says nothing about the real API — use it to rehearse the loop only.', '');
  out.push(`${e.runs.length} run(s) from ${e.runs[0]?.date ?? '–'} to ${e.runs[e.runs.length - 1]?.date ?? '–'}, ${e.figures.exchanges} exchanges. Provisional elements: **${c.confirmed} confirmed**, **${c.contradicted} contradicted**, ${c.unobserved} unobserved; ${c.undeclared} undeclared behaviour(s).`, '');
  out.push('| kind | confirmed | contradicted | unobserved |', '|---|---|---|---|');
  for (const k of KINDS) {
    const b = c.byKind[k];
    if (b) out.push(`| ${k} | ${b.confirmed} | ${b.contradicted} | ${b.unobserved} |`);
  }
  out.push('');

  const contradicted = e.elements.filter((x) => x.verdict === 'contradicted');
  out.push(`## Contradicted (${contradicted.length})`, '');
  if (contradicted.length) {
    out.push('| element | declared | observed | how often | runs | examples (correlation IDs) | proposal |', '|---|---|---|---|---|---|---|');
    for (const x of contradicted) out.push(`| ${cell(x.name)} | ${cell(x.declared.slice(0, 120))} | ${cell(x.observed ?? '')} | ${x.exchanges} | ${x.runs} (${x.first}…${x.last}) | ${x.examples.join(', ')} | ${x.proposed ? 'changed to observed' : 'review by hand'} |`);
  } else out.push('None.');
  out.push('');

  out.push(`## Undeclared (${e.undeclared.length})`, '', 'What the target did that the contract does not declare.', '');
  if (e.undeclared.length) {
    out.push('| kind | where | observed | count | runs | examples | proposal |', '|---|---|---|---|---|---|---|');
    for (const u of e.undeclared) out.push(`| ${u.kind} | ${cell(u.name)} | ${cell(u.observed)} | ${u.count} | ${u.runs} | ${u.examples.join(', ')} | ${u.proposed ? 'added as observed' : 'listed only'} |`);
  } else out.push('None.');
  out.push('');

  const confirmed = e.elements.filter((x) => x.verdict === 'confirmed');
  out.push(`## Confirmed (${confirmed.length})`, '', 'Observed as decided; the proposal marks them `x-meshi-provenance: observed`.', '');
  for (const k of KINDS) {
    const xs = confirmed.filter((x) => x.kind === k);
    if (xs.length) out.push(`- **${k}** (${xs.length}): ${names(xs.map((x) => `${x.name} (${x.exchanges}×/${x.runs} run${x.runs === 1 ? '' : 's'})`))}`);
  }
  out.push('');

  const unobserved = e.elements.filter((x) => x.verdict === 'unobserved');
  out.push(`## Unobserved (${unobserved.length})`, '', 'No run showed them: still provisional.', '');
  for (const k of KINDS) {
    const xs = unobserved.filter((x) => x.kind === k);
    if (xs.length) out.push(`- **${k}** (${xs.length}): ${names(xs.map((x) => x.name))}`);
  }
  out.push('');

  const f = e.figures;
  out.push('## Observed figures', '');
  out.push(`- run created → finished: ${f.runDurationMs.count} run(s), ${f.runDurationMs.min ?? '–'}–${f.runDurationMs.max ?? '–'} ms; statuses seen: ${Object.entries(f.runStatuses).map(([k, n]) => `${k} ${n}`).join(', ') || '–'}`);
  out.push(`- default page size (full pages): ${Object.entries(f.defaultFullPageSizes).map(([k, n]) => `${k} (${n}×)`).join(', ') || '–'}; limit accepted ${f.pageLimitAccepted.min ?? '–'}–${f.pageLimitAccepted.max ?? '–'}, rejected ${f.pageLimitRejected.join(', ') || '–'}`);
  out.push(`- request bodies: largest accepted ${f.bodyBytes.largestAccepted ?? '–'} bytes, smallest rejected (413) ${f.bodyBytes.smallestRejected ?? '–'}`);
  out.push(`- RateLimit-Policy: ${Object.entries(f.rateLimitPolicies).map(([k, n]) => `\`${k}\` (${n}×)`).join(', ') || '–'}`);
  out.push('');

  out.push('## Proposal', '');
  if (e.proposal.edits) {
    out.push(`\`${e.proposal.patch}\`: ${e.proposal.edits} edit(s) to ${e.proposal.files.join(' and ')}. Review it, then from the repository root:`, '');
    out.push('```sh', `git apply ${e.proposal.patch}`, 'npm run generate && npm run conformance   # against the same target', '```');
  } else out.push('Nothing to change.');
  out.push('');
  return out.join('\n');
}
