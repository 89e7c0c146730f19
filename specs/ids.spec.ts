// ID and IDMAP: partner-ID validation at every position (boundary lengths from the contract, every
// illegal character class, bad first characters), kind validation, case sensitivity and odd but
// legal IDs in every path position, and the id-map lookup (mapped / unmapped / other kind).

import { test, proves, requireProfiles } from '../harness/run/fixtures';
import { contract, eventScopedOperations, paramErrorCode, pattern } from '../contract';
import type { MeshiClient, MeshiResponse } from '../harness/http/client';
import type { Namespace } from '../harness/world/namespace';
import { attendeeRow, createEvent, createSession, importAndWait, runToTerminal, requireRunDone } from '../harness/world/builders';
import { forEachConcurrent } from '../harness/world/concurrency';
import { allowedCharacters, badFirstCharacters, badPartnerIds, charName, illegalCharacters } from '../harness/world/idCharacters';
import { type Json, withoutCorrelation } from '../harness/http/json';
import { freshParams } from '../harness/world/operationRequests';
import { validBodyFor } from '../harness/world/validBody';
import { expectAccepted, expectEqual, expectError, expectStatus, expectThat, requireContract } from '../harness/verdicts';

test.describe.configure({ mode: 'parallel' });

const ID_RE = pattern('partnerId');
const KIND_RE = pattern('partnerKind');
const ID_MAX = contract.limits.partnerIdMaxLength!;
const KIND_MAX = contract.limits.partnerKindMaxLength!;
const INVALID_ID = paramErrorCode('getIdMapping', 'partner_id');
const INVALID_KIND = paramErrorCode('getIdMapping', 'kind');
const NOT_MAPPED = contract.operations.getIdMapping!.responses['404']!.codes[0]!;

/** The documented id-map kinds, each checked against the contract's list. */
function kind(name: 'event' | 'session' | 'attendee'): string {
  if (!contract.idMapKinds.includes(name)) throw new Error(`[HARNESS] the contract does not list the id-map kind ${name}`);
  return name;
}

/** An event, a session and an imported attendee: one mapped ID per documented kind (kind → ID). */
async function mappedIds(meshi: MeshiClient, ns: Namespace): Promise<Record<string, string>> {
  const event = await createEvent(meshi, ns);
  const eventId = event.event_id as string;
  const session = await createSession(meshi, ns, eventId);
  const row = attendeeRow(ns);
  requireRunDone('the attendee import', await importAndWait(meshi, ns, eventId, [row]));
  return { [kind('event')]: eventId, [kind('session')]: session.session_id as string, [kind('attendee')]: row.attendee_id as string };
}

test.describe('ID-01 partner IDs in id-map and POST /events', () => {
  test(...proves('ID-01'), async ({ meshi, ns, target }, testInfo) => {
    const bad = badPartnerIds(ns);
    // Sanity of the derived cases: the length case and one per illegal or bad-first character.
    requireContract(
      'every illegal character class yields a case',
      bad.length === 1 + badFirstCharacters(ID_RE).length + illegalCharacters(ID_RE).length && illegalCharacters(ID_RE).length > 20,
    );
    for (const b of bad) expectThat('ID-01', `${b.what} is outside the contract pattern`, !ID_RE.test(b.id));

    await forEachConcurrent(bad, async (b) => {
      const res = await meshi.call('getIdMapping', { params: { kind: kind('event'), partner_id: b.id } });
      expectError('ID-01', `GET /id-map/event/{partner_id} with a partner_id ${b.what}`, res, INVALID_ID);
    });
    if (target.readOnly) {
      testInfo.annotations.push({ type: 'not exercised', description: 'POST /events half: read-only target' });
      return;
    }
    await forEachConcurrent([...bad, { what: 'empty', id: '' }], async (b) => {
      const res = await meshi.call('createEvent', { body: { event_id: b.id, title: 'Invalid id' } });
      expectError('ID-01', `POST /events with an event_id ${b.what}`, res, INVALID_ID);
    });
  });
});

test.describe('ID-02 event_id path segment of every event-scoped operation', () => {
  test(...proves('ID-02'), async ({ meshi, ns }, testInfo) => {
    requireProfiles(testInfo, 'writes');
    const event = await createEvent(meshi, ns);
    const ops = eventScopedOperations();
    requireContract('the contract has event-scoped operations', ops.length > 10);
    // The length case plus two rotating character cases per operation: the sweep covers every class.
    const probes = ops.flatMap((op, i) => badPartnerIds(ns, { count: 2, offset: 2 * i }).map((b) => ({ op, b })));
    await forEachConcurrent(probes, async ({ op, b }) => {
      const params = freshParams(op, ns, { event_id: b.id });
      const res = await meshi.call(op, { params, body: validBodyFor(op, ns) });
      expectError('ID-02', `${op} with an event_id ${b.what} in the path`, res, INVALID_ID);
    });
    // The event itself is untouched by all of this.
    const after = await meshi.call('getEvent', { params: { event_id: event.event_id } });
    expectEqual('ID-02', 'the real event is unchanged', withoutCorrelation(after.body), withoutCorrelation(event));
  });
});

test.describe('ID-02 session_id, attendee_id in paths, bodies, rows and filters', () => {
  test(...proves('ID-02'), async ({ meshi, ns }, testInfo) => {
    requireProfiles(testInfo, 'writes');
    const event = await createEvent(meshi, ns);
    const eventId = event.event_id as string;
    const session = await createSession(meshi, ns, eventId);
    const check = (what: string, res: MeshiResponse) => expectError('ID-02', what, res, INVALID_ID);

    const probes: [string, () => Promise<MeshiResponse>][] = [];
    for (const [i, op] of (['getSession', 'updateSession'] as const).entries()) {
      for (const b of badPartnerIds(ns, { count: 4, offset: i * 4 })) {
        probes.push([
          `${op} with a session_id ${b.what}`,
          () => meshi.call(op, { params: { event_id: eventId, session_id: b.id }, body: validBodyFor(op, ns) }),
        ]);
      }
    }
    for (const b of badPartnerIds(ns, { count: 5, offset: 9 })) {
      probes.push([
        `getAttendee with an attendee_id ${b.what}`,
        () => meshi.call('getAttendee', { params: { event_id: eventId, attendee_id: b.id } }),
      ]);
    }
    for (const b of badPartnerIds(ns, { count: 6, offset: 14 })) {
      probes.push([
        `createSession with a body session_id ${b.what}`,
        () => meshi.call('createSession', { params: { event_id: eventId }, body: { session_id: b.id, title: 'Invalid id' } }),
      ]);
    }
    for (const b of badPartnerIds(ns, { count: 6, offset: 20 })) {
      const rows = [attendeeRow(ns), attendeeRow(ns, 'att', { attendee_id: b.id })];
      probes.push([
        `importAttendees with a second row's attendee_id ${b.what}`,
        () =>
          meshi.call('importAttendees', { params: { event_id: eventId }, body: { attendees: rows, idempotency_key: ns.idempotencyKey() } }),
      ]);
    }
    for (const b of badPartnerIds(ns, { count: 6, offset: 26 })) {
      probes.push([
        `listMatches with an attendee_id filter ${b.what}`,
        () => meshi.call('listMatches', { params: { event_id: eventId }, query: { attendee_id: b.id } }),
      ]);
    }
    await forEachConcurrent(probes, async ([what, send]) => check(what, await send()));
    // Nothing was created or changed by the rejected requests.
    const sessions = await meshi.call('listSessions', { params: { event_id: eventId } });
    expectEqual(
      'ID-02',
      'only the real session exists',
      (sessions.body.items as Json[]).map((s) => s.session_id),
      [session.session_id],
    );
    const attendees = await meshi.call('listAttendees', { params: { event_id: eventId } });
    expectEqual('ID-02', 'no attendee was imported by a rejected import', attendees.body.items, []);
  });
});

test.describe('ID-03 boundary IDs', () => {
  test(...proves('ID-03'), async ({ meshi, ns, target }) => {
    const classes = allowedCharacters(ID_RE);
    const inner = badFirstCharacters(ID_RE).join('');
    // 128 characters: the namespace, a letter, a digit, every inner-only character, then letters.
    const longest = ns.idOfLength(ID_MAX, `Az09${inner}`);
    expectEqual('ID-03', 'the longest ID has the contract maximum length', longest.length, ID_MAX);
    for (const c of [...inner, 'A', 'z', '0', '9']) expectThat('ID-03', `the longest ID contains ${charName(c)}`, longest.includes(c));
    const created = await meshi.call('createEvent', { body: { event_id: longest, title: 'Longest id' } });
    expectAccepted('ID-03', `a ${ID_MAX}-character event_id is accepted`, created);
    expectEqual('ID-03', 'echoed byte for byte', created.body.event_id, longest);
    const read = await meshi.call('getEvent', { params: { event_id: longest } });
    expectStatus('ID-03', 'and readable under its ID', read, 200);

    // One character: necessarily outside the namespace, so it may already exist (a previous run):
    // accepted means 201, or 409 for an ID already mapped, never 400.
    const oneChar = classes[target.seed % classes.length]!; // reproducible with MESHI_SEED
    const single = await meshi.call('createEvent', { body: { event_id: oneChar, title: 'One-character id' } });
    expectThat(
      'ID-03',
      `a 1-character event_id (${oneChar}) is accepted (2xx, or 409 when a previous run created it): ${single.method} /events answered ${single.status}`,
      (single.status >= 200 && single.status < 300) || single.status === 409,
    );
    const readOne = await meshi.call('getEvent', { params: { event_id: oneChar } });
    expectStatus('ID-03', 'the 1-character event exists', readOne, 200);
    expectEqual('ID-03', 'the 1-character ID is echoed', readOne.body.event_id, oneChar);
  });
});

test.describe('ID-04 kinds', () => {
  test(...proves('ID-04'), async ({ meshi, ns }) => {
    const partnerId = ns.id('kindprobe');
    const cases: { what: string; kind: string }[] = [
      { what: `of ${KIND_MAX + 1} characters`, kind: `k${'x'.repeat(KIND_MAX)}` },
      ...['0', '9', ...badFirstCharacters(KIND_RE)].map((c) => ({ what: `starting with ${charName(c)}`, kind: `${c}kind` })),
      ...illegalCharacters(KIND_RE).map((c) => ({ what: `containing ${charName(c)}`, kind: `ki${c}nd` })),
    ];
    // The ID alphabet's . and : are not kind characters: the sweep must include them.
    expectThat(
      'ID-04',
      '. and : are covered',
      cases.map((c) => c.kind).some((k) => k.includes('.')) && cases.some((c) => c.kind.includes(':')),
    );
    await forEachConcurrent(cases, async (c) => {
      expectThat('ID-04', `${c.what} is outside the kind pattern`, !KIND_RE.test(c.kind));
      const res = await meshi.call('getIdMapping', { params: { kind: c.kind, partner_id: partnerId } });
      expectError('ID-04', `GET /id-map/{kind}/… with a kind ${c.what}`, res, INVALID_KIND);
    });
    // The boundary: a kind of exactly the maximum length is well-formed (an unknown kind: 404, not 400).
    const longest = `k${'x'.repeat(KIND_MAX - 1)}`;
    const ok = await meshi.call('getIdMapping', { params: { kind: longest, partner_id: partnerId } });
    expectError('ID-04', `a kind of exactly ${KIND_MAX} characters is well-formed (unknown kind)`, ok, NOT_MAPPED);
  });
});

test.describe('ID-05 case and punctuation', () => {
  test(...proves('ID-05'), async ({ meshi, ns }) => {
    const upper = `${ns.id('CaseEv')}:import`;
    const lower = upper.replace('CaseEv', 'caseev');
    expectThat('ID-05', 'the two IDs differ only by case', lower !== upper, lower, `not ${upper}`);
    expectEqual('ID-05', 'the two IDs are equal ignoring case', lower.toLowerCase(), upper.toLowerCase());
    const a = await meshi.call('createEvent', { body: { event_id: upper, title: 'Upper' } });
    const b = await meshi.call('createEvent', { body: { event_id: lower, title: 'lower' } });
    expectAccepted('ID-05', `${JSON.stringify(a.body?.event_id)} is accepted`, a);
    expectAccepted('ID-05', 'an ID differing only by case is another event, accepted too', b);
    expectEqual('ID-05', 'both echoed byte for byte', [a.body.event_id, b.body.event_id], [upper, lower]);
    const readUpper = await meshi.call('getEvent', { params: { event_id: upper } });
    const readLower = await meshi.call('getEvent', { params: { event_id: lower } });
    expectEqual('ID-05', 'each ID reads its own event', [readUpper.body.title, readLower.body.title], ['Upper', 'lower']);

    // IDs with . _ : - in every path position.
    const sessionId = `${ns.id('Ses')}.a_b:run`;
    const attUpper = `${ns.id('Att')}:import`;
    const attLower = attUpper.replace('Att', 'att');
    const p = { event_id: upper };
    const ok = (what: string, res: MeshiResponse, status = 200) => expectStatus('ID-05', `${what}: ${res.text.slice(0, 200)}`, res, status);

    const ctx = await meshi.call('upsertEventContext', { params: p, body: { event_details: 'Odd IDs' } });
    ok('POST context', ctx);
    expectEqual('ID-05', 'context event_id byte for byte', ctx.body.event_id, upper);
    ok('GET context', await meshi.call('getEventContext', { params: p }));
    ok('PUT event', await meshi.call('updateEvent', { params: p, body: { title: 'Upper renamed' } }));
    const ses = await meshi.call('createSession', { params: p, body: { session_id: sessionId, title: 'Odd session' } });
    ok('POST session', ses, 201);
    expectEqual('ID-05', 'session IDs byte for byte', [ses.body.session_id, ses.body.event_id], [sessionId, upper]);
    ok('GET session', await meshi.call('getSession', { params: { ...p, session_id: sessionId } }));
    ok(
      'PUT session',
      await meshi.call('updateSession', { params: { ...p, session_id: sessionId }, body: { title: 'Odd session renamed' } }),
    );
    const sessions = await meshi.call('listSessions', { params: p });
    expectEqual(
      'ID-05',
      'session listed under its ID',
      (sessions.body.items as Json[]).map((s) => s.session_id),
      [sessionId],
    );

    const imp = await meshi.call('importAttendees', {
      params: p,
      body: {
        attendees: [
          attendeeRow(ns, 'a', { attendee_id: attUpper, session_ids: [sessionId] }),
          attendeeRow(ns, 'a', { attendee_id: attLower }),
        ],
        idempotency_key: ns.idempotencyKey(),
      },
    });
    ok('PUT attendees:import on an event_id ending in :import', imp, contract.operations.importAttendees!.successStatus);
    expectEqual('ID-05', 'run event_id byte for byte', imp.body.event_id, upper);
    const run = await runToTerminal(meshi, imp.body);
    // How the run ends is IMP-05's sentence; ID-05's is that neither case variant fails as the other's duplicate.
    requireRunDone('the import of two case variants', run);
    expectEqual(
      'ID-05',
      'attendee IDs differing by case import as two attendees: neither row fails',
      (run.errors as Json[]).map((e) => e.attendee_id),
      [],
    );
    const att = await meshi.call('getAttendee', { params: { ...p, attendee_id: attUpper } });
    ok('GET attendee', att);
    expectEqual('ID-05', 'attendee IDs byte for byte', [att.body.attendee_id, att.body.session_ids], [attUpper, [sessionId]]);
    const list = await meshi.call('listAttendees', { params: p });
    expectEqual(
      'ID-05',
      'both case variants listed',
      (list.body.items as Json[]).map((x) => x.attendee_id).sort(),
      [attUpper, attLower].sort(),
    );
    ok('GET matches filtered by an odd attendee_id', await meshi.call('listMatches', { params: p, query: { attendee_id: attUpper } }));
    ok('GET event review queue', await meshi.call('listEventReviewQueue', { params: p }));
    for (const [k, id] of [
      [kind('event'), upper],
      [kind('session'), sessionId],
      [kind('attendee'), attUpper],
    ] as const) {
      const m = await meshi.call('getIdMapping', { params: { kind: k, partner_id: id } });
      ok(`id-map ${k}`, m);
      expectEqual('ID-05', `id-map ${k} partner_id byte for byte`, m.body.partner_id, id);
    }
    const wrongCase = await meshi.call('getIdMapping', { params: { kind: kind('session'), partner_id: sessionId.replace('Ses', 'ses') } });
    expectError('ID-05', 'the session ID in another case is not mapped', wrongCase, NOT_MAPPED);
  });
});

test.describe('IDMAP-01 mapped IDs', () => {
  test(...proves('IDMAP-01'), async ({ meshi, ns }) => {
    for (const [k, id] of Object.entries(await mappedIds(meshi, ns))) {
      const res = await meshi.call('getIdMapping', { params: { kind: k, partner_id: id } });
      expectStatus('IDMAP-01', `a mapped ${k} ID answers 200`, res, 200);
      expectEqual('IDMAP-01', `the ${k} mapping`, withoutCorrelation(res.body), { kind: k, partner_id: id, mapped: true });
    }
  });
});

test.describe('IDMAP-02 unmapped IDs', () => {
  test(...proves('IDMAP-02'), async ({ meshi, ns }) => {
    for (const k of [kind('event'), kind('session'), kind('attendee')]) {
      for (const id of [ns.id(`never-${k}`), ns.maxLengthId(`never-${k}`)]) {
        const res = await meshi.call('getIdMapping', { params: { kind: k, partner_id: id } });
        expectError('IDMAP-02', `GET /id-map/${k}/<never-created ID of ${id.length} chars>`, res, NOT_MAPPED);
      }
    }
  });
});

test.describe('IDMAP-03 other kinds', () => {
  test(...proves('IDMAP-03'), async ({ meshi, ns }) => {
    const ids = await mappedIds(meshi, ns);

    // Positive control: each ID is mapped under its own kind.
    for (const [k, id] of Object.entries(ids)) {
      const own = await meshi.call('getIdMapping', { params: { kind: k, partner_id: id } });
      expectStatus('IDMAP-03', `control: ${k} ${id} is mapped under its own kind`, own, 200);
    }
    // Each ID under every other known kind.
    for (const [k, id] of Object.entries(ids)) {
      for (const other of contract.idMapKinds.filter((x) => x !== k)) {
        const res = await meshi.call('getIdMapping', { params: { kind: other, partner_id: id } });
        expectError('IDMAP-03', `the ${k} ID looked up as kind ${other}`, res, NOT_MAPPED);
      }
    }
    // Well-formed kinds that are not id-map kinds (one differs only by case).
    const unknownKinds = ['widget', `${kind('event')}s`, kind('event').toUpperCase(), 'Event', 'venue_2'].filter(
      (k) => KIND_RE.test(k) && !contract.idMapKinds.includes(k),
    );
    expectThat('IDMAP-03', 'unknown kinds to try', unknownKinds.length >= 4, unknownKinds.length, '>= 4');
    for (const k of unknownKinds) {
      const res = await meshi.call('getIdMapping', { params: { kind: k, partner_id: ids[kind('event')]! } });
      expectError('IDMAP-03', `the event ID under the unknown kind ${k}`, res, NOT_MAPPED);
    }
  });
});
