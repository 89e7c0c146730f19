// The shapes shared by the universal checks. A check is a pure function of one exchange (request
// plus response) returning the violations it finds; the client decides which checks apply and
// counts, per guarantee, the exchanges that showed the guarantee's subject (evidence) and the
// violations, in the test's universal ledger. A check declares, per guarantee, the subject it can
// judge (`subjects`): CORR-03 only judges a response to a request that sent a valid client
// correlation ID, ALIAS-03 only responses under the legacy base. A guarantee it names without a
// subject is judged on every exchange the check applies to.

import type { RequestKind } from '../../contract';

/** How the request was addressed (contract/addressed.ts classifies it). */
export type ExchangeKind = RequestKind;

export interface ExchangeRequest {
  readonly method: string;
  readonly url: string;
  /** Path relative to the base, without the query (`/events/e1`); the full path when outside any base. */
  readonly path: string;
  readonly base: 'current' | 'alias' | 'none';
  /** Header names lower case; credentials included (checks never print them). */
  readonly headers: Readonly<Record<string, string>>;
  readonly bodyText: string | null;
  /** The x-correlation-id sent, or null when none was sent. */
  readonly correlationId: string | null;
}

export interface ExchangeResponse {
  readonly status: number;
  /** Header names lower case; repeated headers joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
  readonly text: string;
  /** Parsed JSON, or undefined when the body is empty or not JSON (see jsonError). */
  readonly body: unknown;
  readonly jsonError: string | null;
}

export interface Exchange {
  readonly kind: ExchangeKind;
  /** The contract operation addressed (for HEAD: the GET on that path), or null. */
  readonly operationId: string | null;
  readonly request: ExchangeRequest;
  readonly response: ExchangeResponse;
  /**
   * Canonical (lower-case, hyphenated) UUIDs the harness itself sent in this request or earlier in
   * the run: the only UUIDs a response may contain.
   */
  readonly exemptUuids: ReadonlySet<string>;
}

export interface Violation {
  /** Guarantee ID, e.g. CORR-01. */
  readonly guarantee: string;
  /** The check that found it, e.g. correlationEcho. */
  readonly check: string;
  readonly message: string;
  /** What the response showed, short (`absent`, `200`, `uuid at $.items[0].id`); null when the message says it all. */
  readonly observed?: string | null;
  /** What the contract expects, short (`present`, `201`, `no UUID`). */
  readonly expected?: string | null;
}

/** What a guarantee is about, and whether an exchange shows it. */
export interface Subject {
  /** The exchange's property the guarantee depends on, in words (`client correlation ID sent`). */
  readonly property: string;
  /** The exchange shows the subject, so the check's silence on it is evidence. */
  readonly present: (x: Exchange) => boolean;
}

export interface Check {
  readonly name: string;
  /** The guarantee IDs this check can report. */
  readonly guarantees: readonly string[];
  /** The subject of each guarantee that is not judged on every exchange the check applies to. */
  readonly subjects: Readonly<Record<string, Subject>>;
  (exchange: Exchange): Violation[];
}

/** Builds a named check function. */
export function defineCheck(
  name: string,
  guarantees: readonly string[],
  fn: (x: Exchange) => Violation[],
  subjects: Readonly<Record<string, Subject>> = {},
): Check {
  for (const g of Object.keys(subjects))
    if (!guarantees.includes(g)) throw new Error(`[HARNESS] check ${name}: a subject for ${g}, which it does not report`);
  const check = ((x: Exchange) => fn(x)) as Check;
  Object.defineProperty(check, 'name', { value: name });
  Object.defineProperty(check, 'guarantees', { value: guarantees });
  Object.defineProperty(check, 'subjects', { value: subjects });
  return check;
}

/** The guarantees of `check` whose subject this exchange shows. */
export function judgedBy(check: Check, x: Exchange): string[] {
  return check.guarantees.filter((g) => check.subjects[g]?.present(x) ?? true);
}

/** The subject property of a guarantee in a check (null: every exchange the check applies to). */
export function subjectProperty(check: Check, guarantee: string): string | null {
  return check.subjects[guarantee]?.property ?? null;
}

/** `GET /events/e1 → 404` for messages. */
export function where(x: Exchange): string {
  const corr = x.response.headers['x-correlation-id'] ?? x.request.correlationId ?? 'none';
  return `on ${x.request.method} ${x.request.path}${x.request.base === 'alias' ? ' (alias)' : ''} → ${x.response.status} (corr ${corr})`;
}

export function hasBody(x: Exchange): boolean {
  return x.response.text.length > 0;
}
