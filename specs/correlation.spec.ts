// CORR: the effective correlation ID is in the x-correlation-id header of every response and in
// the correlation_id of every JSON body; a valid client value is echoed unchanged, anything else is
// replaced by a fresh server-made corr_… value. The client checks this on every call too; these
// tests provoke each case on purpose and assert it explicitly.

import { test, proves } from '../harness/run/fixtures';
import type { MeshiClient, MeshiResponse } from '../harness/http/client';
import { contract, pattern } from '../contract';
import { randomUUID } from 'node:crypto';
import { findUuids } from '../harness/checks/uuid';
import type { Namespace } from '../harness/world/namespace';
import { expectEqual, expectThat, requireHeader, requireThat } from '../harness/verdicts';

const SERVER_PREFIX = 'corr_';

/** A spread of responses: success, created, HEAD, OPTIONS, 4xx of several kinds, 405, 404 route. */
async function spread(meshi: MeshiClient, ns: Namespace, correlationId?: string | null, full = true): Promise<[string, MeshiResponse][]> {
  const o = correlationId === undefined ? {} : { correlationId };
  if (!full) {
    return [
      ['GET /auth 200', await meshi.call('getAuth', o)],
      ['HEAD /auth 200', await meshi.call('getAuth', { ...o, method: 'HEAD' })],
      ['OPTIONS /events 204', await meshi.call('listEvents', { ...o, method: 'OPTIONS' })],
      ['unknown route 404', await meshi.raw('GET', `/no-such-${ns.id('route')}`, o)],
      ['no key 401', await meshi.call('getAuth', { ...o, key: null })],
    ];
  }
  const eventId = ns.id('corr');
  return [
    ['GET /auth 200', await meshi.call('getAuth', o)],
    ['POST /events 201', await meshi.call('createEvent', { ...o, body: { event_id: eventId, title: 'Correlation' } })],
    ['POST /events 409', await meshi.call('createEvent', { ...o, body: { event_id: eventId, title: 'Correlation' } })],
    ['HEAD /events/{id} 200', await meshi.call('getEvent', { ...o, params: { event_id: eventId }, method: 'HEAD' })],
    ['OPTIONS /events 204', await meshi.call('listEvents', { ...o, method: 'OPTIONS' })],
    ['GET /events/{unknown} 404', await meshi.call('getEvent', { ...o, params: { event_id: ns.id('missing') } })],
    ['POST /events invalid JSON 400', await meshi.call('createEvent', { ...o, rawBody: '{"event_id":' })],
    ['PATCH /events 405', await meshi.call('listEvents', { ...o, method: 'PATCH' })],
    ['unknown route 404', await meshi.raw('GET', `/no-such-${ns.id('route')}`, o)],
    ['no key 401', await meshi.call('getAuth', { ...o, key: null })],
  ];
}

test(...proves('CORR-01'), async ({ meshi, ns }) => {
  for (const correlationId of [undefined, null] as const) {
    for (const [what, res] of await spread(meshi, ns, correlationId)) {
      const h = res.headers['x-correlation-id'];
      expectThat('CORR-01', `${what} (${correlationId === null ? 'none sent' : 'one sent'}) carries x-correlation-id`, h !== undefined);
      expectThat('CORR-01', `${what}: x-correlation-id is not empty`, (h ?? '').trim().length > 0, h ?? 'none', 'a non-empty value');
    }
  }
});

test(...proves('CORR-02'), async ({ meshi, ns }) => {
  for (const correlationId of [undefined, null] as const) {
    for (const [what, res] of await spread(meshi, ns, correlationId)) {
      if (res.method === 'HEAD' || res.status === 204) {
        expectEqual('CORR-02', `${what} has no body`, res.text, '');
        continue;
      }
      // A body that is not JSON is ERR-01's failure (errors) or SCHEMA-01's (successes): CORR-02 needs one to read.
      requireThat(
        res.status >= 400 ? 'ERR-01' : 'SCHEMA-01',
        `${what} has no JSON object body to read correlation_id from`,
        res.body !== null && typeof res.body === 'object',
      );
      const header = requireHeader('CORR-01', `${what}: the header to compare with`, res, 'x-correlation-id');
      expectEqual('CORR-02', `${what}: body correlation_id equals the header`, res.body.correlation_id, header);
    }
  }
});

test(...proves('CORR-03'), async ({ meshi, ns }) => {
  const max = contract.limits.correlationIdMaxLength!;
  const valid = pattern('correlationId');
  // Every allowed character class, the documented example, the shortest and the longest value.
  const classes = 'AZaz09._:-';
  const longest = `${ns.prefix}${classes}`.padEnd(max, 'x');
  const values = ['a', 'partner-trace-001', `${ns.prefix}${classes}`, longest, '-.:_', randomUUID()];
  for (const v of values) {
    expectThat('CORR-03', `test value ${JSON.stringify(v)} is valid by the contract`, valid.test(v));
    for (const [what, res] of await spread(meshi, ns, v, v === longest || v === 'a')) {
      expectEqual(
        'CORR-03',
        `${what}: header echoes ${JSON.stringify(v)} unchanged`,
        requireHeader('CORR-01', what, res, 'x-correlation-id'),
        v,
      );
      if (res.body && typeof res.body === 'object')
        expectEqual('CORR-03', `${what}: body echoes ${JSON.stringify(v)} unchanged`, res.body.correlation_id, v);
    }
  }
  expectEqual('CORR-03', 'the longest value has the maximum length', longest.length, max);
});

test(...proves('CORR-04'), async ({ meshi, ns }) => {
  const max = contract.limits.correlationIdMaxLength!;
  const valid = pattern('correlationId');
  const malformed: [string, string | null][] = [
    ['absent', null],
    ['empty', ''],
    [`${max + 1} characters`, 'c'.repeat(max + 1)],
    ['far too long', 'c'.repeat(max * 4)],
    ['a space', 'trace 001'],
    ['a slash', 'trace/001'],
    ['an at sign', 'trace@001'],
    ['a plus and equals', 'a+b=c'],
  ];
  const seen = new Set<string>();
  for (const [what, value] of malformed) {
    if (value !== null)
      expectThat('CORR-04', `test value (${what}) is malformed by the contract`, !(value.length <= max && valid.test(value)));
    for (const [where, res] of await spread(meshi, ns, value, value === null || value === '')) {
      const h = requireHeader('CORR-01', where, res, 'x-correlation-id');
      expectThat('CORR-04', `${where} with x-correlation-id ${what}: not echoed`, h !== value, h, `not ${value}`);
      expectEqual(
        'CORR-04',
        `${where} with x-correlation-id ${what}: server-made value starts with ${SERVER_PREFIX} (got ${JSON.stringify(h)})`,
        h.startsWith(SERVER_PREFIX),
        true,
      );
      expectThat('CORR-04', `${where} with x-correlation-id ${what}: server-made value matches ${valid.source}`, valid.test(h));
      expectEqual('CORR-04', `${where}: server-made value is not a UUID`, findUuids(h), []);
      // The body carrying the header's value is CORR-02's sentence, checked there.
      expectThat('CORR-04', `${where} with x-correlation-id ${what}: a fresh value, not reused (${h})`, !seen.has(h));
      seen.add(h);
    }
  }
});
