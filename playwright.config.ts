// Playwright configuration: API-only (no browser, no webServer). Projects:
//   conformance — specs/ against the target (MESHI_BASE_URL, or the bundled mock started by
//                 harness/run/globalSetup.ts); retries only for transient failures (harness/http/transient.ts)
//   mock, harness, contract, tooling, contract-diff — the project's own tests (tests/<name>)
// Run one alone with `npx playwright test --project=conformance`.
import { defineConfig } from '@playwright/test';
import { loadConfig } from './harness/settings/config';
import { exitOnConfigError } from './harness/settings';

// The whole configuration is validated here, in every run of every project: a malformed setting (or
// the production host without MESHI_ALLOW_PRODUCTION=1) stops the run with one line naming the
// variable (exit 2), before any test starts.
const settings = exitOnConfigError(() => loadConfig());
const workers = settings.workers;
const transientRetries = settings.transientRetries;

export default defineConfig({
  globalSetup: './harness/run/globalSetup.ts',
  globalTeardown: './harness/run/globalTeardown.ts',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers,
  retries: 0,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  outputDir: 'test-results',
  reporter: [['list'], ['json', { outputFile: 'reports/results.json' }], ['junit', { outputFile: 'reports/junit.xml' }]],
  use: {
    extraHTTPHeaders: {},
    // Traces and videos would record request headers (credentials): never on.
    trace: 'off',
    video: 'off',
    screenshot: 'off',
  },
  // Listed longest first: Playwright hands test files (and each test of a parallel file) to the
  // workers in this order, so the projects made of long child runs start at once (the kill matrix's
  // baseline first of all: its fault tests wait for it) and the short suites fill the workers at the
  // end, instead of one long child run starting last.
  projects: [
    { name: 'kill-matrix', testDir: './tests/kill-matrix', timeout: 300_000 },
    { name: 'evidence', testDir: './tests/evidence', timeout: 600_000 },
    { name: 'properties-selftest', testDir: './tests/properties', timeout: 900_000 },
    { name: 'selftest', testDir: './tests/conformance', timeout: 600_000 },
    // report.html in the system Chromium (never downloaded); skipped, saying how to install it, when absent.
    { name: 'report-browser', testDir: './tests/report-browser', timeout: 120_000 },
    { name: 'report', testDir: './tests/report', testIgnore: '**/fixtures/**' },
    // Independent tests (pid-unique .sdk roots, per-test output folders): spread over the workers.
    { name: 'contract-diff', testDir: './tests/contract-diff', fullyParallel: true },
    // Single long tests (tsc over the project, the retry policy's child runs, --help of every command).
    { name: 'tooling', testDir: './tests/tooling' },
    { name: 'harness', testDir: './tests/harness' },
    { name: 'release', testDir: './tests/release' },
    {
      name: 'conformance',
      testDir: './specs',
      // A retry runs only when the previous attempt ended transiently (otherwise the transientGate
      // fixture fails it at once, repeating the errors), so a conformance failure is never turned
      // into a flaky pass.
      retries: transientRetries,
    },
    { name: 'mock', testDir: './tests/mock' },
    { name: 'contract', testDir: './tests/contract' },
  ],
});
