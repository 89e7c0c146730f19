// MeshiClient against a scripted node:http server: URL building, headers, records, universal-check
// reporting, transient policy (set-up retries; conformance calls never retry), read-only guard.
import { test, expect } from '@playwright/test';
import { MeshiClient, buildQuery, fillPath } from '../../harness/http/client';
import { UniversalLedger } from '../../harness/checks/universalLedger';
import { gid } from '../../harness/checks/ids';
import { BlockedError, GuaranteeViolation, ReadOnlyTargetError, TransientError } from '../../harness/verdicts/errors';
import { createServer } from 'node:net';
import { startFakeServer, type FakeServer } from './fakeServer';
import { BASE, envelope, READ_KEY, unitClient, validAuth, validRun, WRITE_KEY } from './helpers';

const UUID = '3f1c2a9e-7b4d-4c1a-9e2f-0a1b2c3d4e5f';
let fake: FakeServer | null = null;
test.afterEach(async () => {
  await fake?.close();
  fake = null;
});

test('builds the URL from the contract, encodes parameters, sends key and a unique correlation ID', async ({ request }, testInfo) => {
  fake = await startFakeServer(() => ({ body: validAuth() }));
  const { client, violations } = unitClient(request, testInfo, fake.url);
  const a = await client.call('getAuth');
  const b = await client.call('getAuth', { key: 'read' });
  expect(a.status).toBe(200);
  expect(a.body.scopes).toEqual(['partner:read', 'partner:write']);
  expect(fake.requests[0]!.url).toBe(`${BASE}/auth`);
  expect(fake.requests[0]!.headers.authorization).toBe(`Bearer ${WRITE_KEY}`);
  expect(fake.requests[1]!.headers.authorization).toBe(`Bearer ${READ_KEY}`);
  expect(a.sentCorrelationId).toMatch(/^ct-ctunit-w0-\d+$/);
  expect(a.sentCorrelationId).not.toBe(b.sentCorrelationId);
  expect(a.correlationId).toBe(a.sentCorrelationId);
  expect(violations).toEqual([]);

  await client.call('getEvent', { params: { event_id: 'a b:c/d' }, query: { limit: 5, x: ['1', '2'], skip: undefined } });
  expect(fake.requests[2]!.url).toBe(`${BASE}/events/a%20b%3Ac%2Fd?limit=5&x=1&x=2`);
  await client.call('getAuth', { base: 'alias', skipChecks: ['aliasDeprecationHeaders'] });
  expect(fake.requests[3]!.url).toBe('/v0/partner/auth');
});

test('helpers: fillPath and buildQuery', () => {
  expect(fillPath('/events/{event_id}/sessions/{session_id}', { event_id: 'e 1', session_id: 7 })).toBe('/events/e%201/sessions/7');
  expect(() => fillPath('/events/{event_id}', {})).toThrow(/event_id missing/);
  expect(buildQuery('?a=1')).toBe('a=1');
  expect(buildQuery(new URLSearchParams({ a: 'x y' }))).toBe('a=x+y');
  expect(buildQuery({ a: null, b: true })).toBe('b=true');
});

test('bodies: JSON by default, raw verbatim, content type overridable or absent; key options', async ({ request }, testInfo) => {
  fake = await startFakeServer(() => ({ status: 400, body: envelope('INVALID_JSON') }));
  const { client } = unitClient(request, testInfo, fake.url);
  await client.call('createEvent', { body: { event_id: 'e1', title: 'T' } });
  await client.call('createEvent', { rawBody: '{not json', contentType: 'text/plain' });
  await client.call('createEvent', { rawBody: '{}', contentType: null, key: null, correlationId: null });
  await client.call('createEvent', { body: {}, key: 'literal-bogus-key' });
  const [r1, r2, r3, r4] = fake.requests;
  expect(r1!.body).toBe('{"event_id":"e1","title":"T"}');
  expect(r1!.headers['content-type']).toBe('application/json');
  expect(r2!.body).toBe('{not json');
  expect(r2!.headers['content-type']).toBe('text/plain');
  expect(r3!.headers.authorization).toBeUndefined();
  expect(r3!.headers['x-correlation-id']).toBeUndefined();
  expect(r4!.headers.authorization).toBe('Bearer literal-bogus-key');
  await expect(client.call('createEvent', { body: {}, rawBody: 'x' })).rejects.toThrow(/either body or rawBody/);
});

test('a named key that is not configured is reported as not exercised', async ({ request }) => {
  fake = await startFakeServer(() => ({ body: validAuth() }));
  const { client } = unitClient(request, null, fake.url);
  await expect(client.call('getAuth', { key: 'orgB' })).rejects.toThrow('not exercised: no MESHI_PARTNER_KEY_ORG_B');
  expect(fake.requests).toHaveLength(0);
});

test('universal-check violations are reported with the bracketed guarantee ID', async ({ request }, testInfo) => {
  fake = await startFakeServer(() => ({ body: validAuth(), headers: { 'x-correlation-id': '__omit__' } }));
  const { client, violations } = unitClient(request, testInfo, fake.url);
  const res = await client.call('getAuth');
  expect(res.violations.map((v) => v.guarantee)).toContain(gid('correlationHeader'));
  expect(violations.some((m) => m.startsWith(`[${gid('correlationHeader')}] x-correlation-id header missing on GET /auth`))).toBe(true);
});

test('every call is attached as a redacted JSON record with a curl line', async ({ request }, testInfo) => {
  fake = await startFakeServer(() => ({ status: 401, body: { code: 'UNAUTHORIZED', message: `bad key ${WRITE_KEY}` } }));
  const { client } = unitClient(request, testInfo, fake.url);
  await client.call('getAuth', { label: 'who am i' });
  const att = testInfo.attachments.find((a) => a.name.includes('GET /api/v0/partner/auth → 401'));
  expect(att, testInfo.attachments.map((a) => a.name).join()).toBeTruthy();
  const text = att!.body!.toString('utf8');
  expect(text).not.toContain(WRITE_KEY);
  const rec = JSON.parse(text);
  expect(rec).toMatchObject({ n: 1, label: 'who am i', method: 'GET', status: 401, operationId: 'getAuth', kind: 'operation' });
  expect(rec.request.headers.authorization).toBe('Bearer $MESHI_PARTNER_KEY');
  expect(rec.response.body).toContain('$MESHI_PARTNER_KEY');
  expect(rec.curl).toContain('"authorization: Bearer $MESHI_PARTNER_KEY"');
  expect(rec.correlationId.sent).toMatch(/^ct-ctunit-w0-/);
  expect(typeof rec.durationMs).toBe('number');
});

test('a universal violation is data in the ledger and never fails the test it happens in', async ({ request }, testInfo) => {
  fake = await startFakeServer(() => ({ body: validAuth(), headers: { 'x-correlation-id': '__omit__' } }));
  const { ctx } = unitClient(request, testInfo, fake.url);
  const ledger = new UniversalLedger();
  const client = new MeshiClient({ ...ctx, sink: () => {}, ledger }, { key: 'write' });
  const res = await client.call('getAuth');
  expect(testInfo.errors).toEqual([]);
  const data = ledger.toJSON();
  expect(data.violationCounts[gid('correlationHeader')]).toBe(1);
  expect(data.violations[0]).toMatchObject({
    guarantee: gid('correlationHeader'),
    check: 'correlationEcho',
    operationId: 'getAuth',
    request: 'GET /auth',
    status: 200,
    observed: 'x-correlation-id missing',
  });
  expect(data.checked[gid('correlationHeader')]).toBe(1);
  expect(res.violations.map((v) => v.guarantee)).toContain(gid('correlationHeader'));
});

test('UUIDs the harness sent may come back; others are violations', async ({ request }, testInfo) => {
  fake = await startFakeServer((req) =>
    req.url.endsWith('/events')
      ? { status: 400, body: { code: 'INVALID_TITLE', message: `title missing for ${UUID}` } }
      : {
          body: { ...validAuth(), org_id: `org_${'a'.repeat(20)}`, extra: undefined },
          headers: { 'x-trace': '9b2e6f00-1d2c-4b3a-8f9e-000000000001' },
        },
  );
  const { client, violations } = unitClient(request, testInfo, fake.url);
  await client.call('createEvent', { body: { event_id: 'e1', description: UUID } });
  expect(violations).toEqual([]);
  await client.call('getAuth');
  expect(violations.filter((m) => m.startsWith(`[${gid('uuidHeader')}]`))).toHaveLength(1);
});

test('HEAD, OPTIONS and other methods are classified against the contract', async ({ request }, testInfo) => {
  fake = await startFakeServer((req) =>
    req.method === 'OPTIONS'
      ? { status: 204, headers: { allow: 'GET, HEAD, OPTIONS' } }
      : req.method === 'PATCH'
        ? { status: 405, headers: { allow: 'GET, HEAD, OPTIONS' }, body: envelope('METHOD_NOT_ALLOWED') }
        : { body: validAuth() },
  );
  const { client, violations } = unitClient(request, testInfo, fake.url);
  const head = await client.call('getAuth', { method: 'HEAD' });
  expect(head.kind).toBe('head');
  expect(head.text).toBe('');
  const opt = await client.call('getAuth', { method: 'OPTIONS' });
  expect(opt.kind).toBe('options');
  const patch = await client.call('getAuth', { method: 'PATCH' });
  expect(patch.kind).toBe('method-not-allowed');
  const put = await client.call('getEvent', {
    method: 'PUT',
    params: { event_id: 'e1' },
    body: { title: 'x' },
    skipChecks: ['statusDocumented', 'bodyMatchesSchema'],
  });
  expect(put.operationId).toBe('updateEvent');
  expect(violations).toEqual([]);
});

test('raw(): unknown routes, known routes, paths outside the base', async ({ request }, testInfo) => {
  fake = await startFakeServer((req) =>
    req.url.includes('/nope') ? { status: 404, body: envelope('ROUTE_NOT_FOUND') } : { body: validAuth() },
  );
  const { client, violations } = unitClient(request, testInfo, fake.url);
  const nope = await client.raw('GET', '/nope?x=1');
  expect(nope.kind).toBe('route-not-found');
  expect(fake.requests[0]!.url).toBe(`${BASE}/nope?x=1`);
  const auth = await client.raw('GET', `${BASE}/auth`, { base: 'root' });
  expect(auth.kind).toBe('operation');
  expect(auth.operationId).toBe('getAuth');
  const outside = await client.raw('GET', '/healthz', { base: 'root' });
  expect(outside.kind).toBe('outside');
  expect(violations).toEqual([]);
});

test.describe('transient policy', () => {
  test('set-up GET retries a 503, honouring Retry-After, recorded as transient-retry', async ({ request }, testInfo) => {
    fake = await startFakeServer((_r, n) =>
      n === 1 ? { status: 503, headers: { 'retry-after': '1' }, body: envelope('SERVICE_UNAVAILABLE') } : { body: validAuth() },
    );
    const { client, sleeps } = unitClient(request, testInfo, fake.url);
    const res = await client.setup.call('getAuth');
    expect(res.status).toBe(200);
    expect(res.attempts).toBe(2);
    expect(fake.requests).toHaveLength(2);
    expect(sleeps).toEqual([1000]);
    expect(testInfo.annotations.filter((a) => a.type === 'transient-retry')).toHaveLength(1);
  });

  test('set-up calls wait out a 429 for any method', async ({ request }, testInfo) => {
    fake = await startFakeServer((_r, n) =>
      n === 1 ? { status: 429, headers: { 'retry-after': '2' }, body: envelope('PARTNER_RATE_LIMIT_EXCEEDED') } : { status: 201, body: {} },
    );
    const { client, sleeps } = unitClient(request, testInfo, fake.url);
    const res = await client.call('createEvent', { setup: true, body: { event_id: 'e', title: 't' }, skipChecks: ['bodyMatchesSchema'] });
    expect(res.status).toBe(201);
    expect(sleeps).toEqual([2000]);
  });

  test('set-up POST without an idempotency key is not replayed after a 503: TransientError', async ({ request }, testInfo) => {
    fake = await startFakeServer(() => ({ status: 503, headers: { 'retry-after': '1' }, body: envelope('SERVICE_UNAVAILABLE') }));
    const { client } = unitClient(request, testInfo, fake.url);
    await expect(client.setup.call('createEvent', { body: { event_id: 'e', title: 't' } })).rejects.toThrow(TransientError);
    expect(fake.requests).toHaveLength(1);
  });

  test('set-up run-creating write with an idempotency_key is replayed after a 502', async ({ request }, testInfo) => {
    fake = await startFakeServer((_r, n) =>
      n === 1
        ? { status: 502, body: '<html>bad gateway</html>', headers: { 'content-type': 'text/html' } }
        : { status: 202, body: validRun('queued') },
    );
    const { client, sleeps, violations } = unitClient(request, testInfo, fake.url);
    const res = await client.setup.call('importAttendees', {
      params: { event_id: 'e1' },
      body: { idempotency_key: 'k1', attendees: [{ attendee_id: 'a1', name: 'A' }] },
    });
    expect(res.status).toBe(202);
    expect(fake.requests).toHaveLength(2);
    expect(sleeps).toEqual([200]);
    expect(violations).toEqual([]); // the gateway's HTML 502 is not the API's response: not checked
  });

  test('set-up retries stop at the budget', async ({ request }, testInfo) => {
    fake = await startFakeServer(() => ({ status: 503, headers: { 'retry-after': '3' }, body: envelope('SERVICE_UNAVAILABLE') }));
    const { client } = unitClient(request, testInfo, fake.url, { MESHI_SETUP_RETRY_BUDGET_MS: '2000' });
    await expect(client.setup.call('getAuth')).rejects.toThrow(/set-up retry budget|TRANSIENT/);
    expect(fake.requests).toHaveLength(1);
  });

  test("a set-up call that fails for good blocks the test by the operation's success guarantee (unless the status is accepted)", async ({
    request,
  }) => {
    fake = await startFakeServer(() => ({ status: 409, body: envelope('PARTNER_ID_CONFLICT') }));
    const { client } = unitClient(request, null, fake.url);
    await expect(client.setup.call('createEvent', { body: { event_id: 'e', title: 't' } })).rejects.toThrow(BlockedError);
    await expect(client.setup.call('createEvent', { body: { event_id: 'e', title: 't' } })).rejects.toThrow(
      /^\[BLOCKED\] blocked by EVT-01: POST \/events answered 409 PARTNER_ID_CONFLICT, expected 201/,
    );
    const ok = await client.setup.call('createEvent', { body: { event_id: 'e', title: 't' }, okStatuses: [409] });
    expect(ok.status).toBe(409);
  });

  test('a read answered 503 is resent after its Retry-After; one still transient after the resends throws TransientError', async ({
    request,
  }, testInfo) => {
    fake = await startFakeServer(() => ({ status: 503, headers: { 'retry-after': '1' }, body: envelope('SERVICE_UNAVAILABLE') }));
    const { client, violations, sleeps } = unitClient(request, testInfo, fake.url);
    const err = await client.call('getAuth').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransientError);
    expect((err as Error).message).toMatch(/^\[TRANSIENT\] call still transient after 7 attempt\(s\): transient 503 on GET/);
    expect(fake.requests).toHaveLength(7);
    expect(sleeps).toEqual([1000, 1000, 1000, 1000, 1000, 1000]);
    expect(violations).toEqual([]); // a transient answer is no observation of the contract
    expect(testInfo.annotations.some((a) => a.type === 'transient')).toBe(true);
    const res = await client.call('getAuth', { acceptTransient: true });
    expect(res.status).toBe(503);
  });

  test('a 503 then a 200: the read succeeds, the wait recorded on the call', async ({ request }, testInfo) => {
    let n = 0;
    fake = await startFakeServer(() =>
      n++ === 0 ? { status: 503, headers: { 'retry-after': '2' }, body: envelope('SERVICE_UNAVAILABLE') } : { body: validAuth() },
    );
    const { client, sleeps } = unitClient(request, testInfo, fake.url);
    const res = await client.call('getAuth');
    expect(res.status).toBe(200);
    expect(res.attempts).toBe(2);
    expect(sleeps).toEqual([2000]);
    expect(testInfo.annotations.find((a) => a.type === 'transient-retry')?.description).toMatch(/503, Retry-After 2; resent after 2000 ms/);
  });

  test("a 429 of the harness's own key is waited out and the same write resent", async ({ request }, testInfo) => {
    let n = 0;
    fake = await startFakeServer(() =>
      n++ === 0
        ? { status: 429, headers: { 'retry-after': '3' }, body: envelope('PARTNER_RATE_LIMIT_EXCEEDED') }
        : { status: 201, body: { event_id: 'e' } },
    );
    const { client, sleeps } = unitClient(request, testInfo, fake.url);
    const res = await client.call('createEvent', { body: { event_id: 'e', title: 't' } });
    expect(res.status).toBe(201);
    expect(sleeps).toEqual([3000]);
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[1]!.body).toBe(fake.requests[0]!.body);
  });

  test('a 429 is waited out up to one rate-limit window, whatever the shorter retry budget', async ({ request }, testInfo) => {
    let n = 0;
    fake = await startFakeServer(() =>
      n++ === 0 ? { status: 429, headers: { 'retry-after': '42' }, body: envelope('PARTNER_RATE_LIMIT_EXCEEDED') } : { body: validAuth() },
    );
    const { client, sleeps } = unitClient(request, testInfo, fake.url, { MESHI_SETUP_RETRY_BUDGET_MS: '5000' });
    expect((await client.call('getAuth')).status).toBe(200);
    expect(sleeps).toEqual([42_000]);
  });

  test('a 429 whose wait exceeds the budget ends transient at once (not exercised, never failed)', async ({ request }, testInfo) => {
    fake = await startFakeServer(() => ({ status: 429, headers: { 'retry-after': '600' }, body: envelope('PARTNER_RATE_LIMIT_EXCEEDED') }));
    const { client, sleeps } = unitClient(request, testInfo, fake.url, { MESHI_SETUP_RETRY_BUDGET_MS: '5000' });
    await expect(client.call('getAuth')).rejects.toThrow(/^\[TRANSIENT\] .*unexpected 429 .*Retry-After 600/);
    expect(fake.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  test('a 429 is the answer when the test observes rate limiting', async ({ request }, testInfo) => {
    fake = await startFakeServer(() => ({ status: 429, headers: { 'retry-after': '1' }, body: envelope('PARTNER_RATE_LIMIT_EXCEEDED') }));
    const { client } = unitClient(request, testInfo, fake.url, { MESHI_RATE_LIMIT_KEY: 'sk_unit_ratelimit_0123456789' });
    expect((await client.call('getAuth', { expectRateLimit: true })).status).toBe(429);
    expect((await client.withKey('rateLimit').call('getAuth')).status).toBe(429);
    expect(fake.requests).toHaveLength(2);
  });

  test('a network error on a conformance call is transient', async ({ request }, testInfo) => {
    fake = await startFakeServer(() => ({ destroy: true }));
    const { client } = unitClient(request, testInfo, fake.url);
    await expect(client.call('getAuth')).rejects.toThrow(/^\[TRANSIENT\] call still transient after 7 attempt\(s\): network error/);
  });
});

test('a read-only (production) target refuses writes before sending anything', async ({ request }) => {
  const { client } = unitClient(request, null, 'https://api.meshi.io', { MESHI_ALLOW_PRODUCTION: '1' });
  await expect(client.call('createEvent', { body: {} })).rejects.toThrow(ReadOnlyTargetError);
  await expect(client.raw('PATCH', '/auth')).rejects.toThrow(/read-only/);
});

test('a HEAD response that carries a body is a violation, not a network error', async ({ request }, testInfo) => {
  // node:http never sends a HEAD body, so answer at the TCP level.
  const server = createServer((socket) => {
    socket.once('data', () => {
      socket.end('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const port = (server.address() as { port: number }).port;
    const { client } = unitClient(request, testInfo, `http://127.0.0.1:${port}`);
    const err = await client.call('getAuth', { method: 'HEAD' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GuaranteeViolation);
    expect((err as Error).message).toMatch(new RegExp(`^\\[${gid('headNoBody')}\\] HEAD response carried data after its headers`));
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
  }
});
