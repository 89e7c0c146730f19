// PAGE: cursor walks over every list (events, sessions, attendees, match scores, both review
// queues) for several limits (1, 2, 7, default) return every item once, in the list's order;
// bad limits and bad or foreign cursors are rejected. Limits come from the contract.
//
// Org-wide lists (events, the org review queue) are shared with every other test of the run and
// grow on a long-lived target: they are checked on this test's own items (present once, in order
// relative to each other) and on the part of the list around them, never on totals.

import { test, proves, requireProfiles } from '../harness/run/fixtures';
import { contract, fieldRule, listOperations, paramErrorCode } from '../contract';
import type { MeshiClient } from '../harness/http/client';
import type { Namespace } from '../harness/world/namespace';
import {
  attendeeRow,
  createEvent,
  createSession,
  enrichAndWait,
  importAndWait,
  matchAndWait,
  requireRunDone,
} from '../harness/world/builders';
import { forEachConcurrent, sleep } from '../harness/world/concurrency';
import { emailOf, linkedinOf } from '../harness/world/idCharacters';
import { type Json } from '../harness/http/json';
import { compareText, lister, walkPages } from '../harness/world/pages';
import { compareInstants } from '../harness/world/timestamps';
import {
  caseNotExercised,
  expectEqual,
  expectError,
  expectOrder,
  expectStatus,
  expectThat,
  observeSubject,
  requireContract,
  requireObserved,
  requireThat,
  shown,
} from '../harness/verdicts';

test.describe.configure({ mode: 'parallel' });

const LIMITS: (number | undefined)[] = [1, 2, 7, undefined];
const MAX = contract.limits.pageLimitMax!;
const MIN = contract.limits.pageLimitMin!;
const label = (limit: number | undefined) => `limit ${limit ?? 'default'}`;

function byInstantThenId(at: (x: Json) => string | null, id: (x: Json) => string, nullsLast = false) {
  return (a: Json, b: Json): number => {
    const ta = at(a);
    const tb = at(b);
    if (ta === null || tb === null) {
      if (ta !== tb) return nullsLast ? (ta === null ? 1 : -1) : ta === null ? -1 : 1;
    } else if (compareInstants(ta, tb) !== 0) return compareInstants(ta, tb);
    return compareText(id(a), id(b));
  };
}
const sessionOrder = byInstantThenId(
  (s) => s.starts_at,
  (s) => s.session_id,
  true,
);
const reviewOrder = byInstantThenId(
  (r) => r.created_at,
  (r) => r.review_id,
);
const reviewMembers = (r: Json): string[] =>
  [r.attendee_id as string, ...(r.candidates as Json[]).map((c) => c.attendee_id as string)].sort(compareText);
const matchKey = (m: Json) => `${m.attendee_id}→${m.matched_attendee_id}`;

/** Walks `op` with each limit and checks every walk yields exactly `expected` (by key), in order. */
async function expectWalks(
  orderId: 'PAGE-01' | 'PAGE-02' | 'MATCH-01',
  op: string,
  meshi: MeshiClient,
  params: Record<string, string>,
  expected: string[],
  keyOf: (x: Json) => string,
  limits = LIMITS,
  query?: Record<string, string | number>,
) {
  // The walks of the different limits run side by side (each one is sequential by nature).
  await Promise.all(
    limits.map(async (limit) => {
      const walk = await walkPages(lister(meshi, op, params), { guarantee: 'PAGE-01', limit, query });
      const keys = walk.items.map(keyOf);
      expectEqual('PAGE-01', `${op} ${label(limit)}: no item twice`, new Set(keys).size, keys.length);
      expectEqual(
        'PAGE-01',
        `${op} ${label(limit)}: every item exactly once (${walk.pages.length} pages)`,
        [...keys].sort(compareText),
        [...expected].sort(compareText),
      );
      expectOrder(orderId, `${op} ${label(limit)}: the list's order is kept across pages`, keys, expected);
    }),
  );
}

/** Seven sessions whose creation order differs from the list order (ties, offsets, nulls). */
async function sessionsOf(meshi: MeshiClient, ns: Namespace, eventId: string): Promise<Json[]> {
  const specs: [string, string | null][] = [
    ['late', '2026-09-10T15:00:00Z'],
    ['null-z', null],
    ['tie-b', '2026-09-10T12:00:00Z'],
    ['early', '2026-09-10T09:00:00Z'],
    ['tie-a', '2026-09-10T12:00:00Z'],
    ['offset', '2026-09-10T10:30:00+02:00'], // 08:30Z: the earliest instant
    ['null-a', null],
  ];
  const out: Json[] = [];
  for (const [l, at] of specs) out.push(await createSession(meshi, ns, eventId, { session_id: ns.id(l), starts_at: at }));
  return out;
}

test.describe('event-scoped lists', () => {
  test(...proves('PAGE-01', 'PAGE-02'), async ({ meshi, ns }) => {
    const event = await createEvent(meshi, ns, { title: 'Paging', event_id: ns.id('paging') });
    const p = { event_id: event.event_id as string };
    // Attendees whose creation order differs from attendee_id order; three ambiguous pairs.
    const shared = [emailOf(ns, 'pair1'), emailOf(ns, 'pair2'), linkedinOf(ns, 'pair3')];
    const labels = ['zulu', 'alpha', 'mike', 'bravo', 'yankee', 'charlie', 'xray', 'delta'];
    const rows = labels.map((l, i) =>
      attendeeRow(ns, l, {
        title: ['Data Engineer', 'VP Sales', 'Designer', 'CTO'][i % 4],
        company: ['Acme Cloud', 'Northwind Bank', 'Globex Health'][i % 3],
        ...(i < 2 ? { email: shared[0] } : i < 4 ? { email: shared[1] } : i < 6 ? { linkedin_url: shared[2] } : {}),
      }),
    );
    const [sessions, imported] = await Promise.all([sessionsOf(meshi, ns, p.event_id), importAndWait(meshi, ns, p.event_id, rows)]);
    requireRunDone('the attendee import', imported);

    const sessionWalks = test.step('sessions', async () => {
      const expected = [...sessions].sort(sessionOrder).map((s) => s.session_id as string);
      expectEqual(
        'PAGE-02',
        'set-up: sessions without starts_at sort last',
        expected.slice(-2),
        sessions
          .filter((s) => s.starts_at === null)
          .map((s) => s.session_id as string)
          .sort(compareText),
      );
      await expectWalks('PAGE-02', 'listSessions', meshi, p, expected, (s) => s.session_id);
    });
    const attendeeWalks = test.step('attendees', async () => {
      const expected = rows.map((r) => r.attendee_id as string).sort(compareText);
      expectThat(
        'PAGE-02',
        'set-up: creation order differs from attendee_id order',
        JSON.stringify(expected) !== JSON.stringify(rows.map((r) => r.attendee_id)),
      );
      await expectWalks('PAGE-02', 'listAttendees', meshi, p, expected, (a) => a.attendee_id);
    });
    const runWalks = (async () => {
      const enriched = await enrichAndWait(meshi, ns, p.event_id);
      expectThat(
        'PAGE-01',
        'set-up: enrichment ended',
        contract.terminalRunStatuses.includes(enriched.status),
        enriched.status,
        `in ${shown(contract.terminalRunStatuses)}`,
      );
      const queue = test.step('event review queue', async () => {
        const reference = await meshi.call('listEventReviewQueue', { params: p, query: { limit: MAX } });
        const items = reference.body.items as Json[];
        requireThat('REV-01', `three ambiguous identities filed ${items.length} event reviews, expected 3`, items.length === 3);
        const expected = [...items].sort(reviewOrder).map((r) => r.review_id as string);
        await expectWalks('PAGE-02', 'listEventReviewQueue', meshi, p, expected, (r) => r.review_id);
        expectEqual(
          'PAGE-01',
          'the queue holds exactly the three pairs',
          items.map(reviewMembers).sort(),
          [rows.slice(0, 2), rows.slice(2, 4), rows.slice(4, 6)]
            .map((pair) => pair.map((r) => r.attendee_id as string).sort(compareText))
            .sort(),
        );
      });
      const matched = await matchAndWait(meshi, ns, p.event_id);
      requireRunDone('matching', matched);
      const scores = test.step('match scores', async () => {
        const reference = await meshi.call('listMatches', { params: p, query: { limit: MAX } });
        requireThat(null, `the scores do not fit one page of ${MAX}`, reference.body?.next_cursor === null);
        const items = reference.body.items as Json[];
        expectThat('PAGE-01', 'set-up: the event has scores to page through', items.length > 7, items.length, '> 7');
        const one = rows[3]!.attendee_id as string;
        const sorted = items.map((m) => m.score as number).sort((a, b) => a - b);
        const floor = sorted[Math.floor((sorted.length * 3) / 4)]!;
        // A min_score is built from a served score: one outside the range (MATCH-01's failure) cannot be sent.
        const { minimum, maximum } = fieldRule('MatchScore', 'score');
        const floorUsable = floor >= minimum! && floor <= maximum!;
        if (!floorUsable) caseNotExercised(`the min_score walk: the served score ${floor} is outside [${minimum}, ${maximum}]`);
        await Promise.all([
          expectWalks('MATCH-01', 'listMatches', meshi, p, items.map(matchKey), matchKey, [7, undefined]),
          // Filtered lists page the same way: limit 1 on one attendee's scores, 2 on the top quarter.
          expectWalks('MATCH-01', 'listMatches', meshi, p, items.filter((m) => m.attendee_id === one).map(matchKey), matchKey, [1], {
            attendee_id: one,
          }),
          ...(floorUsable
            ? [
                expectWalks('MATCH-01', 'listMatches', meshi, p, items.filter((m) => m.score >= floor).map(matchKey), matchKey, [2], {
                  min_score: floor,
                }),
              ]
            : []),
        ]);
      });
      await Promise.all([queue, scores]);
    })();
    await Promise.all([sessionWalks, attendeeWalks, runWalks]);
    requireObserved(['PAGE-01', 'PAGE-02'], 'a page reached through next_cursor');
  });
});

// A cursor read again (as a client does after a lost answer: a page read is a safe, idempotent
// GET) gives the same page, on the event-scoped lists nothing else writes to.
test.describe('cursor re-reads', () => {
  test(...proves('PAGE-04'), async ({ meshi, ns }) => {
    const event = await createEvent(meshi, ns, { title: 'Re-read', event_id: ns.id('reread') });
    const p = { event_id: event.event_id as string };
    const labels = ['rr-c', 'rr-a', 'rr-b'];
    const [imported] = await Promise.all([
      importAndWait(
        meshi,
        ns,
        p.event_id,
        labels.map((l) => attendeeRow(ns, l)),
      ),
      ...labels.map((l, i) => createSession(meshi, ns, p.event_id, { session_id: ns.id(l), starts_at: `2026-09-10T0${i}:00:00Z` })),
    ]);
    requireRunDone('the attendee import', imported as Json);
    await Promise.all(
      ['listSessions', 'listAttendees'].map(async (op) => {
        const first = await meshi.call(op, { params: p, query: { limit: 1 } });
        const cursor: unknown = first.body?.next_cursor;
        requireThat(
          'PAGE-01',
          `${op}: the first page of 1 of 3 items (${first.status}) has a next_cursor`,
          first.status === 200 && typeof cursor === 'string',
        );
        const reads = [];
        for (let i = 0; i < 3; i++)
          reads.push(await meshi.call(op, { params: p, query: { limit: 1, cursor }, label: `${op}: read ${i + 1} of one cursor` }));
        observeSubject('PAGE-04', 'a cursor read again');
        for (const [i, r] of reads.entries()) {
          expectStatus('PAGE-04', `${op}: read ${i + 1} of the same cursor`, r, 200);
          expectEqual('PAGE-04', `${op}: read ${i + 1} of the same cursor gives the page of read 1`, r.body.items, reads[0]!.body.items);
        }
      }),
    );
    requireObserved('PAGE-04', 'a cursor read again');
  });
});

test.describe('org-wide lists', () => {
  test(...proves('PAGE-01', 'PAGE-02'), async ({ meshi, ns }) => {
    // Events: three new events are the newest: prefix walks until all three are seen.
    const events = test.step('events', async () => {
      const mine: string[] = [];
      for (let i = 0; i < 3; i++) {
        if (i) await sleep(20);
        mine.push((await createEvent(meshi, ns)).event_id as string);
      }
      await Promise.all(
        LIMITS.map(async (limit) => {
          const walk = await walkPages(lister(meshi, 'listEvents'), {
            guarantee: 'PAGE-01',
            limit,
            until: (items) => mine.every((id) => items.some((e) => e.event_id === id)),
          });
          const ids = walk.items.map((e) => e.event_id as string);
          expectEqual('PAGE-01', `events ${label(limit)}: no event twice`, new Set(ids).size, ids.length);
          expectEqual(
            'PAGE-01',
            `events ${label(limit)}: each new event exactly once`,
            mine.map((id) => ids.filter((x) => x === id).length),
            [1, 1, 1],
          );
        }),
      );
    });

    // Org review queue: three identities shared by two new events.
    const queue = test.step('org review queue', async () => {
      const [e1, e2] = await Promise.all([createEvent(meshi, ns), createEvent(meshi, ns)]);
      const emails = [emailOf(ns, 'org1'), emailOf(ns, 'org2'), emailOf(ns, 'org3')];
      const rows1 = emails.map((email) => attendeeRow(ns, 'o1', { email, company: 'Acme' }));
      const rows2 = emails.map((email) => attendeeRow(ns, 'o2', { email, company: 'Acme' }));
      await Promise.all([importAndWait(meshi, ns, e1.event_id, rows1), importAndWait(meshi, ns, e2.event_id, rows2)]);
      await enrichAndWait(meshi, ns, e1.event_id);
      const myAttendees = new Set([...rows1, ...rows2].map((r) => r.attendee_id as string));
      const isMine = (r: Json) => myAttendees.has(r.attendee_id);

      const reference = await walkPages(lister(meshi, 'listOrgReviewQueue'), { guarantee: 'PAGE-01', limit: MAX });
      const myRefs = reference.items.filter(isMine);
      requireThat('REV-01', `this test's identities filed ${myRefs.length} org reviews, expected 3`, myRefs.length === 3);
      // Start the small-limit walks at the reference page holding the first of them.
      let before = 0;
      let startCursor: string | null = null;
      for (let i = 0; i < reference.pages.length; i++) {
        const n = (reference.pages[i]!.body.items as Json[]).length;
        if (reference.items.slice(before, before + n).some(isMine)) break;
        before += n;
        startCursor = reference.cursors[i]!;
      }
      const tail = reference.items.slice(before).map((r) => r.review_id as string);
      const walks = await Promise.all(
        [2, 7, undefined].map(async (limit) => ({
          limit,
          walk: await walkPages(lister(meshi, 'listOrgReviewQueue'), { guarantee: 'PAGE-01', limit, startCursor }),
        })),
      );
      // Other tests may replace their own reviews meanwhile: a review counts as skipped only if it
      // is in the queue both before and after the walks.
      const after = new Set(
        (await walkPages(lister(meshi, 'listOrgReviewQueue'), { guarantee: 'PAGE-01', limit: MAX, startCursor })).items.map(
          (r) => r.review_id as string,
        ),
      );
      const stable = tail.filter((id) => after.has(id));
      await Promise.all(
        walks.map(async ({ limit, walk }) => {
          const ids = walk.items.map((r) => r.review_id as string);
          expectEqual('PAGE-01', `org queue ${label(limit)}: no review twice`, new Set(ids).size, ids.length);
          expectEqual(
            'PAGE-01',
            `org queue ${label(limit)}: no review skipped`,
            stable.filter((id) => !ids.includes(id)),
            [],
          );
          expectEqual(
            'PAGE-02',
            `org queue ${label(limit)}: this test's reviews once each, in order`,
            walk.items.filter(isMine).map((r) => r.review_id),
            [...myRefs].sort(reviewOrder).map((r) => r.review_id),
          );
          const sorted = [...walk.items].sort(reviewOrder).map((r) => r.review_id);
          expectEqual('PAGE-02', `org queue ${label(limit)}: oldest created_at first, then review_id, across pages`, ids, sorted);
        }),
      );
    });
    await Promise.all([events, queue]);
  });
});

test.describe('limits', () => {
  test(...proves('PAGE-03'), async ({ meshi, ns, target }) => {
    const ops = listOperations();
    requireContract('the contract has six list operations', ops.length === 6);
    const eventId = target.readOnly ? ns.id('never') : ((await createEvent(meshi, ns)).event_id as string);
    for (const op of ops) {
      const params: Record<string, string> = contract.operations[op]!.path.includes('{event_id}') ? { event_id: eventId } : {};
      const code = paramErrorCode(op, 'limit');
      await forEachConcurrent([MIN - 1, MAX + 1, -1, 'abc', 1.5, '', '10abc'], async (bad) => {
        expectError(
          'PAGE-03',
          `${op} with limit=${JSON.stringify(bad)}`,
          await meshi.call(op, { params, query: `limit=${encodeURIComponent(String(bad))}` }),
          code,
        );
      });
      if (target.readOnly && params.event_id) continue;
      for (const ok of [MIN, MAX]) {
        const res = await meshi.call(op, { params, query: { limit: ok } });
        expectStatus('PAGE-03', `${op} accepts limit=${ok}`, res, 200);
        expectThat(
          'PAGE-03',
          `${op} with limit=${ok} holds at most ${ok} items`,
          (res.body.items as Json[]).length <= ok,
          (res.body.items as Json[]).length,
          `<= ${ok}`,
        );
      }
    }
  });
});

test.describe('cursors', () => {
  test(...proves('PAGE-03'), async ({ meshi, ns }, testInfo) => {
    requireProfiles(testInfo, 'writes'); // the cursors come from lists this test fills
    const [e1, e2] = await Promise.all([createEvent(meshi, ns), createEvent(meshi, ns)]);
    const p1 = { event_id: e1.event_id as string };
    const p2 = { event_id: e2.event_id as string };
    const [z, w] = [emailOf(ns, 'cz'), emailOf(ns, 'cw')];
    const [x, y] = [emailOf(ns, 'cx'), emailOf(ns, 'cy')];
    const rows1 = [
      attendeeRow(ns, 'c', { email: x }),
      attendeeRow(ns, 'c', { email: x }),
      attendeeRow(ns, 'c', { email: y }),
      attendeeRow(ns, 'c', { email: y }),
      attendeeRow(ns, 'c', { email: z }),
      attendeeRow(ns, 'c', { email: w }),
    ];
    const rows2 = [attendeeRow(ns, 'd', { email: z }), attendeeRow(ns, 'd', { email: w }), attendeeRow(ns, 'd')];
    await Promise.all([
      importAndWait(meshi, ns, p1.event_id, rows1),
      importAndWait(meshi, ns, p2.event_id, rows2),
      createSession(meshi, ns, p1.event_id).then(() => createSession(meshi, ns, p1.event_id)),
      createSession(meshi, ns, p2.event_id).then(() => createSession(meshi, ns, p2.event_id)),
    ]);
    await enrichAndWait(meshi, ns, p1.event_id);
    await matchAndWait(meshi, ns, p1.event_id);

    /** next_cursor of the first page of limit 1 (the list must have two items or more). */
    const cursorOf = async (op: string, params: Record<string, string>, query: Record<string, string | number> = {}): Promise<string> => {
      const res = await meshi.setup.call(op, { params, query: { ...query, limit: 1 }, label: `a cursor of ${op}` });
      const c = res.body?.next_cursor as string | null | undefined;
      // Two items or more at limit 1 and no next_cursor: the walk would miss items (PAGE-01's sentence).
      requireThat(
        'PAGE-01',
        `${op} ${JSON.stringify(query)} with two items or more gave no next_cursor at limit 1 (answered ${res.status})`,
        typeof c === 'string' && c.length > 0,
      );
      return c;
    };
    const a1 = rows1[0]!.attendee_id as string;
    const a2 = rows1[2]!.attendee_id as string;
    const cursors = {
      events: await cursorOf('listEvents', {}),
      sessions: await cursorOf('listSessions', p1),
      attendees: await cursorOf('listAttendees', p1),
      matches: await cursorOf('listMatches', p1),
      matchesOfA1: await cursorOf('listMatches', p1, { attendee_id: a1 }),
      matchesAbove: await cursorOf('listMatches', p1, { min_score: 0 }),
      eventQueue: await cursorOf('listEventReviewQueue', p1),
      orgQueue: await cursorOf('listOrgReviewQueue', {}),
    };
    // Controls: each cursor works where it was issued.
    const controls: [string, Record<string, string>, string, Record<string, string | number>][] = [
      ['listEvents', {}, cursors.events, {}],
      ['listSessions', p1, cursors.sessions, {}],
      ['listAttendees', p1, cursors.attendees, {}],
      ['listMatches', p1, cursors.matches, {}],
      ['listMatches', p1, cursors.matchesOfA1, { attendee_id: a1 }],
      ['listEventReviewQueue', p1, cursors.eventQueue, {}],
      ['listOrgReviewQueue', {}, cursors.orgQueue, {}],
    ];
    for (const [op, params, cursor, query] of controls) {
      const res = await meshi.call(op, { params, query: { ...query, cursor, limit: 1 } });
      expectStatus('PAGE-03', `control: a ${op} cursor works on the list that issued it`, res, 200);
    }

    const code = paramErrorCode('listEvents', 'cursor');
    const truncated = cursors.attendees.slice(0, Math.max(1, cursors.attendees.length - 3));
    const flipped = cursors.attendees.slice(0, -1) + (cursors.attendees.endsWith('A') ? 'B' : 'A');
    const garbage = ['garbage', '!!!', 'eyJ4IjoxfQ', '0', 'null', `${cursors.attendees}${cursors.attendees}`, ''];
    const bad: [string, Record<string, string>, string, string, Record<string, string | number>][] = [
      ...listOperations().flatMap((op) =>
        garbage.map((g): [string, Record<string, string>, string, string, Record<string, string | number>] => [
          op,
          contract.operations[op]!.path.includes('{event_id}') ? p1 : {},
          g,
          `garbage ${JSON.stringify(g.length > 20 ? g.slice(0, 20) + '…' : g)}`,
          {},
        ]),
      ),
      ['listAttendees', p1, truncated, 'a truncated cursor', {}],
      ['listAttendees', p1, flipped, 'a cursor with its last character changed', {}],
      ['listAttendees', p1, cursors.sessions, 'a sessions cursor', {}],
      ['listSessions', p1, cursors.attendees, 'an attendees cursor', {}],
      ['listEvents', {}, cursors.orgQueue, 'an org review queue cursor', {}],
      ['listOrgReviewQueue', {}, cursors.events, 'an events cursor', {}],
      ['listOrgReviewQueue', {}, cursors.eventQueue, 'an event review queue cursor', {}],
      ['listEventReviewQueue', p1, cursors.orgQueue, 'an org review queue cursor', {}],
      ['listMatches', p1, cursors.attendees, 'an attendees cursor', {}],
      ['listAttendees', p2, cursors.attendees, "another event's attendees cursor", {}],
      ['listSessions', p2, cursors.sessions, "another event's sessions cursor", {}],
      ['listMatches', p1, cursors.matchesOfA1, 'a cursor issued with attendee_id, used without it', {}],
      ['listMatches', p1, cursors.matchesOfA1, 'a cursor issued for another attendee_id', { attendee_id: a2 }],
      ['listMatches', p1, cursors.matches, 'a cursor issued without filters, used with attendee_id', { attendee_id: a1 }],
      ['listMatches', p1, cursors.matchesAbove, 'a cursor issued with min_score=0, used with min_score=0.5', { min_score: 0.5 }],
    ];
    await forEachConcurrent(bad, async ([op, params, cursor, what, query]) => {
      const res = await meshi.call(op, {
        params,
        query: `${new URLSearchParams({ ...Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])), cursor }).toString()}`,
      });
      expectError('PAGE-03', `${op} with ${what}`, res, code);
    });
  });
});
