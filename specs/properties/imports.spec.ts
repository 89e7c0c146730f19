// Properties of attendee imports with duplicates: any payload with a repeated attendee_id is
// rejected with DUPLICATE_ATTENDEE_ID and starts no run — the same idempotency_key then starts a
// new run for the corrected payload (a rejected request stores nothing).

import fc from 'fast-check';
import { test, proves } from '../../harness/property';
import { dedupe, duplicatePlan, duplicateRows } from '../../harness/arbitraries/attendees';
import { code } from '../../harness/arbitraries/codes';
import { expectAccepted, expectEqual, expectStatus } from '../../harness/verdicts';

const DUPLICATE_ATTENDEE_ID = code('DUPLICATE_ATTENDEE_ID');

test(...proves('IMP-04', 'IDEM-07'), async ({ props }) => {
  const { client, reader, ns } = props;
  // One event for every execution; each execution's attendee IDs carry their own prefix.
  const eventId = ns.id('dup');
  await client.setup.call('createEvent', { body: { event_id: eventId, title: 'property: duplicates' } });
  await props.run(
    'any payload with a duplicate attendee_id is rejected and creates no run',
    fc.asyncProperty(duplicatePlan(10), async (plan) => {
      const key = ns.idempotencyKey('dup');
      const prefix = `${ns.id('d')}-`;
      const rows = duplicateRows(prefix, plan);
      const dupIds = [...new Set(rows.map((r) => r.attendee_id).filter((id, i, all) => all.indexOf(id) !== i))];
      const what = `import of ${rows.length} rows repeating ${dupIds.map((d) => JSON.stringify(d)).join(', ')}`;
      const res = await client.call('importAttendees', { params: { event_id: eventId }, body: { attendees: rows, idempotency_key: key } });
      expectEqual(
        'IMP-04',
        `${what} must be rejected with 400 ${DUPLICATE_ATTENDEE_ID}`,
        [res.status, res.body?.code],
        [400, DUPLICATE_ATTENDEE_ID],
      );

      // No run: none of the payload's attendees exists (earlier runs of this event are terminal by now or never touch these IDs).
      const some = await reader.call('getAttendee', { params: { event_id: eventId, attendee_id: rows[0]!.attendee_id } });
      expectStatus('IMP-04', `after the rejected ${what}, ${rows[0]!.attendee_id} does not exist`, some, 404);

      // The key was not stored: the corrected payload with the same key starts a new run.
      const fixed = await client.call('importAttendees', {
        params: { event_id: eventId },
        body: { attendees: dedupe(rows), idempotency_key: key },
      });
      expectAccepted(
        'IDEM-07',
        `the corrected import reusing the rejected request's key must start a run (got ${fixed.body?.code ?? fixed.status})`,
        fixed,
      );
      expectEqual('IDEM-07', 'the corrected import is not a replay', fixed.headers['idempotent-replayed'], undefined);
    }),
    { numRuns: 10 },
  );
});
