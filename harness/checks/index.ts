// The universal checks, and which of them apply to an exchange. Every response the client sees
// runs through `runChecks`; a test may switch a check off for one call (`skipChecks`), which the
// call record shows.

import { aliasDeprecationHeaders } from './aliasDeprecationHeaders';
import { assertNoUuidLeak } from './assertNoUuidLeak';
import { bodyMatchesSchema } from './bodyMatchesSchema';
import { contentTypeJson } from './contentTypeJson';
import { correlationEcho } from './correlationEcho';
import { errorEnvelope } from './errorEnvelope';
import { headNoBody } from './headNoBody';
import { notAServerError } from './notAServerError';
import { rateLimitHeaders } from './rateLimitHeaders';
import { responseHeaders } from './responseHeaders';
import { statusDocumented } from './statusDocumented';
import { TRANSIENT_STATUSES } from '../http/transient';
import { genericResponse } from '../../contract';
import { judgedBy, subjectProperty, type Check, type Exchange, type Violation } from './types';

export type { Check, Exchange, ExchangeKind, Subject, Violation } from './types';
export { aliasDeprecationHeaders } from './aliasDeprecationHeaders';
export { assertNoUuidLeak } from './assertNoUuidLeak';
export { bodyMatchesSchema } from './bodyMatchesSchema';
export { contentTypeJson } from './contentTypeJson';
export { correlationEcho } from './correlationEcho';
export { errorEnvelope } from './errorEnvelope';
export { headNoBody } from './headNoBody';
export { notAServerError } from './notAServerError';
export { rateLimitHeaders } from './rateLimitHeaders';
export { responseHeaders } from './responseHeaders';
export { statusDocumented } from './statusDocumented';

export const allChecks = [
  statusDocumented,
  notAServerError,
  correlationEcho,
  contentTypeJson,
  errorEnvelope,
  bodyMatchesSchema,
  responseHeaders,
  rateLimitHeaders,
  aliasDeprecationHeaders,
  headNoBody,
  assertNoUuidLeak,
] as const satisfies readonly Check[];

/** The checks that apply to an exchange. */
export function checksFor(x: Exchange): Check[] {
  if (x.kind === 'outside') return [contentTypeJson, assertNoUuidLeak];
  // A transient answer (gateway, overload) is no observation of the contract: only leaks count.
  if (TRANSIENT_STATUSES.includes(x.response.status)) return [assertNoUuidLeak];
  const isHead = x.request.method.toUpperCase() === 'HEAD';
  return allChecks.filter((c) => {
    if (c === headNoBody) return isHead;
    if (c === bodyMatchesSchema || c === contentTypeJson) return !isHead;
    if (c === errorEnvelope) return !isHead && x.response.status >= 300;
    if (c === aliasDeprecationHeaders) return x.request.base !== 'none';
    return true;
  });
}

/**
 * The exchange as the server answered it. A 404 ROUTE_NOT_FOUND to a request the harness addressed
 * to a contract route is the generic route-not-found response (SCHEMA-02 names it): it is judged
 * as that, and whether the route should have existed is the routing guarantee's test (ALIAS-01
 * for the legacy base, the operation's own tests for the current one) — not a schema, status or
 * code violation of the operation on every call.
 */
export function asAnswered(x: Exchange): Exchange {
  if (x.kind === 'outside' || x.kind === 'route-not-found' || x.request.method.toUpperCase() === 'HEAD') return x;
  const generic = genericResponse('route_not_found');
  const body = x.response.body as { code?: unknown } | undefined;
  if (!generic || x.response.status !== generic.status || !body || typeof body !== 'object' || !generic.codes.includes(body.code as string))
    return x;
  return { ...x, kind: 'route-not-found', operationId: null };
}

/** A check that threw on an exchange: a harness error of every guarantee it was judging there. */
export interface CheckCrash {
  readonly check: string;
  readonly guarantees: readonly string[];
  readonly message: string;
}

/** What the universal checks made of one exchange. */
export interface Judgement {
  readonly violations: Violation[];
  /** Checks that crashed (their guarantees are not counted as checked on this exchange). */
  readonly crashes: CheckCrash[];
  /** Guarantees whose subject the exchange showed and whose check ran (the evidence). */
  readonly checked: string[];
  /** Guarantees whose subject the exchange showed but whose every check was switched off. */
  readonly exempted: string[];
  /** The subject property of each checked guarantee (null: every exchange the check applies to). */
  readonly subjects: Readonly<Record<string, string | null>>;
}

/**
 * Runs the applicable checks (minus `skip`) on an exchange. A guarantee counts as checked only
 * when the exchange showed its subject (Check.subjects); a check that throws is a harness error of
 * the guarantees it was judging, never a pass of them.
 */
export function judge(exchange: Exchange, skip: readonly string[] = [], checks?: readonly Check[]): Judgement {
  const x = asAnswered(exchange);
  const violations: Violation[] = [];
  const crashes: CheckCrash[] = [];
  const checked = new Set<string>();
  const off = new Set<string>();
  const failed = new Set<string>();
  const subjects: Record<string, string | null> = {};
  for (const c of checks ?? checksFor(x)) {
    let judged: string[];
    try {
      judged = judgedBy(c, x);
    } catch {
      judged = [...c.guarantees];
    }
    if (skip.includes(c.name)) {
      judged.forEach((g) => off.add(g));
      continue;
    }
    try {
      violations.push(...c(x));
      for (const g of judged) {
        checked.add(g);
        subjects[g] ??= subjectProperty(c, g);
      }
    } catch (e) {
      // A crash where no subject was shown is still a harness defect: it counts against all of the check's guarantees.
      const affected = judged.length ? judged : [...c.guarantees];
      affected.forEach((g) => failed.add(g));
      crashes.push({
        check: c.name,
        guarantees: affected,
        message: `check ${c.name} crashed: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`,
      });
    }
  }
  for (const g of failed) checked.delete(g);
  return { violations, crashes, checked: [...checked], exempted: [...off].filter((g) => !checked.has(g) && !failed.has(g)), subjects };
}

/** The violations the applicable checks (minus `skip`) find on an exchange. */
export function runChecks(exchange: Exchange, skip: readonly string[] = []): Violation[] {
  return judge(exchange, skip).violations;
}

/** The guarantees the applicable checks judged on an exchange (their subject shown), and those whose every check was switched off. */
export function coverageOf(x: Exchange, skip: readonly string[] = []): { checked: string[]; exempted: string[] } {
  const { checked, exempted } = judge(x, skip);
  return { checked, exempted };
}
