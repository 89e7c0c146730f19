// What the universal checks evaluate on a response (the ledger's `checked`): the reporter judges a
// universal guarantee passed only when some response was checked for it.
import { test, expect } from '@playwright/test';
import { coverageOf, runChecks } from '../../harness/checks';
import { gid } from '../../harness/checks/ids';
import { envelope, exchange } from './helpers';

test('a success is checked for the correlation and schema guarantees, not for the error envelope', () => {
  const { checked, exempted } = coverageOf(exchange());
  expect(checked).toContain(gid('correlationHeader'));
  expect(checked).toContain(gid('bodySchema'));
  expect(checked).not.toContain(gid('errorEnvelope'));
  expect(exempted).toEqual([]);
});

test('an error response is checked for the error envelope too', () => {
  expect(coverageOf(exchange({ status: 404, body: envelope('EVENT_NOT_FOUND'), operationId: 'getEvent', path: '/events/e1' })).checked).toContain(gid('errorEnvelope'));
});

test('a check switched off by the test exempts its guarantees', () => {
  const { checked, exempted } = coverageOf(exchange(), ['correlationEcho']);
  expect(checked).not.toContain(gid('correlationHeader'));
  expect(exempted).toContain(gid('correlationHeader'));
});

test('a transient answer (gateway 503 without rate-limit or alias headers) is judged only for leaks', () => {
  const gateway = exchange({ status: 503, base: 'alias', body: envelope('SERVICE_UNAVAILABLE'), headers: { ratelimit: undefined, 'ratelimit-policy': undefined } });
  expect(runChecks(gateway)).toEqual([]);
  expect(coverageOf(gateway).checked.sort()).toEqual([gid('uuidBody'), gid('uuidCursor'), gid('uuidHandle'), gid('uuidHeader')].sort());
});
