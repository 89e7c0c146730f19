// Runs the harness against one mock process with one catalogue fault on at a time, and classifies
// each fault: killed (its declared guarantee failed), misattributed (only other guarantees
// failed), survived (nothing failed). Faults are switched through the mock's admin API.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { faultCatalogue } from '../../mock/faults/catalogue';
import type { FaultSpec } from '../../mock/faults/switch';
import { BUNDLED_MOCK_QUOTA, startBundledMock, mockKeyVariable } from '../../harness/globalSetup';
import { KEY_ENV, KEY_NAMES } from '../../harness/config';
import type { ConformanceReport } from '../../reporter/types';
import { specsByGuarantee, specsForFault, type Selection } from './plan';

export type FaultOutcome = 'killed' | 'collateral' | 'misattributed' | 'survived' | 'error';

export interface FaultResult {
  fault: string;
  guarantee: string;
  family: string;
  outcome: FaultOutcome;
  /** Guarantees whose observed verdict was failed or flaky. */
  failed: string[];
  /** Failed guarantees outside the fault's own and its `alsoBreaks` list (each one a harness defect). */
  collateral: string[];
  /** Root causes the run's report grouped its failures into. */
  rootCauses: number;
  /** The spec files and grep run, or 'all' for the full suite. */
  specs: Selection | 'all';
  durationMs: number;
  note: string | null;
}

export interface KillMatrix {
  generatedAt: string;
  mode: 'subset' | 'full';
  faults: FaultResult[];
  killRate: number;
  killed: number;
  misattributed: string[];
  /** Faults killed with collateral failures. */
  collateral: string[];
  survivors: string[];
  errors: string[];
  durationMs: number;
}

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
  const res = await fetch(url, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) throw new Error(`${method} ${url} answered ${res.status}: ${await res.text()}`);
}

export async function switchFaults(target: MockTarget, faults: string[]): Promise<void> {
  await admin(`${target.adminUrl}/reset`, 'POST');
  await admin(`${target.adminUrl}/faults`, 'PUT', { faults });
}

function runConformance(root: string, env: Record<string, string>, reportDir: string, specs: Selection | 'all'): Promise<number> {
  const loader = pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href;
  const selection = specs === 'all' ? [] : [...specs.files, '--grep', specs.grep];
  const args = ['--import', loader, join(root, 'scripts/conformance.ts'), '--report-dir', reportDir, ...selection];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, {
      cwd: root,
      // The matrix's mock sends no transient answers: no retry (each would cost a worker start).
      env: { MESHI_RUN_TIMEOUT_MS: '15000', ...process.env, ...env, MESHI_TRANSIENT_RETRIES: '0', CI: process.env.CI ?? '' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr!.resume();
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

export function failedGuarantees(report: ConformanceReport): string[] {
  return report.guarantees.filter((g) => g.observed === 'failed' || g.observed === 'flaky').map((g) => g.id).sort();
}

/** Failed guarantees the fault does not account for. */
export function collateralOf(fault: FaultSpec, failed: readonly string[]): string[] {
  const allowed = new Set([fault.guarantee, ...(fault.alsoBreaks ?? [])]);
  return failed.filter((g) => !allowed.has(g));
}

export function classify(fault: FaultSpec, failed: string[]): FaultOutcome {
  if (!failed.includes(fault.guarantee)) return failed.length ? 'misattributed' : 'survived';
  return collateralOf(fault, failed).length > 0 ? 'collateral' : 'killed';
}

export interface MatrixOptions {
  root: string;
  outDir: string;
  faults?: string[];
  full?: boolean;
  onResult?: (r: FaultResult) => void;
}

/** Runs the harness once with one fault on, and classifies the fault. */
/** Runs one fault and keeps its result beside its reports (runs/<fault>/result.json). */
export async function runFault(root: string, outDir: string, target: MockTarget, fault: FaultSpec, specs: Selection | 'all'): Promise<FaultResult> {
  const result = await runFaultOnce(root, outDir, target, fault, specs);
  writeFileSync(join(outDir, 'runs', fault.name, 'result.json'), JSON.stringify(result, null, 2));
  return result;
}

/** The results kept under outDir for these faults (those that ran). */
export function readResults(outDir: string, faults: readonly FaultSpec[]): FaultResult[] {
  return faults
    .map((f) => join(outDir, 'runs', f.name, 'result.json'))
    .filter((file) => existsSync(file))
    .map((file) => JSON.parse(readFileSync(file, 'utf8')) as FaultResult);
}

async function runFaultOnce(root: string, outDir: string, target: MockTarget, fault: FaultSpec, specs: Selection | 'all'): Promise<FaultResult> {
  const dir = join(outDir, 'runs', fault.name);
  mkdirSync(dir, { recursive: true });
  const t0 = Date.now();
  try {
    await switchFaults(target, [fault.name]);
    // The faults go through the admin API; the variable only tells the report (history skips it).
    const code = await runConformance(root, { ...target.env, MESHI_MOCK_FAULTS: fault.name }, dir, specs);
    const report = JSON.parse(readFileSync(join(dir, 'conformance-report.json'), 'utf8')) as ConformanceReport;
    const failed = failedGuarantees(report);
    const configError = report.errors.find((e) => e.kind === 'config');
    return {
      fault: fault.name,
      guarantee: fault.guarantee,
      family: fault.family,
      outcome: configError ? 'error' : classify(fault, failed),
      failed,
      collateral: collateralOf(fault, failed),
      rootCauses: report.rootCauses?.length ?? 0,
      specs,
      durationMs: Date.now() - t0,
      note: configError ? configError.message : code === 2 ? 'the run ended with a configuration error' : null,
    };
  } catch (err) {
    return { fault: fault.name, guarantee: fault.guarantee, family: fault.family, outcome: 'error', failed: [], collateral: [], rootCauses: 0, specs, durationMs: Date.now() - t0, note: String(err) };
  }
}

export function selectFaults(names?: string[]): FaultSpec[] {
  const unknown = (names ?? []).filter((n) => !faultCatalogue.some((f) => f.name === n));
  if (unknown.length) throw new Error(`unknown fault(s): ${unknown.join(', ')}`);
  return names?.length ? faultCatalogue.filter((f) => names.includes(f.name)) : faultCatalogue;
}

export function summarise(results: FaultResult[], mode: 'subset' | 'full', durationMs: number): KillMatrix {
  const killed = results.filter((r) => r.outcome === 'killed').length;
  return {
    generatedAt: new Date().toISOString(),
    mode,
    faults: results,
    killRate: results.length ? killed / results.length : 0,
    killed,
    misattributed: results.filter((r) => r.outcome === 'misattributed').map((r) => r.fault),
    collateral: results.filter((r) => r.outcome === 'collateral').map((r) => r.fault),
    survivors: results.filter((r) => r.outcome === 'survived').map((r) => r.fault),
    errors: results.filter((r) => r.outcome === 'error').map((r) => r.fault),
    durationMs,
  };
}

export async function runKillMatrix(opts: MatrixOptions): Promise<KillMatrix> {
  const started = Date.now();
  const selected = selectFaults(opts.faults);
  const byGuarantee = opts.full ? null : specsByGuarantee(opts.root);
  const target = await startTarget();
  const results: FaultResult[] = [];
  try {
    for (const fault of selected) {
      const result = await runFault(opts.root, opts.outDir, target, fault, byGuarantee ? specsForFault(fault.guarantee, byGuarantee) : 'all');
      results.push(result);
      opts.onResult?.(result);
    }
  } finally {
    target.child.kill('SIGTERM');
  }
  return summarise(results, opts.full ? 'full' : 'subset', Date.now() - started);
}
