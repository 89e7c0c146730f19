// kill-matrix.html: a viewport, each fault's description and a link to its own report, and the
// collateral column only when the matrix records collateral.
import { test, expect } from '@playwright/test';
import { faultCatalogue } from '../../mock/faults/catalogue';
import { renderHtml } from '../../scripts/killMatrix/render';
import { summarise, type FaultResult } from '../../scripts/killMatrix/run';

const fault = faultCatalogue.find((f) => f.name === 'create-status-200')!;
const result: FaultResult = {
  fault: fault.name,
  guarantee: fault.guarantee,
  family: fault.family,
  outcome: 'killed',
  verdict: 'failed',
  baselineVerdict: 'passed',
  failed: [fault.guarantee, 'SCHEMA-02', 'EVT-04'],
  flaky: [],
  collateral: [],
  rootCauses: 1,
  exitCode: 1,
  specs: 'all',
  durationMs: 4200,
  note: null,
};
// A kill-matrix.json written before the matrix recorded collateral.
const older = (({ collateral: _c, ...rest }) => rest)(result) as unknown as FaultResult;

test('kill-matrix.html: viewport, description, per-fault link; no collateral column without data', () => {
  const html = renderHtml(summarise([older], 'full', 5000));
  expect(html).toContain('<meta name="viewport" content="width=device-width,initial-scale=1">');
  expect(html).toContain('href="runs/create-status-200/report.html"');
  expect(html).toContain(fault.description.replace(/'/g, '&#39;').replace(/"/g, '&quot;'));
  expect(html).not.toContain('<th scope="col">collateral</th>');
});

test('kill-matrix.html: the collateral column lists what a fault broke outside its allowed list', () => {
  const withCollateral: FaultResult = { ...result, collateral: ['EVT-04'] };
  const clean: FaultResult = { ...result, fault: 'other' };
  const html = renderHtml(summarise([withCollateral, clean], 'full', 5000));
  expect(html).toContain('<th scope="col">collateral</th>');
  expect(html).toContain('<td class="bad">EVT-04</td>');
  expect(html).toContain('<td class="">none</td>');
});
