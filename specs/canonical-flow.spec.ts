// The canonical flow of the docs (P3), as one story: confirm partner:write on GET /auth → create
// the event → add context → import attendees (one row failing → partial) → enrich → read the
// review queues → run matching → poll → page through every score. Each step asserts the
// guarantees it touches.

import { test, proves, pollRun } from '../harness/run/fixtures';
import type { MeshiResponse } from '../harness/http/client';
import { contract } from '../contract';
import { cursorPages, lister } from '../harness/world/pages';
import { expectEqual, expectStatus, expectThat, shown } from '../harness/verdicts';

const KIND_OF: Readonly<Record<string, string>> = { importAttendees: 'import', enrichAttendees: 'enrichment', runMatching: 'matching' };

test(
  ...proves('AUTH-05', 'EVT-01', 'CTX-01', 'IMP-01', 'IMP-05', 'ATT-01', 'RUN-01', 'RUN-02', 'RUN-03', 'REV-02', 'MATCH-01', 'PAGE-01'),
  async ({ meshi, ns, target }) => {
    const eventId = ns.id('canon-ev');
    const terminal = contract.terminalRunStatuses;

    /** Checks a run-creating response and polls the run to its end. */
    const runTo = async (operationId: string, res: MeshiResponse) => {
      expectStatus(
        'RUN-01',
        `${operationId} answers ${contract.operations[operationId]!.successStatus}`,
        res,
        contract.operations[operationId]!.successStatus,
      );
      expectThat(
        'RUN-01',
        `${KIND_OF[operationId]} is a contract run kind`,
        contract.runKinds.includes(KIND_OF[operationId]!),
        KIND_OF[operationId],
        `in ${shown(contract.runKinds)}`,
      );
      expectEqual('RUN-01', `${operationId} starts a run of kind ${KIND_OF[operationId]}`, res.body.kind, KIND_OF[operationId]);
      expectEqual('RUN-01', `${operationId}: the run is for the path's event`, res.body.event_id, eventId);
      expectThat(
        'RUN-02',
        `${operationId}: the new run's status is a contract status`,
        contract.runStatuses.includes(res.body.status),
        res.body.status,
        `in ${shown(contract.runStatuses)}`,
      );
      const polled = await pollRun(meshi, res.body);
      for (const s of polled.statuses)
        expectThat(
          'RUN-02',
          `status ${s} seen while polling is a contract status`,
          contract.runStatuses.includes(s),
          s,
          `in ${shown(contract.runStatuses)}`,
        );
      expectThat(
        'RUN-03',
        `${operationId}: the run ends in a terminal status`,
        terminal.includes(polled.run.status),
        polled.run.status,
        `in ${shown(terminal)}`,
      );
      expectThat(
        'RUN-03',
        `${operationId}: a terminal run has finished_at`,
        polled.run.finished_at !== null,
        polled.run.finished_at,
        'not null',
      );
      // Terminal means final: a later read shows the same run.
      await new Promise((r) => setTimeout(r, 200));
      const again = await meshi.call('getRun', { params: { run_id: res.body.run_id } });
      expectEqual(
        'RUN-03',
        `${operationId}: the terminal run never changes`,
        { status: again.body.status, counts: again.body.counts, errors: again.body.errors, finished_at: again.body.finished_at },
        { status: polled.run.status, counts: polled.run.counts, errors: polled.run.errors, finished_at: polled.run.finished_at },
      );
      return polled.run;
    };

    await test.step('1. GET /auth shows partner:write', async () => {
      const auth = await meshi.call('getAuth');
      expectStatus('AUTH-05', 'GET /auth answers 200', auth, 200);
      expectEqual('AUTH-05', 'a service account', auth.body.principal_type, 'service_account');
      expectEqual('AUTH-05', 'the write key holds partner:read and partner:write', [...auth.body.scopes].sort(), [
        'partner:read',
        'partner:write',
      ]);
    });

    const event = {
      event_id: eventId,
      title: 'Annual Partner Summit',
      description: 'Two-day leadership summit',
      start_date: '2026-09-10',
      end_date: '2026-09-11',
      timezone: 'America/New_York',
      visibility: 'private',
      url_slug: `summit-${ns
        .id('s')
        .toLowerCase()
        .replace(/[^a-z0-9-]/g, '-')}`.slice(0, 128),
    };
    await test.step('2. create the event', async () => {
      const res = await meshi.call('createEvent', { body: event });
      expectStatus('EVT-01', 'POST /events answers 201', res, 201);
      for (const [k, v] of Object.entries(event)) expectEqual('EVT-01', `the event echoes ${k}`, res.body[k], v);
    });

    await test.step('3. add context (merge)', async () => {
      const first = await meshi.call('upsertEventContext', {
        params: { event_id: eventId },
        body: { event_details: 'Main hall, 300 guests', objectives: 'Meet three new partners' },
      });
      expectStatus('CTX-01', 'POST context answers 200', first, 200);
      expectEqual('CTX-01', 'event_details set', first.body.event_details, 'Main hall, 300 guests');
      const second = await meshi.call('upsertEventContext', {
        params: { event_id: eventId },
        body: { welcome_instructions: 'Badges at the door', objectives: '' },
      });
      expectStatus('CTX-01', 'the second POST answers 200', second, 200);
      const merged = {
        event_details: 'Main hall, 300 guests',
        objectives: 'Meet three new partners',
        welcome_instructions: 'Badges at the door',
      };
      for (const [k, v] of Object.entries(merged))
        expectEqual('CTX-01', `merged context: ${k} (given ones replaced, others and empty ones kept)`, second.body[k], v);
      const read = await meshi.call('getEventContext', { params: { event_id: eventId } });
      for (const [k, v] of Object.entries(merged)) expectEqual('CTX-01', `GET context returns ${k}`, read.body[k], v);
    });

    const shared = `twins.${ns
      .id('mail')
      .toLowerCase()
      .replace(/[^a-z0-9.]/g, '')}@example.com`;
    const good = [
      { attendee_id: ns.id('canon-ada'), name: 'Ada Lovelace', email: 'ada@example.com', title: 'CTO', company: 'Analytical Engines' },
      {
        attendee_id: ns.id('canon-grace'),
        name: 'Grace Hopper',
        email: 'grace@example.com',
        title: 'VP Engineering',
        company: 'Navy Labs',
      },
      {
        attendee_id: ns.id('canon-alan'),
        name: 'Alan Turing',
        linkedin_url: 'https://www.linkedin.com/in/alan-turing',
        title: 'Research Lead',
        company: 'Bletchley',
      },
      { attendee_id: ns.id('canon-twin1'), name: 'Sam Twin', email: shared, company: 'Twin Co', title: 'Founder' },
      { attendee_id: ns.id('canon-twin2'), name: 'Samantha Twin', email: shared, company: 'Twin Co', title: 'CEO' },
    ];
    const failing = { attendee_id: ns.id('canon-noname'), email: 'nobody@example.com' };
    const nameCode = contract.fieldRules.AttendeeImportRow?.find((f) => f.name === 'name')?.errorCode ?? 'INVALID_NAME';

    await test.step('4. import attendees: one row fails → partial', async () => {
      const res = await meshi.call('importAttendees', {
        params: { event_id: eventId },
        body: { idempotency_key: ns.idempotencyKey('canon-imp'), attendees: [...good.slice(0, 2), failing, ...good.slice(2)] },
      });
      expectEqual('IMP-01', 'the import answers with a run_id', typeof res.body?.run_id, 'string');
      expectEqual('IMP-01', 'the import answers with a run status', typeof res.body?.status, 'string');
      const readable = await meshi.call('getRun', { params: { run_id: res.body.run_id } });
      expectStatus('IMP-01', 'the import run is readable through GET /runs/{run_id}', readable, 200);
      expectEqual('IMP-01', 'GET /runs returns that run', readable.body.run_id, res.body.run_id);
      const run = await runTo('importAttendees', res);
      expectEqual('IMP-05', 'one failing row makes the import partial', run.status, 'partial');
      expectEqual('IMP-05', 'counts: every row, the good ones succeeded, one failed', run.counts, {
        total: good.length + 1,
        succeeded: good.length,
        failed: 1,
      });
      expectEqual(
        'IMP-05',
        `errors list the failing row with ${nameCode}`,
        run.errors.map((e: { attendee_id: string; code: string }) => [e.attendee_id, e.code]),
        [[failing.attendee_id, nameCode]],
      );
    });

    await test.step('5. the imported attendees', async () => {
      const list = await meshi.call('listAttendees', { params: { event_id: eventId }, query: { limit: target.limits.pageLimitMax! } });
      expectStatus('ATT-01', 'the attendee list answers 200', list, 200);
      const ids = list.body.items.map((a: { attendee_id: string }) => a.attendee_id).sort();
      expectEqual('ATT-01', 'exactly the rows that did not fail', ids, good.map((g) => g.attendee_id).sort());
      for (const g of good) {
        const a = await meshi.call('getAttendee', { params: { event_id: eventId, attendee_id: g.attendee_id } });
        for (const [k, v] of Object.entries(g)) expectEqual('ATT-01', `${g.attendee_id}: imported ${k}`, a.body[k], v);
        expectEqual('ATT-01', `${g.attendee_id}: enrichment pending before any enrichment run`, a.body.enrichment?.status, 'pending');
      }
      const missing = await meshi.call('getAttendee', { params: { event_id: eventId, attendee_id: failing.attendee_id } });
      expectStatus('ATT-01', 'the failed row was not imported', missing, 404);
    });

    await test.step('6. enrich', async () => {
      const res = await meshi.call('enrichAttendees', {
        params: { event_id: eventId },
        body: { idempotency_key: ns.idempotencyKey('canon-enr') },
      });
      await runTo('enrichAttendees', res);
    });

    await test.step('7. review queues: the ambiguous pair is in exactly one queue', async () => {
      const eventQueue = await meshi.call('listEventReviewQueue', {
        params: { event_id: eventId },
        query: { limit: target.limits.pageLimitMax! },
      });
      expectStatus('REV-02', 'the event review queue answers 200', eventQueue, 200);
      const twins = new Set([good[3]!.attendee_id, good[4]!.attendee_id]);
      const ours = eventQueue.body.items.filter((r: { attendee_id: string }) => twins.has(r.attendee_id));
      expectThat('REV-02', 'the shared email gives an open review in the event queue', ours.length > 0, ours.length, '> 0');
      const orgIds = new Set<string>();
      for await (const { res: org } of cursorPages(lister(meshi, 'listOrgReviewQueue'), {
        limit: target.limits.pageLimitMax!,
        maxPages: 50,
      })) {
        expectStatus('REV-02', 'the org review queue answers 200', org, 200);
        for (const r of org.body.items) orgIds.add(r.review_id);
      }
      for (const r of ours) {
        expectEqual('REV-02', 'the review is open', r.status, 'open');
        expectThat('REV-02', `review ${r.review_id} is not also in the org-wide queue`, !orgIds.has(r.review_id));
      }
    });

    let matchingRunId = '';
    await test.step('8. run matching and poll', async () => {
      const res = await meshi.call('runMatching', {
        params: { event_id: eventId },
        body: { idempotency_key: ns.idempotencyKey('canon-match') },
      });
      const run = await runTo('runMatching', res);
      expectThat(
        'MATCH-01',
        `matching five attendees ends with scores to serve (got ${run.status})`,
        ['succeeded', 'partial'].includes(run.status),
        run.status,
        'succeeded or partial',
      );
      matchingRunId = run.run_id;
    });

    await test.step('9. page through every score', async () => {
      const topK = target.limits.matchTopK!;
      const pageLimit = 4;
      const items: { attendee_id: string; matched_attendee_id: string; score: number; rank: number; run_id: string; reasons: unknown[] }[] =
        [];
      for await (const { res, n } of cursorPages(lister(meshi, 'listMatches', { event_id: eventId }), {
        limit: pageLimit,
        maxPages: 100,
      })) {
        expectStatus('PAGE-01', `score page ${n}`, res, 200);
        expectThat(
          'PAGE-01',
          `page ${n} holds at most limit (${pageLimit}) items`,
          res.body.items.length <= pageLimit,
          res.body.items.length,
          `<= ${pageLimit}`,
        );
        items.push(...res.body.items);
      }
      expectThat('MATCH-01', 'matching produced scores', items.length > 0, items.length, '> 0');
      const keys = items.map((m) => `${m.attendee_id}→${m.matched_attendee_id}`);
      expectEqual('PAGE-01', 'walking the cursors yields every score once', new Set(keys).size, keys.length);
      const whole = await meshi.call('listMatches', { params: { event_id: eventId }, query: { limit: target.limits.pageLimitMax! } });
      // Every item exactly once is PAGE-01's; the order they come in is MATCH-01's (checked below).
      if (whole.body.next_cursor === null)
        expectEqual(
          'PAGE-01',
          'the pages together are the whole list',
          [...keys].sort(),
          whole.body.items
            .map((m: { attendee_id: string; matched_attendee_id: string }) => `${m.attendee_id}→${m.matched_attendee_id}`)
            .sort(),
        );

      const imported = new Set(good.map((g) => g.attendee_id));
      const perAttendee = new Map<string, number[]>();
      items.forEach((m, i) => {
        expectThat('MATCH-01', `score ${m.score} of ${keys[i]} is within [0, 1]`, m.score >= 0 && m.score <= 1);
        expectThat(
          'MATCH-01',
          `${keys[i]}: not matched with itself`,
          m.matched_attendee_id !== m.attendee_id,
          m.matched_attendee_id,
          `not ${m.attendee_id}`,
        );
        expectThat(
          'MATCH-01',
          `${keys[i]}: both are attendees of the event`,
          imported.has(m.attendee_id) && imported.has(m.matched_attendee_id),
        );
        expectEqual('MATCH-01', `${keys[i]}: from the latest matching run`, m.run_id, matchingRunId);
        perAttendee.set(m.attendee_id, [...(perAttendee.get(m.attendee_id) ?? []), m.rank]);
        if (i > 0) {
          const p = items[i - 1]!;
          const ordered =
            p.score > m.score ||
            (p.score === m.score &&
              (p.attendee_id < m.attendee_id || (p.attendee_id === m.attendee_id && p.matched_attendee_id < m.matched_attendee_id)));
          expectThat(
            'MATCH-01',
            `${keys[i - 1]} (${p.score}) comes before ${keys[i]} (${m.score}): score descending, then attendee_id, then matched_attendee_id`,
            ordered,
          );
        }
      });
      for (const [attendee, ranks] of perAttendee) {
        expectThat('MATCH-01', `${attendee}: at most match_top_k (${topK}) matches`, ranks.length <= topK, ranks.length, `<= ${topK}`);
        expectEqual(
          'MATCH-01',
          `${attendee}: ranked from 1 in score order`,
          ranks,
          ranks.map((_, i) => i + 1),
        );
      }
    });
  },
);
