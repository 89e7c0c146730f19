// MATCH: match scores — range, order, top-K (K from the target's configured limits), determinism
// across two runs, too few attendees, only the latest run served, attendee_id and min_score filters.

import { test, proves } from '../harness/run/fixtures';
import { contract, fieldRule, paramErrorCode, runErrorCode, type GuaranteeId } from '../contract';
import type { MeshiClient } from '../harness/http/client';
import {
  attendeeRow,
  attendeeRows,
  createEvent,
  eventWithAttendees,
  importAndWait,
  matchAndWait,
  requireRunDone,
} from '../harness/world/builders';
import { type Json } from '../harness/http/json';
import { compareText, lister, walkPages } from '../harness/world/pages';
import { expectEqual, expectError, expectThat, requireThat } from '../harness/verdicts';

test.describe.configure({ mode: 'parallel' });

const MAX = contract.limits.pageLimitMax!;

/** Every score of the event (conformance reads, attributed to `g`). */
async function allScores(meshi: MeshiClient, eventId: string, g: GuaranteeId, query?: Record<string, string | number>): Promise<Json[]> {
  return (await walkPages(lister(meshi, 'listMatches', { event_id: eventId }), { guarantee: g, limit: MAX, query })).items;
}

const pairOf = (m: Json) => ({ attendee_id: m.attendee_id, matched_attendee_id: m.matched_attendee_id, score: m.score, rank: m.rank });

test(...proves('MATCH-01'), async ({ meshi, ns, target }) => {
  const k = target.limits.matchTopK!;
  // More candidates than K per attendee, so the top-K cut applies.
  const rows = attendeeRows(ns, k + 2);
  const { event } = await eventWithAttendees(meshi, ns, rows);
  const run = await matchAndWait(meshi, ns, event.event_id);
  requireRunDone('matching', run);
  const scores = await allScores(meshi, event.event_id, 'MATCH-01');
  expectThat('MATCH-01', 'the run produced scores', scores.length > 0, scores.length, '> 0');
  const ids = new Set(rows.map((r) => r.attendee_id as string));

  for (const [i, m] of scores.entries()) {
    expectThat('MATCH-01', `item ${i}: score ${m.score} within [0, 1]`, typeof m.score === 'number' && m.score >= 0 && m.score <= 1);
    expectThat('MATCH-01', `item ${i}: both attendees belong to the event`, ids.has(m.attendee_id) && ids.has(m.matched_attendee_id));
    expectThat(
      'MATCH-01',
      `item ${i}: an attendee is never matched with itself`,
      m.matched_attendee_id !== m.attendee_id,
      m.matched_attendee_id,
      `not ${m.attendee_id}`,
    );
    if (i === 0) continue;
    const prev = scores[i - 1]!;
    const order =
      prev.score !== m.score
        ? prev.score > m.score
          ? -1
          : 1
        : compareText(prev.attendee_id, m.attendee_id) || compareText(prev.matched_attendee_id, m.matched_attendee_id);
    expectEqual(
      'MATCH-01',
      `item ${i} follows item ${i - 1}: score descending, then attendee_id, then matched_attendee_id (${JSON.stringify(pairOf(prev))} then ${JSON.stringify(pairOf(m))})`,
      order,
      -1,
    );
  }
  const byAttendee = new Map<string, Json[]>();
  for (const m of scores) byAttendee.set(m.attendee_id, [...(byAttendee.get(m.attendee_id) ?? []), m]);
  for (const [a, list] of byAttendee) {
    expectThat('MATCH-01', `${a}: at most match_top_k (${k}) matches`, list.length <= k, list.length, `<= ${k}`);
    expectEqual(
      'MATCH-01',
      `${a}: ranked 1..${list.length} in score order`,
      list.map((m) => m.rank),
      list.map((_, i) => i + 1),
    );
    expectEqual('MATCH-01', `${a}: each match once`, new Set(list.map((m) => m.matched_attendee_id)).size, list.length);
  }
});

test(...proves('MATCH-02', 'MATCH-04'), async ({ meshi, ns }) => {
  const event = await createEvent(meshi, ns);
  await meshi.setup.call('upsertEventContext', {
    params: { event_id: event.event_id },
    body: { objectives: 'Meet fintech and AI founders', event_details: 'Data and security summit' },
  });
  await importAndWait(meshi, ns, event.event_id, attendeeRows(ns, 6));
  const run1 = await matchAndWait(meshi, ns, event.event_id);
  const first = await allScores(meshi, event.event_id, 'MATCH-02');
  const run2 = await matchAndWait(meshi, ns, event.event_id);
  const second = await allScores(meshi, event.event_id, 'MATCH-02');
  for (const r of [run1, run2]) requireRunDone('matching', r);
  expectThat('MATCH-02', 'two distinct runs', run2.run_id !== run1.run_id, run2.run_id, `not ${run1.run_id}`);
  expectThat('MATCH-02', 'the first run produced scores', first.length > 0, first.length, '> 0');
  expectEqual('MATCH-02', 'the same pairs, scores and ranks from both runs', second.map(pairOf), first.map(pairOf));
  expectEqual('MATCH-04', 'after the first run: its scores', [...new Set(first.map((m) => m.run_id))], [run1.run_id]);
  expectEqual('MATCH-04', 'after the second run: only the latest run is served', [...new Set(second.map((m) => m.run_id))], [run2.run_id]);
});

test(...proves('MATCH-03'), async ({ meshi, ns }) => {
  const [empty, { event: single }] = await Promise.all([createEvent(meshi, ns), eventWithAttendees(meshi, ns, [attendeeRow(ns)])]);
  const code = runErrorCode('NOT_ENOUGH_ATTENDEES');
  const runs = await Promise.all([matchAndWait(meshi, ns, empty.event_id), matchAndWait(meshi, ns, single.event_id)]);
  for (const [i, run] of runs.entries()) {
    const what = i === 0 ? 'no attendee' : 'one attendee';
    expectEqual('MATCH-03', `matching an event with ${what} ends failed`, run.status, 'failed');
    expectEqual(
      'MATCH-03',
      `${what}: one run-level error ${code} (${JSON.stringify(run.errors)})`,
      (run.errors as Json[]).filter((e) => e.code === code && e.attendee_id === null).length,
      1,
    );
  }
  for (const e of [empty, single]) {
    const res = await meshi.call('listMatches', { params: { event_id: e.event_id } });
    expectEqual('MATCH-03', 'a failed run serves no scores', [res.status, res.body.items], [200, []]);
  }
});

test(...proves('MATCH-04'), async ({ meshi, ns }) => {
  const rows = attendeeRows(ns, 6);
  const { event } = await eventWithAttendees(meshi, ns, rows);
  const p = { event_id: event.event_id as string };
  const none = await meshi.call('listMatches', { params: p });
  expectEqual('MATCH-04', 'no matching run yet: an empty page', [none.status, none.body.items, none.body.next_cursor], [200, [], null]);

  const run = await matchAndWait(meshi, ns, p.event_id);
  requireRunDone('matching', run);
  const all = await allScores(meshi, p.event_id, 'MATCH-04');
  expectThat('MATCH-04', 'scores to filter', all.length > 5, all.length, '> 5');
  expectThat(
    'MATCH-04',
    "every item's run_id is the latest run",
    all.every((m) => m.run_id === run.run_id),
  );

  const one = rows[2]!.attendee_id as string;
  const ofOne = await allScores(meshi, p.event_id, 'MATCH-04', { attendee_id: one });
  expectEqual(
    'MATCH-04',
    `attendee_id=${one}: exactly that attendee's scores, in order`,
    ofOne,
    all.filter((m) => m.attendee_id === one),
  );
  expectThat('MATCH-04', 'the attendee has scores', ofOne.length > 0, ofOne.length, '> 0');
  const sorted = all.map((m) => m.score as number).sort((a, b) => a - b);
  const floor = sorted[Math.floor(sorted.length / 2)]!;
  // The filters are built from served scores: a score outside the range is MATCH-01's failure.
  const { minimum, maximum } = fieldRule('MatchScore', 'score');
  requireThat(
    'MATCH-01',
    `served scores ${sorted[0]}..${sorted[sorted.length - 1]} are outside [${minimum}, ${maximum}]: no min_score can be built from them`,
    sorted.every((x) => x >= minimum! && x <= maximum!),
  );
  const above = await allScores(meshi, p.event_id, 'MATCH-04', { min_score: floor });
  expectEqual(
    'MATCH-04',
    `min_score=${floor}: exactly the scores ≥ ${floor}, in order`,
    above,
    all.filter((m) => m.score >= floor),
  );
  const both = await allScores(meshi, p.event_id, 'MATCH-04', { attendee_id: one, min_score: floor });
  expectEqual(
    'MATCH-04',
    'both filters together',
    both,
    all.filter((m) => m.attendee_id === one && m.score >= floor),
  );
  expectEqual('MATCH-04', 'min_score=0: everything', await allScores(meshi, p.event_id, 'MATCH-04', { min_score: 0 }), all);
  expectEqual(
    'MATCH-04',
    'min_score=1: only perfect scores',
    await allScores(meshi, p.event_id, 'MATCH-04', { min_score: 1 }),
    all.filter((m) => m.score >= 1),
  );
  expectEqual(
    'MATCH-04',
    'an attendee_id that is not in the event: nothing',
    await allScores(meshi, p.event_id, 'MATCH-04', { attendee_id: ns.id('not-here') }),
    [],
  );

  const code = paramErrorCode('listMatches', 'min_score');
  for (const bad of ['-0.1', '1.1', '2', '-1', 'abc', 'NaN', '']) {
    expectError(
      'MATCH-04',
      `min_score=${JSON.stringify(bad)}`,
      await meshi.call('listMatches', { params: p, query: `min_score=${encodeURIComponent(bad)}` }),
      code,
    );
  }
});
