// The harness catches deliberate faults and names the guarantee: for faults of seven different
// families from the mock's catalogue, a reference mock runs with exactly that fault on, a small
// slice of the conformance suites runs against it (child `playwright test --project=conformance`),
// and the run must fail with the fault's guarantee ID in brackets in the failing test's output.

import { test, expect } from '@playwright/test';
import { faultCatalogue } from '../../mock/faults/catalogue';
import { describeRun, errorText, runConformance, startMock } from './childRun';

/** Fault name → the spec slice that must catch it. */
const SLICES: readonly { fault: string; files: string[]; grep: string }[] = [
  { fault: 'corr-not-echoed', files: ['specs/correlation.spec.ts'], grep: 'CORR-03' },
  { fault: 'error-extra-field', files: ['specs/errors.spec.ts'], grep: 'ERR-01 ERR-02' },
  { fault: 'head-with-body', files: ['specs/http.spec.ts'], grep: 'HTTP-02' },
  { fault: 'uuid-leak-header', files: ['specs/uuid.spec.ts'], grep: 'UUID-02' },
  { fault: 'alias-body-differs', files: ['specs/alias.spec.ts'], grep: 'ALIAS-02' },
  { fault: 'read-key-can-write', files: ['specs/auth.spec.ts'], grep: 'SCOPE-01' },
  { fault: 'rate-limit-no-retry-after', files: ['specs/rate-limits.spec.ts'], grep: 'RATE-01' },
];

test('the suites fail and name the guarantee against catalogue faults of at least five families', async ({}, testInfo) => {
  const chosen = SLICES.map((s) => {
    const spec = faultCatalogue.find((f) => f.name === s.fault);
    expect(spec, `fault ${s.fault} is in mock/faults/catalogue.ts`).toBeDefined();
    return { ...s, guarantee: spec!.guarantee, family: spec!.family };
  });
  expect(new Set(chosen.map((c) => c.family)).size, 'faults of at least five different families').toBeGreaterThanOrEqual(5);

  // A clean baseline: the same slices pass against the mock without faults (so a failure below is the fault's doing).
  const outcomes: string[] = [];
  const runOne = async (c: (typeof chosen)[number] | null) => {
    const { mock } = await startMock(c ? { faults: [c.fault] } : {});
    try {
      const files = c ? c.files : [...new Set(chosen.flatMap((x) => x.files))];
      const grep = c ? c.grep : chosen.map((x) => x.grep).join('|');
      return await runConformance({ mock, files, grep, outDir: testInfo.outputPath(c ? c.fault : 'baseline'), transientRetries: 0, workers: c ? 1 : 2 });
    } finally {
      await mock.close();
    }
  };

  const baseline = await runOne(null);
  outcomes.push(`baseline: ${describeRun(baseline)}`);
  expect(baseline.report.stats.unexpected, `the slices pass without faults:\n${describeRun(baseline)}`).toBe(0);
  expect(baseline.tests.length, 'the baseline ran every slice').toBeGreaterThanOrEqual(chosen.length);

  // Three faults at a time.
  for (let i = 0; i < chosen.length; i += 3) {
    const batch = chosen.slice(i, i + 3);
    const runs = await Promise.all(batch.map((c) => runOne(c)));
    batch.forEach((c, k) => {
      const run = runs[k]!;
      const summary = describeRun(run);
      outcomes.push(`${c.fault} (${c.guarantee}): ${summary}`);
      const failing = run.tests.filter((t) => t.status === 'unexpected' || t.status === 'flaky');
      expect(run.tests.length, `${c.fault}: the slice ran (${summary})`).toBeGreaterThan(0);
      expect(run.exitCode, `${c.fault}: the conformance run fails:\n${summary}`).not.toBe(0);
      expect(failing.length, `${c.fault}: some test fails:\n${summary}`).toBeGreaterThan(0);
      expect(
        failing.some((t) => errorText(t).includes(`[${c.guarantee}]`)),
        `${c.fault}: a failing test names [${c.guarantee}] in its output:\n${summary}`,
      ).toBe(true);
    });
  }
  await testInfo.attach('fault-runs.txt', { body: outcomes.join('\n\n'), contentType: 'text/plain' });
});
