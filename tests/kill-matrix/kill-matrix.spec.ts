// The fault kill matrix: every catalogue fault, switched on in one shared mock through its admin
// API, must make the harness fail the guarantee the fault declares it breaks (killed), not only
// others (misattributed), and not nothing (survived) — judged against the clean baseline (the whole
// suite without a fault, run once by the baseline test below while the first faults run; baseline.ts),
// so a guarantee that fails without the fault is never a kill. CI runs a fixed sample, one fault per
// guarantee family; MESHI_KILL_MATRIX=full runs the whole catalogue (as `npm run kill-matrix`).
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
const FULL_SUITE_SAMPLE = setting('MESHI_KILL_MATRIX') === 'full' ? ['corr-header-missing', 'create-status-200', 'run-webhook-not-echoed'] : ['corr-header-missing'];

/** The first fault of each guarantee family, in catalogue order. */
function familySample(catalogue: readonly FaultSpec[]): FaultSpec[] {
  const seen = new Set<string>();
  return catalogue.filter((f) => !seen.has(f.family) && seen.add(f.family));
}

const selected = setting('MESHI_KILL_MATRIX') === 'full' ? faultCatalogue : familySample(faultCatalogue);

// Faults are independent: each worker starts its own mock (beforeAll) and runs its share.
test.describe.configure({ mode: 'parallel' });

let target: MockTarget | undefined;
let byGuarantee: Map<string, Set<string>>;
let baseline: Baseline | undefined;
// How long a fault test waits for the baseline test of this run to finish.
const BASELINE_WAIT_MS = 300_000;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  byGuarantee = specsByGuarantee(root);
  target = await startTarget();
});

/** The baseline this worker judges against (the baseline test's, or its own). */
async function baselineFor(workerIndex: number): Promise<Baseline> {
  baseline ??= await sharedBaseline(root, outDir, target!, workerIndex, BASELINE_WAIT_MS);
  return baseline;
}

test.afterAll(async () => {
  target?.child.kill('SIGTERM');
  mkdirSync(outDir, { recursive: true });
  const results = readResults(outDir, selected);
  const matrix = summarise(results, 'subset', results.reduce((t, r) => t + r.durationMs, 0), baseline?.summary ?? null);
  writeFileSync(join(outDir, 'kill-matrix.json'), JSON.stringify(matrix, null, 2));
  writeFileSync(join(outDir, 'kill-matrix.html'), renderHtml(matrix));
});

test('the CI sample holds one fault of every family of the catalogue', () => {
  const families = new Set(faultCatalogue.map((f) => f.family));
  expect(new Set(familySample(faultCatalogue).map((f) => f.family))).toEqual(families);
});

test('the baseline is clean: the whole suite without a fault ran, and every guarantee passed or was not exercised', async () => {
  test.setTimeout(600_000);
  baseline = await produceBaseline(root, outDir, target!);
  expect(baseline.summary.problem, 'the baseline run could be judged').toBeNull();
  expect(baseline.summary.specs).toBe('all');
  expect(baseline.summary.failing, 'guarantees not holding without any fault').toEqual([]);
});

// The whole-suite faults first: they keep the other workers busy while the baseline runs.
for (const name of FULL_SUITE_SAMPLE) {
  test(`fault ${name} against the whole suite: killed, attributed, no collateral`, async ({}, testInfo) => {
    test.setTimeout(600_000 + BASELINE_WAIT_MS);
    const fault = faultCatalogue.find((f) => f.name === name);
    expect(fault, `${name} is in the catalogue`).toBeDefined();
    const full = await runFault(root, join(outDir, 'sample-full'), target!, fault!, 'all', () => baselineFor(testInfo.workerIndex));
    expect(full.collateral, `${name}: guarantees failed besides ${fault!.guarantee} and its alsoBreaks list`).toEqual([]);
    expect(full.outcome, `${name}: failed ${JSON.stringify(full.failed)}${full.note ? `; ${full.note}` : ''}`).toBe('killed');
    expect(full.rootCauses, `${name}: one fault reads as one root cause`).toBe(1);
  });
}

for (const fault of selected) {
  test(`fault ${fault.name} is killed: the harness fails ${fault.guarantee}`, async ({}, testInfo) => {
    test.setTimeout(240_000 + BASELINE_WAIT_MS);
    rmSync(join(outDir, 'runs', fault.name), { recursive: true, force: true });
    const result = await runFault(root, outDir, target!, fault, specsForFault(fault.guarantee, byGuarantee), () => baselineFor(testInfo.workerIndex));
    expect(result.outcome, `${fault.name}: failed guarantees ${JSON.stringify(result.failed)}${result.note ? `; ${result.note}` : ''}`).toBe('killed');
  });
}
