// ERR and SCHEMA: dedicated checks of the error envelope (shape, no extra keys, JSON media type),
// of each code's one status and its listing for the operation, of "never a 5xx" for malformed
// input of every kind (bodies, types, sizes, paths, queries, headers), and of response bodies and
// statuses against the contract. The client runs the same oracles on every response; here every
// case is provoked on purpose and asserted explicitly.

import { test, proves, pollRun } from '../harness/run/fixtures';
import type { MeshiClient, MeshiResponse } from '../harness/http/client';
import { allOperations, contract, fieldRule, genericResponse, validator, type OperationIndex } from '../contract';
import type { HarnessConfig } from '../harness/settings/config';
import type { Namespace } from '../harness/world/namespace';
import { validBodyFor } from '../harness/world/validBody';
import { paramsFrom, seedWorld } from '../harness/world/world';
import { mediaType } from './support/responses';
import {
  caseNotExercised,
  expectEqual,
  expectStatus,
  expectThat,
  observeSubject,
  requireObserved,
  requireSuccess,
  requireThat,
  shown,
} from '../harness/verdicts';

const ENVELOPE_KEYS = ['code', 'correlation_id', 'message'];

interface ErrorCase {
  readonly label: string;
  /** The code the case must produce. */
  readonly code: string;
  /** The operation addressed, or the generic response name for routing errors. */
  readonly op: string | { generic: string };
  readonly send: () => Promise<MeshiResponse>;
}

/** One request per error code the suite can provoke without special keys or exhausting a window. */
async function errorCases(meshi: MeshiClient, ns: Namespace, target: HarnessConfig): Promise<ErrorCase[]> {
  const eventId = ns.id('err-ev');
  await meshi.setup.call('createEvent', { body: { event_id: eventId, title: 'Error cases' } });
  const usedKey = ns.idempotencyKey('err-used');
  await meshi.setup.call('importAttendees', {
    params: { event_id: eventId },
    body: { idempotency_key: usedKey, attendees: [{ attendee_id: ns.id('err-att'), name: 'Err Person' }] },
  });
  const titleMax = fieldRule('EventCreate', 'title').maxLength!;
  const maxBody = target.limits.maxBodyBytes!;
  const ev = { event_id: eventId };
  const cases: ErrorCase[] = [
    {
      label: 'truncated JSON body',
      code: 'INVALID_JSON',
      op: 'createEvent',
      send: () => meshi.call('createEvent', { rawBody: '{"event_id":' }),
    },
    {
      label: 'malformed path event_id',
      code: 'INVALID_PARTNER_ID',
      op: 'getEvent',
      send: () => meshi.call('getEvent', { params: { event_id: '-bad' } }),
    },
    {
      label: 'malformed id-map kind',
      code: 'INVALID_PARTNER_KIND',
      op: 'getIdMapping',
      send: () => meshi.call('getIdMapping', { params: { kind: '9bad', partner_id: 'x' } }),
    },
    {
      label: 'title over its cap',
      code: 'INVALID_TITLE',
      op: 'createEvent',
      send: () => meshi.call('createEvent', { body: { event_id: ns.id('err-t'), title: 't'.repeat(titleMax + 1) } }),
    },
    {
      label: 'limit over the page maximum',
      code: 'INVALID_LIMIT',
      op: 'listEvents',
      send: () => meshi.call('listEvents', { query: { limit: target.limits.pageLimitMax! + 1 } }),
    },
    {
      label: 'malformed cursor',
      code: 'INVALID_CURSOR',
      op: 'listEvents',
      send: () => meshi.call('listEvents', { query: { cursor: 'not-a-cursor' } }),
    },
    {
      label: 'context without any field',
      code: 'INVALID_CONTEXT',
      op: 'upsertEventContext',
      send: () => meshi.call('upsertEventContext', { params: ev, body: {} }),
    },
    {
      label: 'enrichment without idempotency_key',
      code: 'INVALID_IDEMPOTENCY_KEY',
      op: 'enrichAttendees',
      send: () => meshi.call('enrichAttendees', { params: ev, body: {} }),
    },
    {
      label: 'import with no rows',
      code: 'INVALID_ATTENDEES',
      op: 'importAttendees',
      send: () => meshi.call('importAttendees', { params: ev, body: { idempotency_key: ns.idempotencyKey('err-empty'), attendees: [] } }),
    },
    {
      label: 'import with one attendee_id twice',
      code: 'DUPLICATE_ATTENDEE_ID',
      op: 'importAttendees',
      send: () => {
        const id = ns.id('err-dup');
        return meshi.call('importAttendees', {
          params: ev,
          body: {
            idempotency_key: ns.idempotencyKey('err-dup'),
            attendees: [
              { attendee_id: id, name: 'A' },
              { attendee_id: id, name: 'B' },
            ],
          },
        });
      },
    },
    {
      label: 'webhook_url not http(s)',
      code: 'INVALID_WEBHOOK_URL',
      op: 'enrichAttendees',
      send: () =>
        meshi.call('enrichAttendees', {
          params: ev,
          body: { idempotency_key: ns.idempotencyKey('err-wh'), webhook_url: 'ftp://example.com/hook' },
        }),
    },
    {
      label: 'min_score above 1',
      code: 'INVALID_MIN_SCORE',
      op: 'listMatches',
      send: () => meshi.call('listMatches', { params: ev, query: { min_score: 2 } }),
    },
    { label: 'no Authorization header', code: 'UNAUTHORIZED', op: 'getAuth', send: () => meshi.call('getAuth', { key: null }) },
    {
      label: 'unknown event',
      code: 'EVENT_NOT_FOUND',
      op: 'getEvent',
      send: () => meshi.call('getEvent', { params: { event_id: ns.id('err-missing') } }),
    },
    {
      label: 'unknown session',
      code: 'SESSION_NOT_FOUND',
      op: 'getSession',
      send: () => meshi.call('getSession', { params: { ...ev, session_id: ns.id('err-missing') } }),
    },
    {
      label: 'unknown attendee',
      code: 'ATTENDEE_NOT_FOUND',
      op: 'getAttendee',
      send: () => meshi.call('getAttendee', { params: { ...ev, attendee_id: ns.id('err-missing') } }),
    },
    {
      label: 'unknown run',
      code: 'RUN_NOT_FOUND',
      op: 'getRun',
      send: () => meshi.call('getRun', { params: { run_id: 'run_0000000000nosuchrun' } }),
    },
    {
      label: 'unmapped partner ID',
      code: 'PARTNER_ID_NOT_FOUND',
      op: 'getIdMapping',
      send: () => meshi.call('getIdMapping', { params: { kind: 'event', partner_id: ns.id('err-unmapped') } }),
    },
    {
      label: 'unknown route',
      code: 'ROUTE_NOT_FOUND',
      op: { generic: 'route_not_found' },
      send: () => meshi.raw('GET', `/no-such-route-${ns.id('r')}`),
    },
    {
      label: 'DELETE on /auth',
      code: 'METHOD_NOT_ALLOWED',
      op: { generic: 'method_not_allowed' },
      send: () => meshi.call('getAuth', { method: 'DELETE' }),
    },
    {
      label: 'event_id already used',
      code: 'PARTNER_ID_CONFLICT',
      op: 'createEvent',
      send: () => meshi.call('createEvent', { body: { event_id: eventId, title: 'Again' } }),
    },
    {
      label: 'idempotency_key reused for another operation',
      code: 'IDEMPOTENCY_KEY_CONFLICT',
      op: 'enrichAttendees',
      send: () => meshi.call('enrichAttendees', { params: ev, body: { idempotency_key: usedKey } }),
    },
    {
      label: 'body one byte over the limit',
      code: 'PAYLOAD_TOO_LARGE',
      op: 'createEvent',
      send: () => meshi.call('createEvent', { rawBody: Buffer.alloc(maxBody + 1, 0x20) }),
    },
    {
      label: 'text/plain body',
      code: 'UNSUPPORTED_MEDIA_TYPE',
      op: 'createEvent',
      send: () =>
        meshi.call('createEvent', { rawBody: JSON.stringify({ event_id: ns.id('err-ct'), title: 't' }), contentType: 'text/plain' }),
    },
  ];
  if (target.keys.read) {
    cases.push({
      label: 'POST with a read-only key',
      code: 'INSUFFICIENT_SCOPE',
      op: 'createEvent',
      send: () => meshi.call('createEvent', { key: 'read', body: { event_id: ns.id('err-scope'), title: 't' } }),
    });
  }
  return cases;
}

/**
 * A case whose request the server did not answer with the case's error: the envelope and code
 * guarantees have no subject there (the case's own guarantee fails in its own test). Noted, not failed.
 */
function notProvoked(c: ErrorCase, res: MeshiResponse, expected: string): void {
  caseNotExercised(`${c.label}: answered ${res.status}${res.body?.code ? ` ${String(res.body.code)}` : ''}, expected ${expected}`);
}

test.describe('error envelope', () => {
  test(...proves('ERR-01', 'ERR-02', 'ERR-03'), async ({ meshi, ns, target }) => {
    for (const c of await errorCases(meshi, ns, target)) {
      const res = await c.send();
      if (res.status < 400) {
        notProvoked(c, res, 'an error response');
        continue;
      }
      observeSubject('ERR-01', 'an error response');
      expectThat('ERR-01', `${c.label}: has a body`, res.text.length > 0, res.text.length, '> 0');
      let parsed: unknown = null;
      try {
        parsed = JSON.parse(res.text);
      } catch {
        parsed = null;
      }
      expectThat('ERR-01', `${c.label}: body is a JSON object`, parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed));
      const body = (parsed ?? {}) as Record<string, unknown>;
      for (const k of ENVELOPE_KEYS) {
        expectEqual('ERR-01', `${c.label}: ${k} is a string`, typeof body[k], 'string');
        expectThat('ERR-01', `${c.label}: ${k} is not empty`, String(body[k] ?? '').length > 0, body[k] ?? 'none', 'a non-empty value');
      }
      expectEqual('ERR-02', `${c.label}: no key beyond code, message, correlation_id`, Object.keys(body).sort(), ENVELOPE_KEYS);
      expectEqual(
        'ERR-03',
        `${c.label}: Content-Type is application/json (got ${JSON.stringify(res.headers['content-type'])})`,
        mediaType(res.headers['content-type']),
        'application/json',
      );
    }
    requireObserved(['ERR-01', 'ERR-02', 'ERR-03'], 'an error response');
  });
});

test.describe('error codes', () => {
  test(...proves('ERR-04'), async ({ meshi, ns, target }) => {
    const cases = await errorCases(meshi, ns, target);
    // Every code of the table exists in the contract and this table covers the codes the guarantee names.
    for (const code of [
      'INVALID_IDEMPOTENCY_KEY',
      'INVALID_ATTENDEES',
      'DUPLICATE_ATTENDEE_ID',
      'EVENT_NOT_FOUND',
      'IDEMPOTENCY_KEY_CONFLICT',
      'PAYLOAD_TOO_LARGE',
    ]) {
      expectThat(
        'ERR-04',
        `the suite provokes ${code}`,
        cases.some((c) => c.code === code),
      );
    }
    for (const c of cases) {
      const res = await c.send();
      const status = contract.errorCodes[c.code]?.status;
      expectThat('ERR-04', `${c.code} is a contract error code`, status !== undefined);
      if (res.status < 400) {
        notProvoked(c, res, `${status} ${c.code}`);
        continue;
      }
      requireThat(
        'ERR-01',
        `${c.label}: ${res.status} has no JSON envelope to read the code from`,
        res.body !== null && typeof res.body === 'object',
      );
      const got = res.body.code as string;
      if (got !== c.code && contract.errorCodes[got]?.status === res.status) {
        // Another documented code with its own status (e.g. INVALID_JSON where PAYLOAD_TOO_LARGE was
        // provoked): that is the case's own guarantee or the check order, not this one.
        notProvoked(c, res, `${status} ${c.code}`);
        continue;
      }
      observeSubject('ERR-04', 'an error response to its case');
      expectThat('ERR-04', `${c.label}: ${JSON.stringify(got)} is a contract error code`, contract.errorCodes[got] !== undefined);
      expectStatus(
        'ERR-04',
        `${c.label}: ${got} comes with its one status ${contract.errorCodes[got]?.status ?? '(none: not a contract code)'}`,
        res,
        contract.errorCodes[got]?.status ?? [],
      );
      const declared =
        typeof c.op === 'string' ? contract.operations[c.op]?.responses[String(res.status)]?.codes : genericResponse(c.op.generic)?.codes;
      expectThat(
        'ERR-04',
        `${c.label}: ${got} is listed for ${typeof c.op === 'string' ? c.op : c.op.generic} ${res.status}`,
        (declared ?? []).includes(got),
        got,
        `in ${shown(declared ?? [])}`,
      );
    }
    requireObserved('ERR-04', 'an error response to its case');
  });
});

test.describe('malformed input', () => {
  test(...proves('ERR-05'), async ({ meshi, ns, target }) => {
    const eventId = ns.id('err5-ev');
    await meshi.setup.call('createEvent', { body: { event_id: eventId, title: 'Malformed input' } });
    const ev = { event_id: eventId };
    const key = () => ns.idempotencyKey('err5');
    const maxBody = target.limits.maxBodyBytes!;
    const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
    const id = () => ns.id('err5');
    const checks: [string, () => Promise<MeshiResponse>][] = [
      // Bodies that are not (valid) JSON objects.
      ['truncated JSON', () => meshi.call('createEvent', { rawBody: `{"event_id":"${id()}","title":"t` })],
      ['single quotes', () => meshi.call('createEvent', { rawBody: "{'event_id':'x'}" })],
      ['trailing comma', () => meshi.call('createEvent', { rawBody: `{"event_id":"${id()}","title":"t",}` })],
      ['top-level array', () => meshi.call('createEvent', { rawBody: '[]' })],
      ['top-level string', () => meshi.call('createEvent', { rawBody: '"event"' })],
      ['top-level null', () => meshi.call('createEvent', { rawBody: 'null' })],
      ['empty body', () => meshi.call('createEvent', { rawBody: '' })],
      ['invalid UTF-8', () => meshi.call('createEvent', { rawBody: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]) })],
      [
        'UTF-8 byte-order mark',
        () =>
          meshi.call('createEvent', {
            rawBody: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify({ event_id: id(), title: 'bom' }))]),
          }),
      ],
      ['NUL bytes', () => meshi.call('createEvent', { rawBody: Buffer.from('{"event_id":"a\u0000b","title":"\u0000"}') })],
      ['lone surrogate escape', () => meshi.call('createEvent', { rawBody: `{"event_id":"${id()}","title":"\\ud800"}` })],
      ['duplicate keys', () => meshi.call('createEvent', { rawBody: `{"event_id":"${id()}","title":"a","title":5}` })],
      [
        '__proto__ and constructor keys',
        () =>
          meshi.call('createEvent', {
            rawBody: `{"__proto__":{"title":"polluted","event_id":"x"},"constructor":{"prototype":{"x":1}},"event_id":"${id()}"}`,
          }),
      ],
      [
        'deeply nested extra field',
        () => meshi.call('createEvent', { rawBody: `{"event_id":"${id()}","title":"t","extra":${deep(20000)}}` }),
      ],
      [
        'deeply nested run-creating payload',
        () => meshi.call('enrichAttendees', { params: ev, rawBody: `{"idempotency_key":"${key()}","extra":${deep(20000)}}` }),
      ],
      // Wrong types.
      ['numeric event_id', () => meshi.call('createEvent', { body: { event_id: 12345, title: 't' } })],
      ['null title', () => meshi.call('createEvent', { body: { event_id: id(), title: null } })],
      ['object title', () => meshi.call('createEvent', { body: { event_id: id(), title: { a: 1 } } })],
      ['array description', () => meshi.call('createEvent', { body: { event_id: id(), title: 't', description: ['d'] } })],
      ['boolean dates', () => meshi.call('createEvent', { body: { event_id: id(), title: 't', start_date: true, end_date: false } })],
      ['numeric timezone', () => meshi.call('createEvent', { body: { event_id: id(), title: 't', timezone: 5 } })],
      [
        'numeric context field',
        () => meshi.call('upsertEventContext', { params: ev, body: { event_details: 5, objectives: [], welcome_instructions: {} } }),
      ],
      [
        'numeric session times',
        () => meshi.call('createSession', { params: ev, body: { session_id: id(), title: 't', starts_at: 1, ends_at: -1 } }),
      ],
      ['numeric idempotency_key', () => meshi.call('enrichAttendees', { params: ev, body: { idempotency_key: 123 } })],
      ['object idempotency_key', () => meshi.call('runMatching', { params: ev, body: { idempotency_key: { k: 1 } } })],
      ['numeric webhook_url', () => meshi.call('runMatching', { params: ev, body: { idempotency_key: key(), webhook_url: 42 } })],
      [
        'attendees as a string',
        () => meshi.call('importAttendees', { params: ev, body: { idempotency_key: key(), attendees: 'everyone' } }),
      ],
      [
        'attendees as an object',
        () => meshi.call('importAttendees', { params: ev, body: { idempotency_key: key(), attendees: { a: 1 } } }),
      ],
      [
        'attendee rows null and nested arrays',
        () => meshi.call('importAttendees', { params: ev, body: { idempotency_key: key(), attendees: [null, [], 5] } }),
      ],
      [
        'numeric attendee_id',
        () => meshi.call('importAttendees', { params: ev, body: { idempotency_key: key(), attendees: [{ attendee_id: 7, name: 'x' }] } }),
      ],
      // Oversized values.
      [
        'title of half a mebibyte',
        () => meshi.call('createEvent', { body: { event_id: id(), title: 'x'.repeat(Math.floor(maxBody / 2)) } }),
      ],
      ['huge numbers', () => meshi.call('createEvent', { rawBody: `{"event_id":"${id()}","title":1e400,"description":-1e308}` })],
      [
        'idempotency_key far over its cap',
        () => meshi.call('enrichAttendees', { params: ev, body: { idempotency_key: 'k'.repeat(100_000) } }),
      ],
      [
        'webhook_url far over its cap',
        () =>
          meshi.call('enrichAttendees', {
            params: ev,
            body: { idempotency_key: key(), webhook_url: `https://example.com/${'p'.repeat(100_000)}` },
          }),
      ],
      ['body far over the limit', () => meshi.call('createEvent', { rawBody: Buffer.alloc(maxBody * 3, 0x20) })],
      // Odd paths.
      ['NUL in a path segment', () => meshi.raw('GET', '/events/%00')],
      ['broken percent-encoding', () => meshi.raw('GET', '/events/%ZZ%')],
      ['encoded slash in an ID', () => meshi.raw('GET', '/events/a%2Fb/sessions')],
      ['encoded dot segments', () => meshi.raw('GET', '/events/..%2F..%2Fauth')],
      ['non-ASCII ID', () => meshi.raw('GET', '/events/%C3%A9v%C3%A9nement')],
      ['invalid UTF-8 in the path', () => meshi.raw('GET', '/events/%FF%FE')],
      ['very long ID', () => meshi.raw('GET', `/events/${'a'.repeat(4000)}`)],
      ['double slashes', () => meshi.raw('GET', '//events//sessions')],
      ['colon suffix on an ID', () => meshi.raw('PUT', `/events/${eventId}:import`, { body: {} })],
      ['custom-method suffix on a list', () => meshi.raw('POST', `/events/${eventId}/attendees:explode`, { body: {} })],
      // Odd query strings.
      ...[
        'limit=abc',
        'limit=1e3',
        'limit=-1',
        'limit=0x10',
        'limit=%20%205',
        'limit=99999999999999999999999',
        'limit=1&limit=2',
        'limit[]=1',
        'cursor=%00',
        'cursor=%FF%FE',
        `cursor=${'c'.repeat(4000)}`,
        '=&&==&',
        'unknown=1',
      ].map(
        (q) => [`events query ${q.slice(0, 40)}`, () => meshi.call('listEvents', { query: q })] as [string, () => Promise<MeshiResponse>],
      ),
      ...[
        'min_score=NaN',
        'min_score=Infinity',
        'min_score=-0',
        'min_score=1e-400',
        'min_score=',
        'attendee_id=-bad',
        'attendee_id=%00',
        'limit=1.5',
      ].map(
        (q) => [`matches query ${q}`, () => meshi.call('listMatches', { params: ev, query: q })] as [string, () => Promise<MeshiResponse>],
      ),
      // Odd headers.
      ['Content-Type of semicolons', () => meshi.call('createEvent', { body: { event_id: id(), title: 't' }, contentType: ';;;' })],
      [
        'Content-Type charset utf-16',
        () => meshi.call('createEvent', { body: { event_id: id(), title: 't' }, contentType: 'application/json; charset=utf-16' }),
      ],
      [
        'Content-Encoding gzip on plain JSON',
        () => meshi.call('createEvent', { body: { event_id: id(), title: 't' }, headers: { 'content-encoding': 'gzip' } }),
      ],
      ['Accept application/xml', () => meshi.call('getAuth', { headers: { accept: 'application/xml' } })],
      ['huge x-correlation-id', () => meshi.call('getAuth', { correlationId: 'x'.repeat(4000) })],
      ['huge bearer token', () => meshi.call('getAuth', { key: 'A'.repeat(6000) })],
      [
        'lower-case bearer scheme, doubled spaces',
        () => meshi.call('getAuth', { key: null, headers: { authorization: `bearer  ${target.keys.write}` } }),
      ],
    ];
    for (const [what, send] of checks) {
      const res = await send();
      expectThat('ERR-05', `${what}: no 5xx (got ${res.status} ${res.body?.code ?? ''})`, res.status < 500, res.status, '< 500', {
        soft: true,
      });
    }
    // A row of wrong types is accepted for the run (rows fail alone); the run must still end.
    const imp = await meshi.call('importAttendees', {
      params: ev,
      body: {
        idempotency_key: key(),
        attendees: [
          { attendee_id: id(), name: 5, email: ['x'], linkedin_url: {}, title: 1, company: true, session_ids: 'x', raw: 'not an object' },
          { attendee_id: id(), name: 'Deep', raw: JSON.parse(`{"a":${deep(2000)}}`) },
          { attendee_id: id(), name: 'Fine' },
        ],
      },
    });
    expectThat(
      'ERR-05',
      `an import with rows of wrong types: no 5xx (got ${imp.status} ${imp.body?.code ?? ''})`,
      imp.status < 500,
      imp.status,
      '< 500',
    );
    if (imp.status === 202) {
      const done = await pollRun(meshi, imp.body);
      expectEqual('ERR-05', 'the run with malformed rows still accounts for every row', done.run.counts.total, 3);
    }
  });
});

test.describe('response schemas', () => {
  test(...proves('SCHEMA-01'), async ({ meshi, ns }) => {
    const world = await seedWorld(meshi, ns, { label: 'schema', ambiguousPair: true, enrich: true, match: true });
    const seen: OperationIndex[] = [];
    for (const op of allOperations()) {
      const res = await meshi.call(op.operationId, { params: paramsFrom(op, world), body: validBodyFor(op, ns, 'schema') });
      requireSuccess(`${op.operationId} on the seeded world`, res);
      const key = op.responses[String(res.status)]?.validator;
      // An undeclared status has no schema to validate against: SCHEMA-02's failure, not this one's.
      requireThat('SCHEMA-02', `${op.operationId} answered ${res.status}, a status the contract does not declare`, !!key);
      const validate = validator(key!);
      expectThat('SCHEMA-01', `validator ${key} exists`, validate !== undefined);
      const ok = validate!(res.body);
      expectThat(
        'SCHEMA-01',
        `${op.operationId} ${res.status} body validates: ${JSON.stringify(validate!.errors ?? []).slice(0, 600)}`,
        ok,
      );
      // The oracle is not vacuous: an undocumented field, or a required field removed, fails it.
      if (res.body && typeof res.body === 'object' && !Array.isArray(res.body)) {
        expectThat('SCHEMA-01', `${key} rejects an undocumented field`, !validate!({ ...res.body, undocumented_field: 1 }));
        const { correlation_id: _drop, ...withoutCorr } = res.body;
        expectThat('SCHEMA-01', `${key} requires correlation_id`, !validate!(withoutCorr));
        if (Array.isArray(res.body.items))
          expectThat(
            'SCHEMA-01',
            `${op.operationId}: the seeded world gives items to validate`,
            res.body.items.length > (op.operationId === 'listOrgReviewQueue' ? -1 : 0),
            res.body.items.length,
            `> ${op.operationId === 'listOrgReviewQueue' ? -1 : 0}`,
          );
      }
      seen.push(op);
    }
    expectEqual('SCHEMA-01', 'every operation was checked', seen.length, allOperations().length);

    // Optional values are present as null, never omitted.
    const eventId = ns.id('schema-min');
    const created = await meshi.call('createEvent', { body: { event_id: eventId, title: 'Minimal' } });
    for (const r of contract.fieldRules.EventCreate ?? []) {
      if (r.required) continue;
      expectThat(
        'SCHEMA-01',
        `optional ${r.name} is present (null), not omitted`,
        Object.prototype.hasOwnProperty.call(created.body, r.name),
      );
      expectEqual('SCHEMA-01', `optional ${r.name} not given is null`, created.body[r.name], null);
    }
    const ctx = await meshi.call('getEventContext', { params: { event_id: eventId } });
    for (const f of ['event_details', 'objectives', 'welcome_instructions'])
      expectEqual('SCHEMA-01', `context ${f} never set is null`, ctx.body?.[f], null);
  });

  test(...proves('SCHEMA-02'), async ({ meshi, ns }) => {
    const eventId = ns.id('schema2-ev');
    const probes: [string, string | { generic: string }, () => Promise<MeshiResponse>][] = [
      ['createEvent', 'createEvent', () => meshi.call('createEvent', { body: { event_id: eventId, title: 'Statuses' } })],
      ['createEvent conflict', 'createEvent', () => meshi.call('createEvent', { body: { event_id: eventId, title: 'Statuses' } })],
      ['getEvent', 'getEvent', () => meshi.call('getEvent', { params: { event_id: eventId } })],
      ['getEvent missing', 'getEvent', () => meshi.call('getEvent', { params: { event_id: ns.id('missing') } })],
      ['updateEvent', 'updateEvent', () => meshi.call('updateEvent', { params: { event_id: eventId }, body: { title: 'Renamed' } })],
      [
        'upsertEventContext',
        'upsertEventContext',
        () => meshi.call('upsertEventContext', { params: { event_id: eventId }, body: { objectives: 'Meet' } }),
      ],
      ['listSessions', 'listSessions', () => meshi.call('listSessions', { params: { event_id: eventId } })],
      [
        'importAttendees',
        'importAttendees',
        () =>
          meshi.call('importAttendees', {
            params: { event_id: eventId },
            body: { idempotency_key: ns.idempotencyKey('s2'), attendees: [{ attendee_id: ns.id('s2-att'), name: 'S' }] },
          }),
      ],
      ['listEvents bad limit', 'listEvents', () => meshi.call('listEvents', { query: { limit: 0 } })],
      ['getRun unknown', 'getRun', () => meshi.call('getRun', { params: { run_id: 'run_unknown0000' } })],
      ['getAuth without key', 'getAuth', () => meshi.call('getAuth', { key: null })],
      ['OPTIONS', { generic: 'options' }, () => meshi.call('getAuth', { method: 'OPTIONS' })],
      ['PATCH', { generic: 'method_not_allowed' }, () => meshi.call('getEvent', { params: { event_id: eventId }, method: 'PATCH' })],
      ['unknown route', { generic: 'route_not_found' }, () => meshi.raw('GET', `/nothing-${ns.id('here')}`)],
    ];
    for (const [what, op, send] of probes) {
      const res = await send();
      if (typeof op === 'string') {
        const declared = Object.keys(contract.operations[op]!.responses).map(Number);
        expectStatus('SCHEMA-02', `${what}: a status the contract declares for ${op}`, res, declared, { soft: true });
      } else {
        expectStatus('SCHEMA-02', `${what}: the generic ${op.generic} response's status`, res, genericResponse(op.generic)!.status);
      }
    }
  });
});
