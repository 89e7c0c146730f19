// Idempotency of run-creating writes: replay (same run, 202, Idempotent-Replayed: true, current
// state), conflicts (409 for another event, operation or payload), org scoping, retention,
// rejected requests storing nothing, and 100 concurrent requests making exactly one run.

import { expect, expectCode, startMock, test, Api } from './helpers';
import { FAST, fieldCode, finished, key, limit, pollRun, row } from './domainHelpers';

test.use({ mockOptions: FAST });

const importPath = (e: string) => `/events/${e}/attendees:import`;

test.describe('replay', () => {
  test('the same key, operation, event and payload returns the original run with Idempotent-Replayed: true', async ({ api, mock }) => {
    await api.createEvent('idem-1');
    const body = { idempotency_key: key(), attendees: [row('a1'), row('a2')], webhook_url: 'https://h.example.com/x' };
    const first = await api.put(importPath('idem-1'), body);
    expect(first.status).toBe(202);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const again = await api.put(importPath('idem-1'), body);
    expect(again.status).toBe(202);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.run_id).toBe(first.body.run_id);
    expect(mock.app.store.org(mock.keyTable.find((k) => k.key === mock.keys.write)!.org_id!).runs.size).toBe(1);
    // After the run ends, a replay shows its current (terminal) state, and still starts nothing.
    const { run } = await pollRun(api, first.body.run_id);
    const late = await api.put(importPath('idem-1'), body);
    expect(late.status).toBe(202);
    expect(late.headers['idempotent-replayed']).toBe('true');
    const { correlation_id: _a, ...lateRun } = late.body;
    const { correlation_id: _b, ...polled } = run;
    expect(lateRun).toEqual(polled);
  });

  test('object key order does not change the payload (canonical JSON)', async ({ api }) => {
    await api.createEvent('idem-order');
    const k = key();
    const first = await api.put(importPath('idem-order'), {
      idempotency_key: k,
      attendees: [{ attendee_id: 'a1', name: 'A', raw: { x: 1, y: 2 } }],
    });
    const again = await api.put(importPath('idem-order'), {
      attendees: [{ raw: { y: 2, x: 1 }, name: 'A', attendee_id: 'a1' }],
      idempotency_key: k,
    });
    expect(again.status).toBe(202);
    expect(again.body.run_id).toBe(first.body.run_id);
  });

  test('replays work for enrichment and matching runs too', async ({ api }) => {
    await api.createEvent('idem-ops');
    for (const path of ['/events/idem-ops/attendees:enrich', '/events/idem-ops/matches:run']) {
      const body = { idempotency_key: key() };
      const a = await api.post(path, body);
      const b = await api.post(path, body);
      expect(a.status).toBe(202);
      expect(b.status).toBe(202);
      expect(b.body.run_id).toBe(a.body.run_id);
      expect(b.headers['idempotent-replayed']).toBe('true');
    }
  });
});

test.describe('conflicts', () => {
  test('the same key with a different payload, event or operation is 409 IDEMPOTENCY_KEY_CONFLICT', async ({ api }) => {
    await api.createEvent('idem-c1');
    await api.createEvent('idem-c2');
    const k = key();
    expect((await api.put(importPath('idem-c1'), { idempotency_key: k, attendees: [row('a1')] })).status).toBe(202);
    const payload = await api.put(importPath('idem-c1'), { idempotency_key: k, attendees: [row('a2')] });
    const event = await api.put(importPath('idem-c2'), { idempotency_key: k, attendees: [row('a1')] });
    const operation = await api.post('/events/idem-c1/attendees:enrich', { idempotency_key: k });
    const webhook = await api.put(importPath('idem-c1'), {
      idempotency_key: k,
      attendees: [row('a1')],
      webhook_url: 'https://h.example.com/',
    });
    for (const r of [payload, event, operation, webhook]) {
      expectCode(r, 409, 'IDEMPOTENCY_KEY_CONFLICT');
    }
  });

  test('keys are scoped to the org: another org may use the same key', async ({ api }) => {
    await api.createEvent('idem-org');
    await api.createEvent('idem-org', {}, 'orgB');
    const body = { idempotency_key: key(), attendees: [row('a1')] };
    const a = await api.put(importPath('idem-org'), body);
    const b = await api.put(importPath('idem-org'), body, { key: 'orgB' });
    expect(b.status).toBe(202);
    expect(b.headers['idempotent-replayed']).toBeUndefined();
    expect(b.body.run_id).not.toBe(a.body.run_id);
  });
});

test.describe('rejected requests store nothing', () => {
  test('a key first used on a request rejected by validation can be used for the corrected request', async ({ api }) => {
    await api.createEvent('idem-rej');
    const k = key();
    const bad = await api.put(importPath('idem-rej'), { idempotency_key: k, attendees: [row('a1'), row('a1')] });
    expect(bad.status).toBe(400);
    const bad2 = await api.put(importPath('idem-rej'), { idempotency_key: k, attendees: [row('a1')], webhook_url: 'nope' });
    expect(bad2.body.code).toBe(fieldCode('AttendeeImportRequest', 'webhook_url'));
    const good = await api.put(importPath('idem-rej'), { idempotency_key: k, attendees: [row('a1')] });
    expect(good.status).toBe(202);
    expect(good.headers['idempotent-replayed']).toBeUndefined();
  });

  test('a key first used against an unknown event (404) stays free', async ({ api }) => {
    const k = key();
    expect((await api.post('/events/idem-missing/matches:run', { idempotency_key: k })).status).toBe(404);
    await api.createEvent('idem-missing');
    const r = await api.post('/events/idem-missing/matches:run', { idempotency_key: k });
    expect(r.status).toBe(202);
    expect(r.headers['idempotent-replayed']).toBeUndefined();
  });

  test('keys of the maximum length are accepted', async ({ api }) => {
    await api.createEvent('idem-long');
    const k = 'K'.repeat(limit('idempotencyKeyMaxLength'));
    expect((await api.post('/events/idem-long/attendees:enrich', { idempotency_key: k })).status).toBe(202);
  });
});

test.describe('concurrency', () => {
  test('100 simultaneous identical requests with one key create exactly one run, each answered with it', async ({ api, mock }) => {
    await api.createEvent('idem-race');
    const body = { idempotency_key: key('race'), attendees: [row('a1'), row('a2'), row('a3')] };
    const results = await Promise.all(Array.from({ length: 100 }, () => api.put(importPath('idem-race'), body)));
    const statuses = new Set(results.map((r) => r.status));
    expect([...statuses]).toEqual([202]);
    const runIds = new Set(results.map((r) => r.body.run_id));
    expect(runIds.size).toBe(1);
    expect(results.filter((r) => r.headers['idempotent-replayed'] === undefined)).toHaveLength(1);
    expect(results.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(99);
    const org = mock.app.store.org(mock.keyTable.find((k) => k.key === mock.keys.write)!.org_id!);
    expect([...org.runs.values()].filter((r) => r.event_id === 'idem-race')).toHaveLength(1);
    const { run } = await pollRun(api, [...runIds][0]!);
    expect(run.counts.total).toBe(3);
  });

  test('100 simultaneous requests with one key but different payloads: one run, the rest 409', async ({ api }) => {
    await api.createEvent('idem-race2');
    const k = key('race2');
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => api.put(importPath('idem-race2'), { idempotency_key: k, attendees: [row(`a${i}`)] })),
    );
    expect(results.filter((r) => r.status === 202)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(99);
  });
});

test.describe('retention', () => {
  test('a key is remembered for the retention period, then forgotten', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const mock = await startMock({ ...FAST, now: () => now });
    try {
      const api = new Api(mock);
      await api.createEvent('idem-ttl');
      const body = { idempotency_key: key(), attendees: [row('a1')] };
      const first = await api.put(importPath('idem-ttl'), body);
      now += limit('idempotencyRetentionHours') * 3_600_000 - 1000;
      const replay = await api.put(importPath('idem-ttl'), body);
      expect(replay.body.run_id).toBe(first.body.run_id);
      now += 2000;
      const fresh = await api.put(importPath('idem-ttl'), body);
      expect(fresh.status).toBe(202);
      expect(fresh.body.run_id).not.toBe(first.body.run_id);
      expect(fresh.headers['idempotent-replayed']).toBeUndefined();
    } finally {
      await mock.close();
    }
  });
});

test('a replayed run keeps progressing like any other', async ({ api }) => {
  await api.createEvent('idem-prog');
  const body = { idempotency_key: key(), attendees: [row('a1')] };
  const r = await api.put(importPath('idem-prog'), body);
  const run = await finished(api, api.put(importPath('idem-prog'), body));
  expect(run.run_id).toBe(r.body.run_id);
  expect(run.status).toBe('succeeded');
});
