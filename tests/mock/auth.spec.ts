// Authentication and scopes: the five auth error codes, scope by method, GET /auth per key.

import { C, expect, expectCode, parseRawResponse, rawExchange, test } from './helpers';

test.describe('401 UNAUTHORIZED / ACCOUNT_DISABLED', () => {
  test('a missing, malformed or unknown bearer is 401 UNAUTHORIZED', async ({ api }) => {
    const cases: [string, Record<string, string>][] = [
      ['no header', {}],
      ['empty', { authorization: '' }],
      ['scheme only', { authorization: 'Bearer' }],
      ['scheme and space', { authorization: 'Bearer ' }],
      ['basic', { authorization: 'Basic bWtfdGVzdDp4' }],
      ['token only', { authorization: 'mk_test_org_a_write' }],
      ['two tokens', { authorization: 'Bearer mk_test_org_a_write extra' }],
      ['unknown key', { authorization: 'Bearer mk_live_nope' }],
      ['key with a suffix', { authorization: 'Bearer mk_test_org_a_writeX' }],
    ];
    for (const [name, headers] of cases) {
      const r = await api.get('/auth', { key: null, headers });
      expectCode(r, 401, 'UNAUTHORIZED', name);
    }
  });

  test('two Authorization headers are 401 UNAUTHORIZED whichever keys they carry, in either order', async ({ mock }) => {
    expect(C.requestRules.repeatedAuthorization?.provenance).toBe('provisional');
    const { write, orgB } = mock.keys;
    for (const [first, second] of [
      [write, orgB],
      [orgB, write],
      [write, write],
    ]) {
      const text = await rawExchange(
        mock,
        `GET ${C.basePath}/auth HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${first}\r\nAuthorization: Bearer ${second}\r\nConnection: close\r\n\r\n`,
      );
      const res = parseRawResponse(text);
      expect(res.status).toBe(401);
      const body = JSON.parse(res.body);
      expect(body.code).toBe(C.requestRules.repeatedAuthorization!.errorCode);
      expect(res.headers['x-correlation-id']).toBe(body.correlation_id);
    }
  });

  test('the bearer scheme is case-insensitive', async ({ api, mock }) => {
    const r = await api.get('/auth', { key: null, headers: { authorization: `bearer ${mock.keys.write}` } });
    expect(r.status).toBe(200);
  });

  test('a disabled service account is 401 ACCOUNT_DISABLED, for reads and writes', async ({ api }) => {
    expect((await api.get('/auth', { key: 'disabled' })).body.code).toBe('ACCOUNT_DISABLED');
    const w = await api.post('/events', { event_id: 'x', title: 't' }, { key: 'disabled' });
    expectCode(w, 401, 'ACCOUNT_DISABLED');
  });
});

test.describe('403', () => {
  test('a user token is 403 SERVICE_ACCOUNT_REQUIRED', async ({ api }) => {
    const r = await api.get('/auth', { key: 'userToken' });
    expectCode(r, 403, 'SERVICE_ACCOUNT_REQUIRED');
  });

  test('a service account without an org is 403 PARTNER_ORG_REQUIRED', async ({ api }) => {
    const r = await api.get('/events', { key: 'noOrg' });
    expectCode(r, 403, 'PARTNER_ORG_REQUIRED');
  });

  test('a read-only key may GET, HEAD and OPTIONS but not POST or PUT (INSUFFICIENT_SCOPE)', async ({ api }) => {
    await api.createEvent('scoped');
    expect((await api.get('/events/scoped', { key: 'read' })).status).toBe(200);
    expect((await api.call('HEAD', '/events/scoped', { key: 'read' })).status).toBe(200);
    expect((await api.call('OPTIONS', '/events/scoped', { key: 'read' })).status).toBe(204);
    const post = await api.post('/events', { event_id: 'nope', title: 't' }, { key: 'read' });
    expectCode(post, 403, 'INSUFFICIENT_SCOPE');
    const put = await api.put('/events/scoped', { title: 'changed' }, { key: 'read' });
    expectCode(put, 403, 'INSUFFICIENT_SCOPE');
    expect((await api.get('/events/scoped')).body.title).toBe('Event scoped');
    // Scope is by method: even on an unknown path a read key cannot POST.
    const unknown = await api.call('POST', '/nope', { key: 'read', json: {} });
    expect(unknown.status).toBe(403);
  });

  test('the order inside 403: service account, then org, then scope', async ({ api, mock }) => {
    const { startMock } = await import('./helpers');
    const m = await startMock({
      keys: [
        {
          role: 'both',
          key: 'k_both',
          org_id: null,
          principal_type: 'user',
          service_account_user_id: null,
          scopes: ['partner:read'],
          disabled: false,
          rate_limit: 'default',
        },
        {
          role: 'noorg',
          key: 'k_noorg',
          org_id: null,
          principal_type: 'service_account',
          service_account_user_id: 'sa_1',
          scopes: ['partner:read'],
          disabled: false,
          rate_limit: 'default',
        },
        {
          role: 'dis',
          key: 'k_dis',
          org_id: null,
          principal_type: 'user',
          service_account_user_id: null,
          scopes: [],
          disabled: true,
          rate_limit: 'default',
        },
      ],
    });
    try {
      const { Api } = await import('./helpers');
      const a = new Api(m);
      expect((await a.post('/events', {}, { key: 'k_both' })).body.code).toBe('SERVICE_ACCOUNT_REQUIRED');
      expect((await a.post('/events', {}, { key: 'k_noorg' })).body.code).toBe('PARTNER_ORG_REQUIRED');
      expect((await a.post('/events', {}, { key: 'k_dis' })).body.code).toBe('ACCOUNT_DISABLED');
    } finally {
      await m.close();
    }
    expect(mock.keys.write).toBeTruthy();
  });
});

test.describe('GET /auth', () => {
  test('describes each service-account key: org, principal, scopes', async ({ api, mock }) => {
    const a = await api.get('/auth');
    expect(a.body).toMatchObject({ principal_type: 'service_account', scopes: ['partner:read', 'partner:write'] });
    expect(a.body.org_id).toMatch(/^org_/);
    expect(a.body.service_account_user_id).toMatch(/^sa_/);
    const r = await api.get('/auth', { key: 'read' });
    expect(r.body.scopes).toEqual(['partner:read']);
    expect(r.body.org_id).toBe(a.body.org_id);
    const b = await api.get('/auth', { key: 'orgB' });
    expect(b.body.org_id).not.toBe(a.body.org_id);
    const rl = await api.get('/auth', { key: 'rateLimit' });
    expect(rl.body.org_id).toBe(a.body.org_id);
    expect(Object.keys(mock.keys).sort()).toEqual(['disabled', 'noOrg', 'orgB', 'rateLimit', 'read', 'userToken', 'write']);
  });
});
