// `npm run bench:properties`: throughput of the property-based and model-based suites
// (specs/properties) against the reference mock — property executions per second (overall and
// per property) and model-based sequences per minute — printed, not asserted.
//
// Loopback only: the mock is started here on 127.0.0.1 (its rate limits raised so the figures
// measure the harness and the mock, not pacing); MESHI_BASE_URL is ignored. Bounded: --rounds N
// child runs (default 1, max 5), each killed after --timeout-ms (default 300000). Other options:
// --budget default|nightly, --workers N (default 1: per-worker figures), --seed N.

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMockServer } from '../mock/server';
import { KEY_ENV, KEY_NAMES } from '../harness/settings/config';
import { PLAYWRIGHT_CLI } from '../harness/run/toolPaths';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = PLAYWRIGHT_CLI;
const QUOTA = 1_000_000;

function opt(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
function num(name: string, dflt: number, min: number, max: number): number {
  const v = opt(name);
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name}: expected an integer in ${min}..${max}, got ${v}`);
  return n;
}

const rounds = num('--rounds', 1, 1, 5);
const timeoutMs = num('--timeout-ms', 300_000, 10_000, 1_800_000);
const workers = num('--workers', 1, 1, 8);
const budget = opt('--budget') ?? 'default';
if (!['default', 'nightly'].includes(budget)) throw new Error('--budget must be default or nightly');
const seed0 = num('--seed', Date.now() % 1_000_000_000, 0, 2_147_483_647);

interface PropertyFigure {
  readonly test: string;
  readonly property: string;
  readonly runs: number;
  readonly ms: number;
}

/** Reads the `property` annotations ("<name>: passed 6/6 runs, … 812 ms, …") of a JSON report. */
function figures(report: any): { props: PropertyFigure[]; failed: string[]; modelNotes: string[] } {
  const props: PropertyFigure[] = [];
  const failed: string[] = [];
  const modelNotes: string[] = [];
  const walk = (suite: any) => {
    for (const spec of suite.specs ?? [])
      for (const t of spec.tests ?? [])
        for (const r of t.results ?? []) {
          if (r.status !== 'passed') failed.push(`${spec.title.slice(0, 60)}: ${r.status}`);
          for (const a of r.annotations ?? []) {
            if (a.type === 'model') modelNotes.push(a.description);
            if (a.type !== 'property') continue;
            const m = /^(.*): (?:passed|FAILED) (\d+)\/\d+ runs.*?, (\d+) ms,/.exec(a.description ?? '');
            if (m) props.push({ test: spec.title.split(':')[0]!, property: m[1]!, runs: Number(m[2]), ms: Number(m[3]) });
          }
        }
    for (const s of suite.suites ?? []) walk(s);
  };
  for (const s of report.suites ?? []) walk(s);
  return { props, failed, modelNotes };
}

async function round(
  i: number,
): Promise<{ props: PropertyFigure[]; failed: string[]; modelNotes: string[]; wallMs: number; requests: number }> {
  let requests = 0;
  const mock = await createMockServer({
    host: '127.0.0.1',
    port: 0,
    readEnv: false,
    rateLimit: { quota: QUOTA, windowSeconds: 60 },
    logRequests: true,
    logSink: { write: () => void requests++ },
  });
  const dir = mkdtempSync(join(tmpdir(), 'meshi-bench-props-'));
  try {
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) if (!/^(MESHI_|MOCK_|PLAYWRIGHT_)/.test(k)) env[k] = v;
    env.MESHI_BASE_URL = mock.url;
    for (const role of KEY_NAMES) if (mock.keys[role]) env[KEY_ENV[role]] = mock.keys[role];
    env.MESHI_RATE_LIMIT_QUOTA = String(QUOTA);
    env.MESHI_SEED = String(seed0 + i * 7919);
    env.MESHI_PROPERTY_BUDGET = budget;
    env.PLAYWRIGHT_JSON_OUTPUT_NAME = join(dir, 'report.json');
    const started = Date.now();
    const child = spawn(
      process.execPath,
      [CLI, 'test', '--project=conformance', 'specs/properties', '--reporter=json', `--workers=${workers}`, `--output=${join(dir, 'out')}`],
      { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] },
    );
    await new Promise<void>((done) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.on('exit', () => {
        clearTimeout(timer);
        done();
      });
    });
    const wallMs = Date.now() - started;
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    return { ...figures(report), wallMs, requests };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await mock.close();
  }
}

async function main(): Promise<void> {
  console.log(`bench:properties — ${rounds} round(s), budget ${budget}, ${workers} worker(s), mock on 127.0.0.1 (run timings: defaults)`);
  const all: PropertyFigure[] = [];
  for (let i = 0; i < rounds; i++) {
    const r = await round(i);
    all.push(...r.props);
    const runs = r.props.reduce((a, p) => a + p.runs, 0);
    const ms = r.props.reduce((a, p) => a + p.ms, 0);
    console.log(
      `round ${i + 1}: ${r.props.length} properties, ${runs} executions in ${(ms / 1000).toFixed(1)} s of property time (${(r.wallMs / 1000).toFixed(1)} s wall, ${r.requests} requests to the mock)${r.failed.length ? `; NOT PASSED: ${r.failed.join('; ')}` : ''}`,
    );
    for (const n of r.modelNotes) console.log(`  model: ${n}`);
  }
  const model = all.filter((p) => /model-based/.test(p.property));
  const plain = all.filter((p) => !/model-based/.test(p.property));
  const runs = plain.reduce((a, p) => a + p.runs, 0);
  const ms = plain.reduce((a, p) => a + p.ms, 0);
  console.log('\nper property (executions per second, mean over rounds):');
  const byName = new Map<string, { runs: number; ms: number; test: string }>();
  for (const p of plain) {
    const e = byName.get(p.property) ?? { runs: 0, ms: 0, test: p.test };
    e.runs += p.runs;
    e.ms += p.ms;
    byName.set(p.property, e);
  }
  for (const [name, e] of [...byName.entries()].sort((a, b) => b[1].runs / b[1].ms - a[1].runs / a[1].ms)) {
    console.log(`  ${(e.runs / (e.ms / 1000)).toFixed(1).padStart(7)} /s  ${e.test.padEnd(32)} ${name}`);
  }
  console.log(
    `\nproperties: ${(runs / (ms / 1000)).toFixed(1)} executions/second overall (${runs} executions, ${(ms / 1000).toFixed(1)} s)`,
  );
  const seqs = model.reduce((a, p) => a + p.runs, 0);
  const mms = model.reduce((a, p) => a + p.ms, 0);
  if (seqs)
    console.log(`model-based: ${((seqs / mms) * 60_000).toFixed(1)} sequences/minute (${seqs} sequences, ${(mms / 1000).toFixed(1)} s)`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
