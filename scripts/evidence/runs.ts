// The runs `npm run evidence` reads: every observations.json under the folders given (searched
// recursively, so a nightly history folder works), with the conformance-report.json beside it.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { OBSERVATIONS_FILE, OBSERVATIONS_VERSION, type Observations } from '../../reporter/observations';
import type { ConformanceReport } from '../../reporter/types';

export interface Run {
  readonly dir: string;
  readonly observations: Observations;
  /** The run's report (guarantee verdicts), when it lies beside the observations. */
  readonly report: ConformanceReport | null;
  /** YYYY-MM-DD of the run's start (or of the file, when the run did not record it). */
  readonly date: string;
  readonly target: string;
}

function findFiles(dir: string, name: string, out: string[], depth = 0): void {
  if (depth > 8) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules' && entry.name !== 'test-results') findFiles(path, name, out, depth + 1);
    else if (entry.isFile() && entry.name === name) out.push(path);
  }
}

export function loadRuns(dirs: readonly string[]): Run[] {
  const files: string[] = [];
  for (const d of dirs) {
    if (!existsSync(d)) throw new Error(`no such folder: ${d}`);
    if (statSync(d).isFile()) files.push(d);
    else findFiles(d, OBSERVATIONS_FILE, files);
  }
  const runs: Run[] = [];
  for (const file of [...new Set(files)].sort()) {
    const observations = JSON.parse(readFileSync(file, 'utf8')) as Observations;
    if (observations.version !== OBSERVATIONS_VERSION) throw new Error(`${file}: observations version ${observations.version}, expected ${OBSERVATIONS_VERSION}`);
    const reportFile = join(dirname(file), 'conformance-report.json');
    const report = existsSync(reportFile) ? (JSON.parse(readFileSync(reportFile, 'utf8')) as ConformanceReport) : null;
    const started = observations.run.startedAt ?? statSync(file).mtime.toISOString();
    runs.push({ dir: dirname(file), observations, report, date: started.slice(0, 10), target: observations.run.target });
  }
  return runs.sort((a, b) => (a.observations.run.startedAt ?? a.date).localeCompare(b.observations.run.startedAt ?? b.date));
}
