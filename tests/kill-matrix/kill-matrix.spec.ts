// The fault kill matrix: every catalogue fault, switched on in one shared mock through its admin
// API, must make the harness fail the guarantee the fault declares it breaks (killed), not only
// others (misattributed), and not nothing (survived). CI runs a fixed sample, one fault per
// guarantee family; MESHI_KILL_MATRIX=full runs the whole catalogue (as `npm run kill-matrix`).
// The matrix is written to reports/kill-matrix.
import { test, expect } from '@playwright/test';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setting } from '../../harness/settings';
import { faultCatalogue } from '../../mock/faults/catalogue';
import type { FaultSpec } from '../../mock/faults/switch';
import { readResults, runFault, startTarget, summarise, type MockTarget } from '../../scripts/killMatrix/run';
import { specsByGuarantee, specsForFault } from '../../scripts/killMatrix/plan';
import { renderHtml } from '../../scripts/killMatrix/render';

const root = new URL('../..', import.meta.url).pathname;
const outDir = join(root, 'reports/kill-matrix');
// Faults whose subset verdict is checked against the full suite (each costs two whole runs):
// one in CI, one per layer (HTTP, domain) with MESHI_KILL_MATRIX=full.
const FULL_SUITE_SAMPLE = setting('MESHI_KILL_MATRIX') === 'full' ? ['create-duplicate-accepted', 'run-webhook-not-echoed'] : ['create-duplicate-accepted'];

/** The first fault of each guarantee family, in catalogue order. */
function familySample(catalogue: readonly FaultSpec[]): FaultSpec[] {
  const seen = new Set<string>();
  return catalogue.filter((f) => !seen.has(f.family) && seen.add(f.family));
}

const selected = setting('MESHI_KILL_MATRIX') === 'full' ? faultCatalogue : familySample(faultCatalogue);

let target: MockTarget | undefined;
let byGuarantee: Map<string, Set<string>>;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  byGuarantee = specsByGuarantee(root);
  target = await startTarget();
});

test.afterAll(async () => {
  target?.child.kill('SIGTERM');
  mkdirSync(outDir, { recursive: true });
  const results = readResults(outDir, selected);
  const matrix = summarise(results, 'subset', results.reduce((t, r) => t + r.durationMs, 0));
  writeFileSync(join(outDir, 'kill-matrix.json'), JSON.stringify(matrix, null, 2));
  writeFileSync(join(outDir, 'kill-matrix.html'), renderHtml(matrix));
});

test('the CI sample holds one fault of every family of the catalogue', () => {
  const families = new Set(faultCatalogue.map((f) => f.family));
  expect(new Set(familySample(faultCatalogue).map((f) => f.family))).toEqual(families);
});

for (const fault of selected) {
  test(`fault ${fault.name} is killed: the harness fails ${fault.guarantee}`, async () => {
    test.setTimeout(240_000);
    rmSync(join(outDir, 'runs', fault.name), { recursive: true, force: true });
    const result = await runFault(root, outDir, target!, fault, specsForFault(fault.guarantee, byGuarantee));
    expect(result.outcome, `${fault.name}: failed guarantees ${JSON.stringify(result.failed)}${result.note ? `; ${result.note}` : ''}`).toBe('killed');
  });
}

test('the spec subsets give the same verdict as the full suite on a sample of faults', async () => {
  test.setTimeout(900_000);
  for (const name of FULL_SUITE_SAMPLE) {
    const fault = faultCatalogue.find((f) => f.name === name);
    expect(fault, `${name} is in the catalogue`).toBeDefined();
    const subset = await runFault(root, join(outDir, 'sample-subset'), target!, fault!, specsForFault(fault!.guarantee, byGuarantee));
    const full = await runFault(root, join(outDir, 'sample-full'), target!, fault!, 'all');
    expect(full.outcome, `${name} with the full suite`).toBe(subset.outcome);
    expect(full.failed.includes(fault!.guarantee)).toBe(subset.failed.includes(fault!.guarantee));
  }
});
