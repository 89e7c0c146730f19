// The transient retry policy end to end, in a nested Playwright run with retries: a transient
// attempt is re-run (and a pass after it is `flaky`, annotated); a real failure is never re-run
// into a pass (`unexpected` on every attempt, the errors repeated); a test that stays transient
// fails with [TRANSIENT] only.
import { test, expect } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const abs = (p: string) => join(root, p);

const spec = `
import { test, expect } from '${abs('harness/run/fixtures')}';
import { TransientError } from '${abs('harness/verdicts/errors')}';
import { markTransientAttempt } from '${abs('harness/http/transient')}';

test('transient then passes', async ({}, testInfo) => {
  if (testInfo.retry === 0) { markTransientAttempt(testInfo, 'simulated 503'); throw new TransientError('simulated 503', 503); }
});
test('always transient', async ({}, testInfo) => {
  markTransientAttempt(testInfo, 'simulated 503');
  throw new TransientError('simulated 503', 503);
});
test('real failure then would pass', async ({}, testInfo) => {
  if (testInfo.retry === 0) expect(1, '[CORR-01] simulated conformance failure').toBe(2);
});
test('soft violation then transient', async ({}, testInfo) => {
  if (testInfo.retry === 0) {
    expect.soft(1, '[CORR-02] simulated violation').toBe(2);
    markTransientAttempt(testInfo, 'simulated 503');
    throw new TransientError('simulated 503', 503);
  }
});
`;

// Absolute imports: the nested directory may sit outside the repository (--output).
const config = `
import { defineConfig } from '${abs('node_modules/@playwright/test/index.mjs')}';
export default defineConfig({ testDir: '.', retries: 2, workers: 1, reporter: [['json']], outputDir: './out' });
`;

interface Result {
  status: string;
  errors: { message?: string }[];
  annotations: { type: string }[];
}

test('transient attempts are retried; conformance failures never turn into passes', async ({}, testInfo) => {
  test.setTimeout(240_000); // ~10 worker starts in the nested run
  const dir = testInfo.outputPath('nested');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'policy.spec.ts'), spec);
  writeFileSync(join(dir, 'pw.config.ts'), config);
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}'); // ESM like the repository, wherever the output dir is
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !k.startsWith('MESHI_') && !k.startsWith('PW_') && k !== 'TEST_WORKER_INDEX' && k !== 'TEST_PARALLEL_INDEX',
    ),
  );
  const run = spawnSync(abs('node_modules/.bin/playwright'), ['test', '-c', join(dir, 'pw.config.ts')], {
    cwd: root,
    env,
    encoding: 'utf8',
    timeout: 230_000,
  });
  const start = run.stdout.indexOf('{');
  expect(start, run.stderr).toBeGreaterThanOrEqual(0);
  const report = JSON.parse(run.stdout.slice(start)) as {
    suites: { specs: { title: string; tests: { status: string; results: Result[] }[] }[] }[];
  };
  const byTitle = new Map(report.suites.flatMap((s) => s.specs).map((s) => [s.title, s.tests[0]!]));
  const t = (title: string) => byTitle.get(title)!;

  const flaky = t('transient then passes');
  expect(flaky.status).toBe('flaky');
  expect(flaky.results.map((r) => r.status)).toEqual(['failed', 'passed']);
  expect(flaky.results[1]!.annotations.map((a) => a.type)).toContain('transient-retry');

  const transient = t('always transient');
  expect(transient.status).toBe('unexpected');
  expect(transient.results.map((r) => r.status)).toEqual(['failed', 'failed', 'failed']);
  for (const r of transient.results) expect(r.errors[0]!.message).toMatch(/\[TRANSIENT\]/);
  for (const r of transient.results) expect((r.errors[0]!.message ?? '').split('\n')[0]).not.toMatch(/\[[A-Z]+-\d{2}\]/);

  const real = t('real failure then would pass');
  expect(real.status).toBe('unexpected');
  expect(real.results.map((r) => r.status)).toEqual(['failed', 'failed', 'failed']);
  expect(real.results[1]!.errors[0]!.message).toMatch(
    /^Error: not retried: attempt 1 failed for a non-transient reason.*\n.*\[CORR-01\] simulated conformance failure/s,
  );
  expect(real.results[2]!.errors[0]!.message).toContain('[CORR-01] simulated conformance failure');

  const mixed = t('soft violation then transient');
  expect(mixed.status).toBe('unexpected');
  expect(mixed.results[1]!.errors[0]!.message).toContain('[CORR-02] simulated violation');
});
