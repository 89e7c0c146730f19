// RUN: the three run-creating writes answer with a run of their kind; the lifecycle (statuses from
// the contract, forward only, terminal within the budget, final once terminal); webhook_url echo,
// null and validation; unknown and malformed run IDs.

import { test, proves } from '../harness/run/fixtures';
import { contract, fieldRule, runCreatingOperations } from '../contract';
import type { MeshiClient, MeshiResponse } from '../harness/http/client';
import type { Namespace } from '../harness/world/namespace';
import { isTerminal, lifecycleRank, pollRun } from '../harness/world/pollRun';
import { attendeeRow, attendeeRows, createEvent, eventWithAttendees, POLL } from '../harness/world/builders';
import { forEachConcurrent, sleep } from '../harness/world/concurrency';
import { type Json, withoutCorrelation } from '../harness/http/json';
import {
  caseNotExercised,
  expectAccepted,
  expectEqual,
  expectError,
  expectKeyStillFree,
  expectStatus,
  expectThat,
  observeSubject,
  requireAccepted,
  requireContract,
  requireObserved,
  shown,
} from '../harness/verdicts';

test.describe.configure({ mode: 'parallel' });

/** The run kind each run-creating operation starts (the guarantee's own mapping). */
const KIND_OF: Record<string, string> = { importAttendees: 'import', enrichAttendees: 'enrichment', runMatching: 'matching' };

function bodyFor(op: string, ns: Namespace, extra: Json = {}): Json {
  const base: Json = { idempotency_key: ns.idempotencyKey(op), ...extra };
  if (op === 'importAttendees') base.attendees = [attendeeRow(ns), attendeeRow(ns)];
  return base;
}

async function start(meshi: MeshiClient, ns: Namespace, op: string, eventId: string, extra: Json = {}): Promise<MeshiResponse<Json>> {
  return meshi.call<Json>(op, { params: { event_id: eventId }, body: bodyFor(op, ns, extra) });
}

test(...proves('RUN-01'), async ({ meshi, ns }) => {
  requireContract(
    'the run-creating operations are import, enrich and match',
    JSON.stringify([...runCreatingOperations].sort()) === JSON.stringify(Object.keys(KIND_OF).sort()),
  );
  for (const k of Object.values(KIND_OF)) requireContract(`${k} is a contract run kind`, contract.runKinds.includes(k));
  const { event } = await eventWithAttendees(meshi, ns, [attendeeRow(ns), attendeeRow(ns)]);
  for (const op of runCreatingOperations) {
    const res = await start(meshi, ns, op, event.event_id);
    const success = contract.operations[op]!.successStatus;
    expectStatus('RUN-01', `${op} answers ${success}: ${res.text.slice(0, 200)}`, res, success);
    expectEqual(
      'RUN-01',
      `${op} answers a ${KIND_OF[op]} run of the path's event`,
      [res.body.kind, res.body.event_id],
      [KIND_OF[op], event.event_id],
    );
  }
});

test(...proves('RUN-02'), async ({ meshi, ns }) => {
  const { event } = await eventWithAttendees(meshi, ns, attendeeRows(ns, 3));
  const created = await Promise.all(runCreatingOperations.map((op) => start(meshi, ns, op, event.event_id)));
  const results = await Promise.all(
    created.map(async (res, i) => {
      requireAccepted('RUN-01', `${runCreatingOperations[i]} started a run`, res);
      return { op: runCreatingOperations[i]!, first: res.body.status as string, poll: await pollRun<Json>(meshi, res.body, { ...POLL }) };
    }),
  );
  for (const { op, first, poll } of results) {
    const seen = [first, ...poll.statuses];
    for (const s of seen)
      expectThat(
        'RUN-02',
        `${op}: status ${s} is a contract run status`,
        contract.runStatuses.includes(s),
        s,
        `in ${shown(contract.runStatuses)}`,
      );
    for (let i = 1; i < seen.length; i++) {
      expectThat(
        'RUN-02',
        `${op}: ${seen[i - 1]} → ${seen[i]} moves forward (${seen.join(' → ')})`,
        lifecycleRank(seen[i]!) >= lifecycleRank(seen[i - 1]!),
      );
    }
    expectThat('RUN-02', `${op}: ends terminal within the budget`, isTerminal(seen[seen.length - 1]!));
    expectThat(
      'RUN-02',
      `${op}: one terminal status (${seen.join(' → ')})`,
      seen.filter(isTerminal).every((s) => s === seen[seen.length - 1]),
    );
  }
});

test(...proves('RUN-03'), async ({ meshi, ns }) => {
  // One run of each terminal status: succeeded (import), partial (import with a bad row), failed (matching, one attendee).
  const e1 = await createEvent(meshi, ns);
  const e2 = await createEvent(meshi, ns);
  const e3 = await createEvent(meshi, ns);
  const [okRun, partialRun] = await Promise.all([
    meshi.setup.call<Json>('importAttendees', { params: { event_id: e1.event_id }, body: bodyFor('importAttendees', ns) }),
    meshi.setup.call<Json>('importAttendees', {
      params: { event_id: e2.event_id },
      body: { idempotency_key: ns.idempotencyKey(), attendees: [attendeeRow(ns), attendeeRow(ns, 'bad', { email: 'broken' })] },
    }),
  ]);
  const loneImport = await meshi.setup.call<Json>('importAttendees', {
    params: { event_id: e3.event_id },
    body: { idempotency_key: ns.idempotencyKey(), attendees: [attendeeRow(ns)] },
  });
  await pollRun(meshi, loneImport.body, { ...POLL });
  const failRun = await meshi.setup.call<Json>('runMatching', {
    params: { event_id: e3.event_id },
    body: { idempotency_key: ns.idempotencyKey() },
  });

  const terminal = new Map<string, Json>();
  await Promise.all(
    [okRun, partialRun, failRun].map(async (r) => {
      const { run } = await pollRun<Json>(meshi, r.body, { ...POLL });
      terminal.set(r.body.run_id, run);
    }),
  );
  // Each terminal status is a subject; one the set-up did not reach (e.g. matching over one
  // attendee that did not fail: MATCH-03's sentence) is noted, and the others are still judged.
  const statuses = new Set([...terminal.values()].map((r) => r.status as string));
  for (const s of contract.terminalRunStatuses) if (!statuses.has(s)) caseNotExercised(`no run of the set-up ended ${s}`);
  for (const r of terminal.values()) if (isTerminal(r.status)) observeSubject('RUN-03', 'a terminal run');
  for (const r of terminal.values())
    expectThat('RUN-03', `a ${r.status} run has finished_at`, r.finished_at !== null, r.finished_at, 'not null');
  // Final: read each terminal run again, several times over a short delay: nothing changes.
  for (let i = 0; i < 4; i++) {
    await sleep(150);
    for (const [id, first] of terminal) {
      const again = await meshi.call<Json>('getRun', { params: { run_id: id } });
      expectStatus('RUN-03', `read ${i + 1} of terminal run ${id} answers 200`, again, 200);
      expectEqual(
        'RUN-03',
        `a ${first.status} run never changes again (read ${i + 1})`,
        withoutCorrelation(again.body),
        withoutCorrelation(first),
      );
    }
  }
  requireObserved('RUN-03', 'a terminal run');
});

test(...proves('RUN-04'), async ({ meshi, ns }) => {
  const { event } = await eventWithAttendees(meshi, ns, [attendeeRow(ns), attendeeRow(ns)]);
  // Spellings a URL library would rewrite (host case, default port, lower-case and needless
  // escapes, dot segments): echoed unchanged means byte for byte.
  const spellings = [
    (id: string, op: string) => `https://Hooks.Example.com:443/meshi/${id}?sig=abc%20def&op=${op}#frag`,
    (id: string, op: string) => `https://hooks.example.com/meshi/./%7e${id}/../x%2fy?op=${op}`,
    (id: string, op: string) => `http://HOOKS.example.com:80/${id}/%c3%a9?op=${op}`,
  ];
  for (const [i, op] of runCreatingOperations.entries()) {
    const webhook = spellings[i % spellings.length]!(encodeURIComponent(ns.id('hook')), op);
    const res = await start(meshi, ns, op, event.event_id, { webhook_url: webhook });
    requireAccepted('RUN-01', `${op} with a webhook_url answers 202: ${res.text.slice(0, 200)}`, res);
    expectEqual('RUN-04', `${op}: webhook_url echoed unchanged in the create response`, res.body.webhook_url, webhook);
    const read = await meshi.call<Json>('getRun', { params: { run_id: res.body.run_id } });
    expectEqual('RUN-04', `${op}: webhook_url echoed unchanged on GET /runs/{run_id}`, read.body.webhook_url, webhook);
  }
  // Plain http and the longest allowed URL are echoed too.
  const max = fieldRule('EnrichRequest', 'webhook_url').maxLength!;
  for (const webhook of [
    'http://hooks.example.com/plain',
    `https://hooks.example.com/${'a'.repeat(max - 'https://hooks.example.com/'.length)}`,
  ]) {
    const res = await start(meshi, ns, 'enrichAttendees', event.event_id, { webhook_url: webhook });
    expectAccepted('RUN-04', `a webhook_url of ${webhook.length} characters is accepted`, res);
    expectEqual('RUN-04', `echoed unchanged (${webhook.length} characters)`, res.body.webhook_url, webhook);
  }
});

test(...proves('RUN-05'), async ({ meshi, ns }) => {
  const { event } = await eventWithAttendees(meshi, ns, [attendeeRow(ns), attendeeRow(ns)]);
  for (const op of runCreatingOperations) {
    const res = await start(meshi, ns, op, event.event_id);
    requireAccepted('RUN-01', `${op} without webhook_url answers 202`, res);
    expectEqual('RUN-05', `${op}: webhook_url null in the create response`, res.body.webhook_url, null);
    const read = await meshi.call<Json>('getRun', { params: { run_id: res.body.run_id } });
    expectEqual('RUN-05', `${op}: webhook_url null on GET /runs/{run_id}`, read.body.webhook_url, null);
  }
  const max = fieldRule('EnrichRequest', 'webhook_url').maxLength!;
  const bad = [
    'ftp://hooks.example.com/x',
    '/relative/path',
    'hooks.example.com/no-scheme',
    'not a url',
    'javascript:alert(1)',
    'http://',
    'https://exa mple.com/x',
    'mailto:ops@example.com',
    `https://hooks.example.com/${'a'.repeat(max)}`,
    '',
  ];
  for (const op of runCreatingOperations) {
    await forEachConcurrent(bad, async (webhook) => {
      const body = bodyFor(op, ns, { webhook_url: webhook });
      const res = await meshi.call<Json>(op, { params: { event_id: event.event_id }, body });
      expectError(
        'RUN-05',
        `${op} with webhook_url ${JSON.stringify(webhook.length > 60 ? `${webhook.slice(0, 40)}…(${webhook.length} chars)` : webhook)}`,
        res,
        fieldRule('EnrichRequest', 'webhook_url').errorCode!,
      );
    });
    // Starting no run: the key of a rejected request is still free for a corrected one.
    const key = ns.idempotencyKey('rejected');
    const rejected = await meshi.call<Json>(op, {
      params: { event_id: event.event_id },
      body: bodyFor(op, ns, { idempotency_key: key, webhook_url: 'ftp://x.example.com' }),
    });
    expectStatus('RUN-05', `${op}: rejected`, rejected, 400);
    const corrected = await meshi.call<Json>(op, { params: { event_id: event.event_id }, body: bodyFor(op, ns, { idempotency_key: key }) });
    expectKeyStillFree('RUN-05', `${op} with an invalid webhook_url`, corrected);
  }
});

test(...proves('RUN-06'), async ({ meshi, ns, target }) => {
  const prefix = /^\^([a-z]+_)/.exec(contract.patterns.runId ?? '')?.[1];
  requireContract('the contract pattern of run IDs has a prefix', prefix);
  let unknown = `${prefix}${'Z'.repeat(26)}`;
  if (!target.readOnly) {
    // A real run ID with its tail changed: well-formed, never issued.
    const event = await createEvent(meshi, ns);
    const run = await meshi.setup.call<Json>('enrichAttendees', {
      params: { event_id: event.event_id },
      body: { idempotency_key: ns.idempotencyKey() },
    });
    const real = run.body.run_id as string;
    unknown = `${real.slice(0, -4)}${real.endsWith('ZZZZ') ? 'YYYY' : 'ZZZZ'}`;
    expectStatus('RUN-06', 'control: the real run is readable', await meshi.call('getRun', { params: { run_id: real } }), 200);
  }
  expectThat('RUN-06', 'the unknown run ID is well-formed', new RegExp(contract.patterns.runId!).test(unknown));
  expectError('RUN-06', `an unknown run_id ${unknown}`, await meshi.call('getRun', { params: { run_id: unknown } }), 'RUN_NOT_FOUND');
  const malformed = [
    'not-a-run',
    `${prefix}`,
    `${prefix}${'a'.repeat(65)}`,
    `${prefix}abc!def`,
    `${prefix!.toUpperCase()}ABC`,
    ns.id('run'),
    'run',
    '0',
    `${prefix}abc def`,
    `${prefix}é`,
  ];
  await forEachConcurrent(malformed, async (id) => {
    expectError(
      'RUN-06',
      `a malformed run_id ${JSON.stringify(id)}`,
      await meshi.call('getRun', { params: { run_id: id } }),
      'RUN_NOT_FOUND',
    );
  });
});
