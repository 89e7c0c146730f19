// Properties of partner IDs and id-map kinds: every valid ID round-trips byte for byte, every
// invalid one is rejected with its documented code wherever it appears and creates nothing.

import fc from 'fast-check';
import { test, proves } from '../../harness/property';
import {
  buildInvalidId,
  buildValidId,
  describeInvalidId,
  freshForInvalid,
  invalidIdCase,
  lenientReadings,
  shortValidId,
  swapCase,
  validIdShape,
} from '../../harness/arbitraries/partnerIds';
import { anyKind } from '../../harness/arbitraries/kinds';
import { code } from '../../harness/arbitraries/codes';
import { paramErrorCode, errorCodeOf } from '../../contract';
import { expectAccepted, expectEqual, expectStatus, expectThat, requireThat } from '../../harness/verdicts';

const PARTNER_ID_NOT_FOUND = code('PARTNER_ID_NOT_FOUND');
const INVALID_PARTNER_ID = paramErrorCode('getIdMapping', 'partner_id');
const INVALID_PARTNER_KIND = paramErrorCode('getIdMapping', 'kind');

test(...proves('ID-03', 'ID-05', 'IDMAP-01', 'IDMAP-03'), async ({ props }) => {
  const { client, reader, ns } = props;
  await props.run(
    'every valid ID round-trips byte for byte (create → id-map → read)',
    fc.asyncProperty(validIdShape(), validIdShape(), fc.boolean(), async (eventShape, sessionShape, caseTwin) => {
      const eventId = buildValidId(ns.id('rt'), eventShape);
      const what = `event_id ${JSON.stringify(eventId)} (${eventId.length} characters)`;
      const created = await client.call('createEvent', { body: { event_id: eventId, title: 'property: ID round trip' } });
      expectAccepted('ID-03', `POST /events with the valid ${what} must be accepted`, created);
      expectEqual('ID-05', `POST /events must echo the ${what} byte for byte`, created.body.event_id, eventId);

      const mapped = await reader.call('getIdMapping', { params: { kind: 'event', partner_id: eventId } });
      expectStatus('IDMAP-01', `GET /id-map/event/{id} for the mapped ${what}`, mapped, 200);
      expectEqual(
        'IDMAP-01',
        `id-map of the ${what} byte for byte`,
        { kind: mapped.body.kind, partner_id: mapped.body.partner_id, mapped: mapped.body.mapped },
        { kind: 'event', partner_id: eventId, mapped: true },
      );
      const read = await reader.call('getEvent', { params: { event_id: eventId } });
      expectStatus('ID-05', `GET /events/{id} of the ${what}`, read, 200);
      expectEqual('ID-05', `GET /events/{id} must return the ${what} byte for byte`, read.body.event_id, eventId);

      const wrongKind = await reader.call('getIdMapping', { params: { kind: 'session', partner_id: eventId } });
      expectEqual(
        'IDMAP-03',
        'an ID mapped only as an event, looked up as a session',
        [wrongKind.status, wrongKind.body?.code],
        [404, PARTNER_ID_NOT_FOUND],
      );

      const sessionId = buildValidId(ns.id('rs'), sessionShape);
      const swhat = `session_id ${JSON.stringify(sessionId)} (${sessionId.length} characters)`;
      const session = await client.call('createSession', {
        params: { event_id: eventId },
        body: { session_id: sessionId, title: 'property: ID round trip' },
      });
      expectAccepted('ID-05', `POST /events/{id}/sessions with the valid ${swhat} in an event whose ID has . _ : -`, session);
      expectEqual('ID-05', `the ${swhat} echoed byte for byte`, session.body.session_id, sessionId);
      const smapped = await reader.call('getIdMapping', { params: { kind: 'session', partner_id: sessionId } });
      expectEqual(
        'IDMAP-01',
        `id-map of the ${swhat}`,
        [smapped.status, smapped.body?.partner_id, smapped.body?.kind],
        [200, sessionId, 'session'],
      );
      const sread = await reader.call('getSession', { params: { event_id: eventId, session_id: sessionId } });
      expectEqual(
        'ID-05',
        `GET of the ${swhat} in every path position`,
        [sread.status, sread.body?.session_id, sread.body?.event_id],
        [200, sessionId, eventId],
      );

      const twin = swapCase(eventId);
      if (caseTwin && twin !== eventId) {
        const other = await client.call('createEvent', { body: { event_id: twin, title: 'property: case twin' } });
        expectAccepted('ID-05', `IDs are case-sensitive: ${JSON.stringify(twin)} is another event than ${JSON.stringify(eventId)}`, other);
        const again = await reader.call('getEvent', { params: { event_id: eventId } });
        expectEqual(
          'ID-05',
          `creating the case twin must not touch ${JSON.stringify(eventId)}`,
          [again.status, again.body?.event_id, again.body?.title],
          [200, eventId, 'property: ID round trip'],
        );
      }
    }),
    { numRuns: 5 },
  );
});

type Position =
  | 'createEvent body'
  | 'id-map path'
  | 'getEvent path'
  | 'createSession body'
  | 'createSession path'
  | 'import row'
  | 'getAttendee path'
  | 'listMatches attendee_id';
const POSITIONS: readonly Position[] = [
  'createEvent body',
  'id-map path',
  'getEvent path',
  'createSession body',
  'createSession path',
  'import row',
  'getAttendee path',
  'listMatches attendee_id',
];
const IN_PATH: ReadonlySet<Position> = new Set(['id-map path', 'getEvent path', 'createSession path', 'getAttendee path']);

test(...proves('ID-01', 'ID-02'), async ({ props }) => {
  const { client, reader, ns } = props;
  // One existing event (and session) for the positions nested under an event.
  const host = ns.id('host');
  await client.setup.call('createEvent', { body: { event_id: host, title: 'property: invalid ID host' } });

  const invalidInPosition = fc
    .constantFrom(...POSITIONS)
    .chain((position) => fc.record({ position: fc.constant(position), id: invalidIdCase({ pathSafe: IN_PATH.has(position) }) }));
  await props.run(
    'every invalid ID gets 400 with the documented code and creates nothing',
    fc.asyncProperty(invalidInPosition, async ({ position, id: c }) => {
      const fresh = freshForInvalid(ns.id('inv'));
      const bad = buildInvalidId(fresh, c);
      const what = `${position}: ${describeInvalidId(c)} → ${JSON.stringify(bad.length > 160 ? `${bad.slice(0, 150)}…` : bad)}`;
      const gid = position === 'createEvent body' || position === 'id-map path' ? 'ID-01' : 'ID-02';
      let res;
      switch (position) {
        case 'createEvent body':
          res = await client.call('createEvent', { body: { event_id: bad, title: 'property: invalid ID' } });
          break;
        case 'id-map path':
          res = await reader.call('getIdMapping', { params: { kind: 'event', partner_id: bad } });
          break;
        case 'getEvent path':
          res = await reader.call('getEvent', { params: { event_id: bad } });
          break;
        case 'createSession body':
          res = await client.call('createSession', {
            params: { event_id: host },
            body: { session_id: bad, title: 'property: invalid ID' },
          });
          break;
        case 'createSession path':
          res = await client.call('createSession', {
            params: { event_id: bad },
            body: { session_id: fresh, title: 'property: invalid ID' },
          });
          break;
        case 'import row':
          res = await client.call('importAttendees', {
            params: { event_id: host },
            body: {
              attendees: [
                { attendee_id: `${fresh}-ok`, name: 'Valid Row' },
                { attendee_id: bad, name: 'Invalid Row' },
              ],
              idempotency_key: ns.idempotencyKey('inv'),
            },
          });
          break;
        case 'getAttendee path':
          res = await reader.call('getAttendee', { params: { event_id: host, attendee_id: bad } });
          break;
        case 'listMatches attendee_id':
          res = await reader.call('listMatches', { params: { event_id: host }, query: { attendee_id: bad } });
          break;
      }
      const expectedCode =
        position === 'createEvent body'
          ? errorCodeOf('EventCreate', 'event_id')
          : position === 'createSession body'
            ? errorCodeOf('SessionCreate', 'session_id')
            : INVALID_PARTNER_ID;
      expectEqual(gid, `${what} must be rejected with 400 ${expectedCode}`, [res.status, res.body?.code], [400, expectedCode]);

      // Nothing was created, not even under a lenient reading of the ID (stripped, truncated, decoded, normalised).
      if (position === 'createEvent body' || position === 'createSession body') {
        for (const reading of lenientReadings(fresh, bad)) {
          const r =
            position === 'createEvent body'
              ? await reader.call('getIdMapping', { params: { kind: 'event', partner_id: reading } })
              : await reader.call('getSession', { params: { event_id: host, session_id: reading } });
          // A lookup of a well-formed ID answering neither 200 (it exists) nor 404 (it does not) shows nothing of what was created: that answer is the lookup's own sentence.
          requireThat(
            position === 'createEvent body' ? 'IDMAP-02' : 'SES-03',
            `the lookup of the well-formed reading ${JSON.stringify(reading)} (${reading.length} characters) answered ${r.status} ${r.body?.code ?? ''}, expected 404`,
            r.status === 200 || r.status === 404,
          );
          expectStatus(gid, `the rejected ${what} must create nothing, but ${JSON.stringify(reading)} exists`, r, 404);
        }
      }
    }),
    { numRuns: 24 },
  );
});

test(...proves('ID-04', 'IDMAP-02', 'IDMAP-03'), async ({ props }) => {
  const { reader, ns } = props;
  const idChoice = fc.oneof(
    { weight: 3, arbitrary: fc.constant({ form: 'unmapped' as const }) },
    { weight: 1, arbitrary: shortValidId().map((id) => ({ form: 'short' as const, id })) },
    { weight: 1, arbitrary: invalidIdCase({ pathSafe: true }).map((c) => ({ form: 'invalid' as const, c })) },
  );
  await props.run(
    'malformed kinds get 400 INVALID_PARTNER_KIND, well-formed kinds and IDs never 400',
    fc.asyncProperty(anyKind(), idChoice, async (kind, choice) => {
      const fresh = freshForInvalid(ns.id('kind'));
      const id = choice.form === 'unmapped' ? fresh : choice.form === 'short' ? choice.id : buildInvalidId(fresh, choice.c);
      const what = `GET /id-map/${JSON.stringify(kind.kind)}/${JSON.stringify(id)} (${kind.why}; ID ${choice.form})`;
      const res = await reader.call('getIdMapping', { params: { kind: kind.kind, partner_id: id } });
      if (!kind.wellFormed) {
        expectEqual('ID-04', `${what}: a malformed kind is rejected first`, [res.status, res.body?.code], [400, INVALID_PARTNER_KIND]);
      } else if (choice.form === 'invalid') {
        expectEqual('ID-01', `${what}`, [res.status, res.body?.code], [400, INVALID_PARTNER_ID]);
      } else if (choice.form === 'unmapped' || !kind.known) {
        const gid = kind.known ? 'IDMAP-02' : 'IDMAP-03';
        expectEqual(gid, `${what}: well-formed but not mapped`, [res.status, res.body?.code], [404, PARTNER_ID_NOT_FOUND]);
      } else {
        // A 1–2 character ID may exist on a shared target: only "not rejected as malformed" holds.
        expectThat(
          'ID-03',
          `${what}: a short valid ID is well-formed (got ${res.status} ${res.body?.code ?? ''})`,
          res.status === 200 || (res.status === 404 && res.body?.code === PARTNER_ID_NOT_FOUND),
        );
      }
    }),
    { numRuns: 24 },
  );
});
