// End to end, the one small matrix run of the regression tests: a guarantee already failing
// without the fault is not killed. `corr-mismatch` stays on in the baseline and in the fault's run
// (it breaks CORR-02 and, by its sentence, CORR-03); the fault `corr-not-echoed` declares CORR-03,
// which therefore fails on both runs: baseline-failing, not killed. Only CORR-03's example tests run.
import { test, expect } from '@playwright/test';
import { join } from 'node:path';
import { faultCatalogue } from '../../mock/faults/catalogue';
import { runBaseline, runFault, startTarget, summarise } from '../../scripts/killMatrix/run';
import { KILL_MATRIX_DIR } from './baseline';
import { killMatrixSchemaErrors } from './schema';

const root = new URL('../..', import.meta.url).pathname;
const outDir = join(root, KILL_MATRIX_DIR, 'regression-baseline-failing');
const ALWAYS_ON = ['corr-mismatch'];
const FAULT = 'corr-not-echoed';
const specs = { files: ['specs/correlation.spec.ts'], grep: '(^|\\s)CORR-03[ :]' };

test('a guarantee already failing on the baseline (another fault always on) is baseline-failing, not killed', async () => {
  test.setTimeout(240_000);
  const fault = faultCatalogue.find((f) => f.name === FAULT)!;
  const broken = faultCatalogue.find((f) => f.name === ALWAYS_ON[0])!;
  expect([broken.guarantee, ...(broken.alsoBreaks ?? [])], 'the always-on fault breaks the fault’s guarantee').toContain(fault.guarantee);
  const target = await startTarget();
  try {
    const baseline = await runBaseline(root, outDir, target, specs, ALWAYS_ON);
    expect(baseline.summary.problem).toBeNull();
    expect(baseline.summary.failing).toContain(fault.guarantee);
    const result = await runFault(root, outDir, target, fault, specs, baseline, ALWAYS_ON);
    expect(result.verdict, `${fault.guarantee} fails with the fault too`).toBe('failed');
    expect(result.baselineVerdict).toBe('failed');
    expect(result.outcome, result.note ?? '').toBe('baseline-failing');
    expect(result.failed, 'nothing newly failed').toEqual([]);
    const matrix = summarise([result], 'subset', result.durationMs, baseline.summary);
    expect(matrix.baselineFailing).toEqual([FAULT]);
    expect(matrix.sensitivity.guarantees.find((g) => g.id === fault.guarantee)).toMatchObject({
      injected: 1,
      killed: 0,
      other: 1,
      score: 0,
    });
    expect(killMatrixSchemaErrors(JSON.parse(JSON.stringify(matrix)))).toEqual([]);
  } finally {
    target.child.kill('SIGTERM');
  }
});
