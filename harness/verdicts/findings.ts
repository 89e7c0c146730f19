// The one record every outcome travels as, from the harness to the reporter: a typed finding. A
// check, an assertion, a precondition, a transient answer and a crash each produce one, attached to
// the test as an annotation with a JSON body (`finding`), beside the runner's own annotations. The
// reporter reads these fields; the human sentence (`message`) is for display only.
//
// Universal checks run on every response, so their findings are counted per test in the universal
// ledger (harness/checks/universalLedger.ts: evidence per guarantee, the first violations, every harness
// error) instead of one annotation per exchange.

import type { TestInfo } from '@playwright/test';

export type FindingKind =
  /** The exchange broke the guarantee. */
  | 'violation'
  /** The exchange showed the guarantee's subject and it held. */
  | 'evidence'
  /** A precondition of the test did not hold: `guarantee` is the guarantee that broke it (null: none states it). */
  | 'blocked'
  /** The target could not be looked at (503s, network losses past the resend budget): no verdict. */
  | 'transient'
  /** The harness itself failed (a check or test that crashed, a timeout naming no guarantee). */
  | 'harness-error';

/** What a finding judged: the operation, the base, and the property of the exchange its guarantee is about. */
export interface FindingSubject {
  readonly operationId: string | null;
  readonly base: 'current' | 'alias' | 'none' | null;
  /** The request or response property the guarantee depends on (`client correlation ID sent`, `next_cursor present`), or null: any exchange. */
  readonly property: string | null;
}

export interface Finding {
  /** The guarantee judged (violation, evidence, transient, harness-error) or blocking (blocked); null when none. */
  readonly guarantee: string | null;
  readonly kind: FindingKind;
  readonly subject: FindingSubject;
  /** The exchange it came from (the correlation ID received, else sent), or null. */
  readonly correlationId: string | null;
  /** Who produced it: a universal check's name, `status`/`error`/`accepted` (assertions), `precondition`, `pollRun`, `test`. */
  readonly check: string;
  /** Short values: what was seen against what the contract expects (null when the message says it all). */
  readonly observed: string | null;
  readonly expected: string | null;
  /** `POST /events` (the operation's template), or null when no request is involved. */
  readonly request: string | null;
  /** The human sentence (display only, never parsed). */
  readonly message: string;
}

export const FINDING_ANNOTATION = 'finding';

export const NO_SUBJECT: FindingSubject = { operationId: null, base: null, property: null };

/** A finding with defaults for what is not known. */
export function finding(f: Pick<Finding, 'kind' | 'guarantee' | 'check' | 'message'> & Partial<Finding>): Finding {
  return { subject: NO_SUBJECT, correlationId: null, observed: null, expected: null, request: null, ...f };
}

/** Attaches a finding to the running test. */
export function noteFinding(testInfo: TestInfo, f: Finding): void {
  testInfo.annotations.push({ type: FINDING_ANNOTATION, description: JSON.stringify(f) });
}

const KINDS: readonly FindingKind[] = ['violation', 'evidence', 'blocked', 'transient', 'harness-error'];

/** The findings among a test's annotations (the reporter's reader; anything else is ignored). */
export function findingsIn(annotations: readonly { readonly type: string; readonly description?: string }[]): Finding[] {
  const out: Finding[] = [];
  for (const a of annotations) {
    if (a.type !== FINDING_ANNOTATION || !a.description) continue;
    try {
      const f = JSON.parse(a.description) as Finding;
      if (f && typeof f === 'object' && KINDS.includes(f.kind) && typeof f.check === 'string')
        out.push({ ...finding(f), subject: f.subject ?? NO_SUBJECT });
    } catch {
      // not a finding
    }
  }
  return out;
}
