// Helpers of the evidence tests: run a script of this repository (or of a copy of it) as a child
// process with a clean environment, and copy the repository to try a proposal on.

import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, realpathSync, symlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const TSX = join(ROOT, 'node_modules/tsx/dist/cli.mjs');

/**
 * The mock settings of the deviating scenario: a default page size of 20 (contract: 50), an extra
 * `server_region` on GET /auth, INVALID_QUERY where the contract decided INVALID_LIMIT, slower
 * runs (300 + 400 ms). The harness raises the main key's quota as for every bundled-mock run (so the
 * whole suite runs in its usual time), and the run's provenance says so.
 */
export const DEVIATING_MOCK: Readonly<Record<string, string>> = {
  MOCK_CAPS: 'pageLimitDefault=20',
  MOCK_EXTRA_FIELDS: 'getAuth.server_region=eu-1',
  MOCK_ERROR_CODES: 'INVALID_LIMIT=INVALID_QUERY',
  MOCK_QUEUED_MS: '300',
  MOCK_RUNNING_MS: '400',
};

export interface ScriptRun {
  readonly code: number;
  readonly out: string;
}

/** The environment of a nested run: no Playwright worker variables, no settings of the outer run. */
function cleanEnv(extra: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(TEST_|PW_|PLAYWRIGHT_|MESHI_|CONFORMANCE_|MOCK_)/.test(k) || k === 'NODE_OPTIONS') continue;
    env[k] = v;
  }
  return { ...env, CI: '', FORCE_COLOR: '0', ...extra };
}

/** Runs `script` (relative to `root`) with tsx from `root`. */
export async function runScript(
  script: string,
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
  root = ROOT,
): Promise<ScriptRun> {
  const child = spawn(process.execPath, [TSX, join(root, script), ...args], {
    cwd: root,
    env: cleanEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const code = await new Promise<number>((done) => child.on('exit', (c) => done(c ?? 1)));
  return { code, out };
}

/** `npm run conformance` into `reportDir` (Playwright's output goes to reportDir/test-results). */
export function conformance(
  reportDir: string,
  args: readonly string[],
  env: Readonly<Record<string, string>>,
  root = ROOT,
): Promise<ScriptRun> {
  return runScript('scripts/conformance.ts', ['--report-dir', reportDir, '--workers=2', ...args], env, root);
}

/** Copies the repository's files (tracked and new, not ignored) into `dir`, with node_modules linked. */
export function copyRepository(dir: string): void {
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  for (const file of listed.stdout.split('\0')) {
    if (!file || file === 'node_modules' || file.startsWith('node_modules/') || file.startsWith('reports/')) continue;
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    try {
      cpSync(join(ROOT, file), join(dir, file));
    } catch {
      // deleted in the working tree
    }
  }
  symlinkSync(realpathSync(join(ROOT, 'node_modules')), join(dir, 'node_modules'));
}
