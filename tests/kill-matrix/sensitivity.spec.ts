// Sensitivity per guarantee in kill-matrix.json, and the file against its published schema
// (contracts/kill-matrix.schema.json), on synthetic fault results.
import { test, expect } from '@playwright/test';
import { faultCatalogue } from '../../mock/faults/catalogue';
import { loadCatalogue } from '../../reporter/catalogue';
import { summarise } from '../../scripts/killMatrix/run';
import { FAULT_OUTCOMES, type FaultOutcome, type FaultResult } from '../../scripts/killMatrix/types';
import { killMatrixSchema, killMatrixSchemaErrors } from './schema';

const catalogue = loadCatalogue();

function result(fault: string, outcome: FaultOutcome): FaultResult {
  const spec = faultCatalogue.find((f) => f.name === fault)!;
  const killed = outcome === 'killed' || outcome === 'collateral';
  return {
    fault,
    guarantee: spec.guarantee,
    family: spec.family,
    outcome,
    verdict: killed ? 'failed' : 'passed',
    baselineVerdict: 'passed',
    failed: killed ? [spec.guarantee] : [],
    flaky: [],
    collateral: outcome === 'collateral' ? ['SCHEMA-01'] : [],
    rootCauses: killed ? 1 : 0,
    exitCode: killed ? 1 : 0,
    specs: { files: ['specs/pagination.spec.ts'], grep: '(^|\\s)PAGE-01[ :]' },
    durationMs: 1000,
    note: null,
  };
}

// PAGE-01 has two catalogue faults: one killed, one survived; UUID-01 has two, one killed with collateral, one error.
const results = [
  result('page-repeats-item', 'killed'),
  result('page-skips-item', 'survived'),
  result('uuid-leak-nested', 'collateral'),
  result('run-error-leaks-uuid', 'error'),
];
const baseline = { specs: 'all' as const, alwaysOn: [], exitCode: 0, problem: null, failing: [], durationMs: 20_000 };

test('sensitivity: one line per catalogue guarantee, killed / injected, null without an injected fault', () => {
  const { sensitivity } = summarise(results, 'full', 5000, baseline);
  expect(sensitivity.guarantees.map((g) => g.id)).toEqual(catalogue.guarantees.map((g) => g.id));
  const byId = new Map(sensitivity.guarantees.map((g) => [g.id, g]));
  expect(byId.get('PAGE-01')).toMatchObject({ catalogueFaults: 2, injected: 2, killed: 1, survived: 1, other: 0, score: 0.5 });
  expect(byId.get('UUID-01')).toMatchObject({ catalogueFaults: 2, injected: 2, killed: 1, survived: 0, other: 1, score: 0.5 });
  expect(byId.get('PAGE-01')!.faults).toEqual([
    { fault: 'page-repeats-item', outcome: 'killed' },
    { fault: 'page-skips-item', outcome: 'survived' },
  ]);
  const notRun = byId.get('CORR-01')!;
  expect(notRun).toMatchObject({ injected: 0, killed: 0, score: null });
  expect(notRun.catalogueFaults).toBeGreaterThan(0);
});

test('sensitivity lists the guarantees no catalogue fault declares, the documented ones apart', () => {
  const { sensitivity } = summarise(results, 'full', 5000, baseline);
  const faulted = new Set(faultCatalogue.map((f) => f.guarantee));
  const without = catalogue.guarantees.filter((g) => !faulted.has(g.id));
  expect(sensitivity.withoutFault).toEqual(without.map((g) => g.id));
  expect(sensitivity.documentedWithoutFault).toEqual(without.filter((g) => g.provenance === 'documented').map((g) => g.id));
  for (const id of sensitivity.withoutFault)
    expect(sensitivity.guarantees.find((g) => g.id === id)).toMatchObject({ catalogueFaults: 0, injected: 0, score: null });
});

test('kill-matrix.json is valid against contracts/kill-matrix.schema.json, and the schema knows every outcome', () => {
  const matrix = summarise(results, 'full', 5000, baseline);
  expect(killMatrixSchemaErrors(JSON.parse(JSON.stringify(matrix)))).toEqual([]);
  expect(killMatrixSchemaErrors({ ...matrix, baseline: null }), 'a matrix without a baseline (none recorded)').toEqual([]);
  expect(killMatrixSchemaErrors({ ...matrix, faults: [{ ...results[0], outcome: 'timed-out' }] }), 'an unknown outcome').not.toEqual([]);
  expect(
    killMatrixSchemaErrors({
      ...matrix,
      sensitivity: { ...matrix.sensitivity, guarantees: [{ ...matrix.sensitivity.guarantees[0], score: 2 }] },
    }),
    'a score above 1',
  ).not.toEqual([]);
  const defs = killMatrixSchema().$defs as Record<string, { enum?: string[] }>;
  expect(defs.outcome!.enum).toEqual([...FAULT_OUTCOMES]);
  expect(matrix.errors).toEqual(['run-error-leaks-uuid']);
  expect(matrix.collateral).toEqual(['uuid-leak-nested']);
  expect(matrix.killed).toBe(1);
});
