// Each universal check finds its violation in a violating exchange and nothing in a clean one
// (a check that cannot fail is a defect). Exchanges are synthetic: no server involved.
import { test, expect } from '@playwright/test';
import {
  aliasDeprecationHeaders,
  allChecks,
  assertNoUuidLeak,
  bodyMatchesSchema,
  checksFor,
  contentTypeJson,
  correlationEcho,
  errorEnvelope,
  headNoBody,
  notAServerError,
  rateLimitHeaders,
  responseHeaders,
  judge,
  runChecks,
  statusDocumented,
  type Check,
} from '../../harness/checks';
import { checkGuaranteeTable, gid } from '../../harness/checks/ids';
import { guarantee, universalGuarantees } from '../../harness/verdicts/guarantees';
import { CORR, envelope, exchange, validAuth, validRun } from './helpers';

const UUID = '3f1c2a9e-7b4d-4c1a-9e2f-0a1b2c3d4e5f';

function ids(check: Check, x: ReturnType<typeof exchange>): string[] {
  return check(x).map((v) => v.guarantee);
}

test.describe('guarantee attribution', () => {
  test('every check reports a catalogued guarantee of the expected family', () => {
    for (const [concern, id] of Object.entries(checkGuaranteeTable())) {
      expect(() => guarantee(id), `${concern} → ${id}`).not.toThrow();
    }
  });

  test('every universal guarantee of the catalogue is reported by some universal check', () => {
    const reported = new Set(allChecks.flatMap((c) => c.guarantees));
    for (const g of universalGuarantees())
      expect(reported.has(g.id), `${g.id} is universal: true but no universal check reports it`).toBe(true);
    for (const id of reported) expect(() => guarantee(id)).not.toThrow();
  });

  test('a clean exchange passes every check', () => {
    expect(runChecks(exchange())).toEqual([]);
  });

  test('checksFor picks HEAD-, error- and alias-specific checks', () => {
    const names = (x: ReturnType<typeof exchange>) => checksFor(x).map((c) => c.name);
    expect(names(exchange({ method: 'HEAD', kind: 'head', text: '' }))).toContain('headNoBody');
    expect(names(exchange({ method: 'HEAD', kind: 'head', text: '' }))).not.toContain('bodyMatchesSchema');
    expect(names(exchange())).not.toContain('errorEnvelope');
    expect(names(exchange({ status: 401, body: envelope('UNAUTHORIZED') }))).toContain('errorEnvelope');
    expect(names(exchange({ kind: 'outside', base: 'none', operationId: null }))).toEqual(['contentTypeJson', 'assertNoUuidLeak']);
  });
});

test.describe('statusDocumented', () => {
  test('clean: a declared status', () => {
    expect(statusDocumented(exchange())).toEqual([]);
    expect(statusDocumented(exchange({ status: 401, body: envelope('UNAUTHORIZED') }))).toEqual([]);
  });
  test('violation: an undeclared status', () => {
    const v = statusDocumented(exchange({ status: 418 }));
    expect(v.map((x) => x.guarantee)).toEqual([gid('statusDocumented')]);
    expect(v[0]!.message).toContain('status 418 is not declared for getAuth');
    expect(v[0]!.message).toContain(`(corr ${CORR})`);
  });
  test('generic responses: 404 route, 405, OPTIONS', () => {
    expect(
      statusDocumented(
        exchange({ kind: 'route-not-found', operationId: null, path: '/nope', status: 404, body: envelope('ROUTE_NOT_FOUND') }),
      ),
    ).toEqual([]);
    expect(statusDocumented(exchange({ kind: 'route-not-found', operationId: null, path: '/nope', status: 200 }))).toHaveLength(1);
    expect(
      statusDocumented(exchange({ kind: 'method-not-allowed', method: 'PATCH', status: 405, body: envelope('METHOD_NOT_ALLOWED') })),
    ).toEqual([]);
    expect(statusDocumented(exchange({ kind: 'method-not-allowed', method: 'PATCH', status: 200 }))).toHaveLength(1);
    expect(statusDocumented(exchange({ kind: 'options', method: 'OPTIONS', status: 401, body: envelope('UNAUTHORIZED') }))).toEqual([]);
  });
  test('a contract route answered 404 ROUTE_NOT_FOUND is judged as the generic response, not as the operation', () => {
    const unrouted = exchange({ status: 404, body: envelope('ROUTE_NOT_FOUND') });
    expect(statusDocumented(unrouted), 'judged alone as getAuth, 404 is undeclared').toHaveLength(1);
    expect(runChecks(unrouted)).toEqual([]);
    // Any other 404 body to getAuth stays the operation's: its status is undeclared, its code unlisted.
    const other = runChecks(exchange({ status: 404, body: envelope('EVENT_NOT_FOUND') })).map((v) => v.guarantee);
    expect(other).toContain(gid('statusDocumented'));
  });
});

test.describe('notAServerError', () => {
  test('clean: 4xx, and the transient 503', () => {
    expect(notAServerError(exchange({ status: 401, body: envelope('UNAUTHORIZED') }))).toEqual([]);
    expect(notAServerError(exchange({ status: 503, body: envelope('SERVICE_UNAVAILABLE') }))).toEqual([]);
  });
  test('violation: a 500 (even a declared one)', () => {
    const v = notAServerError(exchange({ status: 500, body: envelope('INTERNAL_ERROR') }));
    expect(v.map((x) => x.guarantee)).toEqual([gid('notAServerError')]);
    expect(v[0]!.message).toContain('server error 500 INTERNAL_ERROR');
  });
});

test.describe('bodyMatchesSchema', () => {
  test('clean: a valid AuthInfo', () => {
    expect(bodyMatchesSchema(exchange())).toEqual([]);
  });
  test('violation: a missing and an unexpected property, summarised', () => {
    const { org_id: _omit, ...rest } = validAuth();
    const v = bodyMatchesSchema(exchange({ body: { ...rest, internal_id: 'x', correlation_id: CORR } }));
    expect(v.map((x) => x.guarantee)).toEqual([gid('bodySchema')]);
    expect(v[0]!.message).toMatch(/getAuth:200/);
    expect(v[0]!.message).toMatch(/org_id|internal_id/);
  });
  test('violation: a declared body is missing', () => {
    expect(ids(bodyMatchesSchema, exchange({ body: null, text: '' }))).toEqual([gid('bodySchema')]);
  });
  test('clean and violation on a Run', () => {
    const ok = exchange({
      operationId: 'getRun',
      path: '/runs/run_01J8ZQ4M7ARUN0000000000001',
      body: { ...validRun('running'), correlation_id: CORR },
    });
    expect(bodyMatchesSchema(ok)).toEqual([]);
    const bad = exchange({
      operationId: 'getRun',
      path: '/runs/run_01J8ZQ4M7ARUN0000000000001',
      body: { ...validRun('running'), status: 'paused', correlation_id: CORR },
    });
    expect(ids(bodyMatchesSchema, bad)).toEqual([gid('bodySchema')]);
  });
  test('an error body is judged once, by errorEnvelope', () => {
    const extra = exchange({ status: 401, body: { ...(envelope('UNAUTHORIZED') as object), status: 401 } });
    expect(bodyMatchesSchema(extra)).toEqual([]);
    expect(runChecks(extra).map((v) => v.guarantee)).toEqual([gid('errorExtraKeys')]);
  });
});

test.describe('responseHeaders', () => {
  const limited = (retryAfter: string | undefined) =>
    exchange({ status: 429, body: envelope('PARTNER_RATE_LIMIT_EXCEEDED'), headers: { 'retry-after': retryAfter } });
  test('clean: 429 with a valid Retry-After (coerced to an integer)', () => {
    expect(responseHeaders(limited('2'))).toEqual([]);
  });
  test('violation: required Retry-After missing, or malformed (attributed to the Retry-After guarantee)', () => {
    expect(ids(responseHeaders, limited(undefined))).toEqual([gid('retryAfterHeader')]);
    expect(responseHeaders(limited(undefined))[0]!.message).toContain('retry-after missing');
    expect(ids(responseHeaders, limited('soon'))).toEqual([gid('retryAfterHeader')]);
    expect(ids(responseHeaders, limited('0'))).toEqual([gid('retryAfterHeader')]);
  });
  const options = (allow: string | undefined) =>
    exchange({
      kind: 'options',
      method: 'OPTIONS',
      path: '/events',
      operationId: 'listEvents',
      status: 204,
      body: null,
      text: '',
      headers: { allow, 'content-type': undefined },
    });
  test('clean: OPTIONS with Allow listing every method of the path', () => {
    expect(responseHeaders(options('GET, HEAD, OPTIONS, POST'))).toEqual([]);
  });
  test('clean: HEAD is only expected where GET exists', () => {
    const put = exchange({
      kind: 'options',
      method: 'OPTIONS',
      path: '/events/e1/attendees:import',
      operationId: 'importAttendees',
      status: 204,
      body: null,
      text: '',
      headers: { allow: 'OPTIONS, PUT', 'content-type': undefined },
    });
    expect(responseHeaders(put)).toEqual([]);
  });
  test('violation: OPTIONS without Allow, or Allow omitting a method', () => {
    expect(ids(responseHeaders, options(undefined))).toEqual([gid('allowHeader')]);
    const v = responseHeaders(options('GET, HEAD, OPTIONS'));
    expect(v.map((x) => x.guarantee)).toEqual([gid('allowHeader')]);
    expect(v[0]!.message).toContain('omits POST');
  });
});

test.describe('errorEnvelope', () => {
  test('clean: exactly {code, message, correlation_id} with a listed code', () => {
    expect(errorEnvelope(exchange({ status: 401, body: envelope('UNAUTHORIZED') }))).toEqual([]);
    expect(errorEnvelope(exchange())).toEqual([]);
  });
  test('violation: extra or missing keys, empty values, non-object', () => {
    expect(ids(errorEnvelope, exchange({ status: 401, body: envelope('UNAUTHORIZED', CORR, { details: [] }) }))).toEqual([
      gid('errorExtraKeys'),
    ]);
    expect(ids(errorEnvelope, exchange({ status: 401, body: { code: 'UNAUTHORIZED', correlation_id: CORR } }))).toEqual([
      gid('errorEnvelope'),
    ]);
    expect(ids(errorEnvelope, exchange({ status: 401, body: envelope('UNAUTHORIZED', CORR, { message: '' }) }))).toEqual([
      gid('errorEnvelope'),
    ]);
    expect(ids(errorEnvelope, exchange({ status: 401, text: '<html>nope</html>', headers: { 'content-type': 'text/html' } }))).toEqual([
      gid('errorEnvelope'),
    ]);
    expect(ids(errorEnvelope, exchange({ status: 401, body: null, text: '' }))).toEqual([gid('errorEnvelope')]);
  });
  test('violation: unknown code, code of another status, code not listed for the operation', () => {
    expect(ids(errorEnvelope, exchange({ status: 401, body: envelope('NOT_A_CODE') }))).toEqual([gid('errorCode')]);
    expect(ids(errorEnvelope, exchange({ status: 401, body: envelope('EVENT_NOT_FOUND') }))).toEqual([gid('errorCode')]);
    const wrongForOp = exchange({
      operationId: 'createEvent',
      method: 'POST',
      path: '/events',
      status: 400,
      body: envelope('INVALID_CURSOR'),
    });
    expect(ids(errorEnvelope, wrongForOp)).toEqual([gid('errorCode')]);
    const rightForOp = exchange({
      operationId: 'createEvent',
      method: 'POST',
      path: '/events',
      status: 400,
      body: envelope('INVALID_TITLE'),
    });
    expect(errorEnvelope(rightForOp)).toEqual([]);
  });
});

test.describe('contentTypeJson', () => {
  test('clean: application/json (charset allowed), and empty bodies', () => {
    expect(contentTypeJson(exchange())).toEqual([]);
    expect(
      contentTypeJson(
        exchange({ kind: 'options', method: 'OPTIONS', status: 204, body: null, text: '', headers: { 'content-type': undefined } }),
      ),
    ).toEqual([]);
  });
  test('violation: another media type, no Content-Type, invalid JSON (error → error guarantee; success → schema)', () => {
    const err = (over: Parameters<typeof exchange>[0]) => exchange({ status: 401, body: envelope('UNAUTHORIZED'), ...over });
    expect(ids(contentTypeJson, err({ headers: { 'content-type': 'text/plain' } }))).toEqual([gid('errorContentType')]);
    expect(ids(contentTypeJson, err({ headers: { 'content-type': undefined } }))).toEqual([gid('errorContentType')]);
    expect(ids(contentTypeJson, err({ text: '{"code":' }))).toEqual([gid('errorContentType')]);
    expect(ids(contentTypeJson, exchange({ headers: { 'content-type': 'text/plain' } }))).toEqual([gid('bodySchema')]);
  });
});

test.describe('correlationEcho', () => {
  test('clean: echoed header equal to the body', () => {
    expect(correlationEcho(exchange())).toEqual([]);
  });
  test('clean: malformed client value replaced by a server-made one; none sent', () => {
    expect(correlationEcho(exchange({ sentCorrelationId: 'bad value with spaces' }))).toEqual([]);
    expect(correlationEcho(exchange({ sentCorrelationId: null }))).toEqual([]);
  });
  test('violation: header missing', () => {
    expect(ids(correlationEcho, exchange({ headers: { 'x-correlation-id': undefined } }))).toEqual([gid('correlationHeader')]);
  });
  test('violation: body differs from header; body without correlation_id', () => {
    expect(
      ids(correlationEcho, exchange({ body: { ...validAuth(), correlation_id: 'other-id' }, headers: { 'x-correlation-id': CORR } })),
    ).toEqual([gid('correlationBody')]);
    expect(ids(correlationEcho, exchange({ body: validAuth() }))).toEqual([gid('correlationBody')]);
  });
  test('violation: a valid client value not echoed', () => {
    expect(
      ids(
        correlationEcho,
        exchange({ headers: { 'x-correlation-id': 'corr_SERVER' }, body: { ...validAuth(), correlation_id: 'corr_SERVER' } }),
      ),
    ).toEqual([gid('correlationEcho')]);
  });
  test('violation: a malformed client value echoed; a malformed header', () => {
    const bad = 'bad value';
    expect(
      ids(
        correlationEcho,
        exchange({ sentCorrelationId: bad, headers: { 'x-correlation-id': bad }, body: { ...validAuth(), correlation_id: bad } }),
      ),
    ).toEqual(expect.arrayContaining([gid('correlationGenerated')]));
    expect(
      ids(
        correlationEcho,
        exchange({
          sentCorrelationId: null,
          headers: { 'x-correlation-id': 'has space' },
          body: { ...validAuth(), correlation_id: 'has space' },
        }),
      ),
    ).toEqual([gid('correlationGenerated')]);
    // None sent: the server-made value must be corr_…
    expect(
      ids(
        correlationEcho,
        exchange({
          sentCorrelationId: null,
          headers: { 'x-correlation-id': 'trace-1' },
          body: { ...validAuth(), correlation_id: 'trace-1' },
        }),
      ),
    ).toEqual([gid('correlationGenerated')]);
    expect(ids(correlationEcho, exchange({ headers: { 'x-correlation-id': '' } }))).toEqual(
      expect.arrayContaining([gid('correlationHeader')]),
    );
  });
});

test.describe('assertNoUuidLeak', () => {
  test('clean: no UUID, and a UUID the harness sent', () => {
    expect(assertNoUuidLeak(exchange())).toEqual([]);
    expect(assertNoUuidLeak(exchange({ body: { ...validAuth(), org_id: UUID, correlation_id: CORR }, exempt: [UUID] }))).toEqual([]);
  });
  test('violation: a UUID in the body, located by JSON path and attributed by field', () => {
    const inHandle = assertNoUuidLeak(exchange({ body: { ...validAuth(), org_id: UUID, correlation_id: CORR } }));
    expect(inHandle.map((x) => x.guarantee)).toEqual([gid('uuidHandle')]);
    expect(inHandle[0]!.message).toContain('body $.org_id');
    const inMessage = assertNoUuidLeak(exchange({ status: 404, body: envelope('EVENT_NOT_FOUND', CORR, { message: `no event ${UUID}` }) }));
    expect(inMessage.map((x) => x.guarantee)).toEqual([gid('uuidBody')]);
    expect(inMessage[0]!.message).toContain('body $.message');
  });
  test('violation: an uppercase or compact UUID', () => {
    expect(
      assertNoUuidLeak(exchange({ body: { ...validAuth(), org_id: `org_${UUID.replace(/-/g, '')}`, correlation_id: CORR } })),
    ).toHaveLength(1);
    expect(assertNoUuidLeak(exchange({ body: { ...validAuth(), org_id: UUID.toUpperCase(), correlation_id: CORR } }))).toHaveLength(1);
  });
  test('violation: a UUID in a header', () => {
    const v = assertNoUuidLeak(exchange({ headers: { 'x-request-id': UUID } }));
    expect(v.map((x) => x.guarantee)).toEqual([gid('uuidHeader')]);
    expect(v[0]!.message).toContain('header x-request-id');
  });
  const page = (cursor: string) =>
    exchange({ operationId: 'listEvents', path: '/events', body: { items: [], next_cursor: cursor, correlation_id: CORR } });
  test('violation: a UUID in a cursor as written, or hidden in a base64url, base64-JSON, hex or payload.signature cursor', () => {
    const b64url = Buffer.from(`{"after":"${UUID}"}`).toString('base64url');
    const b64 = Buffer.from(`["k",1,"${UUID}"]`).toString('base64');
    const hex = Buffer.from(`evt:${UUID}`).toString('hex');
    const signed = `${Buffer.from(JSON.stringify(['fp', 'x', UUID])).toString('base64url')}.c2lnbmF0dXJlLXNpZ25hdHVyZQ`;
    const nested = Buffer.from(JSON.stringify({ c: Buffer.from(UUID).toString('base64url') })).toString('base64url');
    for (const cursor of [`cur_${UUID}`, b64url, b64, hex, signed, nested]) {
      const v = assertNoUuidLeak(page(cursor));
      expect(
        v.map((x) => x.guarantee),
        cursor,
      ).toEqual([gid('uuidCursor')]);
      expect(v[0]!.message).toContain('$.next_cursor');
    }
  });
  test('clean: opaque cursors that decode to no UUID (random signature bytes included)', () => {
    const cursor = Buffer.from('{"after":"ctunit-w0-event-7","t":1757512800}').toString('base64url');
    expect(assertNoUuidLeak(page(cursor))).toEqual([]);
    // 16 random bytes look like a v4 UUID one time in eight: never flagged, or signatures would flake.
    const raw16 = Buffer.from(UUID.replace(/-/g, ''), 'hex').toString('base64url');
    expect(assertNoUuidLeak(page(`${cursor}.${raw16}`))).toEqual([]);
  });
});

test.describe('rateLimitHeaders', () => {
  test('clean', () => {
    expect(rateLimitHeaders(exchange())).toEqual([]);
  });
  test('violation: missing headers', () => {
    expect(ids(rateLimitHeaders, exchange({ headers: { ratelimit: undefined } }))).toEqual([gid('rateLimitHeaders')]);
    expect(ids(rateLimitHeaders, exchange({ headers: { 'ratelimit-policy': undefined } }))).toEqual([gid('rateLimitHeaders')]);
  });
  test('violation: malformed values, remaining above quota, reset beyond the window', () => {
    expect(rateLimitHeaders(exchange({ headers: { ratelimit: 'remaining=5' } })).length).toBeGreaterThan(0);
    expect(
      rateLimitHeaders(exchange({ headers: { ratelimit: '"default";r=700;t=60' } }))
        .map((v: { message: string }) => v.message)
        .join(),
    ).toContain('exceeds the quota');
    expect(
      rateLimitHeaders(exchange({ headers: { ratelimit: '"default";r=5;t=61' } }))
        .map((v: { message: string }) => v.message)
        .join(),
    ).toContain('exceeds the window');
    expect(rateLimitHeaders(exchange({ headers: { ratelimit: '"other";r=5;t=6' } })).length).toBeGreaterThan(0);
  });
});

test.describe('aliasDeprecationHeaders', () => {
  const alias = (headers: Record<string, string | undefined>) => exchange({ base: 'alias', headers });
  test('clean: alias with Deprecation and a successor Link; current base without', () => {
    expect(
      aliasDeprecationHeaders(alias({ deprecation: 'true', link: '<http://127.0.0.1:9/api/v0/partner/auth>; rel="successor-version"' })),
    ).toEqual([]);
    expect(aliasDeprecationHeaders(exchange())).toEqual([]);
  });
  test('violation: alias without Deprecation, without Link, Link to another route', () => {
    expect(ids(aliasDeprecationHeaders, alias({ link: '<http://127.0.0.1:9/api/v0/partner/auth>; rel="successor-version"' }))).toEqual([
      gid('aliasHeaders'),
    ]);
    expect(ids(aliasDeprecationHeaders, alias({ deprecation: 'true' }))).toEqual([gid('aliasHeaders')]);
    expect(
      ids(
        aliasDeprecationHeaders,
        alias({ deprecation: 'true', link: '<http://127.0.0.1:9/api/v0/partner/events>; rel="successor-version"' }),
      ),
    ).toEqual([gid('aliasHeaders')]);
  });
  test('violation: Deprecation under the current base', () => {
    expect(ids(aliasDeprecationHeaders, exchange({ headers: { deprecation: 'true' } }))).toEqual([gid('aliasHeaders')]);
  });
});

test.describe('headNoBody', () => {
  test('clean: HEAD without a body', () => {
    expect(headNoBody(exchange({ method: 'HEAD', kind: 'head', body: null, text: '' }))).toEqual([]);
  });
  test('violation: HEAD with a body', () => {
    expect(ids(headNoBody, exchange({ method: 'HEAD', kind: 'head' }))).toEqual([gid('headNoBody')]);
  });
});

test('a crashing check is a harness error of its guarantees (never thrown, never a violation, never coverage)', () => {
  const x = exchange();
  // A body getter that throws simulates a defect inside a check.
  const broken = {
    ...x,
    response: {
      ...x.response,
      get headers(): Record<string, string> {
        throw new Error('boom');
      },
    },
  };
  expect(runChecks(broken)).toEqual([]);
  const j = judge(broken);
  expect(j.crashes.length).toBeGreaterThan(0);
  expect(j.crashes.every((c) => c.guarantees.length > 0 && /crashed: Error: boom/.test(c.message))).toBe(true);
  for (const g of j.crashes.flatMap((c) => c.guarantees)) expect(j.checked).not.toContain(g);
});
