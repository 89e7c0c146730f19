// Helpers of the harness self-tests (project `selftest`): start a reference mock in-process with
// chosen options, run `playwright test --project=conformance` as a child process against it
// (its own output directory and JSON report, a clean MESHI_* environment), and read the report.

import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KEY_ENV, KEY_NAMES, limitEnvName } from '../../harness/settings/config';
import { BUNDLED_MOCK_QUOTA } from '../../harness/run/globalSetup';
import { resolveConfig } from '../../mock/config';
import { createMockServer, type MockServer, type MockServerOptions } from '../../mock/server';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = join(ROOT, 'node_modules/@playwright/test/cli.js');

export interface LoggedRequest {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly code: string | null;
}

export interface StartedMock {
  readonly mock: MockServer;
  /** Every partner request the mock answered (from its request log). */
  readonly requests: LoggedRequest[];
}

/**
 * Starts the reference mock on a free port (no MOCK_* environment), logging requests into memory.
 * Like the bundled mock of globalSetup, the main keys get a large quota (the child is told the
 * mock's actual windows, see childEnv); the dedicated rate-limit key keeps its tiny window.
 */
export async function startMock(options: MockServerOptions = {}): Promise<StartedMock> {
  const requests: LoggedRequest[] = [];
  let partial = '';
  const mock = await createMockServer({
    port: 0,
    readEnv: false,
    logRequests: true,
    rateLimit: { quota: BUNDLED_MOCK_QUOTA, windowSeconds: defaultWindowSeconds() },
    logSink: {
      write(chunk: string) {
        partial += chunk;
        let nl: number;
        while ((nl = partial.indexOf('\n')) >= 0) {
          const line = partial.slice(0, nl);
          partial = partial.slice(nl + 1);
          try {
            requests.push(JSON.parse(line) as LoggedRequest);
          } catch {
            // not a log line
          }
        }
        return true;
      },
    },
    ...options,
  });
  return { mock, requests };
}

function defaultWindowSeconds(): number {
  return resolveConfig().rateLimit.windowSeconds;
}

// ---------------------------------------------------------------------------------------------
// The JSON report (the parts the self-tests read).

export interface JsonAnnotation {
  readonly type: string;
  readonly description?: string;
}

export interface JsonResult {
  readonly status: string;
  readonly retry: number;
  readonly errors: readonly { readonly message?: string }[];
  readonly annotations?: readonly JsonAnnotation[];
}

export interface JsonTest {
  readonly status: string;
  readonly projectName: string;
  readonly annotations: readonly JsonAnnotation[];
  readonly results: readonly JsonResult[];
}

interface JsonSpec {
  readonly title: string;
  readonly file: string;
  readonly tests: readonly JsonTest[];
}

interface JsonSuite {
  readonly title: string;
  readonly specs?: readonly JsonSpec[];
  readonly suites?: readonly JsonSuite[];
}

export interface JsonReport {
  readonly suites: readonly JsonSuite[];
  readonly stats: { readonly expected: number; readonly unexpected: number; readonly flaky: number; readonly skipped: number };
  readonly errors?: readonly { readonly message?: string }[];
}

export interface FlatTest extends JsonTest {
  readonly title: string;
  readonly file: string;
}

export function flatten(report: JsonReport): FlatTest[] {
  const out: FlatTest[] = [];
  const walk = (s: JsonSuite) => {
    for (const spec of s.specs ?? []) for (const t of spec.tests) out.push({ ...t, title: spec.title, file: spec.file });
    for (const child of s.suites ?? []) walk(child);
  };
  report.suites.forEach(walk);
  return out;
}

/** Every annotation of a test (test-level and per attempt). */
export function annotationsOf(t: JsonTest): JsonAnnotation[] {
  return [...t.annotations, ...t.results.flatMap((r) => r.annotations ?? [])];
}

/** Every error message of a test, all attempts. */
export function errorText(t: JsonTest): string {
  return t.results.flatMap((r) => r.errors.map((e) => e.message ?? '')).join('\n');
}

// ---------------------------------------------------------------------------------------------
// The child run.

export interface ChildRun {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly report: JsonReport;
  readonly tests: FlatTest[];
  readonly durationMs: number;
}

export interface ChildOptions {
  readonly mock: MockServer;
  /** Spec files relative to the repository root (e.g. specs/http.spec.ts). */
  readonly files: readonly string[];
  readonly grep?: string;
  /** Where the child writes test-results and report.json. */
  readonly outDir: string;
  readonly workers?: number;
  readonly transientRetries?: number;
  /** Extra environment for the child. */
  readonly env?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
  /** Also run the guarantee-matrix reporter (reporter/index.ts), writing conformance-report.json into `<outDir>/conformance`. */
  readonly conformanceReport?: boolean;
}

/** A clean environment for the child: no inherited MESHI_/MOCK_/Playwright worker variables. */
function childEnv(o: ChildOptions, reportFile: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(MESHI_|MOCK_|PLAYWRIGHT_|PW_|TEST_)/.test(k)) continue;
    if (k === 'NODE_OPTIONS' && v && /playwright|loader|tsx/i.test(v)) continue;
    env[k] = v;
  }
  env.MESHI_BASE_URL = o.mock.baseUrl;
  env.MESHI_ADMIN_URL = o.mock.adminUrl;
  env.MESHI_BUNDLED_MOCK = '1';
  for (const role of KEY_NAMES) {
    const key = o.mock.keys[role];
    if (key) env[KEY_ENV[role]] = key;
  }
  // The limits this mock enforces (the harness compares RateLimit headers and byte limits to them).
  const c = o.mock.config;
  env[limitEnvName('rateLimitQuota')] = String(c.rateLimit.quota);
  env[limitEnvName('rateLimitWindowSeconds')] = String(c.rateLimit.windowSeconds);
  env[limitEnvName('rateLimitKeyQuota')] = String(c.rateLimitKey.quota);
  env[limitEnvName('rateLimitKeyWindowSeconds')] = String(c.rateLimitKey.windowSeconds);
  env.MESHI_WORKERS = String(o.workers ?? 2);
  env.MESHI_TRANSIENT_RETRIES = String(o.transientRetries ?? 0);
  env.PLAYWRIGHT_JSON_OUTPUT_FILE = reportFile;
  env.FORCE_COLOR = '0';
  Object.assign(env, o.env ?? {});
  return env;
}

/** Runs `playwright test --project=conformance` on the given files against the mock. */
export async function runConformance(o: ChildOptions): Promise<ChildRun> {
  mkdirSync(o.outDir, { recursive: true });
  const reportFile = join(o.outDir, 'report.json');
  const reporters = o.conformanceReport ? 'json,./reporter/index.ts' : 'json';
  const args = [
    CLI,
    'test',
    '--project=conformance',
    `--reporter=${reporters}`,
    `--output=${join(o.outDir, 'test-results')}`,
    ...(o.grep ? [`--grep=${o.grep}`] : []),
    ...o.files,
  ];
  const started = Date.now();
  const env = childEnv(o, reportFile);
  if (o.conformanceReport && !o.env?.CONFORMANCE_REPORT_DIR) env.CONFORMANCE_REPORT_DIR = join(o.outDir, 'conformance');
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const exitCode = await new Promise<number | null>((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the child conformance run did not finish within ${o.timeoutMs ?? 300_000} ms\n${stderr.slice(-2000)}`));
    }, o.timeoutMs ?? 300_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolvePromise(code);
    });
  });
  let report: JsonReport;
  try {
    report = JSON.parse(readFileSync(reportFile, 'utf8')) as JsonReport;
  } catch (e) {
    throw new Error(
      `no JSON report from the child run (exit ${exitCode}): ${e instanceof Error ? e.message : String(e)}\n--- stdout ---\n${stdout.slice(-3000)}\n--- stderr ---\n${stderr.slice(-3000)}`,
    );
  }
  return { exitCode, stdout, stderr, report, tests: flatten(report), durationMs: Date.now() - started };
}

/** A short human summary of a child run (for assertion messages). */
export function describeRun(run: ChildRun): string {
  const lines = run.tests.map(
    (t) =>
      `${t.status.padEnd(10)} ${t.file} › ${t.title.slice(0, 90)}${t.status === 'expected' ? '' : `\n    ${errorText(t).split('\n').filter(Boolean).slice(0, 3).join('\n    ').slice(0, 600)}`}`,
  );
  return `exit ${run.exitCode}, ${run.tests.length} tests, ${Math.round(run.durationMs / 1000)} s, stats ${JSON.stringify(run.report.stats)}\n${lines.join('\n')}${
    run.report.errors?.length
      ? `\nglobal errors: ${run.report.errors
          .map((e) => e.message)
          .join('; ')
          .slice(0, 1000)}`
      : ''
  }`;
}
