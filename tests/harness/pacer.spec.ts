// Pacing by the target's RateLimit header: unit behaviour on a fake clock, a simulation of
// clients sharing one key's fixed window, and the client's use of the pacer.
import { test, expect } from '@playwright/test';
import { Pacer } from '../../harness/http/pacer';
import { startFakeServer } from './fakeServer';
import { unitClient, validAuth } from './helpers';

test('waits for the reset only once the remaining quota reaches the reserve', () => {
  let now = 1_000_000;
  const p = new Pacer({ reserve: 2, maxWaitMs: 30_000, now: () => now });
  p.observe('k', '"default";r=10;t=30');
  expect(p.waitMs('k')).toBe(0);
  p.observe('k', '"default";r=2;t=10');
  expect(p.waitMs('k')).toBe(10_100);
  expect(p.waitMs('other')).toBe(0);
  now += 11_000;
  expect(p.waitMs('k')).toBe(0);
  p.observe('k', '"default";r=0;t=120');
  expect(p.waitMs('k')).toBe(30_000); // capped
  p.observe('k', 'garbage');
  expect(p.waitMs('k')).toBe(30_000); // unparseable headers are ignored
  p.reset('k');
  expect(p.waitMs('k')).toBe(0);
});

test('the positional constructor of existing callers still means (reserve, maxWaitMs, now)', () => {
  const now = 0;
  const p = new Pacer(2, 5_000, () => now);
  expect([p.reserve, p.maxWaitMs, p.clients]).toEqual([2, 5_000, 1]);
  expect(new Pacer().maxWaitMs).toBeGreaterThan(60_000); // the contract's window, plus a margin
});

test('counts its own calls since the last observation', () => {
  const now = 0;
  const p = new Pacer({ reserve: 2, now: () => now });
  p.observe('k', '"default";r=5;t=60');
  expect([p.waitMs('k'), p.waitMs('k'), p.waitMs('k')]).toEqual([0, 0, 0]);
  expect(p.waitMs('k')).toBeGreaterThan(0); // 5 − 3 sent = the reserve
});

test('between two observations, a worker spends at most its share of the spare quota', () => {
  const now = 0;
  const p = new Pacer({ clients: 8, reserve: 2, now: () => now });
  p.observe('k', '"default";r=82;t=60'); // share: (82 − 2) / 8 = 10 calls
  const waits = Array.from({ length: 11 }, () => p.waitMs('k'));
  expect(waits.slice(0, 10).every((w) => w === 0)).toBe(true);
  expect(waits[10]).toBeGreaterThan(0);
});

test('an aged view is discounted by what the other clients have consumed meanwhile', () => {
  let now = 0;
  const p = new Pacer({ clients: 4, reserve: 4, now: () => now });
  p.observe('k', '"default";r=600;t=60');
  now = 2_000;
  p.observe('k', '"default";r=560;t=58'); // the key falls by 20 per second
  expect(p.waitMs('k')).toBe(0);
  now = 30_000; // 28 s idle: about 560 consumed by the others
  expect(p.waitMs('k')).toBe(30_100);
  p.observe('k', '"default";r=10;t=30'); // a fresh view still in the window
  expect(p.waitMs('k')).toBe(0);
});

test('a later announced reset starts a new window, even when its remaining is lower', () => {
  let now = 0;
  const p = new Pacer({ clients: 1, reserve: 4, now: () => now });
  p.observe('k', '"default";r=599;t=2'); // late in a window
  now = 1_500;
  p.observe('k', '"default";r=598;t=1'); // announced reset: 2.5 s (t is rounded up)
  now = 2_400;
  p.observe('k', '"default";r=590;t=60'); // a new window, already drawn on by other clients
  now = 4_000;
  p.observe('k', '"default";r=560;t=59'); // 30 in 1.6 s: ~19 per second
  now = 30_000; // 26 s idle: ~490 consumed meanwhile
  expect(p.waitMs('k')).toBe(0);
  now = 34_000; // ~560 consumed: a rate measured across the two windows would still say 0
  expect(p.waitMs('k')).toBeGreaterThan(0);
});

/**
 * Clients sharing one key against a fixed-window server (window opens at the first request,
 * `t` rounded up, like the mock), on a simulated clock. Each client sends sequentially; some
 * calls are followed by an idle spell (a poll, local work). Returns the 429s and the wall time.
 */
type Paced = Pick<Pacer, 'waitMs' | 'observe' | 'reset'>;

function simulate(opts: {
  clients: number;
  total: number;
  quota: number;
  windowMs: number;
  latencyMs: number;
  pacer: ((now: () => number) => Paced) | null;
}) {
  const { clients, quota, windowMs, latencyMs } = opts;
  let windowStart = -Infinity;
  let count = 0;
  let refused = 0;
  let sent = 0;
  let wall = 0;
  const server = (at: number) => {
    if (at - windowStart >= windowMs) {
      windowStart = at;
      count = 0;
    }
    const ok = count < quota;
    if (ok) count++;
    else refused++;
    return `"default";r=${quota - count};t=${Math.max(1, Math.ceil((windowStart + windowMs - at) / 1000))}`;
  };
  const clock = { now: 0 };
  const pacers = Array.from({ length: clients }, () => opts.pacer?.(() => clock.now) ?? null);
  const ready = Array.from({ length: clients }, (_, i) => i * 7); // staggered starts
  let seq = 0;
  while (sent < opts.total) {
    let c = 0;
    for (let i = 1; i < clients; i++) if (ready[i]! < ready[c]!) c = i;
    clock.now = ready[c]!;
    const pacer = pacers[c];
    if (pacer) {
      const wait = pacer.waitMs('key');
      if (wait > 0) {
        ready[c] = clock.now + wait;
        pacer.reset('key');
        continue;
      }
    }
    sent++;
    seq++;
    const header = server(clock.now + latencyMs / 2);
    clock.now += latencyMs;
    pacer?.observe('key', header);
    wall = Math.max(wall, clock.now);
    ready[c] = clock.now + (seq % 17 === 0 ? 4_000 : seq % 5 === 0 ? 300 : 0);
  }
  return { refused, wall };
}

/** Pacing on the last `r` alone (no prediction, no share): what a per-worker view without them does. */
function lastViewPacer(now: () => number, reserve: number): Paced {
  let view: { r: number; resetAt: number } | null = null;
  return {
    observe: (_key, h) => {
      const m = /r=(\d+);t=(\d+)/.exec(h ?? '');
      if (m) view = { r: Number(m[1]), resetAt: now() + Number(m[2]) * 1000 };
    },
    waitMs: () => (view && view.r <= reserve && view.resetAt > now() ? view.resetAt - now() + 100 : 0),
    reset: () => (view = null),
  };
}

test('clients sharing a key converge on its quota: no 429, wall time near the quota floor', () => {
  // Four shards of two workers sharing the contract's 600 requests per 60 s, 300 ms round trips.
  const shape = { clients: 8, total: 3_000, quota: 600, windowMs: 60_000, latencyMs: 300 };
  // The simulation does overrun the quota without pacing, and with pacing on the last view alone.
  expect(simulate({ ...shape, pacer: null }).refused).toBeGreaterThan(100);
  expect(simulate({ ...shape, pacer: (now) => lastViewPacer(now, 4) }).refused).toBeGreaterThan(0);
  const paced = simulate({ ...shape, pacer: (now) => new Pacer({ clients: shape.clients, now }) });
  expect(paced.refused).toBe(0);
  const floor = (shape.total / shape.quota) * shape.windowMs;
  expect(paced.wall).toBeLessThan(1.5 * floor + shape.latencyMs);
});

test('the client paces a key near its limit, but never the rate-limit observations', async ({ request }, testInfo) => {
  const fake = await startFakeServer(() => ({ body: validAuth(), headers: { ratelimit: '"default";r=1;t=2' } }));
  try {
    const u = unitClient(request, testInfo, fake.url, { MESHI_RATE_LIMIT_KEY: 'sk_unit_ratelimit_0123456789' });
    const client = (await import('../../harness/http/client')).MeshiClient;
    const paced = new client({ ...u.ctx, pacer: new Pacer({ reserve: 2 }) }, { key: 'write' });
    await paced.call('getAuth');
    await paced.call('getAuth');
    expect(u.sleeps.length).toBe(1);
    expect(u.sleeps[0]).toBeGreaterThan(1500);
    expect(testInfo.annotations.some((a) => a.type === 'rate-pacing')).toBe(true);
    await paced.withKey('rateLimit').call('getAuth');
    await paced.withKey('rateLimit').call('getAuth');
    expect(u.sleeps.length).toBe(1);
  } finally {
    await fake.close();
  }
});

test('a resend after a transient answer is paced and counted like any call', async ({ request }, testInfo) => {
  let n = 0;
  const fake = await startFakeServer(() => {
    n++;
    const headers = { ratelimit: '"default";r=50;t=30', 'x-correlation-id': 'corr_unit' };
    return n === 1
      ? {
          status: 503,
          headers: { ...headers, 'retry-after': '1' },
          body: { code: 'SERVICE_UNAVAILABLE', message: 'busy', correlation_id: 'corr_unit' },
        }
      : { body: validAuth(), headers };
  });
  try {
    const u = unitClient(request, testInfo, fake.url);
    const { MeshiClient } = await import('../../harness/http/client');
    const asked: string[] = [];
    const pacer = new (class extends Pacer {
      override waitMs(key: string): number {
        asked.push(key);
        return super.waitMs(key);
      }
    })({ reserve: 2 });
    const res = await new MeshiClient({ ...u.ctx, pacer }, { key: 'write' }).call('getAuth');
    expect([res.status, n]).toEqual([200, 2]);
    expect(asked, 'the pacer is asked before the first send and before the resend').toHaveLength(2);
  } finally {
    await fake.close();
  }
});
