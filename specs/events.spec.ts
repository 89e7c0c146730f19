// EVT: creating, listing, reading and replacing events; every field cap at n and n + 1 (from the
// contract's field rules); the cross-field and value rules; not-found on every operation under
// /events/{event_id}, with no side effect.

import { test, proves, requireProfiles } from '../harness/run/fixtures';
import { contract, errorCodeOf, eventScopedOperations, fieldRule, maxLengthOf } from '../contract';
import { createEvent } from '../harness/world/builders';
import { forEachConcurrent, sleep } from '../harness/world/concurrency';
import { slugOf } from '../harness/world/idCharacters';
import { isReplay, type Json, withoutCorrelation } from '../harness/http/json';
import { freshParams } from '../harness/world/operationRequests';
import { lister, walkPages } from '../harness/world/pages';
import { compareInstants } from '../harness/world/timestamps';
import { validBodyFor } from '../harness/world/validBody';
import { expectReadsShow } from '../harness/world/readBack';
import {
  expectAccepted,
  expectEqual,
  expectError,
  expectOrder,
  expectStatus,
  expectThat,
  requireContract,
  shown,
} from '../harness/verdicts';

test.describe.configure({ mode: 'parallel' });

const CREATE = 'EventCreate';
const UPDATE = 'EventUpdate';

/** The first allowed visibility value (from the contract's enum), and another one. */
function visibilities(): [string, string] {
  const values = (fieldRule(CREATE, 'visibility').enum ?? []).filter((v): v is string => typeof v === 'string');
  if (values.length < 2) throw new Error('[HARNESS] the contract lists fewer than two visibility values');
  return [values[0]!, values[values.length - 1]!];
}

/** A complete, valid create body. */
function fullEvent(eventId: string): Json {
  return {
    event_id: eventId,
    title: `Conformance summit ${eventId}`,
    description: 'Two days of partner integrations.',
    start_date: '2026-09-10',
    end_date: '2026-09-12',
    timezone: 'Europe/Paris',
    visibility: visibilities()[0],
    url_slug: slugOf(eventId),
  };
}

test(...proves('EVT-01'), async ({ meshi, ns }) => {
  const body = fullEvent(ns.id('full'));
  const res = await meshi.call('createEvent', { body });
  expectStatus('EVT-01', `a valid create answers 201`, res, 201);
  for (const [k, v] of Object.entries(body)) expectEqual('EVT-01', `${k} is echoed`, res.body[k], v);

  const minimal = { event_id: ns.id('min'), title: 'Only a title' };
  const res2 = await meshi.call('createEvent', { body: minimal });
  expectStatus('EVT-01', 'a create with only the required fields answers 201', res2, 201);
  expectEqual('EVT-01', 'event_id and title echoed', [res2.body.event_id, res2.body.title], [minimal.event_id, minimal.title]);
});

test(...proves('EVT-02'), async ({ meshi, ns }) => {
  const original = await createEvent(meshi, ns, fullEvent(ns.id('dup')));
  const again = await meshi.call('createEvent', {
    body: { ...fullEvent(original.event_id), title: 'A different title', description: 'Changed' },
  });
  expectError('EVT-02', 'a second POST /events with the same event_id', again, 'PARTNER_ID_CONFLICT');
  // Fetch and compare: the existing event is the original, unchanged.
  const read = await meshi.call('getEvent', { params: { event_id: original.event_id } });
  expectStatus('EVT-02', 'the existing event is still readable', read, 200);
  expectEqual(
    'EVT-02',
    'the existing event is unchanged by the conflicting create',
    withoutCorrelation(read.body),
    withoutCorrelation(original),
  );
});

test(...proves('EVT-03'), async ({ meshi, ns }) => {
  const mine: string[] = [];
  for (let i = 0; i < 3; i++) {
    if (i > 0) await sleep(25); // distinct created_at even at millisecond precision
    mine.push((await createEvent(meshi, ns)).event_id as string);
  }
  const expected = [...mine].reverse(); // newest first
  for (const limit of [1, 2, undefined]) {
    const walk = await walkPages(lister(meshi, 'listEvents'), {
      guarantee: 'EVT-03',
      limit,
      until: (items) => mine.every((id) => items.some((e) => e.event_id === id)),
    });
    // Order only: an item served twice or never is PAGE-01's failure, not this one's.
    const served = [...new Set(walk.items.map((e) => e.event_id as string))].filter((id) => mine.includes(id));
    expectOrder(
      'EVT-03',
      `my events, newest first (limit ${limit ?? 'default'})`,
      served,
      expected.filter((id) => served.includes(id)),
    );
    for (let i = 1; i < walk.items.length; i++) {
      const [before, after] = [walk.items[i - 1]!, walk.items[i]!];
      expectThat(
        'EVT-03',
        `created_at never increases down the list (item ${i}: ${after.event_id} at ${after.created_at} after ${before.event_id} at ${before.created_at}, limit ${limit ?? 'default'})`,
        compareInstants(after.created_at as string, before.created_at as string) <= 0,
      );
    }
  }
});

test(...proves('EVT-04'), async ({ meshi, ns }) => {
  const max = maxLengthOf(CREATE, 'title');
  const code = errorCodeOf(CREATE, 'title');
  expectError('EVT-04', 'a create without title', await meshi.call('createEvent', { body: { event_id: ns.id('t') } }), code);
  expectError(
    'EVT-04',
    'a create with an empty title',
    await meshi.call('createEvent', { body: { event_id: ns.id('t'), title: '' } }),
    code,
  );
  expectError(
    'EVT-04',
    'a create with a null title',
    await meshi.call('createEvent', { body: { event_id: ns.id('t'), title: null } }),
    code,
  );
  expectError(
    'EVT-04',
    `a create with a title of ${max + 1} characters`,
    await meshi.call('createEvent', { body: { event_id: ns.id('t'), title: 't'.repeat(max + 1) } }),
    code,
  );
  const id = ns.id('t');
  const ok = await meshi.call('createEvent', { body: { event_id: id, title: 't'.repeat(max) } });
  expectAccepted('EVT-04', `a title of exactly ${max} characters is accepted`, ok);
  expectEqual('EVT-04', 'and stored whole', ok.body.title, 't'.repeat(max));
});

test(...proves('EVT-05'), async ({ meshi, ns }) => {
  // Every capped field of the create body (event_id: ID-01; title: EVT-04), one character over.
  const capped = contract.fieldRules[CREATE]!.filter((r) => r.maxLength !== null && r.errorCode && !['event_id', 'title'].includes(r.name));
  requireContract('the event fields the guarantee names are capped in the contract', capped.length >= 4);
  for (const rule of capped) {
    const res = await meshi.call('createEvent', {
      body: { event_id: ns.id('cap'), title: 'Cap', [rule.name]: 'a'.repeat(rule.maxLength! + 1) },
    });
    expectError('EVT-05', `${rule.name} of ${rule.maxLength! + 1} characters`, res, rule.errorCode!);
  }
  // Fields whose value at exactly n characters is otherwise valid.
  for (const name of ['description', 'url_slug']) {
    const n = maxLengthOf(CREATE, name);
    const res = await meshi.call('createEvent', { body: { event_id: ns.id('cap'), title: 'Cap', [name]: 'a'.repeat(n) } });
    expectAccepted('EVT-05', `${name} of exactly ${n} characters is accepted`, res);
    expectEqual('EVT-05', `${name} stored whole`, (res.body[name] as string).length, n);
  }
  // Dates that are not ISO dates.
  const notIso: unknown[] = [
    '2026/09/10',
    '10-09-2026',
    '2026-9-10',
    '2026-02-30',
    '2026-13-01',
    '20260910',
    '2026-09-10T10:00:00Z',
    'next week',
    '',
    20260910,
  ];
  const dateCases = ['start_date', 'end_date'].flatMap((field) => notIso.map((v) => ({ field, v })));
  await forEachConcurrent(dateCases, async ({ field, v }) => {
    const res = await meshi.call('createEvent', { body: { event_id: ns.id('date'), title: 'Dates', [field]: v } });
    expectError('EVT-05', `${field} ${JSON.stringify(v)}`, res, errorCodeOf(CREATE, field));
  });
});

test(...proves('EVT-09'), async ({ meshi, ns }) => {
  const existing = await createEvent(meshi, ns, fullEvent(ns.id('put-rules')));
  const params = { event_id: existing.event_id as string };
  const n = maxLengthOf(UPDATE, 'description');
  const cases: [string, Json, string][] = [
    [`a description of ${n + 1} characters`, { description: 'd'.repeat(n + 1) }, errorCodeOf(UPDATE, 'description')],
    ...['2026/09/10', '2026-02-30', 'noon', '2026-09-10T10:00:00Z'].map((v): [string, Json, string] => [
      `start_date ${JSON.stringify(v)}`,
      { start_date: v },
      errorCodeOf(UPDATE, 'start_date'),
    ]),
  ];
  await forEachConcurrent(cases, async ([what, fields, code]) => {
    expectError('EVT-09', `PUT with ${what}`, await meshi.call('updateEvent', { params, body: { title: 'Replaced', ...fields } }), code);
  });
  const read = await meshi.call('getEvent', { params });
  expectStatus('EVT-09', 'the event read back after the rejected PUTs', read, 200);
  expectEqual('EVT-09', 'the rejected PUTs left the event unchanged', withoutCorrelation(read.body), withoutCorrelation(existing));
});

test(...proves('EVT-06'), async ({ meshi, ns }, testInfo) => {
  requireProfiles(testInfo, 'writes');
  const existing = await createEvent(meshi, ns, fullEvent(ns.id('rules')));
  const cases: [string, Json, string][] = [
    ...['Mars/Olympus_Mons', 'Europe/Atlantis', 'GMT+25', 'paris', 'Europe/'].map((tz): [string, Json, string] => [
      `timezone ${tz}`,
      { timezone: tz },
      errorCodeOf(CREATE, 'timezone'),
    ]),
    ...['secret', 'PUBLIC', 'Private', 'everyone', ''].map((v): [string, Json, string] => [
      `visibility ${JSON.stringify(v)}`,
      { visibility: v },
      errorCodeOf(CREATE, 'visibility'),
    ]),
    ...['Upper-case', '-leading', 'under_score', 'spa ce', 'dot.ted', 'ünïcode', ''].map((s): [string, Json, string] => [
      `url_slug ${JSON.stringify(s)}`,
      { url_slug: s },
      errorCodeOf(CREATE, 'url_slug'),
    ]),
    ['end_date before start_date', { start_date: '2026-09-12', end_date: '2026-09-11' }, errorCodeOf(CREATE, 'end_date')],
    ['end_date a year before start_date', { start_date: '2027-01-01', end_date: '2026-12-31' }, errorCodeOf(CREATE, 'end_date')],
  ];
  await forEachConcurrent(cases, async ([what, fields, code]) => {
    expectError(
      'EVT-06',
      `create with ${what}`,
      await meshi.call('createEvent', { body: { event_id: ns.id('rule'), title: 'Rules', ...fields } }),
      code,
    );
    expectError(
      'EVT-06',
      `PUT with ${what}`,
      await meshi.call('updateEvent', { params: { event_id: existing.event_id }, body: { title: 'Rules', ...fields } }),
      code,
    );
  });
  const read = await meshi.call('getEvent', { params: { event_id: existing.event_id } });
  expectEqual('EVT-06', 'rejected PUTs changed nothing', withoutCorrelation(read.body), withoutCorrelation(existing));
  // Control: the same dates in order and end = start are fine.
  const ok = await meshi.call('createEvent', {
    body: { event_id: ns.id('rule'), title: 'Rules', start_date: '2026-09-12', end_date: '2026-09-12' },
  });
  expectAccepted('EVT-06', 'end_date equal to start_date is accepted', ok);
});

test(...proves('EVT-07'), async ({ meshi, ns }) => {
  const created = await createEvent(meshi, ns, fullEvent(ns.id('put')));
  const eventId = created.event_id as string;
  const read = await meshi.call('getEvent', { params: { event_id: eventId } });
  expectStatus('EVT-07', 'GET answers 200', read, 200);
  expectEqual('EVT-07', 'GET returns the event as created', withoutCorrelation(read.body), withoutCorrelation(created));

  const mutable = contract.fieldRules[UPDATE]!.map((r) => r.name);
  expectThat('EVT-07', 'event_id is not a mutable field', !mutable.includes('event_id'), 'event_id', `not in ${shown(mutable)}`);
  const [, otherVisibility] = visibilities();
  const replacement: Json = {
    title: 'Replaced title',
    description: 'Replaced description',
    start_date: '2027-03-01',
    end_date: '2027-03-02',
    timezone: 'America/New_York',
    visibility: otherVisibility,
    url_slug: `${slugOf(eventId)}-v2`,
  };
  expectEqual('EVT-07', 'the replacement sets every mutable field', Object.keys(replacement).sort(), [...mutable].sort());
  await sleep(5);
  const put = await meshi.call('updateEvent', { params: { event_id: eventId }, body: replacement });
  expectStatus('EVT-07', `PUT answers 200`, put, 200);
  for (const [k, v] of Object.entries(replacement)) expectEqual('EVT-07', `PUT replaced ${k}`, put.body[k], v);
  expectEqual('EVT-07', 'event_id and created_at unchanged', [put.body.event_id, put.body.created_at], [eventId, created.created_at]);
  expectThat(
    'EVT-07',
    `updated_at ${put.body.updated_at} not before created_at ${created.created_at}`,
    compareInstants(put.body.updated_at, created.created_at) >= 0,
  );
  const afterPut = await meshi.call('getEvent', { params: { event_id: eventId } });
  expectEqual('EVT-07', 'GET returns the event as the PUT returned it', withoutCorrelation(afterPut.body), withoutCorrelation(put.body));
  const place = { item: { op: 'getEvent', params: { event_id: eventId } } };
  await expectReadsShow('EVT-07', 'after the PUT', meshi, place, put.body);

  // A PUT is a replacement: optional fields left out are cleared.
  const put2 = await meshi.call('updateEvent', { params: { event_id: eventId }, body: { title: 'Only a title now' } });
  expectStatus('EVT-07', 'a PUT with only the title answers 200', put2, 200);
  for (const k of mutable.filter((k) => k !== 'title'))
    expectEqual('EVT-07', `${k} left out of the PUT is cleared to null`, put2.body[k], null);
  const afterPut2 = await meshi.call('getEvent', { params: { event_id: eventId } });
  expectEqual(
    'EVT-07',
    'GET returns the event as the last PUT returned it',
    withoutCorrelation(afterPut2.body),
    withoutCorrelation(put2.body),
  );
  await expectReadsShow('EVT-07', 'after the second PUT', meshi, place, put2.body);
});

test(...proves('EVT-08'), async ({ meshi, ns, target }) => {
  const missing = ns.id('never-event');
  const ops = eventScopedOperations();
  const bodies = new Map<string, Json | undefined>();
  const sent = ops.filter((op) => !(target.readOnly && contract.operations[op]!.scope === 'partner:write'));
  for (const op of sent) bodies.set(op, validBodyFor(op, ns));
  await forEachConcurrent(sent, async (op) => {
    const res = await meshi.call(op, { params: freshParams(op, ns, { event_id: missing }), body: bodies.get(op) });
    expectError('EVT-08', `${op} on an event_id that was never created`, res, 'EVENT_NOT_FOUND');
  });
  if (target.readOnly) return;
  // Nothing was created, changed or started.
  expectError(
    'EVT-08',
    'the event still does not exist',
    await meshi.call('getEvent', { params: { event_id: missing } }),
    'EVENT_NOT_FOUND',
  );
  const session = bodies.get('createSession')?.session_id as string;
  const attendee = (bodies.get('importAttendees')?.attendees as Json[])[0]!.attendee_id as string;
  expectError(
    'EVT-08',
    'the session of the rejected create is not mapped',
    await meshi.call('getIdMapping', { params: { kind: 'session', partner_id: session } }),
    'PARTNER_ID_NOT_FOUND',
  );
  expectError(
    'EVT-08',
    'the attendee of the rejected import is not mapped',
    await meshi.call('getIdMapping', { params: { kind: 'attendee', partner_id: attendee } }),
    'PARTNER_ID_NOT_FOUND',
  );
  // The idempotency keys of the rejected run-creating writes were not consumed: the same requests
  // on a real event start new runs (no replay).
  const real = await createEvent(meshi, ns);
  for (const op of ops.filter((o) => contract.operations[o]!.runCreating)) {
    const res = await meshi.call(op, { params: { event_id: real.event_id }, body: bodies.get(op) });
    expectStatus(
      'EVT-08',
      `${op}: the key of the rejected request is still free (new run on a real event)`,
      res,
      contract.operations[op]!.successStatus,
    );
    expectThat('EVT-08', `${op}: not a replay of a run the rejected request would have started`, !isReplay(res));
  }
});
