// address: where the request goes. The one classification of the request (contract/addressed.ts)
// for `call()` and `raw()` alike, the URL built from the contract (path template, parameters
// encoded with encodeURIComponent, query), and the read-only guard before anything is prepared.

import { addressed, contract, operation, type BaseName } from '../../../contract';
import { ReadOnlyTargetError } from '../../verdicts/errors';
import type { Stage } from '../exchange';
import type { ClientContext, QueryInput } from '../options';
import { isSafeMethod } from '../transient';

/** Builds the query string: repeated keys for arrays; null/undefined skipped. */
export function buildQuery(q: QueryInput | undefined): string {
  if (q === undefined) return '';
  if (typeof q === 'string') return q.replace(/^\?/, '');
  if (q instanceof URLSearchParams) return q.toString();
  const parts: string[] = [];
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined || v === null) continue;
    const values = Array.isArray(v) ? v : [v];
    for (const x of values) parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(String(x))}`);
  }
  return parts.join('&');
}

/** Fills a path template: `/events/{event_id}` + {event_id: 'a b'} → `/events/a%20b`. */
export function fillPath(template: string, params: Readonly<Record<string, string | number>> = {}): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const v = params[name];
    if (v === undefined) throw new Error(`[HARNESS] path parameter ${name} missing for ${template}`);
    return encodeURIComponent(String(v));
  });
}

function rootOf(ctx: ClientContext): string {
  const r = ctx.config.rootUrl;
  if (!r)
    throw new Error(
      '[HARNESS] no target: MESHI_BASE_URL is not set (the bundled mock is started by globalSetup of the conformance project)',
    );
  return r;
}

const prefixOf = (base: BaseName | 'none') => (base === 'none' ? '' : base === 'alias' ? contract.aliasBasePath : contract.basePath);

export const address: Stage = (ctx) => (next) => (x) => {
  const { asked } = x;
  const named = asked.operationId === null ? null : operation(asked.operationId);
  const method = (asked.method ?? named!.method).toUpperCase();
  const given = asked.path ?? fillPath(named!.path, asked.options.params);
  const q = given.indexOf('?');
  const path = q >= 0 ? given.slice(0, q) : given;
  const query = [q >= 0 ? given.slice(q + 1) : '', buildQuery(asked.options.query)].filter(Boolean).join('&');
  const a = addressed(method, path, { base: asked.base, ...(named ? { operationId: named.operationId } : {}) });
  const url = `${rootOf(ctx)}${prefixOf(a.base)}${a.path}${query ? `?${query}` : ''}`;
  x.addressed = { ...a, method, url, operationId: a.operation?.operationId ?? null };
  if (ctx.config.readOnly && !isSafeMethod(method)) throw new ReadOnlyTargetError(`${method} ${a.path}`);
  return next(x);
};
