// Pacing by the target's RateLimit header.
import { test, expect } from '@playwright/test';
import { Pacer } from '../../harness/pacer';
import { startFakeServer } from './fakeServer';
import { unitClient, validAuth } from './helpers';

test('waits for the reset only once the remaining quota reaches the reserve', () => {
  let now = 1_000_000;
  const p = new Pacer(2, 30_000, () => now);
  p.observe('k', '"default";r=10;t=30');
  expect(p.waitMs('k')).toBe(0);
  p.observe('k', '"default";r=2;t=10');
  expect(p.waitMs('k')).toBe(10_050);
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

test('the client paces a key near its limit, but never the rate-limit observations', async ({ request }, testInfo) => {
  const fake = await startFakeServer(() => ({ body: validAuth(), headers: { ratelimit: '"default";r=1;t=2' } }));
  try {
    const u = unitClient(request, testInfo, fake.url, { MESHI_RATE_LIMIT_KEY: 'sk_unit_ratelimit_0123456789' });
    const client = (await import('../../harness/client')).MeshiClient;
    const paced = new client({ ...u.ctx, pacer: new Pacer(2) }, { key: 'write' });
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
