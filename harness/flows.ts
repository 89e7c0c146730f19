// Set-up builders shared by the domain suites (ids, isolation, events, context, sessions, imports,
// runs, idempotency, pagination, reviews, matching), so specs stay declarative:
//
//   const event = await createEvent(meshi, ns);                      // set-up call (transient tolerant)
//   const run = await importAndWait(meshi, ns, event.event_id, rows); // import + pollRun to terminal
//   const { items } = await walkPages((q) => meshi.call('listAttendees', { params, query: q }), { guarantee: 'PAGE-01', limit: 2 });
//
// Builders use the client's set-up mode (`meshi.setup`): they tolerate transient failures and
// must succeed. What a test proves is called directly with plain conformance calls. Nothing here
// restates a contract value: limits, patterns, field rules and codes come from generated/contract.ts
// (through contract/) or from the harness configuration (target limits).

import { expect } from '@playwright/test';
import { contract, fieldRule, pattern, runCreatingOperations, statusOf, type FieldRule, type GuaranteeId } from '../contract';
import { expectStatus } from './assertions';
import { observed } from './subjects';
import type { CallOptions, MeshiClient, MeshiResponse } from './client';
import type { Namespace } from './namespace';
import { pollRun, type PollOptions, type PollResult } from './pollRun';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

/** A poll schedule a little tighter than pollRun's default (runs take a few hundred ms on the mock). */
export const POLL: PollOptions = { intervalsMs: [100, 100, 100, 100, 200, 400, 800, 1000] };

// Contract look-ups live in contract/ (re-exported for the suites' convenience).
export { errorCodeOf, fieldRule, maxLengthOf, paramErrorCode, runErrorCode, statusOf } from '../contract';
export const RUN_OPERATIONS = runCreatingOperations;

// ---------------------------------------------------------------------------------------------
// Values derived from the contract patterns

const PRINTABLE_ASCII = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i));
/** Characters beyond printable ASCII tried against the ID rules: controls, DEL, Latin-1, CJK, astral. */
const OTHER_CHARS = ['\t', '\n', '\u0000', '\u007f', 'é', 'ß', '日', '\u00a0', '😀'];
export const CANDIDATE_CHARS: readonly string[] = [...PRINTABLE_ASCII, ...OTHER_CHARS];

/** Characters that may not appear anywhere in a string of the pattern (tested between two letters). */
export function illegalCharacters(re: RegExp): string[] {
  return CANDIDATE_CHARS.filter((c) => !re.test(`a${c}b`) && !re.test(`A${c}b`));
}

/** Characters allowed inside but not first. */
export function badFirstCharacters(re: RegExp): string[] {
  return CANDIDATE_CHARS.filter((c) => re.test(`a${c}`) && !re.test(`${c}a`));
}

/** Characters allowed everywhere. */
export function allowedCharacters(re: RegExp): string[] {
  return CANDIDATE_CHARS.filter((c) => re.test(`${c}a`));
}

/** A readable name for a character in assertion messages. */
export function charName(c: string): string {
  const cp = c.codePointAt(0)!;
  return cp < 0x21 || cp === 0x7f || cp === 0xa0 ? `U+${cp.toString(16).toUpperCase().padStart(4, '0')}` : JSON.stringify(c);
}

export interface BadId {
  readonly what: string;
  readonly id: string;
}

/**
 * Malformed partner IDs, one per defect: one character too long, every character allowed inside
 * but not first, every illegal character (inside an otherwise valid ID). `sample` keeps the
 * length case, then every n-th of the others (for positions where the full sweep is too costly).
 */
export function badPartnerIds(ns: Namespace, sample?: { readonly count: number; readonly offset: number }): BadId[] {
  const re = pattern('partnerId');
  const max = contract.limits.partnerIdMaxLength!;
  const all: BadId[] = [];
  const base = ns.id('bad');
  for (const c of badFirstCharacters(re)) all.push({ what: `starting with ${charName(c)}`, id: `${c}${base}` });
  for (const c of illegalCharacters(re)) all.push({ what: `containing ${charName(c)}`, id: `${base}${c}x` });
  const long: BadId = { what: `of ${max + 1} characters`, id: ns.idOfLength(max + 1, 'long') };
  if (!sample) return [long, ...all];
  const picked: BadId[] = [long];
  for (let i = 0; i < sample.count; i++) picked.push(all[(sample.offset + i * Math.max(1, Math.floor(all.length / sample.count))) % all.length]!);
  return picked;
}

/** A lower-case url_slug-safe rendering of a partner ID. */
export function slugOf(id: string): string {
  return id.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+/, '');
}

/** A fresh email that belongs to this namespace (identity clustering never meets other tests). */
export function emailOf(ns: Namespace, label: string): string {
  return `${slugOf(ns.id(label))}@example.com`;
}

/** A fresh LinkedIn profile URL that belongs to this namespace. */
export function linkedinOf(ns: Namespace, label: string): string {
  return `https://www.linkedin.com/in/${slugOf(ns.id(label))}`;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** `value` without `correlation_id` (for comparing two responses of one object). */
export function withoutCorrelation<T extends Json>(value: T): Omit<T, 'correlation_id'> {
  const { correlation_id: _c, ...rest } = value;
  return rest;
}

// ---------------------------------------------------------------------------------------------
// Builders (set-up calls)

/** Creates an event (201) and returns the response body. */
export async function createEvent(meshi: MeshiClient, ns: Namespace, overrides: Json = {}): Promise<Json> {
  const eventId = (overrides.event_id as string | undefined) ?? ns.id('evt');
  const res = await meshi.setup.call('createEvent', { body: { event_id: eventId, title: `Event ${eventId}`, ...overrides }, label: 'create an event' });
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
  const titles = ['Senior Data Engineer', 'VP Sales', 'Product Designer', 'Chief Technology Officer', 'Marketing Manager', 'AI Research Scientist', 'Head of Partnerships', 'Junior Developer'];
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
export async function importAttendees(meshi: MeshiClient, ns: Namespace, eventId: string, rows: readonly Json[], extra: Json = {}): Promise<Json> {
  const res = await meshi.setup.call('importAttendees', {
    params: { event_id: eventId },
    body: { attendees: rows, idempotency_key: ns.idempotencyKey('imp'), ...extra },
    label: `import ${rows.length} attendee(s)`,
  });
  return res.body as Json;
}

/** POST …/attendees:enrich (set-up call, 202); returns the run. */
export async function enrichAttendees(meshi: MeshiClient, ns: Namespace, eventId: string, extra: Json = {}): Promise<Json> {
  const res = await meshi.setup.call('enrichAttendees', { params: { event_id: eventId }, body: { idempotency_key: ns.idempotencyKey('enr'), ...extra }, label: 'start enrichment' });
  return res.body as Json;
}

/** POST …/matches:run (set-up call, 202); returns the run. */
export async function runMatching(meshi: MeshiClient, ns: Namespace, eventId: string, extra: Json = {}): Promise<Json> {
  const res = await meshi.setup.call('runMatching', { params: { event_id: eventId }, body: { idempotency_key: ns.idempotencyKey('mat'), ...extra }, label: 'start matching' });
  return res.body as Json;
}

/**
 * Polls a run (object or id) to its terminal status (pollRun checks RUN-02 on the way). Set-up
 * runs skip pollRun's extra confirming read (terminal stability is RUN-03, proven in runs.spec.ts).
 */
export async function runToTerminal(meshi: MeshiClient, run: Json | string, options: PollOptions = {}): Promise<Json> {
  const id = typeof run === 'string' ? run : (run.run_id as string);
  const result: PollResult<Json> = await pollRun<Json>(meshi, id, { ...POLL, confirmTerminal: false, ...options });
  return result.run;
}

export async function importAndWait(meshi: MeshiClient, ns: Namespace, eventId: string, rows: readonly Json[], extra: Json = {}): Promise<Json> {
  return runToTerminal(meshi, await importAttendees(meshi, ns, eventId, rows, extra));
}

export async function enrichAndWait(meshi: MeshiClient, ns: Namespace, eventId: string): Promise<Json> {
  return runToTerminal(meshi, await enrichAttendees(meshi, ns, eventId));
}

export async function matchAndWait(meshi: MeshiClient, ns: Namespace, eventId: string): Promise<Json> {
  return runToTerminal(meshi, await runMatching(meshi, ns, eventId));
}

/** An event with attendees imported (import run terminal). */
export async function eventWithAttendees(meshi: MeshiClient, ns: Namespace, rows: readonly Json[], overrides: Json = {}): Promise<{ event: Json; run: Json }> {
  const event = await createEvent(meshi, ns, overrides);
  const run = await importAndWait(meshi, ns, event.event_id as string, rows);
  return { event, run };
}

// ---------------------------------------------------------------------------------------------
// Valid requests per operation (EVT-08, ID-02, isolation): well-formed parameters and a body

/** A valid body for an operation's request schema, or undefined when it takes none. */
export function validBody(operationId: string, ns: Namespace): Json | undefined {
  const op = contract.operations[operationId];
  if (!op?.requestBody) return undefined;
  switch (op.requestBody.schema) {
    case 'EventCreate':
      return { event_id: ns.id('evt'), title: 'A valid event' };
    case 'EventUpdate':
      return { title: 'A valid event title' };
    case 'EventContextUpdate':
      return { event_details: 'Valid event details' };
    case 'SessionCreate':
      return { session_id: ns.id('ses'), title: 'A valid session' };
    case 'SessionUpdate':
      return { title: 'A valid session title' };
    case 'AttendeeImportRequest':
      return { attendees: [attendeeRow(ns, 'att')], idempotency_key: ns.idempotencyKey('valid') };
    default:
      // EnrichRequest, MatchRequest and any other run-creating request: the key is all they need.
      return { idempotency_key: ns.idempotencyKey('valid') };
  }
}

/** Path parameters for an operation: the given ones, fresh well-formed IDs for the rest. */
export function paramsFor(operationId: string, ns: Namespace, given: Readonly<Record<string, string>> = {}): Record<string, string> {
  const op = contract.operations[operationId]!;
  const out: Record<string, string> = {};
  for (const p of op.parameters) {
    if (p.in !== 'path') continue;
    out[p.name] = given[p.name] ?? ns.id(`never-${p.name}`);
  }
  return out;
}

/** Operations whose path is under /events/{event_id} (every event-scoped route). */
export function eventScopedOperations(): string[] {
  return Object.values(contract.operations)
    .filter((o) => o.path.startsWith('/events/{event_id}'))
    .map((o) => o.operationId);
}

/** List operations (those with a `cursor` query parameter). */
export function listOperations(): string[] {
  return Object.values(contract.operations)
    .filter((o) => o.parameters.some((p) => p.in === 'query' && p.name === 'cursor'))
    .map((o) => o.operationId);
}

// ---------------------------------------------------------------------------------------------
// Pages

export interface WalkOptions {
  /** The guarantee the walk's own checks are attributed to (200 pages, page sizes, no cursor loop). */
  readonly guarantee: string;
  /** `limit` sent on every page (omitted: the default page size applies). */
  readonly limit?: number;
  /** Extra query parameters (filters) sent on every page. */
  readonly query?: Readonly<Record<string, string | number>>;
  /** Start from this cursor instead of the first page. */
  readonly startCursor?: string | null;
  /** Stop early once this returns true for the items collected so far. */
  readonly until?: (items: readonly Json[]) => boolean;
  /** Safety stop (default 2000 pages). */
  readonly maxPages?: number;
}

export interface Walk {
  readonly items: Json[];
  readonly pages: MeshiResponse<Json>[];
  /** next_cursor of each page (the last one null unless stopped early). */
  readonly cursors: (string | null)[];
  /** True when the walk ended on next_cursor null. */
  readonly complete: boolean;
}

/**
 * Walks a list from its first page, following next_cursor until it is null (or `until` holds).
 * Checks on the way, attributed to `guarantee`: every page answers 200 with an items array of at
 * most `limit` (default: the contract's default page size) items, and no cursor repeats.
 */
export async function walkPages(fetchPage: (query: Json) => Promise<MeshiResponse<Json>>, opts: WalkOptions): Promise<Walk> {
  const g = opts.guarantee;
  const pageSize = opts.limit ?? contract.limits.pageLimitDefault!;
  const items: Json[] = [];
  const pages: MeshiResponse<Json>[] = [];
  const cursors: (string | null)[] = [];
  const seen = new Set<string>();
  let cursor: string | null = opts.startCursor ?? null;
  const maxPages = opts.maxPages ?? 2000;
  for (let n = 1; ; n++) {
    const query: Json = { ...(opts.query ?? {}) };
    if (opts.limit !== undefined) query.limit = opts.limit;
    if (cursor !== null) query.cursor = cursor;
    const res = await fetchPage(query);
    pages.push(res);
    expectStatus(res, 200, g as GuaranteeId, `page ${n} (limit ${opts.limit ?? 'default'}${cursor === null ? '' : n === 1 ? ', from the start cursor' : ', cursor from page ' + (n - 1)})`);
    if (cursor !== null) observed('a page reached through next_cursor');
    const body = res.body as Json;
    expect(Array.isArray(body?.items), `[${g}] page ${n} has an items array`).toBe(true);
    expect(body.items.length, `[${g}] page ${n} holds at most ${pageSize} items`).toBeLessThanOrEqual(pageSize);
    items.push(...(body.items as Json[]));
    const next = (body.next_cursor ?? null) as string | null;
    cursors.push(next);
    if (next === null) return { items, pages, cursors, complete: true };
    expect(seen.has(next), `[${g}] page ${n} repeats an earlier next_cursor (the walk would loop)`).toBe(false);
    seen.add(next);
    if (opts.until?.(items)) return { items, pages, cursors, complete: false };
    expect(n, `[${g}] the walk ends within ${maxPages} pages`).toBeLessThan(maxPages);
    cursor = next;
  }
}

/** A call function for walkPages over a list operation with fixed path parameters. */
export function lister(meshi: MeshiClient, operationId: string, params: Readonly<Record<string, string>> = {}, extra: Omit<CallOptions, 'params' | 'query'> = {}): (query: Json) => Promise<MeshiResponse<Json>> {
  return (query) => meshi.call<Json>(operationId, { ...extra, params, query });
}

/** Every item of a list (set-up read through the client's set-up mode, max page size). */
export async function readAll(meshi: MeshiClient, operationId: string, params: Readonly<Record<string, string>> = {}, query: Readonly<Record<string, string | number>> = {}): Promise<Json[]> {
  const items: Json[] = [];
  let cursor: string | null = null;
  for (let n = 0; n < 2000; n++) {
    const res: MeshiResponse<Json> = await meshi.setup.call<Json>(operationId, {
      params,
      query: { ...query, limit: contract.limits.pageLimitMax!, ...(cursor === null ? {} : { cursor }) },
      label: `read ${operationId} page ${n + 1}`,
    });
    items.push(...(res.body.items as Json[]));
    cursor = (res.body.next_cursor ?? null) as string | null;
    if (cursor === null) return items;
  }
  throw new Error(`[HARNESS] ${operationId}: more than 2000 pages`);
}

/** Code-unit order (the order partner IDs and timestamps sort in). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export { expectError, expectStatus } from './assertions';

/** Whether a response carries `Idempotent-Replayed: true`. */
export function isReplay(res: MeshiResponse): boolean {
  return (res.headers['idempotent-replayed'] ?? '').trim().toLowerCase() === 'true';
}

/**
 * Runs `fn` over `items` with at most `concurrency` calls in flight (default 8): independent
 * probes (validation sweeps, not-found sweeps) finish in a fraction of the sequential time on a
 * slow link without flooding the target.
 */
export async function forEachConcurrent<T>(items: readonly T[], fn: (item: T, index: number) => Promise<void>, concurrency = 8): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/** A precondition on the contract itself (not a guarantee of the target): throws `[HARNESS] …`. */
export function contractAssert(condition: unknown, what: string): asserts condition {
  if (!condition) throw new Error(`[HARNESS] contract precondition failed: ${what}`);
}
