// Identity reviews: ambiguity inside one event → that event's queue (scope event); the same
// identity across events of the org → the org-wide queue (scope org, event_id null); a review is
// in exactly one queue, re-runs file no duplicates, queues page in order and stay inside the org.

import { expect, expectQueryCodes, expectCode, test } from './helpers';
import { FAST, enrich, importAndEnrich, importAndWait, row, walk } from './domainHelpers';

test.use({ mockOptions: FAST });

async function queues(api: any, events: string[]) {
  const org = (await walk(api, '/review-queue', 50)).items;
  const byEvent: Record<string, any[]> = {};
  for (const e of events) byEvent[e] = (await walk(api, `/events/${e}/review-queue`, 50)).items;
  return { org, byEvent };
}

test('two attendees of one event sharing an email → one event-scoped review in that event only', async ({ api }) => {
  await api.createEvent('rev-e1');
  await api.createEvent('rev-e2');
  await importAndWait(api, 'rev-e1', [
    row('a1', { email: 'Same@Example.com' }),
    row('a2', { email: 'same@example.com' }),
    row('a3', { email: 'other@example.com' }),
  ]);
  await importAndWait(api, 'rev-e2', [row('b1', { email: 'b1@example.com' })]);
  expect((await api.get('/events/rev-e1/review-queue')).body.items).toEqual([]);
  await enrich(api, 'rev-e1');
  const { org, byEvent } = await queues(api, ['rev-e1', 'rev-e2']);
  expect(org).toEqual([]);
  expect(byEvent['rev-e2']).toEqual([]);
  expect(byEvent['rev-e1']).toHaveLength(1);
  const review = byEvent['rev-e1']![0];
  expect(review).toMatchObject({
    scope: 'event',
    event_id: 'rev-e1',
    attendee_id: 'a1',
    status: 'open',
    candidates: [{ event_id: 'rev-e1', attendee_id: 'a2' }],
  });
  expect(review.review_id).toMatch(/^rev_/);
  expect(review.reason).toContain('email');
  expect((await api.get('/events/rev-e1/attendees/a1')).body.enrichment.status).toBe('ambiguous');
  expect((await api.get('/events/rev-e1/attendees/a2')).body.enrichment.status).toBe('ambiguous');
  expect((await api.get('/events/rev-e1/attendees/a3')).body.enrichment.status).toBe('enriched');
});

test('the same LinkedIn URL in two events → one org-scoped review, in no event queue', async ({ api }) => {
  await api.createEvent('rev-x1');
  await api.createEvent('rev-x2');
  await importAndEnrich(api, 'rev-x1', [row('p1', { linkedin_url: 'https://www.linkedin.com/in/jane/' })]);
  expect((await api.get('/review-queue')).body.items).toEqual([]);
  await importAndEnrich(api, 'rev-x2', [row('p2', { linkedin_url: 'http://linkedin.com/in/jane?trk=1' })]);
  const { org, byEvent } = await queues(api, ['rev-x1', 'rev-x2']);
  expect(byEvent['rev-x1']).toEqual([]);
  expect(byEvent['rev-x2']).toEqual([]);
  expect(org).toHaveLength(1);
  expect(org[0]).toMatchObject({
    scope: 'org',
    event_id: null,
    attendee_id: 'p2',
    candidates: [{ event_id: 'rev-x1', attendee_id: 'p1' }],
    status: 'open',
  });
  expect(org[0].reason).toContain('LinkedIn');
});

test('an identity both inside one event and across events is one org review, never in both queues', async ({ api }) => {
  await api.createEvent('rev-m1');
  await api.createEvent('rev-m2');
  await importAndEnrich(api, 'rev-m1', [row('a', { email: 'dup@example.com' }), row('b', { email: 'dup@example.com' })]);
  expect((await api.get('/events/rev-m1/review-queue')).body.items).toHaveLength(1);
  await importAndEnrich(api, 'rev-m2', [row('c', { email: 'dup@example.com' })]);
  const { org, byEvent } = await queues(api, ['rev-m1', 'rev-m2']);
  expect(byEvent['rev-m1']).toEqual([]);
  expect(byEvent['rev-m2']).toEqual([]);
  expect(org).toHaveLength(1);
  expect(org[0].candidates).toHaveLength(2);
  const ids = new Set([...org, ...Object.values(byEvent).flat()].map((r) => r.review_id));
  expect(ids.size).toBe(1);
});

test('re-running enrichment files no duplicate reviews (same review_id)', async ({ api }) => {
  await api.createEvent('rev-rerun');
  await importAndEnrich(api, 'rev-rerun', [row('a', { email: 'x@example.com' }), row('b', { email: 'x@example.com' })]);
  const first = (await api.get('/events/rev-rerun/review-queue')).body.items;
  await enrich(api, 'rev-rerun');
  await enrich(api, 'rev-rerun');
  const again = (await api.get('/events/rev-rerun/review-queue')).body.items;
  expect(again).toEqual(first);
});

test('a review disappears once the ambiguity is gone (re-import with distinct emails)', async ({ api }) => {
  await api.createEvent('rev-gone');
  await importAndEnrich(api, 'rev-gone', [row('a', { email: 'x@example.com' }), row('b', { email: 'x@example.com' })]);
  expect((await api.get('/events/rev-gone/review-queue')).body.items).toHaveLength(1);
  await importAndEnrich(api, 'rev-gone', [row('b', { email: 'y@example.com' })]);
  expect((await api.get('/events/rev-gone/review-queue')).body.items).toEqual([]);
});

test('review queues page oldest first, then review_id, every review exactly once', async ({ api }) => {
  await api.createEvent('rev-page');
  const rowsOut = [];
  for (let i = 0; i < 7; i++)
    rowsOut.push(row(`p${i}a`, { email: `dup${i}@example.com` }), row(`p${i}b`, { email: `dup${i}@example.com` }));
  await importAndEnrich(api, 'rev-page', rowsOut);
  const all = (await api.get('/events/rev-page/review-queue?limit=200')).body.items;
  expect(all).toHaveLength(7);
  const { items, pages } = await walk(api, '/events/rev-page/review-queue', 2);
  expect(pages).toBe(4);
  expect(items).toEqual(all);
  const keys = items.map((r: any) => `${r.created_at} ${r.review_id}`);
  expect([...keys].sort()).toEqual(keys);
});

test('review queues validate limit and cursor, and the event queue 404s an unknown event', async ({ api }) => {
  await api.createEvent('rev-val');
  await expectQueryCodes(
    api,
    '/review-queue',
    ['limit=0', 'limit=201', 'limit=abc', 'limit=1.5'].map((q) => [q, 'INVALID_LIMIT'] as const),
  );
  const bad = await api.get('/events/rev-val/review-queue?cursor=garbage');
  expectCode(bad, 400, 'INVALID_CURSOR');
  const missing = await api.get('/events/rev-none/review-queue');
  expectCode(missing, 404, 'EVENT_NOT_FOUND');
});

test("review queues never show another org's reviews", async ({ api }) => {
  await api.createEvent('rev-iso');
  await importAndEnrich(api, 'rev-iso', [row('a', { email: 'x@example.com' }), row('b', { email: 'x@example.com' })]);
  await api.createEvent('rev-iso', {}, 'orgB');
  expect((await api.get('/events/rev-iso/review-queue', { key: 'orgB' })).body.items).toEqual([]);
  expect((await api.get('/review-queue', { key: 'orgB' })).body.items).toEqual([]);
  expect((await api.get('/events/rev-iso/review-queue', { key: 'read' })).body.items).toHaveLength(1);
});
