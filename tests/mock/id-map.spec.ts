// GET /id-map/{kind}/{partner_id}: mapped IDs of the caller's org; unknown kinds and unmapped or
// foreign IDs are 404 PARTNER_ID_NOT_FOUND; malformed kind/ID are 400.

import { C, expect, expectCode, test } from './helpers';
import { internal } from '../../mock/store';

test('events and sessions are mapped once created', async ({ api }) => {
  await api.createEvent('ev-1');
  await api.createSession('ev-1', 'ses:1');
  const e = await api.get('/id-map/event/ev-1');
  expect(e.body).toMatchObject({ kind: 'event', partner_id: 'ev-1', mapped: true });
  const s = await api.get('/id-map/session/ses:1');
  expect(s.body).toMatchObject({ kind: 'session', partner_id: 'ses:1', mapped: true });
  // The kind matters: an event ID is not a session ID.
  expect((await api.get('/id-map/session/ev-1')).body.code).toBe('PARTNER_ID_NOT_FOUND');
});

test('attendees are looked up in every event of the org', async ({ api, mock }) => {
  await api.createEvent('ev-1');
  expect((await api.get('/id-map/attendee/att-1001')).status).toBe(404);
  // Seed an attendee straight into the store (imports are another plugin's concern).
  const org = mock.app.store.org(mock.keyTable.find((k) => k.role === 'write')!.org_id!);
  const event = org.events.get('ev-1')!;
  const now = new Date().toISOString();
  event.attendees.set('att-1001', {
    ...internal(org),
    attendee_id: 'att-1001',
    event_id: 'ev-1',
    name: 'A',
    email: null,
    linkedin_url: null,
    title: null,
    company: null,
    session_ids: [],
    raw: null,
    enrichment: { status: 'pending', seniority: null, industry: null, interests: [], headline: null, enriched_at: null },
    created_at: now,
    updated_at: now,
  });
  expect((await api.get('/id-map/attendee/att-1001')).body.mapped).toBe(true);
  expect((await api.get('/id-map/attendee/att-1001', { key: 'orgB' })).status).toBe(404);
});

test('known kinds come from the contract; a well-formed unknown kind is 404 PARTNER_ID_NOT_FOUND', async ({ api }) => {
  expect(C.idMapKinds).toEqual(['event', 'session', 'attendee']);
  await api.createEvent('ev-1');
  for (const kind of ['Event', 'widget', 'x', `k${'a'.repeat(63)}`]) {
    const r = await api.get(`/id-map/${kind}/ev-1`);
    expectCode(r, 404, 'PARTNER_ID_NOT_FOUND', kind);
  }
});

test('malformed kind → INVALID_PARTNER_KIND (checked first), malformed ID → INVALID_PARTNER_ID', async ({ api }) => {
  for (const kind of ['1event', '_e', `k${'a'.repeat(64)}`, 'ev%20t', 'ev.t']) {
    expect((await api.get(`/id-map/${kind}/-bad`)).body.code, kind).toBe('INVALID_PARTNER_KIND');
  }
  for (const id of ['-x', '.x', 'a b', 'x'.repeat(129), 'a%2Fb', 'é']) {
    expect((await api.get(`/id-map/event/${encodeURIComponent(id).replace(/%25/g, '%')}`)).body.code, id).toBe('INVALID_PARTNER_ID');
  }
});

test("another org's IDs are not mapped for the caller", async ({ api }) => {
  await api.createEvent('private-ev', {}, 'orgB');
  const r = await api.get('/id-map/event/private-ev');
  expectCode(r, 404, 'PARTNER_ID_NOT_FOUND');
  expect((await api.get('/id-map/event/private-ev', { key: 'orgB' })).status).toBe(200);
});
