// `npm run false-alarms`: the full conformance suite against the clean bundled mock three times
// with different seeds, then once with 150 ms added latency and once with 5 % transient 503s on
// reads. Prints, per run, the failed guarantees (must be none), the guarantees left inconclusive
// by transient answers, and the time. Exits 1 on any failure. Figures, not a test.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ConformanceReport } from '../reporter/types';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const loader = pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href;

const runs: { name: string; env: Record<string, string> }[] = [
  { name: 'clean, seed 1', env: { MESHI_SEED: '1' } },
  { name: 'clean, seed 2', env: { MESHI_SEED: '2' } },
  { name: 'clean, seed 3', env: { MESHI_SEED: '3' } },
  { name: '150 ms latency', env: { MOCK_ADDED_LATENCY_MS: '150' } },
  { name: '5 % transient 503s', env: { MOCK_TRANSIENT_FAILURE_RATE: '0.05' } },
];

let failures = 0;
for (const [i, run] of runs.entries()) {
  const reportDir = join(root, 'reports/false-alarms', String(i + 1));
  const t0 = Date.now();
  const child = spawnSync(process.execPath, ['--import', loader, join(root, 'scripts/conformance.ts'), '--report-dir', reportDir], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'ignore'],
    env: { ...process.env, ...run.env, MESHI_BASE_URL: '' },
  });
  const report = JSON.parse(readFileSync(join(reportDir, 'conformance-report.json'), 'utf8')) as ConformanceReport;
  const failed = report.guarantees.filter((g) => g.observed === 'failed' || g.observed === 'flaky').map((g) => g.id);
  const inconclusive = report.guarantees.filter((g) => g.verdict === 'not-exercised').length;
  failures += failed.length;
  console.log(
    `${run.name.padEnd(20)} exit ${child.status}  ${report.totals.passed}/${report.totals.guarantees} passed, ` +
      `${failed.length} failed${failed.length ? ` (${failed.join(' ')})` : ''}, ${inconclusive} not exercised, ` +
      `${report.totals.tests.transient} tests transient-only, ${((Date.now() - t0) / 1000).toFixed(0)} s`,
  );
}
console.log(failures ? `false alarms: ${failures} failed guarantee verdicts` : 'false alarms: none');
process.exit(failures ? 1 : 0);
