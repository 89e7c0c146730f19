// The evidence loop against the bundled mock set to deviate from the contract's decisions
// (helpers.ts DEVIATING_MOCK): `npm run evidence` names each deviation as contradicted with the
// observed value, lists the extra field as undeclared and confirms what the mock does as decided;
// the proposed patch, applied to a copy of the repository and regenerated, makes the same specs
// pass against the same deviating mock. Only the specs that probe those elements run (GREP).

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { test, expect } from '@playwright/test';
import type { EvidenceFile } from '../../scripts/evidence/file';
import { conformance, copyRepository, DEVIATING_MOCK, ROOT, runScript } from './helpers';

test.describe.configure({ mode: 'serial', timeout: 600_000 });

/** Pagination (default page size, limit codes, cursors) and AUTH-01 (GET /auth, the extra field). */
const GREP = ['--grep', 'PAGE-0|AUTH-01'];

let dir = '';
test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'evidence-'));
});
test.afterAll(() => {
  if (process.env.KEEP_E2E_DIRS !== '1') rmSync(dir, { recursive: true, force: true });
});

test('evidence names the deviations, the extra field, and what the mock does as decided; the patch makes the suite pass', async () => {
  const run = await conformance(join(dir, 'run'), GREP, DEVIATING_MOCK);
  expect(run.code, run.out).toBe(1);

  const ev = await runScript('scripts/evidence.ts', [join(dir, 'run'), '--out', join(dir, 'evidence')]);
  expect(ev.code, ev.out).toBe(0);
  const e = JSON.parse(readFileSync(join(dir, 'evidence', 'contract-evidence.json'), 'utf8')) as EvidenceFile;
  const el = (key: string) => e.elements.find((x) => x.key === key);
  expect(e.target).toBe('mock');
  expect(e.runs).toHaveLength(1);

  // Contradicted, with the observed value, how often and example correlation IDs.
  expect(el('limit:pageLimitDefault')).toMatchObject({ verdict: 'contradicted', declared: '50', observed: '20', proposed: true });
  expect(el('limit:pageLimitDefault')!.examples.length).toBeGreaterThan(0);
  expect(el('param:listEvents:limit')).toMatchObject({ verdict: 'contradicted', declared: '400 INVALID_LIMIT', observed: '400 INVALID_QUERY', proposed: true });
  expect(el('param:listEvents:limit')!.exchanges).toBeGreaterThan(0);
  // Nothing else in the contract is contradicted (guarantees fail through the deviations above).
  const others = e.elements.filter((x) => x.verdict === 'contradicted' && x.kind !== 'guarantee' && x.key !== 'limit:pageLimitDefault' && !/^param:\w+:limit$/.test(x.key));
  expect(others.map((x) => `${x.name}: ${x.observed}`)).toEqual([]);
  expect(e.elements.filter((x) => x.verdict === 'contradicted' && x.kind === 'guarantee').map((x) => x.name).sort()).toEqual(['ERR-04', 'PAGE-03', 'SCHEMA-01']);

  // Undeclared: the extra field (proposed as observed) and the new code.
  expect(e.undeclared).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'field', name: 'getAuth 200 server_region', observed: 'string', proposed: true })]));
  expect(e.undeclared).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'error-code', observed: 'INVALID_QUERY' })]));
  expect(e.undeclared.filter((u) => u.kind === 'field').map((u) => u.name)).toEqual(['getAuth 200 server_region']);

  // Confirmed: what the mock does as decided.
  for (const key of ['limit:pageLimitMax', 'limit:rateLimit', 'guarantee:PAGE-01', 'guarantee:PAGE-02', 'code:listEvents:400:INVALID_CURSOR', 'status:listEvents:200']) {
    expect(el(key), key).toMatchObject({ verdict: 'confirmed', runs: 1 });
    expect(el(key)!.exchanges, key).toBeGreaterThan(0);
    expect(el(key)!.first, key).toBe(e.runs[0]!.date);
  }
  // Slower runs show in the figures (queued 300 + running 400 ms).
  expect(e.figures.runDurationMs.count).toBeGreaterThan(0);
  expect(e.figures.runDurationMs.min!).toBeGreaterThanOrEqual(700);
  const md = readFileSync(join(dir, 'evidence', 'evidence.md'), 'utf8');
  expect(md).toMatch(/\| pageLimitDefault \(limit parameter default\) \| 50 \| 20 \|/);
  expect(md).toContain('getAuth 200 server_region');

  // The patch applies cleanly to this checkout (git apply --check changes nothing).
  const patch = readFileSync(join(dir, 'evidence', 'contract.patch'), 'utf8');
  expect(patch).toContain('+        default: 20');
  expect(patch).toContain('x-meshi-provenance: observed');
  const check = spawnSync('git', ['apply', '--check', join(dir, 'evidence', 'contract.patch')], { cwd: ROOT, encoding: 'utf8' });
  expect(check.status, check.stderr).toBe(0);

  // Applied to a copy and regenerated, the same specs pass against the same deviating mock.
  const copy = join(dir, 'repo');
  copyRepository(copy);
  const applied = await runScript('scripts/evidence.ts', [join(dir, 'run'), '--out', join(dir, 'evidence-applied'), '--apply-to', copy], {}, copy);
  expect(applied.code, applied.out).toBe(0);
  const gen = await runScript('scripts/generate.ts', [], {}, copy);
  expect(gen.code, gen.out).toBe(0);
  const after = await conformance(join(dir, 'run-after'), GREP, DEVIATING_MOCK, copy);
  expect(after.code, after.out).toBe(0);
  expect(after.out).toContain('RUN PASSED');
});
