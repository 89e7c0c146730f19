// Correlation IDs: a valid client value is echoed unchanged, anything else is replaced by a
// server-made corr_… handle; the header always equals the body's correlation_id.

import { C, expect, test } from './helpers';

const VALID = ['partner-trace-001', 'a', 'A.b_c:d-e', 'x'.repeat(128), '0123456789'];
const INVALID = ['', 'x'.repeat(129), 'has space', 'semi;colon', 'üñí', 'a/b', 'quote"'];

test('a valid client x-correlation-id is echoed unchanged, on success and error', async ({ api }) => {
  for (const id of VALID) {
    for (const path of ['/auth', '/nope', '/events/missing']) {
      const r = await api.get(path, { headers: { 'x-correlation-id': id } });
      expect(r.headers['x-correlation-id'], `${path} ${id}`).toBe(id);
      expect(r.body.correlation_id).toBe(id);
    }
  }
});

test('a malformed or absent client value is replaced by a server-made corr_ handle', async ({ api }) => {
  const pattern = new RegExp(C.patterns.correlationId!);
  for (const id of [...INVALID, undefined]) {
    const r = await api.get('/auth', id === undefined ? {} : { headers: { 'x-correlation-id': id } });
    expect(r.status).toBe(200);
    const got = r.headers['x-correlation-id']!;
    expect(got).toMatch(/^corr_[0-9A-Z]{26}$/);
    expect(got).toMatch(pattern);
    expect(r.body.correlation_id).toBe(got);
  }
});

test('server-made correlation IDs are unique and never UUID-shaped', async ({ api }) => {
  const ids = new Set<string>();
  for (let i = 0; i < 50; i++) ids.add((await api.get('/auth')).headers['x-correlation-id']!);
  expect(ids.size).toBe(50);
  for (const id of ids) expect(id).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}/i);
});

test('the header equals the body on every kind of response, including 401, 403, 405, 429 and 204', async ({ api }) => {
  const rs = [
    await api.get('/auth', { key: null }),
    await api.get('/auth', { key: 'userToken' }),
    await api.call('DELETE', '/auth'),
    await api.post('/events', '{', { raw: '{', json: undefined }),
  ];
  for (const r of rs) expect(r.headers['x-correlation-id']).toBe(r.body.correlation_id);
  const options = await api.call('OPTIONS', '/auth', { headers: { 'x-correlation-id': 'opt-1' } });
  expect(options.status).toBe(204);
  expect(options.headers['x-correlation-id']).toBe('opt-1');
});
