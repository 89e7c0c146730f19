// CTX: the event context is a merge of non-empty fields; each field up to its cap (from the
// contract); an update with nothing to set, or a field over the cap, changes nothing.

import { test, proves } from '../harness/run/fixtures';
import { contract } from '../contract';
import type { MeshiClient } from '../harness/http/client';
import { createEvent } from '../harness/world/builders';
import { type Json, withoutCorrelation } from '../harness/http/json';
import { expectAccepted, expectEqual, expectError, expectStatus, requireContract } from '../harness/verdicts';

test.describe.configure({ mode: 'parallel' });

const SCHEMA = 'EventContextUpdate';
const FIELDS = contract.fieldRules[SCHEMA]!.map((r) => r.name);

async function readContext(meshi: MeshiClient, eventId: string): Promise<Json> {
  const res = await meshi.call('getEventContext', { params: { event_id: eventId } });
  expectStatus('CTX-01', 'GET context answers 200', res, 200);
  return res.body as Json;
}

test(...proves('CTX-01'), async ({ meshi, ns }) => {
  requireContract('the contract has three context fields', FIELDS.length === 3);
  const [a, b, c] = FIELDS as [string, string, string];
  const event = await createEvent(meshi, ns);
  const p = { event_id: event.event_id };

  const first = await meshi.call('upsertEventContext', { params: p, body: { [a]: 'First A' } });
  expectStatus('CTX-01', `POST context answers 200`, first, 200);
  expectEqual('CTX-01', 'the context names its event', first.body.event_id, event.event_id);
  expectEqual('CTX-01', `only ${a} is set`, [first.body[a], first.body[b], first.body[c]], ['First A', null, null]);
  expectEqual(
    'CTX-01',
    'GET returns what the POST returned',
    withoutCorrelation(await readContext(meshi, event.event_id)),
    withoutCorrelation(first.body),
  );

  const second = await meshi.call('upsertEventContext', { params: p, body: { [b]: 'Second B' } });
  expectStatus('CTX-01', 'a second POST answers 200', second, 200);
  expectEqual('CTX-01', `${b} merged in, ${a} kept`, [second.body[a], second.body[b], second.body[c]], ['First A', 'Second B', null]);

  // Empty strings and nulls count as absent: kept, not cleared.
  const third = await meshi.call('upsertEventContext', { params: p, body: { [a]: '', [b]: null, [c]: 'Third C' } });
  expectStatus('CTX-01', 'a POST with empty and null fields beside a value answers 200', third, 200);
  expectEqual(
    'CTX-01',
    'empty and null fields keep their values',
    [third.body[a], third.body[b], third.body[c]],
    ['First A', 'Second B', 'Third C'],
  );

  const fourth = await meshi.call('upsertEventContext', { params: p, body: { [a]: 'Replaced A', [c]: 'Replaced C' } });
  expectEqual(
    'CTX-01',
    'given fields replaced, the other kept',
    [fourth.body[a], fourth.body[b], fourth.body[c]],
    ['Replaced A', 'Second B', 'Replaced C'],
  );
  expectEqual(
    'CTX-01',
    'GET returns the whole merged context',
    withoutCorrelation(await readContext(meshi, event.event_id)),
    withoutCorrelation(fourth.body),
  );
});

test(...proves('CTX-02'), async ({ meshi, ns }) => {
  const event = await createEvent(meshi, ns);
  const body: Json = {};
  for (const rule of contract.fieldRules[SCHEMA]!) {
    requireContract(`${rule.name} has a cap in the contract`, rule.maxLength !== null);
    body[rule.name] = `${rule.name[0]}`.repeat(rule.maxLength!);
  }
  const res = await meshi.call('upsertEventContext', { params: { event_id: event.event_id }, body });
  expectAccepted('CTX-02', `every field at exactly its cap is accepted`, res);
  const read = await meshi.call('getEventContext', { params: { event_id: event.event_id } });
  for (const [k, v] of Object.entries(body))
    expectEqual('CTX-02', `${k} stored whole (${(v as string).length} characters)`, read.body[k], v);
  // Each field alone, too.
  const event2 = await createEvent(meshi, ns);
  for (const [k, v] of Object.entries(body)) {
    const one = await meshi.call('upsertEventContext', { params: { event_id: event2.event_id }, body: { [k]: v } });
    expectAccepted('CTX-02', `${k} alone at its cap is accepted`, one);
  }
});

test(...proves('CTX-03'), async ({ meshi, ns }) => {
  const code = contract.fieldRules[SCHEMA]![0]!.errorCode!;
  requireContract(
    'one error code for every context field',
    contract.fieldRules[SCHEMA]!.every((r) => r.errorCode === code),
  );
  const event = await createEvent(meshi, ns);
  const p = { event_id: event.event_id };
  const set = await meshi.setup.call('upsertEventContext', { params: p, body: Object.fromEntries(FIELDS.map((f) => [f, `Stored ${f}`])) });
  const before = withoutCorrelation(set.body as Json);

  const nothing: [string, Json][] = [
    ['an empty object', {}],
    ['all fields null', Object.fromEntries(FIELDS.map((f) => [f, null]))],
    ['all fields empty', Object.fromEntries(FIELDS.map((f) => [f, '']))],
    ['empty and null mixed', Object.fromEntries(FIELDS.map((f, i) => [f, i % 2 ? null : '']))],
  ];
  for (const [what, body] of nothing)
    expectError('CTX-03', `a context POST with ${what}`, await meshi.call('upsertEventContext', { params: p, body }), code);
  for (const rule of contract.fieldRules[SCHEMA]!) {
    const others = Object.fromEntries(FIELDS.filter((f) => f !== rule.name).map((f) => [f, `Would change ${f}`]));
    const res = await meshi.call('upsertEventContext', { params: p, body: { ...others, [rule.name]: 'x'.repeat(rule.maxLength! + 1) } });
    expectError('CTX-03', `${rule.name} of ${rule.maxLength! + 1} characters beside valid fields`, res, code);
  }
  const after = await meshi.call('getEventContext', { params: p });
  expectEqual('CTX-03', 'the stored context is unchanged by the rejected POSTs', withoutCorrelation(after.body), before);
});
