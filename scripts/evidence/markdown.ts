// evidence.md: which runs counted and which were ignored (and why), what the runs confirmed, saw
// below the thresholds, contradicted or never showed, what the target did that the contract lacks,
// and how to review and apply the proposal. A rehearsal says so in its title and banner.

import type { Element, ElementKind, EvidenceFile } from './types';

const KINDS: readonly ElementKind[] = ['guarantee', 'status', 'error-code', 'parameter-code', 'body-code', 'field', 'header', 'limit'];
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

const counts = (x: Element) =>
  `${x.name} (${x.exchanges}×/${x.runs} run${x.runs === 1 ? '' : 's'}/${x.days} day${x.days === 1 ? '' : 's'})`;

function names(items: readonly string[], max = 40): string {
  return items.slice(0, max).join(', ') + (items.length > max ? ` and ${items.length - max} more` : '');
}

/** The title, the rehearsal banner and which runs counted or were ignored; false when none counted. */
function runsSection(e: EvidenceFile, out: string[]): boolean {
  out.push(`# ${e.rehearsal ? 'REHEARSAL — ' : ''}Contract evidence — ${e.target}`, '');
  if (e.rehearsal)
    out.push(
      "> **REHEARSAL.** Runs of the bundled mock (or another local server), for the project's own tests: the mock implements the contract's decisions and the harness tells it its limits, so none of this is evidence about a real target. `--apply-to` refuses this proposal.",
      '',
    );
  out.push('## Runs', '');
  out.push(
    `${e.runs.length} run(s) counted${e.runs.length ? ` from ${e.runs[0]!.date} to ${e.runs[e.runs.length - 1]!.date}` : ''}, ${e.figures.exchanges} exchanges; ${e.ignoredRuns.length} ignored.`,
    '',
  );
  for (const i of e.ignoredRuns) out.push(`- ignored: ${i.reason} — \`${i.dir}\``);
  if (e.ignoredRuns.length) out.push('');
  if (!e.runs.length) {
    out.push(
      'Nothing to learn: only whole runs (no `--guarantees`, `--grep`, spec files or lone shard), without mock faults, of a remote target count' +
        (e.rehearsal ? ' (a rehearsal: of the bundled mock).' : '.'),
      '',
    );
    return false;
  }
  return true;
}

/** Verdicts by kind, with the thresholds that confirm. */
function countsSection(e: EvidenceFile, out: string[]): void {
  const c = e.counts;
  const t = e.thresholds;
  out.push(
    `Confirmed needs ${t.exchanges} consistent exchanges over ${t.runs} runs on ${t.days} distinct days (MESHI_EVIDENCE_MIN_*)${e.belowThreshold ? '; **these runs are below that**: nothing can be confirmed, and `--apply-to` refuses the proposal' : ''}. A contradiction wins at any count.`,
    '',
  );
  out.push(
    `Provisional elements: **${c.confirmed} confirmed**, ${c.seen} seen (not yet confirmed), **${c.contradicted} contradicted**, ${c.unobserved} unobserved; ${c.undeclared} undeclared behaviour(s).`,
    '',
  );
  out.push('| kind | confirmed | seen | contradicted | unobserved |', '|---|---|---|---|---|');
  for (const k of KINDS) {
    const b = c.byKind[k];
    if (b) out.push(`| ${k} | ${b.confirmed} | ${b.seen} | ${b.contradicted} | ${b.unobserved} |`);
  }
  out.push('');
}

export function renderEvidence(e: EvidenceFile): string {
  const out: string[] = [];
  if (!runsSection(e, out)) return out.join('\n');
  countsSection(e, out);

  const contradicted = e.elements.filter((x) => x.verdict === 'contradicted');
  out.push(`## Contradicted (${contradicted.length})`, '');
  if (contradicted.length) {
    out.push(
      '| element | declared | observed | how often | runs | examples (correlation IDs) | proposal |',
      '|---|---|---|---|---|---|---|',
    );
    for (const x of contradicted)
      out.push(
        `| ${cell(x.name)} | ${cell(x.declared.slice(0, 120))} | ${cell(x.observed ?? '')} | ${x.exchanges} | ${x.runs} (${x.first}…${x.last}) | ${x.examples.join(', ')} | ${x.proposed ? 'changed to observed' : 'review by hand'} |`,
      );
  } else out.push('None.');
  out.push('');

  out.push(`## Undeclared (${e.undeclared.length})`, '', 'What the target did that the contract does not declare.', '');
  if (e.undeclared.length) {
    out.push('| kind | where | observed | count | runs | examples | proposal |', '|---|---|---|---|---|---|---|');
    for (const u of e.undeclared)
      out.push(
        `| ${u.kind} | ${cell(u.name)} | ${cell(u.observed)} | ${u.count} | ${u.runs} | ${u.examples.join(', ')} | ${u.proposed ? 'added as observed' : 'listed only'} |`,
      );
  } else out.push('None.');
  out.push('');

  const confirmed = e.elements.filter((x) => x.verdict === 'confirmed');
  out.push(`## Confirmed (${confirmed.length})`, '', 'Observed as decided; the proposal marks them `x-meshi-provenance: observed`.', '');
  for (const k of KINDS) {
    const xs = confirmed.filter((x) => x.kind === k);
    if (xs.length) out.push(`- **${k}** (${xs.length}): ${names(xs.map(counts))}`);
  }
  out.push('');

  const seen = e.elements.filter((x) => x.verdict === 'seen');
  out.push(
    `## Seen, not yet confirmed (${seen.length})`,
    '',
    'Observed as decided, but below the thresholds: exchanges / runs / days.',
    '',
  );
  for (const k of KINDS) {
    const xs = seen.filter((x) => x.kind === k);
    if (xs.length) out.push(`- **${k}** (${xs.length}): ${names(xs.map(counts))}`);
  }
  out.push('');

  const ignoredNotes = e.elements.filter((x) => x.ignored.length);
  if (ignoredNotes.length) {
    out.push('## Observations left out', '');
    for (const x of ignoredNotes) out.push(`- ${x.name}: ${x.ignored.join('; ')}`);
    out.push('');
  }

  const unobserved = e.elements.filter((x) => x.verdict === 'unobserved');
  out.push(`## Unobserved (${unobserved.length})`, '', 'No run showed them: still provisional.', '');
  for (const k of KINDS) {
    const xs = unobserved.filter((x) => x.kind === k);
    if (xs.length) out.push(`- **${k}** (${xs.length}): ${names(xs.map((x) => x.name))}`);
  }
  out.push('');

  const f = e.figures;
  out.push('## Observed figures', '');
  out.push(
    `- run created → finished: ${f.runDurationMs.count} run(s), ${f.runDurationMs.min ?? '–'}–${f.runDurationMs.max ?? '–'} ms; statuses seen: ${
      Object.entries(f.runStatuses)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ') || '–'
    }`,
  );
  out.push(
    `- default page size (full pages): ${
      Object.entries(f.defaultFullPageSizes)
        .map(([k, n]) => `${k} (${n}×)`)
        .join(', ') || '–'
    }; limit accepted ${f.pageLimitAccepted.min ?? '–'}–${f.pageLimitAccepted.max ?? '–'}, rejected ${f.pageLimitRejected.join(', ') || '–'}`,
  );
  out.push(
    `- request bodies: largest accepted ${f.bodyBytes.largestAccepted ?? '–'} bytes, smallest rejected (413) ${f.bodyBytes.smallestRejected ?? '–'}`,
  );
  out.push(
    `- RateLimit-Policy: ${
      Object.entries(f.rateLimitPolicies)
        .map(([k, n]) => `\`${k}\` (${n}×)`)
        .join(', ') || '–'
    }`,
  );
  out.push('');

  out.push('## Proposal', '');
  if (e.proposal.edits) {
    out.push(
      `\`${e.proposal.patch}\`: ${e.proposal.edits} edit(s) to ${e.proposal.files.join(' and ')}. Review it, then from the repository root:`,
      '',
    );
    out.push('```sh', `git apply ${e.proposal.patch}`, 'npm run generate && npm run conformance   # against the same target', '```');
  } else out.push('Nothing to change.');
  out.push('');
  return out.join('\n');
}
