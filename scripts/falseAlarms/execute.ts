// Runs one false-alarms run: the target (the bundled mock, or an external `npm run mock` child),
// the conformance processes (one per shard, in parallel, each with its own namespace and blob
// report, as the nightly workflow runs them), then one merge with merge-conformance --gate.
// Children's output goes to <dir>/*.log.
import { spawn } from 'node:child_process';
import { mkdirSync, openSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ConformanceReport } from '../../reporter/types';
import type { KeyCounts } from '../../mock/http/stats';
import type { WindowLimit } from '../../mock/config';
import { readReport } from '../conformance';
import { startExternalMock } from './externalMock';
import { ROOT, TSX_LOADER } from './paths';
import type { FalseAlarmRun } from './profiles';

export interface KeyFigures {
  /** The harness's key name (write, read, orgB, rateLimit, …), or the raw key. */
  readonly name: string;
  readonly counts: KeyCounts;
  readonly limit: WindowLimit;
  /** 429s of a key the suite does not exhaust on purpose. */
  readonly unexpected429s: number;
}

export interface RunOutcome {
  readonly run: FalseAlarmRun;
  readonly wallMs: number;
  /** Exit code of merge-conformance --gate. */
  readonly gateExit: number;
  readonly report: ConformanceReport | null;
  /** Per key (external mock only). */
  readonly keys: readonly KeyFigures[] | null;
  readonly addedLatencyMs: number;
  readonly dir: string;
  readonly blobRoot: string;
}

function exec(script: string, args: readonly string[], env: NodeJS.ProcessEnv, log: string): Promise<number> {
  const out = openSync(log, 'w');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', TSX_LOADER, join(ROOT, script), ...args], {
      cwd: ROOT,
      env,
      stdio: ['ignore', out, out],
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.on('error', () => resolve(2));
  });
}

/** The key each seeded role of an external mock plays; the rate-limit key is exhausted on purpose. */
const EXHAUSTED_ON_PURPOSE = new Set(['rateLimit']);

export async function executeRun(run: FalseAlarmRun, dir: string): Promise<RunOutcome> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const blobRoot = join(dir, 'blob');
  const external = run.target === 'external' ? await startExternalMock(run.mockEnv) : null;
  try {
    const stamp = Date.now().toString(36).slice(-6);
    const base: NodeJS.ProcessEnv = {
      ...process.env,
      ...(external ? { ...external.harnessEnv } : { ...run.mockEnv, MESHI_BASE_URL: '' }),
      ...run.harnessEnv,
      MESHI_SEED: run.harnessEnv?.MESHI_SEED ?? '1',
      MESHI_WORKERS: String(run.workers),
      MESHI_SHARDS: String(run.shards),
    };
    const t0 = Date.now();
    await Promise.all(
      Array.from({ length: run.shards }, (_, i) => {
        const shard = i + 1;
        const args = ['--blob-dir', join(blobRoot, String(shard)), '--report-dir', join(dir, `shard-${shard}`), '--target', 'mock'];
        if (run.shards > 1) args.unshift(`--shard=${shard}/${run.shards}`);
        return exec(
          'scripts/conformance.ts',
          args,
          { ...base, MESHI_RUN_NAMESPACE: `fa${stamp}s${shard}` },
          join(dir, `shard-${shard}.log`),
        );
      }),
    );
    const wallMs = Date.now() - t0;
    const mergedDir = join(dir, 'merged');
    const gateExit = await exec(
      'scripts/merge-conformance.ts',
      [blobRoot, '--gate', '--target', 'mock', '--report-dir', mergedDir],
      base,
      join(dir, 'merge.log'),
    );
    const report = readReport(mergedDir, null);
    let keys: KeyFigures[] | null = null;
    let addedLatencyMs = Number(run.mockEnv.MOCK_ADDED_LATENCY_MS ?? 0);
    if (external) {
      const [stats, config] = await Promise.all([external.stats(), external.config()]);
      addedLatencyMs = config.addedLatencyMs;
      const nameOf = new Map(Object.entries(external.keys).map(([role, key]) => [key, role]));
      keys = Object.entries(stats)
        .map(([key, counts]) => {
          const name = nameOf.get(key) ?? key;
          const limit = name === 'rateLimit' ? config.rateLimitKey : config.rateLimit;
          return { name, counts, limit, unexpected429s: EXHAUSTED_ON_PURPOSE.has(name) ? 0 : counts.rateLimited };
        })
        .sort((a, b) => b.counts.requests - a.counts.requests);
    }
    return { run, wallMs, gateExit, report, keys, addedLatencyMs, dir, blobRoot };
  } finally {
    await external?.close();
  }
}
