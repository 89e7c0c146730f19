// The verdict rules on typed findings (README › Verdicts), from synthetic test data: a crash is
// `error` (never passed, never failed), an outage is `inconclusive`, a block names its guarantee,
// a universal guarantee passes only on evidence of its subject, and every verdict carries the
// evidence that earned it.
import { test, expect } from '@playwright/test';
import { evaluateGate } from '../../reporter/gate';
import { evidenceText } from '../../reporter/verdicts';
import { attempt, blockedAnnotations, byId, findingAnnotation, ledger, record, report, schemaErrors, testCase } from './helpers';

const MODES = [
  { gate: false, strict: false },
  { gate: true, strict: false },
  { gate: true, strict: true },
];

test('a universal check that crashed: its guarantee is in error with a root cause of its own, exit 1 in every mode', () => {
  const crashed = {
    ...ledger([], 3),
    errorCounts: { 'CORR-01': 2 },
    errors: [
      {
        kind: 'harness-error' as const,
        guarantee: 'CORR-01',
        check: 'correlationEcho',
        message: 'check correlationEcho crashed: TypeError: x is undefined',
        observed: null,
        expected: null,
        subject: { operationId: 'getAuth', base: 'current' as const, property: null },
        operationId: 'getAuth',
        request: 'GET /auth',
        status: 200,
        correlationId: 'ct-1',
        call: 1,
      },
    ],
  };
  const r = report([testCase(['AUTH-05'], [attempt('passed', { ledger: crashed })])]);
  const g = byId(r, 'CORR-01');
  expect(g.verdict).toBe('error');
  expect(g.reason).toMatch(/TypeError/);
  expect(byId(r, 'AUTH-05').verdict).toBe('passed');
  expect(r.totals.error).toBe(1);
  expect(r.rootCauses).toEqual([expect.objectContaining({ kind: 'harness-error', guarantee: 'CORR-01' })]);
  expect(r.rootCauses[0]!.summary).toMatch(/^harness error: correlationEcho: check correlationEcho crashed/);
  for (const mode of MODES) expect(evaluateGate(r, mode).exitCode, JSON.stringify(mode)).toBe(1);
  expect(schemaErrors(r)).toEqual([]);
});

test('a test that crashed (its harness-error finding): its declared guarantees are in error, not failed', () => {
  const crash = findingAnnotation({
    kind: 'harness-error',
    guarantee: null,
    check: 'test',
    message: "TypeError: Cannot read properties of undefined (reading 'deeper')",
  });
  const r = report([
    testCase(
      ['EVT-02', 'EVT-03'],
      [attempt('failed', { errors: ["TypeError: Cannot read properties of undefined (reading 'deeper')"], annotations: [crash] })],
    ),
  ]);
  for (const id of ['EVT-02', 'EVT-03']) expect(byId(r, id).verdict, id).toBe('error');
  expect(r.rootCauses.map((c) => [c.kind, c.guarantees])).toEqual([['harness-error', ['EVT-02', 'EVT-03']]]);
  for (const mode of MODES) expect(evaluateGate(r, mode).exitCode).toBe(1);
});

test('a real violation beside a crash still fails its guarantee', () => {
  const crash = findingAnnotation({ kind: 'harness-error', guarantee: null, check: 'test', message: 'TypeError: boom' });
  const r = report([
    testCase(
      ['EVT-01', 'EVT-02'],
      [
        attempt('failed', {
          errors: ['[EVT-01] create: POST /events answered 200, expected 201', 'TypeError: boom'],
          annotations: [crash],
        }),
      ],
    ),
  ]);
  expect(byId(r, 'EVT-01').verdict).toBe('failed');
  expect(byId(r, 'EVT-02').verdict).toBe('error');
});

test('a test transient on every attempt makes its guarantees inconclusive: --gate fails, a plain run does not', () => {
  const outage = findingAnnotation({
    kind: 'transient',
    guarantee: null,
    check: 'pollRun',
    message: 'pollRun run_1: the target answered transiently until the 1500 ms poll budget was spent',
  });
  const r = report([
    testCase(
      ['MATCH-01'],
      [
        attempt('failed', {
          errors: ['[TRANSIENT] pollRun run_1: the target answered transiently until the 1500 ms poll budget was spent'],
          annotations: [outage, { type: 'transient', description: 'pollRun' }],
        }),
      ],
    ),
    testCase(['AUTH-01'], [attempt('passed', { ledger: ledger([], 1) })]),
  ]);
  const g = byId(r, 'MATCH-01');
  expect(g.verdict).toBe('inconclusive');
  expect(g.reason).toMatch(/transient/);
  expect(g.failures).toEqual([]);
  expect(r.rootCauses).toEqual([]);
  expect(evaluateGate(r, { gate: false, strict: false }).exitCode).toBe(0);
  expect(evaluateGate(r, { gate: true, strict: false }).reasons.join('\n')).toMatch(/MATCH-01 inconclusive/);
  expect(schemaErrors(r)).toEqual([]);
});

test('a set-up run that ended failed blocks by the guarantee of its kind, which becomes a root cause (IMP-05)', () => {
  const blocked = blockedAnnotations('IMP-05', 'the attendee import: the import run run_1 ended failed, expected succeeded or partial', {
    check: 'requireRunDone',
    observed: 'run ended failed',
    expected: 'succeeded or partial',
  });
  const r = report([
    testCase(['MATCH-01'], [attempt('skipped', { annotations: blocked })]),
    testCase(['ATT-01'], [attempt('skipped', { annotations: blocked })]),
  ]);
  expect(byId(r, 'MATCH-01').verdict).toBe('not-exercised');
  expect(r.rootCauses).toHaveLength(1);
  expect(r.rootCauses[0]).toMatchObject({
    kind: 'blocked',
    guarantee: 'IMP-05',
    observed: 'run ended failed',
    expected: 'succeeded or partial',
  });
  expect(r.rootCauses[0]!.blocked).toHaveLength(2);
});

test("a universal guarantee whose own tests were all blocked does not pass on the other tests' responses", () => {
  const r = report([
    testCase(
      ['CORR-03'],
      [attempt('skipped', { annotations: blockedAnnotations('CORR-01', 'GET /auth carried no x-correlation-id'), ledger: ledger([], 1) })],
    ),
    testCase(['AUTH-05'], [attempt('passed', { ledger: ledger([], 5) })]),
  ]);
  const g = byId(r, 'CORR-03');
  expect(g.verdict).toBe('not-exercised');
  expect(g.reason).toMatch(/blocked by CORR-01/);
  expect(g.evidence).toEqual({ exchanges: 0, tests: 0 });
  // A universal guarantee without a test of its own passes on its evidence.
  expect(byId(r, 'UUID-02')).toMatchObject({ verdict: 'passed', evidence: { exchanges: 6, tests: 2 } });
});

test('every verdict carries the evidence that earned it', () => {
  const r = report([
    testCase(['EVT-01'], [attempt('passed', { records: [record(), record(), record({ setup: true })] })]),
    testCase(['EVT-01'], [attempt('passed', { records: [record()] })]),
  ]);
  const g = byId(r, 'EVT-01');
  expect(g.evidence).toEqual({ exchanges: 3, tests: 2 });
  expect(evidenceText(g)).toBe('passed on 3 exchanges, 2 tests');
  expect(byId(r, 'IDEM-01').evidence).toEqual({ exchanges: 0, tests: 0 });
  for (const x of r.guarantees) expect(x.evidence, x.id).toBeDefined();
});
