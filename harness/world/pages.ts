// The one pager: every walk over a cursor-paginated list goes through `cursorPages`. `walkPages`
// checks each page against a guarantee; `readAll` is the set-up variant (set-up mode, max page size).

import { contract, type GuaranteeId } from '../../contract';
import { expectStatus, expectThat } from '../verdicts/expect';
import type { CallOptions, MeshiClient, MeshiResponse } from '../http/client';
import type { Json } from '../http/json';
import { observeSubject } from '../verdicts/observe';

export interface WalkOptions extends CursorOptions {
  /** The guarantee the walk's own checks are attributed to (200 pages, page sizes, no cursor loop). */
  readonly guarantee: GuaranteeId;
  /** Stop early once this returns true for the items collected so far. */
  readonly until?: (items: readonly Json[]) => boolean;
}

export interface Walk {
  readonly items: Json[];
  readonly pages: MeshiResponse<Json>[];
  /** next_cursor of each page (the last one null unless stopped early). */
  readonly cursors: (string | null)[];
  /** True when the walk ended on next_cursor null. */
  readonly complete: boolean;
}

/** One page of a cursor walk: the response, its 1-based number and the cursor it was asked with. */
export interface CursorPage {
  readonly res: MeshiResponse<Json>;
  readonly n: number;
  readonly cursor: string | null;
}

export interface CursorOptions {
  /** `limit` sent on every page (omitted: the default page size applies). */
  readonly limit?: number;
  /** Extra query parameters (filters) sent on every page. */
  readonly query?: Readonly<Record<string, string | number>>;
  /** Start from this cursor instead of the first page. */
  readonly startCursor?: string | null;
  /** Safety stop (default 2000 pages). */
  readonly maxPages?: number;
}

/**
 * The one cursor loop: fetches the first page (or `startCursor`'s), then follows next_cursor while
 * it is a string, up to `maxPages`. It checks nothing: each caller asserts what its guarantee says
 * about a page, and stops early by leaving the loop.
 */
export async function* cursorPages(
  fetchPage: (query: Json) => Promise<MeshiResponse<Json>>,
  opts: CursorOptions = {},
): AsyncGenerator<CursorPage> {
  let cursor: string | null = opts.startCursor ?? null;
  const maxPages = opts.maxPages ?? 2000;
  for (let n = 1; n <= maxPages; n++) {
    const query: Json = { ...(opts.query ?? {}) };
    if (opts.limit !== undefined) query.limit = opts.limit;
    if (cursor !== null) query.cursor = cursor;
    const res = await fetchPage(query);
    yield { res, n, cursor };
    const next: unknown = (res.body as Json | undefined)?.next_cursor;
    if (typeof next !== 'string') return;
    cursor = next;
  }
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
  const maxPages = opts.maxPages ?? 2000;
  for await (const { res, n, cursor } of cursorPages(fetchPage, { ...opts, maxPages })) {
    pages.push(res);
    expectStatus(
      g,
      `page ${n} (limit ${opts.limit ?? 'default'}${cursor === null ? '' : n === 1 ? ', from the start cursor' : ', cursor from page ' + (n - 1)})`,
      res,
      200,
    );
    if (cursor !== null) observeSubject(g, 'a page reached through next_cursor');
    const body = res.body as Json;
    expectThat(g, `page ${n} has an items array`, Array.isArray(body?.items));
    expectThat(g, `page ${n} holds at most ${pageSize} items`, body.items.length <= pageSize, body.items.length, `≤ ${pageSize}`);
    items.push(...(body.items as Json[]));
    const next = (body.next_cursor ?? null) as string | null;
    cursors.push(next);
    if (next === null) return { items, pages, cursors, complete: true };
    expectThat(g, `page ${n} repeats an earlier next_cursor (the walk would loop)`, !seen.has(next));
    seen.add(next);
    if (opts.until?.(items)) return { items, pages, cursors, complete: false };
    expectThat(g, `the walk ends within ${maxPages} pages`, n < maxPages, n, `< ${maxPages}`);
  }
  throw new Error(`[HARNESS] walkPages: next_cursor of page ${pages.length} is neither a string nor null`);
}

/** A call function for walkPages over a list operation with fixed path parameters. */
export function lister(
  meshi: MeshiClient,
  operationId: string,
  params: Readonly<Record<string, string>> = {},
  extra: Omit<CallOptions, 'params' | 'query'> = {},
): (query: Json) => Promise<MeshiResponse<Json>> {
  return (query) => meshi.call<Json>(operationId, { ...extra, params, query });
}

/** Every item of a list (set-up read through the client's set-up mode, max page size). */
export async function readAll(
  meshi: MeshiClient,
  operationId: string,
  params: Readonly<Record<string, string>> = {},
  query: Readonly<Record<string, string | number>> = {},
): Promise<Json[]> {
  const items: Json[] = [];
  const read = (q: Json) => meshi.setup.call<Json>(operationId, { params, query: q, label: `read ${operationId} page` });
  for await (const { res } of cursorPages(read, { query, limit: contract.limits.pageLimitMax! })) {
    items.push(...(res.body.items as Json[]));
    if (typeof res.body.next_cursor !== 'string') return items;
  }
  throw new Error(`[HARNESS] ${operationId}: more than 2000 pages`);
}

/** Code-unit order (the order partner IDs and timestamps sort in). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
