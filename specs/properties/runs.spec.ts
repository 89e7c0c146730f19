// Properties of async runs: any run-creating write, over any small set of attendees, reaches a
// terminal status within the run budget moving only forward (pollRun), and the terminal run never
// changes again — re-read at random moments up to `terminalSettleMs` after it turned terminal, it
// is the same object. Matching with fewer than two attendees ends failed.

import fc from 'fast-check';
import { test, proves, FAST_POLL, FAST_POLL_CONFIRMED, pollNew } from '../../harness/property';
import { rowsOf } from '../../harness/arbitraries/attendees';
import { expectEqual, expectStatus } from '../../harness/verdicts';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const RUN_OPS = ['importAttendees', 'enrichAttendees', 'runMatching'] as const;

test(...proves('RUN-03', 'RUN-02', 'MATCH-03'), async ({ props }) => {
  const { client, reader, ns, budget } = props;
  const settle = budget.terminalSettleMs;
  const plan = fc.record({
    op: fc.constantFrom(...RUN_OPS),
    attendees: fc.nat(3),
    // Moments (ms after the terminal status was first seen) of the re-reads; the last one at the settle time.
    rereads: fc.array(fc.integer({ min: 0, max: settle }), { minLength: 0, maxLength: 2 }).map((d) => [...d.sort((a, b) => a - b), settle]),
  });
  await props.run(
    'any run reaches a terminal status and never changes again',
    fc.asyncProperty(plan, async ({ op, attendees, rereads }) => {
      const eventId = ns.id('run');
      await client.setup.call('createEvent', { body: { event_id: eventId, title: 'property: runs' } });
      const rows = rowsOf(
        `${ns.prefix}r-`,
        Array.from({ length: Math.max(attendees, op === 'importAttendees' ? 1 : 0) }, (_, i) => `a${i}`),
      );
      if (op !== 'importAttendees' && rows.length > 0) {
        const imp = await client.setup.call('importAttendees', {
          params: { event_id: eventId },
          body: { attendees: rows, idempotency_key: ns.idempotencyKey('run') },
        });
        await pollNew(reader, imp.body, FAST_POLL);
      }
      const body: Record<string, unknown> = { idempotency_key: ns.idempotencyKey('run') };
      if (op === 'importAttendees') body.attendees = rows;
      const started = await client.call(op, { params: { event_id: eventId }, body });
      expectStatus('RUN-01', `${op} (got ${started.body?.code ?? started.status})`, started, 202);
      const runId = started.body.run_id as string;
      const { run } = await pollNew(reader, started.body, FAST_POLL_CONFIRMED);
      const seenAt = Date.now();
      const { correlation_id: _c, ...terminal } = run;
      if (op === 'runMatching' && rows.length < 2) {
        expectEqual('MATCH-03', `matching over ${rows.length} attendee(s) must end failed`, run.status, 'failed');
      }
      for (const moment of rereads) {
        const wait = seenAt + moment - Date.now();
        if (wait > 0) await sleep(wait);
        const again = await reader.call('getRun', { params: { run_id: runId } });
        const { correlation_id: _c2, ...now } = again.body;
        expectEqual(
          'RUN-03',
          `${op} run ${runId} was ${terminal.status as string}; re-read ${moment} ms later`,
          [again.status, now.status],
          [200, terminal.status],
        );
        expectEqual('RUN-03', `${op} run ${runId}, terminal, must not change at all (re-read ${moment} ms later)`, now, terminal);
      }
    }),
    { numRuns: 3 },
  );
});
