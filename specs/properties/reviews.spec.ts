// Properties of identity review queues: for any attendees spread over two events with emails from
// a small pool, once both events are enriched every ambiguous identity has one open review — in
// its event's queue when all its attendees are in one event, in the org-wide queue when they span
// both — and no review sits in two queues.

import fc from 'fast-check';
import { test, proves, FAST_POLL, pollNew } from '../../harness/property';
import type { PropertyClient } from '../../harness/property';
import { cursorPages, lister } from '../../harness/world/pages';
import { contract } from '../../contract';
import { expectEqual, expectStatus, requireAccepted } from '../../harness/verdicts';

interface Review {
  review_id: string;
  scope: string;
  event_id: string | null;
  status: string;
  candidates: { event_id: string; attendee_id: string }[];
}

async function queue(c: PropertyClient, op: string, params: Record<string, string>): Promise<Review[]> {
  const out: Review[] = [];
  for await (const { res, n } of cursorPages(lister(c, op, params), { limit: contract.limits.pageLimitMax!, maxPages: 50 })) {
    expectStatus('REV-02', `${op} page ${n}`, res, 200);
    out.push(...(res.body.items as Review[]));
  }
  return out;
}

test(...proves('REV-02', 'REV-01', 'REV-03'), async ({ props }) => {
  const { client, reader, ns } = props;
  // Per event: each attendee's email, as an index into a pool of 3 (3 = no email).
  const mails = fc.array(fc.nat(3), { minLength: 1, maxLength: 4 });
  await props.run(
    'every ambiguous identity has one review, in exactly one queue, of the right scope',
    fc.asyncProperty(fc.tuple(mails, mails), async (perEvent) => {
      const tag = ns.id('rev').toLowerCase();
      const events = [ns.id('reva'), ns.id('revb')];
      const runs: Record<string, unknown>[] = [];
      for (const [k, eventId] of events.entries()) {
        await client.setup.call('createEvent', { body: { event_id: eventId, title: 'property: reviews' } });
        const rows = perEvent[k]!.map((m, i) => {
          const email = m === 3 ? null : `${tag}-m${m}@example.test`;
          return { attendee_id: `${ns.prefix}a${i}`, name: `Person ${k}.${i}`, email, company: 'Example Ltd' };
        });
        const imp = await client.setup.call('importAttendees', {
          params: { event_id: eventId },
          body: { attendees: rows, idempotency_key: ns.idempotencyKey('rev') },
        });
        runs.push(imp.body);
      }
      await Promise.all(runs.splice(0).map((run) => pollNew(reader, run, FAST_POLL)));
      for (const eventId of events) {
        const enr = await client.call('enrichAttendees', {
          params: { event_id: eventId },
          body: { idempotency_key: ns.idempotencyKey('rev') },
        });
        requireAccepted('RUN-01', `enrichment of ${eventId} starts (got ${enr.body?.code ?? enr.status})`, enr);
        runs.push(enr.body);
      }
      await Promise.all(runs.map((run) => pollNew(reader, run, FAST_POLL)));

      // The model: an email held by two or more attendees is one ambiguous identity.
      const expected = { org: 0, [events[0]!]: 0, [events[1]!]: 0 } as Record<string, number>;
      for (let m = 0; m < 3; m++) {
        const holders = perEvent.flatMap((list, k) => list.filter((x) => x === m).map(() => events[k]!));
        if (holders.length < 2) continue;
        const spread = new Set(holders);
        if (spread.size > 1) expected.org! += 1;
        else expected[holders[0]!]! += 1;
      }
      const mine = new Set(events);
      const orgQueue = (await queue(reader, 'listOrgReviewQueue', {})).filter(
        (r) => (r.event_id !== null && mine.has(r.event_id)) || r.candidates.some((c) => mine.has(c.event_id)),
      );
      const eventQueues = await Promise.all(
        events.map(async (e) => [e, await queue(reader, 'listEventReviewQueue', { event_id: e })] as const),
      );
      const where = new Map<string, string[]>();
      for (const r of orgQueue) where.set(r.review_id, ['org']);
      for (const [e, items] of eventQueues)
        for (const r of items) where.set(r.review_id, [...(where.get(r.review_id) ?? []), `event ${e}`]);
      const what = `emails ${JSON.stringify(perEvent)} over ${events.join(' and ')}`;
      for (const [id, queues] of where) expectEqual('REV-02', `${what}: review ${id} must sit in exactly one queue`, queues?.length, 1);
      for (const r of [...orgQueue, ...eventQueues.flatMap(([, items]) => items)])
        expectEqual('REV-03', `${what}: review ${r.review_id} in a queue is open`, r.status, 'open');
      for (const r of orgQueue)
        expectEqual('REV-01', `${what}: review ${r.review_id} in the org-wide queue`, [r.scope, r.event_id], ['org', null]);
      for (const [e, items] of eventQueues)
        for (const r of items)
          expectEqual('REV-01', `${what}: review ${r.review_id} in the queue of ${e}`, [r.scope, r.event_id], ['event', e]);
      expectEqual('REV-01', `${what}: one org-wide review per identity spanning both events`, orgQueue.length, expected.org);
      for (const [e, items] of eventQueues)
        expectEqual('REV-01', `${what}: one review in ${e}'s queue per identity inside it`, items.length, expected[e]);
    }),
    // Tried first: email 0 spans both events (one org-wide review), email 1 twice in the first (one event review).
    {
      numRuns: 3,
      examples: [
        [
          [
            [0, 1, 1],
            [0, 2],
          ],
        ],
      ],
    },
  );
});
