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
import { TRANSIENT_STATUSES } from '../transient';
import { genericResponse } from '../../contract';
import type { Check, Exchange, Violation } from './types';

export type { Check, Exchange, ExchangeKind, Violation } from './types';
export {
  aliasDeprecationHeaders,
  assertNoUuidLeak,
  bodyMatchesSchema,
  contentTypeJson,
  correlationEcho,
  errorEnvelope,
  headNoBody,
  notAServerError,
  rateLimitHeaders,
  responseHeaders,
  statusDocumented,
};

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
  if (!generic || x.response.status !== generic.status || !body || typeof body !== 'object' || !generic.codes.includes(body.code as string)) return x;
  return { ...x, kind: 'route-not-found', operationId: null };
}

/** Runs the applicable checks (minus `skip`), returning every violation. A check that throws is a harness defect, reported as such. */
export function runChecks(exchange: Exchange, skip: readonly string[] = []): Violation[] {
  const x = asAnswered(exchange);
  const out: Violation[] = [];
  for (const c of checksFor(x)) {
    if (skip.includes(c.name)) continue;
    try {
      out.push(...c(x));
    } catch (e) {
      out.push({ guarantee: 'HARNESS', check: c.name, message: `check ${c.name} crashed: ${e instanceof Error ? e.message : String(e)}` });
    }
  }
  return out;
}

/** The guarantees the applicable checks evaluated on an exchange, and those whose every check was switched off. */
export function coverageOf(x: Exchange, skip: readonly string[] = []): { checked: string[]; exempted: string[] } {
  const checked = new Set<string>();
  const off = new Set<string>();
  for (const c of checksFor(asAnswered(x))) for (const g of c.guarantees) (skip.includes(c.name) ? off : checked).add(g);
  return { checked: [...checked], exempted: [...off].filter((g) => !checked.has(g)) };
}
