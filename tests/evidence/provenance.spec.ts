// Three provenance levels, documented > observed > provisional: the generator accepts `observed`
// (a catalogue entry needs its `observed: {target, first, last, runs}`), the report schema and the
// HTML filter know it, and the gate treats it like documented unless --observed-as-provisional.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { parse } from 'yaml';
import { evaluateGate } from '../../reporter/gate';
import { renderHtml } from '../../reporter/html';
import type { ConformanceReport } from '../../reporter/types';
import { parseArgs } from '../../scripts/conformance';
import { buildContractIndex } from '../../scripts/generate/contractModel';
import { catalogueProblems } from '../../scripts/generate/guaranteesModel';
import { attempt, documentedMust, provisionalNonUniversal, report, schemaErrors, testCase } from '../report/helpers';
import { ROOT } from './helpers';

const yaml = (file: string) => parse(readFileSync(join(ROOT, 'contracts', file), 'utf8'));

function asObserved(r: ConformanceReport, id: string): ConformanceReport {
  return { ...r, guarantees: r.guarantees.map((g) => (g.id === id ? { ...g, provenance: 'observed' } : g)) };
}

test('the gate blocks on a failed observed MUST like a documented one; --observed-as-provisional makes it a contract gap', () => {
  const p = provisionalNonUniversal();
  const r = asObserved(
    report([
      ...documentedMust().map((id) => testCase([id], [attempt('passed')])),
      testCase([p], [attempt('failed', { errors: [`[${p}] regressed`] })]),
    ]),
    p,
  );
  expect(schemaErrors(r)).toEqual([]);
  const byDefault = evaluateGate(r, { gate: true, strict: false });
  expect(byDefault.exitCode).toBe(1);
  expect(byDefault.blocking.map((b) => b.id)).toEqual([p]);
  const relaxed = evaluateGate(r, { gate: true, strict: false, observedAsProvisional: true });
  expect(relaxed).toMatchObject({ exitCode: 0, blocking: [] });
  expect(relaxed.gaps.map((g) => g.id)).toEqual([p]);
  expect(parseArgs(['--gate', '--observed-as-provisional']).observedAsProvisional).toBe(true);
  expect(parseArgs(['--gate']).observedAsProvisional).toBe(false);
  expect(renderHtml(r)).toMatch(new RegExp(`id="g-${p}"[^>]*data-provenance="observed"`));
});

test('the generator accepts observed provenance; an observed guarantee needs where and when it was seen', () => {
  const doc = yaml('partner-api.yaml');
  doc.paths['/events'].get.responses['200']['x-meshi-provenance'] = 'observed';
  expect(buildContractIndex(doc).operations.listEvents!.responses['200']!.provenance).toBe('observed');
  doc.paths['/events'].get.responses['200']['x-meshi-provenance'] = 'seen';
  expect(() => buildContractIndex(doc)).toThrow(/x-meshi-provenance missing or invalid/);

  const cat = yaml('guarantees.yaml');
  const index = buildContractIndex(yaml('partner-api.yaml'));
  const g = cat.guarantees.find((x: { provenance: string }) => x.provenance === 'provisional');
  g.provenance = 'observed';
  expect(catalogueProblems(cat, index)).toEqual([`${g.id}: observed guarantee without observed: {target, first, last, runs}`]);
  g.observed = { target: 'staging', first: '2026-11-01', last: '2026-12-01', runs: 30 };
  expect(catalogueProblems(cat, index)).toEqual([]);
});
