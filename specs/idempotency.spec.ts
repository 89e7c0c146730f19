// IDEM: idempotency_key on the run-creating writes — required, validated (length and alphabet from
// the contract), replayed (same run, Idempotent-Replayed), conflicting (event, operation, payload),
// race-free under 20 concurrent requests, not consumed by rejected requests, scoped to the org.

import { randomUUID } from 'node:crypto';
import { test, proves } from '../harness/run/fixtures';
import { contract, fieldRule, runCreatingOperations } from '../contract';
import type { MeshiClient, MeshiResponse } from '../harness/http/client';
import type { Namespace } from '../harness/world/namespace';
import {
  attendeeRow,
  attendeeRows,
  createEvent,
  eventWithAttendees,
  importAndWait,
  runToTerminal,
  requireRunDone,
} from '../harness/world/builders';
import { forEachConcurrent } from '../harness/world/concurrency';
import { CANDIDATE_CHARS, charName } from '../harness/world/idCharacters';
import { isReplay, type Json } from '../harness/http/json';
import { readAll } from '../harness/world/pages';
import {
  caseNotExercised,
  expectAccepted,
  expectEqual,
  expectError,
  expectStatus,
  expectThat,
  observeSubject,
  requireAccepted,
  requireContract,
  requireObserved,
  requireThat,
} from '../harness/verdicts';

test.describe.configure({ mode: 'parallel' });

const KEY_RULE = fieldRule('AttendeeImportRequest', 'idempotency_key');
const KEY_CODE = KEY_RULE.errorCode!;
const KEY_MAX = contract.limits.idempotencyKeyMaxLength!;
const KEY_RE = new RegExp(KEY_RULE.pattern!, 'u');
const CONFLICT = 'IDEMPOTENCY_KEY_CONFLICT';

/** Every run-creating request schema validates the key the same way. */
function sameKeyRules(): boolean {
  return runCreatingOperations.every((op) => {
    const r = fieldRule(contract.operations[op]!.requestBody!.schema, 'idempotency_key');
    return r.pattern === KEY_RULE.pattern && r.maxLength === KEY_RULE.maxLength && r.errorCode === KEY_CODE;
  });
}

function bodyFor(op: string, ns: Namespace, key: string | undefined, rows?: Json[]): Json {
  const body: Json = {};
  if (op === 'importAttendees') body.attendees = rows ?? [attendeeRow(ns)];
  if (key !== undefined) body.idempotency_key = key;
  return body;
}

function call(meshi: MeshiClient, op: string, eventId: string, body: Json): Promise<MeshiResponse<Json>> {
  return meshi.call<Json>(op, { params: { event_id: eventId }, body });
}

/** A key of exactly `length` printable characters drawing on the whole allowed alphabet, unique to this call. */
function keyOfLength(ns: Namespace, length: number): string {
  const alphabet = CANDIDATE_CHARS.filter((c) => KEY_RE.test(c)).join('');
  const head = ns.idempotencyKey('long');
  return (head + alphabet.repeat(Math.ceil(length / alphabet.length))).slice(0, length);
}

test(...proves('IDEM-01'), async ({ meshi, ns }) => {
  const rows = attendeeRows(ns, 2);
  const { event } = await eventWithAttendees(meshi, ns, rows);
  const p = event.event_id as string;
  const stray = attendeeRow(ns, 'stray');
  for (const op of runCreatingOperations) {
    for (const [what, key] of [
      ['without idempotency_key', undefined],
      ['with an empty idempotency_key', ''],
      ['with a null idempotency_key', null],
    ] as const) {
      const body = bodyFor(op, ns, key as string | undefined, [stray]);
      if (key === null) body.idempotency_key = null;
      expectError('IDEM-01', `${op} ${what}`, await call(meshi, op, p, body), KEY_CODE);
    }
  }
  // No run was started: after a later import has finished (a barrier in time), the stray row was
  // never imported, enrichment never ran (still pending) and no matching scores exist.
  const barrier = await importAndWait(meshi, ns, p, [attendeeRow(ns, 'barrier')]);
  requireRunDone('the barrier import', barrier);
  const attendees = await readAll(meshi, 'listAttendees', { event_id: p });
  expectThat(
    'IDEM-01',
    'the rejected imports imported nothing',
    !attendees.some((a) => a.attendee_id === stray.attendee_id),
    stray.attendee_id,
    'not among the attendees',
  );
  expectEqual(
    'IDEM-01',
    'the rejected enrichments started nothing (every attendee still pending)',
    attendees.map((a) => a.enrichment?.status),
    attendees.map(() => 'pending'),
  );
  const matches = await meshi.call('listMatches', { params: { event_id: p } });
  expectEqual('IDEM-01', 'the rejected matchings started nothing (no scores)', matches.body.items, []);
});

test(...proves('IDEM-02'), async ({ meshi, ns }) => {
  requireContract('one key rule for every run-creating write', sameKeyRules());
  const event = await createEvent(meshi, ns);
  const p = event.event_id as string;
  const nonPrintable = CANDIDATE_CHARS.filter((c) => !KEY_RE.test(c));
  expectThat('IDEM-02', 'characters outside the key alphabet to try', nonPrintable.length >= 5, nonPrintable.length, '>= 5');
  const bad: [string, string][] = [
    [`of ${KEY_MAX + 1} characters`, keyOfLength(ns, KEY_MAX + 1)],
    ...nonPrintable.map((c): [string, string] => [`containing ${charName(c)}`, `${ns.idempotencyKey('np')}${c}x`]),
  ];
  for (const op of runCreatingOperations) {
    // Every invalid key on the import; the length case and two characters on the others.
    const cases = op === 'importAttendees' ? bad : [bad[0]!, bad[1]!, bad[bad.length - 1]!];
    await forEachConcurrent(cases, async ([what, key]) =>
      expectError('IDEM-02', `${op} with an idempotency_key ${what}`, await call(meshi, op, p, bodyFor(op, ns, key)), KEY_CODE),
    );
  }
  for (const op of runCreatingOperations) {
    for (const [what, key] of [
      [`of exactly ${KEY_MAX} printable characters`, keyOfLength(ns, KEY_MAX)],
      ['that is a UUID', randomUUID()],
    ] as const) {
      const res = await call(meshi, op, p, bodyFor(op, ns, key));
      expectAccepted('IDEM-02', `${op} with a key ${what} is accepted`, res);
    }
  }
});

test(...proves('IDEM-03'), async ({ meshi, ns }) => {
  const { event } = await eventWithAttendees(meshi, ns, attendeeRows(ns, 2));
  const p = event.event_id as string;
  // The three operations side by side (each waits for its own run).
  await Promise.all(
    runCreatingOperations.map(async (op) => {
      const body = bodyFor(op, ns, ns.idempotencyKey(op));
      const first = await call(meshi, op, p, body);
      requireAccepted('RUN-01', `${op}: first request answers 202`, first);
      expectThat('IDEM-03', `${op}: the first request is not marked as a replay`, !isReplay(first));
      const again = await call(meshi, op, p, JSON.parse(JSON.stringify(body)));
      expectStatus('IDEM-03', `${op}: the repeat answers 202`, again, 202);
      expectEqual('IDEM-03', `${op}: the repeat returns the original run_id`, again.body.run_id, first.body.run_id);
      expectEqual('IDEM-03', `${op}: the repeat carries Idempotent-Replayed: true`, again.headers['idempotent-replayed'], 'true');
      // After the run is terminal, a replay is still the same run (what state it shows is not this sentence's).
      await runToTerminal(meshi, first.body);
      const late = await call(meshi, op, p, body);
      expectEqual(
        'IDEM-03',
        `${op}: a replay after the end is the same run`,
        [late.status, late.body.run_id, isReplay(late)],
        [202, first.body.run_id, true],
      );
    }),
  );
  // No second run: the import replay did not import twice (one attendee per row).
  const list = await readAll(meshi, 'listAttendees', { event_id: p });
  expectEqual('IDEM-03', 'no duplicate attendees from replays', new Set(list.map((a) => a.attendee_id)).size, list.length);
});

test(...proves('IDEM-04', 'IDEM-05'), async ({ meshi, ns }) => {
  const [{ event: e1 }, { event: e2 }] = await Promise.all([
    eventWithAttendees(meshi, ns, attendeeRows(ns, 2)),
    eventWithAttendees(meshi, ns, attendeeRows(ns, 2)),
  ]);
  for (const op of runCreatingOperations) {
    const key = ns.idempotencyKey(op);
    const body = bodyFor(op, ns, key);
    const first = await call(meshi, op, e1.event_id, body);
    requireAccepted('RUN-01', `${op}: the key's first use answers 202`, first);
    const otherEvent = await call(meshi, op, e2.event_id, body);
    expectError('IDEM-04', `${op}: the same key and payload for another event`, otherEvent, CONFLICT);
    expectStatus('IDEM-05', `${op}: a different event is a 409 conflict`, otherEvent, 409);
    for (const other of runCreatingOperations.filter((o) => o !== op)) {
      const res = await call(meshi, other, e1.event_id, bodyFor(other, ns, key));
      expectError('IDEM-04', `the key of ${op} reused for ${other} on the same event`, res, CONFLICT);
      expectStatus('IDEM-05', `${op} → ${other}: a different operation is a 409 conflict`, res, 409);
    }
  }
  // Starting no run: the import payload aimed at the second event never arrived there.
  const barrier = await importAndWait(meshi, ns, e2.event_id, [attendeeRow(ns, 'barrier')]);
  expectEqual('IDEM-04', 'barrier import', barrier.counts.total, 1);
  const e2ids = (await readAll(meshi, 'listAttendees', { event_id: e2.event_id })).map((a) => a.attendee_id);
  expectEqual('IDEM-04', 'the conflicting import added nothing to the other event', e2ids.length, 3);
});

test(...proves('IDEM-05'), async ({ meshi, ns }) => {
  const { event } = await eventWithAttendees(meshi, ns, attendeeRows(ns, 2));
  const p = event.event_id as string;
  const cases: [string, (key: string) => Json, (key: string) => Json][] = [
    [
      'importAttendees',
      (k) => bodyFor('importAttendees', ns, k, [attendeeRow(ns, 'pay')]),
      (k) => bodyFor('importAttendees', ns, k, [attendeeRow(ns, 'pay2')]),
    ],
    [
      'importAttendees',
      (k) => ({ ...bodyFor('importAttendees', ns, k), webhook_url: null }),
      (k) => ({ ...bodyFor('importAttendees', ns, k), webhook_url: 'https://hooks.example.com/a' }),
    ],
    [
      'enrichAttendees',
      (k) => bodyFor('enrichAttendees', ns, k),
      (k) => ({ ...bodyFor('enrichAttendees', ns, k), webhook_url: 'https://hooks.example.com/b' }),
    ],
    [
      'runMatching',
      (k) => ({ ...bodyFor('runMatching', ns, k), webhook_url: 'https://hooks.example.com/c' }),
      (k) => ({ ...bodyFor('runMatching', ns, k), webhook_url: 'https://hooks.example.com/d' }),
    ],
  ];
  for (const [op, firstBody, secondBody] of cases) {
    const key = ns.idempotencyKey(op);
    const first = await call(meshi, op, p, firstBody(key));
    requireAccepted('RUN-01', `${op}: first use answers 202`, first);
    const res = await call(meshi, op, p, secondBody(key));
    expectError('IDEM-05', `${op}: the same key, event and operation with a different payload`, res, CONFLICT);
  }
});

test(...proves('IDEM-06'), async ({ meshi, ns }) => {
  const event = await createEvent(meshi, ns);
  const p = event.event_id as string;
  const rows = attendeeRows(ns, 3);
  const importBody = bodyFor('importAttendees', ns, ns.idempotencyKey('race'), rows);
  const enrichBody = bodyFor('enrichAttendees', ns, ns.idempotencyKey('race'));
  const N = 20;
  const [imports, enrichments] = await Promise.all([
    Promise.all(Array.from({ length: N }, () => call(meshi, 'importAttendees', p, importBody))),
    Promise.all(Array.from({ length: N }, () => call(meshi, 'enrichAttendees', p, enrichBody))),
  ]);
  for (const [op, responses] of [
    ['importAttendees', imports],
    ['enrichAttendees', enrichments],
  ] as const) {
    expectEqual(
      'IDEM-06',
      `${op}: all ${N} concurrent requests answer 202`,
      responses.map((r) => r.status),
      responses.map(() => 202),
    );
    const ids = new Set(responses.map((r) => r.body.run_id));
    expectEqual('IDEM-06', `${op}: ${N} concurrent identical requests share one run (${[...ids].join(', ')})`, ids.size, 1);
    expectEqual(
      'IDEM-06',
      `${op}: exactly one request created the run, the others are replays`,
      responses.filter((r) => !isReplay(r)).length,
      1,
    );
  }
  const run = await runToTerminal(meshi, imports[0]!.body);
  expectEqual('IDEM-06', 'the one import run imported the rows once', run.counts, {
    total: rows.length,
    succeeded: rows.length,
    failed: 0,
  });
  const list = await readAll(meshi, 'listAttendees', { event_id: p });
  expectEqual('IDEM-06', 'each row imported once', list.map((a) => a.attendee_id).sort(), rows.map((r) => r.attendee_id).sort());
});

test(...proves('IDEM-07'), async ({ meshi, ns }) => {
  const { event } = await eventWithAttendees(meshi, ns, attendeeRows(ns, 2));
  const p = event.event_id as string;
  const a = attendeeRow(ns);
  // Each rejection is another guarantee's sentence (IMP-04, IMP-02, RUN-05): a request it fails to
  // reject is no subject here.
  const rejectedBodies: [string, string, (key: string) => Json][] = [
    ['importAttendees', 'duplicate attendee IDs', (k) => bodyFor('importAttendees', ns, k, [a, a])],
    ['importAttendees', 'an empty attendees array', (k) => bodyFor('importAttendees', ns, k, [])],
    ['importAttendees', 'a bad webhook_url', (k) => ({ ...bodyFor('importAttendees', ns, k), webhook_url: 'ftp://x.example.com' })],
    ['enrichAttendees', 'a bad webhook_url', (k) => ({ ...bodyFor('enrichAttendees', ns, k), webhook_url: 'not a url' })],
    ['runMatching', 'a bad webhook_url', (k) => ({ ...bodyFor('runMatching', ns, k), webhook_url: 'mailto:x@example.com' })],
  ];
  for (const [op, what, rejectedBody] of rejectedBodies) {
    const key = ns.idempotencyKey('reject');
    const rejected = await call(meshi, op, p, rejectedBody(key));
    if (rejected.status !== 400) {
      caseNotExercised(`${op} with ${what}: answered ${rejected.status}, expected 400 (a validation rejection)`);
      continue;
    }
    observeSubject('IDEM-07', 'a request rejected by validation');
    const corrected = await call(meshi, op, p, bodyFor(op, ns, key));
    expectAccepted('IDEM-07', `${op}: the corrected request with the same key answers 202 (${corrected.body?.code ?? ''})`, corrected);
    expectThat('IDEM-07', `${op}: it is a new run, not a replay`, !isReplay(corrected));
  }
  requireObserved('IDEM-07', 'a request rejected by validation');
});

test(...proves('IDEM-08'), async ({ meshi, meshiOrgB, ns }) => {
  const rows = attendeeRows(ns, 2);
  const eventId = ns.id('shared-evt');
  // The same event_id in both orgs (ISO-02), each with the same attendees.
  const [a, b] = await Promise.all([createEvent(meshi, ns, { event_id: eventId }), createEvent(meshiOrgB, ns, { event_id: eventId })]);
  requireThat(
    'ISO-02',
    `one event_id in both orgs (got ${String(a.event_id)} and ${String(b.event_id)})`,
    a.event_id === eventId && b.event_id === eventId,
  );
  for (const op of runCreatingOperations) {
    const body = bodyFor(op, ns, ns.idempotencyKey(`org-${op}`), rows);
    const inA = await call(meshi, op, eventId, body);
    requireAccepted('RUN-01', `${op}: org A's first use answers 202`, inA);
    const inB = await call(meshiOrgB, op, eventId, body);
    expectAccepted('IDEM-08', `${op}: org B using the same key is not a conflict (${inB.body?.code ?? inB.status})`, inB);
    expectThat('IDEM-08', `${op}: org B's request is not a replay`, !isReplay(inB));
    expectThat(
      'IDEM-08',
      `${op}: org B gets its own new run`,
      inB.body.run_id !== inA.body.run_id,
      inB.body.run_id,
      `not ${inA.body.run_id}`,
    );
    // Replaying B's run on the repeat is IDEM-03's sentence; never getting A's run is this one's.
    const againB = await call(meshiOrgB, op, eventId, body);
    expectAccepted('IDEM-08', `${op}: org B's repeat with the key is not a conflict`, againB);
    expectThat(
      'IDEM-08',
      `${op}: org B's repeat never gets org A's run`,
      againB.body.run_id !== inA.body.run_id,
      againB.body.run_id,
      `not ${inA.body.run_id}`,
    );
  }
});
