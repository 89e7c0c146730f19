// The mock's legitimate variations (mock/http/variations.ts): each is a conforming answer that
// differs from the default one where the contract leaves room, and each is off by default.
import { configFromArgs, configFromEnv, resolveConfig } from '../../mock/config';
import { NO_VARIATIONS } from '../../mock/http/variations';
import { expect, expectCode, test } from './helpers';

test.describe('MOCK_CURSOR_NONCE', () => {
  test.use({ mockOptions: { variations: { ...NO_VARIATIONS, cursorNonce: true } } });
  test('next_cursor differs on every call, and each one still walks the list', async ({ api }) => {
    for (const id of ['vn-1', 'vn-2', 'vn-3']) await api.createEvent(id);
    const a = await api.get('/events?limit=1');
    const b = await api.get('/events?limit=1');
    expect(a.body.items).toEqual(b.body.items);
    expect(a.body.next_cursor).not.toBe(b.body.next_cursor);
    const viaA = await api.get(`/events?limit=1&cursor=${encodeURIComponent(a.body.next_cursor)}`);
    const viaB = await api.get(`/events?limit=1&cursor=${encodeURIComponent(b.body.next_cursor)}`);
    expect(viaA.status).toBe(200);
    expect(viaA.body.items).toEqual(viaB.body.items);
    expect(viaA.body.items[0].event_id).not.toBe(a.body.items[0].event_id);
    const c = a.body.next_cursor as string;
    const damaged = [c.slice(0, -3), `${c.slice(0, -1)}${c.endsWith('A') ? 'B' : 'A'}`, 'garbage'];
    for (const bad of damaged)
      expect((await api.get(`/events?limit=1&cursor=${encodeURIComponent(bad)}`, { conform: false })).body.code, bad).toBe(
        'INVALID_CURSOR',
      );
  });
});

test.describe('MOCK_EXTRA_HEADERS', () => {
  test.use({ mockOptions: { variations: { ...NO_VARIATIONS, extraHeaders: true } } });
  test('undeclared headers, a per-response request ID among them, on every partner response', async ({ api }) => {
    const get = await api.get('/auth');
    const head = await api.call('HEAD', '/auth');
    expect(get.headers['x-request-id']).toMatch(/^req_/);
    expect(head.headers['x-request-id']).toMatch(/^req_/);
    expect(head.headers['x-request-id']).not.toBe(get.headers['x-request-id']);
    expect(get.headers.server).toBeTruthy();
  });
});

test.describe('MOCK_MESSAGE_NONCE', () => {
  test.use({ mockOptions: { variations: { ...NO_VARIATIONS, messageNonce: true } } });
  test('the same error twice: same code, differently worded messages', async ({ api }) => {
    const a = await api.get('/events/nope-1');
    const b = await api.get('/events/nope-1');
    expect([a.status, b.status]).toEqual([404, 404]);
    expect(a.body.code).toBe(b.body.code);
    expect(a.body.message).not.toBe(b.body.message);
  });
});

test.describe('MOCK_CHUNKED and MOCK_REORDER', () => {
  test.use({ mockOptions: { variations: { ...NO_VARIATIONS, chunked: true, reorder: true } } });
  test('bodies are chunked, with members and headers in reverse order', async ({ api }) => {
    const created = await api.post('/events', { event_id: 'vr-1', title: 'Reordered' });
    expect(created.status).toBe(201);
    expect(created.headers['transfer-encoding']).toBe('chunked');
    expect(created.headers['content-length']).toBeUndefined();
    expect(Object.keys(created.body)[0]).toBe('correlation_id');
    const error = await api.get('/events/nope-2');
    expect(Object.keys(error.body)).toEqual(['correlation_id', 'message', 'code']);
    const head = await api.call('HEAD', '/events/vr-1');
    expect([head.status, head.text]).toEqual([200, '']);
  });
});

test.describe('a response fault and a variation together', () => {
  test.use({ mockOptions: { variations: { ...NO_VARIATIONS, messageNonce: true, extraHeaders: true, reorder: true } } });
  test('both hook sets run: the fault breaks its guarantee, the variations still vary', async ({ api }) => {
    await api.admin('PUT', '/faults', { faults: ['error-extra-field', 'uuid-leak-header'] });
    const a = await api.get('/events/nope-3', { conform: false });
    const b = await api.get('/events/nope-3', { conform: false });
    expect(Object.keys(a.body)).toEqual(['correlation_id', 'status', 'message', 'code']);
    expect(a.body.status).toBe(404);
    expect(a.body.message).not.toBe(b.body.message);
    expect(a.headers['x-meshi-trace']).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.headers['x-request-id']).toMatch(/^req_/);
    await api.admin('PUT', '/faults', { faults: [] });
  });
});

test.describe('MOCK_TRANSIENT_SHAPE', () => {
  test('gateway: a JSON envelope with a correlation ID, without RateLimit, Deprecation or Link', async ({ mock, api }) => {
    Object.assign(mock.app.config, { transientFailureRate: 1, variations: { ...mock.app.config.variations, transientShape: 'gateway' } });
    for (const alias of [false, true]) {
      const r = await api.get('/events', { alias, conform: false });
      expectCode(r, 503, 'SERVICE_UNAVAILABLE');
      expect(r.headers['retry-after']).toBe('1');
      expect(r.headers['x-correlation-id']).toBe(r.body.correlation_id);
      for (const h of ['ratelimit', 'ratelimit-policy', 'deprecation', 'link']) expect(r.headers[h], h).toBeUndefined();
    }
  });

  test('html: an HTML page without a correlation ID', async ({ mock, api }) => {
    Object.assign(mock.app.config, { transientFailureRate: 1, variations: { ...mock.app.config.variations, transientShape: 'html' } });
    const r = await api.get('/events', { alias: true, conform: false });
    expect(r.status).toBe(503);
    expect(r.headers['content-type']).toMatch(/^text\/html/);
    expect(r.headers['retry-after']).toBe('1');
    for (const h of ['x-correlation-id', 'ratelimit', 'deprecation', 'link']) expect(r.headers[h], h).toBeUndefined();
    expect(r.text).toContain('<html>');
  });

  test('envelope (the default): the mock 503 keeps every partner header', async ({ mock, api }) => {
    mock.app.config.transientFailureRate = 1;
    const r = await api.get('/events', { alias: true, conform: false });
    expect(r.status).toBe(503);
    for (const h of ['x-correlation-id', 'ratelimit', 'ratelimit-policy', 'deprecation', 'link']) expect(r.headers[h], h).toBeDefined();
  });
});

test('GET /__mock/stats counts requests, 429s and 5xx per key, across resets', async ({ mock, api }) => {
  mock.app.config.rateLimit = { quota: 3, windowSeconds: 60 };
  for (let i = 0; i < 4; i++) await api.get('/auth', { conform: false });
  await api.get('/auth', { key: null, conform: false });
  await api.admin('POST', '/reset');
  await api.get('/auth');
  const stats = (await api.admin('GET', '/stats')).body.keys;
  const write = mock.keys.write!;
  expect(stats[write]).toEqual({ requests: 5, rateLimited: 1, serverErrors: 0 });
  expect(stats.anonymous.requests).toBe(1);
});

test('variation settings: environment, flags, PATCH; all off by default', async ({ api }) => {
  expect(Object.values(resolveConfig().variations).filter((v) => v !== false && v !== 'envelope')).toEqual([]);
  const env = resolveConfig(configFromEnv({ MOCK_CURSOR_NONCE: '1', MOCK_EXTRA_HEADERS: 'true', MOCK_TRANSIENT_SHAPE: 'html' }));
  expect(env.variations).toMatchObject({ cursorNonce: true, extraHeaders: true, messageNonce: false, transientShape: 'html' });
  expect(resolveConfig(configFromArgs(['--chunked', '--reorder', '--message-nonce'])).variations).toMatchObject({
    chunked: true,
    reorder: true,
    messageNonce: true,
  });
  expect(() => configFromEnv({ MOCK_TRANSIENT_SHAPE: 'xml' })).toThrow(/transient-shape/);
  const ok = await api.admin('PATCH', '/config', { variations: { cursorNonce: true, transientShape: 'gateway' } });
  expect(ok.body.config.variations).toMatchObject({ cursorNonce: true, transientShape: 'gateway' });
  expect((await api.admin('PATCH', '/config', { variations: { nope: true } })).status).toBe(400);
});
