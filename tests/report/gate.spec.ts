// The gate's exit codes (reporter/gate.ts) and the known-deviations file (reporter/deviations.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { checkTarget, deriveTarget, deviationStatus, DeviationsError, parseDeviations } from '../../reporter/deviations';
import { evaluateGate } from '../../reporter/gate';
import { parseArgs } from '../../scripts/conformance';
import { attempt, documentedMust, KNOWN, provisionalNonUniversal, report, ROOT, testCase } from './helpers';

/** Every documented MUST passes (plus the given extra tests). */
function allMustPassing(extra: ReturnType<typeof testCase>[] = []) {
  return report([...documentedMust().map((id) => testCase([id], [attempt('passed')])), ...extra]);
}

test('gate: every documented MUST passed → 0', () => {
  const g = evaluateGate(allMustPassing(), { gate: true, strict: false });
  expect(g).toMatchObject({ exitCode: 0, reasons: [], blocking: [] });
});

test('gate: a documented MUST failed, flaky or not exercised → 1 with the list', () => {
  const [a, b, c] = documentedMust().filter((id) => !id.startsWith('CORR') && !id.startsWith('ERR') && !id.startsWith('UUID'));
  const tests = documentedMust()
    .filter((id) => id !== a && id !== b && id !== c)
    .map((id) => testCase([id], [attempt('passed')]));
  tests.push(testCase([a!], [attempt('failed', { errors: [`[${a}] broken`] })]));
  tests.push(testCase([b!], [attempt('failed', { errors: [`[${b}] once`] }), attempt('passed')]));
  const g = evaluateGate(report(tests), { gate: true, strict: false });
  expect(g.exitCode).toBe(1);
  expect(g.blocking.map((x) => `${x.id} ${x.verdict}`).sort()).toEqual([`${a} failed`, `${b} flaky`, `${c} not-exercised`].sort());
  expect(g.blocking.find((x) => x.id === a)!.detail).toMatch(/broken/);
});

test('gate: provisional failures are contract gaps (0), and fail with --strict (1)', () => {
  const p = provisionalNonUniversal();
  const r = allMustPassing([testCase([p], [attempt('failed', { errors: [`[${p}] gap`] })])]);
  const g = evaluateGate(r, { gate: true, strict: false });
  expect(g.exitCode).toBe(0);
  expect(g.gaps.map((x) => x.id)).toEqual([p]);
  expect(evaluateGate(r, { gate: true, strict: true }).exitCode).toBe(1);
  // Without --gate any failure fails the run, provisional included.
  expect(evaluateGate(r, { gate: false, strict: false }).exitCode).toBe(1);
});

test('without --gate: not exercised does not fail, a failure does', () => {
  const ok = report([testCase(['EVT-01'], [attempt('passed')])]);
  expect(evaluateGate(ok, { gate: false, strict: false }).exitCode).toBe(0);
  expect(evaluateGate(ok, { gate: true, strict: false }).exitCode).toBe(1);
});

test('zero guarantees exercised → 1, gate or not; a configuration error → 2; a run error → 1', () => {
  const empty = report([
    testCase(
      ['EVT-01'],
      [attempt('skipped', { annotations: [{ type: 'skip', description: 'not exercised: no MESHI_PARTNER_KEY' }], records: [] })],
    ),
  ]);
  for (const gate of [true, false]) {
    const g = evaluateGate(empty, { gate, strict: false });
    expect(g.exitCode).toBe(1);
    expect(g.reasons[0]).toMatch(/no guarantee was exercised/);
  }
  const cfg = report([], { errors: [{ kind: 'config', message: 'MESHI_SEED: expected an integer, got "abc"' }] });
  expect(evaluateGate(cfg, { gate: true, strict: false }).exitCode).toBe(2);
  const run = allMustPassing();
  const withError = { ...run, errors: [{ kind: 'run' as const, message: 'SyntaxError in specs/x.spec.ts' }] };
  expect(evaluateGate(withError, { gate: true, strict: false }).exitCode).toBe(1);
});

test('a known deviation passes the gate; an expired one fails the run', () => {
  const [a] = documentedMust().filter((id) => !id.startsWith('CORR') && !id.startsWith('ERR') && !id.startsWith('UUID'));
  const tests = documentedMust()
    .filter((id) => id !== a)
    .map((id) => testCase([id], [attempt('passed')]));
  tests.push(testCase([a!], [attempt('failed', { errors: [`[${a}] broken on staging`] })]));
  const dev = { guarantee: a!, reason: 'tracked', link: 'https://example.test/1', expires: '2999-01-01' };
  const active = report(tests, { deviations: { target: 'staging', file: 'f', active: [dev], expired: [] } });
  expect(evaluateGate(active, { gate: true, strict: false }).exitCode).toBe(0);
  const expired = report(tests, { deviations: { target: 'staging', file: 'f', active: [], expired: [{ ...dev, expires: '2000-01-01' }] } });
  const g = evaluateGate(expired, { gate: true, strict: false });
  expect(g.exitCode).toBe(1);
  expect(g.reasons.join('\n')).toMatch(/expired known deviation/);
});

test('known-deviations file: the shipped one is valid with an empty list per target', () => {
  const file = join(ROOT, 'contracts/known-deviations.yaml');
  const d = parseDeviations(readFileSync(file, 'utf8'), file, KNOWN);
  expect(d.targets).toEqual({ mock: [], staging: [], production: [], other: [] });
  expect(readFileSync(file, 'utf8')).toMatch(/# Example:/);
});

test('known-deviations file: entries validated, expiry inclusive', () => {
  const ok = `targets:\n  staging:\n    - guarantee: EVT-01\n      reason: staging answers 200\n      link: https://example.test/1\n      expires: 2030-06-30\n`;
  const d = parseDeviations(ok, 'f', KNOWN);
  expect(deviationStatus(d, 'staging', '2030-06-30').active).toHaveLength(1);
  expect(deviationStatus(d, 'staging', '2030-07-01').expired).toHaveLength(1);
  expect(deviationStatus(d, 'production', '2030-01-01').active).toHaveLength(0);
  const bad: [string, RegExp][] = [
    ['targets: [1]', /must map a target/],
    [
      'targets:\n  staging:\n    - guarantee: NOPE-01\n      reason: x y z\n      link: https://e.test\n      expires: 2030-01-01',
      /not a guarantee ID/,
    ],
    ['targets:\n  staging:\n    - guarantee: EVT-01\n      reason: why\n      link: not-a-url\n      expires: 2030-01-01', /link/],
    ['targets:\n  staging:\n    - guarantee: EVT-01\n      reason: why\n      link: https://e.test\n      expires: 2030-02-30', /expires/],
    [
      'targets:\n  staging:\n    - guarantee: EVT-01\n      reason: why\n      link: https://e.test\n      expires: 2030-01-01\n      owner: me',
      /unknown key/,
    ],
    [
      'targets:\n  staging:\n    - {guarantee: EVT-01, reason: why, link: "https://e.test", expires: 2030-01-01}\n    - {guarantee: EVT-01, reason: why, link: "https://e.test", expires: 2030-01-01}',
      /listed twice/,
    ],
    ['targets: {staging: [}', /not valid YAML/],
    ['other: 1', /unknown top-level key/],
  ];
  for (const [text, re] of bad) expect(() => parseDeviations(text, 'f', KNOWN), text).toThrow(re);
  expect(() => parseDeviations('targets: [1]', 'f', KNOWN)).toThrow(DeviationsError);
});

test('target: derived from MESHI_BASE_URL; unknown names refused', () => {
  expect(deriveTarget({})).toBe('mock');
  expect(deriveTarget({ MESHI_BASE_URL: 'http://127.0.0.1:1234', MESHI_BUNDLED_MOCK: '1' })).toBe('mock');
  expect(deriveTarget({ MESHI_BASE_URL: 'https://api.staging.meshi.io' })).toBe('staging');
  expect(deriveTarget({ MESHI_BASE_URL: 'https://api.meshi.io/api/v0/partner' })).toBe('production');
  expect(deriveTarget({ MESHI_BASE_URL: 'https://partner-sandbox.example.com' })).toBe('other');
  expect(() => checkTarget('qa', { file: 'f', targets: {} })).toThrow(/unknown target "qa"/);
  expect(() => checkTarget('qa', { file: 'f', targets: { qa: [] } })).not.toThrow();
});

test('runner options: own options parsed, the rest passed to Playwright', () => {
  const o = parseArgs([
    '--gate',
    '--report-dir',
    'out',
    '--history=h',
    '--shard=1/2',
    '--grep',
    '@AUTH',
    '--target',
    'staging',
    '--',
    '--workers',
    '1',
  ]);
  expect(o).toMatchObject({
    gate: true,
    strict: false,
    reportDir: 'out',
    history: 'h',
    target: 'staging',
    rest: ['--shard=1/2', '--grep', '@AUTH', '--workers', '1'],
  });
  expect(parseArgs(['--strict']).gate).toBe(true);
  expect(() => parseArgs(['--report-dir'])).toThrow(/needs a value/);
});
