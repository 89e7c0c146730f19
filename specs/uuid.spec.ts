// UUID: no internal UUID crosses the partner boundary. A UUID the partner sends (inside an ID, an
// idempotency_key, raw data, a correlation ID) may come back; any other UUID in a body, a header
// or a (decoded) cursor is a leak; Meshi-issued handles are opaque prefixed strings, never UUIDs.
// The client scans every response too; these tests feed UUIDs on purpose and check explicitly
// against the UUIDs this test itself sent.

import { randomUUID } from 'node:crypto';
import { test, proves, pollRun } from '../harness/run/fixtures';
import type { MeshiClient, MeshiResponse } from '../harness/http/client';
import { contract, pattern } from '../contract';
import { canonicalUuid, decodeToken, findUuids } from '../harness/checks/uuid';
import type { Namespace } from '../harness/world/namespace';
import { seedWorld } from '../harness/world/world';
import { cursorPages, lister } from '../harness/world/pages';
import { expectEqual, expectStatus, expectThat, requireAccepted, requireHeader } from '../harness/verdicts';

/** UUIDs this test sent, canonical. */
class Sent {
  readonly all = new Set<string>();
  uuid(): string {
    const u = randomUUID();
    this.all.add(canonicalUuid(u));
    return u;
  }
  foreign(text: string, extra: ReadonlySet<string> = new Set()): string[] {
    return findUuids(text).filter((u) => !this.all.has(u) && !extra.has(u));
  }
}

/** A world whose IDs, raw data, idempotency keys and texts carry UUIDs the partner chose. */
async function uuidWorld(meshi: MeshiClient, ns: Namespace, sent: Sent) {
  const eventId = ns.id(`uuid-${sent.uuid()}`);
  // The texts carry the run's prefix too: another shard's oracle then knows them for partner data.
  const created = await meshi.call('createEvent', {
    body: { event_id: eventId, title: `Event ${ns.prefix}${sent.uuid()}`, description: `CRM ref ${ns.prefix}${sent.uuid()}` },
  });
  requireAccepted('EVT-01', 'an event whose ID and texts carry partner UUIDs is created', created);
  const sessionId = ns.id(`uuid-ses-${sent.uuid()}`);
  await meshi.setup.call('createSession', { params: { event_id: eventId }, body: { session_id: sessionId, title: 'UUID session' } });
  await meshi.setup.call('createSession', {
    params: { event_id: eventId },
    body: { session_id: ns.id('uuid-ses-plain'), title: 'Plain session' },
  });
  const attendees = [
    {
      attendee_id: ns.id(`uuid-att-${sent.uuid()}`),
      name: 'Uuid Person',
      email: 'uuid.person@example.com',
      company: 'Acme',
      raw: { crm_id: sent.uuid(), nested: { ids: [sent.uuid()] } },
    },
    { attendee_id: ns.id('uuid-att-plain'), name: 'Plain Person', email: 'plain.person@example.com', company: 'Acme' },
    {
      attendee_id: ns.id('uuid-att-third'),
      name: 'Third Person',
      linkedin_url: 'https://www.linkedin.com/in/third-person',
      company: 'Beta',
    },
  ];
  const imp = await meshi.call('importAttendees', { params: { event_id: eventId }, body: { idempotency_key: sent.uuid(), attendees } });
  expectStatus('UUID-01', 'an import keyed by a UUID idempotency_key is accepted', imp, 202);
  await pollRun(meshi, imp.body);
  return { eventId, sessionId, attendees, importRunId: imp.body.run_id as string };
}

test(...proves('UUID-01'), async ({ meshi, ns }) => {
  const sent = new Sent();
  const w = await uuidWorld(meshi, ns, sent);
  const responses: [string, MeshiResponse][] = [
    ['GET event', await meshi.call('getEvent', { params: { event_id: w.eventId } })],
    [
      'GET attendee with raw',
      await meshi.call('getAttendee', { params: { event_id: w.eventId, attendee_id: w.attendees[0]!.attendee_id } }),
    ],
    ['attendee list', await meshi.call('listAttendees', { params: { event_id: w.eventId } })],
    ['session', await meshi.call('getSession', { params: { event_id: w.eventId, session_id: w.sessionId } })],
    ['import run', await meshi.call('getRun', { params: { run_id: w.importRunId } })],
    ['id-map', await meshi.call('getIdMapping', { params: { kind: 'event', partner_id: w.eventId } })],
    ['404 naming a partner UUID', await meshi.call('getEvent', { params: { event_id: ns.id(`uuid-missing-${sent.uuid()}`) } })],
    ['400 naming a partner UUID', await meshi.call('getEvent', { params: { event_id: `-${sent.uuid()}` } })],
    ['409 naming a partner UUID', await meshi.call('createEvent', { body: { event_id: w.eventId, title: 'again' } })],
    [
      '400 field error',
      await meshi.call('createEvent', { body: { event_id: ns.id('uuid-bad'), title: 't', url_slug: `BAD-${sent.uuid()}` } }),
    ],
    ['auth', await meshi.call('getAuth')],
    // Every list: a leak may sit in one serialiser only (items of a page, not the object read).
    ['event list', await meshi.call('listEvents', { query: { limit: 5 } })],
    ['session list', await meshi.call('listSessions', { params: { event_id: w.eventId } })],
    ['context', await meshi.call('getEventContext', { params: { event_id: w.eventId } })],
    ['event review queue', await meshi.call('listEventReviewQueue', { params: { event_id: w.eventId } })],
    ['org review queue', await meshi.call('listOrgReviewQueue', { query: { limit: 5 } })],
  ];
  // Errors in a run (a failing row) must not leak either.
  const bad = await meshi.call('importAttendees', {
    params: { event_id: w.eventId },
    body: {
      idempotency_key: sent.uuid(),
      attendees: [
        { attendee_id: ns.id('uuid-badrow'), name: 'Bad Row', email: `not-an-email-${sent.uuid()}` },
        { attendee_id: ns.id('uuid-goodrow'), name: 'Good' },
      ],
    },
  });
  const badRun = await pollRun(meshi, bad.body);
  responses.push(['run with a failing row', await meshi.call('getRun', { params: { run_id: badRun.run.run_id } })]);
  const enr = await meshi.call('enrichAttendees', { params: { event_id: w.eventId }, body: { idempotency_key: sent.uuid() } });
  await pollRun(meshi, enr.body.run_id);
  responses.push([
    'enriched attendee',
    await meshi.call('getAttendee', { params: { event_id: w.eventId, attendee_id: w.attendees[0]!.attendee_id } }),
  ]);
  responses.push(['enrichment run', await meshi.call('getRun', { params: { run_id: enr.body.run_id } })]);

  for (const [what, res] of responses) {
    // A next_cursor is UUID-03's subject: judged there, not here.
    const body =
      res.body && typeof res.body === 'object' && 'next_cursor' in res.body ? JSON.stringify({ ...res.body, next_cursor: null }) : res.text;
    expectEqual('UUID-01', `${what} (${res.status}) carries no UUID the partner did not send`, sent.foreign(body), []);
  }
  // The partner's own UUIDs do come back (so the scan above is not vacuous).
  const [event, attendee] = [responses[0]![1], responses[1]![1]];
  expectThat(
    'UUID-01',
    'the event echoes the partner UUIDs of its ID and texts',
    findUuids(event.text).length >= 3,
    findUuids(event.text).length,
    '>= 3',
  );
  expectEqual('UUID-01', 'raw comes back as sent, partner UUIDs included', attendee.body.raw, w.attendees[0]!.raw);
});

test(...proves('UUID-02'), async ({ meshi, ns }) => {
  const sent = new Sent();
  const eventId = ns.id(`uuid2-${sent.uuid()}`);
  const corr = sent.uuid();
  expectThat('UUID-02', 'a UUID is a valid correlation ID', pattern('correlationId').test(corr));
  const responses: [string, MeshiResponse][] = [
    ['201', await meshi.call('createEvent', { body: { event_id: eventId, title: 'Headers' }, correlationId: corr })],
    ['200', await meshi.call('getEvent', { params: { event_id: eventId } })],
    ['200 alias', await meshi.call('getEvent', { params: { event_id: eventId }, base: 'alias' })],
    [
      '202',
      await meshi.call('importAttendees', {
        params: { event_id: eventId },
        body: { idempotency_key: sent.uuid(), attendees: [{ attendee_id: ns.id('uuid2-att'), name: 'H' }] },
      }),
    ],
    ['404', await meshi.call('getEvent', { params: { event_id: ns.id('uuid2-missing') } })],
    ['404 route', await meshi.raw('GET', '/nope')],
    ['405', await meshi.call('getEvent', { params: { event_id: eventId }, method: 'DELETE' })],
    ['OPTIONS', await meshi.call('getEvent', { params: { event_id: eventId }, method: 'OPTIONS' })],
    ['HEAD', await meshi.call('getEvent', { params: { event_id: eventId }, method: 'HEAD' })],
    ['401', await meshi.call('getAuth', { key: null })],
    ['413', await meshi.call('createEvent', { rawBody: Buffer.alloc(contract.limits.maxBodyBytes! + 1, 0x20) })],
  ];
  for (const [what, res] of responses) {
    for (const [name, value] of Object.entries(res.headers)) {
      if (name === 'x-correlation-id') continue;
      expectEqual('UUID-02', `${what}: header ${name} carries no UUID the partner did not send`, sent.foreign(value), []);
    }
  }
});

test(...proves('UUID-03'), async ({ meshi, ns, sentRegistry }) => {
  const sent = new Sent();
  const w = await uuidWorld(meshi, ns, sent);
  // Two more events so the org-wide list has pages; enrichment and matching give score pages.
  for (let i = 0; i < 2; i++) await meshi.setup.call('createEvent', { body: { event_id: ns.id(`uuid3-ev${i}`), title: 'Cursor' } });
  const enr = await meshi.setup.call('enrichAttendees', {
    params: { event_id: w.eventId },
    body: { idempotency_key: ns.idempotencyKey('uuid3-enr') },
  });
  await pollRun(meshi, enr.body.run_id);
  const match = await meshi.setup.call('runMatching', {
    params: { event_id: w.eventId },
    body: { idempotency_key: ns.idempotencyKey('uuid3-match') },
  });
  await pollRun(meshi, match.body.run_id);

  const lists: [string, string, Record<string, string>, boolean][] = [
    ['attendees', 'listAttendees', { event_id: w.eventId }, false],
    ['sessions', 'listSessions', { event_id: w.eventId }, false],
    ['matches', 'listMatches', { event_id: w.eventId }, false],
    ['events (org-wide)', 'listEvents', {}, true],
  ];
  let cursors = 0;
  for (const [what, operationId, params, orgWide] of lists) {
    for await (const { res, n } of cursorPages(lister(meshi, operationId, params), { limit: 1, maxPages: 6 })) {
      expectStatus('UUID-03', `${what} page ${n}`, res, 200);
      const cursor: string | null = res.body.next_cursor;
      if (!cursor) break;
      cursors++;
      // Org-wide lists may show other workers' partner UUIDs: those are exempt too.
      const exempt = orgWide ? sentRegistry.withShared() : new Set<string>();
      expectEqual('UUID-03', `${what} next_cursor as written carries no foreign UUID`, sent.foreign(cursor, exempt), []);
      for (const d of decodeToken(cursor)) {
        expectEqual(
          'UUID-03',
          `${what} next_cursor ${d.via}-decoded carries no foreign UUID`,
          d.uuids.filter((u) => !sent.all.has(u) && !exempt.has(u)),
          [],
        );
      }
    }
  }
  expectThat('UUID-03', 'the lists gave cursors to inspect', cursors >= 4, cursors, '>= 4');
});

test(...proves('UUID-04'), async ({ meshi, ns }) => {
  const world = await seedWorld(meshi, ns, { label: 'uuid4', ambiguousPair: true, enrich: true, match: true });
  const handle = (name: string) => pattern(name);
  const auth = await meshi.call('getAuth');
  const checks: [string, unknown, string][] = [
    ['org_id', auth.body.org_id, 'orgId'],
    ['service_account_user_id', auth.body.service_account_user_id, 'serviceAccountUserId'],
  ];
  for (const runId of [world.runId, world.enrichmentRunId, world.matchingRunId]) {
    const run = await meshi.call('getRun', { params: { run_id: runId! } });
    checks.push(['run_id', run.body.run_id, 'runId']);
  }
  const matches = await meshi.call('listMatches', { params: { event_id: world.eventId } });
  for (const m of matches.body.items ?? []) checks.push(['match run_id', m.run_id, 'runId']);
  const reviews = [
    ...(await meshi.call('listEventReviewQueue', { params: { event_id: world.eventId } })).body.items,
    ...(await meshi.call('listOrgReviewQueue')).body.items,
  ];
  expectThat('UUID-04', 'the seeded ambiguity gives at least one review to inspect', reviews.length > 0, reviews.length, '> 0');
  for (const r of reviews) checks.push(['review_id', r.review_id, 'reviewId']);
  for (const [what, value, patternName] of checks) {
    expectEqual('UUID-04', `${what} is a string`, typeof value, 'string');
    expectThat(
      'UUID-04',
      `${what} ${JSON.stringify(value)} is an opaque prefixed handle (${handle(patternName).source})`,
      handle(patternName).test(String(value)),
    );
    expectEqual('UUID-04', `${what} is not and does not contain a UUID`, findUuids(String(value)), []);
  }
  // Server-made correlation IDs.
  for (const res of [
    await meshi.call('getAuth', { correlationId: null }),
    await meshi.raw('GET', '/nope', { correlationId: null }),
    await meshi.call('getAuth', { correlationId: 'bad value!' }),
  ]) {
    const c = requireHeader('CORR-01', 'a server-made correlation ID', res, 'x-correlation-id');
    expectEqual('UUID-04', `server-made correlation ID ${JSON.stringify(c)} starts with corr_`, c.startsWith('corr_'), true);
    expectEqual('UUID-04', `server-made correlation ID ${JSON.stringify(c)} is not a UUID`, findUuids(c), []);
  }
});
