// Runs: queued → running → terminal on timers (configurable), terminal runs never change, runs of
// one event execute in order, GET /runs is org-scoped, and timers stop on reset and close.

import { C, expect, expectCode, sleep, startMock, test, Api } from './helpers';
import { FAST, enc, finished, importRows, key, pollRun, row } from './domainHelpers';
import { schedulerOf } from '../../mock/domain/scheduler';

test.use({ mockOptions: { queuedMs: 60, runningMs: 80 } });

test.describe('lifecycle', () => {
  // Long enough phases that polling observes each one even on a loaded machine.
  test.use({ mockOptions: { queuedMs: 300, runningMs: 1000 } });

  test('a run moves queued → running → terminal, with finished_at set only when terminal', async ({ api }) => {
    await api.createEvent('run-1');
    const r = await importRows(api, 'run-1', [row('a1')]);
    expect(r.body.status).toBe('queued');
    const seen: any[] = [];
    for (;;) {
      const g = await api.get(`/runs/${r.body.run_id}`);
      seen.push(g.body);
      if (C.terminalRunStatuses.includes(g.body.status)) break;
      expect(g.body.finished_at).toBeNull();
      await sleep(5);
    }
    const statuses = [...new Set(seen.map((s) => s.status))];
    expect(statuses).toEqual(['queued', 'running', 'succeeded']);
    const last = seen[seen.length - 1];
    expect(last.finished_at).toBe(last.updated_at);
    expect(last.created_at).toBe(r.body.created_at);
    expect(Date.parse(last.finished_at)).toBeGreaterThanOrEqual(Date.parse(last.created_at));
    for (const s of seen) expect(C.runStatuses).toContain(s.status);
  });
});

test('a terminal run never changes again', async ({ api }) => {
  await api.createEvent('run-2');
  const run = await finished(api, importRows(api, 'run-2', [row('a1'), row('a2', { email: 'bad' })]));
  expect(run.status).toBe('partial');
  const { correlation_id: _c, ...first } = run;
  for (let i = 0; i < 5; i++) {
    await sleep(60);
    const { correlation_id: _d, ...again } = (await api.get(`/runs/${run.run_id}`)).body;
    expect(again).toEqual(first);
  }
});

test('run durations follow the live config (PATCH /__mock/config)', async ({ api }) => {
  const patch = await api.admin('PATCH', '/config', { queuedMs: 0, runningMs: 0 });
  expect(patch.status).toBe(200);
  await api.createEvent('run-fast');
  const t0 = Date.now();
  await finished(api, importRows(api, 'run-fast', [row('a1')]));
  expect(Date.now() - t0).toBeLessThan(1000);
});

test('runs of one event execute in order: import, enrichment and matching without polling in between', async ({ api }) => {
  await api.createEvent('run-chain');
  const imp = await importRows(api, 'run-chain', [
    row('a1', { company: 'Acme', title: 'CTO' }),
    row('a2', { company: 'Acme', title: 'CEO' }),
    row('a3', { company: 'Beta' }),
  ]);
  const enr = await api.post('/events/run-chain/attendees:enrich', { idempotency_key: key() });
  const mat = await api.post('/events/run-chain/matches:run', { idempotency_key: key() });
  const runs = await Promise.all([imp, enr, mat].map((r) => pollRun(api, r.body.run_id)));
  expect(runs.map((r) => r.run.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
  expect(runs[1]!.run.counts.total).toBe(3);
  expect(runs[2]!.run.counts.total).toBe(3);
  expect(runs[0]!.run.finished_at <= runs[1]!.run.finished_at).toBe(true);
  expect(runs[1]!.run.finished_at <= runs[2]!.run.finished_at).toBe(true);
  const a1 = (await api.get('/events/run-chain/attendees/a1')).body;
  expect(a1.enrichment.status).toBe('enriched');
});

test.describe('lookup', () => {
  test.use({ mockOptions: FAST });

  test('an unknown or malformed run_id is 404 RUN_NOT_FOUND', async ({ api }) => {
    for (const id of ['run_00000000000000000000000000', 'run_', 'nope', '123e4567-e89b-12d3-a456-426614174000', enc('run_x y')]) {
      const r = await api.get(`/runs/${id}`);
      expectCode(r, 404, 'RUN_NOT_FOUND', id);
    }
  });

  test("another org's run is indistinguishable from a missing one", async ({ api }) => {
    await api.createEvent('run-iso');
    const r = await importRows(api, 'run-iso', [row('a1')]);
    const other = await api.get(`/runs/${r.body.run_id}`, { key: 'orgB' });
    expectCode(other, 404, 'RUN_NOT_FOUND');
    const mine = await api.get(`/runs/${r.body.run_id}`, { key: 'read' });
    expect(mine.status).toBe(200);
  });

  test('run handles are opaque run_ strings, unique per run', async ({ api }) => {
    await api.createEvent('run-ids');
    const ids = new Set<string>();
    for (let i = 0; i < 20; i++) ids.add((await importRows(api, 'run-ids', [row(`a${i}`)])).body.run_id);
    expect(ids.size).toBe(20);
    for (const id of ids) expect(id).toMatch(/^run_[A-Za-z0-9]+$/);
  });
});

test('reset and close cancel every run timer', async () => {
  const mock = await startMock({ queuedMs: 5_000, runningMs: 5_000 });
  const api = new Api(mock);
  await api.createEvent('run-reset');
  const r = await importRows(api, 'run-reset', [row('a1')]);
  expect(schedulerOf(mock.app).pending()).toBe(1);
  expect((await api.admin('POST', '/reset')).status).toBe(200);
  expect(schedulerOf(mock.app).pending()).toBe(0);
  expect((await api.get(`/runs/${r.body.run_id}`)).status).toBe(404);
  await api.createEvent('run-reset');
  await importRows(api, 'run-reset', [row('a1')]);
  expect(schedulerOf(mock.app).pending()).toBe(1);
  await mock.close();
  expect(schedulerOf(mock.app).pending()).toBe(0);
});
