// The check order: 401 → 403 → 429 → 404 route / 405 → 413 → 415 → INVALID_JSON → path/query
// validation → body fields (schema order) → 404 resource → 409. Each test pits two neighbours.

import { C, expect, expectBodyCodes, expectCode, test } from './helpers';

const big = () => Buffer.alloc(C.limits.maxBodyBytes! + 1, 0x20);

test('401 before 403: an unknown key on a write is 401', async ({ api }) => {
  const r = await api.post('/events', { event_id: 'e', title: 't' }, { key: 'not-a-key' });
  expect(r.body.code).toBe('UNAUTHORIZED');
});

test('401 before 404 route and 405', async ({ api }) => {
  expect((await api.get('/nope', { key: null })).status).toBe(401);
  expect((await api.call('DELETE', '/auth', { key: null })).status).toBe(401);
});

test('403 before 404 route, 405 and 413', async ({ api }) => {
  expect((await api.get('/nope', { key: 'userToken' })).body.code).toBe('SERVICE_ACCOUNT_REQUIRED');
  expect((await api.call('PUT', '/auth', { key: 'read', json: {} })).body.code).toBe('INSUFFICIENT_SCOPE');
  expect((await api.call('POST', '/events', { key: 'read', raw: big() })).body.code).toBe('INSUFFICIENT_SCOPE');
});

test.describe('403 before 429', () => {
  test.use({ mockOptions: { rateLimit: { quota: 1, windowSeconds: 30 } } });
  test('a read key over its quota still gets 403 on a write', async ({ api }) => {
    await api.get('/auth', { key: 'read' });
    expect((await api.get('/auth', { key: 'read' })).status).toBe(429);
    expect((await api.post('/events', {}, { key: 'read' })).body.code).toBe('INSUFFICIENT_SCOPE');
  });
});

test('404 route and 405 before 413', async ({ api }) => {
  expect((await api.call('POST', '/nope', { raw: big() })).body.code).toBe('ROUTE_NOT_FOUND');
  expect((await api.call('PUT', '/auth', { raw: big() })).body.code).toBe('METHOD_NOT_ALLOWED');
});

test('413 before 415 and INVALID_JSON', async ({ api }) => {
  expect((await api.call('POST', '/events', { raw: big(), contentType: 'text/plain' })).body.code).toBe('PAYLOAD_TOO_LARGE');
  expect((await api.call('POST', '/events', { raw: big() })).body.code).toBe('PAYLOAD_TOO_LARGE');
});

test('415 before INVALID_JSON', async ({ api }) => {
  const r = await api.call('POST', '/events', { raw: 'not json', contentType: 'text/plain' });
  expectCode(r, 415, 'UNSUPPORTED_MEDIA_TYPE');
  for (const type of ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx', 'text/json']) {
    expect((await api.call('POST', '/events', { raw: '{}', contentType: type })).body.code, type).toBe('UNSUPPORTED_MEDIA_TYPE');
  }
  for (const type of ['application/json; charset=utf-8', 'Application/JSON', 'application/merge-patch+json']) {
    expect(
      (await api.call('POST', '/events', { json: { event_id: `ok${type.length}`, title: 't' }, contentType: type })).status,
      type,
    ).toBe(201);
  }
});

test('INVALID_JSON before an invalid path ID', async ({ api }) => {
  const r = await api.call('POST', '/events/-bad/sessions', { raw: '{"session_id":' });
  expect(r.body.code).toBe('INVALID_JSON');
});

test('an invalid path ID before body fields', async ({ api }) => {
  const r = await api.put('/events/-bad', { title: 'x'.repeat(500) });
  expect(r.body.code).toBe('INVALID_PARTNER_ID');
});

test('body fields before 404 resource', async ({ api }) => {
  expect((await api.put('/events/missing', { title: '' })).body.code).toBe('INVALID_TITLE');
  expect((await api.post('/events/missing/sessions', { session_id: 's1', title: 't', ends_at: 'never' })).body.code).toBe(
    'INVALID_ENDS_AT',
  );
  expect((await api.post('/events/missing/context', {})).body.code).toBe('INVALID_CONTEXT');
});

test('404 resource before 409', async ({ api }) => {
  await api.createEvent('e1');
  await api.createSession('e1', 's1');
  const r = await api.post('/events/missing/sessions', { session_id: 's1', title: 't' });
  expectCode(r, 404, 'EVENT_NOT_FOUND');
});

test('the first failing body field in schema property order wins', async ({ api }) => {
  const cases: [Record<string, unknown>, string][] = [
    [{ title: 'x'.repeat(201) }, 'INVALID_PARTNER_ID'],
    [{ event_id: 'ok', description: 5, start_date: 'x' }, 'INVALID_TITLE'],
    [{ event_id: 'ok', title: 't', description: 'd'.repeat(4001), start_date: 'x', url_slug: 'BAD' }, 'INVALID_DESCRIPTION'],
    [{ event_id: 'ok', title: 't', url_slug: 'BAD', start_date: '2026-02-30' }, 'INVALID_START_DATE'],
    [{ event_id: 'ok', title: 't', start_date: '2026-02-02', end_date: '2026-02-01', timezone: 'Nowhere/Atlantis' }, 'INVALID_END_DATE'],
    [{ event_id: 'ok', title: 't', timezone: 'Nowhere/Atlantis', visibility: 'secret' }, 'INVALID_TIMEZONE'],
    [{ event_id: 'ok', title: 't', visibility: 'secret', url_slug: '-x' }, 'INVALID_VISIBILITY'],
    [{ event_id: 'ok', title: 't', url_slug: '-x' }, 'INVALID_URL_SLUG'],
  ];
  await expectBodyCodes((body) => api.post('/events', body), cases);
});

test('path IDs in path order, then query parameters', async ({ api }) => {
  expect((await api.get('/events/-bad/sessions/-bad2')).body.code).toBe('INVALID_PARTNER_ID');
  expect((await api.get('/id-map/9bad/-bad')).body.code).toBe('INVALID_PARTNER_KIND');
  expect((await api.get('/events/-bad/sessions?limit=0')).body.code).toBe('INVALID_PARTNER_ID');
  expect((await api.get('/events?limit=0&cursor=')).body.code).toBe('INVALID_LIMIT');
});

test('a rejected create stores nothing: the corrected request then succeeds with 201', async ({ api }) => {
  expect((await api.post('/events', { event_id: 'fix', title: '' })).status).toBe(400);
  expect((await api.get('/events/fix')).status).toBe(404);
  await api.createEvent('fix');
});
