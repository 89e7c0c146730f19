// The red path in the report data: universal violations as data, blocked preconditions, messages
// that wrap others, and root-cause grouping.
import { test, expect } from '@playwright/test';
import { analyzeTest, attributedIds } from '../../reporter/attribution';
import { headlineFirst } from '../../reporter/collect';
import { rootCauses } from '../../reporter/rootCauses';
import { attempt, blockedAnnotations, byId, KNOWN, ledger, record, report, testCase, UNIVERSAL, violationAnnotation } from './helpers';

const violation = violationAnnotation;
const blockedByEvt01 = (what: string) =>
  blockedAnnotations('EVT-01', what, {
    observed: '500',
    expected: '2xx',
    request: 'POST /events',
    subject: { operationId: 'createEvent', base: 'current', property: null },
  });
const createdWith200 = violation({
  guarantee: 'EVT-01',
  check: 'status',
  operationId: 'createEvent',
  request: 'POST /events',
  observed: '200',
  expected: '201',
  correlationId: 'ct-a-1',
});

function threeFaults() {
  const evt = testCase(
    ['EVT-01'],
    [
      attempt('failed', {
        errors: ['[EVT-01] a valid create: POST /events answered 200, expected 201 (corr ct-a-1)'],
        annotations: [createdWith200],
        ledger: ledger([
          {
            guarantee: 'SCHEMA-02',
            check: 'statusDocumented',
            operationId: 'createEvent',
            request: 'POST /events',
            status: 200,
            observed: '200',
            expected: '201 or 400',
          },
        ]),
      }),
    ],
  );
  const corrA = testCase(['AUTH-05'], [attempt('passed', { ledger: ledger([{}]) })]);
  const corrB = testCase(['EVT-03'], [attempt('passed', { ledger: ledger([{ operationId: 'listEvents', request: 'GET /events' }]) })]);
  const page = testCase(
    ['PAGE-01'],
    [
      attempt('failed', {
        errors: ['Error: [PAGE-01] the walk yields every item\n\nExpected: 5\nReceived: 4'],
        records: [record({ operationId: 'listSessions', url: 'http://127.0.0.1:9/api/v0/partner/events/e1/sessions' })],
      }),
    ],
  );
  const blocked = [1, 2, 3].map((i) =>
    testCase(
      [`ID-0${i}`],
      [attempt('skipped', { annotations: blockedByEvt01('create the event: POST /events answered 500, expected 2xx') })],
    ),
  );
  return [evt, corrA, corrB, page, ...blocked];
}

test('three unrelated faults give three root causes, most touching first', () => {
  const r = report(threeFaults());
  expect(r.rootCauses.map((c) => c.guarantee)).toEqual(['EVT-01', 'CORR-01', 'PAGE-01']);
  const [evt, corr, page] = r.rootCauses;
  expect(evt!.guarantees).toEqual(['EVT-01', 'SCHEMA-02']);
  expect(evt!.blocked).toHaveLength(3);
  expect(evt!.summary).toBe('POST /events answered 200, expected 201 — EVT-01 (also SCHEMA-02); blocked 3 tests');
  expect(corr!.tests).toHaveLength(2);
  expect(corr!.summary).toMatch(
    /^2 operations \(e\.g\. GET \/auth\): observed x-correlation-id missing, expected a non-empty x-correlation-id — CORR-01$/,
  );
  expect(page!.observed).toBe('4');
  expect(page!.expected).toBe('5');
  expect(page!.request).toBe('GET /events/{event_id}/sessions');
});

test('a universal violation fails its own guarantee only; the test that saw it still passes its own', () => {
  const r = report([testCase(['AUTH-05'], [attempt('passed', { ledger: ledger([{}]) })])]);
  expect(byId(r, 'CORR-01').verdict).toBe('failed');
  expect(byId(r, 'CORR-01').failures[0]!.messages[0]).toMatch(/^\[CORR-01\] x-correlation-id header missing/);
  expect(byId(r, 'AUTH-05').verdict).toBe('passed');
  expect(byId(r, 'CORR-01').universalCoverage).toMatchObject({ checkedResponses: 1, violations: 1 });
});

test('a universal guarantee checked on no response is not exercised, never passed', () => {
  const r = report([testCase(['AUTH-05'], [attempt('passed', { ledger: ledger([], 0) })])]);
  for (const id of UNIVERSAL) expect(byId(r, id).verdict, id).toBe('not-exercised');
});

test('a blocked test is not exercised with the blocking reason, never failed under its own ID', () => {
  const t = testCase(['ID-03'], [attempt('skipped', { annotations: blockedByEvt01('POST /events answered 500, expected 2xx') })]);
  const a = analyzeTest(t, { known: KNOWN, universal: UNIVERSAL });
  expect(a.evidence).toEqual([expect.objectContaining({ guarantee: 'ID-03', kind: 'blocked' })]);
  expect(a.blockedBy).toBe('EVT-01');
  const g = byId(report([t]), 'ID-03');
  expect(g.verdict).toBe('not-exercised');
  expect(g.reason).toMatch(/^blocked by EVT-01: POST \/events answered 500/);
});

test('blocked tests whose blocker did not fail still form a cause of their own', () => {
  const t = testCase(['ID-03'], [attempt('skipped', { annotations: blockedByEvt01('create: POST /events answered 500, expected 2xx') })]);
  const causes = rootCauses([analyzeTest(t, { known: KNOWN, universal: UNIVERSAL })], KNOWN);
  expect(causes).toHaveLength(1);
  expect(causes[0]).toMatchObject({ guarantee: 'EVT-01', observed: '500', expected: '2xx', request: 'POST /events' });
  expect(causes[0]!.summary).toBe('POST /events answered 500, expected 2xx — EVT-01; blocked 1 test');
});

test('a message without an ID that only wraps others is attributed by the IDs it wraps', () => {
  expect(attributedIds('property "rate" failed after 3 runs\n[RATE-01] a 429 carries Retry-After\nmore', KNOWN)).toEqual(['RATE-01']);
  expect(attributedIds('[HARNESS] oops\n[RATE-01] wrapped', KNOWN)).toEqual([]);
  expect(attributedIds('Error: [EVT-01] x', KNOWN)).toEqual(['EVT-01']);
});

test('short messages state the observed value against the expected one', () => {
  expect(headlineFirst('Error: [EVT-07] GET matches the create\n\nExpected: "A"\nReceived: "B"')).toMatch(
    /^\[EVT-07\] GET matches the create: observed "B", expected "A"\n/,
  );
  expect(headlineFirst('Error: [EVT-01] a create: POST /events answered 200, expected 201')).toBe(
    '[EVT-01] a create: POST /events answered 200, expected 201',
  );
});

test('the report with root causes validates against its schema', async () => {
  const { schemaErrors } = await import('./helpers');
  expect(schemaErrors(report(threeFaults()))).toEqual([]);
});

test("the client's resends are counted in the totals: 429s waited out apart from transient answers", () => {
  const resend = (status: number, waitMs: number) => ({ type: 'resend', description: JSON.stringify({ status, waitMs }) });
  const r = report([
    testCase(
      ['AUTH-05'],
      [attempt('passed', { annotations: [resend(429, 7000), resend(503, 1000), resend(503, 1000)], ledger: ledger() })],
    ),
  ]);
  expect(r.totals.resends).toEqual({ rateLimited: 1, transient: 2, waitedMs: 9000 });
});

test("a guarantee's plain failure (a property's expectation) joins the cause that guarantee leads: one fault, one cause", () => {
  const iso = violation({
    guarantee: 'ISO-01',
    check: 'status',
    operationId: 'getEvent',
    request: 'GET /events/{event_id}',
    observed: '200',
    expected: '404',
    correlationId: 'ct-a-2',
  });
  const statusTest = testCase(
    ['ISO-01'],
    [
      attempt('failed', {
        errors: ["[ISO-01] org B reads org A's event: GET /events/{event_id} answered 200, expected 404"],
        annotations: [iso],
      }),
    ],
  );
  const property = testCase(
    ['ISO-01'],
    [
      attempt('failed', {
        errors: [
          'property "isolation" failed after 1 run(s)\n[ISO-01] org B: GET /events/e1 (org A\'s) vs GET /events/zz (nobody\'s) must get the same answer',
        ],
      }),
    ],
  );
  const other = testCase(
    ['PAGE-01'],
    [attempt('failed', { errors: ['Error: [PAGE-01] the walk yields every item\n\nExpected: 5\nReceived: 4'] })],
  );
  const causes = report([statusTest, property, other]).rootCauses;
  expect(causes.map((c) => c.guarantee)).toEqual(['ISO-01', 'PAGE-01']);
  expect(causes[0]!.tests).toHaveLength(2);
  expect(causes[0]!.summary).toBe('GET /events/{event_id} answered 200, expected 404 — ISO-01');
});
