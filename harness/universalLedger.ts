// The universal ledger of one test: which universal guarantees the client's checks evaluated, on
// how many responses, and every violation they found, as data. A universal violation never fails
// the test it happens in (that test proves its own guarantee, not CORR-01): it is counted here,
// attached once at the end of the test (`universal-ledger`), and the reporter judges the universal
// guarantee from the ledgers of the whole run.

import type { TestInfo } from '@playwright/test';
import type { Violation } from './checks';

/** A violation as it travels to the reporter: what, where, observed against expected. */
export interface LedgerViolation {
  readonly guarantee: string;
  readonly check: string;
  readonly message: string;
  readonly observed: string | null;
  readonly expected: string | null;
  readonly operationId: string | null;
  /** `GET /events/{event_id}`: the operation's template (or the raw path outside any operation). */
  readonly request: string;
  readonly status: number | null;
  readonly correlationId: string | null;
  /** The call record's number in the test (`#n`), or null when calls are not recorded (properties). */
  readonly call: number | null;
}

export interface LedgerData {
  /** Responses on which a check reporting the guarantee ran. */
  readonly checked: Readonly<Record<string, number>>;
  /** Responses on which such a check applied but was switched off for the call. */
  readonly exempted: Readonly<Record<string, number>>;
  /** Violations per guarantee (all of them, even past the kept examples). */
  readonly violationCounts: Readonly<Record<string, number>>;
  /** The first violations of each guarantee (at most MAX_EXAMPLES each). */
  readonly violations: readonly LedgerViolation[];
}

export const LEDGER_ATTACHMENT = 'universal-ledger';
const MAX_EXAMPLES = 12;

export class UniversalLedger {
  private readonly checked: Record<string, number> = {};
  private readonly exempted: Record<string, number> = {};
  private readonly counts: Record<string, number> = {};
  private readonly examples: LedgerViolation[] = [];

  noteChecked(guarantees: Iterable<string>): void {
    for (const g of guarantees) this.checked[g] = (this.checked[g] ?? 0) + 1;
  }

  noteExempted(guarantees: Iterable<string>): void {
    for (const g of guarantees) this.exempted[g] = (this.exempted[g] ?? 0) + 1;
  }

  noteViolation(v: Violation, where: Omit<LedgerViolation, 'guarantee' | 'check' | 'message' | 'observed' | 'expected'>): void {
    const n = (this.counts[v.guarantee] = (this.counts[v.guarantee] ?? 0) + 1);
    if (n > MAX_EXAMPLES) return;
    this.examples.push({ guarantee: v.guarantee, check: v.check, message: v.message, observed: v.observed ?? null, expected: v.expected ?? null, ...where });
  }

  get isEmpty(): boolean {
    return Object.keys(this.checked).length === 0 && Object.keys(this.exempted).length === 0 && this.examples.length === 0;
  }

  toJSON(): LedgerData {
    return { checked: { ...this.checked }, exempted: { ...this.exempted }, violationCounts: { ...this.counts }, violations: [...this.examples] };
  }
}

/** Attaches the ledger to the test (once, at its end), unless nothing was checked. */
export async function attachLedger(testInfo: TestInfo, ledger: UniversalLedger): Promise<void> {
  if (ledger.isEmpty) return;
  await testInfo.attach(LEDGER_ATTACHMENT, { body: JSON.stringify(ledger.toJSON()), contentType: 'application/json' });
}
