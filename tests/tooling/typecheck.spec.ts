// `tsc --noEmit` passes on everything, and the contract lints with 0 errors.
import { test, expect } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const bin = (name: string) => join(root, 'node_modules/.bin', name);

test('tsc --noEmit reports no error on the whole project', () => {
  test.setTimeout(180_000);
  const run = spawnSync(bin('tsc'), ['--noEmit', '-p', root], { cwd: root, encoding: 'utf8' });
  expect(run.stdout + run.stderr).toBe('');
  expect(run.status).toBe(0);
});

test('redocly lint reports 0 errors on the contract', () => {
  test.setTimeout(120_000);
  const run = spawnSync(bin('redocly'), ['lint', '--config', 'contracts/redocly.yaml', 'contracts/partner-api.yaml'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
  });
  expect(run.status, run.stdout + run.stderr).toBe(0);
});
