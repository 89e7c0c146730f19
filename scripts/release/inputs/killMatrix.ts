// Adapter: the kill matrix's result (scripts/kill-matrix.ts → reports/kill-matrix/kill-matrix.json,
// or the latest one committed under docs/sensitivity/) as per-guarantee sensitivity: of the
// catalogue faults whose guarantee it is, how many were injected and how many killed. The matrix
// states the per-guarantee scores itself (`sensitivity.guarantees`, contracts/kill-matrix.schema.json);
// a result written before that is counted from its fault outcomes (killed or collateral = caught and
// attributed to the fault's guarantee; any other outcome — survived, misattributed, baseline-failing,
// flaky, inconclusive, error — is not a kill).

import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ReleaseConfigError } from '../errors';

/**
 * Where a kill-matrix result is looked for: the newer of a whole-catalogue (`--full`) run in reports/
 * and the committed one. npm test's own sample run (mode `subset`, one fault per family) injects too few
 * faults to score the catalogue, so it never shadows the committed result.
 */
export const KILL_MATRIX_FILES = ['reports/kill-matrix/kill-matrix.json', 'docs/sensitivity/kill-matrix.json'];

export interface GuaranteeSensitivity {
  readonly injected: number;
  readonly killed: number;
  /** Faults of this guarantee the run injected and did not kill (survived, misattributed, error). */
  readonly notKilled: readonly string[];
  /** Faults of this guarantee the run injected. */
  readonly faults: readonly string[];
}

export interface SensitivityInput {
  readonly file: string;
  readonly generatedAt: string | null;
  readonly mode: string | null;
  readonly byGuarantee: ReadonlyMap<string, GuaranteeSensitivity>;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const CAUGHT = new Set(['killed', 'collateral']);

export function adaptKillMatrix(json: unknown, file: string): SensitivityInput {
  const m = obj(json);
  const byGuarantee = new Map<string, { injected: number; killed: number; notKilled: string[]; faults: string[] }>();
  const entry = (id: string) => {
    let e = byGuarantee.get(id);
    if (!e) byGuarantee.set(id, (e = { injected: 0, killed: 0, notKilled: [], faults: [] }));
    return e;
  };
  // The per-guarantee lines the matrix states itself.
  const lines = Array.isArray(obj(m.sensitivity).guarantees) ? (obj(m.sensitivity).guarantees as unknown[]) : null;
  if (lines) {
    for (const g of lines.map(obj)) {
      if (typeof g.id !== 'string' || typeof g.injected !== 'number' || typeof g.killed !== 'number') continue;
      const e = entry(g.id);
      e.injected = g.injected;
      e.killed = g.killed;
      for (const f of (Array.isArray(g.faults) ? g.faults : []).map(obj)) {
        if (typeof f.fault !== 'string') continue;
        e.faults.push(f.fault);
        if (!CAUGHT.has(String(f.outcome))) e.notKilled.push(f.fault);
      }
      if (e.notKilled.length === 0 && e.killed < e.injected) e.notKilled.push(`${e.injected - e.killed} unnamed fault(s)`);
    }
  } else if (Array.isArray(m.faults)) {
    for (const f of m.faults.map(obj)) {
      if (typeof f.guarantee !== 'string' || typeof f.fault !== 'string') continue;
      const e = entry(f.guarantee);
      e.injected++;
      e.faults.push(f.fault);
      if (CAUGHT.has(String(f.outcome))) e.killed++;
      else e.notKilled.push(f.fault);
    }
  } else {
    throw new ReleaseConfigError(`${file} is not a kill-matrix result (no faults or guarantees)`);
  }
  return {
    file,
    generatedAt: typeof m.generatedAt === 'string' ? m.generatedAt : null,
    mode: typeof m.mode === 'string' ? m.mode : null,
    byGuarantee,
  };
}

function headerOf(file: string): { mode: unknown; generatedAt: string } {
  try {
    const m = obj(JSON.parse(readFileSync(file, 'utf8')));
    return { mode: m.mode, generatedAt: typeof m.generatedAt === 'string' ? m.generatedAt : '' };
  } catch {
    return { mode: null, generatedAt: '' };
  }
}

/** The newest whole-catalogue result among KILL_MATRIX_FILES: a local `--full` run older than the committed one never shadows it. */
function newestResult(root: string): string | undefined {
  return KILL_MATRIX_FILES.map((f) => join(root, f))
    .filter((f) => existsSync(f))
    .map((f) => ({ f, ...headerOf(f) }))
    .filter((c) => c.f.includes('docs/sensitivity') || c.mode === 'full')
    .sort((a, b) => b.generatedAt.localeCompare(a.generatedAt))[0]?.f;
}

/** The given file, or the newest of KILL_MATRIX_FILES under `root`; null when there is none. */
export function readKillMatrix(file: string | null, root: string): SensitivityInput | null {
  const path = file ? resolve(file) : newestResult(root);
  if (!path) return null;
  if (!existsSync(path)) throw new ReleaseConfigError(`--kill-matrix ${file}: no such file`);
  try {
    return adaptKillMatrix(JSON.parse(readFileSync(path, 'utf8')), path);
  } catch (e) {
    if (e instanceof ReleaseConfigError) throw e;
    throw new ReleaseConfigError(`${path}: unreadable (${e instanceof Error ? e.message : String(e)})`);
  }
}
