// Shared set-up for the cross-cutting suites (auth, http, errors, alias, uuid, …): a small "world"
// in the caller's org (an event with context, a session, imported attendees, a terminal run) and
// helpers that derive everything else from the contract index — which operations read, which
// write, the path templates — so no spec restates a route,
// a schema or a limit. Every partner ID comes from the worker's namespace.

import { contract, type OperationIndex } from '../../contract';
import type { MeshiClient } from '../../harness/client';
import type { Namespace } from '../../harness/namespace';
import { eventKind, pathParamNames } from '../../harness/operationRequests';
import { pollRun } from '../../harness/pollRun';

export interface World {
  readonly eventId: string;
  readonly sessionId: string;
  readonly attendeeIds: readonly string[];
  /** A terminal import run of the event. */
  readonly runId: string;
}

/** Every contract operation, in contract order. */
export function allOperations(): OperationIndex[] {
  return Object.values(contract.operations);
}

/** Operations a read key may call (scope partner:read). */
export function readOperations(): OperationIndex[] {
  return allOperations().filter((o) => o.scope === 'partner:read');
}

/** Operations that need partner:write (the POST and PUT routes). */
export function writeOperations(): OperationIndex[] {
  return allOperations().filter((o) => o.scope === 'partner:write');
}

/** Write operations that carry a JSON request body. */
export function bodyOperations(): OperationIndex[] {
  return allOperations().filter((o) => o.requestBody !== null);
}

/** One operation per distinct path template (the first in contract order), i.e. every route. */
export function routes(): { path: string; ops: OperationIndex[]; any: OperationIndex }[] {
  const by = new Map<string, OperationIndex[]>();
  for (const op of allOperations()) by.set(op.path, [...(by.get(op.path) ?? []), op]);
  return [...by.entries()].map(([path, ops]) => ({ path, ops, any: ops[0]! }));
}

/**
 * The Allow set a route must list (the contract's Allow header: "OPTIONS is always listed; HEAD is
 * listed exactly where GET is"): the path's methods, HEAD where GET is, and OPTIONS.
 */
export function expectedAllow(path: string): string[] {
  const methods = new Set<string>(allOperations().filter((o) => o.path === path).map((o) => o.method));
  if (methods.has('GET')) methods.add('HEAD');
  methods.add('OPTIONS');
  return [...methods].sort();
}

/** Parses an Allow header into a sorted, upper-case method list. */
export function parseAllow(value: string | undefined): string[] {
  if (value === undefined) return [];
  return [
    ...new Set(
      value
        .split(',')
        .map((m) => m.trim().toUpperCase())
        .filter(Boolean),
    ),
  ].sort();
}

/** Path parameters for an operation, taken from the world (existing resources). */
export function paramsFrom(op: OperationIndex, world: World): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of pathParamNames(op)) out[name] = paramValue(name, world);
  return out;
}

function paramValue(name: string, world: World): string {
  switch (name) {
    case 'event_id':
    case 'partner_id':
      return world.eventId;
    case 'session_id':
      return world.sessionId;
    case 'attendee_id':
      return world.attendeeIds[0]!;
    case 'run_id':
      return world.runId;
    case 'kind':
      return eventKind();
    default:
      throw new Error(`[HARNESS] specs/support/world.ts: no value for path parameter ${name}; extend paramValue`);
  }
}

export interface SeedOptions {
  /** Attendees imported (distinct emails and companies; default 3). */
  readonly attendees?: number;
  /** Also import two attendees sharing one email (an in-event identity ambiguity → an event review after enrichment). */
  readonly ambiguousPair?: boolean;
  /** Run enrichment (polled to terminal). */
  readonly enrich?: boolean;
  /** Run matching (polled to terminal). */
  readonly match?: boolean;
  readonly label?: string;
}

export interface RichWorld extends World {
  readonly enrichmentRunId: string | null;
  readonly matchingRunId: string | null;
}

/**
 * Seeds the world with set-up calls (transient-tolerant, must succeed): an event with context, a
 * session, imported attendees (with distinct emails and companies) and the import run polled to a
 * terminal status; optionally an ambiguous pair, an enrichment run and a matching run.
 */
export async function seedWorld(meshi: MeshiClient, ns: Namespace, opts: SeedOptions = {}): Promise<RichWorld> {
  const label = opts.label ?? 'world';
  const s = meshi.setup;
  const eventId = ns.id(`${label}-ev`);
  await s.call('createEvent', { body: { event_id: eventId, title: `World ${label}` }, label: 'seed: event' });
  await s.call('upsertEventContext', { params: { event_id: eventId }, body: { event_details: 'Seeded by the conformance suite' }, label: 'seed: context' });
  const sessionId = ns.id(`${label}-ses`);
  await s.call('createSession', { params: { event_id: eventId }, body: { session_id: sessionId, title: 'Seed session' }, label: 'seed: session' });
  const n = opts.attendees ?? 3;
  const attendeeIds = Array.from({ length: n }, (_, i) => ns.id(`${label}-att${i}`));
  const rows: Record<string, unknown>[] = attendeeIds.map((id, i) => ({
    attendee_id: id,
    name: `Seed Person ${i}`,
    email: `${id.toLowerCase().replace(/[^a-z0-9]/g, '')}@example.com`,
    company: `Company ${i}`,
    title: i % 2 ? 'VP Engineering' : 'Product Manager',
  }));
  if (opts.ambiguousPair) {
    const shared = `${ns.id(`${label}-twin`).toLowerCase().replace(/[^a-z0-9]/g, '')}@example.com`;
    for (const k of [1, 2]) {
      const id = ns.id(`${label}-twin${k}`);
      attendeeIds.push(id);
      rows.push({ attendee_id: id, name: `Twin ${k}`, email: shared, company: 'Twin Co' });
    }
  }
  const imp = await s.call('importAttendees', {
    params: { event_id: eventId },
    body: { idempotency_key: ns.idempotencyKey(`${label}-imp`), attendees: rows },
    label: 'seed: import',
  });
  const runId = (imp.body as { run_id: string }).run_id;
  await pollRun(meshi, runId);
  let enrichmentRunId: string | null = null;
  let matchingRunId: string | null = null;
  if (opts.enrich) {
    const r = await s.call('enrichAttendees', { params: { event_id: eventId }, body: { idempotency_key: ns.idempotencyKey(`${label}-enr`) }, label: 'seed: enrich' });
    enrichmentRunId = (r.body as { run_id: string }).run_id;
    await pollRun(meshi, enrichmentRunId);
  }
  if (opts.match) {
    const r = await s.call('runMatching', { params: { event_id: eventId }, body: { idempotency_key: ns.idempotencyKey(`${label}-match`) }, label: 'seed: match' });
    matchingRunId = (r.body as { run_id: string }).run_id;
    await pollRun(meshi, matchingRunId);
  }
  return { eventId, sessionId, attendeeIds, runId, enrichmentRunId, matchingRunId };
}

/** Drops the fields that may legitimately differ between two reads: correlation_id and timestamps. */
export function normalise(body: unknown): unknown {
  if (Array.isArray(body)) return body.map(normalise);
  if (body && typeof body === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(body)) {
      if (k === 'correlation_id') continue;
      out[k] = /_at$/.test(k) && (typeof v === 'string' || v === null) ? '<timestamp>' : normalise(v);
    }
    return out;
  }
  return body;
}

/** The media type of a Content-Type value (lower case, without parameters). */
export function mediaType(value: string | undefined): string | null {
  if (value === undefined) return null;
  return value.split(';')[0]!.trim().toLowerCase();
}
