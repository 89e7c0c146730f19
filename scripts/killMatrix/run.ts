// Runs the harness against one mock process: first the clean baseline (the same plan, no fault),
// then once per catalogue fault with that fault on, and classifies each fault against the baseline
// (classify.ts). Faults are switched through the mock's admin API.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { faultCatalogue } from '../../mock/faults/catalogue';
import type { FaultSpec } from '../../mock/faults/switch';
import { BUNDLED_MOCK_QUOTA, startBundledMock, mockKeyVariable } from '../../harness/run/globalSetup';
import { KEY_ENV, KEY_NAMES } from '../../harness/settings/config';
import { loadCatalogue } from '../../reporter/catalogue';
import type { ConformanceReport } from '../../reporter/types';
import { catalogueVersion } from './catalogueVersion';
import { classifyFault, failingOn, judgeRun, type ChildRun, type RunJudgement } from './classify';
import { specsByGuarantee, specsForFault, unionSelection } from './plan';
import { sensitivity } from './sensitivity';
import type { BaselineSummary, FaultResult, KillMatrix, RunScope } from './types';
import { TSX_LOADER } from '../../harness/run/toolPaths';

export type { FaultOutcome, FaultResult, KillMatrix } from './types';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const REPORT_FILE = 'conformance-report.json';
const STDERR_TAIL = 4000;
/** The committed latest result of the whole catalogue (`npm run kill-matrix -- --full --record`), relative to the root. */
export const RECORDED_MATRIX = 'docs/sensitivity/kill-matrix.json';

export interface MockTarget {
  child: ChildProcess;
  env: Record<string, string>;
  adminUrl: string;
}

export async function startTarget(): Promise<MockTarget> {
  // The matrix judges faults, not the quota: one mock serves every fault's run back to back, so it
  // runs with the bundled mock's raised quota (else a --full run waits out the 600/60 s floor).
  process.env.MOCK_RATE_LIMIT_QUOTA ??= String(BUNDLED_MOCK_QUOTA);
  const { child, vars } = await startBundledMock(null);
  const adminUrl = vars.MOCK_ADMIN_URL || `${vars.MOCK_URL}/__mock`;
  const env: Record<string, string> = {
    MESHI_BASE_URL: vars.MOCK_URL!,
    MESHI_ADMIN_URL: adminUrl,
    MESHI_BUNDLED_MOCK: '1',
    MESHI_RATE_LIMIT_QUOTA: process.env.MOCK_RATE_LIMIT_QUOTA,
  };
  for (const role of KEY_NAMES) {
    const key = vars[mockKeyVariable(role)];
    if (key) env[KEY_ENV[role]] = key;
  }
  return { child, env, adminUrl };
}

async function admin(url: string, method: string, body?: unknown): Promise<void> {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${url} answered ${res.status}: ${await res.text()}`);
}

export async function switchFaults(target: MockTarget, faults: readonly string[]): Promise<void> {
  await admin(`${target.adminUrl}/reset`, 'POST');
  await admin(`${target.adminUrl}/faults`, 'PUT', { faults });
}

function readReportFile(file: string): ConformanceReport | null {
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ConformanceReport;
  } catch {
    return null;
  }
}

/** One conformance run (scripts/conformance.ts) against the target with `faults` on; never throws. */
async function runConformance(
  root: string,
  target: MockTarget,
  faults: readonly string[],
  reportDir: string,
  specs: RunScope,
): Promise<ChildRun> {
  mkdirSync(reportDir, { recursive: true });
  rmSync(join(reportDir, REPORT_FILE), { force: true });
  try {
    await switchFaults(target, faults);
  } catch (err) {
    return { exitCode: null, signal: null, report: null, stderrTail: `switching the faults failed: ${String(err)}` };
  }
  const loader = TSX_LOADER;
  const selection = specs === 'all' ? [] : [...specs.files, '--grep', specs.grep];
  const args = ['--import', loader, join(root, 'scripts/conformance.ts'), '--report-dir', reportDir, ...selection];
  const ended = await new Promise<{ code: number | null; signal: string | null; stderr: string }>((done) => {
    let stderr = '';
    const child = spawn(process.execPath, args, {
      cwd: root,
      // The matrix's mock sends no transient answers: no retry (each would cost a worker start).
      // The faults go through the admin API; the variable only tells the report (history skips it).
      env: {
        MESHI_RUN_TIMEOUT_MS: '15000',
        ...process.env,
        ...target.env,
        MESHI_MOCK_FAULTS: faults.join(','),
        MESHI_TRANSIENT_RETRIES: '0',
        CI: process.env.CI ?? '',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_TAIL);
    });
    child.on('error', (e) => done({ code: null, signal: null, stderr: `could not start: ${e.message}` }));
    child.on('exit', (code, signal) => done({ code, signal, stderr }));
  });
  return { exitCode: ended.code, signal: ended.signal, report: readReportFile(join(reportDir, REPORT_FILE)), stderrTail: ended.stderr };
}

// ---------------------------------------------------------------------------------------------
// The baseline

/** Where a matrix keeps its baseline (its conformance report and `result.json`). */
export const baselineDir = (outDir: string) => join(outDir, 'baseline');

interface StoredBaseline extends BaselineSummary {
  signal: string | null;
  stderrTail: string;
  /** Who ran it (a tag the reader checks, so a stale baseline of another session is never used). */
  runner: string;
}

export interface Baseline {
  summary: BaselineSummary;
  judgement: RunJudgement;
}

function baselineOf(stored: StoredBaseline, report: ConformanceReport | null): Baseline {
  const { signal, stderrTail, runner: _runner, ...summary } = stored;
  const judgement = judgeRun({ exitCode: stored.exitCode, signal, report, stderrTail });
  return { summary: { ...summary, problem: judgement.problem, failing: failingOn(judgement) }, judgement };
}

/** Runs the baseline: `specs` with only `alwaysOn` faults (none for a clean baseline); kept under outDir/baseline. */
export async function runBaseline(
  root: string,
  outDir: string,
  target: MockTarget,
  specs: RunScope,
  alwaysOn: readonly string[] = [],
  runner = '',
): Promise<Baseline> {
  const dir = baselineDir(outDir);
  const t0 = Date.now();
  const run = await runConformance(root, target, alwaysOn, dir, specs);
  const stored: StoredBaseline = {
    specs,
    alwaysOn: [...alwaysOn],
    exitCode: run.exitCode,
    problem: null,
    failing: [],
    durationMs: Date.now() - t0,
    signal: run.signal,
    stderrTail: run.stderrTail,
    runner,
  };
  const baseline = baselineOf(stored, run.report);
  // Written whole, then renamed: workers of the same run may be waiting for it (readBaseline).
  writeFileSync(join(dir, 'result.json.tmp'), JSON.stringify({ ...stored, ...baseline.summary }, null, 2));
  renameSync(join(dir, 'result.json.tmp'), join(dir, 'result.json'));
  return baseline;
}

/** The baseline kept under outDir by `runner`, or null (none, or another runner's). */
export function readBaseline(outDir: string, runner: string): Baseline | null {
  const file = join(baselineDir(outDir), 'result.json');
  if (!existsSync(file)) return null;
  const stored = JSON.parse(readFileSync(file, 'utf8')) as StoredBaseline;
  if (stored.runner !== runner) return null;
  return baselineOf(stored, readReportFile(join(baselineDir(outDir), REPORT_FILE)));
}

// ---------------------------------------------------------------------------------------------
// One fault

/**
 * Runs one fault (with `alwaysOn` besides), classifies it against the baseline, and keeps the
 * result beside its reports (runs/<fault>/result.json). The baseline may be a promise still being
 * produced elsewhere: it is awaited only once the fault's own run is over.
 */
export async function runFault(
  root: string,
  outDir: string,
  target: MockTarget,
  fault: FaultSpec,
  specs: RunScope,
  baseline: Baseline | (() => Promise<Baseline>),
  alwaysOn: readonly string[] = [],
): Promise<FaultResult> {
  const dir = join(outDir, 'runs', fault.name);
  const t0 = Date.now();
  const run = await runConformance(root, target, [...new Set([...alwaysOn, fault.name])], dir, specs);
  const durationMs = Date.now() - t0;
  const base = typeof baseline === 'function' ? await baseline() : baseline;
  const c = classifyFault(fault, judgeRun(run), base.judgement);
  const result: FaultResult = {
    fault: fault.name,
    guarantee: fault.guarantee,
    family: fault.family,
    ...c,
    exitCode: run.exitCode,
    specs,
    durationMs,
  };
  writeFileSync(join(dir, 'result.json'), JSON.stringify(result, null, 2));
  return result;
}

/** The results kept under outDir for these faults (those that ran). */
export function readResults(outDir: string, faults: readonly FaultSpec[]): FaultResult[] {
  return faults
    .map((f) => join(outDir, 'runs', f.name, 'result.json'))
    .filter((file) => existsSync(file))
    .map((file) => JSON.parse(readFileSync(file, 'utf8')) as FaultResult);
}

export function selectFaults(names?: string[]): FaultSpec[] {
  const unknown = (names ?? []).filter((n) => !faultCatalogue.some((f) => f.name === n));
  if (unknown.length) throw new Error(`unknown fault(s): ${unknown.join(', ')}`);
  return names?.length ? faultCatalogue.filter((f) => names.includes(f.name)) : faultCatalogue;
}

// ---------------------------------------------------------------------------------------------
// The matrix

export function summarise(
  results: FaultResult[],
  mode: 'subset' | 'full',
  durationMs: number,
  baseline: BaselineSummary | null = null,
): KillMatrix {
  const killed = results.filter((r) => r.outcome === 'killed').length;
  const named = (outcome: FaultResult['outcome']) => results.filter((r) => r.outcome === outcome).map((r) => r.fault);
  return {
    schemaVersion: 1,
    generatedAt: new Date().toISOString(),
    mode,
    catalogue: catalogueVersion(ROOT),
    baseline,
    faults: results,
    killRate: results.length ? killed / results.length : 0,
    killed,
    misattributed: named('misattributed'),
    collateral: named('collateral'),
    survivors: named('survived'),
    baselineFailing: named('baseline-failing'),
    flaky: named('flaky'),
    inconclusive: named('inconclusive'),
    errors: named('error'),
    sensitivity: sensitivity(results, loadCatalogue().guarantees, faultCatalogue),
    durationMs,
  };
}

/** True when every fault of the matrix was killed (no survivor, collateral, baseline failure, flake or error). */
export function allKilled(m: KillMatrix): boolean {
  return m.faults.length > 0 && m.killed === m.faults.length;
}

export interface MatrixOptions {
  root: string;
  outDir: string;
  faults?: string[];
  full?: boolean;
  /** Faults on in the baseline and in every fault's run (default none: a clean baseline). */
  alwaysOn?: string[];
  onBaseline?: (b: BaselineSummary) => void;
  onResult?: (r: FaultResult) => void;
}

export async function runKillMatrix(opts: MatrixOptions): Promise<KillMatrix> {
  const started = Date.now();
  const selected = selectFaults(opts.faults);
  const alwaysOn = opts.alwaysOn ?? [];
  selectFaults(alwaysOn);
  const byGuarantee = opts.full ? null : specsByGuarantee(opts.root);
  const scopeOf = (f: FaultSpec): RunScope => (byGuarantee ? specsForFault(f.guarantee, byGuarantee) : 'all');
  // Subset: the union of the faults' selections, run once (a pass there is a pass on each fault's
  // own tests, which it contains); full: the whole suite, as every fault runs it.
  const baselineScope: RunScope = byGuarantee ? unionSelection(selected.map((f) => scopeOf(f) as Exclude<RunScope, 'all'>)) : 'all';
  const target = await startTarget();
  const results: FaultResult[] = [];
  let baseline: Baseline;
  try {
    baseline = await runBaseline(opts.root, opts.outDir, target, baselineScope, alwaysOn);
    opts.onBaseline?.(baseline.summary);
    for (const fault of selected) {
      const result = await runFault(opts.root, opts.outDir, target, fault, scopeOf(fault), baseline, alwaysOn);
      results.push(result);
      opts.onResult?.(result);
    }
  } finally {
    target.child.kill('SIGTERM');
  }
  return summarise(results, opts.full ? 'full' : 'subset', Date.now() - started, baseline.summary);
}
