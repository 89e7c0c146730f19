// The proposal: the evidence's edits applied to copies of contracts/partner-api.yaml and
// contracts/guarantees.yaml (comments and layout kept), and a unified diff a maintainer reviews and
// applies with `git apply`. Nothing here edits the repository's contracts unless asked
// (`npm run evidence -- --apply-to DIR` writes into DIR/contracts).

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMap, isSeq, parseDocument, type Document } from 'yaml';
import type { Edit } from './types';

export const CONTRACT_FILES = ['partner-api.yaml', 'guarantees.yaml'] as const;

function applyEdit(doc: Document, e: Edit): void {
  const path = e.loc.map((k) => (typeof k === 'number' ? k : String(k)));
  if (e.mode === 'append') {
    const seq = doc.getIn(path, true);
    if (isSeq(seq)) {
      if (!seq.items.some((x) => (x as { value?: unknown }).value === e.value || x === e.value)) seq.add(doc.createNode(e.value));
    }
    return;
  }
  const parent = doc.getIn(path.slice(0, -1), true);
  if (!isMap(parent) && !isSeq(parent)) return; // the location vanished (edited twice): leave it
  doc.setIn(
    path,
    doc.createNode(e.value, {
      flow:
        typeof e.value === 'object' &&
        e.value !== null &&
        !Array.isArray(e.value) &&
        Object.keys(e.value).length <= 4 &&
        Object.values(e.value).every((v) => typeof v !== 'object'),
    }),
  );
}

/** The patched text of each contract file (only files that change). */
export function patchedTexts(contractsDir: string, edits: readonly Edit[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const file of CONTRACT_FILES) {
    const mine = edits.filter((e) => e.file === file);
    if (!mine.length) continue;
    const text = readFileSync(join(contractsDir, file), 'utf8');
    const doc = parseDocument(text, { keepSourceTokens: false });
    for (const e of mine) applyEdit(doc, e);
    const next = doc.toString({ lineWidth: 0, flowCollectionPadding: false });
    if (next !== text) out[file] = next;
  }
  return out;
}

/** A unified diff (paths a/contracts/<file>, b/contracts/<file>) for `git apply` at the repository root. */
export function unifiedDiff(contractsDir: string, patched: Record<string, string>): string {
  const tmp = mkdtempSync(join(tmpdir(), 'evidence-diff-'));
  try {
    let out = '';
    for (const [file, text] of Object.entries(patched)) {
      mkdirSync(join(tmp, 'b'), { recursive: true });
      const b = join(tmp, 'b', file);
      writeFileSync(b, text);
      const r = spawnSync('git', ['diff', '--no-index', '--no-color', '--', join(contractsDir, file), b], {
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      });
      if (r.status !== 0 && r.status !== 1) throw new Error(`git diff failed: ${r.stderr}`);
      const lines = r.stdout.split('\n');
      // Rewrite the headers to repository-relative paths.
      const fixed = lines.map((l) => {
        if (l.startsWith('diff --git ')) return `diff --git a/contracts/${file} b/contracts/${file}`;
        if (l.startsWith('--- ')) return `--- a/contracts/${file}`;
        if (l.startsWith('+++ ')) return `+++ b/contracts/${file}`;
        return l;
      });
      out += fixed.join('\n');
    }
    return out;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
