// pollRun against a fake server serving scripted run sequences: forward to terminal, backwards,
// never finishing, changing after terminal, unknown status, transient answers in between.
import { test, expect } from '@playwright/test';
import { gid } from '../../harness/checks/ids';
import { BlockedError, GuaranteeViolation, TransientError } from '../../harness/verdicts/errors';
import { findingsIn } from '../../harness/verdicts/findings';
import { insideProperty } from '../../harness/verdicts/preconditions';
import { lifecycleRank, pollRun } from '../../harness/world/pollRun';
import { startFakeServer, type FakeServer } from './fakeServer';
import { envelope, unitClient, validRun } from './helpers';

const RUN = 'run_01J8ZQ4M7ARUN0000000000001';
let fake: FakeServer | null = null;
test.afterEach(async () => {
  await fake?.close();
  fake = null;
});

/** Serves the statuses in order, repeating the last one forever. */
async function scripted(statuses: (string | 503)[]) {
  return startFakeServer((req, n) => {
    expect(req.url).toBe(`/api/v0/partner/runs/${RUN}`);
    const s = statuses[Math.min(n - 1, statuses.length - 1)]!;
    if (s === 503) return { status: 503, headers: { 'retry-after': '1' }, body: envelope('SERVICE_UNAVAILABLE') };
    return { body: validRun(s, RUN) };
  });
}

const fast = { intervalsMs: [5, 10], sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)) };

/** Test details declaring guarantees, as proves() does: pollRun fails only a test that declares the one violated. */
const declaring = (...ids: string[]) => ({ annotation: ids.map((id) => ({ type: 'guarantee', description: id })) });
const RUN_GUARANTEES = declaring(gid('runForward'), gid('runReachesTerminal'), gid('runTerminalStable'), gid('runStatusKnown'));

test('polls forward to a terminal status, confirms it, and returns the sequence', async ({ request }, testInfo) => {
  fake = await scripted(['queued', 'queued', 'running', 'running', 'succeeded']);
  const { client, violations } = unitClient(request, testInfo, fake.url);
  const r = await pollRun(client, RUN, { ...fast, budgetMs: 5000 });
  expect(r.transitions).toEqual(['queued', 'running', 'succeeded']);
  expect(r.statuses).toEqual(['queued', 'queued', 'running', 'running', 'succeeded', 'succeeded']);
  expect(r.polls).toBe(6);
  expect(r.run.status).toBe('succeeded');
  expect(violations).toEqual([]); // the scripted runs are contract-valid
});

test('a run going backwards fails with the forward-only guarantee', RUN_GUARANTEES, async ({ request }, testInfo) => {
  fake = await scripted(['queued', 'running', 'queued']);
  const { client } = unitClient(request, testInfo, fake.url);
  const err = await pollRun(client, RUN, { ...fast, budgetMs: 5000 }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(GuaranteeViolation);
  expect((err as Error).message).toMatch(new RegExp(`^\\[${gid('runForward')}\\] run went backwards running → queued`));
});

test('a run that never finishes fails at the budget with the last state', RUN_GUARANTEES, async ({ request }, testInfo) => {
  fake = await scripted(['queued', 'running']);
  const { client } = unitClient(request, testInfo, fake.url);
  const started = Date.now();
  const err = await pollRun(client, RUN, { ...fast, budgetMs: 300 }).catch((e: unknown) => e);
  expect(Date.now() - started).toBeLessThan(3000);
  expect((err as Error).message).toMatch(
    new RegExp(`^\\[${gid('runReachesTerminal')}\\] run did not reach a terminal status .* within 300 ms`),
  );
  expect((err as Error).message).toContain('"status":"running"');
  expect((err as Error).message).toContain('queued → running');
});

test('a terminal run that changes fails with the terminal-stability guarantee', RUN_GUARANTEES, async ({ request }, testInfo) => {
  fake = await scripted(['running', 'partial', 'succeeded']);
  const { client } = unitClient(request, testInfo, fake.url);
  const err = await pollRun(client, RUN, { ...fast, budgetMs: 5000 }).catch((e: unknown) => e);
  expect((err as Error).message).toMatch(new RegExp(`^\\[${gid('runTerminalStable')}\\] terminal run changed partial → succeeded`));
});

test('an unknown status fails with the status guarantee', RUN_GUARANTEES, async ({ request }, testInfo) => {
  fake = await scripted(['queued', 'paused']);
  const { client } = unitClient(request, testInfo, fake.url);
  const err = await pollRun(client, RUN, { ...fast, budgetMs: 5000 }).catch((e: unknown) => e);
  expect((err as Error).message).toMatch(new RegExp(`^\\[${gid('runStatusKnown')}\\] run status "paused"`));
});

test('transient answers while polling are polled again and recorded', async ({ request }, testInfo) => {
  fake = await scripted(['queued', 503, 'running', 'failed']);
  const { client } = unitClient(request, testInfo, fake.url);
  const r = await pollRun(client, RUN, { ...fast, budgetMs: 5000 });
  expect(r.transitions).toEqual(['queued', 'running', 'failed']);
  expect(testInfo.annotations.some((a) => a.type === 'transient-retry' && a.description?.includes('503'))).toBe(true);
});

test('an error status while polling fails with the reaching-terminal guarantee', RUN_GUARANTEES, async ({ request }, testInfo) => {
  fake = await startFakeServer(() => ({ status: 404, body: envelope('RUN_NOT_FOUND') }));
  const { client } = unitClient(request, testInfo, fake.url);
  const err = await pollRun(client, RUN, { ...fast, budgetMs: 5000 }).catch((e: unknown) => e);
  expect((err as Error).message).toMatch(new RegExp(`^\\[${gid('runReachesTerminal')}\\] GET /runs/${RUN} answered 404`));
});

test(
  "an import's run that is not found fails the import's readability guarantee, not the lifecycle's",
  declaring(gid('importRunReadable'), gid('runReachesTerminal')),
  async ({ request }, testInfo) => {
    fake = await startFakeServer(() => ({ status: 404, body: envelope('RUN_NOT_FOUND') }));
    const { client } = unitClient(request, testInfo, fake.url);
    const err = await pollRun(client, { run_id: RUN, kind: 'import' }, { ...fast, budgetMs: 5000 }).catch((e: unknown) => e);
    expect(gid('importRunReadable')).toBe('IMP-01');
    expect((err as Error).message).toMatch(new RegExp(`^\\[${gid('importRunReadable')}\\] GET /runs/${RUN} answered 404 RUN_NOT_FOUND`));
  },
);

test(
  "a test of the lifecycle that cannot read an import's run is blocked by the import's readability guarantee",
  RUN_GUARANTEES,
  async ({ request }, testInfo) => {
    fake = await startFakeServer(() => ({ status: 404, body: envelope('RUN_NOT_FOUND') }));
    const { client } = unitClient(request, testInfo, fake.url);
    const err = await insideProperty(() => pollRun(client, { run_id: RUN, kind: 'import' }, { ...fast, budgetMs: 5000 })).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(BlockedError);
    expect((err as Error).message).toMatch(
      new RegExp(`^\\[BLOCKED\\] blocked by ${gid('importRunReadable')}: GET /runs/${RUN} answered 404`),
    );
    expect(findingsIn(testInfo.annotations).filter((f) => f.kind === 'violation')).toEqual([]);
  },
);

test(
  "an import's run that vanishes, or a read answering another run, is the import's readability guarantee (the kind read from the run)",
  RUN_GUARANTEES,
  async ({ request }, testInfo) => {
    fake = await startFakeServer((_req, n) =>
      n === 1 ? { body: validRun('queued', RUN) } : { status: 404, body: envelope('RUN_NOT_FOUND') },
    );
    const { client } = unitClient(request, testInfo, fake.url);
    const vanished = await insideProperty(() => pollRun(client, RUN, { ...fast, budgetMs: 5000 })).catch((e: unknown) => e);
    expect((vanished as Error).message).toMatch(
      new RegExp(`^\\[BLOCKED\\] blocked by ${gid('importRunReadable')}: GET /runs/${RUN} answered 404`),
    );
    await fake.close();
    fake = await startFakeServer(() => ({ body: validRun('succeeded', 'run_01J8ZQ4M7ARUN0000000000002') }));
    const { client: other } = unitClient(request, testInfo, fake.url);
    const wrong = await insideProperty(() => pollRun(other, { run_id: RUN, kind: 'import' }, { ...fast, budgetMs: 5000 })).catch(
      (e: unknown) => e,
    );
    expect((wrong as Error).message).toMatch(
      new RegExp(
        `^\\[BLOCKED\\] blocked by ${gid('importRunReadable')}: GET /runs/${RUN} returned run_id "run_01J8ZQ4M7ARUN0000000000002"`,
      ),
    );
  },
);

test('in a test that does not declare the guarantee, a violation blocks the test instead of failing it', async ({ request }, testInfo) => {
  fake = await scripted(['queued', 'running']);
  const { client } = unitClient(request, testInfo, fake.url);
  // Inside a property a block is a BlockedError (outside, the test itself would end skipped).
  const err = await insideProperty(() => pollRun(client, RUN, { ...fast, budgetMs: 200 })).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(BlockedError);
  expect((err as Error).message).toMatch(
    new RegExp(`blocked by ${gid('runReachesTerminal')}: run did not reach a terminal status .* within 200 ms`),
  );
});

test(
  'an outage while polling (every read 503) is transient, not a run that never finishes',
  RUN_GUARANTEES,
  async ({ request }, testInfo) => {
    fake = await scripted(['queued', 503]);
    const { client } = unitClient(request, testInfo, fake.url);
    const err = await pollRun(client, RUN, { ...fast, budgetMs: 300 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransientError);
    expect(err).not.toBeInstanceOf(GuaranteeViolation);
    expect((err as Error).message).toMatch(/^\[TRANSIENT\] pollRun .*answered transiently until the 300 ms poll budget was spent/);
    const findings = findingsIn(testInfo.annotations);
    expect(findings.filter((f) => f.kind === 'transient').map((f) => f.check)).toEqual(['pollRun']);
    expect(findings.some((f) => f.kind === 'violation')).toBe(false);
  },
);

test('every poll has its own budget: a run that overran does not shorten the next poll', async ({ request }, testInfo) => {
  const stuck = await scripted(['queued', 'running']);
  const { client: stuckClient } = unitClient(request, testInfo, stuck.url);
  testInfo.annotations.push({ type: 'guarantee', description: gid('runReachesTerminal') });
  expect(await pollRun(stuckClient, RUN, { ...fast, budgetMs: 300 }).catch((e: unknown) => e)).toBeInstanceOf(GuaranteeViolation);
  testInfo.annotations.splice(
    testInfo.annotations.findIndex((a) => a.type === 'guarantee'),
    1,
  );
  await stuck.close();
  // Not declaring it: a run that takes 2.5 s still finishes within its own 10 s budget.
  const started = Date.now();
  fake = await startFakeServer(() => ({ body: validRun(Date.now() - started < 2500 ? 'running' : 'succeeded', RUN) }));
  const { client } = unitClient(request, testInfo, fake.url);
  const r = await insideProperty(() => pollRun(client, RUN, { intervalsMs: [100], budgetMs: 10_000 }));
  expect(r.run.status).toBe('succeeded');
});

test('lifecycle ranks: queued < running < every terminal status', () => {
  expect(lifecycleRank('queued')).toBeLessThan(lifecycleRank('running'));
  for (const t of ['succeeded', 'partial', 'failed']) expect(lifecycleRank('running')).toBeLessThan(lifecycleRank(t));
  expect(lifecycleRank('succeeded')).toBe(lifecycleRank('failed'));
});
