// The admin API's protection (it can wipe the mock): writes need application/json, a foreign
// Origin or a non-loopback Host (DNS rebinding) is refused, an optional bearer admin token, an
// oversized body is 413, and the mock refuses to listen off loopback without a token.

import { expect, expectCode, startMock, test, type Api } from './helpers';
import type { MockServer } from '../../mock/server';

async function survives(api: Api, eventId: string): Promise<boolean> {
  return (await api.get(`/events/${eventId}`)).status === 200;
}

test.describe('admin API protection', () => {
  test('a write with a body that is not application/json is 415 and changes nothing', async ({ api }) => {
    await api.createEvent('keep-415');
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const r = await api.send('POST', '/__mock/reset', { raw: '{}', contentType });
      expectCode(r, 415, 'UNSUPPORTED_MEDIA_TYPE', contentType);
      const f = await api.send('PUT', '/__mock/faults', { raw: '{"faults":["alias-404"]}', contentType });
      expect(f.status, contentType).toBe(415);
    }
    expect(await survives(api, 'keep-415')).toBe(true);
    expect((await api.admin('GET', '/faults')).body.faults).toEqual([]);
    // A write without a body and without a Content-Type (the harness's reset) still works.
    expect((await api.admin('POST', '/reset')).status).toBe(200);
  });

  test("a foreign Origin is 403 on every admin route; the mock's own origin is accepted", async ({ api, mock }) => {
    await api.createEvent('keep-origin');
    for (const origin of ['http://evil.example', 'null', `${mock.url}.evil.example`, 'http://localhost:1']) {
      const r = await api.send('POST', '/__mock/reset', { headers: { origin } });
      expectCode(r, 403, 'ADMIN_FORBIDDEN', origin);
      expect((await api.send('GET', '/__mock/config', { headers: { origin } })).status, origin).toBe(403);
    }
    expect(await survives(api, 'keep-origin')).toBe(true);
    expect((await api.send('GET', '/__mock/faults', { headers: { origin: mock.url } })).status).toBe(200);
  });

  test('a non-loopback Host (DNS rebinding) is 403; loopback names are accepted', async ({ api, mock }) => {
    await api.createEvent('keep-host');
    const port = new URL(mock.url).port;
    for (const host of [`evil.example:${port}`, `evil.example`, `127.0.0.1.evil.example:${port}`, `10.0.0.1:${port}`]) {
      const r = await api.send('POST', '/__mock/reset', { headers: { host } });
      expectCode(r, 403, 'ADMIN_FORBIDDEN', host);
    }
    expect(await survives(api, 'keep-host')).toBe(true);
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `127.0.0.2`, `[::1]:${port}`, 'LOCALHOST']) {
      expect((await api.send('GET', '/__mock/faults', { headers: { host } })).status, host).toBe(200);
    }
  });

  test('an admin body over the limit is 413 PAYLOAD_TOO_LARGE, not INVALID_JSON', async ({ api }) => {
    const r = await api.send('PUT', '/__mock/faults', { raw: Buffer.alloc(2 * 1024 * 1024, 0x20), contentType: 'application/json' });
    expectCode(r, 413, 'PAYLOAD_TOO_LARGE');
  });
});

test.describe('admin token (MOCK_ADMIN_TOKEN)', () => {
  let mock: MockServer;
  test.beforeAll(async () => {
    mock = await startMock({ adminToken: 'adm-secret-1' });
  });
  test.afterAll(async () => {
    await mock.close();
  });

  test('with a token set, the admin API needs it as a bearer; the partner API does not change', async () => {
    const { Api } = await import('./helpers');
    const api = new Api(mock);
    for (const authorization of [undefined, 'Bearer wrong', 'adm-secret-1', `Bearer ${mock.keys.write}`]) {
      const r = await api.send('GET', '/__mock/faults', authorization === undefined ? {} : { headers: { authorization } });
      expect(r.status, String(authorization)).toBe(401);
      expect(r.body.code).toBe('ADMIN_UNAUTHORIZED');
    }
    expect((await api.send('GET', '/__mock/faults', { headers: { authorization: 'Bearer adm-secret-1' } })).status).toBe(200);
    expect((await api.get('/auth')).status).toBe(200);
    // The token is never shown by GET /__mock/config.
    const config = await api.send('GET', '/__mock/config', { headers: { authorization: 'Bearer adm-secret-1' } });
    expect(config.text).not.toContain('adm-secret-1');
  });
});

test('the mock refuses to listen on a non-loopback interface without an admin token', async () => {
  await expect(startMock({ host: '0.0.0.0' })).rejects.toThrow(/MOCK_ADMIN_TOKEN/);
  await expect(startMock({ host: '::' })).rejects.toThrow(/MOCK_ADMIN_TOKEN/);
  for (const host of ['127.0.0.1', 'localhost']) {
    const m = await startMock({ host });
    await m.close();
  }
});
