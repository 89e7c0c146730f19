// SES: sessions round-trip (create, read, list, replace), field rules at n and n + 1 on create and
// PUT (caps and codes from the contract), and not-found for sessions of other events.

import { test, proves } from '../harness/run/fixtures';
import { contract, errorCodeOf, maxLengthOf } from '../contract';
import { createEvent, createSession } from '../harness/world/builders';
import { forEachConcurrent } from '../harness/world/concurrency';
import { type Json, withoutCorrelation } from '../harness/http/json';
import { sameInstant } from '../harness/world/timestamps';
import { expectReadsShow } from '../harness/world/readBack';
import { expectAccepted, expectEqual, expectError, expectStatus, expectThat } from '../harness/verdicts';

test.describe.configure({ mode: 'parallel' });

const CREATE = 'SessionCreate';
const UPDATE = 'SessionUpdate';

function fullSession(sessionId: string): Json {
  return {
    session_id: sessionId,
    title: 'Keynote',
    description: 'Opening keynote of the conformance summit.',
    // Sub-millisecond digits and an offset: returned as the same instant in UTC, every digit kept.
    starts_at: '2026-09-10T11:00:00.123456+02:00',
    ends_at: '2026-09-10T10:00:00.000000789Z',
    location: 'Main hall',
  };
}

test(...proves('SES-01'), async ({ meshi, ns }) => {
  const event = await createEvent(meshi, ns);
  const p = { event_id: event.event_id as string };
  const body = fullSession(ns.id('ses'));
  const created = await meshi.call('createSession', { params: p, body });
  expectStatus('SES-01', `POST session answers 201`, created, 201);
  expectEqual('SES-01', 'the session names its event', created.body.event_id, p.event_id);
  for (const [k, v] of Object.entries(body)) {
    if (k.endsWith('_at')) expectThat('SES-01', `${k} echoed (${created.body[k]} vs ${v})`, sameInstant(created.body[k], v));
    else expectEqual('SES-01', `${k} echoed`, created.body[k], v);
  }
  const sp = { ...p, session_id: body.session_id as string };
  const read = await meshi.call('getSession', { params: sp });
  expectStatus('SES-01', 'GET session answers 200', read, 200);
  expectEqual('SES-01', 'GET returns the session as created', withoutCorrelation(read.body), withoutCorrelation(created.body));
  const list = await meshi.call('listSessions', { params: p });
  expectStatus('SES-01', 'the session list answers 200', list, 200);
  expectEqual(
    'SES-01',
    'the list holds exactly the session',
    (list.body.items as Json[]).map((s) => withoutCorrelation(s)),
    [withoutCorrelation(created.body)],
  );
  const place = {
    item: { op: 'getSession', params: sp },
    list: { op: 'listSessions', params: p, idField: 'session_id', id: sp.session_id },
  };
  await expectReadsShow('SES-01', 'after the create', meshi, place, created.body);

  const mutable = contract.fieldRules[UPDATE]!.map((r) => r.name);
  const replacement: Json = {
    title: 'Closing keynote',
    description: 'Moved to the end.',
    starts_at: '2026-09-12T16:00:00Z',
    ends_at: '2026-09-12T17:30:00Z',
    location: 'Room B',
  };
  expectEqual('SES-01', 'the replacement sets every mutable field', Object.keys(replacement).sort(), [...mutable].sort());
  const put = await meshi.call('updateSession', { params: sp, body: replacement });
  expectStatus('SES-01', `PUT answers 200`, put, 200);
  for (const [k, v] of Object.entries(replacement)) {
    if (k.endsWith('_at')) expectThat('SES-01', `PUT replaced ${k}`, sameInstant(put.body[k], v));
    else expectEqual('SES-01', `PUT replaced ${k}`, put.body[k], v);
  }
  expectEqual(
    'SES-01',
    'session_id, event_id and created_at unchanged',
    [put.body.session_id, put.body.event_id, put.body.created_at],
    [sp.session_id, p.event_id, created.body.created_at],
  );
  const afterPut = await meshi.call('getSession', { params: sp });
  expectEqual('SES-01', 'GET returns the session as the PUT returned it', withoutCorrelation(afterPut.body), withoutCorrelation(put.body));
  await expectReadsShow('SES-01', 'after the PUT', meshi, place, put.body);

  const put2 = await meshi.call('updateSession', { params: sp, body: { title: 'Only a title' } });
  expectStatus('SES-01', 'a PUT with only the title answers 200', put2, 200);
  for (const k of mutable.filter((k) => k !== 'title'))
    expectEqual('SES-01', `${k} left out of the PUT is cleared to null`, put2.body[k], null);
  const list2 = await meshi.call('listSessions', { params: p });
  expectEqual(
    'SES-01',
    'the list shows the replaced session',
    (list2.body.items as Json[]).map((s) => withoutCorrelation(s)),
    [withoutCorrelation(put2.body)],
  );
  await expectReadsShow('SES-01', 'after the second PUT', meshi, place, put2.body);
});

test(...proves('SES-02'), async ({ meshi, ns }) => {
  const event = await createEvent(meshi, ns);
  const p = { event_id: event.event_id as string };
  const existing = await createSession(meshi, ns, p.event_id, fullSession(ns.id('keep')));
  const sp = { ...p, session_id: existing.session_id as string };

  const cap = (f: string) => maxLengthOf(CREATE, f);
  const cases: [string, Json, string][] = [
    ['no title', { title: undefined }, errorCodeOf(CREATE, 'title')],
    ['an empty title', { title: '' }, errorCodeOf(CREATE, 'title')],
    [`a title of ${cap('title') + 1} characters`, { title: 't'.repeat(cap('title') + 1) }, errorCodeOf(CREATE, 'title')],
    [
      `a description of ${cap('description') + 1} characters`,
      { description: 'd'.repeat(cap('description') + 1) },
      errorCodeOf(CREATE, 'description'),
    ],
    [`a location of ${cap('location') + 1} characters`, { location: 'l'.repeat(cap('location') + 1) }, errorCodeOf(CREATE, 'location')],
    ...['2026-09-10', '2026-09-10 09:00', '2026-09-10T09:00', '2026-13-10T09:00:00Z', '10/09/2026 09:00', 'noon', ''].map(
      (v): [string, Json, string] => [`starts_at ${JSON.stringify(v)}`, { starts_at: v }, errorCodeOf(CREATE, 'starts_at')],
    ),
    ...['2026-09-10', '2026-09-10T25:00:00Z', 'later', ''].map((v): [string, Json, string] => [
      `ends_at ${JSON.stringify(v)}`,
      { starts_at: '2026-09-10T09:00:00Z', ends_at: v },
      errorCodeOf(CREATE, 'ends_at'),
    ]),
    ['ends_at before starts_at', { starts_at: '2026-09-10T10:00:00Z', ends_at: '2026-09-10T09:59:59Z' }, errorCodeOf(CREATE, 'ends_at')],
    [
      'ends_at before starts_at across offsets',
      { starts_at: '2026-09-10T10:00:00+02:00', ends_at: '2026-09-10T07:30:00Z' },
      errorCodeOf(CREATE, 'ends_at'),
    ],
  ];
  await forEachConcurrent(cases, async ([what, fields, code]) => {
    const createBody = JSON.parse(JSON.stringify({ session_id: ns.id('bad'), title: 'Session', ...fields }));
    expectError('SES-02', `create with ${what}`, await meshi.call('createSession', { params: p, body: createBody }), code);
    const putBody = JSON.parse(JSON.stringify({ title: 'Session', ...fields }));
    expectError('SES-02', `PUT with ${what}`, await meshi.call('updateSession', { params: sp, body: putBody }), code);
  });
  const read = await meshi.call('getSession', { params: sp });
  expectEqual('SES-02', 'rejected PUTs changed nothing', withoutCorrelation(read.body), withoutCorrelation(existing));

  // The caps themselves are accepted, and equal start and end.
  const atCap = {
    session_id: ns.id('cap'),
    title: 't'.repeat(cap('title')),
    description: 'd'.repeat(cap('description')),
    location: 'l'.repeat(cap('location')),
    starts_at: '2026-09-10T09:00:00Z',
    ends_at: '2026-09-10T09:00:00Z',
  };
  const ok = await meshi.call('createSession', { params: p, body: atCap });
  expectAccepted('SES-02', `title, description and location at exactly their caps are accepted`, ok);
  const okPut = await meshi.call('updateSession', {
    params: sp,
    body: {
      title: 't'.repeat(cap('title')),
      location: 'l'.repeat(cap('location')),
      starts_at: '2026-09-10T10:00:00+02:00',
      ends_at: '2026-09-10T08:00:00Z',
    },
  });
  expectAccepted('SES-02', `a PUT at the caps with ends_at equal to starts_at (another offset) is accepted`, okPut);
});

test(...proves('SES-03'), async ({ meshi, ns }) => {
  const e1 = await createEvent(meshi, ns);
  const e2 = await createEvent(meshi, ns);
  const s2 = await createSession(meshi, ns, e2.event_id, fullSession(ns.id('other')));
  const cases: [string, string][] = [
    ['a session_id never created', ns.id('never-ses')],
    ['a session of another event of the org', s2.session_id as string],
  ];
  for (const [what, sid] of cases) {
    const p = { event_id: e1.event_id as string, session_id: sid };
    expectError('SES-03', `GET of ${what}`, await meshi.call('getSession', { params: p }), 'SESSION_NOT_FOUND');
    expectError(
      'SES-03',
      `PUT of ${what}`,
      await meshi.call('updateSession', { params: p, body: { title: 'Hijack' } }),
      'SESSION_NOT_FOUND',
    );
  }
  const still = await meshi.call('getSession', { params: { event_id: e2.event_id, session_id: s2.session_id } });
  expectEqual('SES-03', "the other event's session is unchanged", withoutCorrelation(still.body), withoutCorrelation(s2));
  const list1 = await meshi.call('listSessions', { params: { event_id: e1.event_id } });
  expectEqual('SES-03', 'the PUTs created no session in the first event', list1.body.items, []);
});

test(...proves('SES-04'), async ({ meshi, ns }) => {
  const e1 = await createEvent(meshi, ns);
  const e2 = await createEvent(meshi, ns);
  const existing = await createSession(meshi, ns, e1.event_id, fullSession(ns.id('taken')));
  const again = { ...fullSession(existing.session_id as string), title: 'Again', location: 'Elsewhere' };
  const cases: [string, string][] = [
    ['in the same event', e1.event_id as string],
    ['in another event of the org', e2.event_id as string],
  ];
  for (const [where, eventId] of cases) {
    expectError(
      'SES-04',
      `a second POST of session_id ${existing.session_id} ${where}`,
      await meshi.call('createSession', { params: { event_id: eventId }, body: again }),
      'PARTNER_ID_CONFLICT',
    );
  }
  const read = await meshi.call('getSession', { params: { event_id: e1.event_id, session_id: existing.session_id } });
  expectStatus('SES-04', 'the existing session read back', read, 200);
  expectEqual(
    'SES-04',
    'the refused POSTs left the existing session unchanged',
    withoutCorrelation(read.body),
    withoutCorrelation(existing),
  );
});
