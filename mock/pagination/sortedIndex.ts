// A list kept sorted ascending by a sort key (binary-search insertion and removal): the storage of
// the lists that change one item at a time (events, sessions). pages.ts serves it a page at a time.

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

  /** What a cursor after `item` carries: its token, else its sort key. */
  cursorKeyOf(item: T): SortKey {
    return this.tokenOf ? [this.tokenOf(item)] : (this.keyByItem.get(item) ?? this.keyOf(item));
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

/**
 * One SortedIndex per owner (an org's events, an event's sessions), kept beside the owner and rebuilt
 * from its records whenever their count changed: the lookup `indexOf(owner)`.
 */
export function indexPerOwner<O extends object, T>(
  recordsOf: (owner: O) => ReadonlyMap<string, T>,
  keyOf: (item: T) => SortKey,
  tokenOf: (item: T) => SortKeyPart,
): (owner: O) => SortedIndex<T> {
  const indexes = new WeakMap<O, SortedIndex<T>>();
  return (owner) => {
    const records = recordsOf(owner);
    let index = indexes.get(owner);
    if (!index || index.size !== records.size) {
      index = new SortedIndex<T>(keyOf, tokenOf);
      index.rebuild(records.values());
      indexes.set(owner, index);
    }
    return index;
  };
}
