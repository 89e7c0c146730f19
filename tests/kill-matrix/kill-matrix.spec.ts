// The fault kill matrix: every catalogue fault, switched on in one shared mock through its admin
// API, must make the harness fail the guarantee the fault declares it breaks (killed), not only
// others (misattributed), and not nothing (survived) — judged against the clean baseline (the whole
// suite without a fault, run once by the baseline test below while the first faults run; baseline.ts),
// so a guarantee that fails without the fault is never a kill. CI runs a fixed sample, one fault per
// guarantee family (on its subset, or against the whole suite for the faults run there);
// MESHI_KILL_MATRIX=full runs the whole catalogue (as `npm run kill-matrix`).
// The matrix is written to reports/kill-matrix.
import { test, expect } from '@playwright/test';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setting } from '../../harness/settings';
import { faultCatalogue } from '../../mock/faults/catalogue';
import type { FaultSpec } from '../../mock/faults/switch';
import { readResults, runFault, startTarget, summarise, type Baseline, type MockTarget } from '../../scripts/killMatrix/run';
import { specsByGuarantee, specsForFault } from '../../scripts/killMatrix/plan';
import { renderHtml } from '../../scripts/killMatrix/render';
import { KILL_MATRIX_DIR, produceBaseline, sharedBaseline } from './baseline';

const root = new URL('../..', import.meta.url).pathname;
const outDir = join(root, KILL_MATRIX_DIR);
// Faults run against the whole suite, where collateral shows: a universal fault (every response
// violates CORR-01). With MESHI_KILL_MATRIX=full, a create answered 200 (its echo in other tests'
// set-up steps must block, never fail, them) and one domain fault too; `npm run kill-matrix --
// --full` runs every fault so. (npm test keeps one, for its time budget.)
const FULL_SUITE_SAMPLE =
  setting('MESHI_KILL_MATRIX') === 'full'
    ? ['corr-header-missing', 'create-status-200', 'run-webhook-not-echoed']
    : ['corr-header-missing'];

/** The first fault of each guarantee family, in catalogue order. */
function familySample(catalogue: readonly FaultSpec[]): FaultSpec[] {
  const seen = new Set<string>();
  return catalogue.filter((f) => !seen.has(f.family) && seen.add(f.family));
}

const selected = setting('MESHI_KILL_MATRIX') === 'full' ? faultCatalogue : familySample(faultCatalogue);
// A fault killed against the whole suite without collateral is killed on any part of it: it is not
// run again on its subset (corr-header-missing is also the CORR family's sample).
const onSubset = selected.filter((f) => !FULL_SUITE_SAMPLE.includes(f.name));
const SAMPLE_FULL_DIR = join(outDir, 'sample-full');

// Child-run workers: a subset (a few tests in two files) runs in one worker, the whole suite in two.
// The project's own workers already run several child runs side by side; every worker a child
// starts costs a process and its imports, not coverage.
const SUBSET_WORKERS = '1';
const WHOLE_SUITE_WORKERS = '2';
// The run budget of the child runs: the matrix's mock ends a run in about 100 ms
// (BUNDLED_MOCK_RUN_PHASES), and a fault that keeps runs from ending (run-never-finishes) is seen
// only when the budget is spent, by each test that polls one.
const RUN_TIMEOUT_MS = '8000';
const childTarget = (t: MockTarget, workers: string): MockTarget => ({
  ...t,
  env: { ...t.env, MESHI_WORKERS: workers, MESHI_RUN_TIMEOUT_MS: RUN_TIMEOUT_MS },
});

// How long a fault test waits for the baseline test of this run to finish.
const BASELINE_WAIT_MS = 300_000;

/** What one worker shares between its tests: the spec listing, its mock, the baseline it judges by. */
interface WorkerMatrix {
  readonly byGuarantee: Map<string, Set<string>>;
  readonly target: MockTarget;
  baseline?: Baseline;
}

/** The results on disk for this run's faults, as kill-matrix.json and kill-matrix.html. */
function writeMatrix(baseline: Baseline | undefined): void {
  mkdirSync(outDir, { recursive: true });
  const fullSuite = faultCatalogue.filter((f) => FULL_SUITE_SAMPLE.includes(f.name));
  const results = [...readResults(outDir, onSubset), ...readResults(SAMPLE_FULL_DIR, fullSuite)];
  const matrix = summarise(
    results,
    'subset',
    results.reduce((t, r) => t + r.durationMs, 0),
    baseline?.summary ?? null,
  );
  writeFileSync(join(outDir, 'kill-matrix.json'), JSON.stringify(matrix, null, 2));
  writeFileSync(join(outDir, 'kill-matrix.html'), renderHtml(matrix));
}

// Each worker starts its own mock (a worker fixture, not beforeAll/afterAll: with file-level hooks
// Playwright cuts a parallel file into one fixed chunk of tests per worker, so the two whole-suite
// runs would queue behind each other; without them every test is handed to the next free worker).
// When the worker ends, it writes the matrix of every result on disk (the last one, all of them).
const matrixTest = test.extend<{}, { matrix: WorkerMatrix }>({
  matrix: [
    async ({}, use) => {
      const state: WorkerMatrix = { byGuarantee: specsByGuarantee(root), target: await startTarget() };
      try {
        await use(state);
      } finally {
        state.target.child.kill('SIGTERM');
        writeMatrix(state.baseline);
      }
    },
    { scope: 'worker', timeout: 120_000 },
  ],
});

// Faults are independent: spread over the workers.
test.describe.configure({ mode: 'parallel' });

/** The baseline this worker judges against (the baseline test's, or its own). */
async function baselineFor(m: WorkerMatrix, workerIndex: number): Promise<Baseline> {
  m.baseline ??= await sharedBaseline(root, outDir, childTarget(m.target, WHOLE_SUITE_WORKERS), workerIndex, BASELINE_WAIT_MS);
  return m.baseline;
}

test('the CI sample holds one fault of every family of the catalogue', () => {
  const families = new Set(faultCatalogue.map((f) => f.family));
  expect(new Set(familySample(faultCatalogue).map((f) => f.family))).toEqual(families);
  // Every family's sample runs: on its subset, or against the whole suite.
  const run = [...onSubset.map((f) => f.name), ...FULL_SUITE_SAMPLE];
  for (const f of familySample(faultCatalogue)) expect(run, `${f.family}: ${f.name} runs`).toContain(f.name);
});

matrixTest(
  'the baseline is clean: the whole suite without a fault ran, and every guarantee passed or was not exercised',
  async ({ matrix }) => {
    test.setTimeout(600_000);
    const baseline = (matrix.baseline = await produceBaseline(root, outDir, childTarget(matrix.target, WHOLE_SUITE_WORKERS)));
    expect(baseline.summary.problem, 'the baseline run could be judged').toBeNull();
    expect(baseline.summary.specs).toBe('all');
    expect(baseline.summary.failing, 'guarantees not holding without any fault').toEqual([]);
  },
);

// The whole-suite faults first: they keep the other workers busy while the baseline runs.
for (const name of FULL_SUITE_SAMPLE) {
  matrixTest(`fault ${name} against the whole suite: killed, attributed, no collateral`, async ({ matrix }, testInfo) => {
    test.setTimeout(600_000 + BASELINE_WAIT_MS);
    const fault = faultCatalogue.find((f) => f.name === name);
    expect(fault, `${name} is in the catalogue`).toBeDefined();
    rmSync(join(SAMPLE_FULL_DIR, 'runs', name), { recursive: true, force: true });
    const full = await runFault(root, SAMPLE_FULL_DIR, childTarget(matrix.target, WHOLE_SUITE_WORKERS), fault!, 'all', () =>
      baselineFor(matrix, testInfo.workerIndex),
    );
    expect(full.collateral, `${name}: guarantees failed besides ${fault!.guarantee} and its alsoBreaks list`).toEqual([]);
    expect(full.outcome, `${name}: failed ${JSON.stringify(full.failed)}${full.note ? `; ${full.note}` : ''}`).toBe('killed');
    expect(full.rootCauses, `${name}: one fault reads as one root cause`).toBe(1);
  });
}

for (const fault of onSubset) {
  matrixTest(`fault ${fault.name} is killed: the harness fails ${fault.guarantee}`, async ({ matrix }, testInfo) => {
    test.setTimeout(240_000 + BASELINE_WAIT_MS);
    rmSync(join(outDir, 'runs', fault.name), { recursive: true, force: true });
    const result = await runFault(
      root,
      outDir,
      childTarget(matrix.target, SUBSET_WORKERS),
      fault,
      specsForFault(fault.guarantee, matrix.byGuarantee),
      () => baselineFor(matrix, testInfo.workerIndex),
    );
    expect(
      result.outcome,
      `${fault.name}: failed guarantees ${JSON.stringify(result.failed)}${result.note ? `; ${result.note}` : ''}`,
    ).toBe('killed');
  });
}
