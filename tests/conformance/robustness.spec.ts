// The suite stays correct against a slow and a flaky target: a subset of the conformance suites
// runs (as a child `playwright test --project=conformance`) against the reference mock with
// 150 ms added latency, then with 5 % transient 503s on reads. Both runs must report zero
// failures; in the 503 run the transient answers must be visible in the record (annotations,
// retried attempts), never reported as conformance failures nor silently passed.

import { test, expect, type TestInfo } from '@playwright/test';
import { defaultConfig } from '../../mock/config';
import { TransientFailures } from '../../mock/http/transient';
import { annotationsOf, describeRun, errorText, runConformance, startMock, type ChildRun } from './childRun';

// The two runs are independent (a mock each): spread over the workers.
test.describe.configure({ mode: 'parallel' });

const LATENCY_MS = 150;
const FAILURE_RATE = 0.05;

/** Tests whose attempts failed for anything but a transient answer, or that did not end passing. */
function realFailures(run: ChildRun): string[] {
  const out: string[] = [];
  for (const t of run.tests) {
    const last = t.results[t.results.length - 1];
    if (!last || last.status !== 'passed') out.push(`${t.title.slice(0, 80)}: last attempt ${last?.status ?? 'missing'}`);
    for (const r of t.results) {
      if (r.status !== 'failed' && r.status !== 'timedOut') continue;
      const messages = r.errors.map((e) => e.message ?? '');
      if (messages.length === 0 || messages.some((m) => !m.includes('[TRANSIENT]')))
        out.push(
          `${t.title.slice(0, 80)}: attempt ${r.retry + 1} failed for a non-transient reason: ${messages.join(' | ').slice(0, 300)}`,
        );
    }
  }
  return out;
}

/** The child run ran its subset (at least `min` tests) and ended with no real failure. */
async function expectCleanRun(run: ChildRun, testInfo: TestInfo, name: string, min: number, condition: string): Promise<string> {
  const summary = describeRun(run);
  await testInfo.attach(`${name}-run.txt`, { body: summary, contentType: 'text/plain' });
  expect(run.tests.length, `the subset ran (${summary})`).toBeGreaterThanOrEqual(min);
  expect(realFailures(run), `zero failures with ${condition}:\n${summary}`).toEqual([]);
  expect(run.report.stats.unexpected, `no unexpected outcome:\n${summary}`).toBe(0);
  return summary;
}

test('the suite passes against a target with 150 ms added latency', async ({}, testInfo) => {
  const { mock, requests } = await startMock({ addedLatencyMs: LATENCY_MS });
  try {
    // The latency is really there.
    const t0 = performance.now();
    const probe = await fetch(`${mock.baseUrl}/auth`, { headers: { authorization: `Bearer ${mock.keys.write}` } });
    expect(probe.status, 'the latency mock answers').toBe(200);
    expect(performance.now() - t0, `the mock adds ${LATENCY_MS} ms`).toBeGreaterThanOrEqual(LATENCY_MS - 5);

    const run = await runConformance({
      mock,
      files: [
        'specs/canonical-flow.spec.ts',
        'specs/correlation.spec.ts',
        'specs/alias.spec.ts',
        'specs/http.spec.ts',
        'specs/rate-limits.spec.ts',
      ],
      grep: 'canonical-flow|CORR-01|CORR-02|ALIAS-03|HTTP-04|HTTP-07|RATE-04',
      outDir: testInfo.outputPath('latency'),
      transientRetries: 2,
    });
    const summary = await expectCleanRun(run, testInfo, 'latency', 6, `${LATENCY_MS} ms latency`);
    expect(run.exitCode, `the child run exits 0:\n${summary}`).toBe(0);
    expect(requests.length, 'the child talked to this mock').toBeGreaterThan(50);
  } finally {
    await mock.close();
  }
});

test('the suite passes against a target with 5 % transient 503s, the retries visible in the record', async ({}, testInfo) => {
  // A seed whose very first read fails, so at least one transient answer is certain (the rest are
  // pseudo-random at the configured rate), using the mock's own generator.
  let seed = 1;
  while (!new TransientFailures({ ...defaultConfig(), seed, transientFailureRate: FAILURE_RATE }).fails()) seed++;
  const { mock, requests } = await startMock({ transientFailureRate: FAILURE_RATE, seed });
  try {
    const run = await runConformance({
      mock,
      // Not the rate-limit exhaustion test: a 503 in the middle of exhausting a window leaves it
      // half spent, so its retry meets 429s early (inconclusive, not wrong, but never a pass).
      files: ['specs/http.spec.ts', 'specs/errors.spec.ts', 'specs/auth.spec.ts', 'specs/correlation.spec.ts', 'specs/uuid.spec.ts'],
      grep: 'HTTP-01|HTTP-05|HTTP-06|HTTP-07|ERR-01|ERR-04|SCHEMA-02|AUTH-0[1-4]|CORR-02|UUID-02',
      outDir: testInfo.outputPath('transient'),
      transientRetries: 10,
    });
    const served503 = requests.filter((r) => r.status === 503).length;
    expect(served503, 'the mock answered some reads with 503').toBeGreaterThan(0);
    const summary = await expectCleanRun(run, testInfo, 'transient', 10, `${FAILURE_RATE * 100} % transient 503s (${served503} served)`);

    // Every transient answer is in the record: annotated set-up retries and polls, or a
    // conformance attempt marked transient and re-run.
    const transientNotes = run.tests.flatMap((t) => annotationsOf(t).filter((a) => a.type === 'transient' || a.type === 'transient-retry'));
    const retriedAttempts = run.tests.flatMap((t) => t.results.filter((r) => r.retry > 0));
    expect(
      transientNotes.length,
      `the transient answers are visible as annotations (${served503} 503s served):\n${summary}`,
    ).toBeGreaterThan(0);
    for (const t of run.tests.filter((x) => x.results.length > 1)) {
      expect(errorText(t), `${t.title.slice(0, 60)}: a retried test failed only transiently`).toContain('[TRANSIENT]');
      expect(
        annotationsOf(t).some((a) => a.type === 'transient-retry'),
        `${t.title.slice(0, 60)}: its retry is annotated transient-retry`,
      ).toBe(true);
    }
    await testInfo.attach('transient-record.json', {
      body: JSON.stringify({ seed, served503, annotations: transientNotes, retriedAttempts: retriedAttempts.length }, null, 2),
      contentType: 'application/json',
    });
  } finally {
    await mock.close();
  }
});
