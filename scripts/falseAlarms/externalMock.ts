// An external mock for false-alarms: `mock/main.ts` as a child process on a free port (exactly
// what `npm run mock` starts), its keys handed to the harness through the MESHI_* variables a
// real target uses, and its request counters (GET /__mock/stats).
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { KEY_ENV, KEY_NAMES } from '../../harness/settings/config';
import type { KeyCounts } from '../../mock/http/stats';
import type { MockConfig } from '../../mock/config';
import { ROOT, TSX_LOADER } from './paths';

export interface ExternalMock {
  readonly url: string;
  readonly baseUrl: string;
  readonly adminUrl: string;
  /** Bearer value by harness key name (write, read, orgB, rateLimit, …). */
  readonly keys: Readonly<Record<string, string>>;
  /** The harness environment of this target: MESHI_BASE_URL and one variable per key. */
  readonly harnessEnv: Readonly<Record<string, string>>;
  stats(): Promise<Record<string, KeyCounts>>;
  config(): Promise<MockConfig>;
  close(): Promise<void>;
}

/** `MOCK_KEY_ORG_B` → `orgB`. */
function roleOf(variable: string): string {
  return variable
    .slice('MOCK_KEY_'.length)
    .toLowerCase()
    .replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

export async function startExternalMock(mockEnv: Readonly<Record<string, string>>): Promise<ExternalMock> {
  const child: ChildProcess = spawn(process.execPath, ['--import', TSX_LOADER, join(ROOT, 'mock/main.ts'), '--port', '0'], {
    cwd: ROOT,
    env: { ...process.env, ...mockEnv },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const vars: Record<string, string> = {};
  const lines = createInterface({ input: child.stdout! });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the mock exited with ${code} before printing its keys`)));
    lines.on('line', (line) => {
      const eq = line.indexOf('=');
      if (eq > 0) vars[line.slice(0, eq)] = line.slice(eq + 1);
      if (line.startsWith('MOCK_FAULTS_ON=')) resolve();
    });
  });
  child.removeAllListeners('exit');
  const keys: Record<string, string> = {};
  for (const [k, v] of Object.entries(vars)) if (k.startsWith('MOCK_KEY_')) keys[roleOf(k)] = v;
  const harnessEnv: Record<string, string> = { MESHI_BASE_URL: vars.MOCK_BASE_URL! };
  for (const name of KEY_NAMES) if (keys[name]) harnessEnv[KEY_ENV[name]] = keys[name]!;
  const adminUrl = vars.MOCK_ADMIN_URL!;
  const admin = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${adminUrl}${path}`);
    return (await res.json()) as T;
  };
  return {
    url: vars.MOCK_URL!,
    baseUrl: vars.MOCK_BASE_URL!,
    adminUrl,
    keys,
    harnessEnv,
    stats: async () => (await admin<{ keys: Record<string, KeyCounts> }>('/stats')).keys,
    config: async () => (await admin<{ config: MockConfig }>('/config')).config,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
