// Rate limits: per key, fixed window; 429 PARTNER_RATE_LIMIT_EXCEEDED with an integer Retry-After
// ≥ 1 after which the client succeeds; RateLimit-Policy and RateLimit on every partner response.

import { expect, expectCode, sleep, test } from './helpers';

function remaining(h: Record<string, string>): number {
  return Number(/r=(\d+)/.exec(h.ratelimit!)![1]);
}

test('the dedicated key allows its quota, then 429 with Retry-After; waiting that long succeeds', async ({ api, mock }) => {
  const { quota, windowSeconds } = mock.config.rateLimitKey;
  const seen: number[] = [];
  for (let i = 0; i < quota; i++) {
    const r = await api.get('/auth', { key: 'rateLimit' });
    expect(r.status).toBe(200);
    expect(r.headers['ratelimit-policy']).toBe(`"default";q=${quota};w=${windowSeconds}`);
    seen.push(remaining(r.headers));
  }
  expect(seen).toEqual(Array.from({ length: quota }, (_, i) => quota - 1 - i));
  const limited = await api.get('/auth', { key: 'rateLimit' });
  expectCode(limited, 429, 'PARTNER_RATE_LIMIT_EXCEEDED');
  const retryAfter = limited.headers['retry-after']!;
  expect(retryAfter).toMatch(/^[1-9][0-9]*$/);
  expect(Number(retryAfter)).toBeLessThanOrEqual(Math.ceil(windowSeconds));
  expect(remaining(limited.headers)).toBe(0);
  // Other keys (same org) are not affected.
  expect((await api.get('/auth')).status).toBe(200);
  await sleep(Number(retryAfter) * 1000 + 50);
  const again = await api.get('/auth', { key: 'rateLimit' });
  expect(again.status).toBe(200);
  expect(remaining(again.headers)).toBe(quota - 1);
});

test.describe('with a small default quota', () => {
  test.use({ mockOptions: { rateLimit: { quota: 3, windowSeconds: 30 } } });

  test('every partner response of a key carries the policy and the live remaining count', async ({ api }) => {
    const a = await api.get('/auth');
    const b = await api.get('/nope');
    const c = await api.call('DELETE', '/auth');
    expect([a, b, c].map((r) => remaining(r.headers))).toEqual([2, 1, 0]);
    for (const r of [a, b, c]) expect(r.headers['ratelimit-policy']).toBe('"default";q=3;w=30');
    const t = Number(/t=(\d+)/.exec(c.headers.ratelimit!)![1]);
    expect(t).toBeGreaterThanOrEqual(1);
    expect(t).toBeLessThanOrEqual(30);
  });

  test('429 comes before 404 route, 405, 413 and validation', async ({ api }) => {
    for (let i = 0; i < 3; i++) await api.get('/auth');
    for (const [method, path, json] of [
      ['GET', '/nope', undefined],
      ['DELETE', '/auth', undefined],
      ['POST', '/events', { event_id: '-bad' }],
    ] as const) {
      const r = await api.call(method, path, json === undefined ? {} : { json });
      expect(r.status, `${method} ${path}`).toBe(429);
    }
  });

  test('401 and 403 responses carry the headers and do not spend the quota', async ({ api }) => {
    const unauth = await api.get('/auth', { key: null });
    expect(unauth.headers['ratelimit-policy']).toBeDefined();
    for (let i = 0; i < 5; i++) {
      const r = await api.post('/events', { event_id: 'x', title: 't' }, { key: 'read' });
      expect(r.status).toBe(403);
      expect(r.headers.ratelimit).toBeDefined();
    }
    expect((await api.get('/auth', { key: 'read' })).status).toBe(200);
  });

  test('the quota is per key', async ({ api }) => {
    for (let i = 0; i < 3; i++) expect((await api.get('/auth')).status).toBe(200);
    expect((await api.get('/auth')).status).toBe(429);
    expect((await api.get('/auth', { key: 'read' })).status).toBe(200);
    expect((await api.get('/auth', { key: 'orgB' })).status).toBe(200);
  });

  test('PATCH /__mock/config changes the quota at runtime and reset clears the windows', async ({ api }) => {
    for (let i = 0; i < 3; i++) await api.get('/auth');
    expect((await api.get('/auth')).status).toBe(429);
    await api.admin('POST', '/reset');
    const patched = await api.admin('PATCH', '/config', { rateLimit: { quota: 10 } });
    expect(patched.status).toBe(200);
    expect(patched.body.config.rateLimit).toEqual({ quota: 10, windowSeconds: 30 });
    const r = await api.get('/auth');
    expect(r.headers['ratelimit-policy']).toBe('"default";q=10;w=30');
    expect(remaining(r.headers)).toBe(9);
  });
});
