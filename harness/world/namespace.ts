// Partner-owned IDs for this run: every ID starts with `<runNamespace>-w<workerIndex>-`, so runs and
// workers never collide (a retried test runs in a new worker, hence new IDs), and matches the
// contract's partner-ID pattern (asserted). Counters are deterministic per worker. The checks
// recognise the form (`carriesHarnessId`, harness/checks/harnessIds.ts).

import { contract } from '../../contract';

export class Namespace {
  readonly prefix: string;
  private readonly idPattern: RegExp;
  private readonly maxLength: number;
  private counter = 0;
  private readonly labels = new Map<string, number>();

  constructor(
    readonly runNamespace: string,
    readonly workerIndex: number,
  ) {
    this.prefix = `${runNamespace}-w${workerIndex}-`;
    const src = contract.patterns.partnerId;
    if (!src) throw new Error('[HARNESS] generated/contract.ts has no partnerId pattern');
    this.idPattern = new RegExp(src);
    this.maxLength = contract.limits.partnerIdMaxLength ?? maxMatchingLength(this.idPattern);
    this.assertId(this.prefix + 'x', 'namespace prefix');
  }

  /** The longest partner ID the contract allows. */
  get maxIdLength(): number {
    return this.maxLength;
  }

  /** A fresh partner ID: `<prefix><label>-<n>` (label sanitised to the ID alphabet). */
  id(label = 'id'): string {
    const n = ++this.counter;
    const clean = sanitise(label) || 'id';
    const id = `${this.prefix}${clean}-${n}`;
    if (id.length > this.maxLength) {
      const cut = `${this.prefix}${clean.slice(0, Math.max(1, this.maxLength - this.prefix.length - String(n).length - 1))}-${n}`;
      return this.assertId(cut, label);
    }
    return this.assertId(id, label);
  }

  /** A fresh ID per label with its own counter: `<prefix><label>-<k>` (k counts uses of that label). */
  labelled(label: string): string {
    const k = (this.labels.get(label) ?? 0) + 1;
    this.labels.set(label, k);
    return this.assertId(`${this.prefix}${sanitise(label) || 'id'}-${k}`, label);
  }

  /**
   * A fresh ID of exactly `length` characters (`maxIdLength` for the longest valid one; longer
   * lengths give an ID that is invalid only by its length, for boundary tests: not asserted).
   */
  idOfLength(length: number, label = 'len'): string {
    const base = this.id(label);
    if (length < base.length) throw new Error(`[HARNESS] ns.idOfLength(${length}): the namespace alone needs ${base.length} characters`);
    const id = base + 'x'.repeat(length - base.length);
    if (length <= this.maxLength) this.assertId(id, `idOfLength(${length})`);
    return id;
  }

  /** A fresh ID of the maximum length the contract allows. */
  maxLengthId(label = 'max'): string {
    return this.idOfLength(this.maxLength, label);
  }

  /** True when an ID belongs to this namespace (this run and worker). */
  owns(id: string): boolean {
    return id.startsWith(this.prefix);
  }

  /** A unique idempotency key for run-creating writes. */
  idempotencyKey(label = 'idem'): string {
    return `${this.prefix}${sanitise(label) || 'idem'}-${++this.counter}`;
  }

  private assertId(id: string, what: string): string {
    if (!this.idPattern.test(id))
      throw new Error(`[HARNESS] ns: ${JSON.stringify(id)} (${what}) does not match the partner-ID pattern ${this.idPattern.source}`);
    return id;
  }
}

/** Replaces characters outside the partner-ID alphabet by `-`. */
export function sanitise(label: string): string {
  return label.replace(/[^A-Za-z0-9._:-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '');
}

/** The longest string of `a` the pattern accepts (binary search up to 4096). */
function maxMatchingLength(re: RegExp): number {
  let lo = 1;
  let hi = 4096;
  if (!re.test('a')) return 0;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (re.test('a'.repeat(mid))) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
