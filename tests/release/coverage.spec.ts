// The report's coverage of the contract (reporter/coverage.ts): operation, base, status and
// envelope code of each response, counted only for tests that produced evidence — a skipped or
// blocked test, and an answer that did not come from the API, cover nothing.

import { test, expect } from '@playwright/test';
import { analyzeAll } from '../../reporter/report';
import { contractCoverage } from '../../reporter/coverage';
import { attempt, catalogue, record, testCase } from '../report/helpers';

const alias = record({ operationId: 'getEvent', url: 'http://127.0.0.1:9/v0/partner/events/e1', status: 200 });
const notFound = record({
  operationId: 'getEvent',
  status: 404,
  response: {
    headers: { 'content-type': 'application/json', 'x-correlation-id': 'c1' },
    body: '{"code":"EVENT_NOT_FOUND","message":"no"}',
    bodyBytes: 40,
  },
});
const gateway = record({ operationId: 'getEvent', status: 502, response: { headers: {}, body: '<html>', bodyBytes: 6 } });

test('only tests that produced evidence cover; each response counted once per operation, base, status and code', () => {
  const tests = [
    testCase(['EVT-07'], [attempt('passed', { records: [alias, notFound, gateway] })], 'EVT-07 passes'),
    testCase(['EVT-01'], [attempt('failed', { errors: ['[EVT-01] boom'], records: [notFound] })], 'EVT-01 fails'),
    testCase(
      ['EVT-02'],
      [
        attempt('skipped', {
          annotations: [{ type: 'skip', description: 'blocked by EVT-01: POST /events answered 500, expected 201' }],
          records: [record({ operationId: 'createEvent', status: 500 })],
        }),
      ],
      'EVT-02 blocked',
    ),
  ];
  const { exchanges } = contractCoverage(analyzeAll(catalogue, tests));
  expect(exchanges).toEqual([
    { operationId: 'getEvent', base: 'alias', status: 200, code: null, exchanges: 1, tests: 1, guarantees: ['EVT-07'] },
    {
      operationId: 'getEvent',
      base: 'current',
      status: 404,
      code: 'EVENT_NOT_FOUND',
      exchanges: 2,
      tests: 2,
      guarantees: ['EVT-01', 'EVT-07'],
    },
  ]);
});
