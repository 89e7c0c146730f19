// `npm run bench:mock`: performance figures of the reference mock (printed, not asserted).
//
// 1. GET /auth throughput and latency at 16 concurrent connections, against the mock and against a
//    bare node:http server answering a JSON body of the same size (goal: mock ≥ 0.5× bare).
// 2. One 1,000-row import: time to 202 and to a terminal run.
// 3. A matching run over 5,000 attendees: time to terminal (goal < 5 s) and the mock's RSS
//    (goal < 300 MB). The mock runs in a child process so its RSS is its own.
// 4. Time per page of match scores at 1,000 vs 5,000 attendees (median, pages of both events
//    interleaved; goal ratio ≤ 1.5×).
//
// Loopback only; every phase is bounded in time. Options: --duration-ms N (throughput phase),
// --pages N (pages timed per event).

import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { Pool, request } from 'undici';
import { contract } from '../contract';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const KEY = 'mk_test_org_a_write';
const CONNECTIONS = 16;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? v : fallback;
}
const DURATION_MS = arg('--duration-ms', 5000);
const PAGES = arg('--pages', 100);

// ---------------------------------------------------------------------------------------------
// Child processes

interface Child {
  readonly proc: ChildProcess;
  readonly url: string;
}

/** Starts a node child that prints `<prefix>=<url>` on a stdout line; resolves with that URL. */
function startChild(args: string[], prefix: string, env: NodeJS.ProcessEnv = {}): Promise<Child> {
  const proc = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args.join(' ')}: no ${prefix}= line within 30 s`)), 30_000);
    const lines = createInterface({ input: proc.stdout! });
    lines.on('line', (line) => {
      if (line.startsWith(`${prefix}=`)) {
        clearTimeout(timer);
        resolvePromise({ proc, url: line.slice(prefix.length + 1).trim() });
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')} exited with ${code}`));
    });
  });
}

function stop(child: Child | null): void {
  if (child && child.proc.exitCode === null) child.proc.kill('SIGTERM');
}

/** RSS and peak RSS (VmHWM) of a process in MB, from /proc (Linux). */
function rssOf(pid: number): { rss: number; peak: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// HTTP helpers

const headers = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };

async function call(method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown): Promise<{ status: number; json: any; ms: number }> {
  const t0 = performance.now();
  const res = await request(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.body.text();
  const ms = performance.now() - t0;
  return { status: res.statusCode, json: text ? JSON.parse(text) : null, ms };
}

async function expectStatus(p: Promise<{ status: number; json: any; ms: number }>, status: number, what: string) {
  const r = await p;
  if (r.status !== status) throw new Error(`${what}: expected ${status}, got ${r.status} ${JSON.stringify(r.json)}`);
  return r;
}

async function pollRun(base: string, runId: string, budgetMs: number): Promise<any> {
  const deadline = Date.now() + budgetMs;
  for (;;) {
    const r = await expectStatus(call('GET', `${base}/runs/${runId}`), 200, 'GET /runs');
    if ((contract.terminalRunStatuses as readonly string[]).includes(r.json.status)) return r.json;
    if (Date.now() > deadline) throw new Error(`run ${runId} not terminal within ${budgetMs} ms (status ${r.json.status})`);
    await new Promise((res) => setTimeout(res, 10));
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Closed-loop load: CONNECTIONS workers, each sending the next request when the last answered. */
async function load(url: string, path: string, auth: boolean, durationMs: number): Promise<LoadResult> {
  const origin = new URL(url).origin;
  const pool = new Pool(origin, { connections: CONNECTIONS, pipelining: 1 });
  const latencies: number[] = [];
  let errors = 0;
  const reqHeaders = auth ? { authorization: `Bearer ${KEY}` } : {};
  const deadline = performance.now() + durationMs;
  const worker = async () => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      try {
        const res = await pool.request({ origin, path, method: 'GET', headers: reqHeaders });
        await res.body.arrayBuffer();
        if (res.statusCode !== 200) errors++;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - t0);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  const elapsed = (performance.now() - t0) / 1000;
  await pool.close();
  return { latencies, elapsed, errors };
}

interface LoadResult {
  readonly latencies: number[];
  /** Seconds. */
  readonly elapsed: number;
  readonly errors: number;
}

function merge(...parts: LoadResult[]) {
  const latencies = parts.flatMap((p) => p.latencies).sort((a, b) => a - b);
  const elapsed = parts.reduce((s, p) => s + p.elapsed, 0);
  const errors = parts.reduce((s, p) => s + p.errors, 0);
  return { rps: latencies.length / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), errors, n: latencies.length };
}

// ---------------------------------------------------------------------------------------------
// Data

const TITLES = [
  'Senior Software Engineer',
  'VP of Sales',
  'Head of Marketing',
  'Data Scientist',
  'Product Manager',
  'Chief Technology Officer',
  'Founder',
  'Account Executive',
  'Product Designer',
  'Security Analyst',
  'Director of Partnerships',
  'Growth Lead',
  'Investor',
  'Research Scientist',
  'Operations Manager',
];
const TOPICS = [
  'ai',
  'fintech',
  'cloud',
  'security',
  'data',
  'marketing',
  'sales',
  'product',
  'design',
  'growth',
  'health',
  'climate',
  'robotics',
  'edtech',
  'crypto',
  'payments',
  'devops',
  'analytics',
  'mobile',
  'saas',
];
const COMPANIES = Array.from(
  { length: 400 },
  (_, i) =>
    `${['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Vandelay', 'Stark', 'Wayne'][i % 8]} ${['Labs', 'Capital', 'Health', 'Systems', 'Media', 'Energy', 'Retail', 'Software'][Math.floor(i / 8) % 8]} ${i}`,
);

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function rows(prefix: string, from: number, count: number, seed: number) {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  return Array.from({ length: count }, (_, j) => {
    const i = from + j;
    return {
      attendee_id: `${prefix}-${String(i).padStart(5, '0')}`,
      name: `Attendee ${i}`,
      email: `attendee${i}@${prefix}.example.com`,
      linkedin_url: r() < 0.5 ? `https://www.linkedin.com/in/${prefix}-attendee-${i}` : null,
      title: pick(TITLES),
      company: pick(COMPANIES),
      session_ids: [...new Set([`${prefix}-s${Math.floor(r() * SESSIONS)}`, `${prefix}-s${Math.floor(r() * SESSIONS)}`])],
      raw: { bio: `${pick(TOPICS)} ${pick(TOPICS)} and ${pick(TOPICS)}`, city: pick(['Berlin', 'Austin', 'Lisbon', 'Nairobi', 'Osaka']) },
    };
  });
}

let keySeq = 0;
const idemKey = () => `bench-${process.pid}-${Date.now()}-${keySeq++}`;

const SESSIONS = 30;

async function createEvent(base: string, eventId: string) {
  await expectStatus(call('POST', `${base}/events`, { event_id: eventId, title: `Bench ${eventId}` }), 201, 'POST /events');
  for (let i = 0; i < SESSIONS; i++) {
    await expectStatus(
      call('POST', `${base}/events/${eventId}/sessions`, { session_id: `${eventId}-s${i}`, title: `Session ${i}` }),
      201,
      'POST /sessions',
    );
  }
  await expectStatus(
    call('POST', `${base}/events/${eventId}/context`, {
      objectives: 'Connect founders and investors in fintech, ai and climate',
      event_details: 'A two-day summit',
    }),
    200,
    'POST /context',
  );
}

async function importAll(base: string, eventId: string, total: number, seed: number, cap: number) {
  for (let from = 0; from < total; from += cap) {
    const r = await expectStatus(
      call('PUT', `${base}/events/${eventId}/attendees:import`, {
        idempotency_key: idemKey(),
        attendees: rows(eventId, from, Math.min(cap, total - from), seed + from),
      }),
      202,
      'import',
    );
    const run = await pollRun(base, r.json.run_id, 60_000);
    if (run.status !== 'succeeded') throw new Error(`import run ${run.status}: ${JSON.stringify(run.errors.slice(0, 2))}`);
  }
}

async function runMatching(base: string, eventId: string): Promise<{ ms: number; run: any }> {
  const t0 = performance.now();
  const r = await expectStatus(call('POST', `${base}/events/${eventId}/matches:run`, { idempotency_key: idemKey() }), 202, 'matches:run');
  const run = await pollRun(base, r.json.run_id, 120_000);
  return { ms: performance.now() - t0, run };
}

/**
 * Median ms per page of 50 scores for each event, walking next_cursor on both events in
 * alternation (one page of one, then one of the other) so machine noise hits both alike.
 */
async function pageTimes(base: string, eventIds: readonly string[], pages: number): Promise<number[]> {
  const cursors: (string | null)[] = eventIds.map(() => null);
  const samples: number[][] = eventIds.map(() => []);
  for (let i = 0; i < pages + 20; i++) {
    for (let e = 0; e < eventIds.length; e++) {
      const q = cursors[e] ? `&cursor=${encodeURIComponent(cursors[e]!)}` : '';
      const r = await expectStatus(call('GET', `${base}/events/${eventIds[e]}/matches?limit=50${q}`), 200, 'GET matches');
      if (i >= 20) samples[e]!.push(r.ms); // the first 20 rounds warm up
      cursors[e] = r.json.next_cursor ?? null;
    }
  }
  return samples.map((list) =>
    percentile(
      [...list].sort((x, y) => x - y),
      50,
    ),
  );
}

// ---------------------------------------------------------------------------------------------

const BARE_SERVER = `
const http = require('node:http');
const body = Buffer.from(process.env.BENCH_BODY);
const server = http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
  res.end(body);
});
server.listen(0, '127.0.0.1', () => console.log('BARE_URL=http://127.0.0.1:' + server.address().port));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

async function main() {
  let mock: Child | null = null;
  let bare: Child | null = null;
  const rowsOut: [string, string, string, string][] = [];
  const add = (what: string, value: string, goal = '', ok = '') => rowsOut.push([what, value, goal, ok]);
  const verdict = (pass: boolean) => (pass ? 'ok' : 'MISSED');
  try {
    mock = await startChild(['--import', 'tsx', 'mock/main.ts', '--port', '0', '--rate-limit-quota', '1000000000'], 'MOCK_URL');
    const mockUrl = mock.url.replace(/\/$/, '');
    const base = `${mockUrl}/api/v0/partner`;
    const authBody = await request(`${base}/auth`, { headers: { authorization: `Bearer ${KEY}` } }).then((r) => r.body.text());
    bare = await startChild(['-e', BARE_SERVER], 'BARE_URL', { BENCH_BODY: authBody });
    const config = (await request(`${mockUrl}/__mock/config`).then((r) => r.body.json() as Promise<any>)).config;
    const cap: number = config?.caps?.importMaxRows ?? contract.limits.importMaxRows;

    // 1. Throughput.
    await load(bare.url, '/', false, 500);
    await load(base, '/api/v0/partner/auth', true, 500);
    // Interleaved halves (bare, mock, bare, mock) so a noisy neighbour hurts both sides alike.
    const b1 = await load(bare.url, '/', false, DURATION_MS / 2);
    const m1 = await load(base, '/api/v0/partner/auth', true, DURATION_MS / 2);
    const b2 = await load(bare.url, '/', false, DURATION_MS / 2);
    const m2 = await load(base, '/api/v0/partner/auth', true, DURATION_MS / 2);
    const b = merge(b1, b2);
    const m = merge(m1, m2);
    const ratio = m.rps / b.rps;
    add(
      `bare node:http, ${CONNECTIONS} conns, ${authBody.length} B`,
      `${b.rps.toFixed(0)} req/s  p50 ${b.p50.toFixed(2)} ms  p99 ${b.p99.toFixed(2)} ms`,
    );
    add(
      `mock GET /auth, ${CONNECTIONS} conns`,
      `${m.rps.toFixed(0)} req/s  p50 ${m.p50.toFixed(2)} ms  p99 ${m.p99.toFixed(2)} ms  (${m.errors} non-200)`,
    );
    add('mock / bare throughput', `${ratio.toFixed(2)}×`, '≥ 0.5×', verdict(ratio >= 0.5));

    // 2. A 1,000-row import.
    await createEvent(base, 'bench-1k');
    const t0 = performance.now();
    const imp = await expectStatus(
      call('PUT', `${base}/events/bench-1k/attendees:import`, { idempotency_key: idemKey(), attendees: rows('bench-1k', 0, 1000, 7) }),
      202,
      'import',
    );
    const accepted = performance.now() - t0;
    const impRun = await pollRun(base, imp.json.run_id, 60_000);
    const terminal = performance.now() - t0;
    add('1,000-row import: time to 202', `${accepted.toFixed(1)} ms`);
    add(
      '1,000-row import: time to terminal',
      `${terminal.toFixed(0)} ms (${impRun.status}; queued+running ${config?.queuedMs}+${config?.runningMs} ms)`,
    );

    // 3. Matching over 5,000 attendees.
    await createEvent(base, 'bench-5k');
    await importAll(base, 'bench-5k', 5000, 11, cap);
    const before = rssOf(mock.proc.pid!);
    let peak = before?.rss ?? 0;
    const sampler = setInterval(() => {
      const now = rssOf(mock!.proc.pid!);
      if (now) peak = Math.max(peak, now.rss);
    }, 20);
    const match5k = await runMatching(base, 'bench-5k');
    clearInterval(sampler);
    const after = rssOf(mock.proc.pid!);
    add(
      'matching 5,000 attendees: time to terminal',
      `${match5k.ms.toFixed(0)} ms (${match5k.run.status}, ${match5k.run.counts.total} attendees)`,
      '< 5000 ms',
      verdict(match5k.ms < 5000 && match5k.run.status === 'succeeded'),
    );
    add(
      'mock RSS during/after matching',
      `${peak.toFixed(0)} MB peak sampled, ${after?.rss.toFixed(0)} MB after (VmHWM ${after?.peak.toFixed(0)} MB)`,
      '< 300 MB',
      verdict((after?.peak ?? peak) < 300),
    );

    // 4. Page time, 1,000 vs 5,000 attendees.
    const match1k = await runMatching(base, 'bench-1k');
    add('matching 1,000 attendees: time to terminal', `${match1k.ms.toFixed(0)} ms (${match1k.run.status})`);
    const [p1, p5] = (await pageTimes(base, ['bench-1k', 'bench-5k'], PAGES)) as [number, number];
    add(`page of 50 match scores, 1,000 attendees (median of ${PAGES})`, `${p1.toFixed(2)} ms`);
    add(`page of 50 match scores, 5,000 attendees (median of ${PAGES})`, `${p5.toFixed(2)} ms`);
    add('page time 5,000 / 1,000', `${(p5 / p1).toFixed(2)}×`, '≤ 1.5×', verdict(p5 / p1 <= 1.5));
  } finally {
    stop(mock);
    stop(bare);
  }
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rowsOut.map((r) => r[i]!.length), ['measure', 'value', 'goal', ''][i]!.length));
  const line = (r: readonly string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  console.log(line(['measure', 'value', 'goal', '']));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rowsOut) console.log(line(r));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
