// Cursor pagination. A list is a SortedIndex (an array kept sorted by a sort key, ascending);
// it is served in ascending or descending order. A cursor is
//   base64url(JSON [list fingerprint, ...sort key of the last item served]) "." base64url(HMAC)
// signed with a per-process secret: opaque, never a UUID and never an internal id (sort keys are
// timestamps, sequence numbers and partner-visible values only). A cursor that is malformed, forged,
// from another process or from another list gives 400 INVALID_CURSOR; a page costs O(log n + limit).

import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { RequestContext } from './app';
import { limitOf, type MockConfig } from './config';
import { contract as C } from '../contract';
import { apiError } from './contract';
import { F } from './faults/http';
import type { FaultSwitch } from './faults/switch';

export type SortKeyPart = string | number;
export type SortKey = readonly SortKeyPart[];

export function compareKeys(a: SortKey, b: SortKey): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x < y ? -1 : 1;
    const sx = String(x);
    const sy = String(y);
    if (sx !== sy) return sx < sy ? -1 : 1;
  }
  return a.length - b.length;
}

/**
 * Items kept sorted ascending by `keyOf`; insertion and removal by binary search. With `tokenOf`
 * (e.g. the record's seq) cursors carry that token instead of the sort key, so they encode no
 * partner or internal identifier at all; the token is looked up to find the position again.
 */
export class SortedIndex<T> {
  private items: T[] = [];
  private keys: SortKey[] = [];
  private readonly keyByItem = new Map<T, SortKey>();
  private readonly byToken = new Map<SortKeyPart, T>();

  constructor(
    private readonly keyOf: (item: T) => SortKey,
    readonly tokenOf: ((item: T) => SortKeyPart) | null = null,
  ) {}

  get size(): number {
    return this.items.length;
  }

  insert(item: T): void {
    const key = this.keyOf(item);
    const i = this.upperBound(key);
    this.items.splice(i, 0, item);
    this.keys.splice(i, 0, key);
    this.keyByItem.set(item, key);
    if (this.tokenOf) this.byToken.set(this.tokenOf(item), item);
  }

  /** Removes an item (call before changing the fields its key is made of, then insert again). */
  remove(item: T): boolean {
    const key = this.keyByItem.get(item);
    if (!key) return false;
    for (let i = this.lowerBound(key); i < this.items.length && compareKeys(this.keys[i]!, key) === 0; i++) {
      if (this.items[i] === item) {
        this.items.splice(i, 1);
        this.keys.splice(i, 1);
        this.keyByItem.delete(item);
        if (this.tokenOf) this.byToken.delete(this.tokenOf(item));
        return true;
      }
    }
    return false;
  }

  /** Replaces the content (e.g. after a bulk change). */
  rebuild(items: Iterable<T>): void {
    const pairs = [...items].map((item) => [this.keyOf(item), item] as const);
    pairs.sort((a, b) => compareKeys(a[0], b[0]));
    this.keys = pairs.map((p) => p[0]);
    this.items = pairs.map((p) => p[1]);
    this.keyByItem.clear();
    this.byToken.clear();
    for (const [key, item] of pairs) {
      this.keyByItem.set(item, key);
      if (this.tokenOf) this.byToken.set(this.tokenOf(item), item);
    }
  }

  at(i: number): T {
    return this.items[i]!;
  }

  keyAt(i: number): SortKey {
    return this.keys[i]!;
  }

  /** What a cursor after item i carries: its token, else its sort key. */
  cursorKeyAt(i: number): SortKey {
    return this.tokenOf ? [this.tokenOf(this.items[i]!)] : this.keys[i]!;
  }

  /** The sort key a cursor's payload stands for, or null when the token is unknown. */
  resolveCursorKey(k: SortKey): SortKey | null {
    if (!this.tokenOf) return k;
    if (k.length !== 1) return null;
    const item = this.byToken.get(k[0]!);
    return item === undefined ? null : (this.keyByItem.get(item) ?? null);
  }

  /** First index whose key is > key. */
  upperBound(key: SortKey): number {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareKeys(this.keys[mid]!, key) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** First index whose key is ≥ key. */
  lowerBound(key: SortKey): number {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareKeys(this.keys[mid]!, key) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

// ---------------------------------------------------------------------------------------------
// Cursors

const SECRET = randomBytes(32);
const SEPARATOR = '.';
const LEAK_SEPARATOR = '~';

function fingerprint(listId: string): string {
  return createHash('sha256').update(listId).digest('base64url').slice(0, 12);
}

function sign(payload: string): string {
  return createHmac('sha256', SECRET).update(payload).digest('base64url').slice(0, 22);
}

/** The cursor after an item with `key` in list `listId`. */
export function encodeCursor(listId: string, key: SortKey): string {
  const payload = Buffer.from(JSON.stringify([fingerprint(listId), ...key])).toString('base64url');
  return `${payload}${SEPARATOR}${sign(payload)}`;
}

const CURSOR_CODE =
  Object.values(C.operations)
    .flatMap((o) => o.parameters)
    .find((p) => p.in === 'query' && p.name === 'cursor')?.errorCode ?? 'INVALID_CURSOR';

function cursorError(): Error {
  return apiError(CURSOR_CODE, 'The cursor is malformed, expired or belongs to another list');
}

/** The sort key a cursor carries; throws INVALID_CURSOR unless it was issued by this process for `listId`. */
export function decodeCursor(listId: string, cursor: string, faults?: FaultSwitch): SortKey {
  let text = cursor;
  if (faults?.isOn(F.uuidInCursor)) {
    const cut = text.indexOf(LEAK_SEPARATOR);
    if (cut >= 0) text = text.slice(0, cut);
  }
  const dot = text.indexOf(SEPARATOR);
  if (dot <= 0 || text.length > 2048) throw cursorError();
  const payload = text.slice(0, dot);
  const sig = text.slice(dot + 1);
  if (sig !== sign(payload)) throw cursorError();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw cursorError();
  }
  if (!Array.isArray(parsed) || parsed[0] !== fingerprint(listId)) throw cursorError();
  const key = parsed.slice(1);
  if (!key.every((k) => typeof k === 'string' || typeof k === 'number')) throw cursorError();
  return key as SortKey;
}

// ---------------------------------------------------------------------------------------------
// Pages

export interface PageRequest {
  readonly limit: number;
  readonly cursor: string | null;
}

export interface Page<T> {
  readonly items: T[];
  readonly next_cursor: string | null;
}

/** The page request of a list operation; limit and cursor were already checked by validateParams. The default page size honours the `pageLimitDefault` cap. */
export function pageRequest(ctx: RequestContext, config: MockConfig): PageRequest {
  const raw = ctx.query.get('limit');
  const n = raw === null ? NaN : Math.trunc(Number(raw));
  // Validated before the handler; the clamp only matters under the limit-unchecked fault.
  const limit = Number.isFinite(n) ? Math.min(Math.max(n, C.limits.pageLimitMin!), C.limits.pageLimitMax!) : limitOf(config, 'pageLimitDefault');
  return { limit, cursor: ctx.query.get('cursor') };
}

export interface PaginateOptions<T> {
  readonly listId: string;
  readonly order: 'asc' | 'desc';
  readonly faults?: FaultSwitch;
  /** The internal id of an item: only used by the uuid-in-cursor fault. */
  readonly internalIdOf?: (item: T) => string;
}

export function paginate<T>(index: SortedIndex<T>, req: PageRequest, opts: PaginateOptions<T>): Page<T> {
  const asc = opts.order === 'asc';
  let start: number;
  if (req.cursor === null) start = asc ? 0 : index.size - 1;
  else {
    if (req.cursor === '') throw cursorError();
    const key = index.resolveCursorKey(decodeCursor(opts.listId, req.cursor, opts.faults));
    if (key === null) throw cursorError();
    start = asc ? index.upperBound(key) : index.lowerBound(key) - 1;
  }
  const items: T[] = [];
  let i = start;
  for (; items.length < req.limit && i >= 0 && i < index.size; i += asc ? 1 : -1) items.push(index.at(i));
  const more = asc ? i < index.size : i >= 0;
  let next: string | null = null;
  if (more && items.length > 0) {
    const lastIndex = i - (asc ? 1 : -1);
    next = encodeCursor(opts.listId, index.cursorKeyAt(lastIndex));
    if (opts.faults?.isOn(F.uuidInCursor) && opts.internalIdOf) next += LEAK_SEPARATOR + opts.internalIdOf(index.at(lastIndex));
  }
  return { items, next_cursor: next };
}

/** Pagination over an array already sorted in served order, keyed by `keyOf` (ascending in that order). */
export function paginateSorted<T>(items: readonly T[], keyOf: (item: T) => SortKey, req: PageRequest, listId: string, faults?: FaultSwitch): Page<T> {
  let start = 0;
  if (req.cursor !== null) {
    if (req.cursor === '') throw cursorError();
    const key = decodeCursor(listId, req.cursor, faults);
    let lo = 0;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareKeys(keyOf(items[mid]!), key) <= 0) lo = mid + 1;
      else hi = mid;
    }
    start = lo;
  }
  const page = items.slice(start, start + req.limit);
  const more = start + page.length < items.length;
  return { items: page, next_cursor: more && page.length > 0 ? encodeCursor(listId, keyOf(page[page.length - 1]!)) : null };
}
