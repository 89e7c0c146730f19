// Set-up builders shared by the domain suites: events, sessions, attendee rows, runs polled to a
// terminal status. They use the client's set-up mode (`meshi.setup`): transient failures are
// tolerated and the call must succeed. What a test proves is called directly instead.

import type { GuaranteeId } from '../../contract';
import type { MeshiClient } from '../http/client';
import type { Json } from '../http/json';
import type { Namespace } from './namespace';
import { slugOf } from './idCharacters';
import { pollRun, type PollOptions, type PollResult } from './pollRun';
import { GuaranteeViolation } from '../verdicts/errors';
import { failOrBlock } from '../verdicts/preconditions';
import { requireThat } from '../verdicts/require';

/** A poll schedule a little tighter than pollRun's default (runs take a few hundred ms on the mock). */
export const POLL: PollOptions = { intervalsMs: [100, 100, 100, 100, 200, 400, 800, 1000] };

/** Creates an event (201) and returns the response body. */
export async function createEvent(meshi: MeshiClient, ns: Namespace, overrides: Json = {}): Promise<Json> {
  const eventId = (overrides.event_id as string | undefined) ?? ns.id('evt');
  const res = await meshi.setup.call('createEvent', {
    body: { event_id: eventId, title: `Event ${eventId}`, ...overrides },
    label: 'create an event',
  });
  return res.body as Json;
}

/** Creates a session in an event (201) and returns the response body. */
export async function createSession(meshi: MeshiClient, ns: Namespace, eventId: string, overrides: Json = {}): Promise<Json> {
  const sessionId = (overrides.session_id as string | undefined) ?? ns.id('ses');
  const res = await meshi.setup.call('createSession', {
    params: { event_id: eventId },
    body: { session_id: sessionId, title: `Session ${sessionId}`, ...overrides },
    label: 'create a session',
  });
  return res.body as Json;
}

/** An import row with a fresh attendee_id and namespaced email (override anything). */
export function attendeeRow(ns: Namespace, label = 'att', overrides: Json = {}): Json {
  const id = (overrides.attendee_id as string | undefined) ?? ns.id(label);
  return { attendee_id: id, name: `Person ${id}`, email: `${slugOf(id)}@example.com`, ...overrides };
}

/** `n` rows with distinct, varied profiles (titles and companies differ, so scores differ). */
export function attendeeRows(ns: Namespace, n: number, label = 'att'): Json[] {
  const titles = [
    'Senior Data Engineer',
    'VP Sales',
    'Product Designer',
    'Chief Technology Officer',
    'Marketing Manager',
    'AI Research Scientist',
    'Head of Partnerships',
    'Junior Developer',
  ];
  const companies = ['Acme Cloud Software', 'Northwind Bank', 'Globex Health', 'Initech Data Labs', 'Umbrella Energy', 'Hooli Media'];
  const topics = ['ai', 'fintech', 'climate', 'design', 'security', 'growth', 'data', 'payments'];
  return Array.from({ length: n }, (_, i) =>
    attendeeRow(ns, label, {
      title: titles[i % titles.length],
      company: companies[(i * 5) % companies.length],
      raw: { interests: [topics[i % topics.length], topics[(i * 3 + 1) % topics.length]] },
    }),
  );
}

/** PUT …/attendees:import (set-up call, 202); returns the run of the response. */
export async function importAttendees(
  meshi: MeshiClient,
  ns: Namespace,
  eventId: string,
  rows: readonly Json[],
  extra: Json = {},
): Promise<Json> {
  return startRun(
    meshi,
    'importAttendees',
    eventId,
    { attendees: rows, idempotency_key: ns.idempotencyKey('imp'), ...extra },
    `import ${rows.length} attendee(s)`,
  );
}

/** POST …/attendees:enrich (set-up call, 202); returns the run. */
export async function enrichAttendees(meshi: MeshiClient, ns: Namespace, eventId: string, extra: Json = {}): Promise<Json> {
  return startRun(meshi, 'enrichAttendees', eventId, { idempotency_key: ns.idempotencyKey('enr'), ...extra }, 'start enrichment');
}

/** POST …/matches:run (set-up call, 202); returns the run. */
export async function runMatching(meshi: MeshiClient, ns: Namespace, eventId: string, extra: Json = {}): Promise<Json> {
  return startRun(meshi, 'runMatching', eventId, { idempotency_key: ns.idempotencyKey('mat'), ...extra }, 'start matching');
}

/** A run-creating write on an event as a set-up call; returns the run it answered. */
async function startRun(meshi: MeshiClient, operationId: string, eventId: string, body: Json, label: string): Promise<Json> {
  const res = await meshi.setup.call(operationId, { params: { event_id: eventId }, body, label });
  return res.body as Json;
}

/**
 * Polls a run (the object a write answered, or its id) to its terminal status (pollRun checks
 * RUN-02 on the way, and that an import's run is readable, IMP-01). Set-up runs skip pollRun's
 * extra confirming read (terminal stability is RUN-03, proven in runs.spec.ts).
 */
export async function runToTerminal(meshi: MeshiClient, run: Json | string, options: PollOptions = {}): Promise<Json> {
  const result: PollResult<Json> = await pollRun<Json>(meshi, run, { ...POLL, confirmTerminal: false, ...options });
  return result.run;
}

/**
 * The guarantee whose sentence says when a run of each kind ends failed: a set-up run of valid
 * input that ends otherwise breaks it (an import of valid rows that fails breaks IMP-05, which says
 * an import fails only when every row fails). Provisional decision, pending a contract extension.
 */
export const RUN_OUTCOME_GUARANTEE: Readonly<Record<string, GuaranteeId>> = {
  import: 'IMP-05',
  enrichment: 'ENR-02',
  matching: 'MATCH-03',
};

/**
 * A set-up run that delivered its results (succeeded or partial); any other ending blocks the test
 * by the guarantee of the run's kind (RUN_OUTCOME_GUARANTEE), so it becomes that guarantee's root cause.
 */
export function requireRunDone(what: string, run: Json): void {
  if (run.status === 'succeeded' || run.status === 'partial') return;
  const guarantee = RUN_OUTCOME_GUARANTEE[String(run.kind)] ?? null;
  const detail = `${what}: the ${String(run.kind ?? '')} run ${String(run.run_id ?? '')} ended ${String(run.status)}, expected succeeded or partial`;
  const data = { observed: `run ended ${String(run.status)}`, expected: 'succeeded or partial' };
  // A test of that very guarantee fails by it; any other is blocked by it.
  if (guarantee) failOrBlock(new GuaranteeViolation(guarantee, detail), 'requireRunDone', data);
  requireThat(null, detail, false);
}

export async function importAndWait(
  meshi: MeshiClient,
  ns: Namespace,
  eventId: string,
  rows: readonly Json[],
  extra: Json = {},
): Promise<Json> {
  return runToTerminal(meshi, await importAttendees(meshi, ns, eventId, rows, extra));
}

export async function enrichAndWait(meshi: MeshiClient, ns: Namespace, eventId: string): Promise<Json> {
  return runToTerminal(meshi, await enrichAttendees(meshi, ns, eventId));
}

export async function matchAndWait(meshi: MeshiClient, ns: Namespace, eventId: string): Promise<Json> {
  return runToTerminal(meshi, await runMatching(meshi, ns, eventId));
}

/** An event with attendees imported (import run terminal). */
export async function eventWithAttendees(
  meshi: MeshiClient,
  ns: Namespace,
  rows: readonly Json[],
  overrides: Json = {},
): Promise<{ event: Json; run: Json }> {
  const event = await createEvent(meshi, ns, overrides);
  const run = await importAndWait(meshi, ns, event.event_id as string, rows);
  return { event, run };
}
