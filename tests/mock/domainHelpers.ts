// Helpers of the domain tests (imports, runs, enrichment, reviews, matching, idempotency): fast run
// timers, polling, row builders and page walking. Every call goes through `api` (tests/mock/helpers.ts),
// so every response is checked against the contract.

import { C, expect, sleep, type Api, type Res } from './helpers';

/** Short run timers so runs finish quickly (still queued → running → terminal). */
export const FAST = { queuedMs: 15, runningMs: 25 } as const;

export const TERMINAL: readonly string[] = C.terminalRunStatuses;

let keySeq = 0;
/** A fresh idempotency key. */
export function key(tag = 'k'): string {
  return `${tag}-${process.pid}-${Date.now()}-${keySeq++}`;
}

export function enc(id: string): string {
  return encodeURIComponent(id);
}

/** The error code the contract attaches to a body field (x-meshi-error-code). */
export function fieldCode(schema: string, field: string): string {
  const rule = C.fieldRules[schema]?.find((r) => r.name === field);
  if (!rule?.errorCode) throw new Error(`contract has no error code for ${schema}.${field}`);
  return rule.errorCode;
}

export function limit(name: string): number {
  const v = C.limits[name];
  if (typeof v !== 'number') throw new Error(`contract has no limit ${name}`);
  return v;
}

export interface Row {
  attendee_id: string;
  name?: unknown;
  email?: unknown;
  linkedin_url?: unknown;
  title?: unknown;
  company?: unknown;
  session_ids?: unknown;
  raw?: unknown;
  [k: string]: unknown;
}

export function row(id: string, fields: Partial<Row> = {}): Row {
  return { attendee_id: id, name: `Name ${id}`, ...fields };
}

const TITLES = ['CTO', 'Senior Engineer', 'VP Sales', 'Head of Marketing', 'Data Scientist', 'Founder', 'Product Manager'];
const TOPICS = ['ai', 'fintech', 'climate', 'security', 'payments', 'data', 'design', 'growth'];

/** `n` rich rows with ids `${prefix}-000…`: titles, companies, interests and emails vary. */
export function rows(prefix: string, n: number, from = 0): Row[] {
  return Array.from({ length: n }, (_, j) => richRow(prefix, from + j));
}

/** The `i`-th rich row: its title, company and interests cycle through short lists. */
function richRow(prefix: string, i: number): Row {
  const bio = `${TOPICS[i % TOPICS.length]} and ${TOPICS[(i * 3 + 1) % TOPICS.length]}`;
  return {
    attendee_id: `${prefix}-${String(i).padStart(4, '0')}`,
    name: `Person ${i}`,
    email: `p${i}@${prefix}.example.com`,
    title: TITLES[i % TITLES.length],
    company: `Company ${i % 5}`,
    raw: { bio },
  };
}

export async function importRows(api: Api, eventId: string, attendees: unknown[], extra: Record<string, unknown> = {}): Promise<Res> {
  return api.put(`/events/${enc(eventId)}/attendees:import`, { idempotency_key: key('imp'), attendees, ...extra });
}

/** Polls GET /runs/{id} until terminal; returns the terminal body and every status seen. */
export async function pollRun(api: Api, runId: string, budgetMs = 15_000, key?: string): Promise<{ run: any; seen: string[] }> {
  const deadline = Date.now() + budgetMs;
  const seen: string[] = [];
  for (;;) {
    const r = await api.get(`/runs/${runId}`, key === undefined ? {} : { key });
    expect(r.status, `GET /runs/${runId}`).toBe(200);
    if (seen[seen.length - 1] !== r.body.status) seen.push(r.body.status);
    if (TERMINAL.includes(r.body.status)) return { run: r.body, seen };
    if (Date.now() > deadline) throw new Error(`run ${runId} not terminal after ${budgetMs} ms (statuses ${seen.join(' → ')})`);
    await sleep(5);
  }
}

/** Creates a run with `res` (asserting 202) and waits for it to be terminal. */
export async function finished(api: Api, res: Res | Promise<Res>, budgetMs?: number): Promise<any> {
  const r = await res;
  expect(r.status, `run-creating write: ${r.text.slice(0, 200)}`).toBe(202);
  return (await pollRun(api, r.body.run_id, budgetMs)).run;
}

export async function importAndWait(api: Api, eventId: string, attendees: unknown[]): Promise<any> {
  return finished(api, importRows(api, eventId, attendees));
}

export async function enrich(api: Api, eventId: string): Promise<any> {
  return finished(api, api.post(`/events/${enc(eventId)}/attendees:enrich`, { idempotency_key: key('enr') }));
}

/** Imports the rows, then enriches the event (both runs polled to terminal); the enrichment run. */
export async function importAndEnrich(api: Api, eventId: string, attendees: unknown[]): Promise<any> {
  await importAndWait(api, eventId, attendees);
  return enrich(api, eventId);
}

export async function match(api: Api, eventId: string, budgetMs?: number): Promise<any> {
  return finished(api, api.post(`/events/${enc(eventId)}/matches:run`, { idempotency_key: key('mat') }), budgetMs);
}

/** Walks a list by next_cursor to the end; returns every item and the number of pages. */
export async function walk(
  api: Api,
  path: string,
  pageLimit: number,
  opts: { key?: string; maxPages?: number } = {},
): Promise<{ items: any[]; pages: number }> {
  const items: any[] = [];
  let cursor: string | null = null;
  let pages = 0;
  const sep = path.includes('?') ? '&' : '?';
  do {
    const r = await api.get(
      `${path}${sep}limit=${pageLimit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      opts.key === undefined ? {} : { key: opts.key },
    );
    expect(r.status, `GET ${path} page ${pages + 1}`).toBe(200);
    expect(r.body.items.length).toBeLessThanOrEqual(pageLimit);
    items.push(...r.body.items);
    cursor = r.body.next_cursor;
    pages++;
    if (pages > (opts.maxPages ?? 10_000)) throw new Error(`more than ${opts.maxPages} pages`);
  } while (cursor !== null);
  return { items, pages };
}

/** The served order of match scores: score desc, then attendee_id, then matched_attendee_id. */
export function matchOrder(a: any, b: any): number {
  if (a.score !== b.score) return b.score - a.score;
  if (a.attendee_id !== b.attendee_id) return a.attendee_id < b.attendee_id ? -1 : 1;
  if (a.matched_attendee_id !== b.matched_attendee_id) return a.matched_attendee_id < b.matched_attendee_id ? -1 : 1;
  return 0;
}
