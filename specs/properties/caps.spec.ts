// Properties of field caps: every field within its cap is accepted (and echoed), every field over
// it — or malformed, missing, of the wrong type — is rejected with its code, the first failing
// field in schema order deciding the code. Bodies come from the contract's field rules.

import fc from 'fast-check';
import { test, proves, FAST_POLL, pollNew } from '../../harness/property';
import { bodyCase, describeBody, expectedOf, materialise, type BodyCase } from '../../harness/arbitraries/bodies';
import { attendeeId, numberedRows, rowCap, rowCount, rowFieldCase, rowOf } from '../../harness/arbitraries/attendees';
import { idTail } from '../../harness/arbitraries/partnerIds';
import { buildInvalidKey, buildValidKey, invalidKeyCase, validKeyShape } from '../../harness/arbitraries/idempotencyKeys';
import { failingCase, passingCase, ruleOf, type FieldCase } from '../../harness/arbitraries/fields';
import { errorCodeOf, type GuaranteeId } from '../../contract';
import { sameInstant } from '../../harness/world/timestamps';
import { expectAccepted, expectEqual, expectStatus, expectThat } from '../../harness/verdicts';

/** Compares what was sent with what came back: timestamps as instants, everything else exactly. */
function echoed(sent: unknown, got: unknown): boolean {
  if (typeof sent === 'string' && typeof got === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(sent)) return sameInstant(sent, got);
  return JSON.stringify(sent) === JSON.stringify(got);
}

function checkEcho(gid: GuaranteeId, bc: BodyCase, body: Record<string, unknown>, got: Record<string, unknown>): void {
  for (const f of bc.fields) {
    const sent = body[f.field];
    const want = sent === undefined ? null : sent;
    expectThat(
      gid,
      `${f.field} (${f.state}) must be echoed: sent ${JSON.stringify(want)?.slice(0, 80)}, got ${JSON.stringify(got[f.field])?.slice(0, 80)}`,
      echoed(want, got[f.field]),
    );
  }
}

test(...proves('EVT-04', 'EVT-05', 'EVT-06', 'EVT-01'), async ({ props }) => {
  const { client, ns } = props;
  await props.run(
    'event bodies: within every cap accepted and echoed, across any cap rejected with its code',
    fc.asyncProperty(bodyCase('EventCreate', { supplied: ['event_id'] }), async (bc) => {
      const eventId = ns.id('cap');
      const body = materialise(bc, { event_id: eventId });
      const want = expectedOf(bc);
      const res = await client.call('createEvent', { body });
      const what = `POST /events {${describeBody(bc)}}`;
      if (want.ok) {
        expectAccepted('EVT-05', `${what} is within every cap and must be accepted (got ${res.body?.code ?? res.status})`, res);
        checkEcho('EVT-01', bc, body, res.body);
      } else {
        const gid =
          want.field === 'title'
            ? 'EVT-04'
            : /before/.test(want.why) || want.code === errorCodeOf('EventCreate', 'timezone')
              ? 'EVT-06'
              : 'EVT-05';
        expectEqual(gid, `${what}: ${want.why} must be rejected with 400 ${want.code}`, [res.status, res.body?.code], [400, want.code]);
      }
    }),
    { numRuns: 20 },
  );
});

test(...proves('SES-02', 'SES-01'), async ({ props }) => {
  const { client, ns } = props;
  const host = ns.id('seshost');
  await client.setup.call('createEvent', { body: { event_id: host, title: 'property: session caps' } });
  await props.run(
    'session bodies: within every cap accepted and echoed, across any cap rejected with its code',
    fc.asyncProperty(bodyCase('SessionCreate', { supplied: ['session_id'] }), async (bc) => {
      const body = materialise(bc, { session_id: ns.id('ses') });
      const want = expectedOf(bc);
      const res = await client.call('createSession', { params: { event_id: host }, body });
      const what = `POST /events/{id}/sessions {${describeBody(bc)}}`;
      if (want.ok) {
        expectAccepted('SES-02', `${what} is within every cap and must be accepted (got ${res.body?.code ?? res.status})`, res);
        checkEcho('SES-01', bc, body, res.body);
      } else {
        expectEqual(
          'SES-02',
          `${what}: ${want.why} must be rejected with 400 ${want.code}`,
          [res.status, res.body?.code],
          [400, want.code],
        );
      }
    }),
    { numRuns: 20 },
  );
});

const CONTEXT_FIELDS = ['event_details', 'objectives', 'welcome_instructions'] as const;

test(...proves('CTX-02', 'CTX-03', 'CTX-01'), async ({ props }) => {
  const { client, reader, ns } = props;
  const host = ns.id('ctxhost');
  await client.setup.call('createEvent', { body: { event_id: host, title: 'property: context caps' } });
  await props.run(
    'context bodies: fields up to the cap merged, an empty or over-cap POST rejected and the context kept',
    fc.asyncProperty(bodyCase('EventContextUpdate', { maxFailing: 1 }), async (bc) => {
      const before = await reader.call('getEventContext', { params: { event_id: host } });
      expectStatus('CTX-01', 'GET /events/{id}/context', before, 200);
      const body = materialise(bc);
      const want = expectedOf(bc);
      const res = await client.call('upsertEventContext', { params: { event_id: host }, body });
      const what = `POST /events/{id}/context {${describeBody(bc)}}`;
      const merged: Record<string, unknown> = {};
      for (const f of CONTEXT_FIELDS) {
        const v = body[f];
        merged[f] = want.ok && typeof v === 'string' && v !== '' ? v : before.body[f];
      }
      if (want.ok) {
        const atCap = bc.fields.some((f) => f.state === 'at-cap');
        expectStatus(atCap ? 'CTX-02' : 'CTX-01', `${what} must be accepted (got ${res.body?.code ?? res.status})`, res, 200);
        for (const f of CONTEXT_FIELDS) expectThat('CTX-01', `${what}: ${f} must be the merged value`, res.body[f] === merged[f]);
      } else {
        expectEqual(
          'CTX-03',
          `${what}: ${want.why} must be rejected with 400 ${want.code}`,
          [res.status, res.body?.code],
          [400, want.code],
        );
      }
      const after = await reader.call('getEventContext', { params: { event_id: host } });
      for (const f of CONTEXT_FIELDS) {
        expectThat(
          want.ok ? 'CTX-01' : 'CTX-03',
          `after ${what}, GET must return ${f} ${want.ok ? 'merged' : 'unchanged'}`,
          after.body[f] === merged[f],
        );
      }
    }),
    { numRuns: 15 },
  );
});

test(...proves('IMP-05', 'ATT-01'), async ({ props }) => {
  const { client, reader, ns } = props;
  const rows = fc.array(fc.tuple(idTail(8), rowFieldCase()), { minLength: 1, maxLength: 4 });
  await props.run(
    'import rows: a row within every cap is imported, a row across a cap fails alone with its code',
    fc.asyncProperty(rows, async (plan) => {
      const eventId = ns.id('rows');
      await client.setup.call('createEvent', { body: { event_id: eventId, title: 'property: row caps' } });
      const payload = plan.map(([tail, bc], i) => rowOf(attendeeId(`${ns.prefix}${i}-`, tail), bc));
      const expected = plan.map(([, bc], i) => ({ id: payload[i]!.attendee_id, want: expectedOf(bc), bc }));
      const res = await client.call('importAttendees', {
        params: { event_id: eventId },
        body: { attendees: payload, idempotency_key: ns.idempotencyKey('rows') },
      });
      expectAccepted('IMP-05', `an import whose rows only fail row-level checks is accepted (got ${res.body?.code ?? res.status})`, res);
      const { run } = await pollNew(reader, res.body, FAST_POLL);
      const failing = expected.filter((e) => !e.want.ok);
      const status = failing.length === 0 ? 'succeeded' : failing.length === expected.length ? 'failed' : 'partial';
      const rowsText = expected.map((e) => `${e.id}: ${describeBody(e.bc)}`).join('; ');
      expectEqual('IMP-05', `run over rows [${rowsText}]`, run.status, status);
      const errors = new Map<string, string>((run.errors as { attendee_id: string; code: string }[]).map((e) => [e.attendee_id, e.code]));
      for (const e of expected) {
        if (e.want.ok) expectThat('IMP-05', `row ${e.id} (${describeBody(e.bc)}) is within every cap and must not fail`, !errors.has(e.id));
        else expectEqual('IMP-05', `row ${e.id}: ${e.want.why} must fail with ${e.want.code}`, errors.get(e.id), e.want.code);
      }
      const list = await reader.call('listAttendees', { params: { event_id: eventId }, query: { limit: 50 } });
      const ids = (list.body.items as { attendee_id: string }[]).map((a) => a.attendee_id).sort();
      expectEqual(
        'ATT-01',
        'the attendee list holds exactly the rows that did not fail',
        ids,
        expected
          .filter((e) => e.want.ok)
          .map((e) => e.id)
          .sort(),
      );
    }),
    { numRuns: 4 },
  );
});

test(...proves('IMP-03', 'IMP-02'), async ({ props }) => {
  const { client, ns } = props;
  const { min, max } = rowCap();
  const code = errorCodeOf('AttendeeImportRequest', 'attendees');
  const eventId = ns.id('rowcap');
  await client.setup.call('createEvent', { body: { event_id: eventId, title: 'property: row cap' } });
  await props.run(
    'imports at the row cap and floor are accepted, across them rejected',
    fc.asyncProperty(rowCount(), async (n) => {
      const res = await client.call('importAttendees', {
        params: { event_id: eventId },
        body: { attendees: numberedRows(ns.prefix, n), idempotency_key: ns.idempotencyKey('rowcap') },
      });
      if (n >= min && n <= max)
        expectAccepted('IMP-03', `an import of ${n} rows (cap ${max}) must be accepted (got ${res.body?.code ?? res.status})`, res);
      else
        expectEqual(
          n < min ? 'IMP-02' : 'IMP-03',
          `an import of ${n} rows (${min}..${max} allowed) must be rejected`,
          [res.status, res.body?.code],
          [400, code],
        );
    }),
    { numRuns: 4, examples: [[max], [max + 1]] },
  );
});

test(...proves('IDEM-02', 'IDEM-01', 'RUN-04', 'RUN-05'), async ({ props }) => {
  const { client, ns } = props;
  const host = ns.id('keyhost');
  await client.setup.call('createEvent', { body: { event_id: host, title: 'property: key caps' } });
  const keyCode = errorCodeOf('AttendeeImportRequest', 'idempotency_key');
  const hookRule = ruleOf('AttendeeImportRequest', 'webhook_url');
  const key = fc.oneof(
    { weight: 3, arbitrary: validKeyShape().map((shape) => ({ valid: true as const, shape })) },
    { weight: 2, arbitrary: invalidKeyCase().map((c) => ({ valid: false as const, c })) },
  );
  const hook: fc.Arbitrary<FieldCase> = fc.oneof(
    { weight: 3, arbitrary: passingCase(hookRule)! },
    { weight: 1, arbitrary: failingCase(hookRule)! },
  );
  await props.run(
    'idempotency keys and webhook URLs within their caps start a run (webhook echoed), across them are rejected',
    fc.asyncProperty(key, hook, async (k, h) => {
      const fresh = ns.idempotencyKey('cap');
      const value = k.valid ? buildValidKey(fresh, k.shape) : buildInvalidKey(fresh, k.c);
      const body: Record<string, unknown> = { attendees: [{ attendee_id: `${ns.prefix}k`, name: 'Key Cap' }] };
      if (value !== undefined) body.idempotency_key = value;
      if (h.state !== 'absent') body.webhook_url = h.value;
      const what = `import with idempotency_key ${k.valid ? `valid (${String(value).length} characters)` : `${k.c.reason}`} and webhook_url ${h.state}${typeof h.value === 'string' ? `(${h.value.length})` : ''}`;
      const res = await client.call('importAttendees', { params: { event_id: host }, body });
      if (!k.valid) {
        const gid = k.c.reason === 'missing' || k.c.reason === 'empty' ? 'IDEM-01' : 'IDEM-02';
        expectEqual(gid, `${what}`, [res.status, res.body?.code], [400, keyCode]);
      } else if (h.fails) {
        expectEqual('RUN-05', `${what}`, [res.status, res.body?.code], [400, hookRule.errorCode]);
      } else {
        expectAccepted('IDEM-02', `${what} must start a run (got ${res.body?.code ?? res.status})`, res);
        const hookSent = h.state === 'absent' ? null : h.value;
        expectEqual(hookSent === null ? 'RUN-05' : 'RUN-04', `${what}: webhook_url echoed on the run`, res.body.webhook_url, hookSent);
      }
    }),
    { numRuns: 20 },
  );
});
