// What the universal checks evaluate on a response (the ledger's `checked`): a guarantee counts
// only on a response that showed its subject (Check.subjects); the reporter judges a universal
// guarantee passed only when some response was checked for it.
import { test, expect } from '@playwright/test';
import { coverageOf, judge, runChecks } from '../../harness/checks';
import { defineCheck } from '../../harness/checks/types';
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
  expect(
    coverageOf(exchange({ status: 404, body: envelope('EVENT_NOT_FOUND'), operationId: 'getEvent', path: '/events/e1' })).checked,
  ).toContain(gid('errorEnvelope'));
});

test('a check switched off by the test exempts its guarantees', () => {
  const { checked, exempted } = coverageOf(exchange(), ['correlationEcho']);
  expect(checked).not.toContain(gid('correlationHeader'));
  expect(exempted).toContain(gid('correlationHeader'));
});

test('a transient answer (gateway 503 without rate-limit or alias headers) is judged only for leaks', () => {
  const gateway = exchange({
    status: 503,
    base: 'alias',
    body: envelope('SERVICE_UNAVAILABLE'),
    headers: { ratelimit: undefined, 'ratelimit-policy': undefined },
  });
  expect(runChecks(gateway)).toEqual([]);
  expect(coverageOf(gateway).checked.sort()).toEqual([gid('uuidBody'), gid('uuidHeader')].sort());
});

test('without an x-correlation-id header nothing judges the body equality, the echo or the server-made value (CORR-02/03/04)', () => {
  const missing = exchange({ headers: { 'x-correlation-id': undefined } });
  const j = judge(missing);
  expect(j.violations.map((v) => v.guarantee)).toEqual([gid('correlationHeader')]);
  expect(j.checked).toContain(gid('correlationHeader'));
  for (const g of [gid('correlationBody'), gid('correlationEcho'), gid('correlationGenerated')]) expect(j.checked, g).not.toContain(g);
});

test('CORR-03 is judged on responses to a valid client ID, CORR-04 on responses to none or a malformed one', () => {
  const sent = coverageOf(exchange()).checked;
  expect(sent).toContain(gid('correlationEcho'));
  expect(sent).not.toContain(gid('correlationGenerated'));
  for (const corr of [null, 'bad value!']) {
    const none = coverageOf(exchange({ sentCorrelationId: corr })).checked;
    expect(none).toContain(gid('correlationGenerated'));
    expect(none).not.toContain(gid('correlationEcho'));
  }
});

test('ALIAS-03 is judged under the legacy base only; UUID-03 on a cursor; UUID-04 on a Meshi-issued handle', () => {
  expect(coverageOf(exchange()).checked).not.toContain(gid('aliasHeaders'));
  expect(coverageOf(exchange({ base: 'alias' })).checked).toContain(gid('aliasHeaders'));
  const event = { event_id: 'e1', title: 'T', correlation_id: 'ct-test-1' };
  expect(
    coverageOf(exchange({ operationId: 'getEvent', path: '/events/e1', body: event, sentCorrelationId: 'ct-test-1' })).checked,
  ).not.toContain(gid('uuidHandle'));
  expect(coverageOf(exchange()).checked).toContain(gid('uuidHandle')); // GET /auth: org_id
  const page = (next: string | null) =>
    exchange({
      operationId: 'listEvents',
      path: '/events',
      body: { items: [], next_cursor: next, correlation_id: 'ct-test-1' },
      sentCorrelationId: 'ct-test-1',
    });
  expect(coverageOf(page(null)).checked).not.toContain(gid('uuidCursor'));
  expect(coverageOf(page('abc')).checked).toContain(gid('uuidCursor'));
});

test('a crashing check is a harness error of the guarantees it was judging, never evidence of them', () => {
  const boom = defineCheck(
    'boom',
    [gid('correlationHeader'), gid('aliasHeaders')],
    () => {
      throw new TypeError('x is undefined');
    },
    { [gid('aliasHeaders')]: { property: 'alias', present: (x) => x.request.base === 'alias' } },
  );
  const j = judge(exchange(), [], [boom]);
  expect(j.crashes).toEqual([
    { check: 'boom', guarantees: [gid('correlationHeader')], message: 'check boom crashed: TypeError: x is undefined' },
  ]);
  expect(j.checked).toEqual([]);
  expect(j.violations).toEqual([]);
});
