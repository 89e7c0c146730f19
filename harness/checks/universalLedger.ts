// The universal ledger of one test: the findings of the client's universal checks, counted. For
// each universal guarantee, on how many exchanges its subject was present and judged (the
// evidence: `checked`), every violation, and every harness error (a check that crashed), as typed
// findings (harness/verdicts/findings.ts). A universal violation never fails the test it happens in (that
// test proves its own guarantee, not CORR-01): it is counted here, attached once at the end of the
// test (`universal-ledger`), and the reporter judges the universal guarantee from the ledgers of
// the whole run.

import type { TestInfo } from '@playwright/test';
import type { CheckCrash, Violation } from './';
import type { Finding } from '../verdicts/findings';

/** Where a universal finding happened. */
export interface LedgerPlace {
  readonly operationId: string | null;
  readonly base: 'current' | 'alias' | 'none';
  /** `GET /events/{event_id}`: the operation's template (or the raw path outside any operation). */
  readonly request: string;
  readonly status: number | null;
  readonly correlationId: string | null;
  /** The call record's number in the test (`#n`), or null when calls are not recorded (properties). */
  readonly call: number | null;
}

/** A violation as it travels to the reporter: a finding, plus where. */
export interface LedgerViolation extends Finding {
  readonly kind: 'violation';
  readonly guarantee: string;
  readonly operationId: string | null;
  readonly request: string;
  readonly status: number | null;
  readonly call: number | null;
}

/** A check that crashed, once per guarantee it was judging. */
export interface LedgerError extends Finding {
  readonly kind: 'harness-error';
  readonly guarantee: string;
  readonly operationId: string | null;
  readonly request: string;
  readonly status: number | null;
  readonly call: number | null;
}

export interface LedgerData {
  /** Exchanges that showed the guarantee's subject and were judged by its check (the evidence). */
  readonly checked: Readonly<Record<string, number>>;
  /** Exchanges that showed it but whose check was switched off for the call. */
  readonly exempted: Readonly<Record<string, number>>;
  /** Violations per guarantee (all of them, even past the kept examples). */
  readonly violationCounts: Readonly<Record<string, number>>;
  /** The first violations of each guarantee (at most MAX_EXAMPLES each). */
  readonly violations: readonly LedgerViolation[];
  /** Harness errors per guarantee (checks that crashed while judging it). */
  readonly errorCounts?: Readonly<Record<string, number>>;
  /** The first harness errors (at most MAX_EXAMPLES per guarantee). */
  readonly errors?: readonly LedgerError[];
}

export const LEDGER_ATTACHMENT = 'universal-ledger';
const MAX_EXAMPLES = 12;

export class UniversalLedger {
  private readonly checked: Record<string, number> = {};
  private readonly exempted: Record<string, number> = {};
  private readonly counts: Record<string, number> = {};
  private readonly examples: LedgerViolation[] = [];
  private readonly errorCounts: Record<string, number> = {};
  private readonly errors: LedgerError[] = [];

  noteChecked(guarantees: Iterable<string>): void {
    for (const g of guarantees) this.checked[g] = (this.checked[g] ?? 0) + 1;
  }

  noteExempted(guarantees: Iterable<string>): void {
    for (const g of guarantees) this.exempted[g] = (this.exempted[g] ?? 0) + 1;
  }

  noteViolation(v: Violation, where: LedgerPlace, property: string | null = null): void {
    const n = (this.counts[v.guarantee] = (this.counts[v.guarantee] ?? 0) + 1);
    if (n > MAX_EXAMPLES) return;
    const { base, ...place } = where;
    this.examples.push({
      kind: 'violation',
      guarantee: v.guarantee,
      check: v.check,
      message: v.message,
      observed: v.observed ?? null,
      expected: v.expected ?? null,
      subject: { operationId: where.operationId, base, property },
      ...place,
    });
  }

  noteCrash(c: CheckCrash, where: LedgerPlace): void {
    const { base, ...place } = where;
    for (const g of c.guarantees) {
      const n = (this.errorCounts[g] = (this.errorCounts[g] ?? 0) + 1);
      if (n > MAX_EXAMPLES) continue;
      this.errors.push({
        kind: 'harness-error',
        guarantee: g,
        check: c.check,
        message: c.message,
        observed: null,
        expected: null,
        subject: { operationId: where.operationId, base, property: null },
        ...place,
      });
    }
  }

  get isEmpty(): boolean {
    return (
      Object.keys(this.checked).length === 0 &&
      Object.keys(this.exempted).length === 0 &&
      this.examples.length === 0 &&
      this.errors.length === 0
    );
  }

  toJSON(): LedgerData {
    return {
      checked: { ...this.checked },
      exempted: { ...this.exempted },
      violationCounts: { ...this.counts },
      violations: [...this.examples],
      errorCounts: { ...this.errorCounts },
      errors: [...this.errors],
    };
  }
}

/** Attaches the ledger to the test (once, at its end), unless nothing was checked. */
export async function attachLedger(testInfo: TestInfo, ledger: UniversalLedger): Promise<void> {
  if (ledger.isEmpty) return;
  await testInfo.attach(LEDGER_ATTACHMENT, { body: JSON.stringify(ledger.toJSON()), contentType: 'application/json' });
}
