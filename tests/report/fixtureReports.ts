// Synthetic reports for the renderers' tests (unit and browser): a clean run, a run with three
// mock faults whose root causes are filled in (the shape reporter/rootCauses.ts produces), and a
// run with history. Built through buildReport like a real run; the root causes are set by hand so
// the renderers can be proven before and independently of the grouping.

import type { HistoryRun } from '../../reporter/trend';
import type { ConformanceReport, FullRecord, RootCause, RootCauseTest } from '../../reporter/types';
import { attempt, catalogue, record, report, testCase } from './helpers';

export const FAULTS = ['create-status-200', 'page-repeats-item', 'uuid-leak-nested'];

/** A root cause with sensible defaults; `summary` follows the grouping's one-line format. */
export function rootCause(over: Partial<RootCause> & Pick<RootCause, 'guarantee'>): RootCause {
  const tests: readonly RootCauseTest[] = over.tests ?? [
    { id: `t-${over.guarantee}`, title: `${over.guarantee}: synthetic`, file: 'specs/synthetic.spec.ts', line: 1 },
  ];
  const blocked = over.blocked ?? [];
  const request = over.request === undefined ? 'POST /events' : over.request;
  const observed = over.observed ?? '200';
  const expected = over.expected ?? '201';
  return {
    key: `${over.guarantee}|${over.operationId ?? '-'}|${observed}`,
    kind: 'violation',
    operationId: 'createEvent',
    request,
    observed,
    expected,
    summary: `${request ?? 'the test'} answered ${observed}, expected ${expected} — ${over.guarantee}${blocked.length ? `; blocked ${blocked.length} tests` : ''}`,
    guarantees: [over.guarantee],
    tests,
    blocked,
    occurrences: tests.length,
    example: null,
    correlationIds: [],
    ...over,
  };
}

/** Every test of the catalogue's first guarantees passes: nothing to triage. */
export function cleanReport(): ConformanceReport {
  const ids = ['AUTH-01', 'EVT-01', 'PAGE-01', 'UUID-01', 'CORR-01'];
  return report(
    ids.map((id) => testCase([id], [attempt('passed')])),
    { meta: { id: 'synthetic-clean', playwrightStatus: 'passed' } },
  );
}

const longBody = JSON.stringify({ event_id: 'ctsyn-evt-big', title: 'x'.repeat(2000) });

function createRecord(): FullRecord {
  return record({
    operationId: 'createEvent',
    method: 'POST',
    url: 'http://127.0.0.1:41234/api/v0/partner/events',
    status: 200,
    correlationId: { sent: 'ct-synth-w0-17', received: 'ct-synth-w0-17' },
    request: {
      headers: { authorization: 'Bearer $MESHI_PARTNER_KEY', 'content-type': 'application/json', 'x-correlation-id': 'ct-synth-w0-17' },
      body: longBody,
      bodyBytes: longBody.length,
    },
    response: {
      headers: { 'content-type': 'application/json', 'x-correlation-id': 'ct-synth-w0-17' },
      body: '{"event_id":"ctsyn-evt-big"}',
      bodyBytes: 28,
    },
  });
}

/** Three faults on: create answers 200, a page repeats an item, a nested UUID leaks. */
export function threeFaultsReport(): ConformanceReport {
  const create = createRecord();
  const page = record({
    operationId: 'listAttendees',
    url: 'http://127.0.0.1:41234/api/v0/partner/events/e1/attendees?limit=7&cursor=c2',
    correlationId: { sent: 'ct-synth-w1-3', received: 'ct-synth-w1-3' },
  });
  const leak = record({
    operationId: 'getEvent',
    violations: ['[UUID-01] internal UUID in body.context.owner (corr ct-synth-w2-9)'],
    correlationId: { sent: 'ct-synth-w2-9', received: 'ct-synth-w2-9' },
  });
  const blockedTitles = ['EVT-04: read back', 'EVT-05: update', 'ID-03: partner ids', 'ALIAS-01: alias parity'];
  const tests = [
    testCase(
      ['EVT-01'],
      [attempt('failed', { errors: ['Error: [EVT-01] POST /events answered 200, expected 201'], records: [create] })],
      'EVT-01: create answers 201',
    ),
    testCase(
      ['EVT-01', 'EVT-02', 'EVT-03'],
      [attempt('failed', { errors: ['Error: [EVT-01] POST /events answered 200, expected 201'], records: [createRecord()] })],
      'EVT-01 EVT-02 EVT-03: a multi-guarantee flow',
    ),
    ...blockedTitles.map((t) =>
      testCase(
        [t.split(':')[0]!],
        [attempt('failed', { errors: ['Error: [EVT-01] POST /events answered 200, expected 201'], records: [createRecord()] })],
        t,
      ),
    ),
    testCase(
      ['PAGE-01'],
      [attempt('failed', { errors: ['Error: [PAGE-01] listAttendees limit 7: item a7 twice'], records: [page] })],
      'PAGE-01: no item twice',
    ),
    testCase(
      ['UUID-01'],
      [attempt('failed', { errors: ['[UUID-01] internal UUID in body.context.owner (corr ct-synth-w2-9)'], records: [leak] })],
      'UUID-01: no internal UUID',
    ),
    testCase(['AUTH-01'], [attempt('passed')]),
  ].map((t, i) => ({
    ...t,
    file: [
      'specs/events.spec.ts',
      'specs/events.spec.ts',
      'specs/events.spec.ts',
      'specs/events.spec.ts',
      'specs/ids.spec.ts',
      'specs/alias.spec.ts',
      'specs/pagination.spec.ts',
      'specs/uuid.spec.ts',
      'specs/auth.spec.ts',
    ][i]!,
  }));
  const base = report(tests, { meta: { id: 'synthetic-three-faults', mockFaults: FAULTS, seed: 4242, namespace: 'ctsynthetic3' } });
  const testRef = (title: string): RootCauseTest => {
    const t = base.guarantees.flatMap((g) => g.tests).find((x) => x.title === title)!;
    return { id: t.id, title: t.title, file: t.file, line: t.line };
  };
  const rootCauses: RootCause[] = [
    rootCause({
      guarantee: 'EVT-01',
      guarantees: ['EVT-01', 'SCHEMA-02'],
      tests: [testRef('EVT-01: create answers 201'), testRef('EVT-01 EVT-02 EVT-03: a multi-guarantee flow')],
      blocked: blockedTitles.map(testRef),
      example: base.guarantees.find((g) => g.id === 'EVT-01')!.failures[0]!.records.at(-1)!,
      correlationIds: ['ct-synth-w0-17'],
      occurrences: 6,
    }),
    rootCause({
      guarantee: 'PAGE-01',
      operationId: 'listAttendees',
      request: 'GET /events/{event_id}/attendees',
      observed: 'item a7 on pages 1 and 2',
      expected: 'each item once',
      tests: [testRef('PAGE-01: no item twice')],
      correlationIds: ['ct-synth-w1-3'],
    }),
    rootCause({
      guarantee: 'UUID-01',
      operationId: 'getEvent',
      request: 'GET /events/{event_id}',
      observed: 'UUID in body.context.owner',
      expected: 'partner IDs only',
      tests: [testRef('UUID-01: no internal UUID')],
      correlationIds: ['ct-synth-w2-9'],
    }),
  ];
  return { ...base, rootCauses };
}

function historyRun(id: string, day: number, verdicts: Record<string, string>, over: Partial<HistoryRun> = {}): HistoryRun {
  const all = new Map(catalogue.guarantees.map((g) => [g.id, 'passed' as const]));
  for (const [k, v] of Object.entries(verdicts)) all.set(k, v as 'passed');
  return {
    runId: id,
    finishedAt: `2026-01-0${day}T00:00:00.000Z`,
    target: 'mock',
    targetKind: 'bundled-mock',
    partial: false,
    mockFaults: [],
    verdicts: all,
    ...over,
  };
}

/** The three-fault tests again, with three earlier comparable runs: EVT-01 newly failing, PAGE-02 newly passing. */
export function historyReport(): ConformanceReport {
  const history = [historyRun('h1', 1, {}), historyRun('h2', 2, { 'PAGE-02': 'failed' }), historyRun('h3', 3, { 'PAGE-02': 'failed' })];
  const tests = [
    testCase(
      ['EVT-01'],
      [attempt('failed', { errors: ['Error: [EVT-01] POST /events answered 200, expected 201'], records: [createRecord()] })],
      'EVT-01: create answers 201',
    ),
    testCase(['PAGE-02'], [attempt('passed')], 'PAGE-02: cursor walk'),
    testCase(['AUTH-01'], [attempt('passed')]),
  ];
  return report(tests, { history, meta: { id: 'synthetic-history', seed: 7, namespace: 'ctsynhist' } });
}
