// Attendee reads: GET one (404 ATTENDEE_NOT_FOUND), the list ordered by attendee_id and paged
// exactly once, limit/cursor validation, event and org scoping.

import { expect, expectQueryCodes, expectCode, test } from './helpers';
import { FAST, importAndWait, row, walk } from './domainHelpers';

test.use({ mockOptions: FAST });

test('GET one attendee returns the imported row, normalised, with pending enrichment', async ({ api }) => {
  await api.createEvent('att-1');
  const raw = { nested: { list: [1, 'two', null] }, 'odd key': true };
  await importAndWait(api, 'att-1', [
    row('a:1.x_y-z', {
      name: 'Ann',
      email: 'ann@example.com',
      linkedin_url: 'https://www.linkedin.com/in/ann',
      title: 'CTO',
      company: 'Acme',
      raw,
    }),
  ]);
  const r = await api.get(`/events/att-1/attendees/${encodeURIComponent('a:1.x_y-z')}`);
  expect(r.status).toBe(200);
  expect(r.body).toMatchObject({
    attendee_id: 'a:1.x_y-z',
    name: 'Ann',
    email: 'ann@example.com',
    linkedin_url: 'https://www.linkedin.com/in/ann',
    title: 'CTO',
    company: 'Acme',
    session_ids: [],
    raw,
    enrichment: { status: 'pending', seniority: null, industry: null, interests: [], headline: null, enriched_at: null },
  });
  expect(r.body.created_at).toBe(r.body.updated_at);
});

test('an attendee of another event, or never imported, is 404 ATTENDEE_NOT_FOUND', async ({ api }) => {
  await api.createEvent('att-e1');
  await api.createEvent('att-e2');
  await importAndWait(api, 'att-e1', [row('a1')]);
  for (const path of ['/events/att-e2/attendees/a1', '/events/att-e1/attendees/a2', '/events/att-e1/attendees/A1']) {
    const r = await api.get(path);
    expectCode(r, 404, 'ATTENDEE_NOT_FOUND', path);
  }
  const bad = await api.get('/events/att-e1/attendees/-a1');
  expectCode(bad, 400, 'INVALID_PARTNER_ID');
  const noEvent = await api.get('/events/att-none/attendees/a1');
  expect(noEvent.body.code).toBe('EVENT_NOT_FOUND');
  expect((await api.get('/events/att-none/attendees')).body.code).toBe('EVENT_NOT_FOUND');
});

test('the list is ordered by attendee_id and walking next_cursor yields each attendee exactly once', async ({ api }) => {
  await api.createEvent('att-list');
  const ids = ['b', 'a', 'C', 'a-2', 'a.1', 'Z9', '0x', 'b:1', 'aa', 'ab', 'B'];
  await importAndWait(
    api,
    'att-list',
    ids.map((id) => row(id)),
  );
  const sorted = [...ids].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  const one = (await api.get('/events/att-list/attendees?limit=200')).body;
  expect(one.items.map((a: any) => a.attendee_id)).toEqual(sorted);
  expect(one.next_cursor).toBeNull();
  for (const size of [1, 2, 3, 10, 11]) {
    const { items, pages } = await walk(api, '/events/att-list/attendees', size);
    expect(
      items.map((a: any) => a.attendee_id),
      `limit ${size}`,
    ).toEqual(sorted);
    expect(pages).toBe(Math.ceil(ids.length / size));
  }
});

test('the default page holds 50 attendees', async ({ api }) => {
  await api.createEvent('att-default');
  await importAndWait(
    api,
    'att-default',
    Array.from({ length: 120 }, (_, i) => row(`p${String(i).padStart(3, '0')}`)),
  );
  const r = await api.get('/events/att-default/attendees');
  expect(r.body.items).toHaveLength(50);
  expect(typeof r.body.next_cursor).toBe('string');
  const { items } = await walk(api, '/events/att-default/attendees', 50);
  expect(items).toHaveLength(120);
});

test('attendees imported between pages keep the walk consistent (no repeats, no skips of earlier items)', async ({ api }) => {
  await api.createEvent('att-grow');
  await importAndWait(
    api,
    'att-grow',
    ['a', 'c', 'e', 'g'].map((id) => row(id)),
  );
  const first = await api.get('/events/att-grow/attendees?limit=2');
  await importAndWait(
    api,
    'att-grow',
    ['b', 'f'].map((id) => row(id)),
  );
  const seen = first.body.items.map((a: any) => a.attendee_id);
  let cursor: string | null = first.body.next_cursor;
  while (cursor !== null) {
    const page = await api.get(`/events/att-grow/attendees?limit=2&cursor=${encodeURIComponent(cursor)}`);
    seen.push(...page.body.items.map((a: any) => a.attendee_id));
    cursor = page.body.next_cursor;
  }
  expect(seen).toEqual(['a', 'c', 'e', 'f', 'g']);
});

test('limit and cursor are validated', async ({ api }) => {
  await api.createEvent('att-val');
  await importAndWait(api, 'att-val', [row('a'), row('b'), row('c')]);
  await expectQueryCodes(api, '/events/att-val/attendees', [
    ['limit=0', 'INVALID_LIMIT'],
    ['limit=201', 'INVALID_LIMIT'],
    ['limit=-1', 'INVALID_LIMIT'],
    ['limit=two', 'INVALID_LIMIT'],
    ['cursor=', 'INVALID_CURSOR'],
    ['cursor=%%%', 'INVALID_CURSOR'],
    ['cursor=eyJhIjoxfQ', 'INVALID_CURSOR'],
  ]);
  expect((await api.get('/events/att-val/attendees?limit=1')).status).toBe(200);
  expect((await api.get('/events/att-val/attendees?limit=200')).status).toBe(200);
  // A cursor of another event's list is foreign.
  await api.createEvent('att-val2');
  await importAndWait(api, 'att-val2', [row('a'), row('b')]);
  const c = (await api.get('/events/att-val/attendees?limit=1')).body.next_cursor;
  const r = await api.get(`/events/att-val2/attendees?cursor=${encodeURIComponent(c)}`);
  expectCode(r, 400, 'INVALID_CURSOR');
});

test("another org never sees this org's attendees", async ({ api }) => {
  await api.createEvent('att-iso');
  await importAndWait(api, 'att-iso', [row('a1')]);
  const other = await api.get('/events/att-iso/attendees/a1', { key: 'orgB' });
  expectCode(other, 404, 'EVENT_NOT_FOUND');
  await api.createEvent('att-iso', {}, 'orgB');
  expect((await api.get('/events/att-iso/attendees', { key: 'orgB' })).body.items).toEqual([]);
  expect((await api.get('/events/att-iso/attendees/a1', { key: 'orgB' })).body.code).toBe('ATTENDEE_NOT_FOUND');
  expect((await api.get('/events/att-iso/attendees/a1', { key: 'read' })).status).toBe(200);
});
