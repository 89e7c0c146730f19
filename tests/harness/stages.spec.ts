// The client as composed stages (harness/http/): the composition order, one classification for
// call() and raw(), and the response as a view of the one exchange.
import { test, expect } from '@playwright/test';
import { MeshiClient, STAGES } from '../../harness/http/client';
import { gid } from '../../harness/checks/ids';
import { UniversalLedger } from '../../harness/checks/universalLedger';
import { Pacer } from '../../harness/http/pacer';
import { compose, type Exchange, type Stage } from '../../harness/http/exchange';
import { address } from '../../harness/http/stages/address';
import { observe } from '../../harness/http/stages/observe';
import { pace } from '../../harness/http/stages/pace';
import { prepare } from '../../harness/http/stages/prepare';
import { record } from '../../harness/http/stages/record';
import { resend } from '../../harness/http/stages/resend';
import { startFakeServer, type FakeServer } from './fakeServer';
import { envelope, unitClient, validAuth } from './helpers';

let fake: FakeServer | null = null;
test.afterEach(async () => {
  await fake?.close();
  fake = null;
});

test('stages compose outermost first: work before next in list order, after it in reverse', async () => {
  const log: string[] = [];
  const stage =
    (name: string): Stage =>
    () =>
    (next) =>
    async (x) => {
      log.push(`${name} in`);
      await next(x);
      log.push(`${name} out`);
    };
  const dispatch = compose({} as never, [stage('a'), stage('b')], async () => {
    log.push('transport');
  });
  await dispatch({ attempts: [] } as unknown as Exchange);
  expect(log).toEqual(['a in', 'b in', 'transport', 'b out', 'a out']);
});

test('resend wraps pace and the transport, inside observe and record: each attempt paced and observed by the pacer, the final answer judged and recorded once', async ({
  request,
}, testInfo) => {
  fake = await startFakeServer((_req, n) =>
    n === 1 ? { status: 503, body: envelope('SERVICE_UNAVAILABLE'), headers: { 'retry-after': '0' } } : { body: validAuth() },
  );
  const { ctx } = unitClient(request, testInfo, fake.url);
  const ledger = new UniversalLedger();
  const seen: (string | undefined)[] = [];
  const pacer = new Pacer({ reserve: 0 });
  const observeHeader = pacer.observe.bind(pacer);
  pacer.observe = (key, header) => {
    seen.push(header);
    observeHeader(key, header);
  };
  const res = await new MeshiClient({ ...ctx, ledger, pacer }, { key: 'write' }).call('getAuth');
  expect(res.attempts).toBe(2);
  expect(seen).toHaveLength(2);
  expect(ledger.toJSON().checked[gid('correlationHeader')]).toBe(1);
  const records = testInfo.attachments.filter((a) => a.contentType === 'application/json');
  expect(records).toHaveLength(1);
  expect(JSON.parse(records[0]!.body!.toString('utf8')).attempts.map((a: { status: number }) => a.status)).toEqual([503, 200]);
  expect(STAGES).toEqual([address, prepare, record, observe, resend, pace]);
});

test('call() and raw() address a request alike (kind and operation in the record)', async ({ request }, testInfo) => {
  fake = await startFakeServer((req) =>
    req.method === 'GET'
      ? { body: validAuth() }
      : req.method === 'OPTIONS'
        ? { status: 204, headers: { allow: 'GET, HEAD, OPTIONS' } }
        : { status: 405, headers: { allow: 'GET, HEAD, OPTIONS' }, body: envelope('METHOD_NOT_ALLOWED') },
  );
  const { client } = unitClient(request, testInfo, fake.url);
  const pairs = [
    [await client.call('getAuth'), await client.raw('GET', '/auth')],
    [await client.call('getAuth', { method: 'HEAD' }), await client.raw('HEAD', '/auth')],
    [await client.call('getAuth', { method: 'OPTIONS' }), await client.raw('OPTIONS', '/auth')],
    [await client.call('getAuth', { method: 'DELETE' }), await client.raw('DELETE', '/api/v0/partner/auth', { base: 'root' })],
    [
      await client.alias.call('getAuth', { skipChecks: ['aliasDeprecationHeaders'] }),
      await client.raw('GET', '/v0/partner/auth', { base: 'root', skipChecks: ['aliasDeprecationHeaders'] }),
    ],
  ] as const;
  const kinds = pairs.map(([c, r]) => [c.kind, c.operationId, c.url, r.kind, r.operationId, r.url]);
  expect(kinds.map((k) => k.slice(0, 2))).toEqual([
    ['operation', 'getAuth'],
    ['head', 'getAuth'],
    ['options', 'getAuth'],
    ['method-not-allowed', 'getAuth'],
    ['operation', 'getAuth'],
  ]);
  for (const [ck, co, cu, rk, ro, ru] of kinds) expect([rk, ro, ru]).toEqual([ck, co, cu]);
  const records = testInfo.attachments.filter((a) => a.contentType === 'application/json').map((a) => JSON.parse(a.body!.toString('utf8')));
  expect(records.map((r) => `${r.kind} ${r.operationId}`)).toEqual(
    pairs.flatMap(([c]) => [`${c.kind} ${c.operationId}`, `${c.kind} ${c.operationId}`]),
  );
});

test('the response is a view of the exchange: its fields read the phases, and spread or serialise as values', async ({
  request,
}, testInfo) => {
  fake = await startFakeServer(() => ({ body: validAuth() }));
  const { client } = unitClient(request, testInfo, fake.url);
  const res = await client.call('getAuth', { label: 'who' });
  const copy = { ...res };
  expect(copy.status).toBe(200);
  expect(copy.body).toEqual(res.body);
  expect(copy.sentCorrelationId).toBe(res.sentCorrelationId);
  expect(res.correlationId).toBe(res.sentCorrelationId);
  expect(res.attempts).toBe(1);
  expect(res.raw.status()).toBe(200);
  expect(JSON.parse(JSON.stringify({ status: res.status, kind: res.kind }))).toEqual({ status: 200, kind: 'operation' });
  expect(Object.keys(res).sort()).toEqual([
    'attempts',
    'body',
    'correlationId',
    'durationMs',
    'headers',
    'kind',
    'method',
    'operationId',
    'raw',
    'sentCorrelationId',
    'status',
    'text',
    'url',
    'violations',
  ]);
});
