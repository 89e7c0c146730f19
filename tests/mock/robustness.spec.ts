// Robustness: bad input never yields a 5xx. Truncated, huge, deeply nested, non-UTF-8 and wrongly
// typed bodies, odd paths, headers and query strings all get a clear 4xx envelope.

import { connect, createServer, type AddressInfo } from 'node:net';
import { defaultConfig } from '../../mock/config';
import { clientErrorHandler } from '../../mock/http/clientError';
import { C, expect, expectCode, parseRawResponse, rawExchange, test } from './helpers';

const MAX = C.limits.maxBodyBytes!;

test('truncated JSON at every cut point is 400 INVALID_JSON', async ({ api }) => {
  const full = JSON.stringify({ event_id: 'trunc', title: 'Truncated', description: 'x', visibility: 'public' });
  for (let cut = 1; cut < full.length; cut += 3) {
    const r = await api.call('POST', '/events', { raw: full.slice(0, cut) });
    expect(r.status, full.slice(0, cut)).toBe(400);
    expect(r.body.code).toBe('INVALID_JSON');
  }
  expect((await api.call('POST', '/events', { raw: '' })).body.code).toBe('INVALID_JSON');
  expect((await api.call('POST', '/events', { raw: '   ' })).body.code).toBe('INVALID_JSON');
});

test('a body of exactly max_body_bytes is not rejected for its size; one byte more is 413', async ({ api }) => {
  const make = (size: number, id: string) => {
    const head = `{"event_id":"${id}","title":"t","pad":"`;
    return Buffer.from(head + 'x'.repeat(size - head.length - 2) + '"}');
  };
  const exact = make(MAX, 'exact');
  expect(exact.length).toBe(MAX);
  expect((await api.call('POST', '/events', { raw: exact })).status).toBe(201);
  const over = make(MAX + 1, 'over');
  const r = await api.call('POST', '/events', { raw: over });
  expectCode(r, 413, 'PAYLOAD_TOO_LARGE');
  // Far over the limit, declared or streamed: still a clean 413 and the connection pool keeps working.
  expect((await api.call('POST', '/events', { raw: Buffer.alloc(MAX * 3, 0x7b) })).status).toBe(413);
  expect((await api.get('/auth')).status).toBe(200);
});

test('a chunked (streamed, no Content-Length) body over the limit is 413', async ({ mock }) => {
  const { hostname, port } = new URL(mock.url);
  const response = await new Promise<string>((resolve, reject) => {
    const s = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    s.on('data', (c) => chunks.push(c));
    s.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    s.on('error', reject);
    s.write(
      `POST ${C.basePath}/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${mock.keys.write}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n`,
    );
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    for (let sent = 0; sent <= MAX; sent += chunk.length) s.write(`${chunk.length.toString(16)}\r\n${chunk.toString('latin1')}\r\n`);
    s.write('0\r\n\r\n');
  });
  expect(response).toMatch(/^HTTP\/1\.1 413 /);
  expect(response).toContain('"code":"PAYLOAD_TOO_LARGE"');
});

test('a chunked body gets its 413 as soon as it crosses the limit (long before the drain cap), then the connection closes', async ({
  mock,
}) => {
  const { hostname, port } = new URL(mock.url);
  const DRAIN_CAP = 64 * 1024 * 1024;
  const result = await new Promise<{ response: string; sent: number }>((resolve) => {
    const s = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    let sent = 0;
    let answered = false;
    const finish = () => {
      answered = true;
      s.destroy();
      resolve({ response: Buffer.concat(chunks).toString('utf8'), sent });
    };
    s.on('data', (c: Buffer) => {
      chunks.push(c);
      if (Buffer.concat(chunks).includes('\r\n\r\n')) setTimeout(finish, 50);
    });
    s.on('end', finish);
    s.on('error', finish);
    s.write(
      `POST ${C.basePath}/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${mock.keys.write}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`,
    );
    const chunk = Buffer.from(`10000\r\n${' '.repeat(0x10000)}\r\n`, 'latin1');
    // Keep sending (never the terminating chunk) until the answer comes, at most 1.25 × the drain cap.
    const pump = () => {
      while (!answered && sent < DRAIN_CAP * 1.25) {
        sent += 0x10000;
        if (!s.write(chunk)) {
          s.once('drain', pump);
          return;
        }
      }
    };
    pump();
  });
  const res = parseRawResponse(result.response);
  expect(res.status).toBe(413);
  expect(JSON.parse(res.body).code).toBe('PAYLOAD_TOO_LARGE');
  expect(res.headers['x-correlation-id']).toBeTruthy();
  expect(res.headers.connection).toBe('close');
  // Answered near the limit, not at the end of the body or the drain cap.
  expect(result.sent).toBeLessThan(MAX * 8);
});

test("Node's own 400 and 431 (bad bytes in the path, oversized headers, CL and TE together) carry the envelope and x-correlation-id", async ({
  mock,
}) => {
  const auth = `Authorization: Bearer ${mock.keys.write}\r\n`;
  const cases: [string, string | Buffer, number][] = [
    [
      'raw 0xff in the path',
      Buffer.concat([Buffer.from(`GET ${C.basePath}/events/`), Buffer.from([0xff]), Buffer.from(` HTTP/1.1\r\nHost: x\r\n${auth}\r\n`)]),
      400,
    ],
    ['a header over 16 KB', `GET ${C.basePath}/auth HTTP/1.1\r\nHost: x\r\n${auth}X-Big: ${'y'.repeat(20_000)}\r\n\r\n`, 431],
    [
      'Content-Length and Transfer-Encoding together',
      `POST ${C.basePath}/events HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
      400,
    ],
  ];
  for (const [what, bytes, status] of cases) {
    const res = parseRawResponse(await rawExchange(mock, bytes));
    expect(res.status, what).toBe(status);
    expect(res.headers['content-type'], what).toMatch(/^application\/json/);
    const body = JSON.parse(res.body);
    expect(Object.keys(body).sort(), what).toEqual(['code', 'correlation_id', 'message']);
    expect(C.errorCodes[body.code]?.status, `${what}: ${body.code} is a contract code of ${status}`).toBe(status);
    expect(res.headers['x-correlation-id'], what).toBe(body.correlation_id);
  }
});

test('a request timeout (reported by Node as a client error) is 408 REQUEST_TIMEOUT with the envelope', async () => {
  // Node's request timeout takes minutes to fire: the handler is driven directly on a real socket.
  const server = createServer((socket) => {
    const err: NodeJS.ErrnoException = new Error('timeout');
    err.code = 'ERR_HTTP_REQUEST_TIMEOUT';
    clientErrorHandler(defaultConfig())(err, socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const text = await new Promise<string>((resolve) => {
      const chunks: Buffer[] = [];
      const s = connect(port, '127.0.0.1');
      s.on('data', (c: Buffer) => chunks.push(c));
      s.on('end', () => {
        s.destroy();
        resolve(Buffer.concat(chunks).toString('utf8'));
      });
    });
    const res = parseRawResponse(text);
    expect(res.status).toBe(408);
    const body = JSON.parse(res.body);
    expect(body.code).toBe('REQUEST_TIMEOUT');
    expect(C.errorCodes.REQUEST_TIMEOUT?.status).toBe(408);
    expect(res.headers['x-correlation-id']).toBe(body.correlation_id);
  } finally {
    server.close();
  }
});

test('10,000-level nesting is a clean 400 wherever it appears', async ({ api }) => {
  const deep = '['.repeat(10_000) + ']'.repeat(10_000);
  const deepObj = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
  expect((await api.call('POST', '/events', { raw: deep })).body.code).toBe('INVALID_JSON');
  expect((await api.call('POST', '/events', { raw: `{"event_id":"deep","title":${deep}}` })).body.code).toBe('INVALID_TITLE');
  expect((await api.call('POST', '/events', { raw: `{"event_id":${deepObj},"title":"t"}` })).body.code).toBe('INVALID_PARTNER_ID');
  // Unknown fields may nest arbitrarily: they are ignored.
  expect((await api.call('POST', '/events', { raw: `{"event_id":"deep2","title":"t","x":${deepObj}}` })).status).toBe(201);
  const veryDeep = '['.repeat(500_000) + ']'.repeat(500_000);
  expect((await api.call('POST', '/events/deep2/context', { raw: `{"objectives":${veryDeep}}` })).body.code).toBe('INVALID_CONTEXT');
});

test('non-UTF-8 and odd encodings are INVALID_JSON; a UTF-8 BOM and escaped surrogates are handled', async ({ api }) => {
  for (const bytes of [
    Buffer.from([0xff, 0xfe, 0x7b, 0x7d]),
    Buffer.concat([Buffer.from('{"event_id":"u1","title":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]),
    Buffer.concat([Buffer.from('{"event_id":"u1","title":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}')]),
    Buffer.from('{"event_id":"u1","title":"t"}', 'utf16le'),
  ]) {
    const r = await api.call('POST', '/events', { raw: bytes });
    expectCode(r, 400, 'INVALID_JSON');
  }
  const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"event_id":"bom","title":"t"}')]);
  expect((await api.call('POST', '/events', { raw: bom })).status).toBe(201);
  const lone = await api.call('POST', '/events', { raw: '{"event_id":"sur","title":"a\\ud800b"}' });
  expect(lone.status).toBe(201);
  expect(lone.body.title).toBe('a\ud800b');
});

test('wrongly typed bodies get the code of the field (or INVALID_JSON for a non-object)', async ({ api }) => {
  for (const raw of ['[]', '"text"', '42', 'null', 'true', '[{"event_id":"a","title":"t"}]']) {
    const r = await api.call('POST', '/events', { raw });
    expectCode(r, 400, 'INVALID_JSON', raw);
  }
  const typed: [unknown, string][] = [
    [{ event_id: ['a'], title: 't' }, 'INVALID_PARTNER_ID'],
    [{ event_id: { id: 'a' }, title: 't' }, 'INVALID_PARTNER_ID'],
    [{ event_id: null, title: 't' }, 'INVALID_PARTNER_ID'],
    [{ event_id: 'a', title: true }, 'INVALID_TITLE'],
    [{ event_id: 'a', title: 't', start_date: 20260910 }, 'INVALID_START_DATE'],
    [{ event_id: 'a', title: 't', timezone: ['UTC'] }, 'INVALID_TIMEZONE'],
    [{ event_id: 'a', title: 't', visibility: 1 }, 'INVALID_VISIBILITY'],
    [{ event_id: 'a', title: 't', url_slug: false }, 'INVALID_URL_SLUG'],
  ];
  for (const [json, code] of typed) expect((await api.post('/events', json)).body.code, JSON.stringify(json)).toBe(code);
});

test('prototype keys are plain data; duplicate keys take the last value', async ({ api }) => {
  const r = await api.call('POST', '/events', {
    raw: '{"__proto__":{"title":"polluted"},"constructor":{"prototype":{"x":1}},"event_id":"proto"}',
  });
  expect(r.body.code).toBe('INVALID_TITLE');
  expect(({} as Record<string, unknown>).title).toBeUndefined();
  const dup = await api.call('POST', '/events', { raw: '{"event_id":"dup","title":"first","title":"second"}' });
  expect(dup.body.title).toBe('second');
});

test('odd paths, query strings and headers never give a 5xx', async ({ api }) => {
  const paths = [
    '/events/%00',
    '/events/%',
    '/events/%ZZ',
    '/events/..%2F..%2Fauth',
    '//auth',
    '/events//sessions',
    '/events/e1/../auth',
    `/events/${'a'.repeat(8000)}`,
    '/events/é',
    '/events?limit=%ZZ',
    `/events?${Array.from({ length: 500 }, (_, i) => `p${i}=${i}`).join('&')}`,
    '/events?limit=1&limit=2',
    '/events?cursor=%00',
    '/id-map/event/%F0%9F%98%80',
    '/runs/not-a-run',
  ];
  for (const p of paths) {
    // The helper already asserts conformance and no 5xx; most of these are 4xx, a few are valid.
    const r = await api.get(p);
    expect(r.status, p.slice(0, 60)).toBeLessThan(500);
  }
  expect((await api.get('/events/%00')).body.code).toBe('INVALID_PARTNER_ID');
  expect((await api.get('/events?limit=%ZZ')).body.code).toBe('INVALID_LIMIT');
  expect((await api.get('/events?limit=1&limit=2')).body.code).toBe('INVALID_LIMIT');
  const headers: Record<string, string>[] = [
    { 'x-correlation-id': 'x'.repeat(5000) },
    { 'content-type': 'application/json; charset=latin1' },
    { accept: 'text/html' },
    { 'x-correlation-id': '\t' },
  ];
  for (const h of headers) expect((await api.get('/auth', { headers: h })).status).toBe(200);
  const big = await api.get('/auth', { headers: { 'x-big': 'y'.repeat(20_000) }, conform: false });
  expect(big.status).toBe(431);
});

test('concurrent creates of one event_id: exactly one 201, the rest 409', async ({ api }) => {
  const results = await Promise.all(Array.from({ length: 40 }, () => api.post('/events', { event_id: 'race', title: 't' })));
  const statuses = results.map((r) => r.status).sort();
  expect(statuses.filter((s) => s === 201)).toHaveLength(1);
  expect(statuses.filter((s) => s === 409)).toHaveLength(39);
});

test('a client that aborts mid-body does not hurt the server', async ({ api, mock }) => {
  const { hostname, port } = new URL(mock.url);
  await new Promise<void>((resolve) => {
    const s = connect(Number(port), hostname, () => {
      s.write(
        `POST ${C.basePath}/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${mock.keys.write}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"event_id":`,
      );
      setTimeout(() => {
        s.destroy();
        resolve();
      }, 50);
    });
  });
  expect((await api.get('/auth')).status).toBe(200);
});

test('random bodies on every write route never yield a 5xx and always conform', async ({ api }) => {
  await api.createEvent('fz');
  await api.createSession('fz', 'fs');
  let seed = 7;
  const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const atoms = [
    '{',
    '}',
    '[',
    ']',
    '"',
    ':',
    ',',
    'null',
    'true',
    '1e999',
    '-0',
    '"title"',
    '"event_id"',
    '"x"',
    '\\u0000',
    '\\',
    ' ',
    '\u00e9',
    '"session_id"',
    '"starts_at"',
  ];
  const routes: [string, string][] = [
    ['POST', '/events'],
    ['PUT', '/events/fz'],
    ['POST', '/events/fz/context'],
    ['POST', '/events/fz/sessions'],
    ['PUT', '/events/fz/sessions/fs'],
  ];
  for (let i = 0; i < 150; i++) {
    const n = 1 + Math.floor(rnd() * 12);
    let raw = '';
    for (let j = 0; j < n; j++) raw += atoms[Math.floor(rnd() * atoms.length)];
    const [method, path] = routes[i % routes.length]!;
    await api.call(method, path, { raw });
  }
});
