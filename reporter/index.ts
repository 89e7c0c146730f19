// The guarantee-matrix reporter (a Playwright reporter). Add it to a run with
//   ['./reporter/index.ts', { outputDir, historyDir, target, knownDeviations, guarantees }]
// or through scripts/conformance.ts (`npm run conformance`), which wires it. Every option falls back
// to an environment variable, so `playwright merge-reports` can use it too:
//   outputDir        CONFORMANCE_REPORT_DIR        (default reports/conformance)
//   historyDir       CONFORMANCE_HISTORY_DIR       earlier conformance-report.json files (trend)
//   target           CONFORMANCE_TARGET            known-deviations target (default: from MESHI_BASE_URL)
//   knownDeviations  CONFORMANCE_KNOWN_DEVIATIONS  (default contracts/known-deviations.yaml)
//   guarantees       CONFORMANCE_GUARANTEES        partial scope: IDs and/or families
//   runId            CONFORMANCE_RUN_ID            the run's id (the runner checks it to refuse a stale report)
//   mode             CONFORMANCE_MODE              `gate`, `strict` or `run` (default): how the runner judges it
// At the end it writes conformance-report.json, summary.md, report.html and junit.xml.

import { resolve } from 'node:path';
import type { FullConfig, FullResult, Reporter, Suite, TestError } from '@playwright/test/reporter';
import { splitFaults } from '../harness/http/reproduce';
import { isProductionUrl, settingIfValid } from '../harness/settings';
import { loadCatalogue, parseSelection } from './catalogue';
import { collectTest, errorText } from './collect';
import { checkTarget, deriveTarget, deviationStatus, loadDeviations, type DeviationsFile } from './deviations';
import { ObservationAccumulator, writeObservations } from './observations';
import { runProvenance } from './provenance';
import { writeArtefacts } from './output';
import { reportRedactor, scrubText } from './redaction';
import { buildReport } from './report';
import { comparableRuns, loadHistory } from './trend';
import type { ConformanceReport, RunError } from './types';

export interface ConformanceReporterOptions {
  outputDir?: string;
  historyDir?: string;
  target?: string;
  knownDeviations?: string;
  guarantees?: string;
  runId?: string;
  /** Only tests of these projects count (default: `conformance` when present, else every test). */
  projects?: string[];
  /** How the runner judges the run (`--gate`, `--strict`); the headline states the resulting exit code. */
  mode?: 'run' | 'gate' | 'strict';
  /** Set by merge runs (also detected from the command line). */
  merged?: boolean;
}

export const DEFAULT_REPORT_DIR = 'reports/conformance';
export const DEFAULT_DEVIATIONS_FILE = 'contracts/known-deviations.yaml';

/** A message that means a configuration problem (exit 2), not a test or harness failure. */
export function isConfigErrorMessage(text: string): boolean {
  return /\b(ConfigError|DeviationsError)\b/.test(text) || /^(?:Error:\s*)?MESHI_[A-Z0-9_]+: /.test(text.trim());
}

/** The target URL as shown in reports: origin and path only (no credentials, query or fragment). */
export function displayUrl(url: string | undefined): string | null {
  if (!url || !url.trim()) return null;
  try {
    const u = new URL(url.trim());
    return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`;
  } catch {
    return '(malformed URL)';
  }
}

export function ciInfo(env: Readonly<Record<string, string | undefined>>): ConformanceReport['run']['ci'] {
  if (env.GITHUB_ACTIONS === 'true') {
    const runUrl =
      env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
        ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
        : null;
    return { provider: 'github-actions', runUrl };
  }
  if (env.CI) return { provider: 'ci', runUrl: null };
  return null;
}

/** The bundled mock's faults (MESHI_MOCK_FAULTS, comma-separated); none when unset or malformed. */
function mockFaults(): string[] {
  return splitFaults(settingIfValid('MESHI_MOCK_FAULTS'));
}

export default class ConformanceReporter implements Reporter {
  private config: FullConfig | null = null;
  private suite: Suite | null = null;
  private startedAt = new Date();
  private readonly errors: RunError[] = [];
  private observations = new ObservationAccumulator();
  private readonly opts: Required<
    Omit<ConformanceReporterOptions, 'historyDir' | 'target' | 'guarantees' | 'runId' | 'projects' | 'mode'>
  > &
    ConformanceReporterOptions;

  constructor(options: ConformanceReporterOptions = {}) {
    const env = process.env;
    this.opts = {
      ...options,
      outputDir: resolve(options.outputDir ?? env.CONFORMANCE_REPORT_DIR ?? DEFAULT_REPORT_DIR),
      historyDir: options.historyDir ?? env.CONFORMANCE_HISTORY_DIR,
      target: options.target ?? env.CONFORMANCE_TARGET,
      knownDeviations: resolve(options.knownDeviations ?? env.CONFORMANCE_KNOWN_DEVIATIONS ?? DEFAULT_DEVIATIONS_FILE),
      guarantees: options.guarantees ?? env.CONFORMANCE_GUARANTEES,
      runId: options.runId ?? env.CONFORMANCE_RUN_ID,
      mode: options.mode ?? (env.CONFORMANCE_MODE === 'gate' || env.CONFORMANCE_MODE === 'strict' ? env.CONFORMANCE_MODE : 'run'),
      merged: options.merged ?? process.argv.includes('merge-reports'),
    };
  }

  printsToStdio(): boolean {
    return false;
  }

  onBegin(config: FullConfig, suite: Suite): void {
    this.config = config;
    this.suite = suite;
    this.startedAt = new Date();
  }

  onError(error: TestError): void {
    const r = reportRedactor();
    const text = errorText(r, error);
    const whole = `${text}\n${error.stack ?? ''}`;
    this.errors.push({ kind: isConfigErrorMessage(whole) ? 'config' : 'run', message: text });
  }

  async onEnd(result: FullResult): Promise<void> {
    const report = this.build(result);
    const r = reportRedactor();
    const files = writeArtefacts(report, this.opts.outputDir, r);
    const { id, target, startedAt, finishedAt, provenance } = report.run;
    writeObservations(
      this.opts.outputDir,
      this.observations.result({ id, target: target.name, url: target.url, startedAt, finishedAt, provenance: provenance ?? null }),
    );
    process.stderr.write(`[conformance] report: ${files.html} (${report.totals.passed}/${report.totals.guarantees} guarantees passed)\n`);
  }

  /** Builds the report (exposed for tests). */
  build(result: Pick<FullResult, 'status' | 'startTime'>): ConformanceReport {
    const env = process.env;
    const r = reportRedactor();
    const catalogue = loadCatalogue();
    const errors = [...this.errors];

    let selection: string[] | null = null;
    try {
      selection = parseSelection(this.opts.guarantees, catalogue);
    } catch (e) {
      errors.push({ kind: 'config', message: scrubText(r, e instanceof Error ? e.message : String(e)) });
    }

    let targetName = this.opts.target?.trim() ?? '';
    try {
      targetName ||= deriveTarget();
    } catch (e) {
      targetName = 'other';
      errors.push({ kind: 'config', message: scrubText(r, e instanceof Error ? e.message : String(e)) });
    }
    // The bundled mock measured under another name (CONFORMANCE_TARGET=staging): refused, reported as mock.
    if (!this.opts.merged && settingIfValid('MESHI_BUNDLED_MOCK') && targetName !== 'mock') {
      errors.push({
        kind: 'config',
        message: `target ${JSON.stringify(targetName)} refused: this run is against the bundled mock, its target is mock`,
      });
      targetName = 'mock';
    }
    let devFile: DeviationsFile | null = null;
    try {
      devFile = loadDeviations(this.opts.knownDeviations!, new Set(catalogue.guarantees.map((g) => g.id)));
      checkTarget(targetName, devFile);
    } catch (e) {
      errors.push({ kind: 'config', message: scrubText(r, e instanceof Error ? e.message : String(e)) });
    }

    const rootDir = this.config?.rootDir ?? process.cwd();
    let tests = this.suite?.allTests() ?? [];
    const projects = this.opts.projects ?? (tests.some((t) => t.parent.project()?.name === 'conformance') ? ['conformance'] : null);
    if (projects) tests = tests.filter((t) => projects.includes(t.parent.project()?.name ?? ''));
    this.observations = new ObservationAccumulator();
    const collected = tests.map((t) => collectTest(t, rootDir, r, (rec) => this.observations.add(rec)));

    const meta = (this.config?.metadata ?? {}) as Record<string, unknown>;
    const metaMeshi = (meta.meshi ?? {}) as Record<string, unknown>;
    // Settings already reported as malformed (a configuration error) fall back to the run's metadata.
    const baseUrl = settingIfValid('MESHI_BASE_URL')?.href || (typeof metaMeshi.baseUrl === 'string' ? metaMeshi.baseUrl : undefined);
    const url = displayUrl(baseUrl);
    let production = false;
    try {
      production = !!baseUrl && isProductionUrl(new URL(baseUrl));
    } catch {
      production = false;
    }
    const seedText = String(settingIfValid('MESHI_SEED') ?? metaMeshi.seed ?? '');
    const seed = /^\d+$/.test(seedText.trim()) ? Number(seedText) : null;
    const namespace = settingIfValid('MESHI_RUN_NAMESPACE') || (typeof metaMeshi.namespace === 'string' ? metaMeshi.namespace : null);
    const kind =
      settingIfValid('MESHI_BUNDLED_MOCK') || (!baseUrl && targetName === 'mock') ? 'bundled-mock' : baseUrl ? 'external' : 'unknown';
    const shard = this.config?.shard ?? null;

    return buildReport({
      catalogue,
      selection,
      tests: collected,
      errors,
      meta: {
        ...(this.opts.runId ? { id: this.opts.runId } : {}),
        target: { name: targetName, url, kind, production },
        seed,
        namespace,
        startedAt: result.startTime ?? this.startedAt,
        finishedAt: new Date(),
        playwrightStatus: result.status,
        merged: !!this.opts.merged,
        shard: shard ? { current: shard.current, total: shard.total } : null,
        ci: ciInfo(env),
        mockFaults: mockFaults(),
        provenance: runProvenance({
          kind,
          baseUrl,
          selection,
          mockFaults: mockFaults(),
          shard: shard ? { current: shard.current, total: shard.total } : null,
          argv: process.argv,
          env,
          ...(this.opts.merged
            ? { recorded: { scope: metaMeshi.scope as object | undefined, limits: metaMeshi.limits as Record<string, number> | undefined } }
            : {}),
        }),
        mode: { gate: this.opts.mode !== 'run', strict: this.opts.mode === 'strict' },
      },
      deviations: deviationStatus(devFile, targetName),
      history: comparableRuns(loadHistory(this.opts.historyDir, this.opts.runId), { name: targetName, kind }).runs,
      redactor: r,
    });
  }
}
