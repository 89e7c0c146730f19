// Events: create (201, 409), field validation with the contract's caps and cross-field rules,
// list order, read, PUT replace, org isolation, no internal fields.

import { C, expect, expectBodyCodes, expectCode, test } from './helpers';

const rule = (schema: string, field: string) => C.fieldRules[schema]!.find((r) => r.name === field)!;
const TITLE_MAX = rule('EventCreate', 'title').maxLength!;
const DESCRIPTION_MAX = rule('EventCreate', 'description').maxLength!;
const TZ_MAX = rule('EventCreate', 'timezone').maxLength!;
const ID_MAX = C.limits.partnerIdMaxLength!;

test.describe('POST /events', () => {
  test('creates with 201; optional fields absent are null; no internal fields', async ({ api }) => {
    const r = await api.post('/events', { event_id: 'summit-2026', title: 'Annual Partner Summit 2026' });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      event_id: 'summit-2026',
      title: 'Annual Partner Summit 2026',
      description: null,
      start_date: null,
      end_date: null,
      timezone: null,
      visibility: null,
      url_slug: null,
    });
    expect(r.body.created_at).toBe(r.body.updated_at);
    expect(Object.keys(r.body).sort()).toEqual([
      'correlation_id',
      'created_at',
      'description',
      'end_date',
      'event_id',
      'start_date',
      'timezone',
      'title',
      'updated_at',
      'url_slug',
      'visibility',
    ]);
  });

  test('the documented example round-trips', async ({ api }) => {
    const body = {
      event_id: 'summit-2026',
      title: 'Annual Partner Summit 2026',
      description: 'Two-day leadership summit',
      start_date: '2026-09-10',
      end_date: '2026-09-11',
      timezone: 'America/New_York',
      visibility: 'private',
      url_slug: 'summit-2026',
    };
    const r = await api.post('/events', body);
    expect(r.body).toMatchObject(body);
    expect((await api.get('/events/summit-2026')).body).toMatchObject(body);
  });

  test('a second create with the same event_id is 409 PARTNER_ID_CONFLICT and changes nothing', async ({ api }) => {
    await api.createEvent('dup', { title: 'First' });
    const r = await api.post('/events', { event_id: 'dup', title: 'Second' });
    expectCode(r, 409, 'PARTNER_ID_CONFLICT');
    expect((await api.get('/events/dup')).body.title).toBe('First');
  });

  test('IDs are case-sensitive and may use the whole ID alphabet', async ({ api }) => {
    await api.createEvent('Case');
    await api.createEvent('case');
    await api.createEvent('a._:-Z9');
    await api.createEvent('x'.repeat(ID_MAX));
  });

  test('each field rejects bad values with its own code', async ({ api }) => {
    const VALID = { event_id: 'e', title: 't' };
    const cases: [Record<string, unknown>, string][] = [
      [{ title: 't' }, 'INVALID_PARTNER_ID'],
      [{ event_id: '', title: 't' }, 'INVALID_PARTNER_ID'],
      [{ event_id: '-lead', title: 't' }, 'INVALID_PARTNER_ID'],
      [{ event_id: 'x'.repeat(ID_MAX + 1), title: 't' }, 'INVALID_PARTNER_ID'],
      [{ event_id: 'has space', title: 't' }, 'INVALID_PARTNER_ID'],
      [{ event_id: 42, title: 't' }, 'INVALID_PARTNER_ID'],
      [{ event_id: 'e' }, 'INVALID_TITLE'],
      [{ event_id: 'e', title: '' }, 'INVALID_TITLE'],
      [{ event_id: 'e', title: null }, 'INVALID_TITLE'],
      [{ event_id: 'e', title: 7 }, 'INVALID_TITLE'],
      [{ event_id: 'e', title: ['t'] }, 'INVALID_TITLE'],
      [{ event_id: 'e', title: 'x'.repeat(TITLE_MAX + 1) }, 'INVALID_TITLE'],
      [{ ...VALID, description: 'd'.repeat(DESCRIPTION_MAX + 1) }, 'INVALID_DESCRIPTION'],
      [{ ...VALID, description: {} }, 'INVALID_DESCRIPTION'],
      [{ ...VALID, start_date: '10/09/2026' }, 'INVALID_START_DATE'],
      [{ ...VALID, start_date: '2026-13-01' }, 'INVALID_START_DATE'],
      [{ ...VALID, start_date: '2026-02-29' }, 'INVALID_START_DATE'],
      [{ ...VALID, start_date: '2026-09-10T00:00:00Z' }, 'INVALID_START_DATE'],
      [{ ...VALID, end_date: '2026-9-1' }, 'INVALID_END_DATE'],
      [{ ...VALID, start_date: '2026-09-11', end_date: '2026-09-10' }, 'INVALID_END_DATE'],
      [{ ...VALID, timezone: 'Mars/Olympus_Mons' }, 'INVALID_TIMEZONE'],
      [{ ...VALID, timezone: '' }, 'INVALID_TIMEZONE'],
      [{ ...VALID, timezone: `America/${'x'.repeat(TZ_MAX)}` }, 'INVALID_TIMEZONE'],
      [{ ...VALID, timezone: '+01:00' }, 'INVALID_TIMEZONE'],
      [{ ...VALID, visibility: 'secret' }, 'INVALID_VISIBILITY'],
      [{ ...VALID, visibility: 'Public' }, 'INVALID_VISIBILITY'],
      [{ ...VALID, url_slug: 'Upper' }, 'INVALID_URL_SLUG'],
      [{ ...VALID, url_slug: '-lead' }, 'INVALID_URL_SLUG'],
      [{ ...VALID, url_slug: 's'.repeat(129) }, 'INVALID_URL_SLUG'],
    ];
    await expectBodyCodes((body) => api.post('/events', body), cases);
    expect((await api.get('/events')).body.items).toEqual([]);
  });

  test('boundary values are accepted: caps exactly, code points not UTF-16 units, equal dates, null optionals', async ({ api }) => {
    await api.createEvent('b1', { title: 'x'.repeat(TITLE_MAX), description: 'd'.repeat(DESCRIPTION_MAX) });
    const emoji = await api.createEvent('b2', { title: '😀'.repeat(TITLE_MAX) });
    expect(emoji.title).toBe('😀'.repeat(TITLE_MAX));
    await api.createEvent('b3', {
      start_date: '2028-02-29',
      end_date: '2028-02-29',
      timezone: 'UTC',
      visibility: 'unlisted',
      url_slug: 'a'.repeat(128),
    });
    await api.createEvent('b4', { description: null, start_date: null, end_date: null, timezone: null, visibility: null, url_slug: null });
    await api.createEvent('b5', { unknown_field: 'ignored', nested: { deep: [1, 2] } });
    expect((await api.get('/events/b5')).body.unknown_field).toBeUndefined();
  });
});

test.describe('GET /events', () => {
  test('lists newest created_at first; the page items are Event fields only', async ({ api, mock }) => {
    let t = Date.parse('2026-01-01T00:00:00Z');
    (mock.app as { now: () => number }).now = () => (t += 1000);
    for (const id of ['first', 'second', 'third']) await api.createEvent(id);
    const r = await api.get('/events');
    expect(r.body.items.map((e: { event_id: string }) => e.event_id)).toEqual(['third', 'second', 'first']);
    expect(r.body.next_cursor).toBeNull();
    const times = r.body.items.map((e: { created_at: string }) => e.created_at);
    expect([...times].sort().reverse()).toEqual(times);
  });

  test('ties on created_at are ordered by event_id', async ({ api, mock }) => {
    (mock.app as { now: () => number }).now = () => Date.parse('2026-01-01T00:00:00Z');
    for (const id of ['b', 'c', 'a']) await api.createEvent(id);
    expect((await api.get('/events')).body.items.map((e: { event_id: string }) => e.event_id)).toEqual(['a', 'b', 'c']);
  });
});

test.describe('GET /events/{event_id}', () => {
  test('reads an event; a missing one is 404 EVENT_NOT_FOUND; a malformed ID is 400', async ({ api }) => {
    await api.createEvent('r1');
    expect((await api.get('/events/r1')).body.event_id).toBe('r1');
    const missing = await api.get('/events/r2');
    expectCode(missing, 404, 'EVENT_NOT_FOUND');
    expect((await api.get(`/events/${'x'.repeat(ID_MAX + 1)}`)).body.code).toBe('INVALID_PARTNER_ID');
  });

  test("another org's event is indistinguishable from a missing one", async ({ api }) => {
    await api.createEvent('mine');
    const other = await api.get('/events/mine', { key: 'orgB' });
    const none = await api.get('/events/never', { key: 'orgB' });
    expectCode(other, 404, none.body.code);
    expect(other.body.message).toBe(none.body.message);
    expect((await api.get('/events', { key: 'orgB' })).body.items).toEqual([]);
    // Org B may use the same partner ID for its own event.
    await api.createEvent('mine', { title: 'B' }, 'orgB');
    expect((await api.get('/events/mine')).body.title).toBe('Event mine');
  });
});

test.describe('PUT /events/{event_id}', () => {
  test('replaces every mutable field; omitted optionals become null; event_id and created_at never change', async ({ api }) => {
    const created = await api.createEvent('u1', { description: 'old', timezone: 'Europe/Paris', visibility: 'public' });
    const r = await api.put('/events/u1', { title: 'New', event_id: 'other', start_date: '2026-01-01' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      event_id: 'u1',
      title: 'New',
      description: null,
      timezone: null,
      visibility: null,
      start_date: '2026-01-01',
      created_at: created.created_at,
    });
    expect(Date.parse(r.body.updated_at)).toBeGreaterThanOrEqual(Date.parse(created.updated_at));
    expect((await api.get('/events/other')).status).toBe(404);
    expect((await api.get('/events/u1')).body.title).toBe('New');
  });

  test('PUT validates like create and never upserts', async ({ api }) => {
    await api.createEvent('u2');
    expect((await api.put('/events/u2', { description: 'no title' })).body.code).toBe('INVALID_TITLE');
    expect((await api.put('/events/u2', { title: 't', start_date: '2026-05-02', end_date: '2026-05-01' })).body.code).toBe(
      'INVALID_END_DATE',
    );
    const missing = await api.put('/events/u3', { title: 't' });
    expectCode(missing, 404, 'EVENT_NOT_FOUND');
    expect((await api.put('/events/u2', { title: 't' }, { key: 'orgB' })).status).toBe(404);
  });
});
