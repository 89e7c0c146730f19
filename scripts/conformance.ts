// `npm run conformance [-- options] [-- playwright args]`: runs the conformance suite
// (`playwright test --project=conformance`, config scripts/conformance.config.ts, which adds the
// guarantee-matrix reporter), prints the per-guarantee summary and applies the gate.
//
// Options (anything else goes to Playwright unchanged: --shard=1/4, --grep …, --workers …):
//   --gate               exit 0 only if every documented MUST guarantee passed without flaking
//   --strict             with --gate: provisional/SHOULD failures fail too
//   --observed-as-provisional  with --gate: observed guarantees (x-meshi-observed) do not block, like
//                        provisional ones; by default they block like documented ones
//   --report-dir <dir>   where the artefacts go (default reports/conformance)
//   --history <dir>      earlier conformance-report.json files, for the trend
//   --target <name>      known-deviations target (default from MESHI_BASE_URL: mock/staging/production/other);
//                        against the bundled mock only `mock` (another name is refused, exit 2)
//   --deviations <file>  known deviations (default contracts/known-deviations.yaml)
//   --guarantees <list>  partial scope: judge only these IDs/families (said in every artefact)
//   --specs <dir>        the specs folder (default specs/; also CONFORMANCE_SPECS_DIR)
//   --blob-dir <dir>     also write a Playwright blob report there (shards; default <report-dir>/blob with --shard)
//
// Exit codes (reporter/gate.ts): 0 pass; 1 the run or the gate failed (also: zero guarantees
// exercised, an expired known deviation); 2 configuration error (malformed MESHI_* setting,
// malformed known-deviations file, unknown target or guarantee, bad option) or no report produced.
// Without --gate the run fails on any failed or flaky guarantee, documented or provisional.
// With --shard the verdict is deferred to scripts/merge-conformance.ts (exit 0 unless 2).

import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadConfig } from '../harness/settings/config';
import { pinRunIdentity } from '../harness/settings';
import { loadCatalogue, parseSelection } from '../reporter/catalogue';
import { checkTarget, checkTargetLabel, deriveTarget, loadDeviations, deviationStatus } from '../reporter/deviations';
import { evaluateGate } from '../reporter/gate';
import { DEFAULT_DEVIATIONS_FILE, DEFAULT_REPORT_DIR } from '../reporter/index';
import { REPORT_FILES } from '../reporter/output';
import { publishRun, SARIF_FILE } from '../reporter/ci/publishRun';
import { renderGate, renderSummary } from '../reporter/text';
import type { ConformanceReport } from '../reporter/types';
import { PLAYWRIGHT_CLI, TSX_LOADER } from '../harness/run/toolPaths';
import { runChild } from '../bin/runChild.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export { PLAYWRIGHT_CLI };
export const CONFIG_FILE = join(ROOT, 'scripts/conformance.config.ts');

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface RunnerOptions {
  gate: boolean;
  strict: boolean;
  /** The gate treats observed guarantees like provisional ones (default: like documented). */
  observedAsProvisional: boolean;
  reportDir: string;
  history: string | null;
  target: string | null;
  deviations: string;
  guarantees: string | null;
  specs: string | null;
  blobDir: string | null;
  help: boolean;
  /** Arguments passed to Playwright unchanged. */
  rest: string[];
}

const VALUE_OPTIONS: Record<string, keyof RunnerOptions> = {
  '--report-dir': 'reportDir',
  '--history': 'history',
  '--target': 'target',
  '--deviations': 'deviations',
  '--guarantees': 'guarantees',
  '--specs': 'specs',
  '--blob-dir': 'blobDir',
};

export function parseArgs(argv: readonly string[]): RunnerOptions {
  const o: RunnerOptions = {
    gate: false,
    strict: false,
    observedAsProvisional: false,
    reportDir: join(ROOT, DEFAULT_REPORT_DIR),
    history: null,
    target: null,
    deviations: join(ROOT, DEFAULT_DEVIATIONS_FILE),
    guarantees: null,
    specs: null,
    blobDir: null,
    help: false,
    rest: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      o.rest.push(...argv.slice(i + 1));
      break;
    }
    if (a === '--gate') o.gate = true;
    else if (a === '--strict') o.strict = true;
    else if (a === '--observed-as-provisional') o.observedAsProvisional = true;
    else if (a === '--help' || a === '-h') o.help = true;
    else {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(0, eq) : a;
      const key = VALUE_OPTIONS[name];
      if (!key) {
        o.rest.push(a);
        continue;
      }
      const value = eq > 0 ? a.slice(eq + 1) : argv[++i];
      if (value === undefined || value === '' || (eq < 0 && value.startsWith('--'))) throw new UsageError(`${name} needs a value`);
      (o as unknown as Record<string, string>)[key] = value;
    }
  }
  if (o.strict && !o.gate) o.gate = true; // --strict implies the gate
  return o;
}

export function isSharded(rest: readonly string[]): boolean {
  return rest.some((a) => a === '--shard' || a.startsWith('--shard='));
}

export const USAGE = `usage: npm run conformance -- [--gate] [--strict] [--observed-as-provisional] [--report-dir DIR] [--history DIR] [--target NAME]
       [--deviations FILE] [--guarantees IDS|FAMILIES] [--specs DIR] [--blob-dir DIR] [playwright args: --shard=1/4 --grep RE …]
exit: 0 pass · 1 failed (gate, failures, zero guarantees exercised, expired known deviation) · 2 configuration error`;

/** Checks what can be checked before running: selection, known deviations, target. Returns the target name. Throws on a problem. */
export function preflight(o: RunnerOptions, env?: NodeJS.ProcessEnv): { target: string } {
  const catalogue = loadCatalogue();
  parseSelection(o.guarantees, catalogue);
  const devs = loadDeviations(resolve(o.deviations), new Set(catalogue.guarantees.map((g) => g.id)));
  const derived = deriveTarget(env);
  const target = o.target ?? derived;
  checkTargetLabel(target, derived);
  checkTarget(target, devs);
  const status = deviationStatus(devs, target);
  for (const d of status.expired)
    console.error(
      `[conformance] known deviation ${d.guarantee} for ${target} expired on ${d.expires}: the run will fail until it is renewed or removed`,
    );
  return { target };
}

/** The CONFORMANCE_* variables the config and the reporter read. */
export function reporterEnv(o: RunnerOptions, target: string, runId: string): Record<string, string> {
  const env: Record<string, string> = {
    CONFORMANCE_REPORT_DIR: resolve(o.reportDir),
    // Each run keeps its own Playwright output folder: a run started from inside another run
    // (kill matrix, self-tests) must not wipe the outer run's test-results.
    CONFORMANCE_OUTPUT_DIR: process.env.CONFORMANCE_OUTPUT_DIR || resolve(o.reportDir, 'test-results'),
    CONFORMANCE_TARGET: target,
    CONFORMANCE_KNOWN_DEVIATIONS: resolve(o.deviations),
    CONFORMANCE_RUN_ID: runId,
    CONFORMANCE_MODE: o.strict ? 'strict' : o.gate ? 'gate' : 'run',
  };
  if (o.history) env.CONFORMANCE_HISTORY_DIR = resolve(o.history);
  if (o.guarantees) env.CONFORMANCE_GUARANTEES = o.guarantees;
  if (o.specs) env.CONFORMANCE_SPECS_DIR = resolve(o.specs);
  return env;
}

/**
 * Playwright compiles TypeScript only outside node_modules: when this harness is another
 * repository's dependency, its config, specs and harness are loaded through tsx instead (in the
 * runner and every worker, through NODE_OPTIONS). In its own checkout nothing changes.
 */
function asInstalledPackage(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  if (!ROOT.split(sep).includes('node_modules')) return env;
  return { ...env, NODE_OPTIONS: [env.NODE_OPTIONS, `--import=${TSX_LOADER}`].filter(Boolean).join(' ') };
}

/** Runs a Playwright CLI command, forwarding SIGINT/SIGTERM; resolves with its exit code. */
export function runPlaywright(args: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  return runChild([PLAYWRIGHT_CLI, ...args], { cwd: ROOT, env: asInstalledPackage(env) }, (e) =>
    console.error(`[conformance] could not start Playwright: ${e.message}`),
  );
}

/** Reads this run's report (null when missing, unreadable or from another run). */
export function readReport(reportDir: string, runId: string | null): ConformanceReport | null {
  const file = join(resolve(reportDir), REPORT_FILES.json);
  if (!existsSync(file)) return null;
  try {
    const report = JSON.parse(readFileSync(file, 'utf8')) as ConformanceReport;
    if (runId !== null && report.run?.id !== runId) return null;
    return report;
  } catch {
    return null;
  }
}

/** Prints the summary and the gate's verdict; returns the exit code. */
export function judge(report: ConformanceReport, o: RunnerOptions, opts: { sharded: boolean }): number {
  console.log('');
  console.log(renderSummary(report));
  console.log('');
  const gateOpts = { gate: o.gate, strict: o.strict, observedAsProvisional: o.observedAsProvisional };
  const gate = evaluateGate(report, gateOpts);
  if (opts.sharded) {
    console.log(
      renderGate(gate, gateOpts)
        .split('\n')
        .filter((l) => !/^(RUN|GATE)/.test(l))
        .join('\n'),
    );
    console.log(
      `shard ${report.run.shard ? `${report.run.shard.current}/${report.run.shard.total}` : ''}: the verdict is given on the merged report (scripts/merge-conformance.ts)`,
    );
    return gate.exitCode === 2 ? 2 : 0;
  }
  console.log(renderGate(gate, gateOpts));
  const ci = publishRun(report, resolve(o.reportDir));
  for (const line of ci.annotations) console.log(line);
  console.log(`artefacts: ${resolve(o.reportDir)}/{${[...Object.values(REPORT_FILES), SARIF_FILE].join(',')}}`);
  return gate.exitCode;
}

async function main(argv: readonly string[]): Promise<number> {
  let o: RunnerOptions;
  try {
    o = parseArgs(argv);
  } catch (e) {
    console.error(`[conformance] ${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
    return 2;
  }
  if (o.help) {
    console.log(USAGE);
    return 0;
  }
  let target: string;
  try {
    ({ target } = preflight(o));
    // Pin what the report needs and every worker must share (globalSetup keeps values already set).
    pinRunIdentity();
    // The harness configuration: a malformed setting stops here (exit 2), before any test runs.
    loadConfig();
  } catch (e) {
    console.error(`[conformance] configuration error: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
  const specs = resolve(o.specs ?? process.env.CONFORMANCE_SPECS_DIR ?? join(ROOT, 'specs'));
  if (!existsSync(specs)) {
    console.error(`[conformance] configuration error: the specs folder ${specs} does not exist`);
    return 2;
  }
  o.specs = specs;
  const sharded = isSharded(o.rest);
  const runId = randomUUID();
  const env: NodeJS.ProcessEnv = { ...process.env, ...reporterEnv(o, target, runId) };
  if (o.blobDir || sharded) env.CONFORMANCE_BLOB_DIR = resolve(o.blobDir ?? join(o.reportDir, 'blob'));
  rmSync(join(resolve(o.reportDir), REPORT_FILES.json), { force: true });

  const args = ['test', '--config', CONFIG_FILE, '--project=conformance', ...o.rest];
  const pwCode = await runPlaywright(args, env);
  const report = readReport(o.reportDir, runId);
  if (!report) {
    console.error(
      `[conformance] Playwright exited with ${pwCode} and wrote no report to ${resolve(o.reportDir)}: a configuration or harness error (see its output above)`,
    );
    return 2;
  }
  return judge(report, o, { sharded });
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(`[conformance] ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      process.exit(2);
    },
  );
}
