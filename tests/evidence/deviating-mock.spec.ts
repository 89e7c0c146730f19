// The evidence loop rehearsed on one whole, unscoped conformance run (the rate-limit key included)
// against the bundled mock set to deviate from the contract's decisions (helpers.ts DEVIATING_MOCK).
// The run is made once and read by every assertion: its provenance says what was measured;
// without --rehearsal there is nothing to learn; with it every line says REHEARSAL, each deviation
// is named with its observed value, nothing else is contradicted (no body-size contradiction from
// oversized bodies answered 401/403/405/429 by earlier steps of the check order), the quota the
// harness gave its mock is never proposed, and the patch, applied to a copy and regenerated, makes
// the pagination and auth specs pass against the same mock. --apply-to refuses the rehearsal.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { test, expect } from '@playwright/test';
import { contract } from '../../contract';
import { BUNDLED_MOCK_QUOTA } from '../../harness/run/globalSetup';
import type { ConformanceReport } from '../../reporter/types';
import type { EvidenceFile } from '../../scripts/evidence/types';
import { schemaErrors } from '../report/helpers';
import { conformance, copyRepository, DEVIATING_MOCK, ROOT, runScript, type ScriptRun } from './helpers';

test.describe.configure({ mode: 'serial', timeout: 600_000 });

/** After the patch: pagination (default page size, limit codes, cursors) and AUTH-01 (GET /auth, the extra field). */
const GREP = ['--grep', 'PAGE-0|AUTH-01'];

let dir = '';
let run: ScriptRun;
let report: ConformanceReport;
let e: EvidenceFile;
let rehearsal: ScriptRun;
test.beforeAll(async () => {
  test.setTimeout(600_000);
  dir = mkdtempSync(join(tmpdir(), 'evidence-'));
  run = await conformance(join(dir, 'run'), [], DEVIATING_MOCK);
  report = JSON.parse(readFileSync(join(dir, 'run', 'conformance-report.json'), 'utf8')) as ConformanceReport;
  rehearsal = await runScript('scripts/evidence.ts', [join(dir, 'run'), '--rehearsal', '--out', join(dir, 'evidence')]);
  e = JSON.parse(readFileSync(join(dir, 'evidence', 'contract-evidence.json'), 'utf8')) as EvidenceFile;
});
test.afterAll(() => {
  if (process.env.KEEP_E2E_DIRS !== '1') rmSync(dir, { recursive: true, force: true });
});

const el = (key: string) => e.elements.find((x) => x.key === key);

test('the report says what was measured: the bundled mock, its deviation settings, the whole suite, the quota the harness was told', () => {
  expect(run.code, run.out).toBe(1);
  expect(schemaErrors(report)).toEqual([]);
  const p = report.run.provenance!;
  expect(p.target).toMatchObject({ kind: 'bundled-mock', loopback: true });
  expect(p.mock!.faults).toEqual([]);
  expect(p.mock!.settings).toEqual(expect.arrayContaining(['MOCK_CAPS', 'MOCK_ERROR_CODES', 'MOCK_EXTRA_FIELDS', 'MOCK_RATE_LIMIT_QUOTA']));
  expect(p.scope).toMatchObject({ guarantees: null, grep: null, grepInvert: null, files: [], filters: [], shard: null });
  expect(p.limits).toEqual({ rateLimitQuota: BUNDLED_MOCK_QUOTA });
  expect(report.run.target.name).toBe('mock');
});

test('without --rehearsal the bundled mock has nothing to teach: nothing to learn, the run listed as ignored', async () => {
  const plain = await runScript('scripts/evidence.ts', [join(dir, 'run'), '--out', join(dir, 'plain')]);
  expect(plain.code, plain.out).toBe(0);
  expect(plain.out).toMatch(/^nothing to learn: none of the 1 run\(s\) found counts as evidence/m);
  expect(plain.out).toContain('ignored: bundled mock (a rehearsal: use --rehearsal)');
  expect(readFileSync(join(dir, 'plain', 'contract.patch'), 'utf8')).toBe('');
});

test('the rehearsal says REHEARSAL on every line and in the patch header, and is never staging', () => {
  expect(rehearsal.code, rehearsal.out).toBe(0);
  const lines = rehearsal.out.trim().split('\n');
  expect(lines.length).toBeGreaterThan(3);
  for (const l of lines) expect(l).toMatch(/^REHEARSAL /);
  expect(e).toMatchObject({ target: 'mock', rehearsal: true, belowThreshold: true });
  expect(e.runs).toHaveLength(1);
  const patch = readFileSync(join(dir, 'evidence', 'contract.patch'), 'utf8');
  expect(patch.split('\n')[0]).toMatch(/^# REHEARSAL: /);
  expect(patch).not.toMatch(/staging/);
  expect(readFileSync(join(dir, 'evidence', 'evidence.md'), 'utf8')).toMatch(/^# REHEARSAL — /);
});

test('each deviation is named with its observed value; nothing else is contradicted, the body limit included', () => {
  expect(el('limit:pageLimitDefault')).toMatchObject({
    verdict: 'contradicted',
    declared: String(contract.limits.pageLimitDefault),
    observed: '20',
    proposed: true,
  });
  expect(el('limit:pageLimitDefault')!.examples.length).toBeGreaterThan(0);
  expect(el('param:listEvents:limit')).toMatchObject({
    verdict: 'contradicted',
    declared: '400 INVALID_LIMIT',
    observed: '400 INVALID_QUERY',
    proposed: true,
  });
  const others = e.elements.filter(
    (x) => x.verdict === 'contradicted' && x.kind !== 'guarantee' && x.key !== 'limit:pageLimitDefault' && !/^param:\w+:limit$/.test(x.key),
  );
  expect(others.map((x) => `${x.name}: ${x.observed}`)).toEqual([]);
  expect(el('limit:maxBodyBytes')!.verdict).not.toBe('contradicted');
  expect(e.figures.bodyBytes.largestAccepted ?? 0).toBeLessThanOrEqual(contract.limits.maxBodyBytes!);
  expect(e.undeclared).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ kind: 'field', name: 'getAuth 200 server_region', observed: 'string', proposed: true }),
    ]),
  );
  expect(e.undeclared).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'error-code', observed: 'INVALID_QUERY' })]));
  expect(e.undeclared.filter((u) => u.kind === 'field').map((u) => u.name)).toEqual(['getAuth 200 server_region']);
  // What the mock does as decided is seen, not confirmed: one run is below the thresholds.
  for (const key of ['limit:pageLimitMax', 'guarantee:PAGE-02', 'code:listEvents:400:INVALID_CURSOR', 'status:listEvents:200']) {
    expect(el(key), key).toMatchObject({ verdict: 'seen', runs: 1, days: 1 });
    expect(el(key)!.exchanges, key).toBeGreaterThan(0);
  }
  expect(e.counts.confirmed).toBe(0);
  // Slower runs show in the figures (queued 300 + running 400 ms, against the harness's usual 40 + 60;
  // the timers' granularity may take a millisecond or so off).
  expect(e.figures.runDurationMs.min!).toBeGreaterThanOrEqual(650);
});

test("the quota the harness gave its mock is never proposed as the contract's", () => {
  const rate = el('limit:rateLimit')!;
  expect(rate.verdict).not.toBe('contradicted');
  expect(rate.ignored.join()).toContain('MESHI_RATE_LIMIT_QUOTA told to the harness');
  const patch = readFileSync(join(dir, 'evidence', 'contract.patch'), 'utf8');
  expect(patch).not.toContain(String(BUNDLED_MOCK_QUOTA));
  expect(patch).not.toMatch(/^\+\s*quota:/m);
});

test('the rehearsal patch, applied to a copy by hand and regenerated, makes the same specs pass; --apply-to refuses it', async () => {
  const patchFile = join(dir, 'evidence', 'contract.patch');
  const check = spawnSync('git', ['apply', '--check', patchFile], { cwd: ROOT, encoding: 'utf8' });
  expect(check.status, check.stderr).toBe(0);
  const copy = join(dir, 'repo');
  copyRepository(copy);
  const refused = await runScript(
    'scripts/evidence.ts',
    [join(dir, 'run'), '--rehearsal', '--out', join(dir, 'refused'), '--apply-to', copy],
    {},
    copy,
  );
  expect(refused.code, refused.out).toBe(2);
  expect(refused.out).toMatch(/^REHEARSAL evidence: --apply-to refused: a rehearsal/m);
  const applied = spawnSync('git', ['apply', patchFile], { cwd: copy, encoding: 'utf8' });
  expect(applied.status, applied.stderr).toBe(0);
  const gen = await runScript('scripts/generate.ts', [], {}, copy);
  expect(gen.code, gen.out).toBe(0);
  const after = await conformance(join(dir, 'run-after'), GREP, DEVIATING_MOCK, copy);
  expect(after.code, after.out).toBe(0);
  expect(after.out).toContain('RUN PASSED');
});
