// `npm run bench:conformance`: wall time and request count of the full conformance suite against
// the bundled mock (started by the run), printed as figures. Not a test.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ConformanceReport } from '../reporter/types';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const reportDir = join(root, 'reports/bench-conformance');
const loader = pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href;

const t0 = process.hrtime.bigint();
const run = spawnSync(process.execPath, ['--import', loader, join(root, 'scripts/conformance.ts'), '--report-dir', reportDir, ...process.argv.slice(2)], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
  env: process.env,
});
const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
const report = JSON.parse(readFileSync(join(reportDir, 'conformance-report.json'), 'utf8')) as ConformanceReport;
// CORR-01 is checked on every response the suites received, so its coverage counts the requests.
const corr = report.guarantees.find((g) => g.id === 'CORR-01')?.universalCoverage;
const requests = corr ? corr.checkedResponses + corr.exemptedResponses : NaN;
const t = report.totals;
console.log(
  [
    `conformance suite against the bundled mock (exit ${run.status})`,
    `  wall time (whole command, incl. mock start): ${(wallMs / 1000).toFixed(1)} s`,
    `  Playwright run: ${(report.run.durationMs / 1000).toFixed(1)} s`,
    `  tests: ${t.tests.total} (${t.tests.passed} passed, ${t.tests.failed} failed, ${t.tests.skipped} skipped)`,
    `  guarantees: ${t.guarantees} (${t.passed} passed, ${t.failed} failed, ${t.notExercised} not exercised)`,
    `  requests: ${requests} (${(requests / (report.run.durationMs / 1000)).toFixed(0)} per second of run)`,
  ].join('\n'),
);
process.exit(run.status ?? 1);
