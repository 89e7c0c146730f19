// Attribution of synthetic test results (reporter/attribution.ts): outcome per test, the
// transient-retry policy, bracketed IDs, universal soft violations, blocked and unattributed failures.
import { test, expect } from '@playwright/test';
import { analyzeTest, classifyAttempt } from '../../reporter/attribution';
import { leadingIds } from '../../reporter/collect';
import { attempt, KNOWN, testCase, UNIVERSAL } from './helpers';

const opts = { known: KNOWN, universal: UNIVERSAL };
const kinds = (a: ReturnType<typeof analyzeTest>) => Object.fromEntries(a.evidence.map((e) => [e.guarantee, e.kind]));

test('leading bracketed IDs are read after an Error: prefix, and only at the start', () => {
  expect(leadingIds('[CORR-01] missing header')).toEqual(['CORR-01']);
  expect(leadingIds('Error: [EVT-01] create returns 201\n\nexpect(received).toBe(expected)')).toEqual(['EVT-01']);
  expect(leadingIds('[CORR-01][CORR-02] both')).toEqual(['CORR-01', 'CORR-02']);
  expect(leadingIds('[CORR-01] [ERR-01] spaced')).toEqual(['CORR-01', 'ERR-01']);
  expect(leadingIds('expected [EVT-01] somewhere')).toEqual([]);
  expect(leadingIds('[TRANSIENT] 503')).toEqual([]);
  expect(leadingIds('Test timeout of 60000ms exceeded.')).toEqual([]);
});

test('a passing test passes its declared guarantees', () => {
  const a = analyzeTest(testCase(['EVT-01', 'EVT-02'], [attempt('passed')]), opts);
  expect(a.outcome).toBe('passed');
  expect(kinds(a)).toEqual({ 'EVT-01': 'passed', 'EVT-02': 'passed' });
});

test('a skipped test carries its reason to every declared guarantee', () => {
  const a = analyzeTest(
    testCase(
      ['AUTH-02'],
      [attempt('skipped', { annotations: [{ type: 'skip', description: 'not exercised: no MESHI_DISABLED_KEY' }], records: [] })],
    ),
    opts,
  );
  expect(a.outcome).toBe('skipped');
  expect(a.evidence).toEqual([
    expect.objectContaining({ guarantee: 'AUTH-02', kind: 'skipped', note: 'not exercised: no MESHI_DISABLED_KEY' }),
  ]);
});

test('a failure names its guarantee; another declared guarantee it did not reach is blocked', () => {
  const a = analyzeTest(
    testCase(
      ['EVT-01', 'EVT-02'],
      [attempt('failed', { errors: ['Error: [EVT-01] POST /events answers 201\n\nexpect(received).toBe(expected)'] })],
    ),
    opts,
  );
  expect(a.outcome).toBe('failed');
  expect(kinds(a)).toEqual({ 'EVT-01': 'failed', 'EVT-02': 'blocked' });
  expect(a.evidence.find((e) => e.guarantee === 'EVT-02')!.note).toMatch(/blocked by EVT-01/);
});

test("a universal violation fails the universal guarantee; the test's own guarantees held (soft failure)", () => {
  const a = analyzeTest(
    testCase(
      ['AUTH-01'],
      [attempt('failed', { errors: ['[ERR-02] error body has an extra key `status` on GET /auth → 401 (corr ct-x-1)'] })],
    ),
    opts,
  );
  expect(kinds(a)).toEqual({ 'ERR-02': 'failed', 'AUTH-01': 'passed' });
  const e = a.evidence.find((x) => x.guarantee === 'ERR-02')!;
  expect(e.declared).toBe(false);
  expect(e.messages[0]).toMatch(/extra key/);
});

test('a hard failure of a non-universal guarantee the test does not declare blocks the declared ones', () => {
  const a = analyzeTest(
    testCase(['MATCH-01'], [attempt('failed', { errors: ['[RUN-02] the run did not reach a terminal status within 30000 ms'] })]),
    opts,
  );
  expect(kinds(a)).toEqual({ 'RUN-02': 'failed', 'MATCH-01': 'blocked' });
});

test('a failure with no bracketed ID (timeout, [SETUP], [HARNESS]) fails the declared guarantees', () => {
  for (const msg of [
    'Test timeout of 60000ms exceeded.',
    '[SETUP] createEvent POST … → 500: set-up needs a success status',
    "TypeError: Cannot read properties of undefined (reading 'items')",
  ]) {
    const a = analyzeTest(testCase(['EVT-03'], [attempt('timedOut', { errors: [msg] })]), opts);
    expect(a.outcome).toBe('failed');
    expect(kinds(a)).toEqual({ 'EVT-03': 'failed' });
    expect(a.evidence[0]!.messages).toEqual([msg]);
  }
  // An unknown bracketed ID is not a guarantee: the declared ones take the failure, and the note says so.
  const b = analyzeTest(testCase(['EVT-03'], [attempt('failed', { errors: ['[EVT-99] typo'] })]), opts);
  expect(kinds(b)).toEqual({ 'EVT-03': 'failed' });
  expect(b.evidence[0]!.note).toMatch(/\[EVT-99\]/);
});

test('a real failure then a pass is flaky: the named guarantee flaky, the others passed', () => {
  const a = analyzeTest(
    testCase(['IDEM-01', 'IDEM-02'], [attempt('failed', { errors: ['[IDEM-01] replay differs'] }), attempt('passed')]),
    opts,
  );
  expect(a.outcome).toBe('flaky');
  expect(kinds(a)).toEqual({ 'IDEM-01': 'flaky', 'IDEM-02': 'passed' });
});

test('a transient attempt then a pass is passed with a transient note, not flaky', () => {
  const a = analyzeTest(
    testCase(
      ['EVT-01'],
      [
        attempt('failed', {
          errors: ['Error: [TRANSIENT] transient 503 on POST …'],
          annotations: [{ type: 'transient', description: 'transient 503' }],
        }),
        attempt('passed', {
          annotations: [{ type: 'transient-retry', description: 'attempt 2: re-run because attempt 1 ended transiently' }],
        }),
      ],
    ),
    opts,
  );
  expect(a.outcome).toBe('passed');
  expect(kinds(a)).toEqual({ 'EVT-01': 'passed' });
  expect(a.transientNotes.join(' ')).toMatch(/attempt 1 ended transiently/);
  expect(a.evidence[0]!.note).toMatch(/transient/);
});

test('transient on every attempt is inconclusive', () => {
  const t = attempt('failed', { errors: ['[TRANSIENT] network error'] });
  const a = analyzeTest(testCase(['EVT-01'], [t, t, t]), opts);
  expect(a.outcome).toBe('transient');
  expect(kinds(a)).toEqual({ 'EVT-01': 'transient' });
});

test('a real failure whose retry the transient gate declined stays failed (Playwright would call it flaky)', () => {
  const a = analyzeTest(
    testCase(
      ['EVT-01'],
      [
        attempt('failed', { errors: ['[EVT-01] answered 200'] }),
        attempt('skipped', {
          annotations: [{ type: 'skip', description: 'not retried: attempt 0 failed for a non-transient reason' }],
          records: [],
        }),
      ],
    ),
    opts,
  );
  expect(a.outcome).toBe('failed');
  expect(kinds(a)).toEqual({ 'EVT-01': 'failed' });
});

test('a retry the transient gate failed at once ("not retried: …") does not count as an attempt', () => {
  const a = analyzeTest(
    testCase(
      ['AUTH-01'],
      [
        attempt('failed', { errors: ['[ERR-02] extra key `status` on GET /auth → 401'] }),
        attempt('failed', {
          errors: [
            'Error: not retried: attempt 1 failed for a non-transient reason (only transient failures are retried); its errors:\nError: [ERR-02] extra key',
          ],
        }),
        attempt('failed', {
          errors: [
            'Error: not retried: attempt 2 failed for a non-transient reason (only transient failures are retried); its errors:\nError: [ERR-02] extra key',
          ],
        }),
      ],
    ),
    opts,
  );
  expect(a.outcome).toBe('failed');
  expect(kinds(a)).toEqual({ 'ERR-02': 'failed', 'AUTH-01': 'passed' });
  expect(a.failingAttempts).toHaveLength(1);
});

test('a transient attempt with a real violation is a real failure', () => {
  const x = attempt('failed', { errors: ['[ERR-05] 503 is a server error', '[TRANSIENT] transient 503'] });
  expect(classifyAttempt(x)).toBe('fail');
  const a = analyzeTest(testCase(['EVT-01'], [x]), opts);
  expect(kinds(a)['ERR-05']).toBe('failed');
});

test('interrupted runs are inconclusive; the replay annotation is carried', () => {
  const a = analyzeTest(testCase(['EVT-01'], [attempt('interrupted')]), opts);
  expect(a.outcome).toBe('interrupted');
  const b = analyzeTest(
    testCase(
      ['PAGE-01'],
      [
        attempt('failed', {
          errors: ['[PAGE-01] duplicate item'],
          annotations: [{ type: 'replay', description: 'npm run replay -- --seed 42 --path 3:1' }],
        }),
      ],
    ),
    opts,
  );
  expect(b.replay).toBe('npm run replay -- --seed 42 --path 3:1');
});
