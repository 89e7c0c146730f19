// The fault kill matrix: every catalogue fault, switched on in one shared mock through its admin
// API, must make the harness fail the guarantee the fault declares it breaks (killed), not only
// others (misattributed), and not nothing (survived). The matrix is written to reports/kill-matrix.
import { test, expect } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { faultCatalogue } from '../../mock/faults/catalogue';
import { runFault, startTarget, summarise, type FaultResult, type MockTarget } from '../../scripts/killMatrix/run';
import { specsByGuarantee, specsForFault } from '../../scripts/killMatrix/plan';
import { renderHtml } from '../../scripts/killMatrix/render';

const root = new URL('../..', import.meta.url).pathname;
const outDir = join(root, 'reports/kill-matrix');
// Faults of different families whose subset verdict is checked against the full suite.
const FULL_SUITE_SAMPLE = ['corr-mismatch', 'create-duplicate-accepted'];

test.describe.configure({ mode: 'serial' });

let target: MockTarget;
let byGuarantee: Map<string, Set<string>>;
const results: FaultResult[] = [];
const started = Date.now();

test.beforeAll(async () => {
  test.setTimeout(120_000);
  byGuarantee = specsByGuarantee(root);
  target = await startTarget();
});

test.afterAll(async () => {
  target?.child.kill('SIGTERM');
  mkdirSync(outDir, { recursive: true });
  const matrix = summarise(results, 'subset', Date.now() - started);
  writeFileSync(join(outDir, 'kill-matrix.json'), JSON.stringify(matrix, null, 2));
  writeFileSync(join(outDir, 'kill-matrix.html'), renderHtml(matrix));
});

for (const fault of faultCatalogue) {
  test(`fault ${fault.name} is killed: the harness fails ${fault.guarantee}`, async () => {
    test.setTimeout(240_000);
    const result = await runFault(root, outDir, target, fault, specsForFault(fault.guarantee, byGuarantee));
    results.push(result);
    expect(result.outcome, `${fault.name}: failed guarantees ${JSON.stringify(result.failed)}${result.note ? `; ${result.note}` : ''}`).toBe('killed');
  });
}

test('the spec subsets give the same verdict as the full suite on a sample of faults', async () => {
  test.setTimeout(600_000);
  for (const name of FULL_SUITE_SAMPLE) {
    const fault = faultCatalogue.find((f) => f.name === name);
    expect(fault, `${name} is in the catalogue`).toBeDefined();
    const subset = await runFault(root, join(outDir, 'sample-subset'), target, fault!, specsForFault(fault!.guarantee, byGuarantee));
    const full = await runFault(root, join(outDir, 'sample-full'), target, fault!, 'all');
    expect(full.outcome, `${name} with the full suite`).toBe(subset.outcome);
    expect(full.failed.includes(fault!.guarantee)).toBe(subset.failed.includes(fault!.guarantee));
  }
});
