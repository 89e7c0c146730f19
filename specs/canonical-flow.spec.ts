// The canonical flow of the docs (P3), as one story: confirm partner:write on GET /auth → create
// the event → add context → import attendees (one row failing → partial) → enrich → read the
// review queues → run matching → poll → page through every score. Each step asserts the
// guarantees it touches.

import { test, expect, proves, pollRun } from '../harness/run/fixtures';
import type { MeshiResponse } from '../harness/http/client';
import { contract } from '../contract';
import { expectStatus } from '../harness/verdicts/assertions';
import { cursorPages, lister } from '../harness/world/pages';

const KIND_OF: Readonly<Record<string, string>> = { importAttendees: 'import', enrichAttendees: 'enrichment', runMatching: 'matching' };

test(...proves('AUTH-05', 'EVT-01', 'CTX-01', 'IMP-01', 'IMP-05', 'ATT-01', 'RUN-01', 'RUN-02', 'RUN-03', 'REV-02', 'MATCH-01', 'PAGE-01'), async ({ meshi, ns, target }) => {
  const eventId = ns.id('canon-ev');
  const terminal = contract.terminalRunStatuses;

  /** Checks a run-creating response and polls the run to its end. */
  const runTo = async (operationId: string, res: MeshiResponse) => {
    expect(res.status, `[RUN-01] ${operationId} answers ${contract.operations[operationId]!.successStatus}`).toBe(contract.operations[operationId]!.successStatus);
    expect(contract.runKinds, `[RUN-01] ${KIND_OF[operationId]} is a contract run kind`).toContain(KIND_OF[operationId]);
    expect(res.body.kind, `[RUN-01] ${operationId} starts a run of kind ${KIND_OF[operationId]}`).toBe(KIND_OF[operationId]);
    expect(res.body.event_id, `[RUN-01] ${operationId}: the run is for the path's event`).toBe(eventId);
    expect(contract.runStatuses, `[RUN-02] ${operationId}: the new run's status is a contract status`).toContain(res.body.status);
    const polled = await pollRun(meshi, res.body.run_id);
    for (const s of polled.statuses) expect(contract.runStatuses, `[RUN-02] status ${s} seen while polling is a contract status`).toContain(s);
    expect(terminal, `[RUN-03] ${operationId}: the run ends in a terminal status`).toContain(polled.run.status);
    expect(polled.run.finished_at, `[RUN-03] ${operationId}: a terminal run has finished_at`).not.toBeNull();
    // Terminal means final: a later read shows the same run.
    await new Promise((r) => setTimeout(r, 200));
    const again = await meshi.call('getRun', { params: { run_id: res.body.run_id } });
    expect({ status: again.body.status, counts: again.body.counts, errors: again.body.errors, finished_at: again.body.finished_at }, `[RUN-03] ${operationId}: the terminal run never changes`).toEqual({
      status: polled.run.status,
      counts: polled.run.counts,
      errors: polled.run.errors,
      finished_at: polled.run.finished_at,
    });
    return polled.run;
  };

  await test.step('1. GET /auth shows partner:write', async () => {
    const auth = await meshi.call('getAuth');
    expectStatus(auth, 200, 'AUTH-05', 'GET /auth answers 200');
    expect(auth.body.principal_type, '[AUTH-05] a service account').toBe('service_account');
    expect([...auth.body.scopes].sort(), '[AUTH-05] the write key holds partner:read and partner:write').toEqual(['partner:read', 'partner:write']);
  });

  const event = { event_id: eventId, title: 'Annual Partner Summit', description: 'Two-day leadership summit', start_date: '2026-09-10', end_date: '2026-09-11', timezone: 'America/New_York', visibility: 'private', url_slug: `summit-${ns.id('s').toLowerCase().replace(/[^a-z0-9-]/g, '-')}`.slice(0, 128) };
  await test.step('2. create the event', async () => {
    const res = await meshi.call('createEvent', { body: event });
    expectStatus(res, 201, 'EVT-01', 'POST /events answers 201');
    for (const [k, v] of Object.entries(event)) expect(res.body[k], `[EVT-01] the event echoes ${k}`).toBe(v);
  });

  await test.step('3. add context (merge)', async () => {
    const first = await meshi.call('upsertEventContext', { params: { event_id: eventId }, body: { event_details: 'Main hall, 300 guests', objectives: 'Meet three new partners' } });
    expectStatus(first, 200, 'CTX-01', 'POST context answers 200');
    expect(first.body.event_details, '[CTX-01] event_details set').toBe('Main hall, 300 guests');
    const second = await meshi.call('upsertEventContext', { params: { event_id: eventId }, body: { welcome_instructions: 'Badges at the door', objectives: '' } });
    expectStatus(second, 200, 'CTX-01', 'the second POST answers 200');
    const merged = { event_details: 'Main hall, 300 guests', objectives: 'Meet three new partners', welcome_instructions: 'Badges at the door' };
    for (const [k, v] of Object.entries(merged)) expect(second.body[k], `[CTX-01] merged context: ${k} (given ones replaced, others and empty ones kept)`).toBe(v);
    const read = await meshi.call('getEventContext', { params: { event_id: eventId } });
    for (const [k, v] of Object.entries(merged)) expect(read.body[k], `[CTX-01] GET context returns ${k}`).toBe(v);
  });

  const shared = `twins.${ns.id('mail').toLowerCase().replace(/[^a-z0-9.]/g, '')}@example.com`;
  const good = [
    { attendee_id: ns.id('canon-ada'), name: 'Ada Lovelace', email: 'ada@example.com', title: 'CTO', company: 'Analytical Engines' },
    { attendee_id: ns.id('canon-grace'), name: 'Grace Hopper', email: 'grace@example.com', title: 'VP Engineering', company: 'Navy Labs' },
    { attendee_id: ns.id('canon-alan'), name: 'Alan Turing', linkedin_url: 'https://www.linkedin.com/in/alan-turing', title: 'Research Lead', company: 'Bletchley' },
    { attendee_id: ns.id('canon-twin1'), name: 'Sam Twin', email: shared, company: 'Twin Co', title: 'Founder' },
    { attendee_id: ns.id('canon-twin2'), name: 'Samantha Twin', email: shared, company: 'Twin Co', title: 'CEO' },
  ];
  const failing = { attendee_id: ns.id('canon-noname'), email: 'nobody@example.com' };
  const nameCode = contract.fieldRules.AttendeeImportRow?.find((f) => f.name === 'name')?.errorCode ?? 'INVALID_NAME';

  await test.step('4. import attendees: one row fails → partial', async () => {
    const res = await meshi.call('importAttendees', { params: { event_id: eventId }, body: { idempotency_key: ns.idempotencyKey('canon-imp'), attendees: [...good.slice(0, 2), failing, ...good.slice(2)] } });
    expect(typeof res.body?.run_id, '[IMP-01] the import answers with a run_id').toBe('string');
    expect(typeof res.body?.status, '[IMP-01] the import answers with a run status').toBe('string');
    const readable = await meshi.call('getRun', { params: { run_id: res.body.run_id } });
    expectStatus(readable, 200, 'IMP-01', 'the import run is readable through GET /runs/{run_id}');
    expect(readable.body.run_id, '[IMP-01] GET /runs returns that run').toBe(res.body.run_id);
    const run = await runTo('importAttendees', res);
    expect(run.status, '[IMP-05] one failing row makes the import partial').toBe('partial');
    expect(run.counts, '[IMP-05] counts: every row, the good ones succeeded, one failed').toEqual({ total: good.length + 1, succeeded: good.length, failed: 1 });
    expect(run.errors.map((e: { attendee_id: string; code: string }) => [e.attendee_id, e.code]), `[IMP-05] errors list the failing row with ${nameCode}`).toEqual([[failing.attendee_id, nameCode]]);
  });

  await test.step('5. the imported attendees', async () => {
    const list = await meshi.call('listAttendees', { params: { event_id: eventId }, query: { limit: target.limits.pageLimitMax! } });
    expectStatus(list, 200, 'ATT-01', 'the attendee list answers 200');
    const ids = list.body.items.map((a: { attendee_id: string }) => a.attendee_id).sort();
    expect(ids, '[ATT-01] exactly the rows that did not fail').toEqual(good.map((g) => g.attendee_id).sort());
    for (const g of good) {
      const a = await meshi.call('getAttendee', { params: { event_id: eventId, attendee_id: g.attendee_id } });
      for (const [k, v] of Object.entries(g)) expect(a.body[k], `[ATT-01] ${g.attendee_id}: imported ${k}`).toBe(v);
      expect(a.body.enrichment?.status, `[ATT-01] ${g.attendee_id}: enrichment pending before any enrichment run`).toBe('pending');
    }
    const missing = await meshi.call('getAttendee', { params: { event_id: eventId, attendee_id: failing.attendee_id } });
    expectStatus(missing, 404, 'ATT-01', 'the failed row was not imported');
  });

  await test.step('6. enrich', async () => {
    const res = await meshi.call('enrichAttendees', { params: { event_id: eventId }, body: { idempotency_key: ns.idempotencyKey('canon-enr') } });
    await runTo('enrichAttendees', res);
  });

  await test.step('7. review queues: the ambiguous pair is in exactly one queue', async () => {
    const eventQueue = await meshi.call('listEventReviewQueue', { params: { event_id: eventId }, query: { limit: target.limits.pageLimitMax! } });
    expectStatus(eventQueue, 200, 'REV-02', 'the event review queue answers 200');
    const twins = new Set([good[3]!.attendee_id, good[4]!.attendee_id]);
    const ours = eventQueue.body.items.filter((r: { attendee_id: string }) => twins.has(r.attendee_id));
    expect(ours.length, '[REV-02] the shared email gives an open review in the event queue').toBeGreaterThan(0);
    const orgIds = new Set<string>();
    for await (const { res: org } of cursorPages(lister(meshi, 'listOrgReviewQueue'), { limit: target.limits.pageLimitMax!, maxPages: 50 })) {
      expectStatus(org, 200, 'REV-02', 'the org review queue answers 200');
      for (const r of org.body.items) orgIds.add(r.review_id);
    }
    for (const r of ours) {
      expect(r.status, '[REV-02] the review is open').toBe('open');
      expect(orgIds.has(r.review_id), `[REV-02] review ${r.review_id} is not also in the org-wide queue`).toBe(false);
    }
  });

  let matchingRunId = '';
  await test.step('8. run matching and poll', async () => {
    const res = await meshi.call('runMatching', { params: { event_id: eventId }, body: { idempotency_key: ns.idempotencyKey('canon-match') } });
    const run = await runTo('runMatching', res);
    expect(['succeeded', 'partial'], `[MATCH-01] matching five attendees ends with scores to serve (got ${run.status})`).toContain(run.status);
    matchingRunId = run.run_id;
  });

  await test.step('9. page through every score', async () => {
    const topK = target.limits.matchTopK!;
    const pageLimit = 4;
    const items: { attendee_id: string; matched_attendee_id: string; score: number; rank: number; run_id: string; reasons: unknown[] }[] = [];
    for await (const { res, n } of cursorPages(lister(meshi, 'listMatches', { event_id: eventId }), { limit: pageLimit, maxPages: 100 })) {
      expectStatus(res, 200, 'PAGE-01', `score page ${n}`);
      expect(res.body.items.length, `[PAGE-01] page ${n} holds at most limit (${pageLimit}) items`).toBeLessThanOrEqual(pageLimit);
      items.push(...res.body.items);
    }
    expect(items.length, '[MATCH-01] matching produced scores').toBeGreaterThan(0);
    const keys = items.map((m) => `${m.attendee_id}→${m.matched_attendee_id}`);
    expect(new Set(keys).size, '[PAGE-01] walking the cursors yields every score once').toBe(keys.length);
    const whole = await meshi.call('listMatches', { params: { event_id: eventId }, query: { limit: target.limits.pageLimitMax! } });
    // Every item exactly once is PAGE-01's; the order they come in is MATCH-01's (checked below).
    if (whole.body.next_cursor === null) expect([...keys].sort(), '[PAGE-01] the pages together are the whole list').toEqual(whole.body.items.map((m: { attendee_id: string; matched_attendee_id: string }) => `${m.attendee_id}→${m.matched_attendee_id}`).sort());

    const imported = new Set(good.map((g) => g.attendee_id));
    const perAttendee = new Map<string, number[]>();
    items.forEach((m, i) => {
      expect(m.score >= 0 && m.score <= 1, `[MATCH-01] score ${m.score} of ${keys[i]} is within [0, 1]`).toBe(true);
      expect(m.matched_attendee_id, `[MATCH-01] ${keys[i]}: not matched with itself`).not.toBe(m.attendee_id);
      expect(imported.has(m.attendee_id) && imported.has(m.matched_attendee_id), `[MATCH-01] ${keys[i]}: both are attendees of the event`).toBe(true);
      expect(m.run_id, `[MATCH-01] ${keys[i]}: from the latest matching run`).toBe(matchingRunId);
      perAttendee.set(m.attendee_id, [...(perAttendee.get(m.attendee_id) ?? []), m.rank]);
      if (i > 0) {
        const p = items[i - 1]!;
        const ordered = p.score > m.score || (p.score === m.score && (p.attendee_id < m.attendee_id || (p.attendee_id === m.attendee_id && p.matched_attendee_id < m.matched_attendee_id)));
        expect(ordered, `[MATCH-01] ${keys[i - 1]} (${p.score}) comes before ${keys[i]} (${m.score}): score descending, then attendee_id, then matched_attendee_id`).toBe(true);
      }
    });
    for (const [attendee, ranks] of perAttendee) {
      expect(ranks.length, `[MATCH-01] ${attendee}: at most match_top_k (${topK}) matches`).toBeLessThanOrEqual(topK);
      expect(ranks, `[MATCH-01] ${attendee}: ranked from 1 in score order`).toEqual(ranks.map((_, i) => i + 1));
    }
  });
});
