// What the cross-cutting suites (auth, http, errors, alias, uuid, …) derive from the contract index
// — which operations read, which write, the routes and their Allow sets — so no spec restates a
// route, a schema or a limit. The world they seed: harness/world/world.ts.

import { contract, type OperationIndex } from '../../contract';

/** Every contract operation, in contract order. */
export function allOperations(): OperationIndex[] {
  return Object.values(contract.operations);
}

/** Operations a read key may call (scope partner:read). */
export function readOperations(): OperationIndex[] {
  return allOperations().filter((o) => o.scope === 'partner:read');
}

/** Operations that need partner:write (the POST and PUT routes). */
export function writeOperations(): OperationIndex[] {
  return allOperations().filter((o) => o.scope === 'partner:write');
}

/** Write operations that carry a JSON request body. */
export function bodyOperations(): OperationIndex[] {
  return allOperations().filter((o) => o.requestBody !== null);
}

/** One operation per distinct path template (the first in contract order), i.e. every route. */
export function routes(): { path: string; ops: OperationIndex[]; any: OperationIndex }[] {
  const by = new Map<string, OperationIndex[]>();
  for (const op of allOperations()) by.set(op.path, [...(by.get(op.path) ?? []), op]);
  return [...by.entries()].map(([path, ops]) => ({ path, ops, any: ops[0]! }));
}

/**
 * The Allow set a route must list (the contract's Allow header: "OPTIONS is always listed; HEAD is
 * listed exactly where GET is"): the path's methods, HEAD where GET is, and OPTIONS.
 */
export function expectedAllow(path: string): string[] {
  const methods = new Set<string>(allOperations().filter((o) => o.path === path).map((o) => o.method));
  if (methods.has('GET')) methods.add('HEAD');
  methods.add('OPTIONS');
  return [...methods].sort();
}

/** Parses an Allow header into a sorted, upper-case method list. */
export function parseAllow(value: string | undefined): string[] {
  if (value === undefined) return [];
  return [
    ...new Set(
      value
        .split(',')
        .map((m) => m.trim().toUpperCase())
        .filter(Boolean),
    ),
  ].sort();
}

/** Drops the fields that may legitimately differ between two reads: correlation_id and timestamps. */
export function normalise(body: unknown): unknown {
  if (Array.isArray(body)) return body.map(normalise);
  if (body && typeof body === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(body)) {
      if (k === 'correlation_id') continue;
      out[k] = /_at$/.test(k) && (typeof v === 'string' || v === null) ? '<timestamp>' : normalise(v);
    }
    return out;
  }
  return body;
}

/** The media type of a Content-Type value (lower case, without parameters). */
export function mediaType(value: string | undefined): string | null {
  if (value === undefined) return null;
  return value.split(';')[0]!.trim().toLowerCase();
}
