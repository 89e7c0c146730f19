// REV and ENR: enrichment files identity reviews in exactly one queue (event ambiguity → that
// event's queue; one identity across two events → the org-wide queue); queues list open reviews
// only; enrichment is deterministic; attendees with nothing to enrich from fail alone.
//
// The org-wide queue is shared by every test of the org: assertions are about this test's own
// (namespaced) attendees, never about totals.

import { test, proves } from '../harness/run/fixtures';
import { contract, runErrorCode } from '../contract';
import type { MeshiClient } from '../harness/http/client';
import { attendeeRow, createEvent, enrichAndWait, importAndWait, requireRunDone } from '../harness/world/builders';
import { emailOf, linkedinOf } from '../harness/world/idCharacters';
import { type Json } from '../harness/http/json';
import { compareText, cursorPages, lister, readAll } from '../harness/world/pages';
import { expectEqual, expectStatus, expectThat, requireThat } from '../harness/verdicts';

test.describe.configure({ mode: 'parallel' });

const MAX = contract.limits.pageLimitMax!;

/** The attendee_ids a review is about (the attendee under review and its candidates), sorted. */
const members = (r: Json): string[] =>
  [r.attendee_id as string, ...(r.candidates as Json[]).map((c) => c.attendee_id as string)].sort(compareText);
const key = (ids: string[]) => [...ids].sort(compareText).join(' ');

/** Every review of the org queue and of the given event queues (full walks, set-up reads). */
async function queues(meshi: MeshiClient, eventIds: string[]): Promise<{ org: Json[]; byEvent: Map<string, Json[]> }> {
  const [org, ...perEvent] = await Promise.all([
    readAll(meshi, 'listOrgReviewQueue'),
    ...eventIds.map((e) => readAll(meshi, 'listEventReviewQueue', { event_id: e })),
  ]);
  return { org: org!, byEvent: new Map(eventIds.map((e, i) => [e, perEvent[i]!])) };
}

test(...proves('REV-01', 'REV-02'), async ({ meshi, ns }) => {
  const [e1, e2] = await Promise.all([createEvent(meshi, ns), createEvent(meshi, ns)]);
  const sharedEmail = emailOf(ns, 'same-email');
  const sharedLinkedIn = linkedinOf(ns, 'same-li');
  const crossEmail = emailOf(ns, 'cross');
  // Event 1: two attendees sharing an email, two sharing a LinkedIn URL (with different emails),
  // one sharing an email with an attendee of event 2, one unambiguous.
  const p1 = attendeeRow(ns, 'p1', { email: sharedEmail });
  const p2 = attendeeRow(ns, 'p2', { email: sharedEmail });
  const l1 = attendeeRow(ns, 'l1', { linkedin_url: sharedLinkedIn });
  const l2 = attendeeRow(ns, 'l2', { linkedin_url: sharedLinkedIn });
  const x1 = attendeeRow(ns, 'x1', { email: crossEmail });
  const solo = attendeeRow(ns, 'solo');
  const x2 = attendeeRow(ns, 'x2', { email: crossEmail });
  const solo2 = attendeeRow(ns, 'solo2');
  await Promise.all([
    importAndWait(meshi, ns, e1.event_id, [p1, p2, l1, l2, x1, solo]),
    importAndWait(meshi, ns, e2.event_id, [x2, solo2]),
  ]);
  const [r1, r2] = await Promise.all([enrichAndWait(meshi, ns, e1.event_id), enrichAndWait(meshi, ns, e2.event_id)]);
  for (const r of [r1, r2]) requireRunDone('an enrichment', r);

  const { org, byEvent } = await queues(meshi, [e1.event_id, e2.event_id]);
  const q1 = byEvent.get(e1.event_id)!;
  const q2 = byEvent.get(e2.event_id)!;
  const mine = new Set([p1, p2, l1, l2, x1, solo, x2, solo2].map((r) => r.attendee_id as string));
  const orgMine = org.filter((r) => members(r).some((m) => mine.has(m)));

  const emailPair = key([p1.attendee_id, p2.attendee_id]);
  const linkedinPair = key([l1.attendee_id, l2.attendee_id]);
  const crossPair = key([x1.attendee_id, x2.attendee_id]);
  // REV-01: each ambiguity filed, as an open review of the right scope, in the queue it belongs to.
  const eventScoped = q1.filter((r) => r.scope === 'event');
  expectEqual(
    'REV-01',
    "event 1's queue: the shared-email pair and the shared-LinkedIn pair",
    eventScoped.map((r) => key(members(r))).sort(),
    [emailPair, linkedinPair].sort(),
  );
  for (const r of eventScoped) {
    expectEqual('REV-01', `event review ${r.review_id}: event_id of event 1, open`, [r.event_id, r.status], [e1.event_id, 'open']);
    for (const c of r.candidates as Json[])
      expectEqual('REV-01', `event review ${r.review_id}: candidates of event 1`, c.event_id, e1.event_id);
  }
  const crossInOrg = orgMine.filter((r) => key(members(r)) === crossPair);
  expectThat('REV-01', 'the org queue holds the identity shared across the two events', crossInOrg.length >= 1, crossInOrg.length, '>= 1');
  const cross = crossInOrg[0]!;
  expectEqual(
    'REV-01',
    'the cross-event review: scope org, event_id null, open',
    [cross.scope, cross.event_id, cross.status],
    ['org', null, 'open'],
  );
  const candidateEvents = (cross.candidates as Json[]).map((c) => c.event_id);
  expectThat(
    'REV-01',
    'the cross-event review names the two events',
    candidateEvents.every((e) => e === e1.event_id || e === e2.event_id),
  );

  // REV-02: each review in exactly one queue.
  const ids = (rs: Json[]) => new Set(rs.map((r) => r.review_id as string));
  const [inOrg, in1, in2] = [ids(org), ids(q1), ids(q2)];
  expectEqual(
    'REV-02',
    "event 1's queue holds only its two event reviews",
    q1.map((r) => key(members(r))).sort(),
    [emailPair, linkedinPair].sort(),
  );
  expectEqual(
    'REV-02',
    'the org queue holds only the cross-event review of these attendees, once',
    orgMine.map((r) => key(members(r))),
    [crossPair],
  );
  for (const r of q1)
    expectEqual(
      'REV-02',
      `event review ${r.review_id} is in no other queue (org, event 2)`,
      [inOrg.has(r.review_id), in2.has(r.review_id)],
      [false, false],
    );
  expectEqual('REV-02', 'the org review is in neither event queue', [in1.has(cross.review_id), in2.has(cross.review_id)], [false, false]);
  expectEqual(
    'REV-02',
    "event 2's queue holds none of these reviews",
    q2.filter((r) => members(r).some((m) => mine.has(m))),
    [],
  );
  expectEqual('REV-02', 'no review listed twice', new Set(orgMine.map((r) => r.review_id)).size + in1.size, orgMine.length + q1.length);
});

test(...proves('REV-03'), async ({ meshi, ns, target }) => {
  const eventIds: string[] = [];
  if (!target.readOnly) {
    // Make sure both kinds of queue hold at least one review of this test.
    const [e1, e2] = await Promise.all([createEvent(meshi, ns), createEvent(meshi, ns)]);
    const email = emailOf(ns, 'open');
    const cross = emailOf(ns, 'open-x');
    await Promise.all([
      importAndWait(meshi, ns, e1.event_id, [
        attendeeRow(ns, 'o', { email }),
        attendeeRow(ns, 'o', { email }),
        attendeeRow(ns, 'o', { email: cross }),
      ]),
      importAndWait(meshi, ns, e2.event_id, [attendeeRow(ns, 'o', { email: cross })]),
    ]);
    await enrichAndWait(meshi, ns, e1.event_id);
    eventIds.push(e1.event_id, e2.event_id);
  }
  const walkAll = async (op: string, params: Record<string, string> = {}) => {
    const items: Json[] = [];
    for await (const { res } of cursorPages(lister(meshi, op, params), { limit: MAX })) {
      expectStatus('REV-03', `${op} answers 200`, res, 200);
      items.push(...(res.body.items as Json[]));
    }
    return items;
  };
  const org = await walkAll('listOrgReviewQueue');
  const perEvent = await Promise.all(eventIds.map((e) => walkAll('listEventReviewQueue', { event_id: e })));
  if (!target.readOnly) {
    requireThat('REV-01', 'the event queue holds no review after an ambiguous enrichment', perEvent[0]!.length > 0);
    expectThat('REV-03', 'set-up: the org queue holds a review', org.length > 0, org.length, '> 0');
  }
  for (const r of [...org, ...perEvent.flat()]) expectEqual('REV-03', `review ${r.review_id} in a queue is open`, r.status, 'open');
});

test(...proves('ENR-01'), async ({ meshi, ns }) => {
  const event = await createEvent(meshi, ns);
  const rows = [
    attendeeRow(ns, 'e', { title: 'Chief Technology Officer', company: 'Acme Cloud Software', raw: { interests: ['ai', 'security'] } }),
    attendeeRow(ns, 'e', { title: 'Senior Product Designer', company: 'Globex Health', linkedin_url: linkedinOf(ns, 'e') }),
    attendeeRow(ns, 'e', { title: 'Intern', company: null, email: emailOf(ns, 'e') }),
    attendeeRow(ns, 'e', { title: 'VP Sales', company: 'Northwind Bank', raw: { tags: ['fintech', 'payments'] } }),
  ];
  await importAndWait(meshi, ns, event.event_id, rows);
  const values = (list: Json[]): Record<string, Json> =>
    Object.fromEntries(
      list.map((a) => [
        a.attendee_id,
        {
          status: a.enrichment.status,
          seniority: a.enrichment.seniority,
          industry: a.enrichment.industry,
          interests: a.enrichment.interests,
          headline: a.enrichment.headline,
        },
      ]),
    );
  const run1 = await enrichAndWait(meshi, ns, event.event_id);
  const first = values(await readAll(meshi, 'listAttendees', { event_id: event.event_id }));
  const run2 = await enrichAndWait(meshi, ns, event.event_id);
  expectThat('ENR-01', 'two distinct enrichment runs', run2.run_id !== run1.run_id, run2.run_id, `not ${run1.run_id}`);
  const second = values(await readAll(meshi, 'listAttendees', { event_id: event.event_id }));
  expectThat(
    'ENR-01',
    'the first run enriched every attendee (none pending)',
    Object.values(first).every((v) => v.status !== 'pending'),
  );
  expectEqual('ENR-01', 'the second run produced the same enrichment values for every attendee', second, first);
  // The single-attendee view agrees with the list.
  for (const r of rows) {
    const one = await meshi.call('getAttendee', { params: { event_id: event.event_id, attendee_id: r.attendee_id } });
    expectEqual('ENR-01', `GET of ${r.attendee_id} shows the same enrichment`, values([one.body])[r.attendee_id], second[r.attendee_id]);
  }
});

test(...proves('ENR-02'), async ({ meshi, ns }) => {
  const event = await createEvent(meshi, ns);
  const withInput = [
    attendeeRow(ns, 'in'),
    attendeeRow(ns, 'in', { email: null, company: 'Acme' }),
    attendeeRow(ns, 'in', { email: null, linkedin_url: linkedinOf(ns, 'in') }),
  ];
  const without = [attendeeRow(ns, 'none', { email: null, title: 'Engineer' }), attendeeRow(ns, 'none', { email: null })];
  await importAndWait(meshi, ns, event.event_id, [...withInput, ...without]);
  const run = await enrichAndWait(meshi, ns, event.event_id);
  expectEqual('ENR-02', 'attendees without email, LinkedIn URL or company: the run ends partial', run.status, 'partial');
  const code = runErrorCode('INSUFFICIENT_ENRICHMENT_INPUT');
  expectEqual(
    'ENR-02',
    'each of them listed in errors with INSUFFICIENT_ENRICHMENT_INPUT',
    (run.errors as Json[]).map((e) => [e.attendee_id, e.code]).sort(),
    without.map((r) => [r.attendee_id, code]).sort(),
  );
  expectEqual('ENR-02', 'counts', run.counts, { total: 5, succeeded: 3, failed: 2 });
  // The others were enriched.
  const list = await readAll(meshi, 'listAttendees', { event_id: event.event_id });
  for (const r of withInput)
    expectThat(
      'ENR-02',
      `${r.attendee_id} (with input) was enriched`,
      list.find((a) => a.attendee_id === r.attendee_id)?.enrichment.status !== 'pending',
    );
});
