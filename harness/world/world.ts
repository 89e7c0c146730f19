// The one seeder: a small world in the caller's org, built with set-up calls, and the one mapping
// from path-parameter names to its objects. The cross-cutting suites (auth, http, errors, alias,
// uuid) and the read-request arbitraries (alias and isolation properties) both stand on it.

import { pathParamNames, type OperationIndex } from '../../contract';
import type { MeshiClient } from '../http/client';
import type { Namespace } from './namespace';
import { eventKind } from './operationRequests';
import { sleep } from './concurrency';
import { isTerminal, pollRun, readableBy } from './pollRun';
import { blockedBy } from '../verdicts/preconditions';

export interface World {
  readonly eventId: string;
  /** A second event whose attendee shares an email with the first event's first attendee (`crossEventPair`), else null. */
  readonly otherEventId: string | null;
  readonly sessionId: string;
  readonly attendeeIds: readonly string[];
  /** The terminal import run of the event. */
  readonly runId: string;
  readonly enrichmentRunId: string | null;
  readonly matchingRunId: string | null;
  /**
   * Every seeded run reached a terminal status. Always true unless seeded with `settle: 'tolerate'`;
   * then false when a run was still going at the end of its wait (the attendees may not exist yet).
   */
  readonly runsSettled: boolean;
}

export interface SeedOptions {
  /** Attendees imported (distinct emails and companies; default 3). */
  readonly attendees?: number;
  /** Also import two attendees sharing one email (an in-event identity ambiguity → an event review after enrichment). */
  readonly ambiguousPair?: boolean;
  /** Also a second event with an attendee sharing the first attendee's email (→ an org-wide review after enrichment). */
  readonly crossEventPair?: boolean;
  /** Run enrichment (polled to terminal). */
  readonly enrich?: boolean;
  /** Run matching (polled to terminal). */
  readonly match?: boolean;
  readonly label?: string;
  /** The client that polls runs (default: the seeding client; properties spare the write key's rate limit). */
  readonly reader?: MeshiClient;
  /**
   * `poll` (default): every run is polled to terminal with pollRun, whose lifecycle checks block the
   * test when the run does not finish. `tolerate`: for tests that are not about runs — each run is
   * waited for quietly (at most the run budget, and 10 s), and `runsSettled` says whether all ended.
   */
  readonly settle?: 'poll' | 'tolerate';
}

const QUIET_WAIT_MS = 10_000;

/** The run object a seeding write answered. */
type SeededRun = { readonly run_id: string; readonly kind: unknown };

/**
 * Waits for a run to be terminal without judging it (set-up reads); true when it is. A run that is
 * not found is blocked by the guarantee that says it is readable (pollRun's readableBy).
 */
async function settledQuietly(client: MeshiClient, run: SeededRun): Promise<boolean> {
  const until = Date.now() + Math.min(client.ctx.config.runTimeoutMs, QUIET_WAIT_MS);
  for (let wait = 50; ; wait = Math.min(wait * 2, 1000)) {
    const res = await client.setup.call<{ status?: string; code?: string }>('getRun', {
      params: { run_id: run.run_id },
      okStatuses: [404],
      label: 'seed: wait for the run',
    });
    if (res.status === 404) {
      const observed = `404 ${res.body?.code ?? ''}`.trim();
      blockedBy(
        client.ctx.testInfo,
        readableBy(run.kind),
        `GET /runs/{run_id} answered ${observed} for the ${String(run.kind)} run ${run.run_id} the seed started (set-up step)`,
        { observed, expected: '200', request: 'GET /runs/{run_id}', correlationId: res.correlationId },
      );
    }
    if (typeof res.body?.status === 'string' && isTerminal(res.body.status)) return true;
    if (Date.now() + wait > until) return false;
    await sleep(wait);
  }
}

/** A lower-case email derived from a namespaced ID (so it belongs to this namespace). */
function emailFor(id: string): string {
  return `${id.toLowerCase().replace(/[^a-z0-9]/g, '')}@example.com`;
}

function attendeeRows(ns: Namespace, label: string, opts: SeedOptions): { ids: string[]; rows: Record<string, unknown>[] } {
  const n = opts.attendees ?? 3;
  const ids = Array.from({ length: n }, (_, i) => ns.id(`${label}-att${i}`));
  const rows: Record<string, unknown>[] = ids.map((id, i) => ({
    attendee_id: id,
    name: `Seed Person ${i}`,
    email: emailFor(id),
    company: `Company ${i}`,
    title: i % 2 ? 'VP Engineering' : 'Product Manager',
  }));
  if (opts.ambiguousPair) {
    const shared = emailFor(ns.id(`${label}-twin`));
    for (const k of [1, 2]) {
      const id = ns.id(`${label}-twin${k}`);
      ids.push(id);
      rows.push({ attendee_id: id, name: `Twin ${k}`, email: shared, company: 'Twin Co' });
    }
  }
  return { ids, rows };
}

/**
 * Seeds the world with set-up calls (transient-tolerant, must succeed): an event with context, a
 * session, imported attendees and the import run polled to a terminal status; optionally an
 * ambiguous pair, a second event sharing an email, an enrichment run and a matching run.
 */
export async function seedWorld(meshi: MeshiClient, ns: Namespace, opts: SeedOptions = {}): Promise<World> {
  const label = opts.label ?? 'world';
  const s = meshi.setup;
  let runsSettled = true;
  /** Polls the run a write answered; returns its run_id. */
  const poll = async (run: SeededRun): Promise<string> => {
    if (opts.settle !== 'tolerate') await pollRun(opts.reader ?? meshi, run);
    else if (!(await settledQuietly(opts.reader ?? meshi, run))) runsSettled = false;
    return run.run_id;
  };
  const startRun = async (operationId: string, eventId: string, body: Record<string, unknown>, what: string): Promise<SeededRun> => {
    const res = await s.call(operationId, {
      params: { event_id: eventId },
      body: { idempotency_key: ns.idempotencyKey(`${label}-${what}`), ...body },
      label: `seed: ${what}`,
    });
    return res.body as SeededRun;
  };
  const eventId = ns.id(`${label}-ev`);
  await s.call('createEvent', { body: { event_id: eventId, title: `World ${label}` }, label: 'seed: event' });
  await s.call('upsertEventContext', {
    params: { event_id: eventId },
    body: { event_details: 'Seeded by the conformance suite' },
    label: 'seed: context',
  });
  const sessionId = ns.id(`${label}-ses`);
  await s.call('createSession', {
    params: { event_id: eventId },
    body: { session_id: sessionId, title: 'Seed session' },
    label: 'seed: session',
  });
  const { ids: attendeeIds, rows } = attendeeRows(ns, label, opts);
  const runId = await poll(await startRun('importAttendees', eventId, { attendees: rows }, 'imp'));
  const otherEventId = opts.crossEventPair ? await seedOtherEvent(meshi, ns, label, rows[0]!.email as string, startRun, poll) : null;
  const enrichmentRunId = opts.enrich ? await poll(await startRun('enrichAttendees', eventId, {}, 'enr')) : null;
  const matchingRunId = opts.match ? await poll(await startRun('runMatching', eventId, {}, 'match')) : null;
  return { eventId, otherEventId, sessionId, attendeeIds, runId, enrichmentRunId, matchingRunId, runsSettled };
}

async function seedOtherEvent(
  meshi: MeshiClient,
  ns: Namespace,
  label: string,
  email: string,
  startRun: (operationId: string, eventId: string, body: Record<string, unknown>, what: string) => Promise<SeededRun>,
  poll: (run: SeededRun) => Promise<unknown>,
): Promise<string> {
  const other = ns.id(`${label}-ev2`);
  await meshi.setup.call('createEvent', { body: { event_id: other, title: `World ${label} (second event)` }, label: 'seed: second event' });
  await poll(
    await startRun(
      'importAttendees',
      other,
      { attendees: [{ attendee_id: ns.id(`${label}-elsewhere`), name: 'Seed Elsewhere', email }] },
      'imp2',
    ),
  );
  return other;
}

/**
 * The world's objects that a path parameter may name (the one switch on parameter names): the
 * event, the session, the first two attendees, the terminal runs; a `partner_id` follows `kind`.
 * Empty for a name the world has nothing for.
 */
export function existingIds(world: World, name: string, kind: string = eventKind()): string[] {
  switch (name) {
    case 'event_id':
      return [world.eventId];
    case 'session_id':
      return [world.sessionId];
    case 'attendee_id':
      return world.attendeeIds.slice(0, 2);
    case 'run_id':
      return [world.runId, world.enrichmentRunId, world.matchingRunId].filter((id): id is string => id !== null);
    case 'partner_id':
      return kind === 'session' ? [world.sessionId] : kind === 'attendee' ? [world.attendeeIds[0]!] : [world.eventId];
    case 'kind':
      return [kind];
    default:
      return [];
  }
}

/** Path parameters for an operation naming the world's existing objects (the id-map kind: `event`). */
export function paramsFrom(op: OperationIndex, world: World): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of pathParamNames(op)) {
    const id = existingIds(world, name)[0];
    if (id === undefined) throw new Error(`[HARNESS] harness/world/world.ts: no value for path parameter ${name}; extend existingIds`);
    out[name] = id;
  }
  return out;
}

/**
 * True when `op` names something a seeded run had yet to create (an imported attendee) because
 * the world's runs did not all settle (`settle: 'tolerate'`): a test notes such a case as not
 * exercised rather than judge it.
 */
export function awaitsUnsettledRun(op: OperationIndex, world: World): boolean {
  return !world.runsSettled && pathParamNames(op).includes('attendee_id');
}
