// HTTP semantics: the body byte limit at exactly max_body_bytes and one byte over, HEAD as GET
// without a body, OPTIONS and 405 with Allow on every path, 404 ROUTE_NOT_FOUND, 415, INVALID_JSON
// on every body route, and the check order between neighbouring defects. Limits come from the
// harness configuration (contract defaults, overridable per target).

import { test, proves, requireProfiles } from '../harness/run/fixtures';
import type { MeshiResponse } from '../harness/http/client';
import { bodyOperations, contract, expectedAllow, HTTP_METHODS, readOperations, routes } from '../contract';
import { freshParams } from '../harness/world/operationRequests';
import { validBodyFor } from '../harness/world/validBody';
import { paramsFrom, seedWorld } from '../harness/world/world';
import { parseAllow } from './support/responses';
import { declaredResponseFor } from '../harness/checks/expectations';
import { caseNotExercised, expectEqual, expectStatus, expectThat, observeSubject, requireObserved, requireThat } from '../harness/verdicts';

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
    const atLimit = await meshi.call(op.operationId, {
      params,
      rawBody: padded(validBodyFor(op, ns, 'limit'), max),
      label: `${max} bytes`,
    });
    expectThat(
      'HTTP-01',
      `${op.method} ${op.path}: a valid body of exactly ${max} bytes is not rejected for its size (got ${atLimit.status} ${atLimit.body?.code ?? ''})`,
      atLimit.status !== 413,
      atLimit.status,
      'not 413',
    );

    const body = validBodyFor(op, ns, 'over');
    const over = await meshi.call(op.operationId, { params, rawBody: padded(body, max + 1), label: `${max + 1} bytes` });
    expectStatus('HTTP-01', `${op.method} ${op.path}: a body of ${max + 1} bytes`, over, 413);
    expectEqual('HTTP-01', `${op.method} ${op.path}: a body of ${max + 1} bytes`, over.body?.code, 'PAYLOAD_TOO_LARGE');
    if (op.operationId === 'createEvent') {
      const probe = await meshi.call('getEvent', { params: { event_id: String(body!.event_id) } });
      expectStatus('HTTP-01', 'the oversized POST /events created nothing', probe, 404);
    }
  }
});

test(...proves('HTTP-02'), async ({ meshi, ns }) => {
  const world = await seedWorld(meshi, ns, { label: 'http02' });
  const pairs: [string, () => Promise<MeshiResponse>, () => Promise<MeshiResponse>][] = [];
  for (const op of readOperations()) {
    const params = paramsFrom(op, world);
    pairs.push([
      `${op.path} (existing)`,
      () => meshi.call(op.operationId, { params }),
      () => meshi.call(op.operationId, { params, method: 'HEAD' }),
    ]);
  }
  const missing = { event_id: ns.id('missing') };
  pairs.push([
    'unknown event',
    () => meshi.call('getEvent', { params: missing }),
    () => meshi.call('getEvent', { params: missing, method: 'HEAD' }),
  ]);
  pairs.push([
    'malformed event_id',
    () => meshi.call('getEvent', { params: { event_id: '-bad' } }),
    () => meshi.call('getEvent', { params: { event_id: '-bad' }, method: 'HEAD' }),
  ]);
  pairs.push([
    'bad limit',
    () => meshi.call('listEvents', { query: { limit: 0 } }),
    () => meshi.call('listEvents', { query: { limit: 0 }, method: 'HEAD' }),
  ]);
  pairs.push(['no key', () => meshi.call('getAuth', { key: null }), () => meshi.call('getAuth', { key: null, method: 'HEAD' })]);
  const nowhere = `/nowhere-${ns.id('r')}`;
  pairs.push(['unknown route', () => meshi.raw('GET', nowhere), () => meshi.raw('HEAD', nowhere)]);
  for (const [what, get, head] of pairs) {
    const g = await get();
    const h = await head();
    expectStatus('HTTP-02', `HEAD ${what}: the GET's status`, h, g.status);
    expectEqual('HTTP-02', `HEAD ${what}: empty body`, h.text, '');
    expectEqual('HTTP-02', `HEAD ${what}: the GET's Content-Type`, h.headers['content-type'], g.headers['content-type']);
    expectEqual('HTTP-02', `HEAD ${what}: the GET's declared headers`, declaredHeaders(h, h.headers), declaredHeaders(h, g.headers));
  }
});

test(...proves('HTTP-03'), async ({ meshi, ns }) => {
  const all = routes();
  expectThat('HTTP-03', 'the contract has routes', all.length > 0, all.length, '> 0');
  for (const route of all) {
    const params = freshParams(route.any, ns);
    const allow = expectedAllow(route.path);
    const opt = await meshi.call(route.any.operationId, { params, method: 'OPTIONS' });
    expectStatus('HTTP-03', `OPTIONS ${route.path}`, opt, 204);
    expectEqual('HTTP-03', `OPTIONS ${route.path}: no body`, opt.text, '');
    expectEqual('HTTP-03', `OPTIONS ${route.path}: Allow lists the path's methods`, parseAllow(opt.headers.allow), allow);

    const defined = new Set(route.ops.map((o) => o.method as string));
    const others = HTTP_METHODS.filter((m) => !defined.has(m));
    for (const method of others) {
      const withBody = method !== 'GET' && method !== 'DELETE';
      const res = await meshi.call(route.any.operationId, { params, method, ...(withBody ? { body: {} } : {}) });
      expectStatus('HTTP-03', `${method} ${route.path}`, res, 405);
      expectEqual('HTTP-03', `${method} ${route.path}`, res.body?.code, 'METHOD_NOT_ALLOWED');
      expectEqual('HTTP-03', `${method} ${route.path}: Allow lists the path's methods`, parseAllow(res.headers.allow), allow);
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
      expectStatus('HTTP-04', `${method} ${path}`, res, 404);
      // The code is read from the error envelope: no envelope is ERR-01's failure.
      requireThat(
        'ERR-01',
        `${method} ${path} → ${res.status} has no JSON envelope to read the code from`,
        res.body !== null && typeof res.body === 'object',
      );
      expectEqual('HTTP-04', `${method} ${path}`, res.body?.code, 'ROUTE_NOT_FOUND');
    }
  }
  // The same under the legacy alias base.
  const alias = await meshi.raw('GET', '/nope', { base: 'alias' });
  expectStatus('HTTP-04', 'GET /nope under the alias', alias, 404);
  requireThat(
    'ERR-01',
    'GET /nope under the alias has no JSON envelope to read the code from',
    alias.body !== null && typeof alias.body === 'object',
  );
  expectEqual('HTTP-04', 'GET /nope under the alias', alias.body?.code, 'ROUTE_NOT_FOUND');
});

test(...proves('HTTP-05'), async ({ meshi, ns }) => {
  const types = [
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/xml',
    'text/json',
    'application/jsonx',
  ];
  for (const op of bodyOperations()) {
    const params = freshParams(op, ns);
    for (const type of types) {
      const res = await meshi.call(op.operationId, { params, rawBody: JSON.stringify(validBodyFor(op, ns, 'ct')), contentType: type });
      expectStatus('HTTP-05', `${op.method} ${op.path} with Content-Type ${type}`, res, 415);
      expectEqual('HTTP-05', `${op.method} ${op.path} with Content-Type ${type}`, res.body?.code, 'UNSUPPORTED_MEDIA_TYPE');
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
      expectStatus('HTTP-06', `${op.method} ${op.path} with ${what}`, res, 400);
      expectEqual('HTTP-06', `${op.method} ${op.path} with ${what}`, res.body?.code, 'INVALID_JSON');
    }
  }
});

/**
 * Each check-order case pairs two defects and names the one that must win; `alone` is a request
 * with only that defect. A case is a subject of HTTP-07 only when its winner, alone, gets its code:
 * otherwise the winner's own guarantee is broken (its test fails) and the order cannot be judged.
 */
interface OrderCase {
  readonly what: string;
  readonly send: () => Promise<MeshiResponse>;
  readonly code: string;
  readonly alone: () => Promise<MeshiResponse>;
}

async function judgeOrder(cases: readonly OrderCase[]): Promise<void> {
  const alone = new Map<OrderCase['alone'], MeshiResponse>();
  for (const c of cases) {
    const solo = alone.get(c.alone) ?? (await c.alone());
    alone.set(c.alone, solo);
    if (solo.body?.code !== c.code) {
      caseNotExercised(`${c.what}: ${c.code} alone was answered ${solo.status}${solo.body?.code ? ` ${String(solo.body.code)}` : ''}`);
      continue;
    }
    observeSubject('HTTP-07', 'a check-order case whose winner alone is detected');
    const res = await c.send();
    requireThat(
      'ERR-01',
      `${c.what}: ${res.status} has no JSON envelope to read the code from`,
      res.body !== null && typeof res.body === 'object',
    );
    expectEqual('HTTP-07', `${c.what}`, res.body?.code, c.code);
    expectStatus('HTTP-07', `${c.what}: status of ${c.code}`, res, contract.errorCodes[c.code]!.status);
  }
  requireObserved('HTTP-07', 'a check-order case whose winner alone is detected');
}

test.describe('check order', () => {
  test(...proves('HTTP-07'), async ({ meshi, meshiWithKey, ns, target }) => {
    const big = Buffer.alloc(target.limits.maxBodyBytes! + 1, 0x20);
    const eventId = ns.id('order-ev');
    await meshi.setup.call('createEvent', { body: { event_id: eventId, title: 'Check order' } });
    const usedKey = ns.idempotencyKey('order');
    await meshi.setup.call('importAttendees', {
      params: { event_id: eventId },
      body: { idempotency_key: usedKey, attendees: [{ attendee_id: ns.id('order-att'), name: 'O' }] },
    });
    const anon = meshiWithKey(null);
    const titleMax = contract.fieldRules.EventUpdate?.find((f) => f.name === 'title')?.maxLength ?? 0;
    const longTitle = 'x'.repeat(titleMax + 1);
    // A well-formed body padded with whitespace past the byte limit: over the limit is its only defect.
    const bigJson = () => {
      const json = JSON.stringify({ event_id: ns.id('order-big'), title: 'Big' });
      return Buffer.concat([Buffer.from(json), Buffer.alloc(Math.max(0, target.limits.maxBodyBytes! + 1 - json.length), 0x20)]);
    };
    const only = {
      unauthorized: () => anon.call('getAuth'),
      noRoute: () => meshi.raw('GET', `/nope-${ns.id('r')}`),
      wrongMethod: () => meshi.call('getAuth', { method: 'DELETE' }),
      tooLarge: () => meshi.call('createEvent', { rawBody: bigJson() }),
      mediaType: () =>
        meshi.call('createEvent', { rawBody: JSON.stringify({ event_id: ns.id('order-ct'), title: 't' }), contentType: 'text/plain' }),
      invalidJson: () => meshi.call('createSession', { params: { event_id: eventId }, rawBody: '{"session_id":' }),
      pathId: () => meshi.call('updateEvent', { params: { event_id: '-bad' }, body: { title: 'x' } }),
      bodyFieldCreate: () => meshi.call('createEvent', { body: { event_id: ns.id('order-t'), title: longTitle } }),
      bodyFieldUpdate: () => meshi.call('updateEvent', { params: { event_id: eventId }, body: { title: longTitle } }),
      // Namespaced even though invalid: a server that wrongly accepts it creates an event of this run's own.
      bodyId: () => meshi.call('createEvent', { body: { event_id: `-${ns.id('bad')}`, title: 'x' } }),
      noEvent: () =>
        meshi.call('enrichAttendees', {
          params: { event_id: ns.id('missing') },
          body: { idempotency_key: ns.idempotencyKey('order-fresh') },
        }),
    };
    await judgeOrder([
      { what: '401 before 404 route', send: () => anon.raw('GET', `/nope-${ns.id('r')}`), code: 'UNAUTHORIZED', alone: only.unauthorized },
      { what: '401 before 405', send: () => anon.call('getAuth', { method: 'DELETE' }), code: 'UNAUTHORIZED', alone: only.unauthorized },
      { what: '401 before 413', send: () => anon.call('createEvent', { rawBody: big }), code: 'UNAUTHORIZED', alone: only.unauthorized },
      {
        what: '401 before 400 INVALID_JSON',
        send: () => anon.call('createEvent', { rawBody: '{' }),
        code: 'UNAUTHORIZED',
        alone: only.unauthorized,
      },
      {
        what: '404 route before 413',
        send: () => meshi.raw('POST', `/nope-${ns.id('r')}`, { rawBody: big }),
        code: 'ROUTE_NOT_FOUND',
        alone: only.noRoute,
      },
      {
        what: '405 before 413',
        send: () => meshi.call('getAuth', { method: 'PUT', rawBody: big }),
        code: 'METHOD_NOT_ALLOWED',
        alone: only.wrongMethod,
      },
      {
        what: '405 before 415',
        send: () => meshi.call('getAuth', { method: 'POST', rawBody: 'x', contentType: 'text/plain' }),
        code: 'METHOD_NOT_ALLOWED',
        alone: only.wrongMethod,
      },
      {
        what: '413 before 415',
        send: () => meshi.call('createEvent', { rawBody: big, contentType: 'text/plain' }),
        code: 'PAYLOAD_TOO_LARGE',
        alone: only.tooLarge,
      },
      {
        what: '413 before INVALID_JSON',
        send: () => meshi.call('createEvent', { rawBody: big }),
        code: 'PAYLOAD_TOO_LARGE',
        alone: only.tooLarge,
      },
      {
        what: '415 before INVALID_JSON',
        send: () => meshi.call('createEvent', { rawBody: 'not json', contentType: 'text/plain' }),
        code: 'UNSUPPORTED_MEDIA_TYPE',
        alone: only.mediaType,
      },
      {
        what: 'INVALID_JSON before a malformed path ID',
        send: () => meshi.call('createSession', { params: { event_id: '-bad' }, rawBody: '{"session_id":' }),
        code: 'INVALID_JSON',
        alone: only.invalidJson,
      },
      {
        what: 'a malformed path ID before body fields',
        send: () => meshi.call('updateEvent', { params: { event_id: '-bad' }, body: { title: longTitle } }),
        code: 'INVALID_PARTNER_ID',
        alone: only.pathId,
      },
      {
        what: 'body fields before 404 resource',
        send: () => meshi.call('updateEvent', { params: { event_id: ns.id('missing') }, body: { title: longTitle } }),
        code: 'INVALID_TITLE',
        alone: only.bodyFieldUpdate,
      },
      {
        what: 'body fields before 409 conflict',
        send: () => meshi.call('createEvent', { body: { event_id: eventId, title: longTitle } }),
        code: 'INVALID_TITLE',
        alone: only.bodyFieldCreate,
      },
      {
        what: 'the first failing field in body order',
        send: () => meshi.call('createEvent', { body: { event_id: '-bad', title: '' } }),
        code: 'INVALID_PARTNER_ID',
        alone: only.bodyId,
      },
      {
        what: '404 resource before 409 idempotency conflict',
        send: () => meshi.call('enrichAttendees', { params: { event_id: ns.id('missing') }, body: { idempotency_key: usedKey } }),
        code: 'EVENT_NOT_FOUND',
        alone: only.noEvent,
      },
    ]);
  });

  test.describe('with a read-only key', () => {
    test(...proves('HTTP-07'), async ({ meshiRead, ns, target }, testInfo) => {
      requireProfiles(testInfo, 'read-key');
      // 403 (scope) comes before routing, 413, 415 and validation.
      const big = Buffer.alloc(target.limits.maxBodyBytes! + 1, 0x20);
      const scopeOnly = () => meshiRead.call('createEvent', { body: { event_id: ns.id('order-ro'), title: 't' } });
      await judgeOrder([
        {
          what: '403 scope before 405',
          send: () => meshiRead.call('getAuth', { method: 'PUT', body: {} }),
          code: 'INSUFFICIENT_SCOPE',
          alone: scopeOnly,
        },
        {
          what: '403 scope before 413',
          send: () => meshiRead.call('createEvent', { rawBody: big }),
          code: 'INSUFFICIENT_SCOPE',
          alone: scopeOnly,
        },
        {
          what: '403 scope before 415',
          send: () => meshiRead.call('createEvent', { rawBody: 'x', contentType: 'text/plain' }),
          code: 'INSUFFICIENT_SCOPE',
          alone: scopeOnly,
        },
        {
          what: '403 scope before INVALID_JSON',
          send: () => meshiRead.call('createEvent', { rawBody: '{' }),
          code: 'INSUFFICIENT_SCOPE',
          alone: scopeOnly,
        },
        {
          what: '403 scope before 404 resource',
          send: () => meshiRead.call('updateEvent', { params: { event_id: ns.id('missing') }, body: { title: 't' } }),
          code: 'INSUFFICIENT_SCOPE',
          alone: scopeOnly,
        },
      ]);
    });
  });
});
