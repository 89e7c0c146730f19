// Settings seen from the processes that read them: a malformed setting stops `playwright test` with
// one line and exit 2 (no stack trace, no value), and a run killed before its teardown leaves its
// run-scoped files in its output directory, never in the system's temporary folder.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test, expect } from '@playwright/test';
import { productionHosts } from '../../contract';

const ROOT = new URL('../..', import.meta.url).pathname;
const PLAYWRIGHT_CLI = join(ROOT, 'node_modules/@playwright/test/cli.js');
const TSX_LOADER = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

/** The environment without any setting or Playwright worker variable, plus `extra`. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(MESHI_|MOCK_|PW_|TEST_|PLAYWRIGHT_)/.test(k)) env[k] = v;
  return { ...env, ...extra };
}

function run(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

const listTests = (env: Record<string, string>) =>
  run([PLAYWRIGHT_CLI, 'test', '--list', '--project=harness', 'tests/harness/namespace.spec.ts'], cleanEnv(env));

test('a malformed MESHI_WORKERS stops playwright with one line naming it and exit 2', async () => {
  const r = await listTests({ MESHI_WORKERS: 'abc' });
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr.trim().split('\n')).toEqual([
    expect.stringMatching(/^configuration error: MESHI_WORKERS: expected an integer in 1\.\.64; /),
  ]);
  expect(r.stdout.trim()).toBe('');
});

test('a key pasted into MESHI_BASE_URL stops playwright without printing it', async () => {
  const secret = 'sk_live_9a8b7c6d5e4f3a2b1c0d';
  const r = await listTests({ MESHI_BASE_URL: secret });
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr.trim().split('\n')).toEqual([
    expect.stringMatching(/^configuration error: MESHI_BASE_URL: expected an absolute http\(s\) URL/),
  ]);
  expect(r.stderr + r.stdout).not.toContain(secret.slice(0, 12));
  expect(r.stderr + r.stdout).not.toContain(secret.slice(-12));
});

test('the production host without MESHI_ALLOW_PRODUCTION stops playwright with one line and exit 2', async () => {
  const host = productionHosts()[0]!;
  const r = await listTests({ MESHI_BASE_URL: `https://${host.toUpperCase()}./`, MESHI_PARTNER_KEY: 'sk_unit_write_0123456789abcdef' });
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^configuration error: MESHI_BASE_URL: .*MESHI_ALLOW_PRODUCTION=1/)]);
});

test('valid settings still list the tests (the check is not a blanket refusal)', async () => {
  const r = await listTests({ MESHI_WORKERS: '2', MESHI_BUNDLED_MOCK: 'yes' });
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).toContain('namespace.spec.ts');
});

test('a run killed before its teardown leaves the sent-UUID registry in its output directory, not in /tmp', async ({}, testInfo) => {
  const namespace = `ctkill${Date.now().toString(36)}`;
  const outputDir = testInfo.outputPath('run-output');
  // globalSetup of a conformance run against an external target (no mock to start), then SIGKILL:
  // no teardown, no signal handler runs.
  const script = `
    process.argv.push('--project=conformance');
    const { default: globalSetup } = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'harness/run/globalSetup.ts')).href)});
    await globalSetup({ projects: [{ name: 'conformance', outputDir: ${JSON.stringify(outputDir)} }], rootDir: ${JSON.stringify(ROOT)} });
    process.kill(process.pid, 'SIGKILL');
  `;
  const env = cleanEnv({
    MESHI_BASE_URL: 'http://127.0.0.1:9',
    MESHI_PARTNER_KEY: 'sk_unit_write_0123456789abcdef',
    MESHI_RUN_NAMESPACE: namespace,
  });
  const r = await run(['--import', TSX_LOADER, '--input-type=module', '-e', script], env);
  expect(r.signal, r.stderr).toBe('SIGKILL');
  expect(
    readdirSync(tmpdir()).filter((f) => f.includes(namespace)),
    'nothing of the run left in the temporary folder',
  ).toEqual([]);
  expect(existsSync(join(outputDir, `meshi-sent-uuids-${namespace}.txt`)), 'the registry lives in the run output directory').toBe(true);
});
