// Read requests (every GET operation of the contract) with path parameters drawn from a small
// pool of existing objects (a "world" built in the caller's org), from unknown well-formed IDs and
// from malformed ones, and query parameters generated from each operation's parameter schemas
// (limit, cursor, attendee_id, min_score, …). Used by the alias and isolation properties, which
// compare two answers to one generated request.

import fc from 'fast-check';
import { contract, operation, pattern } from '../../contract';
import type { MeshiClient } from '../client';
import type { Namespace } from '../namespace';
import { pollNew } from '../property/polling';
import type { JsonSchema } from '../../contract/types';
import { buildInvalidId, invalidIdCase, shortValidId } from './partnerIds';
import { invalidLimit, junkCursor, validLimit } from './paging';

export interface World {
  /** Two events; the first has context, a session, attendees, terminal runs and reviews. */
  readonly eventIds: readonly [string, string];
  readonly sessionId: string;
  readonly attendeeIds: readonly string[];
  /** Terminal runs (import, enrichment, matching) of the first event. */
  readonly runIds: readonly string[];
}

/**
 * Builds the world with set-up calls: two events, context and a session on the first, attendees in
 * both (one email shared inside the first event, one shared across the two: an event-scoped and an
 * org-scoped review after enrichment), then enrichment and matching, every run polled to terminal
 * (with `reader`, to spare the write key's rate limit).
 */
export async function buildWorld(client: MeshiClient, ns: Namespace, reader: MeshiClient = client): Promise<World> {
  const setup = client.setup;
  const e1 = ns.id('world');
  const e2 = ns.id('world');
  for (const e of [e1, e2]) await setup.call('createEvent', { body: { event_id: e, title: 'property world' } });
  await setup.call('upsertEventContext', { params: { event_id: e1 }, body: { event_details: 'A property-test world', objectives: 'Meet people' } });
  const sessionId = ns.id('wses');
  await setup.call('createSession', { params: { event_id: e1 }, body: { session_id: sessionId, title: 'World session', starts_at: '2030-01-01T09:00:00Z' } });
  const tag = ns.id('mail').toLowerCase().replace(/[^a-z0-9-]/g, '-');
  const inside = `${tag}-in@example.test`;
  const across = `${tag}-across@example.test`;
  const a = [ns.id('wa'), ns.id('wa'), ns.id('wa'), ns.id('wa')];
  const rows1 = [
    { attendee_id: a[0], name: 'Ada One', email: inside, company: 'Example Ltd', title: 'Engineer' },
    { attendee_id: a[1], name: 'Ada Two', email: inside, company: 'Example Ltd', title: 'Designer' },
    { attendee_id: a[2], name: 'Bo Three', email: across, company: 'Other Co', title: 'Founder' },
    { attendee_id: a[3], name: 'Cy Four', email: null, company: 'Third Inc', title: 'Investor' },
  ];
  const runs: string[] = [];
  const start = async (op: string, event: string, body: Record<string, unknown>) => {
    const r = await setup.call(op, { params: { event_id: event }, body: { ...body, idempotency_key: ns.idempotencyKey('world') } });
    return r.body.run_id as string;
  };
  runs.push(await start('importAttendees', e1, { attendees: rows1 }));
  const other = await start('importAttendees', e2, { attendees: [{ attendee_id: ns.id('wb'), name: 'Bo Elsewhere', email: across }] });
  runs.push(await start('enrichAttendees', e1, {}));
  runs.push(await start('runMatching', e1, {}));
  await Promise.all([other, ...runs].map((id) => pollNew(reader, id)));
  return { eventIds: [e1, e2], sessionId, attendeeIds: a, runIds: runs };
}

export interface ReadRequest {
  readonly operationId: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string | number>>;
}

export function describeRequest(r: ReadRequest): string {
  let path = operation(r.operationId).path;
  for (const [k, v] of Object.entries(r.params)) path = path.replace(`{${k}}`, JSON.stringify(v).slice(1, -1));
  const q = Object.entries(r.query)
    .map(([k, v]) => `${k}=${JSON.stringify(String(v)).slice(1, -1)}`)
    .join('&');
  return `GET ${path}${q ? `?${q}` : ''}`;
}

/** GET operations of the contract. */
export function readOperationIds(): string[] {
  return Object.values(contract.operations)
    .filter((o) => o.method === 'GET')
    .map((o) => o.operationId);
}

/** GET operations that read one object of the org (every path parameter names an object). */
export function objectReadOperationIds(): string[] {
  return readOperationIds().filter((id) => operation(id).parameters.some((p) => p.in === 'path'));
}

/** Existing objects for a path parameter (the world's); empty when the world has none. */
function existing(world: World, name: string, kind: string | null): string[] {
  switch (name) {
    case 'event_id':
      return [world.eventIds[0]];
    case 'session_id':
      return [world.sessionId];
    case 'attendee_id':
      return world.attendeeIds.slice(0, 2) as string[];
    case 'run_id':
      return [...world.runIds];
    case 'partner_id':
      return kind === 'session' ? [world.sessionId] : kind === 'attendee' ? [world.attendeeIds[0]!] : [world.eventIds[0]];
    default:
      return [];
  }
}

/** A well-formed ID for `name` that exists nowhere (`<prefix>zz-unknown…`, or a run_… handle). */
export function unknownId(name: string, prefix: string, tail: string): string {
  if (name === 'run_id') {
    const re = pattern('runId');
    const id = `run_ZZ${tail.replace(/[^A-Za-z0-9]/g, '')}0`;
    return re.test(id) ? id : 'run_ZZ0';
  }
  if (name === 'kind') return 'event';
  return `${prefix}zz-unknown-${tail.replace(/[^A-Za-z0-9]/g, '')}`;
}

function queryValue(name: string, schema: JsonSchema, world: World): fc.Arbitrary<string | number> | null {
  const type = schema.type;
  if (name === 'limit') return fc.oneof({ weight: 3, arbitrary: validLimit() }, { weight: 1, arbitrary: invalidLimit() });
  if (name === 'cursor') return junkCursor();
  if (type === 'number' && typeof schema.minimum === 'number' && typeof schema.maximum === 'number') {
    const min = schema.minimum;
    const max = schema.maximum;
    return fc.oneof(
      { weight: 3, arbitrary: fc.double({ min, max, noNaN: true }).map((x) => Math.round(x * 1000) / 1000) },
      { weight: 1, arbitrary: fc.constantFrom(min - 0.5, max + 0.5, 'high') },
    );
  }
  if (schema.pattern === contract.patterns.partnerId) return fc.constantFrom(...world.attendeeIds.slice(0, 2));
  return null;
}

export interface ReadRequestOptions {
  /** Only existing objects in path positions (isolation); default: existing, unknown, malformed. */
  readonly existingOnly?: boolean;
  /** Query parameters besides the path (default true). */
  readonly withQuery?: boolean;
  readonly operations?: readonly string[];
}

/** A read request over the world (see the module comment). `prefix` is the namespace prefix. */
export function readRequest(world: World, prefix: string, options: ReadRequestOptions = {}): fc.Arbitrary<ReadRequest> {
  const ops = options.operations ?? readOperationIds();
  return fc.constantFrom(...ops).chain((operationId) => {
    const op = operation(operationId);
    const kindArb = fc.constantFrom(...contract.idMapKinds);
    return kindArb.chain((kind) => {
      const params: Record<string, fc.Arbitrary<string>> = {};
      for (const p of op.parameters.filter((x) => x.in === 'path')) {
        if (p.name === 'kind') {
          params.kind = fc.constant(kind);
          continue;
        }
        const have = existing(world, p.name, kind);
        const choices: { weight: number; arbitrary: fc.Arbitrary<string> }[] = [];
        if (have.length) choices.push({ weight: 4, arbitrary: fc.constantFrom(...have) });
        if (!options.existingOnly || !have.length) {
          choices.push({ weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'), minLength: 1, maxLength: 6 }).map((t) => unknownId(p.name, prefix, t)) });
        }
        if (!options.existingOnly && p.name !== 'run_id') {
          choices.push({ weight: 1, arbitrary: invalidIdCase({ pathSafe: true }).map((c) => buildInvalidId(`${prefix}zz-bad`, c)) });
          choices.push({ weight: 1, arbitrary: shortValidId() });
        }
        params[p.name] = fc.oneof(...choices);
      }
      const query: Record<string, fc.Arbitrary<string | number | undefined>> = {};
      if (options.withQuery !== false) {
        for (const p of op.parameters.filter((x) => x.in === 'query')) {
          const v = queryValue(p.name, p.schema, world);
          if (v) query[p.name] = fc.option(v, { nil: undefined, freq: 2 });
        }
      }
      return fc.record({
        operationId: fc.constant(operationId),
        params: fc.record(params),
        query: fc.record(query).map((q) => Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined)) as Record<string, string | number>),
      });
    });
  });
}
