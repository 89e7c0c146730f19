// One formatter, applied by a script: `npm run format` writes, this test checks that every source
// file is as Prettier (the one config, .prettierrc.json) would write it.

import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { expect, test } from '@playwright/test';

const PRETTIER = createRequire(import.meta.url).resolve('prettier/bin/prettier.cjs');

test('every source file is formatted by the one Prettier config (npm run format)', () => {
  const r = spawnSync(process.execPath, [PRETTIER, '--check', '--log-level', 'warn', '.'], { encoding: 'utf8', timeout: 120_000 });
  expect(r.status, `files not formatted (run npm run format):\n${r.stdout}${r.stderr}`).toBe(0);
});

test('the check can fail: a badly formatted TypeScript file is flagged', () => {
  const r = spawnSync(process.execPath, [PRETTIER, '--check', '--stdin-filepath', 'harness/example.ts'], {
    input: 'const a = {b:1}\n',
    encoding: 'utf8',
  });
  expect(r.status).not.toBe(0);
});
