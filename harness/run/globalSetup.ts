// Global set-up (playwright.config.ts). With MESHI_BASE_URL set, validates the configuration and
// prints the target. Without it, starts the bundled mock as a child process on a free port
// (`node --import tsx mock/main.ts --port 0`), reads MOCK_URL and the seeded keys from its stdout,
// and exports MESHI_BASE_URL, MESHI_ADMIN_URL and the keys so the workers inherit them. In both
// cases it pins the run namespace, seed and shared UUID registry for every worker. The mock is
// only started when the conformance project is selected (other projects need no target). Settings
// are read and exported through harness/settings only.

import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FullConfig } from '@playwright/test';
import { describeTarget, KEY_ENV, KEY_NAMES, loadConfig, type KeyName } from '../settings/config';
import { createRunRegistryFile } from '../http/sentRegistry';
import { exportSetting, limitEnvName, limitOverride, pinRunIdentity, setting } from '../settings';
import { TSX_LOADER } from './toolPaths';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const MOCK_START_TIMEOUT_MS = 30_000;
/** Main-key quota per window given to the bundled mock unless MESHI_RATE_LIMIT_QUOTA / MOCK_RATE_LIMIT_QUOTA is set. */
export const BUNDLED_MOCK_QUOTA = 100_000;

declare global {
  // eslint-disable-next-line no-var
  var __meshiMock: ChildProcess | undefined;
  // eslint-disable-next-line no-var
  var __meshiSentRegistry: string | undefined;
}

/** `orgB` → `MOCK_KEY_ORG_B` (the mock CLI's key lines). */
export function mockKeyVariable(role: KeyName): string {
  return `MOCK_KEY_${role.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}

/** The projects named on the command line (`--project a`, `--project=a`, `-p a`), or null for all. */
export function selectedProjects(argv: readonly string[]): string[] | null {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--project=')) out.push(a.slice('--project='.length));
    else if (a === '--project' || a === '-p') {
      while (i + 1 < argv.length && !argv[i + 1]!.startsWith('-')) out.push(argv[++i]!);
    }
  }
  return out.length ? out : null;
}

/** Whether the conformance project (which needs a target) is part of this run. */
export function needsTarget(argv: readonly string[]): boolean {
  const projects = selectedProjects(argv);
  return projects === null || projects.some((p) => /conformance|\*/i.test(p));
}

/** Parses `NAME=value` lines. */
export function parseKeyValueLines(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

/**
 * Run phases of the bundled mock when the harness starts it (ms): shorter than the mock's own
 * default, so the suites spend their time on checks rather than on waiting; runs still pass
 * through queued and running. MOCK_QUEUED_MS / MOCK_RUNNING_MS override them.
 */
export const BUNDLED_MOCK_RUN_PHASES = { MOCK_QUEUED_MS: '40', MOCK_RUNNING_MS: '60' };

function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...BUNDLED_MOCK_RUN_PHASES, ...process.env };
  // Playwright's own loader flags must not leak into the mock's node.
  if (env.NODE_OPTIONS && /playwright/i.test(env.NODE_OPTIONS)) delete env.NODE_OPTIONS;
  const faults = setting('MESHI_MOCK_FAULTS');
  if (faults) env.MOCK_FAULTS = faults;
  return env;
}

/**
 * Where run-scoped files go: the conformance project's output directory (Playwright empties it at
 * the start of every run, so a run killed before its teardown leaves nothing behind for long, and
 * nothing at all in the system's temporary folder).
 */
export function runOutputDir(config: Pick<FullConfig, 'projects' | 'rootDir'>): string {
  const project = config.projects.find((p) => p.name === 'conformance') ?? config.projects[0];
  return project?.outputDir ?? join(config.rootDir, 'test-results');
}

/** Starts `mock/main.ts --port 0` and resolves with the child and its announced variables. */
export async function startBundledMock(
  logFile: string | null = join(ROOT, 'reports', 'mock.log'),
): Promise<{ child: ChildProcess; vars: Record<string, string> }> {
  const loader = TSX_LOADER;
  const child = spawn(process.execPath, ['--import', loader, join(ROOT, 'mock/main.ts'), '--port', '0'], {
    cwd: ROOT,
    env: childEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log: NodeJS.WritableStream | null = null;
  if (logFile) {
    mkdirSync(dirname(logFile), { recursive: true });
    log = createWriteStream(logFile, { flags: 'w' });
  }
  let stdout = '';
  let stderr = '';
  return await new Promise((resolvePromise, reject) => {
    let settled = false;
    const timer = setTimeout(
      () => fail(new Error(`the bundled mock did not print MOCK_URL within ${MOCK_START_TIMEOUT_MS} ms`)),
      MOCK_START_TIMEOUT_MS,
    );
    const fail = (e: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${e.message}\n--- mock stderr ---\n${stderr.slice(-4000)}`));
    };
    child.stdout!.on('data', (chunk: Buffer) => {
      // The announcement lists the seeded keys: the log keeps their names, never their values.
      log?.write(chunk.toString('utf8').replace(/^(MOCK_KEY_[A-Z_]+=).*$/gm, '$1[redacted]'));
      if (settled) return; // keep draining so the pipe never blocks the mock
      stdout += chunk.toString('utf8');
      const vars = parseKeyValueLines(stdout);
      // The CLI prints every line at once; wait until the last announced one (faults) or the keys are there.
      if (vars.MOCK_URL && ('MOCK_FAULTS_ON' in vars || stdout.split('\n').length > KEY_NAMES.length + 4)) {
        settled = true;
        clearTimeout(timer);
        resolvePromise({ child, vars });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      log?.write(chunk);
      stderr += chunk.toString('utf8');
    });
    child.on('error', (e) => fail(e));
    child.on('exit', (code, signal) => fail(new Error(`the bundled mock exited (${code ?? signal}) before announcing MOCK_URL`)));
  });
}

export default async function globalSetup(config: FullConfig): Promise<void> {
  // Pin what every worker must share.
  const { namespace } = pinRunIdentity();
  const targetNeeded = needsTarget(process.argv);
  if (!setting('MESHI_SENT_REGISTRY') && targetNeeded) {
    const file = createRunRegistryFile(runOutputDir(config), namespace);
    exportSetting('MESHI_SENT_REGISTRY', file);
    globalThis.__meshiSentRegistry = file;
  }

  if (!setting('MESHI_BASE_URL')) {
    if (!targetNeeded) {
      console.error('[meshi] no target needed (the conformance project is not selected); the bundled mock is not started');
      return;
    }
    // The bundled mock's main-key quota is configurable; the contract default (a few hundred per
    // minute) would make the suite wait for rate-limit windows. Unless set by hand, give the mock a
    // large quota and tell the harness the same value, so RATE guarantees compare against what the
    // mock enforces (the dedicated rate-limit key keeps its tiny window for the 429 tests).
    const quota = String(limitOverride('rateLimitQuota') ?? (process.env.MOCK_RATE_LIMIT_QUOTA || BUNDLED_MOCK_QUOTA));
    exportSetting(limitEnvName('rateLimitQuota'), quota);
    process.env.MOCK_RATE_LIMIT_QUOTA = quota;
    const { child, vars } = await startBundledMock();
    globalThis.__meshiMock = child;
    exportSetting('MESHI_MOCK_PID', child.pid);
    exportSetting('MESHI_BASE_URL', vars.MOCK_URL);
    exportSetting('MESHI_ADMIN_URL', vars.MOCK_ADMIN_URL || `${vars.MOCK_URL}/__mock`);
    exportSetting('MESHI_BUNDLED_MOCK', '1');
    for (const role of KEY_NAMES) {
      const key = vars[mockKeyVariable(role)];
      if (key && !setting(KEY_ENV[role])) exportSetting(KEY_ENV[role], key);
    }
  }

  const loaded = loadConfig(); // throws ConfigError on a malformed setting: the run stops here
  console.error(`[meshi] ${describeTarget(loaded)}`);
  if (loaded.unknownVariables.length) console.warn(`[meshi] unknown settings ignored (typos?): ${loaded.unknownVariables.join(', ')}`);
}
