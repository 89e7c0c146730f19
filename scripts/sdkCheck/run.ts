// Runs the consumer program in a child process (node with tsx, `meshi-sdk` mapped by a tsconfig)
// against a base URL, and reads its one-line JSON result.

import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

export interface RunResult {
  readonly ok: boolean;
  readonly detail: Record<string, unknown>;
  readonly stderr: string;
  readonly ms: number;
}

export function runConsumer(
  main: string,
  tsconfig: string,
  target: { baseUrl: string; key: string; namespace: string },
  timeoutMs = 60_000,
): Promise<RunResult> {
  const started = Date.now();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TSX_TSCONFIG_PATH: resolve(tsconfig),
    SDK_CHECK_BASE_URL: target.baseUrl,
    SDK_CHECK_KEY: target.key,
    SDK_CHECK_NAMESPACE: target.namespace,
  };
  // Playwright's own loader flags must not leak into the child's node.
  if (env.NODE_OPTIONS && /playwright/i.test(env.NODE_OPTIONS)) delete env.NODE_OPTIONS;
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', resolve(main)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      const line = out.trim().split('\n').pop() ?? '';
      let detail: Record<string, unknown> = {};
      try {
        detail = JSON.parse(line);
      } catch {
        detail = { error: `no result line (exit ${code}): ${(err || out).trim().slice(0, 2000)}` };
      }
      done({ ok: code === 0 && detail.ok === true, detail, stderr: err, ms: Date.now() - started });
    });
  });
}
