// Properties of cursor pagination: for any set of objects and any limit, walking next_cursor from
// the first page to null yields every object exactly once, pages hold at most `limit` items, and
// the documented order holds across pages; invalid limits and cursors are rejected.

import fc from 'fast-check';
import { test, proves, FAST_POLL, pollNew } from '../../harness/property';
import type { PropertyClient } from '../../harness/property';
import { attendeeTails, rowsOf } from '../../harness/arbitraries/attendees';
import { cursorTamper, invalidLimit, junkCursor, limitBounds, tamper, validLimit } from '../../harness/arbitraries/paging';
import { isoDate } from '../../harness/arbitraries/fields';
import { paramErrorCode, type GuaranteeId } from '../../contract';
import { cursorPages, lister } from '../../harness/world/pages';
import { compareInstants } from '../../harness/world/timestamps';
import { expectEqual, expectOrder, expectStatus, expectThat, requireAccepted, requireThat } from '../../harness/verdicts';

interface Walk<T> {
  readonly items: T[];
  readonly pages: number;
  /** False when a walk with a stop condition reached its page cap before the condition held. */
  readonly stopped: boolean;
}

/**
 * Walks a list from the first page until next_cursor is null (bounded), checking each page's size.
 * A list of known size that outlives the cap is a walk that does not end; a shared list walked
 * until `stop` may simply be longer than the cap, so that walk returns unstopped instead.
 */
async function walk<T>(
  client: PropertyClient,
  operationId: string,
  params: Record<string, string>,
  limit: number,
  maxPages: number,
  gid: GuaranteeId = 'PAGE-01',
  stop?: (items: T[]) => boolean,
): Promise<Walk<T>> {
  const items: T[] = [];
  for await (const { res, n: pages } of cursorPages(lister(client, operationId, params), { limit })) {
    expectStatus(gid, `${operationId} page ${pages} (limit ${limit})`, res, 200);
    const page = res.body.items as T[];
    expectThat(gid, `${operationId} page ${pages} holds ${page.length} items, more than limit ${limit}`, page.length <= limit);
    items.push(...page);
    if (res.body.next_cursor === null || (stop && stop(items))) return { items, pages, stopped: true };
    if (stop && pages >= maxPages) return { items, pages, stopped: false };
    expectThat(
      gid,
      `${operationId} still has a next_cursor after ${pages} pages of ${limit} (${items.length} items): the walk does not end`,
      pages < maxPages,
    );
  }
  throw new Error(`[HARNESS] ${operationId}: next_cursor is neither a string nor null`);
}

function duplicates(ids: readonly string[]): string[] {
  return [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
}

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

test(...proves('PAGE-01', 'PAGE-02', 'ATT-01'), async ({ props }) => {
  const { client, reader, ns } = props;
  // Sets up to 20 attendees (size one step above the budget's, so multi-page sets are common) and
  // limits biased to 2–4: the walk crosses several page boundaries with more than one item per page.
  const plan = fc.record({
    tails: attendeeTails({ minLength: 0, maxLength: 20, size: '+1' }),
    limit: fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 2, max: 4 }) }, { weight: 2, arbitrary: validLimit(12) }),
  });
  await props.run(
    'attendee pages: every attendee exactly once, by attendee_id, at most limit per page',
    fc.asyncProperty(plan, async ({ tails, limit }) => {
      const eventId = ns.id('page');
      await client.setup.call('createEvent', { body: { event_id: eventId, title: 'property: attendee pages' } });
      const rows = rowsOf(ns.prefix, tails);
      if (rows.length > 0) {
        const imp = await client.call('importAttendees', {
          params: { event_id: eventId },
          body: { attendees: rows, idempotency_key: ns.idempotencyKey('page') },
        });
        expectStatus('IMP-01', 'import accepted', imp, 202);
        await pollNew(reader, imp.body, FAST_POLL);
      }
      const expected = rows.map((r) => r.attendee_id).sort(byCodeUnits);
      const { items, pages } = await walk<{ attendee_id: string }>(
        reader,
        'listAttendees',
        { event_id: eventId },
        limit,
        expected.length + 3,
      );
      const got = items.map((a) => a.attendee_id);
      const what = `${expected.length} attendees walked with limit ${limit} in ${pages} pages`;
      expectEqual('PAGE-01', `${what}: served more than once`, duplicates(got), []);
      expectEqual(
        'PAGE-01',
        `${what}: never served`,
        expected.filter((id) => !got.includes(id)),
        [],
      );
      expectEqual(
        'ATT-01',
        `${what}: served but never imported`,
        got.filter((id) => !expected.includes(id)),
        [],
      );
      expectOrder('PAGE-02', `${what}: attendees by attendee_id across pages`, got, expected);
    }),
    // Tried first: several full pages of two, and pages of one (the smallest multi-page walks).
    { numRuns: 5, examples: [[{ tails: ['a', 'B', 'c.1', 'D', 'e:2'], limit: 2 }], [{ tails: ['x', 'y', 'z'], limit: 1 }]] },
  );
});

test(...proves('PAGE-02', 'PAGE-01', 'SES-01'), async ({ props }) => {
  const { client, reader, ns } = props;
  const day = fc.option(fc.integer({ min: 0, max: 3 }), { nil: null });
  const plan = fc.record({ starts: fc.array(day, { minLength: 0, maxLength: 5 }), limit: validLimit(4) });
  await props.run(
    'session pages: every session exactly once, by starts_at (nulls last) then session_id',
    fc.asyncProperty(plan, async ({ starts, limit }) => {
      const eventId = ns.id('spage');
      await client.setup.call('createEvent', { body: { event_id: eventId, title: 'property: session pages' } });
      const sessions: { id: string; at: string | null }[] = [];
      // Session IDs are mapped org-wide: unique per execution, in reverse creation order so the
      // tie-break on session_id is visible.
      const uniq = ns.id('sp').slice(ns.prefix.length);
      for (const [i, d] of starts.entries()) {
        const id = `${ns.prefix}s${String.fromCharCode(0x7a - i)}-${uniq}`;
        const at = d === null ? null : `${isoDate(new Date(Date.UTC(2030, 0, 1 + d)))}T09:00:00Z`;
        const res = await client.call('createSession', {
          params: { event_id: eventId },
          body: { session_id: id, title: `Session ${i}`, starts_at: at },
        });
        expectStatus('SES-01', 'session created', res, 201);
        sessions.push({ id, at });
      }
      const expected = [...sessions]
        .sort((a, b) =>
          (a.at === null) !== (b.at === null)
            ? a.at === null
              ? 1
              : -1
            : a.at !== b.at
              ? compareInstants(a.at!, b.at!)
              : byCodeUnits(a.id, b.id),
        )
        .map((s) => s.id);
      const { items, pages } = await walk<{ session_id: string }>(
        reader,
        'listSessions',
        { event_id: eventId },
        limit,
        expected.length + 3,
      );
      const got = items.map((s) => s.session_id);
      const what = `${expected.length} sessions walked with limit ${limit} in ${pages} pages`;
      expectEqual('PAGE-01', `${what}: served more than once`, duplicates(got), []);
      expectEqual(
        'PAGE-01',
        `${what}: never served`,
        expected.filter((id) => !got.includes(id)),
        [],
      );
      expectOrder('PAGE-02', `${what}: by starts_at (nulls last) then session_id`, got, expected);
    }),
    { numRuns: 4 },
  );
});

test(...proves('EVT-03', 'PAGE-01'), async ({ props }) => {
  const { client, reader, ns } = props;
  const plan = fc.record({ count: fc.integer({ min: 1, max: 4 }), limit: validLimit() });
  await props.run(
    'event pages: newest created_at first across pages, no event twice, every new event served',
    fc.asyncProperty(plan, async ({ count, limit }) => {
      const mine: string[] = [];
      for (let i = 0; i < count; i++) {
        const id = ns.id('epage');
        const res = await client.call('createEvent', { body: { event_id: id, title: 'property: event pages' } });
        requireAccepted('EVT-01', 'an event of the walk is created', res);
        mine.push(id);
      }
      // GET /events is shared by every test of the org: walk until all of ours are seen.
      const { items, pages, stopped } = await walk<{ event_id: string; created_at: string }>(
        reader,
        'listEvents',
        {},
        limit,
        60,
        'PAGE-01',
        (seen) => mine.every((id) => seen.some((e) => e.event_id === id)),
      );
      const got = items.map((e) => e.event_id);
      const what = `GET /events walked with limit ${limit} (${pages} pages, ${items.length} events)`;
      expectEqual('PAGE-01', `${what}: served more than once`, duplicates(got), []);
      for (let i = 1; i < items.length; i++) {
        const a = items[i - 1]!;
        const b = items[i]!;
        expectThat(
          'EVT-03',
          `${what}: ${a.event_id} (${a.created_at}) is served before the newer ${b.event_id} (${b.created_at})`,
          compareInstants(a.created_at, b.created_at) >= 0,
        );
      }
      // Newest first, this run's events are on the first pages; past the cap the org is just large.
      requireThat(null, `${what}: the page cap was reached before this run's new events were served`, stopped);
      expectEqual(
        'PAGE-01',
        `${what}: events just created never served`,
        mine.filter((id) => !got.includes(id)),
        [],
      );
    }),
    { numRuns: 4 },
  );
});

test(...proves('PAGE-03'), async ({ props }) => {
  const { client, reader, ns } = props;
  // Real cursors to tamper with and to use on the wrong list.
  const host = ns.id('pghost');
  const other = ns.id('pgother');
  for (const id of [host, other]) {
    await client.setup.call('createEvent', { body: { event_id: id, title: 'property: page parameters' } });
    const imp = await client.setup.call('importAttendees', {
      params: { event_id: id },
      body: { attendees: rowsOf(ns.prefix, ['a', 'b', 'c']), idempotency_key: ns.idempotencyKey('pg') },
    });
    await pollNew(reader, imp.body, FAST_POLL);
  }
  for (const s of ['s1', 's2'])
    await client.setup.call('createSession', { params: { event_id: host }, body: { session_id: ns.id(s), title: s } });
  const cursorOf = async (op: string, event: string | null) => {
    const r = await reader.setup.call(op, { params: event ? { event_id: event } : {}, query: { limit: 1 } });
    return r.body.next_cursor as string | null;
  };
  const real = {
    attendeesHost: await cursorOf('listAttendees', host),
    attendeesOther: await cursorOf('listAttendees', other),
    sessionsHost: await cursorOf('listSessions', host),
  };
  // Lists of two or three items at limit 1 without a next_cursor would miss items: PAGE-01's sentence.
  for (const [list, c] of Object.entries(real))
    requireThat('PAGE-01', `${list}: a list of two or more items gave no next_cursor at limit 1`, typeof c === 'string' && c.length > 0);
  const ops = ['listEvents', 'listSessions', 'listAttendees', 'listMatches', 'listOrgReviewQueue', 'listEventReviewQueue'] as const;
  const { max } = limitBounds();
  const param = fc.oneof(
    invalidLimit().map((limit) => ({ kind: 'invalid-limit' as const, limit })),
    junkCursor().map((cursor) => ({ kind: 'junk-cursor' as const, cursor })),
    cursorTamper().map((t) => ({ kind: 'tampered-cursor' as const, t })),
    fc.constant({ kind: 'foreign-cursor' as const }),
    validLimit().map((limit) => ({ kind: 'valid-limit' as const, limit })),
  );
  await props.run(
    'limits outside the bounds and malformed or foreign cursors are rejected; the bounds are accepted',
    fc.asyncProperty(fc.constantFrom(...ops), param, async (op, p) => {
      const params: Record<string, string> = op === 'listEvents' || op === 'listOrgReviewQueue' ? {} : { event_id: host };
      let query: Record<string, string | number>;
      let expectCode: string | null;
      switch (p.kind) {
        case 'invalid-limit':
          query = { limit: p.limit };
          expectCode = paramErrorCode(op, 'limit');
          break;
        case 'valid-limit':
          query = { limit: p.limit };
          expectCode = null;
          break;
        case 'junk-cursor':
          query = { cursor: p.cursor };
          expectCode = paramErrorCode(op, 'cursor');
          break;
        case 'tampered-cursor':
          query = { cursor: tamper(op === 'listSessions' ? real.sessionsHost! : real.attendeesHost!, p.t) };
          expectCode = paramErrorCode(op, 'cursor');
          break;
        case 'foreign-cursor':
          // A cursor of another list: another event's attendees (for attendees), the host's attendees (for the rest).
          query = { cursor: op === 'listAttendees' ? real.attendeesOther! : real.attendeesHost! };
          expectCode = paramErrorCode(op, 'cursor');
          break;
      }
      const res = await reader.call(op, { params, query });
      const what = `${op} ?${Object.entries(query)
        .map(([k, v]) => `${k}=${JSON.stringify(String(v).slice(0, 60))}`)
        .join('&')} (${p.kind})`;
      if (expectCode === null) {
        expectStatus('PAGE-03', `${what}: a limit within 1..${max} must be accepted`, res, 200);
        expectThat('PAGE-01', `${what}: at most limit items`, res.body.items.length <= (query.limit as number));
      } else {
        expectEqual('PAGE-03', `${what} must be rejected`, [res.status, res.body?.code], [400, expectCode]);
      }
    }),
    { numRuns: 20 },
  );
});
