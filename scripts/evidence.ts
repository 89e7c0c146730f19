// `npm run evidence -- <report dirs…> [--target NAME] [--out DIR] [--apply-to DIR]`
//
// Reads the observations.json (and conformance-report.json) of one or more runs — folders are
// searched recursively, so a nightly history folder works — and writes to --out (default
// reports/evidence): contract-evidence.json, evidence.md and contract.patch, the proposal for
// contracts/ (review it, then `git apply reports/evidence/contract.patch`). With --apply-to DIR the
// proposal is written straight into DIR/contracts/ (judged against DIR's contracts) instead.
// Runs of a target other than --target (default: the latest run's) are left out.
//
// Exit: 0 written (contradictions are findings, not failures) · 2 bad arguments or unreadable runs.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { EvidenceFile } from './evidence/file';
import { judge } from './evidence/judge';
import type { ElementKind, EvidenceVerdict } from './evidence/ledger';
import { renderEvidence } from './evidence/markdown';
import { patchedTexts, unifiedDiff } from './evidence/proposal';
import { loadRuns } from './evidence/runs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_EVIDENCE_DIR = 'reports/evidence';

export interface EvidenceOptions {
  dirs: string[];
  target: string | null;
  out: string;
  applyTo: string | null;
}

export function parseEvidenceArgs(argv: readonly string[]): EvidenceOptions {
  const o: EvidenceOptions = { dirs: [], target: null, out: join(ROOT, DEFAULT_EVIDENCE_DIR), applyTo: null };
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
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else o.dirs.push(resolve(a));
  }
  if (!o.dirs.length) throw new Error('no report folder given (e.g. npm run evidence -- reports/history)');
  return o;
}

export function runEvidence(o: EvidenceOptions): EvidenceFile {
  const all = loadRuns(o.dirs);
  if (!all.length) throw new Error(`no ${'observations.json'} under ${o.dirs.join(', ')}`);
  const target = o.target ?? all[all.length - 1]!.target;
  const runs = all.filter((r) => r.target === target);
  if (!runs.length) throw new Error(`no run of target ${target}`);
  const contractsDir = join(o.applyTo ?? ROOT, 'contracts');
  const doc = parse(readFileSync(join(contractsDir, 'partner-api.yaml'), 'utf8'));
  const catalogue = parse(readFileSync(join(contractsDir, 'guarantees.yaml'), 'utf8'));
  const j = judge(runs, doc, catalogue, target);

  const patched = patchedTexts(contractsDir, j.edits);
  mkdirSync(o.out, { recursive: true });
  const patchFile = join(o.out, 'contract.patch');
  writeFileSync(patchFile, Object.keys(patched).length ? unifiedDiff(contractsDir, patched) : '');
  if (o.applyTo) for (const [file, text] of Object.entries(patched)) writeFileSync(join(contractsDir, file), text);

  const byKind: Partial<Record<ElementKind, Record<EvidenceVerdict, number>>> = {};
  for (const x of j.elements) (byKind[x.kind] ??= { confirmed: 0, contradicted: 0, unobserved: 0 })[x.verdict]++;
  const count = (v: EvidenceVerdict) => j.elements.filter((x) => x.verdict === v).length;
  const rel = (p: string) => relative(process.cwd(), p) || '.';
  const evidence: EvidenceFile = {
    version: 1,
    generatedAt: new Date().toISOString(),
    target,
    runs: runs.map((r) => ({ dir: rel(r.dir), id: r.observations.run.id, date: r.date, exchanges: r.observations.exchanges })),
    skippedRuns: all.filter((r) => r.target !== target).map((r) => ({ dir: rel(r.dir), target: r.target })),
    counts: { confirmed: count('confirmed'), contradicted: count('contradicted'), unobserved: count('unobserved'), undeclared: j.undeclared.length, byKind },
    elements: j.elements,
    undeclared: j.undeclared,
    figures: j.figures,
    proposal: { patch: rel(patchFile), edits: j.edits.length, files: Object.keys(patched).map((f) => `contracts/${f}`) },
  };
  writeFileSync(join(o.out, 'contract-evidence.json'), `${JSON.stringify(evidence, null, 2)}\n`);
  writeFileSync(join(o.out, 'evidence.md'), renderEvidence(evidence));
  return evidence;
}

function main(argv: readonly string[]): number {
  let o: EvidenceOptions;
  try {
    o = parseEvidenceArgs(argv);
  } catch (e) {
    console.error(`evidence: ${e instanceof Error ? e.message : String(e)}\nusage: npm run evidence -- <report dirs…> [--target NAME] [--out DIR] [--apply-to DIR]`);
    return 2;
  }
  try {
    const e = runEvidence(o);
    const c = e.counts;
    console.log(`evidence for ${e.target} over ${e.runs.length} run(s): ${c.confirmed} confirmed, ${c.contradicted} contradicted, ${c.unobserved} unobserved, ${c.undeclared} undeclared`);
    for (const x of e.elements.filter((x) => x.verdict === 'contradicted')) console.log(`  contradicted  ${x.name}: declared ${x.declared.slice(0, 80)}, observed ${x.observed} (${x.exchanges}×)`);
    for (const u of e.undeclared) console.log(`  undeclared    ${u.kind} ${u.name}: ${u.observed} (${u.count}×)`);
    console.log(o.applyTo ? `applied ${e.proposal.edits} edit(s) to ${e.proposal.files.join(', ') || 'nothing'} under ${o.applyTo}` : `proposal: ${e.proposal.patch} (${e.proposal.edits} edit(s)); report: ${relative(process.cwd(), join(o.out, 'evidence.md'))}`);
    return 0;
  } catch (e) {
    console.error(`evidence: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exit(main(process.argv.slice(2)));
