// HTTP semantics: the body byte limit at exactly max_body_bytes and one byte over, HEAD as GET
// without a body, OPTIONS and 405 with Allow on every path, 404 ROUTE_NOT_FOUND, 415, INVALID_JSON
// on every body route, and the check order between neighbouring defects. Limits come from the
// harness configuration (contract defaults, overridable per target).

import { test, expect, proves, requireProfiles } from '../harness/fixtures';
import type { MeshiResponse } from '../harness/client';
import { contract } from '../contract';
import { freshParams } from '../harness/operationRequests';
import { validBodyFor } from '../harness/validBody';
import { paramsFrom, seedWorld } from '../harness/world';
import { bodyOperations, expectedAllow, parseAllow, readOperations, routes } from './support/world';
import { expectStatus } from '../harness/assertions';
import { declaredResponseFor } from '../harness/checks/expectations';
import { requireThat } from '../harness/preconditions';

/** A JSON text of exactly `bytes` bytes: the body, then blanks (valid JSON whitespace). */
function padded(body: unknown, bytes: number): Buffer {
  const json = Buffer.from(JSON.stringify(body), 'utf8');
  if (json.length > bytes) throw new Error(`[HARNESS] body of ${json.length} bytes does not fit in ${bytes}`);
  return Buffer.concat([json, Buffer.alloc(bytes - json.length, 0x20)]);
}

/**
 * The headers HEAD must share with its GET: those the contract declares for the answer, with their
 * values, except the two whose value is per request by definition (the echo of the request's own
 * correlation ID, and the window's remaining count, which the HEAD itself consumed). Present on one
 * means present on the other. Undeclared headers (a server's request ID, caching, timing) may differ.
 */
const PER_REQUEST = new Set(['x-correlation-id', 'ratelimit']);

function declaredHeaders(res: MeshiResponse, h: Readonly<Record<string, string>>): Record<string, string> {
  const declared = declaredResponseFor(res.kind, res.operationId, res.method, res.status)?.headers ?? {};
  const out: Record<string, string> = {};
  for (const name of Object.keys(declared)) {
    if (h[name] !== undefined) out[name] = PER_REQUEST.has(name) ? '<present>' : h[name]!;
  }
  return out;
}

test(...proves('HTTP-01'), async ({ meshi, ns, target }) => {
  const max = target.limits.maxBodyBytes!;
  const world = await seedWorld(meshi, ns, { label: 'http01' });
  for (const op of bodyOperations()) {
    const params = paramsFrom(op, world);
    const atLimit = await meshi.call(op.operationId, { params, rawBody: padded(validBodyFor(op, ns, 'limit'), max), label: `${max} bytes` });
    expect(atLimit.status, `[HTTP-01] ${op.method} ${op.path}: a valid body of exactly ${max} bytes is not rejected for its size (got ${atLimit.status} ${atLimit.body?.code ?? ''})`).not.toBe(413);

    const body = validBodyFor(op, ns, 'over');
    const over = await meshi.call(op.operationId, { params, rawBody: padded(body, max + 1), label: `${max + 1} bytes` });
    expectStatus(over, 413, 'HTTP-01', `${op.method} ${op.path}: a body of ${max + 1} bytes`);
    expect(over.body?.code, `[HTTP-01] ${op.method} ${op.path}: a body of ${max + 1} bytes`).toBe('PAYLOAD_TOO_LARGE');
    if (op.operationId === 'createEvent') {
      const probe = await meshi.call('getEvent', { params: { event_id: String(body!.event_id) } });
      expectStatus(probe, 404, 'HTTP-01', 'the oversized POST /events created nothing');
    }
  }
});

test(...proves('HTTP-02'), async ({ meshi, ns }) => {
  const world = await seedWorld(meshi, ns, { label: 'http02' });
  const pairs: [string, () => Promise<MeshiResponse>, () => Promise<MeshiResponse>][] = [];
  for (const op of readOperations()) {
    const params = paramsFrom(op, world);
    pairs.push([`${op.path} (existing)`, () => meshi.call(op.operationId, { params }), () => meshi.call(op.operationId, { params, method: 'HEAD' })]);
  }
  const missing = { event_id: ns.id('missing') };
  pairs.push(['unknown event', () => meshi.call('getEvent', { params: missing }), () => meshi.call('getEvent', { params: missing, method: 'HEAD' })]);
  pairs.push(['malformed event_id', () => meshi.call('getEvent', { params: { event_id: '-bad' } }), () => meshi.call('getEvent', { params: { event_id: '-bad' }, method: 'HEAD' })]);
  pairs.push(['bad limit', () => meshi.call('listEvents', { query: { limit: 0 } }), () => meshi.call('listEvents', { query: { limit: 0 }, method: 'HEAD' })]);
  pairs.push(['no key', () => meshi.call('getAuth', { key: null }), () => meshi.call('getAuth', { key: null, method: 'HEAD' })]);
  const nowhere = `/nowhere-${ns.id('r')}`;
  pairs.push(['unknown route', () => meshi.raw('GET', nowhere), () => meshi.raw('HEAD', nowhere)]);
  for (const [what, get, head] of pairs) {
    const g = await get();
    const h = await head();
    expect(h.status, `[HTTP-02] HEAD ${what}: the GET's status`).toBe(g.status);
    expect(h.text, `[HTTP-02] HEAD ${what}: empty body`).toBe('');
    expect(h.headers['content-type'], `[HTTP-02] HEAD ${what}: the GET's Content-Type`).toBe(g.headers['content-type']);
    expect(declaredHeaders(h, h.headers), `[HTTP-02] HEAD ${what}: the GET's declared headers`).toEqual(declaredHeaders(h, g.headers));
  }
});

test(...proves('HTTP-03'), async ({ meshi, ns }) => {
  const all = routes();
  expect(all.length, '[HTTP-03] the contract has routes').toBeGreaterThan(0);
  for (const route of all) {
    const params = freshParams(route.any, ns);
    const allow = expectedAllow(route.path);
    const opt = await meshi.call(route.any.operationId, { params, method: 'OPTIONS' });
    expectStatus(opt, 204, 'HTTP-03', `OPTIONS ${route.path}`);
    expect(opt.text, `[HTTP-03] OPTIONS ${route.path}: no body`).toBe('');
    expect(parseAllow(opt.headers.allow), `[HTTP-03] OPTIONS ${route.path}: Allow lists the path's methods`).toEqual(allow);

    const defined = new Set(route.ops.map((o) => o.method as string));
    const others = ['PATCH', 'DELETE', ...['GET', 'POST', 'PUT'].filter((m) => !defined.has(m))];
    for (const method of others) {
      const withBody = method !== 'GET' && method !== 'DELETE';
      const res = await meshi.call(route.any.operationId, { params, method, ...(withBody ? { body: {} } : {}) });
      expectStatus(res, 405, 'HTTP-03', `${method} ${route.path}`);
      expect(res.body?.code, `[HTTP-03] ${method} ${route.path}`).toBe('METHOD_NOT_ALLOWED');
      expect(parseAllow(res.headers.allow), `[HTTP-03] ${method} ${route.path}: Allow lists the path's methods`).toEqual(allow);
    }
  }
});

test(...proves('HTTP-04'), async ({ meshi, ns }) => {
  const id = ns.id('http04');
  const unknown = [
    '/',
    '/nope',
    `/events/${id}/unknown`,
    `/events/${id}/attendees:explode`,
    `/events/${id}/attendees:import/extra`,
    '/auth/extra',
    '/AUTH',
    '/runs',
    '/id-map',
    `/id-map/event`,
    `/events/${id}/sessions/${id}/more`,
    `/events/${id}/context/more`,
    '/review-queue/extra',
  ];
  for (const [i, path] of unknown.entries()) {
    // Every path with GET; a write and a DELETE on some (a wrong method never turns 404 into 405).
    for (const method of i % 4 === 0 ? ['GET', 'POST', 'DELETE'] : ['GET']) {
      const res = await meshi.raw(method, path, method === 'POST' ? { body: {} } : {});
      expectStatus(res, 404, 'HTTP-04', `${method} ${path}`);
      // The code is read from the error envelope: no envelope is ERR-01's failure.
      requireThat(res.body !== null && typeof res.body === 'object', 'ERR-01', `${method} ${path} → ${res.status} has no JSON envelope to read the code from`);
      expect(res.body?.code, `[HTTP-04] ${method} ${path}`).toBe('ROUTE_NOT_FOUND');
    }
  }
  // The same under the legacy alias base.
  const alias = await meshi.raw('GET', '/nope', { base: 'alias' });
  expectStatus(alias, 404, 'HTTP-04', 'GET /nope under the alias');
  requireThat(alias.body !== null && typeof alias.body === 'object', 'ERR-01', 'GET /nope under the alias has no JSON envelope to read the code from');
  expect(alias.body?.code, '[HTTP-04] GET /nope under the alias').toBe('ROUTE_NOT_FOUND');
});

test(...proves('HTTP-05'), async ({ meshi, ns }) => {
  const types = ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'text/json', 'application/jsonx'];
  for (const op of bodyOperations()) {
    const params = freshParams(op, ns);
    for (const type of types) {
      const res = await meshi.call(op.operationId, { params, rawBody: JSON.stringify(validBodyFor(op, ns, 'ct')), contentType: type });
      expectStatus(res, 415, 'HTTP-05', `${op.method} ${op.path} with Content-Type ${type}`);
      expect(res.body?.code, `[HTTP-05] ${op.method} ${op.path} with Content-Type ${type}`).toBe('UNSUPPORTED_MEDIA_TYPE');
    }
  }
});

test(...proves('HTTP-06'), async ({ meshi, ns }) => {
  const invalid: [string, string | Buffer][] = [
    ['truncated object', '{"title": "x"'],
    ['bare words', 'not json'],
    ['single quotes', "{'title': 'x'}"],
    ['trailing comma', '{"title": "x",}'],
    ['unquoted key', '{title: "x"}'],
    ['two documents', '{} {}'],
    ['empty body', ''],
    ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0x74, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d])],
  ];
  for (const op of bodyOperations()) {
    const params = freshParams(op, ns);
    for (const [what, raw] of invalid) {
      const res = await meshi.call(op.operationId, { params, rawBody: raw });
      expectStatus(res, 400, 'HTTP-06', `${op.method} ${op.path} with ${what}`);
      expect(res.body?.code, `[HTTP-06] ${op.method} ${op.path} with ${what}`).toBe('INVALID_JSON');
    }
  }
});

test.describe('check order', () => {
  test(...proves('HTTP-07'), async ({ meshi, meshiWithKey, ns, target }) => {
    const big = Buffer.alloc(target.limits.maxBodyBytes! + 1, 0x20);
    const eventId = ns.id('order-ev');
    await meshi.setup.call('createEvent', { body: { event_id: eventId, title: 'Check order' } });
    const usedKey = ns.idempotencyKey('order');
    await meshi.setup.call('importAttendees', { params: { event_id: eventId }, body: { idempotency_key: usedKey, attendees: [{ attendee_id: ns.id('order-att'), name: 'O' }] } });
    const anon = meshiWithKey(null);
    const titleMax = contract.fieldRules.EventUpdate?.find((f) => f.name === 'title')?.maxLength ?? 0;
    const cases: [string, () => Promise<MeshiResponse>, string][] = [
      ['401 before 404 route', () => anon.raw('GET', `/nope-${ns.id('r')}`), 'UNAUTHORIZED'],
      ['401 before 405', () => anon.call('getAuth', { method: 'DELETE' }), 'UNAUTHORIZED'],
      ['401 before 413', () => anon.call('createEvent', { rawBody: big }), 'UNAUTHORIZED'],
      ['401 before 400 INVALID_JSON', () => anon.call('createEvent', { rawBody: '{' }), 'UNAUTHORIZED'],
      ['404 route before 413', () => meshi.raw('POST', `/nope-${ns.id('r')}`, { rawBody: big }), 'ROUTE_NOT_FOUND'],
      ['405 before 413', () => meshi.call('getAuth', { method: 'PUT', rawBody: big }), 'METHOD_NOT_ALLOWED'],
      ['405 before 415', () => meshi.call('getAuth', { method: 'POST', rawBody: 'x', contentType: 'text/plain' }), 'METHOD_NOT_ALLOWED'],
      ['413 before 415', () => meshi.call('createEvent', { rawBody: big, contentType: 'text/plain' }), 'PAYLOAD_TOO_LARGE'],
      ['413 before INVALID_JSON', () => meshi.call('createEvent', { rawBody: big }), 'PAYLOAD_TOO_LARGE'],
      ['415 before INVALID_JSON', () => meshi.call('createEvent', { rawBody: 'not json', contentType: 'text/plain' }), 'UNSUPPORTED_MEDIA_TYPE'],
      ['INVALID_JSON before a malformed path ID', () => meshi.call('createSession', { params: { event_id: '-bad' }, rawBody: '{"session_id":' }), 'INVALID_JSON'],
      ['a malformed path ID before body fields', () => meshi.call('updateEvent', { params: { event_id: '-bad' }, body: { title: 'x'.repeat(titleMax + 1) } }), 'INVALID_PARTNER_ID'],
      ['body fields before 404 resource', () => meshi.call('updateEvent', { params: { event_id: ns.id('missing') }, body: { title: 'x'.repeat(titleMax + 1) } }), 'INVALID_TITLE'],
      ['body fields before 409 conflict', () => meshi.call('createEvent', { body: { event_id: eventId, title: 'x'.repeat(titleMax + 1) } }), 'INVALID_TITLE'],
      ['the first failing field in body order', () => meshi.call('createEvent', { body: { event_id: '-bad', title: '' } }), 'INVALID_PARTNER_ID'],
      ['404 resource before 409 idempotency conflict', () => meshi.call('enrichAttendees', { params: { event_id: ns.id('missing') }, body: { idempotency_key: usedKey } }), 'EVENT_NOT_FOUND'],
    ];
    for (const [what, send, code] of cases) {
      const res = await send();
      requireThat(res.body !== null && typeof res.body === 'object', 'ERR-01', `${what}: ${res.status} has no JSON envelope to read the code from`);
      expect(res.body?.code, `[HTTP-07] ${what}`).toBe(code);
      expect(res.status, `[HTTP-07] ${what}: status of ${code}`).toBe(contract.errorCodes[code]!.status);
    }
  });

  test.describe('with a read-only key', () => {
  test(...proves('HTTP-07'), async ({ meshiRead, ns, target }, testInfo) => {
    requireProfiles(testInfo, 'read-key');
    // 403 (scope) comes before routing, 413, 415 and validation.
    const big = Buffer.alloc(target.limits.maxBodyBytes! + 1, 0x20);
    const cases: [string, () => Promise<MeshiResponse>][] = [
      ['403 scope before 405', () => meshiRead.call('getAuth', { method: 'PUT', body: {} })],
      ['403 scope before 413', () => meshiRead.call('createEvent', { rawBody: big })],
      ['403 scope before 415', () => meshiRead.call('createEvent', { rawBody: 'x', contentType: 'text/plain' })],
      ['403 scope before INVALID_JSON', () => meshiRead.call('createEvent', { rawBody: '{' })],
      ['403 scope before 404 resource', () => meshiRead.call('updateEvent', { params: { event_id: ns.id('missing') }, body: { title: 't' } })],
    ];
    for (const [what, send] of cases) {
      const res = await send();
      expectStatus(res, 403, 'HTTP-07', `${what}`);
      expect(res.body?.code, `[HTTP-07] ${what}`).toBe('INSUFFICIENT_SCOPE');
    }
  });
  });
});
