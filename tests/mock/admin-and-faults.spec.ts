// The admin API (reset, faults, config; never under a partner base), request logging, and the
// HTTP/identity fault catalogue: every fault, switched on, is observable, and gone once off.

import { connect } from 'node:net';
import { C, expect, expectCode, startMock, test, UUID_RE, type Api } from './helpers';
import { httpFaults } from '../../mock/faults/http';
import { faultCatalogue } from '../../mock/faults/catalogue';
import type { MockServer } from '../../mock/server';

test.describe('admin API', () => {
  test('POST /__mock/reset clears the data', async ({ api }) => {
    await api.createEvent('keep-me');
    const r = await api.admin('POST', '/reset');
    expect(r.status).toBe(200);
    expect((await api.get('/events/keep-me')).status).toBe(404);
  });

  test('GET|PUT /__mock/faults switch faults by name; unknown names change nothing', async ({ api }) => {
    const g = await api.admin('GET', '/faults');
    expect(g.body.faults).toEqual([]);
    expect(g.body.catalogue.length).toBe(faultCatalogue.length);
    const put = await api.admin('PUT', '/faults', { faults: ['error-extra-field', 'corr-mismatch'] });
    expect(put.body.faults).toEqual(['corr-mismatch', 'error-extra-field']);
    const bad = await api.admin('PUT', '/faults', { faults: ['error-extra-field', 'no-such-fault'] });
    expectCode(bad, 400, 'UNKNOWN_FAULT');
    expect((await api.admin('GET', '/faults')).body.faults).toEqual(['corr-mismatch', 'error-extra-field']);
    expect((await api.admin('PUT', '/faults', { faults: 'x' })).status).toBe(400);
    expect((await api.send('PUT', '/__mock/faults', { raw: '{', contentType: 'application/json' })).status).toBe(400);
    await api.setFaults([]);
  });

  test('GET|PATCH /__mock/config read and change the live configuration', async ({ api }) => {
    const g = await api.admin('GET', '/config');
    expect(g.body.config.rateLimit).toEqual({ quota: C.limits.rateLimitQuota, windowSeconds: C.limits.rateLimitWindowSeconds });
    expect(g.body.config.matchTopK).toBe(C.limits.matchTopK);
    for (const bad of [
      { port: 1 },
      { queuedMs: -1 },
      { transientFailureRate: 2 },
      { caps: { noSuchLimit: 1 } },
      { rateLimit: { quota: 0 } },
      [],
    ]) {
      const r = await api.admin('PATCH', '/config', bad);
      expect(r.status, JSON.stringify(bad)).toBe(400);
      expect(r.body.code).toBe('INVALID_CONFIG');
    }
    const ok = await api.admin('PATCH', '/config', { caps: { maxBodyBytes: 64 }, queuedMs: 5 });
    expect(ok.body.config).toMatchObject({ caps: { maxBodyBytes: 64 }, queuedMs: 5 });
    const r = await api.post('/events', { event_id: 'e', title: 't', description: 'x'.repeat(100) });
    expectCode(r, 413, 'PAYLOAD_TOO_LARGE');
    await api.admin('PATCH', '/config', { caps: { maxBodyBytes: null } });
    expect((await api.post('/events', { event_id: 'e', title: 't', description: 'x'.repeat(100) })).status).toBe(201);
  });

  test('the admin API is never reachable under a partner base, and rejects other methods', async ({ api }) => {
    for (const alias of [false, true]) {
      const r = await api.call('POST', '/__mock/reset', { alias });
      expectCode(r, 404, 'ROUTE_NOT_FOUND');
      expect((await api.call('GET', '/__mock/faults', { alias })).status).toBe(404);
    }
    const wrong = await api.admin('DELETE', '/faults');
    expect(wrong.status).toBe(405);
    expect((await api.admin('GET', '/nothing')).status).toBe(404);
  });

  test('faults can be switched on at start (options or MOCK_FAULTS) and unknown names fail the start', async () => {
    const a = await startMock({ faults: ['alias-404'] });
    expect(a.app.faults.list()).toEqual(['alias-404']);
    await a.close();
    const before = process.env.MOCK_FAULTS;
    process.env.MOCK_FAULTS = 'corr-mismatch,error-extra-field';
    try {
      const b = await startMock({ readEnv: true });
      expect(b.app.faults.list()).toEqual(['corr-mismatch', 'error-extra-field']);
      await b.close();
    } finally {
      if (before === undefined) delete process.env.MOCK_FAULTS;
      else process.env.MOCK_FAULTS = before;
    }
    await expect(startMock({ faults: ['nope'] })).rejects.toThrow(/unknown fault/);
  });

  test('logRequests writes one JSON line per request with the correlation id and a redacted key', async () => {
    const lines: string[] = [];
    const m = await startMock({ logRequests: true, logSink: { write: (l: string) => lines.push(l) } });
    try {
      const { Api } = await import('./helpers');
      const a = new Api(m);
      await a.get('/auth', { headers: { 'x-correlation-id': 'log-1' } });
      await a.get('/nope');
      expect(lines).toHaveLength(2);
      const first = JSON.parse(lines[0]!);
      expect(first).toMatchObject({ method: 'GET', status: 200, operation_id: 'getAuth', correlation_id: 'log-1' });
      expect(JSON.parse(lines[1]!)).toMatchObject({ status: 404, code: 'ROUTE_NOT_FOUND' });
      for (const l of lines) expect(l).not.toContain(m.keys.write);
      expect(first.key).toMatch(/^mk_t…#[0-9a-f]{8}$/);
    } finally {
      await m.close();
    }
  });

  test('logging is off by default', async ({ mock }) => {
    expect(mock.config.logRequests).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
// Faults

let counter = 0;
const uid = (p: string) => `${p}-${++counter}`;

async function rawHead(mock: MockServer, path: string): Promise<Buffer> {
  const { hostname, port } = new URL(mock.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('end', () => resolve(Buffer.concat(chunks)));
    socket.on('error', reject);
    socket.write(`HEAD ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${mock.keys.write}\r\nConnection: close\r\n\r\n`);
  });
}

/** Each probe returns true when the fault's effect shows. Probes run on a freshly reset mock. */
const probes: Record<string, (api: Api, mock: MockServer) => Promise<boolean>> = {
  'uuid-leak-nested': async (api) => {
    await api.createEvent(uid('n'));
    const r = await api.get('/events', { conform: false });
    return (
      r.body.items.some((e: { description: string | null }) => UUID_RE.test(e.description ?? '')) &&
      r.problems.some((p) => p.includes('leaked UUID'))
    );
  },
  'uuid-leak-header': async (api) => {
    const r = await api.get('/auth', { conform: false });
    return Object.values(r.headers).some((v) => new RegExp(UUID_RE.source, 'i').test(v));
  },
  'uuid-in-cursor': async (api) => {
    for (let i = 0; i < 3; i++) await api.createEvent(uid('c'));
    const r = await api.get('/events?limit=1', { conform: false });
    const cursor = r.body.next_cursor as string;
    const leaked = new RegExp(UUID_RE.source, 'i').test(cursor);
    if (leaked) {
      // Pagination still works: only the opacity guarantee breaks.
      const next = await api.get(`/events?limit=1&cursor=${encodeURIComponent(cursor)}`, { conform: false });
      expect(next.status).toBe(200);
    }
    return leaked;
  },
  'corr-header-missing': async (api) => (await api.get('/auth', { conform: false })).headers['x-correlation-id'] === undefined,
  'corr-mismatch': async (api) => {
    const r = await api.get('/auth', { conform: false });
    return r.headers['x-correlation-id'] !== r.body.correlation_id;
  },
  'corr-not-echoed': async (api) =>
    (await api.get('/auth', { conform: false, headers: { 'x-correlation-id': 'probe-1' } })).headers['x-correlation-id'] !== 'probe-1',
  'error-not-envelope': async (api) => {
    const r = await api.get('/nope', { conform: false });
    return r.status === 404 && r.body === undefined && r.problems.some((p) => p.startsWith('body is not JSON'));
  },
  'error-extra-field': async (api) => 'status' in ((await api.get('/events/missing', { conform: false })).body ?? {}),
  'error-wrong-content-type': async (api) =>
    (await api.get('/events/missing', { conform: false })).headers['content-type'] !== 'application/json',
  'create-status-200': async (api) => (await api.post('/events', { event_id: uid('s'), title: 't' }, { conform: false })).status === 200,
  'create-duplicate-accepted': async (api) => {
    const id = uid('d');
    await api.post('/events', { event_id: id, title: 't' }, { conform: false });
    return (await api.post('/events', { event_id: id, title: 't' }, { conform: false })).status === 201;
  },
  'invalid-partner-id-accepted': async (api) =>
    (await api.post('/events', { event_id: `-${uid('bad')}`, title: 't' }, { conform: false })).status === 201,
  'read-key-can-write': async (api) =>
    (await api.post('/events', { event_id: uid('r'), title: 't' }, { key: 'read', conform: false })).status === 201,
  'cross-org-read': async (api) => {
    const id = uid('x');
    await api.createEvent(id, {}, 'orgB');
    return (await api.get(`/events/${id}`, { conform: false })).status === 200;
  },
  'rate-limit-no-retry-after': async (api, mock) => {
    let last;
    for (let i = 0; i <= mock.config.rateLimitKey.quota; i++) last = await api.get('/auth', { key: 'rateLimit', conform: false });
    return last!.status === 429 && last!.headers['retry-after'] === undefined;
  },
  'rate-limit-as-503': async (api, mock) => {
    let last;
    for (let i = 0; i <= mock.config.rateLimitKey.quota; i++) last = await api.get('/auth', { key: 'rateLimit', conform: false });
    return last!.status === 503 && last!.body?.code === 'SERVICE_UNAVAILABLE' && last!.headers['retry-after'] !== undefined;
  },
  'rate-limit-off': async (api, mock) => {
    let last;
    for (let i = 0; i <= mock.config.rateLimitKey.quota; i++) last = await api.get('/auth', { key: 'rateLimit', conform: false });
    return last!.status === 200;
  },
  'body-limit-ignored': async (api) => {
    const pad = 'x'.repeat(C.limits.maxBodyBytes! + 10);
    return (await api.post('/events', { event_id: uid('big'), title: 't', pad }, { conform: false })).status === 201;
  },
  'events-wrong-order': async (api) => {
    const a = uid('o');
    const b = uid('o');
    await api.createEvent(a);
    await api.createEvent(b);
    const ids = (await api.get('/events', { conform: false })).body.items.map((e: { event_id: string }) => e.event_id);
    return ids.indexOf(a) < ids.indexOf(b);
  },
  'alias-404': async (api) => (await api.get('/auth', { alias: true, conform: false })).status === 404,
  'alias-body-differs': async (api) => {
    const a = await api.get('/auth', { alias: true, conform: false });
    const c = await api.get('/auth', { conform: false });
    return a.body.service_account_user_id !== c.body.service_account_user_id;
  },
  'head-with-body': async (_api, mock) => {
    const raw = await rawHead(mock, `${C.basePath}/auth`);
    const text = raw.toString('utf8');
    return text.slice(text.indexOf('\r\n\r\n') + 4).length > 0;
  },
  'method-not-allowed-no-allow': async (api) => {
    const r = await api.call('DELETE', '/auth', { conform: false });
    return r.status === 405 && r.headers.allow === undefined;
  },
  'title-cap-off-by-one': async (api) => {
    const max = C.fieldRules.EventCreate!.find((r) => r.name === 'title')!.maxLength!;
    return (await api.post('/events', { event_id: uid('t'), title: 'x'.repeat(max + 1) }, { conform: false })).status === 201;
  },
  'content-type-ignored': async (api) =>
    (
      await api.call('POST', '/events', {
        raw: JSON.stringify({ event_id: uid('ct'), title: 't' }),
        contentType: 'text/plain',
        conform: false,
      })
    ).status === 201,
  'disabled-key-accepted': async (api) => (await api.get('/auth', { key: 'disabled', conform: false })).status === 200,
  'corr-invalid-echoed': async (api) => {
    const long = 'c'.repeat(C.limits.correlationIdMaxLength! + 1);
    return (await api.get('/auth', { headers: { 'x-correlation-id': long }, conform: false })).headers['x-correlation-id'] === long;
  },
  'rate-limit-headers-missing': async (api) => (await api.get('/auth', { conform: false })).headers.ratelimit === undefined,
  'alias-no-deprecation': async (api) => (await api.get('/auth', { alias: true, conform: false })).headers.deprecation === undefined,
  'limit-unchecked': async (api) => (await api.get('/events?limit=0', { conform: false })).status === 200,
  'auth-scheme-case-sensitive': async (api) =>
    (await api.get('/auth', { headers: { authorization: 'bearer mk_test_org_a_write' }, conform: false })).status === 401,
  'update-event-fields-unchecked': async (api) => {
    const id = uid('u');
    await api.post('/events', { event_id: id, title: 't' });
    return (await api.put(`/events/${id}`, { title: 't', start_date: 'noon' }, { conform: false })).status === 200;
  },
  'partner-id-cap-off-by-one': async (api) => {
    const max = C.limits.partnerIdMaxLength!;
    return (await api.post('/events', { event_id: uid('p').padEnd(max, 'x'), title: 't' }, { conform: false })).status === 400;
  },
  'kind-cap-off-by-one': async (api) =>
    (await api.get(`/id-map/k${'x'.repeat(C.limits.partnerKindMaxLength!)}/p`, { conform: false })).status === 404,
  'id-map-wrong-kind': async (api) => {
    const id = uid('k');
    await api.createEvent(id);
    await api.createSession(id, `${id}-s`);
    return (await api.get(`/id-map/session/${id}-s`, { conform: false })).body.kind !== 'session';
  },
  'id-map-partner-id-cap-off-by-one': async (api) =>
    (await api.get(`/id-map/event/${uid('m').padEnd(C.limits.partnerIdMaxLength!, 'x')}`, { conform: false })).status === 400,
  'start-date-wrong-code': async (api) =>
    (await api.post('/events', { event_id: uid('d'), title: 't', start_date: 'noon' }, { conform: false })).body.code !==
    'INVALID_START_DATE',
  'context-cap-off-by-one': async (api) => {
    const id = uid('x');
    await api.createEvent(id);
    const max = C.fieldRules.EventContextUpdate!.find((r) => r.name === 'objectives')!.maxLength!;
    return (await api.post(`/events/${id}/context`, { objectives: 'o'.repeat(max) }, { conform: false })).status === 400;
  },
  // quota + 1 requests in one window are all served.
  'rate-limit-off-by-one': async (api, mock) => {
    const served = [];
    for (let i = 0; i <= mock.config.rateLimitKey.quota; i++)
      served.push((await api.get('/auth', { key: 'rateLimit', conform: false })).status);
    return served.every((s) => s === 200);
  },
  'event-extra-field': async (api) => {
    const id = uid('f');
    await api.createEvent(id).catch(() => undefined);
    return 'internal_status' in (await api.get(`/events/${id}`, { conform: false })).body;
  },
  'token-prefix-match': async (api, mock) => (await api.get('/auth', { key: `${mock.keys.write}x`, conform: false })).status === 200,
  'user-token-accepted': async (api) => (await api.get('/auth', { key: 'userToken', conform: false })).status === 200,
  'no-org-as-401': async (api) => {
    const r = await api.get('/events', { key: 'noOrg', conform: false });
    return r.status === 401 && r.body.code === 'UNAUTHORIZED';
  },
  'auth-lists-all-scopes': async (api) => (await api.get('/auth', { key: 'read', conform: false })).body.scopes.includes('partner:write'),
  'options-needs-write': async (api) => {
    const r = await api.call('OPTIONS', '/events', { key: 'read', conform: false });
    return r.status === 403 && r.body.code === 'INSUFFICIENT_SCOPE';
  },
  'invalid-json-as-empty': async (api) => {
    const r = await api.call('POST', '/events', { raw: '{"event_id": "j", "title": "t"', conform: false });
    return r.status === 400 && r.body.code !== 'INVALID_JSON';
  },
};

test.describe('HTTP/identity faults', () => {
  test('the catalogue holds at least 16 HTTP faults, each naming one guarantee of its family', () => {
    expect(httpFaults.length).toBeGreaterThanOrEqual(16);
    for (const f of httpFaults) {
      expect(f.guarantee, f.name).toMatch(/^[A-Z]+-\d{2}$/);
      expect(f.family).toBe(f.guarantee.split('-')[0]);
      expect(f.description.length).toBeGreaterThan(10);
    }
    expect(new Set(faultCatalogue.map((f) => f.name)).size).toBe(faultCatalogue.length);
  });

  test('every HTTP fault names a guarantee of contracts/guarantees.yaml', async () => {
    const { guarantees } = (await import('../../contract')) as { guarantees: readonly { id: string }[] };
    const ids = new Set(guarantees.map((g) => g.id));
    for (const f of httpFaults) expect(ids.has(f.guarantee), `${f.name} → ${f.guarantee}`).toBe(true);
  });

  test('every HTTP fault has a probe', () => {
    expect(Object.keys(probes).sort()).toEqual(httpFaults.map((f) => f.name).sort());
  });

  for (const fault of httpFaults) {
    test(`fault ${fault.name} (${fault.guarantee}) is observable when on and gone when off`, async ({ api, mock }) => {
      // A clock that ticks 1 ms per reading: creation order is strict, rate windows are untouched.
      let t = Date.parse('2026-03-01T00:00:00Z');
      (mock.app as { now: () => number }).now = () => (t += 1);
      const probe = probes[fault.name]!;
      expect(await probe(api, mock), 'off before').toBe(false);
      await api.admin('POST', '/reset');
      await api.setFaults([fault.name]);
      expect(await probe(api, mock), 'on').toBe(true);
      await api.setFaults([]);
      await api.admin('POST', '/reset');
      expect(await probe(api, mock), 'off after').toBe(false);
    });
  }
});
