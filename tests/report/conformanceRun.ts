// Runs a script of the project (scripts/conformance.ts, scripts/merge-conformance.ts) as a child
// process with a clean environment, and reads the report it wrote into `<dir>/report`.

import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConformanceReport } from '../../reporter/types';
import { ROOT } from './helpers';

const TSX = join(ROOT, 'node_modules/tsx/dist/cli.mjs');

export interface Run {
  code: number;
  out: string;
  dir: string;
  outputDir: string;
  report: ConformanceReport | null;
}

/** The environment of a nested run: no Playwright worker variables, no settings of the outer run. */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(TEST_|PW_|PLAYWRIGHT_|MESHI_|CONFORMANCE_|MOCK_)/.test(k) || k === 'NODE_OPTIONS') continue;
    env[k] = v;
  }
  return { ...env, CI: '', FORCE_COLOR: '0', ...extra };
}

export async function runScript(script: string, args: string[], extraEnv: Record<string, string>, dir: string): Promise<Run> {
  const outputDir = join(dir, 'test-results');
  const child = spawn(process.execPath, [TSX, join(ROOT, script), ...args], {
    cwd: ROOT,
    env: cleanEnv({ CONFORMANCE_OUTPUT_DIR: outputDir, ...extraEnv }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const code = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? 1)));
  const file = join(dir, 'report', 'conformance-report.json');
  const report = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ConformanceReport) : null;
  return { code, out, dir, outputDir, report };
}
