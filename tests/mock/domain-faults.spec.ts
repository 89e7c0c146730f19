// The domain faults (mock/faults/domain.ts): each is observable when switched on and gone when
// switched off, and each names a guarantee of the catalogue. A scenario returns true when it
// observed the violation of the fault's guarantee.

import { Api, C, UUID_RE, expect, sleep, startMock, test, type CallOptions, type Res } from './helpers';
import { FAST, fieldCode, finished, importAndWait, importRows, key, limit, match, matchOrder, pollRun, row, rows } from './domainHelpers';
import { D, domainFaults } from '../../mock/faults/domain';
import { guarantees } from '../../contract';

test.use({ mockOptions: FAST });

/** A client that tolerates contract problems while a fault is on (faults break the contract), and checks every response again once `strict`. */
class LooseApi extends Api {
  strict = false;
  override call(method: string, path: string, opts: CallOptions = {}): Promise<Res> {
    return super.call(method, path, this.strict ? opts : { ...opts, conform: false });
  }
}

type Scenario = (api: LooseApi, tag: string) => Promise<boolean>;

async function ids(api: LooseApi, path: string, pageLimit: number, field: string): Promise<string[]> {
  const out: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 50; page++) {
    const r = await api.get(`${path}?limit=${pageLimit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    out.push(...r.body.items.map((x: any) => x[field]));
    cursor = r.body.next_cursor;
    if (cursor === null) break;
  }
  return out;
}

/** Polls a run until `done(status)` or the budget runs out; returns the last status seen. */
async function statusAfter(api: LooseApi, runId: string, done: (status: string) => boolean, budgetMs: number): Promise<string> {
  const deadline = Date.now() + budgetMs;
  for (;;) {
    const status = (await api.get(`/runs/${runId}`)).body.status as string;
    if (done(status) || Date.now() > deadline) return status;
    await sleep(10);
  }
}

async function matchedEvent(api: LooseApi, eventId: string, n = 6): Promise<any> {
  await api.createEvent(eventId);
  await importAndWait(api, eventId, rows(eventId, n));
  return match(api, eventId);
}

const scenarios: Record<string, Scenario> = {
  [D.idemReplayCreatesRun]: async (api, t) => {
    await api.createEvent(t);
    const body = { idempotency_key: key(), attendees: [row('a1')] };
    const a = await api.put(`/events/${t}/attendees:import`, body);
    const b = await api.put(`/events/${t}/attendees:import`, body);
    return a.body.run_id !== b.body.run_id;
  },
  [D.idemPayloadConflictUndetected]: async (api, t) => {
    await api.createEvent(t);
    const k = key();
    await api.put(`/events/${t}/attendees:import`, { idempotency_key: k, attendees: [row('a1')] });
    const r = await api.put(`/events/${t}/attendees:import`, { idempotency_key: k, attendees: [row('a2')] });
    return r.status !== 409;
  },
  [D.idemRejectedStoresKey]: async (api, t) => {
    await api.createEvent(t);
    const k = key();
    const bad = await api.put(`/events/${t}/attendees:import`, { idempotency_key: k, attendees: [] });
    expect(bad.status).toBe(400);
    const good = await api.put(`/events/${t}/attendees:import`, { idempotency_key: k, attendees: [row('a1')] });
    return good.status !== 202 || good.headers['idempotent-replayed'] !== undefined;
  },
  [D.idemKeysNotOrgScoped]: async (api, t) => {
    await api.createEvent(t);
    await api.createEvent(t, {}, 'orgB');
    const body = { idempotency_key: key() };
    await api.post(`/events/${t}/attendees:enrich`, body);
    const b = await api.post(`/events/${t}/attendees:enrich`, body, { key: 'orgB' });
    return b.status !== 202 || b.headers['idempotent-replayed'] !== undefined;
  },
  [D.importDuplicatesAccepted]: async (api, t) => {
    await api.createEvent(t);
    const r = await importRows(api, t, [row('a1'), row('a1')]);
    return r.status !== 400 || r.body.code !== 'DUPLICATE_ATTENDEE_ID';
  },
  [D.importRowCapIgnored]: async (api, t) => {
    await api.createEvent(t);
    const r = await importRows(
      api,
      t,
      Array.from({ length: limit('importMaxRows') + 1 }, (_, i) => ({ attendee_id: `r${i}`, name: 'x' })),
    );
    return r.status !== 400;
  },
  [D.pageRepeatsItem]: async (api, t) => {
    await api.createEvent(t);
    await importAndWait(api, t, rows(t, 7));
    const seen = await ids(api, `/events/${t}/attendees`, 3, 'attendee_id');
    return seen.length !== 7 || new Set(seen).size !== 7;
  },
  [D.pageSkipsItem]: async (api, t) => {
    await matchedEvent(api, t, 4);
    const seen = await ids(api, `/events/${t}/matches`, 3, 'matched_attendee_id');
    const all = (await api.get(`/events/${t}/matches?limit=200`)).body.items.length;
    return seen.length !== all;
  },
  [D.matchWrongOrder]: async (api, t) => {
    await matchedEvent(api, t);
    const items = (await api.get(`/events/${t}/matches?limit=200`)).body.items;
    return JSON.stringify([...items].sort(matchOrder)) !== JSON.stringify(items);
  },
  [D.matchScoreOutOfRange]: async (api, t) => {
    await matchedEvent(api, t);
    const items = (await api.get(`/events/${t}/matches?limit=200`)).body.items;
    return items.some((m: any) => m.score < 0 || m.score > 1);
  },
  [D.matchNondeterministic]: async (api, t) => {
    await matchedEvent(api, t, 10);
    const first = (await api.get(`/events/${t}/matches?limit=200`)).body.items.map((m: any) => [
      m.attendee_id,
      m.matched_attendee_id,
      m.score,
      m.rank,
    ]);
    await match(api, t);
    const second = (await api.get(`/events/${t}/matches?limit=200`)).body.items.map((m: any) => [
      m.attendee_id,
      m.matched_attendee_id,
      m.score,
      m.rank,
    ]);
    return JSON.stringify(first) !== JSON.stringify(second);
  },
  [D.matchTooFewSucceeds]: async (api, t) => {
    await api.createEvent(t);
    await importAndWait(api, t, [row('solo')]);
    const run = await match(api, t);
    return run.status !== 'failed' || run.errors[0]?.code !== 'NOT_ENOUGH_ATTENDEES';
  },
  [D.matchStaleScores]: async (api, t) => {
    await matchedEvent(api, t, 3);
    await importAndWait(api, t, rows(t, 3, 3));
    const second = await match(api, t);
    const items = (await api.get(`/events/${t}/matches?limit=200`)).body.items;
    return items.some((m: any) => m.run_id !== second.run_id);
  },
  [D.runNeverFinishes]: async (api, t) => {
    await api.createEvent(t);
    const r = await importRows(api, t, [row('a1')]);
    const status = await statusAfter(api, r.body.run_id, (s) => C.terminalRunStatuses.includes(s), 2000);
    return !C.terminalRunStatuses.includes(status);
  },
  [D.runTerminalChanges]: async (api, t) => {
    await api.createEvent(t);
    const run = await finished(api, importRows(api, t, [row('a1')]));
    await sleep(400);
    const again = (await api.get(`/runs/${run.run_id}`)).body;
    return again.status !== run.status || again.updated_at !== run.updated_at || again.finished_at !== run.finished_at;
  },
  [D.runWebhookNotEchoed]: async (api, t) => {
    await api.createEvent(t);
    const hook = 'https://hooks.example.com/meshi';
    const r = await importRows(api, t, [row('a1')], { webhook_url: hook });
    const g = await api.get(`/runs/${r.body.run_id}`);
    return r.body.webhook_url !== hook || g.body.webhook_url !== hook;
  },
  [D.runStatusOutsideContract]: async (api, t) => {
    await api.createEvent(t);
    const r = await importRows(api, t, [row('a1')]);
    const status = await statusAfter(api, r.body.run_id, (s) => s !== 'queued' && s !== 'running', 5000);
    return !C.runStatuses.includes(status);
  },
  [D.runCrossOrgReadable]: async (api, t) => {
    await api.createEvent(t);
    const r = await importRows(api, t, [row('a1')]);
    const other = await api.get(`/runs/${r.body.run_id}`, { key: 'orgB' });
    return other.status !== 404;
  },
  [D.runErrorLeaksUuid]: async (api, t) => {
    await api.createEvent(t);
    const r = await importRows(api, t, [row('a1'), row('a2', { email: 'bad' })]);
    const { run } = await pollRun(api, r.body.run_id);
    expect(run.errors).toHaveLength(1);
    return (JSON.stringify(run).match(UUID_RE) ?? []).length > 0;
  },
  [D.reviewInBothQueues]: async (api, t) => {
    for (const e of [`${t}-1`, `${t}-2`]) {
      await api.createEvent(e);
      await importAndWait(api, e, [row('p', { email: `${t}@example.com` })]);
    }
    await finished(api, api.post(`/events/${t}-2/attendees:enrich`, { idempotency_key: key() }));
    const org = (await api.get('/review-queue')).body.items.map((r: any) => r.review_id);
    expect(org).toHaveLength(1);
    const events = [
      ...(await api.get(`/events/${t}-1/review-queue`)).body.items,
      ...(await api.get(`/events/${t}-2/review-queue`)).body.items,
    ];
    return events.some((r: any) => org.includes(r.review_id));
  },
  [D.cursorSingleUse]: async (api, t) => {
    await api.createEvent(t);
    for (const s of ['s1', 's2']) await api.createSession(t, `${t}-${s}`);
    const cursor = (await api.get(`/events/${t}/sessions?limit=1`)).body.next_cursor as string;
    const read = () => api.get(`/events/${t}/sessions?limit=1&cursor=${encodeURIComponent(cursor)}`);
    await read();
    return (await read()).status === 400;
  },
  [D.webhookUrlNormalised]: async (api, t) => {
    await api.createEvent(t);
    const hook = 'https://Hooks.Example.com:443/x';
    return (await api.post(`/events/${t}/attendees:enrich`, { idempotency_key: key(), webhook_url: hook })).body.webhook_url !== hook;
  },
  [D.staleReadOneInFive]: async (api, t) => {
    await api.createEvent(t);
    await api.put(`/events/${t}`, { title: 'second version' });
    const titles: string[] = [];
    for (let i = 0; i < 5; i++) titles.push((await api.get(`/events/${t}`)).body.title);
    return titles.some((x) => x !== 'second version');
  },
  [D.sessionIdConflictOverwrites]: async (api, t) => {
    await api.createEvent(t);
    await api.createSession(t, `${t}-s`);
    return (await api.post(`/events/${t}/sessions`, { session_id: `${t}-s`, title: 'Again' })).status === 201;
  },
  [D.sessionsListCrossOrg]: async (api, t) => {
    await api.createEvent(t);
    await api.createSession(t, `${t}-s`);
    await api.createEvent(t, {}, 'orgB');
    return (await api.get(`/events/${t}/sessions`, { key: 'orgB' })).body.items.length > 0;
  },
  [D.sessionTimesTruncated]: async (api, t) => {
    await api.createEvent(t);
    const at = '2026-09-10T09:00:00.123456Z';
    return (await api.createSession(t, `${t}-s`, { starts_at: at })).starts_at !== at;
  },
  [D.enrichMissingInputSucceeds]: async (api, t) => {
    await api.createEvent(t);
    await importAndWait(api, t, [row('ok', { company: 'Acme' }), row('bare')]);
    const run = await finished(api, api.post(`/events/${t}/attendees:enrich`, { idempotency_key: key() }));
    return run.status !== 'partial' || !run.errors.some((e: any) => e.attendee_id === 'bare' && e.code === 'INSUFFICIENT_ENRICHMENT_INPUT');
  },
  [D.importEmptyAccepted]: async (api, t) => {
    await api.createEvent(t);
    const r = await importRows(api, t, []);
    return r.status !== 400 || r.body.code !== fieldCode('AttendeeImportRequest', 'attendees');
  },
  [D.idemEmptyKeyAccepted]: async (api, t) => {
    await api.createEvent(t);
    const r = await api.put(`/events/${t}/attendees:import`, { idempotency_key: '', attendees: [row('a1')] });
    return r.status !== 400 || r.body.code !== fieldCode('AttendeeImportRequest', 'idempotency_key');
  },
  [D.idemEventNotCompared]: async (api, t) => {
    await api.createEvent(t);
    await api.createEvent(`${t}-b`);
    const body = { idempotency_key: key(), attendees: [row('a1')] };
    await api.put(`/events/${t}/attendees:import`, body);
    const r = await api.put(`/events/${t}-b/attendees:import`, body);
    return r.status !== 409 || r.body.code !== 'IDEMPOTENCY_KEY_CONFLICT';
  },
  [D.importRunNotReadable]: async (api, t) => {
    await api.createEvent(t);
    const r = await importRows(api, t, [row('a1')]);
    expect(r.status).toBe(202);
    const enr = await api.post(`/events/${t}/attendees:enrich`, { idempotency_key: key() });
    // Only the import's run is lost: the enrichment run stays readable.
    expect((await api.get(`/runs/${enr.body.run_id}`)).status).toBe(200);
    const read = await api.get(`/runs/${r.body.run_id}`);
    return read.status !== 200 || read.body.run_id !== r.body.run_id;
  },
};

test('the domain catalogue: at least 14 faults, unique names, known guarantees, one scenario each', () => {
  expect(domainFaults.length).toBeGreaterThanOrEqual(14);
  expect(new Set(domainFaults.map((f) => f.name)).size).toBe(domainFaults.length);
  const known = new Set<string>(guarantees.map((g) => g.id));
  for (const f of domainFaults) {
    expect(known.has(f.guarantee), `${f.name} → ${f.guarantee}`).toBe(true);
    expect(f.family).toBe(f.guarantee.split('-')[0]);
    expect(scenarios[f.name], `scenario for ${f.name}`).toBeDefined();
  }
  expect(Object.keys(scenarios).sort()).toEqual(domainFaults.map((f) => f.name).sort());
});

for (const fault of domainFaults) {
  test(`${fault.guarantee} ${fault.name}: observable when on, gone when off`, async ({ mock }) => {
    const api = new LooseApi(mock);
    const scenario = scenarios[fault.name]!;
    await api.setFaults([fault.name]);
    expect(await scenario(api, 'fault-on'), `[${fault.guarantee}] ${fault.name} on: violation observed`).toBe(true);
    await api.setFaults([]);
    expect((await api.admin('POST', '/reset')).status).toBe(200);
    api.strict = true;
    expect(await scenario(api, 'fault-off'), `[${fault.guarantee}] ${fault.name} off: no violation`).toBe(false);
  });
}

test('a domain fault can be switched on at start-up (config.faults, as MOCK_FAULTS does)', async () => {
  const mock = await startMock({ ...FAST, faults: [D.runWebhookNotEchoed] });
  try {
    const api = new LooseApi(mock);
    expect(await scenarios[D.runWebhookNotEchoed]!(api, 'startup')).toBe(true);
  } finally {
    await mock.close();
  }
});
