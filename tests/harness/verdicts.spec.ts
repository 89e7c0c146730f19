// The verdict vocabulary's outcomes (harness/verdicts/index.ts): expect* records a typed violation
// and fails with the message the plain expect gave; require* records a typed block; observe*
// records one evidence finding per subject; requireContract is a harness error, never a verdict.
import { test, expect } from '@playwright/test';
import { BlockedError } from '../../harness/verdicts/errors';
import { findingsIn } from '../../harness/verdicts/findings';
import { insideProperty } from '../../harness/verdicts/preconditions';
import { expectEqual, expectThat, observeSubject, requireContract, requireThat, timesObserved } from '../../harness/verdicts';

function failureOf(fn: () => void): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a failure');
}

test('expectEqual: a typed violation first, then the failure of the plain expect', () => {
  const err = failureOf(() => expectEqual('EVT-01', 'the title is echoed', 'Other', 'Fixture event'));
  const plain = failureOf(() => expect('Other', '[EVT-01] the title is echoed').toEqual('Fixture event'));
  expect(err.message).toBe(plain.message);
  const [v] = findingsIn(test.info().annotations).filter((f) => f.kind === 'violation');
  expect(v).toMatchObject({
    guarantee: 'EVT-01',
    check: 'equal',
    observed: '"Other"',
    expected: '"Fixture event"',
    message: '[EVT-01] the title is echoed',
  });
  test.info().annotations.length = 0;
  expectEqual('EVT-01', 'holds', { a: [1] }, { a: [1] });
  expect(findingsIn(test.info().annotations)).toEqual([]);
});

test('expectThat: names the observed and expected values in the message and the finding', () => {
  const err = failureOf(() => expectThat('MATCH-01', 'scores', 0 > 0, 0, '> 0'));
  expect(err.message.split('\n')[0]).toContain('[MATCH-01] scores: observed 0, expected > 0');
  const [v] = findingsIn(test.info().annotations);
  expect(v).toMatchObject({ kind: 'violation', guarantee: 'MATCH-01', check: 'that', observed: '0', expected: '> 0' });
  test.info().annotations.length = 0;
  expectThat('MATCH-01', 'holds', true);
  expect(findingsIn(test.info().annotations)).toEqual([]);
});

test('requireThat blocks by its guarantee (a typed block), guarantee first', async () => {
  const err = await insideProperty(async () => requireThat('EVT-01', 'the event exists', false)).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(BlockedError);
  const [b] = findingsIn(test.info().annotations);
  expect(b).toMatchObject({ kind: 'blocked', guarantee: 'EVT-01', message: 'blocked by EVT-01: the event exists' });
});

test('observeSubject counts every sighting and records the first as evidence', () => {
  observeSubject('RATE-02', 'a 429');
  observeSubject('RATE-02', 'a 429', 2);
  expect(timesObserved('a 429')).toBe(3);
  expect(findingsIn(test.info().annotations)).toEqual([
    expect.objectContaining({
      kind: 'evidence',
      guarantee: 'RATE-02',
      check: 'subject',
      subject: { operationId: null, base: null, property: 'a 429' },
    }),
  ]);
});

test('requireContract is a harness error, not a verdict', () => {
  expect(() => requireContract('the contract has list operations', false)).toThrow(
    '[HARNESS] contract precondition failed: the contract has list operations',
  );
  expect(findingsIn(test.info().annotations)).toEqual([]);
});
