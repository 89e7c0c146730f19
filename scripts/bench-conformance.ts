// `npm run bench:conformance`: the red path's speed, back to back on this machine. Runs the full
// conformance suite against the bundled mock clean, with one universal fault (every response
// violates CORR-01) and with three unrelated faults, and prints each run's wall time, requests,
// failed tests and root causes, and the ratios to the clean run (goals: ≤ 2.0× and ≤ 1.5×). Also
// what a worker pays at start: importing the harness fixtures in a fresh process. Figures, not a test.
//   npm run bench:conformance [-- --only clean|universal|three] [-- <playwright args>]
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ConformanceReport } from '../reporter/types';
import { TSX_LOADER } from '../harness/run/toolPaths';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const loader = TSX_LOADER;

interface Scenario {
  readonly name: string;
  readonly faults: string;
  readonly goal: number | null;
}

const SCENARIOS: readonly Scenario[] = [
  { name: 'clean', faults: '', goal: null },
  { name: 'universal', faults: 'corr-header-missing', goal: 2.0 },
  { name: 'three', faults: 'create-status-200,page-repeats-item,uuid-leak-nested', goal: 1.5 },
];

interface Figures {
  readonly scenario: Scenario;
  readonly exit: number | null;
  readonly wallMs: number;
  readonly report: ConformanceReport;
}

function run(s: Scenario, extra: readonly string[]): Figures {
  const reportDir = join(root, 'reports/bench-conformance', s.name);
  const t0 = process.hrtime.bigint();
  const child = spawnSync(
    process.execPath,
    ['--import', loader, join(root, 'scripts/conformance.ts'), '--report-dir', reportDir, ...extra],
    { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, MESHI_MOCK_FAULTS: s.faults } },
  );
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const report = JSON.parse(readFileSync(join(reportDir, 'conformance-report.json'), 'utf8')) as ConformanceReport;
  return { scenario: s, exit: child.status, wallMs, report };
}

function describe(f: Figures): string {
  // CORR-01 is checked on every response the suites received, so its coverage counts the requests.
  const corr = f.report.guarantees.find((g) => g.id === 'CORR-01')?.universalCoverage;
  const requests = corr ? corr.checkedResponses + corr.exemptedResponses : NaN;
  const t = f.report.totals;
  return [
    `${f.scenario.name}${f.scenario.faults ? ` (MESHI_MOCK_FAULTS=${f.scenario.faults})` : ''}: exit ${f.exit}`,
    `  wall time ${(f.wallMs / 1000).toFixed(1)} s (Playwright run ${(f.report.run.durationMs / 1000).toFixed(1)} s), ${requests} requests`,
    `  tests ${t.tests.total}: ${t.tests.passed} passed, ${t.tests.failed} failed, ${t.tests.skipped} skipped (blocked or profile), ${t.tests.transient} transient`,
    `  guarantees: ${t.failed} failed [${f.report.guarantees
      .filter((g) => g.verdict === 'failed')
      .map((g) => g.id)
      .join(', ')}], ${t.notExercised} not exercised`,
    `  root causes: ${f.report.rootCauses.length}${f.report.rootCauses
      .slice(0, 4)
      .map((c) => `\n    - ${c.summary}`)
      .join('')}`,
  ].join('\n');
}

/** What a worker pays before its first test: loading the harness fixtures (and everything they import). */
function workerImportMs(): number {
  const code = `const t=performance.now(); await import(${JSON.stringify(pathToFileURL(join(root, 'harness/run/fixtures.ts')).href)}); console.log(performance.now()-t);`;
  const samples: number[] = [];
  for (let i = 0; i < 3; i++) {
    const r = spawnSync(process.execPath, ['--import', loader, '--input-type=module', '-e', code], {
      cwd: root,
      encoding: 'utf8',
      env: process.env,
    });
    const ms = Number(r.stdout.trim().split('\n').pop());
    if (Number.isFinite(ms)) samples.push(ms);
  }
  return samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)] ?? NaN;
}

const args = process.argv.slice(2);
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? args[onlyAt + 1] : undefined;
const extra = onlyAt >= 0 ? [...args.slice(0, onlyAt), ...args.slice(onlyAt + 2)] : args;
const results = SCENARIOS.filter((s) => !only || s.name === only).map((s) => run(s, extra));
for (const f of results) console.log(describe(f));
const clean = results.find((f) => f.scenario.name === 'clean');
if (clean) {
  for (const f of results) {
    if (!f.scenario.goal) continue;
    const ratio = f.wallMs / clean.wallMs;
    console.log(
      `ratio ${f.scenario.name}/clean: ${ratio.toFixed(2)}× (goal ≤ ${f.scenario.goal.toFixed(1)}×) ${ratio <= f.scenario.goal ? 'OK' : 'OVER'}`,
    );
  }
}
console.log(`worker start: importing harness/run/fixtures takes ${workerImportMs().toFixed(0)} ms (median of 3 fresh processes)`);
process.exit(clean && clean.exit !== 0 ? 1 : 0);
