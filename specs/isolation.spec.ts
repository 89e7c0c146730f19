// ISO: org isolation with a second org's key. Another org's IDs read exactly like IDs that never
// existed, on every read route that takes an ID; the same event_id lives independently in both
// orgs; lists and queues never show the other org's items.

import { test, proves } from '../harness/run/fixtures';
import { contract, objectReadOperationIds } from '../contract';
import type { MeshiClient, MeshiResponse } from '../harness/http/client';
import {
  attendeeRow,
  createEvent,
  createSession,
  enrichAndWait,
  importAndWait,
  matchAndWait,
  requireRunDone,
} from '../harness/world/builders';
import { forEachConcurrent } from '../harness/world/concurrency';
import { emailOf } from '../harness/world/idCharacters';
import { type Json, withoutCorrelation } from '../harness/http/json';
import { cursorPages, lister, readAll } from '../harness/world/pages';
import { expectAccepted, expectEqual, expectStatus, expectThat, requireAccepted, requireContract, requireThat } from '../harness/verdicts';

test.describe.configure({ mode: 'parallel' });

const outcome = (res: MeshiResponse) => ({ status: res.status, code: (res.body as Json | undefined)?.code ?? null });

test(...proves('ISO-01'), async ({ meshi, meshiOrgB, ns }) => {
  // Org A: an event with context, a session, imported attendees, a finished run.
  const event = await createEvent(meshi, ns);
  const eventId = event.event_id as string;
  await meshi.setup.call('upsertEventContext', { params: { event_id: eventId }, body: { event_details: 'Org A only' } });
  const session = await createSession(meshi, ns, eventId);
  const rows = [attendeeRow(ns, 'a'), attendeeRow(ns, 'a')];
  const run = await importAndWait(meshi, ns, eventId, rows);
  requireRunDone("org A's attendee import", run);
  // Org B: an event of its own, to ask for org A's children under an event B does have.
  const own = await createEvent(meshiOrgB, ns);

  const runId = run.run_id as string;
  const neverRun = `${runId.slice(0, -4)}${runId.endsWith('ZZZZ') ? 'YYYY' : 'ZZZZ'}`;
  const a: Record<string, string> = { event_id: eventId, session_id: session.session_id, attendee_id: rows[0]!.attendee_id, run_id: runId };
  const never: Record<string, string> = {
    event_id: ns.id('never-evt'),
    session_id: ns.id('never-ses'),
    attendee_id: ns.id('never-att'),
    run_id: neverRun,
  };

  const cases: { op: string; what: string; params: Record<string, string>; neverParams: Record<string, string> }[] = [];
  const ops = objectReadOperationIds();
  requireContract('the contract has read routes taking IDs', ops.length >= 10);
  for (const op of ops) {
    const names = contract.operations[op]!.parameters.filter((p) => p.in === 'path').map((p) => p.name);
    if (names.includes('kind')) {
      for (const [kind, field] of [
        ['event', 'event_id'],
        ['session', 'session_id'],
        ['attendee', 'attendee_id'],
      ] as const) {
        if (!contract.idMapKinds.includes(kind)) throw new Error(`[HARNESS] ${kind} is not an id-map kind of the contract`);
        cases.push({
          op,
          what: `org A's ${kind} ID`,
          params: { kind, partner_id: a[field]! },
          neverParams: { kind, partner_id: never[field]! },
        });
      }
      continue;
    }
    const pick = (src: Record<string, string>) => Object.fromEntries(names.map((n) => [n, src[n]!]));
    cases.push({ op, what: "org A's IDs", params: pick(a), neverParams: pick(never) });
    // Children of org A's event asked for under org B's own event.
    if (names.includes('event_id') && names.length > 1) {
      cases.push({
        op,
        what: "org A's child ID under org B's own event",
        params: { ...pick(a), event_id: own.event_id },
        neverParams: { ...pick(never), event_id: own.event_id },
      });
    }
  }
  await forEachConcurrent(cases, async (c) => {
    const inA = await meshi.call(c.op, { params: c.params });
    expectStatus('ISO-01', `control: ${c.op} with ${c.what} is found in org A`, inA, c.params.event_id === own.event_id ? 404 : 200);
    const inB = await meshiOrgB.call(c.op, { params: c.params });
    const nowhere = await meshiOrgB.call(c.op, { params: c.neverParams });
    expectStatus('ISO-01', `${c.op} in org B with ${c.what}: not found (${inB.text.slice(0, 160)})`, inB, 404);
    expectEqual('ISO-01', `${c.op} in org B with ${c.what} answers exactly like IDs that never existed`, outcome(inB), outcome(nowhere));
  });
});

test(...proves('ISO-02'), async ({ meshi, meshiOrgB, ns }) => {
  const eventId = ns.id('both-orgs');
  const inA = await meshi.call('createEvent', { body: { event_id: eventId, title: 'Org A title', description: 'A' } });
  requireAccepted('EVT-01', 'org A creates the event', inA);
  const inB = await meshiOrgB.call('createEvent', { body: { event_id: eventId, title: 'Org B title' } });
  expectAccepted('ISO-02', `org B creates an event with the same event_id: 201, not 409 (${inB.body?.code ?? ''})`, inB);

  const putB = await meshiOrgB.call('updateEvent', {
    params: { event_id: eventId },
    body: { title: 'Org B renamed', visibility: 'public' },
  });
  expectStatus('ISO-02', 'org B updates its event', putB, 200);
  const readA = await meshi.call('getEvent', { params: { event_id: eventId } });
  expectEqual('ISO-02', "org B's PUT did not change org A's event", withoutCorrelation(readA.body), withoutCorrelation(inA.body));

  const putA = await meshi.call('updateEvent', { params: { event_id: eventId }, body: { title: 'Org A renamed' } });
  requireAccepted('EVT-07', 'org A updates its event', putA);
  const readB = await meshiOrgB.call('getEvent', { params: { event_id: eventId } });
  expectEqual('ISO-02', "org A's PUT did not change org B's event", withoutCorrelation(readB.body), withoutCorrelation(putB.body));
  const readA2 = await meshi.call('getEvent', { params: { event_id: eventId } });
  expectEqual('ISO-02', "org A's event has org A's last title", readA2.body.title, 'Org A renamed');
});

test(...proves('ISO-03'), async ({ meshi, meshiOrgB, ns }) => {
  // Org A: event E with a session, attendees (one ambiguous pair), scores; event E2 sharing an
  // identity with E (an org-wide review).
  const [e, e2] = await Promise.all([createEvent(meshi, ns), createEvent(meshi, ns)]);
  const E = e.event_id as string;
  const pair = emailOf(ns, 'pair');
  const cross = emailOf(ns, 'cross');
  const rowsE = [
    attendeeRow(ns, 'ia', { email: pair }),
    attendeeRow(ns, 'ia', { email: pair }),
    attendeeRow(ns, 'ia', { email: cross }),
    attendeeRow(ns, 'ia'),
  ];
  const rowsE2 = [attendeeRow(ns, 'ib', { email: cross })];
  await Promise.all([createSession(meshi, ns, E), importAndWait(meshi, ns, E, rowsE), importAndWait(meshi, ns, e2.event_id, rowsE2)]);
  await enrichAndWait(meshi, ns, E);
  await matchAndWait(meshi, ns, E);
  const aAttendees = new Set([...rowsE, ...rowsE2].map((r) => r.attendee_id as string));
  const touchesA = (r: Json) => aAttendees.has(r.attendee_id) || (r.candidates as Json[]).some((c) => aAttendees.has(c.attendee_id));

  // Controls: org A's lists hold these items.
  const aLists = {
    listSessions: await readAll(meshi, 'listSessions', { event_id: E }),
    listAttendees: await readAll(meshi, 'listAttendees', { event_id: E }),
    listMatches: await readAll(meshi, 'listMatches', { event_id: E }),
    listEventReviewQueue: await readAll(meshi, 'listEventReviewQueue', { event_id: E }),
  };
  for (const [op, items] of Object.entries(aLists))
    expectThat('ISO-03', `control: org A's ${op} is not empty`, items.length > 0, items.length, '> 0');
  expectEqual(
    'ISO-03',
    "control: org A's org queue holds the cross-event review",
    (await readAll(meshi, 'listOrgReviewQueue')).filter(touchesA).length,
    1,
  );

  // Org B: an event with the same event_id as E, with nothing in it.
  const bEvent = await createEvent(meshiOrgB, ns, { event_id: E, title: 'Org B twin' });
  requireThat('ISO-02', `org B has an event with the same event_id (got ${String(bEvent.event_id)})`, bEvent.event_id === E);
  const page = async (client: MeshiClient, op: string, params: Record<string, string> = {}) => {
    const items: Json[] = [];
    for await (const { res } of cursorPages(lister(client, op, params), { limit: contract.limits.pageLimitMax! })) {
      expectStatus('ISO-03', `org B's ${op} answers 200`, res, 200);
      items.push(...(res.body.items as Json[]));
    }
    return items;
  };
  for (const op of Object.keys(aLists)) {
    expectEqual(
      'ISO-03',
      `org B's ${op} for its own event ${E} shows none of org A's items`,
      await page(meshiOrgB, op, { event_id: E }),
      [],
    );
  }
  const bEvents = await page(meshiOrgB, 'listEvents');
  expectThat('ISO-03', "org B's event list does not show org A's event", !bEvents.some((x) => x.event_id === e2.event_id));
  expectEqual(
    'ISO-03',
    "org B's event list shows its own twin only",
    bEvents.filter((x) => x.event_id === E).map((x) => x.title),
    ['Org B twin'],
  );
  expectEqual(
    'ISO-03',
    "org B's org review queue shows none of org A's reviews",
    (await page(meshiOrgB, 'listOrgReviewQueue')).filter(touchesA),
    [],
  );
  // And the other way round: org A's list shows its own event, not org B's twin.
  const aEvents = await walkUntil(meshi, E);
  expectEqual(
    'ISO-03',
    "org A's event list shows its own event under that ID, once",
    aEvents.map((x) => x.title),
    [e.title],
  );
});

/** Org A's events carrying `eventId` (walks the newest-first list until it is found, then one more page). */
async function walkUntil(meshi: MeshiClient, eventId: string): Promise<Json[]> {
  const found: Json[] = [];
  for await (const { res } of cursorPages(lister(meshi, 'listEvents'), { limit: contract.limits.pageLimitMax!, maxPages: 500 })) {
    expectStatus('ISO-03', "org A's event list answers 200", res, 200);
    found.push(...(res.body.items as Json[]).filter((x) => x.event_id === eventId));
    if (found.length > 0) break;
  }
  return found;
}
