// `npm run evidence -- <report dirs…> [--target NAME] [--rehearsal] [--out DIR] [--apply-to DIR]`
//
// Reads the observations.json (and conformance-report.json) of one or more runs — folders are
// searched recursively, so a nightly history folder works — and writes to --out (default
// reports/evidence): contract-evidence.json, evidence.md and contract.patch, the proposal for
// contracts/ (review it, then `git apply reports/evidence/contract.patch`).
//
// What counts (scripts/evidence/runs.ts): whole runs (no --guarantees, --grep, spec files, filter or
// lone shard), without mock faults, of a remote target — of --target (default: the latest counted
// run's). Every other run is listed as ignored, with the reason. `--rehearsal` reads runs of the
// bundled mock (or another local server) instead, for the project's own tests: every output line
// and the patch header say REHEARSAL, and its target is always `mock`. Confirmed needs the
// thresholds (MESHI_EVIDENCE_MIN_EXCHANGES / _RUNS / _DAYS); below them an element is "seen".
// With --apply-to DIR the proposal is written straight into DIR/contracts/ (judged against DIR's
// contracts) — refused for a rehearsal and for runs below the thresholds.
//
// Exit: 0 written (contradictions are findings, not failures; "nothing to learn" too) · 2 bad
// arguments, unreadable runs, or --apply-to refused.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { exitOnConfigError, setting } from '../harness/settings';
import { judge } from './evidence/judge';
import { renderEvidence } from './evidence/markdown';
import { patchedTexts, unifiedDiff } from './evidence/proposal';
import { ignoredBecause, loadRuns, type Run } from './evidence/runs';
import type { ElementKind, EvidenceFile, EvidenceVerdict, IgnoredRun, Thresholds } from './evidence/types';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_EVIDENCE_DIR = 'reports/evidence';
/** The target name of a rehearsal, whatever the runs were labelled. */
export const REHEARSAL_TARGET = 'mock';
const VERDICTS: readonly EvidenceVerdict[] = ['confirmed', 'seen', 'contradicted', 'unobserved'];

export interface EvidenceOptions {
  dirs: string[];
  target: string | null;
  out: string;
  applyTo: string | null;
  rehearsal: boolean;
  /** Default: the MESHI_EVIDENCE_MIN_* settings. */
  thresholds?: Thresholds;
}

export class EvidenceRefusal extends Error {
  override readonly name = 'EvidenceRefusal';
}

export function parseEvidenceArgs(argv: readonly string[]): EvidenceOptions {
  const o: EvidenceOptions = { dirs: [], target: null, out: join(ROOT, DEFAULT_EVIDENCE_DIR), applyTo: null, rehearsal: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--target') o.target = value();
    else if (a === '--out') o.out = resolve(value());
    else if (a === '--apply-to') o.applyTo = resolve(value());
    else if (a === '--rehearsal') o.rehearsal = true;
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else o.dirs.push(resolve(a));
  }
  if (!o.dirs.length) throw new Error('no report folder given (e.g. npm run evidence -- reports/history)');
  if (o.rehearsal && o.target !== null && o.target !== REHEARSAL_TARGET)
    throw new Error(`--rehearsal reads bundled-mock runs: its target is always ${REHEARSAL_TARGET}, never ${JSON.stringify(o.target)}`);
  return o;
}

export function settingsThresholds(): Thresholds {
  return {
    exchanges: setting('MESHI_EVIDENCE_MIN_EXCHANGES'),
    runs: setting('MESHI_EVIDENCE_MIN_RUNS'),
    days: setting('MESHI_EVIDENCE_MIN_DAYS'),
  };
}

/** The runs that count, the target they are of, and every other run with the reason it was left out. */
function selectRuns(o: EvidenceOptions): { runs: Run[]; target: string; ignored: IgnoredRun[] } {
  const rel = (p: string) => relative(process.cwd(), p) || '.';
  const { runs: all, unreadable } = loadRuns(o.dirs);
  const ignored: IgnoredRun[] = unreadable.map((u) => ({ dir: rel(u.dir), reason: u.reason }));
  const counted: Run[] = [];
  for (const r of all) {
    const why = ignoredBecause(r, o.rehearsal);
    if (why) ignored.push({ dir: rel(r.dir), reason: why });
    else counted.push(r);
  }
  const target = o.rehearsal ? REHEARSAL_TARGET : (o.target ?? counted[counted.length - 1]?.target ?? '(none)');
  const runs = o.rehearsal ? counted : counted.filter((r) => r.target === target);
  for (const r of counted) if (!runs.includes(r)) ignored.push({ dir: rel(r.dir), reason: `target ${r.target} (not ${target})` });
  if (!all.length && !unreadable.length) throw new Error(`no observations.json under ${o.dirs.join(', ')}`);
  return { runs, target, ignored };
}

function patchHeader(
  e: Pick<EvidenceFile, 'rehearsal' | 'target' | 'belowThreshold' | 'thresholds'> & { runs: readonly { date: string }[] },
): string {
  const t = e.thresholds;
  const lines = e.rehearsal
    ? [
        "REHEARSAL: a proposal from bundled-mock runs, for the project's own tests — not evidence about any real target; --apply-to refuses it.",
      ]
    : [
        `Contract evidence for ${e.target} over ${e.runs.length} run(s), ${e.runs[0]?.date ?? '–'} … ${e.runs[e.runs.length - 1]?.date ?? '–'}. Review before applying.`,
      ];
  if (e.belowThreshold)
    lines.push(
      `${e.rehearsal ? 'REHEARSAL: ' : ''}below the thresholds (${t.exchanges} exchanges over ${t.runs} runs on ${t.days} days): nothing confirmed, --apply-to refuses it.`,
    );
  return `${lines.map((l) => `# ${l}`).join('\n')}\n`;
}

export function runEvidence(o: EvidenceOptions): EvidenceFile {
  const thresholds = o.thresholds ?? settingsThresholds();
  const { runs, target, ignored } = selectRuns(o);
  const days = new Set(runs.map((r) => r.date)).size;
  const belowThreshold = runs.length < thresholds.runs || days < thresholds.days;
  if (o.applyTo && o.rehearsal)
    throw new EvidenceRefusal(
      '--apply-to refused: a rehearsal (bundled-mock runs) is not evidence about the contract; review contract.patch instead',
    );
  if (o.applyTo && belowThreshold)
    throw new EvidenceRefusal(
      `--apply-to refused: ${runs.length} run(s) on ${days} day(s) is below the thresholds (${thresholds.runs} runs on ${thresholds.days} days)`,
    );
  const contractsDir = join(o.applyTo ?? ROOT, 'contracts');
  const doc = parse(readFileSync(join(contractsDir, 'partner-api.yaml'), 'utf8'));
  const catalogue = parse(readFileSync(join(contractsDir, 'guarantees.yaml'), 'utf8'));
  const j = judge(runs, doc, catalogue, target, thresholds);

  const patched = patchedTexts(contractsDir, j.edits);
  mkdirSync(o.out, { recursive: true });
  const patchFile = join(o.out, 'contract.patch');
  const header = patchHeader({ rehearsal: o.rehearsal, target, runs, belowThreshold, thresholds });
  writeFileSync(patchFile, Object.keys(patched).length ? `${header}${unifiedDiff(contractsDir, patched)}` : '');
  if (o.applyTo) for (const [file, text] of Object.entries(patched)) writeFileSync(join(contractsDir, file), text);

  const byKind: Partial<Record<ElementKind, Record<EvidenceVerdict, number>>> = {};
  for (const x of j.elements) (byKind[x.kind] ??= { confirmed: 0, seen: 0, contradicted: 0, unobserved: 0 })[x.verdict]++;
  const count = (v: EvidenceVerdict) => j.elements.filter((x) => x.verdict === v).length;
  const rel = (p: string) => relative(process.cwd(), p) || '.';
  const evidence: EvidenceFile = {
    version: 2,
    generatedAt: new Date().toISOString(),
    target,
    rehearsal: o.rehearsal,
    thresholds,
    belowThreshold,
    runs: runs.map((r) => ({ dir: rel(r.dir), id: r.observations.run.id, date: r.date, exchanges: r.observations.exchanges })),
    ignoredRuns: ignored,
    counts: {
      confirmed: count('confirmed'),
      seen: count('seen'),
      contradicted: count('contradicted'),
      unobserved: count('unobserved'),
      undeclared: j.undeclared.length,
      byKind,
    },
    elements: runs.length ? j.elements : [],
    undeclared: j.undeclared,
    figures: j.figures,
    proposal: { patch: rel(patchFile), edits: j.edits.length, files: Object.keys(patched).map((f) => `contracts/${f}`) },
  };
  writeFileSync(join(o.out, 'contract-evidence.json'), `${JSON.stringify(evidence, null, 2)}\n`);
  writeFileSync(join(o.out, 'evidence.md'), renderEvidence(evidence));
  return evidence;
}

/** The console lines of a result (every one says REHEARSAL in a rehearsal). */
export function evidenceLines(e: EvidenceFile, o: Pick<EvidenceOptions, 'applyTo' | 'out'>): string[] {
  const lines: string[] = [];
  const c = e.counts;
  if (!e.runs.length)
    lines.push(
      `nothing to learn: none of the ${e.ignoredRuns.length} run(s) found counts as evidence${e.rehearsal ? '' : ' (only whole, fault-free runs of a remote target do)'}`,
    );
  else {
    const t = e.thresholds;
    lines.push(
      `evidence for ${e.target} over ${e.runs.length} run(s): ${VERDICTS.map((v) => `${c[v]} ${v === 'seen' ? 'seen, not yet confirmed' : v}`).join(', ')}, ${c.undeclared} undeclared`,
    );
    if (e.belowThreshold)
      lines.push(`below the thresholds (${t.exchanges} exchanges over ${t.runs} runs on ${t.days} days): nothing can be confirmed yet`);
    for (const x of e.elements.filter((x) => x.verdict === 'contradicted'))
      lines.push(
        `  contradicted  ${x.name}: declared ${x.declared.slice(0, 80)}, observed ${x.observed} (${x.exchanges}×${x.examples.length ? `, e.g. ${x.examples.join(', ')}` : ''})`,
      );
    for (const u of e.undeclared) lines.push(`  undeclared    ${u.kind} ${u.name}: ${u.observed} (${u.count}×)`);
  }
  for (const i of e.ignoredRuns) lines.push(`  ignored: ${i.reason} — ${i.dir}`);
  if (e.runs.length)
    lines.push(
      o.applyTo
        ? `applied ${e.proposal.edits} edit(s) to ${e.proposal.files.join(', ') || 'nothing'} under ${o.applyTo}`
        : `proposal: ${e.proposal.patch} (${e.proposal.edits} edit(s)); report: ${relative(process.cwd(), join(o.out, 'evidence.md'))}`,
    );
  return e.rehearsal ? lines.map((l) => `REHEARSAL ${l}`) : lines;
}

export const EVIDENCE_USAGE = `usage: npm run evidence -- <report dirs…> [--target NAME] [--rehearsal] [--out DIR] [--apply-to DIR]
  <report dirs…>   folders with observations.json and conformance-report.json (searched recursively)
  --target NAME    judge the runs of this target (default: the latest counted run's)
  --rehearsal      read runs of the bundled mock instead (every line says REHEARSAL; target mock)
  --out DIR        contract-evidence.json, evidence.md, contract.patch (default reports/evidence)
  --apply-to DIR   write the proposal into DIR/contracts/ (refused for a rehearsal or below the thresholds)
settings: MESHI_EVIDENCE_MIN_EXCHANGES, MESHI_EVIDENCE_MIN_RUNS, MESHI_EVIDENCE_MIN_DAYS (what confirmed needs)
exit: 0 written (contradictions and "nothing to learn" too) · 2 bad arguments, unreadable runs, or --apply-to refused`;

function main(argv: readonly string[]): number {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(EVIDENCE_USAGE);
    return 0;
  }
  let o: EvidenceOptions;
  try {
    o = parseEvidenceArgs(argv);
  } catch (e) {
    console.error(`evidence: ${e instanceof Error ? e.message : String(e)}\n${EVIDENCE_USAGE}`);
    return 2;
  }
  const thresholds = exitOnConfigError(settingsThresholds);
  try {
    for (const l of evidenceLines(runEvidence({ ...o, thresholds }), o)) console.log(l);
    return 0;
  } catch (e) {
    console.error(`${o.rehearsal ? 'REHEARSAL ' : ''}evidence: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exit(main(process.argv.slice(2)));
