// The kill matrix's clean baseline (project kill-matrix-baseline, a dependency of kill-matrix): the
// whole suite against the bundled mock with no fault, once per run, before any fault is judged. It
// holds every test each fault runs (its guarantee's tests plus the smoke set, or the whole suite),
// so one run serves them all: a fault is killed only when its guarantee passed here.
import { test, expect } from '@playwright/test';
import { join } from 'node:path';
import { runBaseline, startTarget } from '../../scripts/killMatrix/run';
import { BASELINE_RUNNER, KILL_MATRIX_DIR } from './shared';

const root = new URL('../..', import.meta.url).pathname;

test('the kill matrix baseline: the whole suite without a fault', async () => {
  test.setTimeout(600_000);
  const target = await startTarget();
  try {
    const baseline = await runBaseline(root, join(root, KILL_MATRIX_DIR), target, 'all', [], BASELINE_RUNNER);
    expect(baseline.summary.problem, 'the baseline run could be judged').toBeNull();
  } finally {
    target.child.kill('SIGTERM');
  }
});
