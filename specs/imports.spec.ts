// IMP and ATT: the import run object, payload checks (empty, row cap and cap + 1 from the target's
// configured limits, duplicate IDs) that start no run, row-level failures (partial, failed),
// upsert, and what the attendee routes serve once the import is terminal.

import { test, proves } from '../harness/run/fixtures';
import { contract, errorCodeOf, type GuaranteeId } from '../contract';
import type { MeshiClient } from '../harness/http/client';
import type { Namespace } from '../harness/world/namespace';
import { attendeeRow, createEvent, createSession, importAndWait, runToTerminal, requireRunDone } from '../harness/world/builders';
import { type Json, withoutCorrelation } from '../harness/http/json';
import { readAll } from '../harness/world/pages';
import { expectReadsShow } from '../harness/world/readBack';
import { expectEqual, expectError, expectKeyStillFree, expectStatus, expectThat, requireThat, shown } from '../harness/verdicts';

test.describe.configure({ mode: 'parallel' });

const REQUEST = 'AttendeeImportRequest';
const ROW = 'AttendeeImportRow';
const IMPORT_STATUS = contract.operations.importAttendees!.successStatus;

/** A rejected import started no run: the same key with another, valid payload starts a fresh one. */
async function expectKeyUnused(g: GuaranteeId, meshi: MeshiClient, ns: Namespace, eventId: string, key: string): Promise<void> {
  const probe = await meshi.call('importAttendees', {
    params: { event_id: eventId },
    body: { attendees: [attendeeRow(ns, 'probe')], idempotency_key: key },
  });
  expectKeyStillFree(g, 'the rejected import', probe);
}

test(...proves('IMP-01'), async ({ meshi, ns }) => {
  const event = await createEvent(meshi, ns);
  const res = await meshi.call('importAttendees', {
    params: { event_id: event.event_id },
    body: { attendees: [attendeeRow(ns), attendeeRow(ns)], idempotency_key: ns.idempotencyKey() },
  });
  expectStatus('IMP-01', `the import answers ${IMPORT_STATUS}: ${res.text.slice(0, 200)}`, res, IMPORT_STATUS);
  expectEqual('IMP-01', 'the response is a run with a run_id', typeof res.body.run_id, 'string');
  expectThat(
    'IMP-01',
    'the response run has a status',
    contract.runStatuses.includes(res.body.status),
    res.body.status,
    `in ${shown(contract.runStatuses)}`,
  );
  const read = await meshi.call('getRun', { params: { run_id: res.body.run_id } });
  expectStatus('IMP-01', 'the run is readable through GET /runs/{run_id}', read, 200);
  expectEqual(
    'IMP-01',
    'the same import run of the event',
    [read.body.run_id, read.body.kind, read.body.event_id],
    [res.body.run_id, res.body.kind, event.event_id],
  );
  expectEqual('IMP-01', 'the same run (created_at)', read.body.created_at, res.body.created_at);
});

test(...proves('IMP-02'), async ({ meshi, ns }) => {
  const event = await createEvent(meshi, ns);
  const p = { event_id: event.event_id as string };
  const code = errorCodeOf(REQUEST, 'attendees');
  const key = ns.idempotencyKey('empty');
  expectError(
    'IMP-02',
    'an import with an empty attendees array',
    await meshi.call('importAttendees', { params: p, body: { attendees: [], idempotency_key: key } }),
    code,
  );
  await expectKeyUnused('IMP-02', meshi, ns, p.event_id, key);
  // Related malformed payloads get the same code.
  for (const [what, attendees] of [
    ['no attendees field', undefined],
    ['attendees null', null],
    ['attendees an object', {}],
    ['attendees a string', 'rows'],
  ] as const) {
    const res = await meshi.call('importAttendees', { params: p, body: { attendees, idempotency_key: ns.idempotencyKey('bad') } });
    expectError('IMP-02', `an import with ${what}`, res, code);
  }
});

test(...proves('IMP-03'), async ({ meshi, ns, target }, testInfo) => {
  const cap = target.limits.importMaxRows!;
  const maxBytes = target.limits.maxBodyBytes!;
  const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ attendee_id: ns.id('r'), name: `R${i}` }));
  const full = rows(cap);
  const over = rows(cap + 1);
  const overBytes = Buffer.byteLength(JSON.stringify({ attendees: over, idempotency_key: ns.idempotencyKey('x') }));
  if (overBytes > maxBytes)
    testInfo.skip(true, `not exercised: ${cap + 1} minimal rows take ${overBytes} bytes, over the ${maxBytes}-byte body limit`);

  const event = await createEvent(meshi, ns);
  const p = { event_id: event.event_id as string };
  const key = ns.idempotencyKey('over');
  const rejected = await meshi.call('importAttendees', { params: p, body: { attendees: over, idempotency_key: key } });
  expectError('IMP-03', `an import of ${cap + 1} rows (cap + 1)`, rejected, errorCodeOf(REQUEST, 'attendees'));

  const accepted = await meshi.call('importAttendees', { params: p, body: { attendees: full, idempotency_key: ns.idempotencyKey('cap') } });
  expectStatus('IMP-03', `an import of exactly ${cap} rows is accepted: ${accepted.text.slice(0, 200)}`, accepted, IMPORT_STATUS);
  const run = await runToTerminal(meshi, accepted.body);
  expectEqual('IMP-03', `all ${cap} rows imported`, run.counts, { total: cap, succeeded: cap, failed: 0 });
  // The rejected cap + 1 request started nothing: its key is free.
  await expectKeyUnused('IMP-03', meshi, ns, p.event_id, key);
});

test(...proves('IMP-04'), async ({ meshi, ns }) => {
  const event = await createEvent(meshi, ns);
  const p = { event_id: event.event_id as string };
  const a = attendeeRow(ns);
  const b = attendeeRow(ns);
  const payloads: [string, Json[]][] = [
    ['the same row twice in a row', [a, a]],
    [
      'the same attendee_id in two different rows, apart',
      [a, b, attendeeRow(ns, 'x', { attendee_id: a.attendee_id, name: 'Another name' })],
    ],
  ];
  for (const [what, attendees] of payloads) {
    const key = ns.idempotencyKey('dup');
    const res = await meshi.call('importAttendees', { params: p, body: { attendees, idempotency_key: key } });
    expectError('IMP-04', `an import with ${what}`, res, 'DUPLICATE_ATTENDEE_ID');
    await expectKeyUnused('IMP-04', meshi, ns, p.event_id, key);
  }
  // The probes aside, none of the duplicated payload's rows was imported by a run.
  const list = await readAll(meshi, 'listAttendees', p);
  const ids = list.map((x) => x.attendee_id);
  expectThat('IMP-04', 'no row of a rejected payload was imported', !(ids.includes(a.attendee_id) || ids.includes(b.attendee_id)));
});

test(...proves('IMP-05'), async ({ meshi, ns }) => {
  const ok1 = attendeeRow(ns, 'ok');
  const ok2 = attendeeRow(ns, 'ok', { email: null, company: 'Acme' });
  const noName = attendeeRow(ns, 'noname', { name: undefined });
  const badEmail = attendeeRow(ns, 'bademail', { email: 'not-an-email' });
  const badLinkedIn = attendeeRow(ns, 'badli', { linkedin_url: 'https://example.com/in/someone' });
  const expectedErrors = [
    [noName.attendee_id, errorCodeOf(ROW, 'name')],
    [badEmail.attendee_id, errorCodeOf(ROW, 'email')],
    [badLinkedIn.attendee_id, errorCodeOf(ROW, 'linkedin_url')],
  ];
  const event = await createEvent(meshi, ns);
  const p = { event_id: event.event_id as string };
  const rows = JSON.parse(JSON.stringify([ok1, noName, badEmail, ok2, badLinkedIn])) as Json[];
  const run = await importAndWait(meshi, ns, p.event_id, rows);
  expectEqual('IMP-05', 'some rows failing: the run ends partial', run.status, 'partial');
  expectEqual('IMP-05', 'counts', run.counts, { total: 5, succeeded: 2, failed: 3 });
  expectEqual(
    'IMP-05',
    'each failing row listed with its code',
    (run.errors as Json[]).map((e) => [e.attendee_id, e.code]).sort(),
    [...expectedErrors].sort(),
  );
  const ids = (await readAll(meshi, 'listAttendees', p)).map((x) => x.attendee_id).sort();
  expectEqual('IMP-05', 'the other rows were imported', ids, [ok1.attendee_id, ok2.attendee_id].sort());

  // Every row failing: failed, nothing imported.
  const event2 = await createEvent(meshi, ns);
  const all = JSON.parse(
    JSON.stringify([
      attendeeRow(ns, 'n', { name: undefined }),
      attendeeRow(ns, 'e', { email: 'a@@b' }),
      attendeeRow(ns, 'e', { email: 'no at sign' }),
    ]),
  ) as Json[];
  const run2 = await importAndWait(meshi, ns, event2.event_id, all);
  expectEqual('IMP-05', 'every row failing: the run ends failed', run2.status, 'failed');
  expectEqual('IMP-05', 'counts of the failed run', run2.counts, { total: 3, succeeded: 0, failed: 3 });
  expectEqual(
    'IMP-05',
    'every row listed in errors',
    (run2.errors as Json[]).map((e) => e.attendee_id).sort(),
    all.map((r) => r.attendee_id).sort(),
  );
  expectEqual('IMP-05', 'nothing imported by a failed run', await readAll(meshi, 'listAttendees', { event_id: event2.event_id }), []);
});

test(...proves('IMP-06'), async ({ meshi, ns }) => {
  const event = await createEvent(meshi, ns);
  const p = { event_id: event.event_id as string };
  const first = attendeeRow(ns, 'up', { title: 'Engineer', company: 'Initech' });
  const other = attendeeRow(ns, 'stay');
  const run1 = await importAndWait(meshi, ns, p.event_id, [first, other]);
  requireRunDone('the first import', run1);
  const before = await meshi.call('getAttendee', { params: { ...p, attendee_id: first.attendee_id } });

  const updated = { ...first, name: 'Renamed Person', title: 'Director of Engineering', company: 'Globex' };
  const run2 = await importAndWait(meshi, ns, p.event_id, [updated]);
  expectEqual('IMP-06', 're-importing an existing attendee_id does not fail the row', run2.counts, { total: 1, succeeded: 1, failed: 0 });
  expectEqual('IMP-06', 'no row error', run2.errors, []);
  const after = await meshi.call('getAttendee', { params: { ...p, attendee_id: first.attendee_id } });
  expectStatus('IMP-06', 'the attendee is readable', after, 200);
  expectEqual(
    'IMP-06',
    'the attendee was updated in place',
    [after.body.name, after.body.title, after.body.company],
    [updated.name, updated.title, updated.company],
  );
  expectEqual('IMP-06', 'the same attendee (created_at unchanged)', after.body.created_at, before.body.created_at);
  const place = {
    item: { op: 'getAttendee', params: { ...p, attendee_id: first.attendee_id as string } },
    list: { op: 'listAttendees', params: p, idField: 'attendee_id', id: first.attendee_id as string },
  };
  await expectReadsShow('IMP-06', 'after the re-import', meshi, place, after.body);
  const ids = (await readAll(meshi, 'listAttendees', p)).map((x) => x.attendee_id);
  expectEqual('IMP-06', 'no second attendee with that attendee_id', ids.filter((id) => id === first.attendee_id).length, 1);
  expectEqual('IMP-06', 'the other attendee is untouched and still listed', ids.sort(), [first.attendee_id, other.attendee_id].sort());
});

test(...proves('ATT-01'), async ({ meshi, ns }) => {
  const event = await createEvent(meshi, ns);
  const p = { event_id: event.event_id as string };
  const session = await createSession(meshi, ns, p.event_id);
  const full = attendeeRow(ns, 'full', {
    linkedin_url: 'https://www.linkedin.com/in/conformance-full',
    title: 'Head of Data',
    company: 'Acme Analytics',
    session_ids: [session.session_id],
    raw: { crm: { tier: 'gold', tags: ['vip', 'speaker'] }, score: 7 },
  });
  const minimal = { attendee_id: ns.id('min'), name: 'Minimal Person' };
  const failing = attendeeRow(ns, 'fail', { email: 'broken' });
  const run = await importAndWait(meshi, ns, p.event_id, [full, minimal, failing]);
  requireThat('IMP-05', `an import with one failing row ended ${String(run.status)}, expected partial`, run.status === 'partial');

  const expectedFields: [Json, Json][] = [
    [
      full,
      {
        name: full.name,
        email: full.email,
        linkedin_url: full.linkedin_url,
        title: full.title,
        company: full.company,
        session_ids: full.session_ids,
        raw: full.raw,
      },
    ],
    [minimal, { name: minimal.name, email: null, linkedin_url: null, title: null, company: null, session_ids: [], raw: null }],
  ];
  for (const [row, fields] of expectedFields) {
    const res = await meshi.call('getAttendee', { params: { ...p, attendee_id: row.attendee_id } });
    expectStatus('ATT-01', `GET of imported attendee ${row.attendee_id} answers 200`, res, 200);
    for (const [k, v] of Object.entries(fields)) expectEqual('ATT-01', `${row.attendee_id}: ${k} as imported`, res.body[k], v);
    expectEqual('ATT-01', 'enrichment pending until an enrichment run', res.body.enrichment?.status, 'pending');
  }
  expectError(
    'ATT-01',
    'GET of the row that failed',
    await meshi.call('getAttendee', { params: { ...p, attendee_id: failing.attendee_id } }),
    'ATTENDEE_NOT_FOUND',
  );
  const list = await meshi.call('listAttendees', { params: p });
  expectStatus('ATT-01', 'the attendee list answers 200', list, 200);
  expectEqual(
    'ATT-01',
    'the list is exactly the rows that did not fail',
    (list.body.items as Json[]).map((x) => x.attendee_id).sort(),
    [full.attendee_id, minimal.attendee_id].sort(),
  );
  const one = await meshi.call('getAttendee', { params: { ...p, attendee_id: full.attendee_id } });
  expectEqual(
    'ATT-01',
    'the list item equals the attendee read',
    (list.body.items as Json[]).find((x) => x.attendee_id === full.attendee_id),
    withoutCorrelation(one.body),
  );
});

test(...proves('ATT-02'), async ({ meshi, ns }) => {
  const e1 = await createEvent(meshi, ns);
  const e2 = await createEvent(meshi, ns);
  const inE2 = attendeeRow(ns, 'e2');
  const inE1 = attendeeRow(ns, 'e1');
  const [r1, r2] = await Promise.all([importAndWait(meshi, ns, e1.event_id, [inE1]), importAndWait(meshi, ns, e2.event_id, [inE2])]);
  for (const r of [r1, r2]) requireRunDone('an import', r);
  const control = await meshi.call('getAttendee', { params: { event_id: e1.event_id, attendee_id: inE1.attendee_id } });
  expectStatus('ATT-02', "control: the event's own attendee is found", control, 200);
  expectError(
    'ATT-02',
    'an attendee_id never imported',
    await meshi.call('getAttendee', { params: { event_id: e1.event_id, attendee_id: ns.id('never-att') } }),
    'ATTENDEE_NOT_FOUND',
  );
  expectError(
    'ATT-02',
    'an attendee of another event of the org',
    await meshi.call('getAttendee', { params: { event_id: e1.event_id, attendee_id: inE2.attendee_id } }),
    'ATTENDEE_NOT_FOUND',
  );
});
