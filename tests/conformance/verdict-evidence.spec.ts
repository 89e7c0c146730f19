// No verdict without evidence, end to end: the conformance suites run as a child against a
// reference mock with the guarantee-matrix reporter, and the report must not pass what the run
// never looked at.
//   * every response without x-correlation-id (fault corr-header-missing), CORR suites only:
//     CORR-01 fails and CORR-02/03/04 — whose own tests were blocked and whose subject no
//     response showed — are not passed;
//   * specs/context.spec.ts alone: no alias call, no cursor, no Meshi-issued handle, no request
//     without a correlation ID, so ALIAS-03, UUID-03, UUID-04 and CORR-04 are not exercised;
//   * every GET answered 503 (the mock's transient-failure rate at 1) while the matching suite
//     polls its runs: the MATCH guarantees are inconclusive (not a RUN-02 violation) and the gate
//     exits non-zero.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { evaluateGate } from '../../reporter/gate';
import type { ConformanceReport } from '../../reporter/types';
import { describeRun, runConformance, startMock } from './childRun';
import type { MockServerOptions } from '../../mock/server';

test.describe.configure({ mode: 'parallel' });

async function judged(
  testInfo: { outputPath: (s: string) => string },
  name: string,
  mockOptions: MockServerOptions,
  files: string[],
  env: Record<string, string> = {},
) {
  const { mock } = await startMock(mockOptions);
  try {
    const outDir = testInfo.outputPath(name);
    const run = await runConformance({ mock, files, outDir, workers: 2, transientRetries: 0, conformanceReport: true, env });
    const report = JSON.parse(readFileSync(join(outDir, 'conformance', 'conformance-report.json'), 'utf8')) as ConformanceReport;
    const verdict = (id: string) => report.guarantees.find((g) => g.id === id)?.verdict;
    return { run, report, verdict, summary: describeRun(run) };
  } finally {
    await mock.close();
  }
}

test('a run whose responses carry no x-correlation-id does not pass CORR-02, CORR-03 or CORR-04', async ({}, testInfo) => {
  const { report, verdict, summary } = await judged(
    testInfo,
    'corr-header-missing',
    { faults: ['corr-header-missing'] },
    ['specs/correlation.spec.ts'],
    { CONFORMANCE_GUARANTEES: 'CORR' },
  );
  expect(verdict('CORR-01'), summary).toBe('failed');
  for (const id of ['CORR-02', 'CORR-03', 'CORR-04']) {
    const g = report.guarantees.find((x) => x.id === id)!;
    expect(g.verdict, `${id}: ${g.reason}`).not.toBe('passed');
    expect(g.evidence, id).toEqual({ exchanges: 0, tests: 0 });
  }
});

test('the context suite alone exercises no alias response, cursor, handle or server-made correlation ID', async ({}, testInfo) => {
  const { report, verdict, summary } = await judged(testInfo, 'context-only', {}, ['specs/context.spec.ts']);
  for (const id of ['ALIAS-03', 'UUID-03', 'UUID-04', 'CORR-04']) expect(verdict(id), `${id}\n${summary}`).toBe('not-exercised');
  // What it did look at passes, with the evidence that earned it.
  const corr = report.guarantees.find((g) => g.id === 'CORR-01')!;
  expect(corr.verdict).toBe('passed');
  expect(corr.evidence.exchanges).toBeGreaterThan(0);
  expect(corr.evidence.tests).toBeGreaterThan(0);
});

test('every GET answering 503 while matching runs are polled: the MATCH guarantees are inconclusive and the gate fails', async ({}, testInfo) => {
  const { report, verdict, summary } = await judged(testInfo, 'gets-503', { transientFailureRate: 1 }, ['specs/matching.spec.ts'], {
    MESHI_RUN_TIMEOUT_MS: '1500',
    CONFORMANCE_GUARANTEES: 'MATCH',
  });
  for (const id of ['MATCH-01', 'MATCH-02', 'MATCH-03', 'MATCH-04']) {
    const g = report.guarantees.find((x) => x.id === id)!;
    expect(g.verdict, `${id}: ${g.reason}\n${summary}`).toBe('inconclusive');
    expect(g.reason, id).toMatch(/transient|503/);
  }
  expect(verdict('RUN-02'), 'an outage is not a run that never finishes').not.toBe('failed');
  expect(report.rootCauses.filter((c) => c.guarantee === 'RUN-02')).toEqual([]);
  expect(evaluateGate(report, { gate: true, strict: false }).exitCode).toBe(1);
  expect(evaluateGate(report, { gate: true, strict: false }).reasons.join('\n')).toMatch(/inconclusive/);
});
