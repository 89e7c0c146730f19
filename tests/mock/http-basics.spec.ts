// HTTP basics: base paths and the alias, routing (literal `:import`/`:enrich`/`:run` suffixes and
// IDs containing `:`), HEAD, OPTIONS, 405 with Allow, 404 ROUTE_NOT_FOUND, response media type.

import { C, expect, expectCode, test } from './helpers';

test.describe('routing and methods', () => {
  test('every operation path answers OPTIONS 204 with an Allow header listing its methods', async ({ api }) => {
    const seen = new Set<string>();
    for (const op of Object.values(C.operations)) {
      if (seen.has(op.path)) continue;
      seen.add(op.path);
      const path = op.path
        .replace(/\{kind\}/, 'event')
        .replace(/\{run_id\}/, 'run_01ABC')
        .replace(/\{[^}]+\}/g, 'x1');
      const r = await api.call('OPTIONS', path);
      expect(r.status, `OPTIONS ${path}`).toBe(204);
      expect(r.text).toBe('');
      const allow = r.headers.allow!.split(', ');
      const methods = Object.values(C.operations)
        .filter((o) => o.path === op.path)
        .map((o) => o.method);
      for (const m of methods) expect(allow, `Allow of ${op.path}`).toContain(m);
      expect(allow).toContain('OPTIONS');
      expect(allow.includes('HEAD'), `HEAD allowed on ${op.path} iff GET is`).toBe(methods.includes('GET'));
    }
  });

  test('a known path with another method is 405 METHOD_NOT_ALLOWED with Allow', async ({ api }) => {
    for (const [method, path, allow] of [
      ['DELETE', '/events/e1', 'GET, HEAD, OPTIONS, PUT'],
      ['PATCH', '/events', 'GET, HEAD, OPTIONS, POST'],
      ['POST', '/auth', 'GET, HEAD, OPTIONS'],
      ['GET', '/events/e1/attendees:import', 'OPTIONS, PUT'],
      ['PUT', '/events/e1/matches:run', 'OPTIONS, POST'],
    ] as const) {
      const r = await api.call(method, path, method === 'GET' || method === 'DELETE' ? {} : { json: {} });
      expectCode(r, 405, 'METHOD_NOT_ALLOWED', `${method} ${path}`);
      expect(r.headers.allow).toBe(allow);
    }
  });

  test('an unknown path under the base is 404 ROUTE_NOT_FOUND (envelope)', async ({ api }) => {
    for (const path of ['/nope', '/events/e1/nope', '/events/', '/', '/events/e1/attendees:export', '/EVENTS', '/auth/']) {
      const r = await api.get(path);
      expectCode(r, 404, 'ROUTE_NOT_FOUND', path);
      expect(Object.keys(r.body).sort()).toEqual(['code', 'correlation_id', 'message']);
    }
  });

  test('outside any base path the mock answers 404 ROUTE_NOT_FOUND as an envelope', async ({ api }) => {
    for (const path of ['/', '/auth', '/api/v0/partnerX/auth', '/api/v1/partner/auth']) {
      const r = await api.send('GET', path);
      expectCode(r, 404, 'ROUTE_NOT_FOUND');
      expect(r.headers['x-correlation-id']).toBe(r.body.correlation_id);
    }
  });

  test('IDs containing ":" never collide with the literal :import / :enrich / :run suffixes', async ({ api }) => {
    await api.createEvent('ev:import');
    await api.createEvent('a:b:c');
    expect((await api.get('/events/ev:import')).body.event_id).toBe('ev:import');
    expect((await api.get('/events/a:b:c')).body.event_id).toBe('a:b:c');
    // The suffix belongs to the fixed segment: GET on it is 405, not an attendee read.
    const r = await api.get('/events/ev:import/attendees:import');
    expect(r.status).toBe(405);
    // An attendee path with an ID ending in ":import" is the attendee read (404 ATTENDEE or placeholder).
    const s = await api.createSession('a:b:c', 's:run');
    expect(s.session_id).toBe('s:run');
    expect((await api.get('/events/a:b:c/sessions/s:run')).status).toBe(200);
  });

  test('percent-encoded IDs are decoded; an encoded slash fails the ID pattern', async ({ api }) => {
    await api.createEvent('e.1');
    expect((await api.get('/events/e%2E1')).body.event_id).toBe('e.1');
    const slash = await api.get('/events/a%2Fb');
    expectCode(slash, 400, 'INVALID_PARTNER_ID');
    const broken = await api.get('/events/%E0%A4%A');
    expectCode(broken, 400, 'INVALID_PARTNER_ID');
  });

  test('query strings do not affect routing', async ({ api }) => {
    const r = await api.get('/auth?foo=bar&x');
    expect(r.status).toBe(200);
  });
});

test.describe('HEAD', () => {
  test('HEAD is GET without a body: same status and headers', async ({ api }) => {
    await api.createEvent('h1');
    for (const path of ['/auth', '/events', '/events/h1', '/events/missing', '/events/h1/context', '/nope']) {
      const get = await api.get(path);
      const head = await api.call('HEAD', path);
      expect(head.status, path).toBe(get.status);
      expect(head.text, path).toBe('');
      expect(head.headers['content-type'], path).toBe(get.headers['content-type']);
      expect(head.headers['content-length'], path).toBe(
        String(Buffer.byteLength(get.text.replace(get.body.correlation_id, head.headers['x-correlation-id']!))),
      );
      expect(head.headers.ratelimit, path).toBeDefined();
    }
  });

  test('HEAD needs only the read scope', async ({ api }) => {
    expect((await api.call('HEAD', '/auth', { key: 'read' })).status).toBe(200);
    expect((await api.call('OPTIONS', '/events', { key: 'read' })).status).toBe(204);
  });
});

test.describe('legacy alias', () => {
  test('the alias serves every route with the same behaviour plus Deprecation and Link', async ({ api }) => {
    const created = await api.call('POST', '/events', { alias: true, json: { event_id: 'al1', title: 'Alias' } });
    expect(created.status).toBe(201);
    expect(created.headers.deprecation).toBe('true');
    expect(created.headers.link).toBe(`<${C.basePath}/events>; rel="successor-version"`);
    const viaCurrent = await api.get('/events/al1');
    const viaAlias = await api.get('/events/al1', { alias: true });
    const strip = (b: Record<string, unknown>) => ({ ...b, correlation_id: undefined });
    expect(strip(viaAlias.body)).toEqual(strip(viaCurrent.body));
    expect(viaAlias.headers.link).toBe(`<${C.basePath}/events/al1>; rel="successor-version"`);
    expect(viaCurrent.headers.deprecation).toBeUndefined();
    expect(viaCurrent.headers.link).toBeUndefined();
    const auth = await api.get('/auth?x=1', { alias: true });
    expect(auth.headers.link).toBe(`<${C.basePath}/auth?x=1>; rel="successor-version"`);
  });

  test('alias errors are the same errors', async ({ api }) => {
    for (const [path, code] of [
      ['/nope', 'ROUTE_NOT_FOUND'],
      ['/events/missing', 'EVENT_NOT_FOUND'],
      ['/events/-bad', 'INVALID_PARTNER_ID'],
    ] as const) {
      const a = await api.get(path, { alias: true });
      const c = await api.get(path);
      expect(a.status).toBe(c.status);
      expect(a.body.code).toBe(code);
      expect(c.body.code).toBe(code);
      expect(a.headers.deprecation).toBe('true');
    }
    const unauth = await api.get('/auth', { alias: true, key: null });
    expect(unauth.status).toBe(401);
    expect(unauth.headers.deprecation).toBe('true');
  });
});

test.describe('media type', () => {
  test('every JSON response is application/json and every body carries correlation_id', async ({ api }) => {
    const responses = [
      await api.get('/auth'),
      await api.get('/events'),
      await api.get('/nope'),
      await api.get('/auth', { key: null }),
      await api.call('DELETE', '/auth'),
    ];
    for (const r of responses) {
      expect(r.headers['content-type']).toBe('application/json');
      expect(typeof r.body.correlation_id).toBe('string');
    }
  });
});
