// Sessions: create (201; a session_id already mapped anywhere in the org → 409), validation,
// UTC normalisation, list order (starts_at, nulls last, then session_id), read, PUT replace.

import { C, expect, expectBodyCodes, expectCode, test } from './helpers';

const LOCATION_MAX = C.fieldRules.SessionCreate!.find((r) => r.name === 'location')!.maxLength!;

test('create returns 201 with the Session; times are normalised to UTC', async ({ api }) => {
  await api.createEvent('e1');
  const r = await api.post('/events/e1/sessions', {
    session_id: 's1',
    title: 'Keynote',
    starts_at: '2026-09-10T09:00:00-04:00',
    ends_at: '2026-09-10T14:00:00Z',
    location: 'Hall A',
  });
  expect(r.status).toBe(201);
  expect(r.body).toMatchObject({ session_id: 's1', event_id: 'e1', title: 'Keynote', description: null, location: 'Hall A' });
  expect(Date.parse(r.body.starts_at)).toBe(Date.parse('2026-09-10T13:00:00Z'));
  expect(r.body.starts_at.endsWith('Z')).toBe(true);
  expect((await api.get('/events/e1/sessions/s1')).body).toMatchObject({ session_id: 's1', title: 'Keynote' });
});

test('a session_id already mapped in the org is 409, even under another event; other orgs are independent', async ({ api }) => {
  await api.createEvent('e1');
  await api.createEvent('e2');
  await api.createSession('e1', 'dup');
  for (const ev of ['e1', 'e2']) {
    const r = await api.post(`/events/${ev}/sessions`, { session_id: 'dup', title: 't' });
    expectCode(r, 409, 'PARTNER_ID_CONFLICT');
  }
  await api.createEvent('e1', {}, 'orgB');
  const b = await api.post('/events/e1/sessions', { session_id: 'dup', title: 't' }, { key: 'orgB' });
  expect(b.status).toBe(201);
});

test('field validation: IDs, title, times, location', async ({ api }) => {
  await api.createEvent('e1');
  const cases: [Record<string, unknown>, string][] = [
    [{ title: 't' }, 'INVALID_PARTNER_ID'],
    [{ session_id: '.x', title: 't' }, 'INVALID_PARTNER_ID'],
    [{ session_id: 's', title: '' }, 'INVALID_TITLE'],
    [{ session_id: 's', title: 't', description: 1 }, 'INVALID_DESCRIPTION'],
    [{ session_id: 's', title: 't', starts_at: '2026-09-10' }, 'INVALID_STARTS_AT'],
    [{ session_id: 's', title: 't', starts_at: '2026-09-10T25:00:00Z' }, 'INVALID_STARTS_AT'],
    [{ session_id: 's', title: 't', starts_at: '2026-09-10T23:59:60Z' }, 'INVALID_STARTS_AT'],
    [{ session_id: 's', title: 't', starts_at: '0000-01-01T00:00:00+01:00' }, 'INVALID_STARTS_AT'],
    [{ session_id: 's', title: 't', starts_at: '2026-02-29T10:00:00Z' }, 'INVALID_STARTS_AT'],
    [{ session_id: 's', title: 't', ends_at: 'tomorrow' }, 'INVALID_ENDS_AT'],
    [{ session_id: 's', title: 't', starts_at: '2026-09-10T10:00:00Z', ends_at: '2026-09-10T11:59:59+02:00' }, 'INVALID_ENDS_AT'],
    [{ session_id: 's', title: 't', location: 'l'.repeat(LOCATION_MAX + 1) }, 'INVALID_LOCATION'],
  ];
  await expectBodyCodes((body) => api.post('/events/e1/sessions', body), cases);
  await api.createSession('e1', 'eq', { starts_at: '2026-09-10T10:00:00Z', ends_at: '2026-09-10T12:00:00+02:00' });
});

test('404: unknown event is EVENT_NOT_FOUND, unknown session SESSION_NOT_FOUND', async ({ api }) => {
  await api.createEvent('e1');
  expect((await api.post('/events/none/sessions', { session_id: 's', title: 't' })).body.code).toBe('EVENT_NOT_FOUND');
  expect((await api.get('/events/none/sessions')).body.code).toBe('EVENT_NOT_FOUND');
  expect((await api.get('/events/none/sessions/s')).body.code).toBe('EVENT_NOT_FOUND');
  expect((await api.get('/events/e1/sessions/s')).body.code).toBe('SESSION_NOT_FOUND');
  expect((await api.put('/events/e1/sessions/s', { title: 't' })).body.code).toBe('SESSION_NOT_FOUND');
  await api.createEvent('e2');
  await api.createSession('e2', 'only-in-e2');
  expect((await api.get('/events/e1/sessions/only-in-e2')).body.code).toBe('SESSION_NOT_FOUND');
});

test('list order: starts_at ascending, nulls last, then session_id; PUT re-sorts', async ({ api }) => {
  await api.createEvent('e1');
  await api.createSession('e1', 'late', { starts_at: '2026-09-10T15:00:00Z' });
  await api.createSession('e1', 'none-b');
  await api.createSession('e1', 'early', { starts_at: '2026-09-10T08:00:00Z' });
  await api.createSession('e1', 'none-a');
  await api.createSession('e1', 'mid-b', { starts_at: '2026-09-10T12:00:00Z' });
  await api.createSession('e1', 'mid-a', { starts_at: '2026-09-10T14:00:00+02:00' });
  const ids = async () => (await api.get('/events/e1/sessions')).body.items.map((s: { session_id: string }) => s.session_id);
  expect(await ids()).toEqual(['early', 'mid-a', 'mid-b', 'late', 'none-a', 'none-b']);
  const put = await api.put('/events/e1/sessions/none-b', { title: 'now first', starts_at: '2026-09-10T07:00:00Z' });
  expect(put.status).toBe(200);
  expect(put.body).toMatchObject({ session_id: 'none-b', event_id: 'e1', title: 'now first', location: null });
  expect(await ids()).toEqual(['none-b', 'early', 'mid-a', 'mid-b', 'late', 'none-a']);
});

test('PUT replaces every mutable field; omitted optionals become null; IDs come from the path', async ({ api }) => {
  await api.createEvent('e1');
  const s = await api.createSession('e1', 's1', { description: 'd', location: 'L', starts_at: '2026-09-10T08:00:00Z' });
  const r = await api.put('/events/e1/sessions/s1', { title: 'T2', session_id: 'zzz', event_id: 'other' });
  expect(r.body).toMatchObject({
    session_id: 's1',
    event_id: 'e1',
    title: 'T2',
    description: null,
    location: null,
    starts_at: null,
    created_at: s.created_at,
  });
  expect(
    (await api.put('/events/e1/sessions/s1', { title: 't', starts_at: '2026-09-10T10:00:00Z', ends_at: '2026-09-10T09:00:00Z' })).body.code,
  ).toBe('INVALID_ENDS_AT');
});
