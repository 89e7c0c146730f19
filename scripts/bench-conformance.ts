// `npm run bench:conformance`: the red path's speed, back to back on this machine. Runs the full
// conformance suite against the bundled mock clean, with one universal fault (every response
// violates CORR-01) and with three unrelated faults, and prints each run's wall time, requests,
// failed tests and root causes, and the ratios to the clean run (goals: ≤ 2.0× and ≤ 1.5×). Also
// what a worker pays at start: importing the harness fixtures in a fresh process. Figures, not a test.
//   npm run bench:conformance [-- --only clean|universal|three] [-- <playwright args>]
// With `--against REV [--rounds N]`: the clean run of REV (a temporary worktree) and of this tree,
// alternated N times (default 3), and both medians — before and after a change, in one command.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

function run(s: Scenario, extra: readonly string[], tree = root): Figures {
  const reportDir = join(tree, 'reports/bench-conformance', s.name);
  const t0 = process.hrtime.bigint();
  const child = spawnSync(
    process.execPath,
    ['--import', loader, join(tree, 'scripts/conformance.ts'), '--report-dir', reportDir, ...extra],
    { cwd: tree, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, MESHI_MOCK_FAULTS: s.faults } },
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

/** Takes `--name value` out of the arguments. */
function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args.splice(at, 2)[1] : undefined;
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The clean run of `rev` and of this tree, alternated, so both see the same machine. */
function against(rev: string, rounds: number, extra: readonly string[]): number {
  const base = mkdtempSync(join(tmpdir(), 'bench-conformance-'));
  const git = (...a: string[]) => spawnSync('git', a, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (git('worktree', 'add', '--detach', base, rev).status !== 0) return 2;
  try {
    symlinkSync(join(root, 'node_modules'), join(base, 'node_modules'));
    const clean = SCENARIOS[0]!;
    const walls: Record<'before' | 'after', number[]> = { before: [], after: [] };
    let failed = 0;
    for (let i = 0; i < rounds; i++) {
      for (const [side, tree] of [
        ['before', base],
        ['after', root],
      ] as const) {
        const f = run(clean, extra, tree);
        if (f.exit !== 0) failed++;
        walls[side].push(f.wallMs);
        console.log(`round ${i + 1} ${side} (${side === 'before' ? rev : 'this tree'}): ${(f.wallMs / 1000).toFixed(1)} s, exit ${f.exit}`);
      }
    }
    const [b, a] = [median(walls.before), median(walls.after)];
    console.log(
      `clean wall, median of ${rounds}: before ${(b / 1000).toFixed(1)} s, after ${(a / 1000).toFixed(1)} s (${(a / b).toFixed(2)}×)`,
    );
    return failed ? 1 : 0;
  } finally {
    git('worktree', 'remove', '--force', base);
    rmSync(base, { recursive: true, force: true });
  }
}

const args = process.argv.slice(2);
const rev = option(args, '--against');
const rounds = Number(option(args, '--rounds') ?? 3);
if (rev) process.exit(against(rev, rounds, args));
const only = option(args, '--only');
const extra = args;
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
