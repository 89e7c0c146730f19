// Read requests (every GET operation of the contract) with path parameters drawn from a small
// pool of existing objects (a "world" built in the caller's org), from unknown well-formed IDs and
// from malformed ones, and query parameters generated from each operation's parameter schemas
// (limit, cursor, attendee_id, min_score, …). Used by the alias and isolation properties, which
// compare two answers to one generated request.

import fc from 'fast-check';
import { contract, operation, pattern, readOperationIds } from '../../contract';
import type { MeshiClient } from '../http/client';
import type { Namespace } from '../world/namespace';
import { existingIds, seedWorld, type World } from '../world/world';
import type { JsonSchema } from '../../contract/types';
import { buildInvalidId, invalidIdCase, shortValidId } from './partnerIds';
import { invalidLimit, junkCursor, validLimit } from './paging';

/**
 * The property world: the one seeder's world with two events, an email shared inside the first
 * (an event review) and one across the two (an org-wide review), enrichment and matching, every
 * run polled with `reader` (to spare the write key's rate limit).
 */
export function buildWorld(client: MeshiClient, ns: Namespace, reader: MeshiClient = client): Promise<World> {
  return seedWorld(client, ns, { label: 'pw', attendees: 2, ambiguousPair: true, crossEventPair: true, enrich: true, match: true, reader });
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
        const have = existingIds(world, p.name, kind);
        const choices: { weight: number; arbitrary: fc.Arbitrary<string> }[] = [];
        if (have.length) choices.push({ weight: 4, arbitrary: fc.constantFrom(...have) });
        if (!options.existingOnly || !have.length) {
          choices.push({
            weight: 1,
            arbitrary: fc
              .string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'), minLength: 1, maxLength: 6 })
              .map((t) => unknownId(p.name, prefix, t)),
          });
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
        query: fc
          .record(query)
          .map((q) => Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined)) as Record<string, string | number>),
      });
    });
  });
}
