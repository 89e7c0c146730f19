// The kill-matrix project's clean baseline: the whole suite against the bundled mock with no fault,
// run once per Playwright run by the baseline test (kill-matrix.spec.ts) while the first faults
// already run in the other workers; each fault test waits for it only when it classifies. A fault
// test that finds no baseline under way in this run (a --grep without the baseline test) runs its
// own, once per worker. The run's tag is the runner process (every worker's parent), so a baseline
// left by an earlier run is never read as this one's.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { baselineDir, readBaseline, runBaseline, type Baseline, type MockTarget } from '../../scripts/killMatrix/run';

export const KILL_MATRIX_DIR = 'reports/kill-matrix';
const RUNNER = `playwright-${process.ppid}`;
const POLL_MS = 1000;

const startedFile = (outDir: string) => join(baselineDir(outDir), 'started.json');

function startedInThisRun(outDir: string): boolean {
  const file = startedFile(outDir);
  if (!existsSync(file)) return false;
  return (JSON.parse(readFileSync(file, 'utf8')) as { runner?: string }).runner === RUNNER;
}

/** Runs this run's baseline (the baseline test). */
export async function produceBaseline(root: string, outDir: string, target: MockTarget): Promise<Baseline> {
  mkdirSync(baselineDir(outDir), { recursive: true });
  writeFileSync(startedFile(outDir), JSON.stringify({ runner: RUNNER }));
  return runBaseline(root, outDir, target, 'all', [], RUNNER);
}

let own: Promise<Baseline> | null = null;

/** This run's baseline: the baseline test's (waited for, up to `waitMs`), else this worker's own. */
export async function sharedBaseline(
  root: string,
  outDir: string,
  target: MockTarget,
  workerIndex: number,
  waitMs: number,
): Promise<Baseline> {
  const deadline = Date.now() + waitMs;
  while (startedInThisRun(outDir)) {
    const done = readBaseline(outDir, RUNNER);
    if (done) return done;
    if (Date.now() > deadline) throw new Error(`the kill-matrix baseline of this run did not finish within ${waitMs / 1000} s`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  own ??= runBaseline(root, join(outDir, 'worker-baselines', String(workerIndex)), target, 'all');
  return own;
}
