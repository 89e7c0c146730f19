// Verdicts per guarantee (reporter/verdicts.ts via buildReport): aggregation over tests, universal
// coverage, not-exercised reasons, known deviations.
import { test, expect } from '@playwright/test';
import { attempt, byId, ledger, documentedNonUniversal, record, report, testCase } from './helpers';

test('failed beats passed; flaky when only a retry passed; passed otherwise', () => {
  const r = report([
    testCase(['EVT-01'], [attempt('passed')]),
    testCase(['EVT-01'], [attempt('failed', { errors: ['[EVT-01] answered 200'] })]),
    testCase(['EVT-02'], [attempt('failed', { errors: ['[EVT-02] accepted a duplicate'] }), attempt('passed')]),
    testCase(['EVT-03'], [attempt('passed')]),
  ]);
  expect(byId(r, 'EVT-01').verdict).toBe('failed');
  expect(byId(r, 'EVT-01').tests.map((t) => t.evidence)).toEqual(['failed', 'passed']);
  expect(byId(r, 'EVT-02').verdict).toBe('flaky');
  expect(byId(r, 'EVT-02').failures[0]!.flaky).toBe(true);
  expect(byId(r, 'EVT-03').verdict).toBe('passed');
});

test('not exercised, with the reason: skipped, blocked, transient, or no test names it', () => {
  const r = report([
    testCase(
      ['AUTH-02'],
      [attempt('skipped', { annotations: [{ type: 'skip', description: 'not exercised: no MESHI_DISABLED_KEY' }], records: [] })],
    ),
    testCase(['RUN-02', 'MATCH-01'], [attempt('failed', { errors: ['[RUN-02] never terminal'] })]),
    testCase(['EVT-04'], [attempt('failed', { errors: ['[TRANSIENT] 503'] })]),
  ]);
  expect(byId(r, 'AUTH-02')).toMatchObject({ verdict: 'not-exercised', reason: 'not exercised: no MESHI_DISABLED_KEY' });
  expect(byId(r, 'MATCH-01').verdict).toBe('not-exercised');
  expect(byId(r, 'MATCH-01').reason).toMatch(/blocked by RUN-02/);
  expect(byId(r, 'EVT-04').reason).toMatch(/inconclusive/);
  expect(byId(r, 'IDEM-01').reason).toBe('no test in this run names it');
});

test('a blocked guarantee another test passed is passed', () => {
  const r = report([
    testCase(['RUN-02', 'MATCH-01'], [attempt('failed', { errors: ['[RUN-02] never terminal'] })]),
    testCase(['MATCH-01'], [attempt('passed')]),
  ]);
  expect(byId(r, 'MATCH-01').verdict).toBe('passed');
  expect(byId(r, 'RUN-02').verdict).toBe('failed');
});

test('universal guarantees pass when responses were checked and nothing violated them; fail on any violation', () => {
  const clean = report([testCase(['EVT-01'], [attempt('passed', { ledger: ledger([], 2) })])]);
  const corr = byId(clean, 'CORR-01');
  expect(corr.verdict).toBe('passed');
  expect(corr.universalCoverage!.checkedResponses).toBe(2);

  const bad = record({
    violations: [
      { guarantee: 'CORR-01', check: 'correlationEcho', message: 'no x-correlation-id on GET /events/e1 → 200 (corr ct-test-w0-77)' },
    ],
    correlationId: { sent: 'ct-test-w0-77', received: null },
  });
  const r = report([
    testCase(
      ['EVT-01'],
      [
        attempt('passed', {
          records: [record(), bad],
          ledger: ledger(
            [{ message: 'no x-correlation-id on GET /events/e1 → 200 (corr ct-test-w0-77)', correlationId: 'ct-test-w0-77', call: bad.n }],
            2,
          ),
        }),
      ],
    ),
  ]);
  const g = byId(r, 'CORR-01');
  expect(g.verdict).toBe('failed');
  expect(g.universalCoverage!.violations).toBe(1);
  expect(g.failures[0]!.records.map((x) => x.n)).toEqual([bad.n]);
  expect(g.failures[0]!.correlationIds).toContain('ct-test-w0-77');
  expect(byId(r, 'EVT-01').verdict).toBe('passed'); // a universal violation is data: the test's own assertions held
});

test('universal guarantees with no checked response are not exercised; switched-off checks are counted', () => {
  const none = report([]);
  expect(byId(none, 'CORR-01')).toMatchObject({ verdict: 'not-exercised', reason: 'universal: no response showed its subject' });
  const skipped = report([
    testCase(
      ['CORR-03'],
      [attempt('passed', { ledger: { checked: { 'CORR-01': 1 }, exempted: { 'CORR-01': 1 }, violationCounts: {}, violations: [] } })],
    ),
  ]);
  expect(byId(skipped, 'CORR-01').universalCoverage).toMatchObject({ checkedResponses: 1, exemptedResponses: 1 });
});

test('records of a failure: the violating calls and the last calls, bodies capped', () => {
  const big = 'x'.repeat(10_000);
  const recs = [record(), record(), record(), record({ response: { headers: {}, body: big, bodyBytes: big.length } })];
  const r = report([testCase(['EVT-01'], [attempt('failed', { errors: ['[EVT-01] body mismatch'], records: recs })])]);
  const f = byId(r, 'EVT-01').failures[0]!;
  expect(f.records.map((x) => x.n)).toEqual(recs.slice(-3).map((x) => x.n));
  expect(f.records.at(-1)!.response!.body.length).toBeLessThan(5000);
  expect(f.records.at(-1)!.response!.body).toMatch(/cut at 4096/);
});

test('an active known deviation turns a failure into known-deviation; an unused one is reported', () => {
  const dev = { guarantee: 'EVT-01', reason: 'staging answers 200', link: 'https://example.test/i/1', expires: '2999-12-31' };
  const unused = { guarantee: 'EVT-03', reason: 'was broken', link: 'https://example.test/i/2', expires: '2999-12-31' };
  const r = report(
    [testCase(['EVT-01'], [attempt('failed', { errors: ['[EVT-01] answered 200'] })]), testCase(['EVT-03'], [attempt('passed')])],
    { deviations: { target: 'staging', file: 'contracts/known-deviations.yaml', active: [dev, unused], expired: [] } },
  );
  expect(byId(r, 'EVT-01')).toMatchObject({ verdict: 'known-deviation', observed: 'failed', deviation: dev });
  expect(byId(r, 'EVT-03').verdict).toBe('passed');
  expect(r.deviations.unused).toEqual(['EVT-03']);
  expect(r.totals.knownDeviation).toBe(1);
});

test('totals and families add up; a selection makes a partial-scope report', () => {
  const ids = documentedNonUniversal().slice(0, 3);
  const r = report(
    ids.map((id) => testCase([id], [attempt('passed')])),
    { selection: ids },
  );
  expect(r.run.scope).toMatchObject({ partial: true, guarantees: 3 });
  expect(r.totals).toMatchObject({ guarantees: 3, passed: 3, exercised: 3 });
  expect(r.families.reduce((n, f) => n + f.counts.passed, 0)).toBe(3);
  const full = report([]);
  expect(full.totals.guarantees).toBe(full.run.scope.catalogue);
  expect(full.totals.exercised).toBe(0);
});
