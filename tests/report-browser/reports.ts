// The reports the browser tests open, written once per worker under reports/report-browser/
// (not committed): three synthetic ones (tests/report/fixtureReports.ts: clean, three faults with
// root causes, history) and two real runs of scripts/conformance.ts against the bundled mock —
// clean, then with three catalogue faults and the clean run as its history — over the spec files
// those faults touch, so the page is checked on what a real run writes.

import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Redactor } from '../../harness/http/redact';
import { writeArtefacts } from '../../reporter/output';
import type { ConformanceReport } from '../../reporter/types';
import { runScript } from '../report/conformanceRun';
import { cleanReport, FAULTS, historyReport, threeFaultsReport } from '../report/fixtureReports';
import { ROOT } from '../report/helpers';

export const OUT = join(ROOT, 'reports', 'report-browser');
const SPECS = ['specs/events.spec.ts', 'specs/pagination.spec.ts', 'specs/uuid.spec.ts'];

export interface OpenedReport {
  readonly name: string;
  readonly dir: string;
  readonly html: string;
  readonly json: ConformanceReport;
  /** The exit code the run had (real runs: the runner's; synthetic: what such a run exits with). */
  readonly exitCode: number;
  readonly real: boolean;
}

function synthetic(name: string, json: ConformanceReport, exitCode: number): OpenedReport {
  const dir = join(OUT, name);
  rmSync(dir, { recursive: true, force: true });
  writeArtefacts(json, dir, new Redactor());
  return { name, dir, html: join(dir, 'report.html'), json, exitCode, real: false };
}

async function real(name: string, env: Record<string, string>, extraArgs: string[] = []): Promise<OpenedReport> {
  const dir = join(OUT, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // No transient retries: the mock sends no transient answers, and each retry costs a worker start.
  const run = await runScript(
    'scripts/conformance.ts',
    ['--report-dir', join(dir, 'report'), ...extraArgs, ...SPECS],
    { MESHI_WORKERS: '2', MESHI_TRANSIENT_RETRIES: '0', ...env },
    dir,
  );
  if (!run.report) throw new Error(`${name}: the run wrote no report (exit ${run.code}):\n${run.out.slice(-3000)}`);
  return { name, dir: join(dir, 'report'), html: join(dir, 'report', 'report.html'), json: run.report, exitCode: run.code, real: true };
}

export interface Reports {
  readonly syntheticClean: OpenedReport;
  readonly syntheticFaults: OpenedReport;
  readonly syntheticHistory: OpenedReport;
  readonly realClean: OpenedReport;
  readonly realFaults: OpenedReport;
  readonly all: readonly OpenedReport[];
}

export async function writeReports(): Promise<Reports> {
  const syntheticClean = synthetic('synthetic-clean', cleanReport(), 0);
  const syntheticFaults = synthetic('synthetic-three-faults', threeFaultsReport(), 1);
  const syntheticHistory = synthetic('synthetic-history', historyReport(), 1);
  const realClean = await real('real-clean', {});
  const realFaults = await real('real-three-faults', { MESHI_MOCK_FAULTS: FAULTS.join(',') }, ['--history', realClean.dir]);
  return {
    syntheticClean,
    syntheticFaults,
    syntheticHistory,
    realClean,
    realFaults,
    all: [syntheticClean, syntheticFaults, syntheticHistory, realClean, realFaults],
  };
}
