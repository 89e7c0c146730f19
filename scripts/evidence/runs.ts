// The runs `npm run evidence` reads: every observations.json under the folders given (searched
// recursively, so a nightly history folder works), with the conformance-report.json beside it, and
// which of them count. Evidence about a server comes only from whole runs (no --guarantees, --grep,
// spec files or other filter, not one shard alone) of a remote target, without mock faults; a
// rehearsal (--rehearsal) reads whole, fault-free runs of the bundled mock or another local server
// instead. Every other run is ignored, with the reason.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { OBSERVATIONS_FILE, OBSERVATIONS_VERSION, type Observations } from '../../reporter/observations';
import type { ConformanceReport, RunProvenance } from '../../reporter/types';

export interface Run {
  readonly dir: string;
  readonly observations: Observations;
  /** The run's report (guarantee verdicts), when it lies beside the observations. */
  readonly report: ConformanceReport | null;
  /** YYYY-MM-DD of the run's start (or of the file, when the run did not record it). */
  readonly date: string;
  readonly target: string;
}

/** A file found that is not a run evidence can read (another version). */
export interface Unreadable {
  readonly dir: string;
  readonly reason: string;
}

function findFiles(dir: string, name: string, out: string[], depth = 0): void {
  if (depth > 8) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules' && entry.name !== 'test-results') findFiles(path, name, out, depth + 1);
    else if (entry.isFile() && entry.name === name) out.push(path);
  }
}

export function loadRuns(dirs: readonly string[]): { runs: Run[]; unreadable: Unreadable[] } {
  const files: string[] = [];
  for (const d of dirs) {
    if (!existsSync(d)) throw new Error(`no such folder: ${d}`);
    if (statSync(d).isFile()) files.push(d);
    else findFiles(d, OBSERVATIONS_FILE, files);
  }
  const runs: Run[] = [];
  const unreadable: Unreadable[] = [];
  for (const file of [...new Set(files)].sort()) {
    const observations = JSON.parse(readFileSync(file, 'utf8')) as Observations;
    if (observations.version !== OBSERVATIONS_VERSION) {
      unreadable.push({
        dir: dirname(file),
        reason: `observations version ${observations.version} (expected ${OBSERVATIONS_VERSION}: recorded before runs said what they measured)`,
      });
      continue;
    }
    const reportFile = join(dirname(file), 'conformance-report.json');
    const report = existsSync(reportFile) ? (JSON.parse(readFileSync(reportFile, 'utf8')) as ConformanceReport) : null;
    const started = observations.run.startedAt ?? statSync(file).mtime.toISOString();
    runs.push({ dir: dirname(file), observations, report, date: started.slice(0, 10), target: observations.run.target });
  }
  runs.sort((a, b) => (a.observations.run.startedAt ?? a.date).localeCompare(b.observations.run.startedAt ?? b.date));
  return { runs, unreadable };
}

/** Why a run's scope is partial, or null for a whole run. */
function partial(s: RunProvenance['scope']): string | null {
  if (s.guarantees) return `scoped by --guarantees ${s.guarantees.join(',')}`;
  if (s.grep !== null) return `scoped by --grep ${s.grep}`;
  if (s.grepInvert !== null) return `scoped by --grep-invert ${s.grepInvert}`;
  if (s.files.length) return `scoped to ${s.files.join(', ')}`;
  if (s.filters.length) return `scoped by ${s.filters.join(' ')}`;
  if (s.projects && !s.projects.includes('conformance')) return `projects ${s.projects.join(', ')} (not conformance)`;
  if (s.shard) return `one shard (${s.shard.current}/${s.shard.total}; its merged report counts)`;
  return null;
}

/** Why the run does not count (null: it counts). `rehearsal`: local runs count instead of remote ones. */
export function ignoredBecause(run: Run, rehearsal: boolean): string | null {
  const p = run.observations.run.provenance;
  if (!p) return 'the run does not say what it measured (no provenance)';
  const scope = partial(p.scope);
  if (scope) return scope;
  if (p.mock?.faults.length) return `mock faults on (${p.mock.faults.join(', ')})`;
  const local = p.target.kind === 'bundled-mock' || p.target.loopback;
  if (p.target.kind === 'unknown') return 'unknown target';
  if (!rehearsal && local)
    return p.target.kind === 'bundled-mock'
      ? 'bundled mock (a rehearsal: use --rehearsal)'
      : `a local server (${p.target.origin}; a rehearsal: use --rehearsal)`;
  if (rehearsal && !local) return `a remote target (${p.target.origin}) in a rehearsal`;
  return null;
}
