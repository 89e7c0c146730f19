// Pagination: limit bounds (INVALID_LIMIT), opaque signed cursors bound to their list
// (INVALID_CURSOR otherwise), complete walks without duplicates, and O(limit) page cost.

import { C, expect, expectCode, test, UUID_RE } from './helpers';
import { indexList, pageOf } from '../../mock/pagination/pages';
import { SortedIndex } from '../../mock/pagination/sortedIndex';
import { internal, type EventRecord, type OrgState } from '../../mock/store';
import type { MockServer } from '../../mock/server';

const MIN = C.limits.pageLimitMin!;
const MAX = C.limits.pageLimitMax!;
const DEFAULT = C.limits.pageLimitDefault!;

/** Seeds n events straight into org A's store (fast; the list index rebuilds itself). */
function seedEvents(mock: MockServer, n: number, role = 'write'): OrgState {
  const org = mock.app.store.org(mock.keyTable.find((k) => k.role === role)!.org_id!);
  const t0 = Date.parse('2026-01-01T00:00:00Z');
  for (let i = 0; i < n; i++) {
    const at = new Date(t0 + Math.floor(i / 3) * 1000).toISOString(); // ties on purpose
    const id = `ev-${String(i).padStart(6, '0')}`;
    const e: EventRecord = {
      ...internal(org),
      event_id: id,
      title: id,
      description: null,
      start_date: null,
      end_date: null,
      timezone: null,
      visibility: null,
      url_slug: null,
      created_at: at,
      updated_at: at,
      context: null,
      sessions: new Map(),
      attendees: new Map(),
      matches: [],
    };
    org.events.set(id, e);
  }
  return org;
}

async function walk(
  api: import('./helpers').Api,
  path: string,
  limit: number,
  key?: string,
): Promise<{ ids: string[]; pages: number; cursors: string[] }> {
  const ids: string[] = [];
  const cursors: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const url = `${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const r = await api.get(url, key ? { key } : {});
    expect(r.status, url).toBe(200);
    expect(r.body.items.length).toBeLessThanOrEqual(limit);
    for (const item of r.body.items) ids.push(item.session_id ?? item.event_id);
    cursor = r.body.next_cursor;
    if (cursor) cursors.push(cursor);
    pages++;
    expect(pages).toBeLessThan(10_000);
  } while (cursor);
  return { ids, pages, cursors };
}

test('limit must be an integer within the contract bounds, else INVALID_LIMIT', async ({ api }) => {
  for (const bad of [String(MIN - 1), String(MAX + 1), '-1', 'abc', '1.5', '', '1e2', ' 5', '0x10', '5,6']) {
    const r = await api.get(`/events?limit=${encodeURIComponent(bad)}`);
    expectCode(r, 400, 'INVALID_LIMIT', `limit=${bad}`);
  }
  for (const ok of [String(MIN), String(MAX), '007']) expect((await api.get(`/events?limit=${ok}`)).status, ok).toBe(200);
});

test("a query parameter given twice is 400 with that parameter's code, on every list (repeated-parameter rule)", async ({ api }) => {
  expect(C.requestRules.repeatedQueryParameter?.provenance).toBe('provisional');
  const twice = (name: string) => (name === 'limit' ? 'limit=2&limit=3' : `${name}=x1&${name}=x1`);
  let checked = 0;
  for (const op of Object.values(C.operations)) {
    const path = op.path.replace(/\{[^}]+\}/g, 'p1');
    for (const p of op.parameters.filter((x) => x.in === 'query')) {
      const r = await api.call(op.method, `${path}?${twice(p.name)}`, op.method === 'GET' ? {} : { json: {} });
      expectCode(r, 400, p.errorCode, `${op.operationId} ${p.name} twice`);
      checked++;
    }
  }
  expect(checked).toBeGreaterThan(0);
});

test('default page size and the maximum come from the contract', async ({ api, mock }) => {
  seedEvents(mock, MAX + 20);
  const r = await api.get('/events');
  expect(r.body.items).toHaveLength(DEFAULT);
  expect(r.body.next_cursor).toEqual(expect.any(String));
  expect((await api.get(`/events?limit=${MAX}`)).body.items).toHaveLength(MAX);
});

test('walking next_cursor to null yields every event exactly once, newest first (ties by event_id)', async ({ api, mock }) => {
  seedEvents(mock, 137);
  const all = (await api.get(`/events?limit=${MAX}`)).body.items.map((e: { event_id: string }) => e.event_id);
  for (const limit of [1, 7, 50, MAX]) {
    const { ids, pages } = await walk(api, '/events', limit);
    expect(ids).toEqual(all);
    expect(new Set(ids).size).toBe(137);
    expect(pages).toBe(Math.ceil(137 / limit));
  }
  // Newest created_at first; inside a tie, event_id ascending.
  expect(all.slice(0, 4)).toEqual(['ev-000135', 'ev-000136', 'ev-000132', 'ev-000133']);
});

test('events created during a walk do not duplicate or drop the earlier ones', async ({ api, mock }) => {
  seedEvents(mock, 30);
  const first = await api.get('/events?limit=10');
  await api.createEvent('newest-during-walk');
  const seen: string[] = first.body.items.map((e: { event_id: string }) => e.event_id);
  let cursor = first.body.next_cursor;
  while (cursor) {
    const r = await api.get(`/events?limit=10&cursor=${encodeURIComponent(cursor)}`);
    seen.push(...r.body.items.map((e: { event_id: string }) => e.event_id));
    cursor = r.body.next_cursor;
  }
  expect(new Set(seen).size).toBe(30);
  expect(seen).not.toContain('newest-during-walk');
});

test('sessions paginate the same way', async ({ api }) => {
  await api.createEvent('e1');
  for (let i = 0; i < 23; i++)
    await api.createSession(
      'e1',
      `s${String(i).padStart(2, '0')}`,
      i % 2 ? { starts_at: `2026-09-10T${String(i % 24).padStart(2, '0')}:00:00Z` } : {},
    );
  const { ids } = await walk(api, '/events/e1/sessions', 4);
  expect(new Set(ids).size).toBe(23);
  expect(ids).toEqual((await api.get('/events/e1/sessions?limit=200')).body.items.map((s: { session_id: string }) => s.session_id));
});

test('cursors are opaque: not UUIDs, encode no UUID or internal id, and are bound to their list', async ({ api, mock }) => {
  const org = seedEvents(mock, 12);
  seedEvents(mock, 12, 'orgB');
  await api.createEvent('e-sess');
  for (let i = 0; i < 3; i++) await api.createSession('e-sess', `s${i}`);
  await api.createEvent('e-sess2');
  for (let i = 0; i < 3; i++) await api.createSession('e-sess2', `t${i}`);

  const { cursors } = await walk(api, '/events', 5);
  const internals = [...org.events.values()].map((e) => e.internalId);
  for (const c of cursors) {
    expect(c).not.toMatch(UUID_RE);
    const decoded = Buffer.from(c.split('.')[0]!, 'base64url').toString('latin1');
    expect(decoded).not.toMatch(UUID_RE);
    for (const id of internals) expect(c.includes(id) || decoded.includes(id)).toBe(false);
    expect(decoded).not.toContain('ev-');
  }
  const eventCursor = cursors[0]!;
  const sessionCursor = (await api.get('/events/e-sess/sessions?limit=1')).body.next_cursor as string;
  const bad: [string, string][] = [
    ['/events/e-sess/sessions', eventCursor], // another list
    ['/events', sessionCursor], // another list
    ['/events/e-sess2/sessions', sessionCursor], // same kind of list, another event
  ];
  for (const [path, cursor] of bad) {
    const r = await api.get(`${path}?cursor=${encodeURIComponent(cursor)}`);
    expectCode(r, 400, 'INVALID_CURSOR', path);
  }
  // Another org's list.
  expect((await api.get(`/events?cursor=${encodeURIComponent(eventCursor)}`, { key: 'orgB' })).body.code).toBe('INVALID_CURSOR');
  // Forged, truncated, malformed.
  const [payload, sig] = eventCursor.split('.') as [string, string];
  const flipped = sig[0] === 'A' ? `B${sig.slice(1)}` : `A${sig.slice(1)}`;
  const forgedPayload = Buffer.from(JSON.stringify(['x', 1])).toString('base64url');
  for (const c of [
    `${payload}.${flipped}`,
    payload,
    eventCursor.slice(0, -1),
    `${forgedPayload}.${sig}`,
    '00000000-0000-0000-0000-000000000000',
    'garbage',
    '.',
    'a'.repeat(600),
    '%',
  ]) {
    const r = await api.get(`/events?cursor=${encodeURIComponent(c)}`);
    expect(r.status, c.slice(0, 40)).toBe(400);
    expect(r.body.code).toBe('INVALID_CURSOR');
  }
  expect((await api.get('/events?cursor=')).body.code).toBe('INVALID_CURSOR');
});

test('a page costs O(limit): a deep page is as cheap as the first one', () => {
  const n = 200_000;
  const index = new SortedIndex<{ seq: number; k: number }>(
    (x) => [x.k, x.seq],
    (x) => x.seq,
  );
  index.rebuild(Array.from({ length: n }, (_, i) => ({ seq: i, k: Math.floor(i / 2) })));
  const req = { limit: 50, cursor: null };
  const list = indexList(index, 'bench', 'asc');
  const first = pageOf(list, req);
  // A cursor near the end.
  let cursor = first.next_cursor!;
  const deep = pageOf(list, { limit: n - 120, cursor });
  cursor = deep.next_cursor!;
  const time = (fn: () => void) => {
    const t = performance.now();
    for (let i = 0; i < 200; i++) fn();
    return (performance.now() - t) / 200;
  };
  const atStart = time(() => pageOf(list, req));
  const atEnd = time(() => pageOf(list, { limit: 50, cursor }));
  expect(atEnd).toBeLessThan(Math.max(atStart * 20, 1));
  const last = pageOf(list, { limit: 50, cursor });
  expect(last.items).toHaveLength(50);
  expect(last.items[0]!.seq).toBe(n - 120 + 50);
});
