// The MOCK_TIMESTAMP_DIGITS variation (mock/timestampDigits.ts): microsecond or nanosecond
// timestamps, several in one millisecond, and every list still in its exact order.
import { configFromArgs, configFromEnv, resolveConfig } from '../../mock/config';
import { NO_VARIATIONS } from '../../mock/http/variations';
import { compareInstants } from '../../harness/world/timestamps';
import { expect, test } from './helpers';

for (const digits of [6, 9] as const) {
  test.describe(`MOCK_TIMESTAMP_DIGITS=${digits}`, () => {
    test.use({ mockOptions: { variations: { ...NO_VARIATIONS, timestampDigits: digits } } });
    test('timestamps carry the digits, distinct within a millisecond, and lists keep their exact order', async ({ api }) => {
      const ids = Array.from({ length: 6 }, (_, i) => `td${digits}-${5 - i}`); // event_id order opposite to creation order
      await Promise.all(ids.map((id) => api.createEvent(id)));
      const list = await api.get('/events?limit=50');
      const mine = (list.body.items as { event_id: string; created_at: string }[]).filter((e) => ids.includes(e.event_id));
      expect(mine).toHaveLength(ids.length);
      for (const e of mine) expect(e.created_at).toMatch(new RegExp(`\\.\\d{${digits}}Z$`));
      expect(new Set(mine.map((e) => e.created_at)).size).toBe(mine.length);
      for (let i = 1; i < mine.length; i++) expect(compareInstants(mine[i - 1]!.created_at, mine[i]!.created_at)).toBe(1);
    });
  });
}

test('a session start sent with nanoseconds and an offset is returned in UTC with every digit', async ({ api }) => {
  await api.createEvent('td-ses');
  const created = await api.post('/events/td-ses/sessions', {
    session_id: 'td-s1',
    title: 'Fine',
    starts_at: '2026-09-10T10:30:00.123456789+02:00',
  });
  expect(created.status).toBe(201);
  expect(created.body.starts_at).toBe('2026-09-10T08:30:00.123456789Z');
});

test('MOCK_TIMESTAMP_DIGITS and --timestamp-digits accept 3, 6 and 9 only', () => {
  expect(resolveConfig(configFromEnv({ MOCK_TIMESTAMP_DIGITS: '6' })).variations.timestampDigits).toBe(6);
  expect(resolveConfig(configFromArgs(['--timestamp-digits', '9'])).variations.timestampDigits).toBe(9);
  expect(() => configFromEnv({ MOCK_TIMESTAMP_DIGITS: '7' })).toThrow(/timestamp-digits/);
});
