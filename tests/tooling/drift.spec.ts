// check:generated fails when the contract changes without regenerating, shown on a temporary copy.
import { test, expect } from '@playwright/test';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('../..', import.meta.url).pathname;
const check = (dir: string) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts/generate.ts'), '--check', `--root=${dir}`], {
    cwd: root,
    encoding: 'utf8',
  });

test('check:generated passes on the committed tree and fails after an unregenerated contract change', () => {
  test.setTimeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), 'meshi-drift-'));
  try {
    cpSync(join(root, 'contracts'), join(dir, 'contracts'), { recursive: true });
    cpSync(join(root, 'generated'), join(dir, 'generated'), { recursive: true });
    const clean = check(dir);
    expect(clean.status, clean.stderr).toBe(0);

    const file = join(dir, 'contracts/partner-api.yaml');
    const text = readFileSync(file, 'utf8');
    const changed = text.replace('maxLength: 200', 'maxLength: 201');
    expect(changed).not.toBe(text);
    writeFileSync(file, changed);
    const drifted = check(dir);
    expect(drifted.status).toBe(1);
    expect(drifted.stderr).toContain('generated/ is out of date');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
