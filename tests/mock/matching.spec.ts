// Matching: deterministic scores in [0, 1], top K per attendee ranked 1..K, served ordered by score
// desc, attendee_id, matched_attendee_id; filters; only the latest succeeded run's scores; fewer
// than two attendees fails with NOT_ENOUGH_ATTENDEES; 5,000 attendees reach terminal in < 5 s.

import { expect, expectQueryCodes, expectCode, test } from './helpers';
import { schedulerOf } from '../../mock/domain/scheduler';
import {
  FAST,
  enrich,
  importAndEnrich,
  importAndWait,
  importRows,
  key,
  limit,
  match,
  matchOrder,
  pollRun,
  row,
  rows,
  walk,
} from './domainHelpers';

const K = 4;
test.use({ mockOptions: { ...FAST, matchTopK: K } });

async function allScores(api: any, eventId: string, query = ''): Promise<any[]> {
  return (await walk(api, `/events/${eventId}/matches${query}`, 200)).items;
}

const strip = (m: any) => ({
  attendee_id: m.attendee_id,
  matched_attendee_id: m.matched_attendee_id,
  score: m.score,
  rank: m.rank,
  reasons: m.reasons,
});

test('a matching run answers 202 (kind matching) and serves top-K scores in [0, 1], ranked, in contract order', async ({ api }) => {
  await api.createEvent('mat-1');
  await api.post('/events/mat-1/context', { objectives: 'Connect fintech founders with ai investors' });
  await importAndEnrich(api, 'mat-1', rows('m', 12));
  const r = await api.post('/events/mat-1/matches:run', { idempotency_key: key() });
  expect(r.status).toBe(202);
  expect(r.body).toMatchObject({ kind: 'matching', status: 'queued', event_id: 'mat-1', webhook_url: null });
  const { run } = await pollRun(api, r.body.run_id);
  expect(run).toMatchObject({ status: 'succeeded', counts: { total: 12, succeeded: 12, failed: 0 } });
  const scores = await allScores(api, 'mat-1');
  expect(scores).toHaveLength(12 * K);
  expect([...scores].sort(matchOrder)).toEqual(scores);
  const ids = new Set(rows('m', 12).map((x) => x.attendee_id));
  const perAttendee = new Map<string, any[]>();
  for (const s of scores) {
    expect(s.score).toBeGreaterThanOrEqual(0);
    expect(s.score).toBeLessThanOrEqual(1);
    expect(s.matched_attendee_id).not.toBe(s.attendee_id);
    expect(ids.has(s.matched_attendee_id)).toBe(true);
    expect(s.run_id).toBe(run.run_id);
    expect(s.reasons.length).toBeGreaterThan(0);
    for (const reason of s.reasons) expect(reason.length).toBeLessThanOrEqual(120);
    perAttendee.set(s.attendee_id, [...(perAttendee.get(s.attendee_id) ?? []), s]);
  }
  for (const [id, list] of perAttendee) {
    expect(
      list.map((m) => m.rank).sort((a, b) => a - b),
      id,
    ).toEqual([1, 2, 3, 4]);
    const byRank = [...list].sort((a, b) => a.rank - b.rank);
    for (let i = 1; i < byRank.length; i++) expect(byRank[i].score).toBeLessThanOrEqual(byRank[i - 1].score);
    expect(new Set(list.map((m) => m.matched_attendee_id)).size).toBe(list.length);
  }
});

test('with fewer attendees than K + 1, each attendee is matched with every other one', async ({ api }) => {
  await api.createEvent('mat-small');
  await importAndWait(api, 'mat-small', [row('a', { title: 'Engineer' }), row('b', { title: 'Engineer' }), row('c')]);
  await match(api, 'mat-small');
  const scores = await allScores(api, 'mat-small');
  expect(scores).toHaveLength(6);
  const ab = scores.find((s) => s.attendee_id === 'a' && s.matched_attendee_id === 'b');
  const ac = scores.find((s) => s.attendee_id === 'a' && s.matched_attendee_id === 'c');
  expect(ab.score).toBeGreaterThan(ac.score);
  expect(ab.rank).toBe(1);
});

test('shared sessions raise a score', async ({ api }) => {
  await api.createEvent('mat-sess');
  await api.createSession('mat-sess', 's1');
  await importAndWait(api, 'mat-sess', [
    row('a', { title: 'Data Engineer', session_ids: ['s1'] }),
    row('b', { title: 'Data Scientist', session_ids: ['s1'] }),
    row('c', { title: 'Data Analyst' }),
  ]);
  await match(api, 'mat-sess');
  const scores = await allScores(api, 'mat-sess', '?attendee_id=a');
  const [first, second] = scores;
  expect(first.matched_attendee_id).toBe('b');
  expect(first.score).toBeGreaterThan(second.score);
  expect(first.reasons.join(' ')).toContain('session');
});

test('matching is deterministic: identical events and a re-run give identical pairs, scores and ranks', async ({ api }) => {
  const data = rows('det', 20);
  for (const e of ['mat-d1', 'mat-d2']) {
    await api.createEvent(e);
    await api.post(`/events/${e}/context`, { objectives: 'climate and payments', event_details: 'Lisbon' });
    await importAndWait(api, e, data);
    await enrich(api, e);
    await match(api, e);
  }
  const a = (await allScores(api, 'mat-d1')).map(strip);
  expect((await allScores(api, 'mat-d2')).map(strip)).toEqual(a);
  const rerun = await match(api, 'mat-d1');
  const again = await allScores(api, 'mat-d1');
  expect(again.map(strip)).toEqual(a);
  expect(new Set(again.map((s) => s.run_id))).toEqual(new Set([rerun.run_id]));
});

test('only the latest succeeded matching run is served', async ({ api }) => {
  await api.createEvent('mat-latest');
  expect((await api.get('/events/mat-latest/matches')).body).toMatchObject({ items: [], next_cursor: null });
  await importAndWait(api, 'mat-latest', rows('l', 3));
  const first = await match(api, 'mat-latest');
  expect(new Set((await allScores(api, 'mat-latest')).map((s) => s.run_id))).toEqual(new Set([first.run_id]));
  await importAndWait(api, 'mat-latest', rows('l', 3, 3));
  // A queued run changes nothing until it succeeds.
  const pending = await api.post('/events/mat-latest/matches:run', { idempotency_key: key() });
  expect(new Set((await allScores(api, 'mat-latest')).map((s) => s.run_id))).toEqual(new Set([first.run_id]));
  const { run: second } = await pollRun(api, pending.body.run_id);
  const served = await allScores(api, 'mat-latest');
  expect(new Set(served.map((s) => s.run_id))).toEqual(new Set([second.run_id]));
  expect(new Set(served.map((s) => s.attendee_id)).size).toBe(6);
});

test('fewer than two attendees: the run fails with a run-level NOT_ENOUGH_ATTENDEES error and serves nothing', async ({ api }) => {
  await api.createEvent('mat-few');
  const none = await match(api, 'mat-few');
  expect(none).toMatchObject({
    status: 'failed',
    errors: [{ attendee_id: null, code: 'NOT_ENOUGH_ATTENDEES', message: expect.any(String) }],
  });
  await importAndWait(api, 'mat-few', [row('solo')]);
  const one = await match(api, 'mat-few');
  expect(one.status).toBe('failed');
  expect(one.errors[0].code).toBe('NOT_ENOUGH_ATTENDEES');
  expect(one.counts.total).toBe(1);
  expect((await api.get('/events/mat-few/matches')).body.items).toEqual([]);
});

test.describe('listing', () => {
  test.beforeEach(async ({ api }) => {
    await api.createEvent('mat-list');
    await importAndWait(api, 'mat-list', rows('x', 15));
    await match(api, 'mat-list');
  });

  test('walking next_cursor yields every score exactly once, in order, for any page size', async ({ api }) => {
    const all = await allScores(api, 'mat-list');
    expect(all).toHaveLength(15 * K);
    for (const size of [1, 7, 50]) {
      const { items } = await walk(api, '/events/mat-list/matches', size);
      expect(items, `limit ${size}`).toEqual(all);
    }
    const first = await api.get('/events/mat-list/matches');
    expect(first.body.items).toHaveLength(50);
  });

  test('attendee_id and min_score filter the scores (and combine)', async ({ api }) => {
    const all = await allScores(api, 'mat-list');
    const mine = await allScores(api, 'mat-list', '?attendee_id=x-0003');
    expect(mine).toEqual(all.filter((s) => s.attendee_id === 'x-0003'));
    expect(mine.map((s) => s.rank)).toEqual([1, 2, 3, 4]);
    const threshold = all[Math.floor(all.length / 2)].score;
    const high = await allScores(api, 'mat-list', `?min_score=${threshold}`);
    expect(high).toEqual(all.filter((s) => s.score >= threshold));
    const both = (await walk(api, `/events/mat-list/matches?attendee_id=x-0003&min_score=${threshold}`, 1)).items;
    expect(both).toEqual(all.filter((s) => s.attendee_id === 'x-0003' && s.score >= threshold));
    expect(await allScores(api, 'mat-list', '?attendee_id=nobody')).toEqual([]);
    expect(await allScores(api, 'mat-list', '?min_score=1')).toEqual(all.filter((s) => s.score >= 1));
    expect(await allScores(api, 'mat-list', '?min_score=0')).toEqual(all);
  });

  test('bad filters, limits and cursors are 400 with their codes', async ({ api }) => {
    await expectQueryCodes(api, '/events/mat-list/matches', [
      ['min_score=-0.1', 'INVALID_MIN_SCORE'],
      ['min_score=1.5', 'INVALID_MIN_SCORE'],
      ['min_score=high', 'INVALID_MIN_SCORE'],
      ['attendee_id=-x', 'INVALID_PARTNER_ID'],
      ['limit=0', 'INVALID_LIMIT'],
      ['limit=201', 'INVALID_LIMIT'],
      ['cursor=abc', 'INVALID_CURSOR'],
    ]);
    // A cursor is bound to its list and filters.
    const page = await api.get('/events/mat-list/matches?limit=2');
    const cursor = encodeURIComponent(page.body.next_cursor);
    expect((await api.get(`/events/mat-list/matches?limit=2&cursor=${cursor}`)).status).toBe(200);
    for (const q of ['attendee_id=x-0001', 'min_score=0.1']) {
      const r = await api.get(`/events/mat-list/matches?limit=2&${q}&cursor=${cursor}`);
      expectCode(r, 400, 'INVALID_CURSOR', q);
    }
    const other = await api.get(`/events/mat-list/attendees?cursor=${cursor}`);
    expect(other.body.code).toBe('INVALID_CURSOR');
  });

  test('unknown events are 404 and other orgs see nothing', async ({ api }) => {
    const r = await api.get('/events/mat-none/matches');
    expectCode(r, 404, 'EVENT_NOT_FOUND');
    await api.createEvent('mat-list', {}, 'orgB');
    expect((await api.get('/events/mat-list/matches', { key: 'orgB' })).body.items).toEqual([]);
  });
});

test.describe('scale', () => {
  test.use({ mockOptions: { queuedMs: 10, runningMs: 10 } });

  // The wall-clock goal (< 5 s to terminal) is measured in isolation by `npm run bench:mock`; here,
  // where other workers share the CPUs, the run's own CPU time is held to the same budget.
  test('a matching run over 5,000 attendees reaches terminal with under 5 s of work, and pages stay fast', async ({ api, mock }) => {
    test.setTimeout(120_000);
    await api.createEvent('mat-5k');
    await api.post('/events/mat-5k/context', { objectives: 'ai fintech climate' });
    const cap = limit('importMaxRows');
    for (let from = 0; from < 5000; from += cap) await importAndWait(api, 'mat-5k', rows('big', cap, from));
    const t0 = Date.now();
    const run = await match(api, 'mat-5k', 30_000);
    const elapsed = Date.now() - t0;
    expect(run.status).toBe('succeeded');
    expect(run.counts.total).toBe(5000);
    const work = schedulerOf(mock.app).lastWork;
    expect(work?.runId).toBe(run.run_id);
    expect(
      work!.cpuMs,
      `matching 5,000 attendees: ${work!.cpuMs.toFixed(0)} ms CPU, ${work!.wallMs.toFixed(0)} ms wall, ${elapsed} ms request to terminal`,
    ).toBeLessThan(5000);
    const page = await api.get('/events/mat-5k/matches?limit=200');
    expect(page.body.items).toHaveLength(200);
    const mid = await api.get(`/events/mat-5k/matches?attendee_id=big-2500&limit=200`);
    expect(mid.body.items).toHaveLength(mock.config.matchTopK);
  });
});

test('matching validates its body', async ({ api }) => {
  await api.createEvent('mat-val');
  const r = await api.post('/events/mat-val/matches:run', { idempotency_key: 'k'.repeat(256) });
  expectCode(r, 400, 'INVALID_IDEMPOTENCY_KEY');
  const ok = await importRows(api, 'mat-val', [row('a')]);
  expect(ok.status).toBe(202);
});
