// Properties of idempotency keys: any sequence of retries of one run-creating request —
// sequential, concurrent, in any interleaving (fc.scheduler decides the launch order inside each
// wave) — creates exactly one run; any reuse of the key elsewhere (another event, operation or
// payload) is a 409 and leaves the original run the only one; another org's use is its own run.

import fc from 'fast-check';
import { test, proves } from '../../harness/property';
import type { PropertyClient } from '../../harness/property';
import type { MeshiResponse } from '../../harness/http/client';
import { rowsOf } from '../../harness/arbitraries/attendees';
import { code } from '../../harness/arbitraries/codes';
import { expectAccepted, expectEqual, expectStatus, expectThat } from '../../harness/verdicts';

const CONFLICT = code('IDEMPOTENCY_KEY_CONFLICT');
const RUN_OPS = ['importAttendees', 'enrichAttendees', 'runMatching'] as const;
type RunOp = (typeof RUN_OPS)[number];
const KIND: Record<RunOp, string> = { importAttendees: 'import', enrichAttendees: 'enrichment', runMatching: 'matching' };

function bodyFor(op: RunOp, prefix: string, key: string, variant = 0): Record<string, unknown> {
  if (op === 'importAttendees')
    return { attendees: rowsOf(prefix, variant === 0 ? ['a', 'b'] : ['a', 'b', `v${variant}`]), idempotency_key: key };
  return variant === 0 ? { idempotency_key: key } : { idempotency_key: key, webhook_url: `https://example.com/hooks/${variant}` };
}

const replayed = (r: MeshiResponse) => (r.headers['idempotent-replayed'] ?? '').toLowerCase() === 'true';

test(...proves('IDEM-03', 'RUN-01'), async ({ props }) => {
  const { client, ns } = props;
  const plan = fc.record({ op: fc.constantFrom(...RUN_OPS), retries: fc.integer({ min: 1, max: 5 }) });
  // One event for every execution: each execution has its own key.
  const eventId = ns.id('idem');
  await client.setup.call('createEvent', { body: { event_id: eventId, title: 'property: retries' } });
  await props.run(
    'any sequence of retries of one run-creating request creates exactly one run',
    fc.asyncProperty(plan, async ({ op, retries }) => {
      const body = bodyFor(op, ns.prefix, ns.idempotencyKey('retry'));
      const first = await client.call(op, { params: { event_id: eventId }, body });
      expectStatus('RUN-01', `${op} with a fresh key (got ${first.body?.code ?? first.status})`, first, 202);
      expectEqual(
        'RUN-01',
        `${op}: a new run of the matching kind for the path's event`,
        [first.body.kind, first.body.event_id, replayed(first)],
        [KIND[op], eventId, false],
      );
      for (let i = 1; i <= retries; i++) {
        const again = await client.call(op, { params: { event_id: eventId }, body });
        expectEqual(
          'IDEM-03',
          `retry ${i} of ${retries} of ${op} (same key, operation, event and payload) must replay run ${first.body.run_id as string}`,
          [again.status, again.body?.run_id, replayed(again)],
          [202, first.body.run_id, true],
        );
      }
    }),
    { numRuns: 6 },
  );
});

test(...proves('IDEM-06', 'IDEM-03'), async ({ props }) => {
  const { client, ns } = props;
  const plan = fc.record({
    op: fc.constantFrom(...RUN_OPS),
    // Waves run one after another; the requests of a wave are in flight together (the first wave always has two or more).
    waves: fc
      .tuple(fc.integer({ min: 2, max: 4 }), fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 3 }))
      .map(([w, rest]) => [w, ...rest]),
  });
  const eventId = ns.id('race');
  await client.setup.call('createEvent', { body: { event_id: eventId, title: 'property: concurrent retries' } });
  await props.run(
    'concurrent retries of one run-creating request, in any interleaving, create exactly one run',
    fc.asyncProperty(plan, fc.scheduler(), async ({ op, waves }, s) => {
      const body = bodyFor(op, ns.prefix, ns.idempotencyKey('race'));
      const all: { wave: number; res: MeshiResponse }[] = [];
      for (const [w, n] of waves.entries()) {
        // fc.scheduler decides the order in which the requests of a wave are launched.
        const inFlight = Array.from({ length: n }, (_, i) =>
          s
            .schedule(Promise.resolve(), `wave ${w + 1} request ${i + 1}`)
            .then(() => client.call(op, { params: { event_id: eventId }, body })),
        );
        await s.waitIdle();
        for (const res of await Promise.all(inFlight)) all.push({ wave: w, res });
      }
      const what = `${all.length} × ${op} with one key in waves [${waves.join(', ')}]`;
      for (const { res } of all) {
        expectAccepted('IDEM-06', `${what}: every request answers 202 (got ${res.body?.code ?? res.status})`, res);
        expectEqual('IDEM-06', `${what}: the run is for the path's event`, res.body.event_id, eventId);
      }
      const runIds = [...new Set(all.map((a) => a.res.body.run_id as string))];
      expectEqual('IDEM-06', `${what} must create exactly one run, every response carrying its run_id`, runIds?.length, 1);
      const originals = all.filter((a) => !replayed(a.res));
      expectEqual(
        'IDEM-03',
        `${what}: every response but the one that created the run carries Idempotent-Replayed: true`,
        originals.length,
        1,
      );
      expectEqual('IDEM-03', `${what}: the run is created by the first wave`, originals[0]!.wave, 0);
    }),
    { numRuns: 5 },
  );
});

type Reuse = 'other-event' | 'other-operation' | 'other-payload' | 'org-b';

test(...proves('IDEM-05', 'IDEM-04', 'IDEM-08', 'IDEM-03'), async ({ props, target }) => {
  const { client, ns } = props;
  const orgB: PropertyClient | null = target.keys.orgB ? props.keyed('orgB') : null;
  const reuses: Reuse[] = ['other-event', 'other-operation', 'other-payload', ...(orgB ? (['org-b'] as const) : [])];
  const plan = fc.record({
    op: fc.constantFrom(...RUN_OPS),
    reuses: fc.array(fc.constantFrom(...reuses), { minLength: 1, maxLength: 3 }),
    other: fc.constantFrom(...RUN_OPS),
  });
  const eventA = ns.id('idemA');
  const eventB = ns.id('idemB');
  for (const e of [eventA, eventB]) await client.setup.call('createEvent', { body: { event_id: e, title: 'property: key reuse' } });
  // Org B's own event with the same event_id (ISO-02), for its use of the same keys.
  if (orgB) await orgB.setup.call('createEvent', { body: { event_id: eventA, title: 'property: key reuse in org B' } });
  await props.run(
    'reusing a key for another event, operation or payload is a 409 and starts no run; another org gets its own run',
    fc.asyncProperty(plan, async ({ op, reuses: uses, other }) => {
      const key = ns.idempotencyKey('reuse');
      const first = await client.call(op, { params: { event_id: eventA }, body: bodyFor(op, ns.prefix, key) });
      expectStatus('RUN-01', `${op} with a fresh key (got ${first.body?.code ?? first.status})`, first, 202);
      const runId = first.body.run_id as string;
      let runOfB: string | null = null;
      for (const [i, use] of uses.entries()) {
        const what = `reuse ${i + 1} of the key of ${op} on ${eventA}: ${use}`;
        if (use === 'org-b') {
          // Org B: its own event with the same event_id, the same key and payload.
          const b = await orgB!.call(op, { params: { event_id: eventA }, body: bodyFor(op, ns.prefix, key) });
          expectAccepted('IDEM-08', `${what}: org B's request is its own (got ${b.body?.code ?? b.status})`, b);
          expectThat('IDEM-08', `${what}: org B must never get org A's run`, b.body.run_id !== runId, b.body.run_id, `not ${runId}`);
          if (runOfB === null) {
            expectThat('IDEM-08', `${what}: org B's first use of the key makes a new run, not a replay`, !replayed(b));
            runOfB = b.body.run_id as string;
          } else {
            expectEqual('IDEM-03', `${what}: org B's second use replays org B's own run`, [b.body.run_id, replayed(b)], [runOfB, true]);
          }
          continue;
        }
        let res: MeshiResponse;
        if (use === 'other-event') res = await client.call(op, { params: { event_id: eventB }, body: bodyFor(op, ns.prefix, key) });
        else if (use === 'other-operation') {
          const op2 = other === op ? RUN_OPS[(RUN_OPS.indexOf(op) + 1) % RUN_OPS.length]! : other;
          res = await client.call(op2, { params: { event_id: eventA }, body: bodyFor(op2, ns.prefix, key) });
        } else res = await client.call(op, { params: { event_id: eventA }, body: bodyFor(op, ns.prefix, key, i + 1) });
        const gid = use === 'other-payload' ? 'IDEM-05' : 'IDEM-04';
        expectEqual(gid, `${what} must be rejected with 409 ${CONFLICT}`, [res.status, res.body?.code], [409, CONFLICT]);
      }
      const again = await client.call(op, { params: { event_id: eventA }, body: bodyFor(op, ns.prefix, key) });
      expectEqual(
        'IDEM-03',
        `after the reuses, the original request still replays run ${runId}`,
        [again.status, again.body?.run_id, replayed(again)],
        [202, runId, true],
      );
    }),
    // Tried first: every kind of reuse in one sequence, so no run of 8 can miss one by chance.
    { numRuns: 8, examples: [[{ op: 'importAttendees', reuses: [...reuses].reverse(), other: 'runMatching' }]] },
  );
});
