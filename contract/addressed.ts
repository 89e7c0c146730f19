// How a request is addressed, by the contract's routes: the one classification of every request the
// harness sends (a named operation or a raw method and path), so that the checks, the records and
// the preconditions read the same kind and operation for both. This file reads the routes through
// the lookups it is given (index.ts binds them to the contract as `addressed`), so index.ts can
// export it without an import circle.

import type { OperationIndex } from './types';

/** How a request was addressed. */
export type RequestKind =
  /** A contract operation with its own method. */
  | 'operation'
  /** HEAD on a contract route (GET without a body). */
  | 'head'
  /** OPTIONS on a contract route. */
  | 'options'
  /** A method the route does not define (→ 405). */
  | 'method-not-allowed'
  /** A path under a base that matches no route (→ 404 ROUTE_NOT_FOUND). */
  | 'route-not-found'
  /** Outside any partner base path: only the generic checks apply. */
  | 'outside';

/** The two partner bases: the current one and the legacy alias (x-meshi-alias). */
export type BaseName = 'current' | 'alias';

export interface Addressing {
  readonly kind: RequestKind;
  /** The base the path is under; `none` outside both. */
  readonly base: BaseName | 'none';
  /** The path relative to the base (`/events/e1`), or the full path when outside both bases. */
  readonly path: string;
  /** The operation whose semantics the request has (for HEAD: the GET on the route), or null. */
  readonly operation: OperationIndex | null;
}

export interface AddressedWhere {
  /** The base `path` is relative to; `root`: `path` is relative to the target's root (default `current`). */
  readonly base?: BaseName | 'root';
  /**
   * The operation the caller named: its route is the request's route (whatever the parameters'
   * values look like), and it stays the request's operation for OPTIONS and for a method its route
   * does not define.
   */
  readonly operationId?: string;
}

/** The route lookups addressing reads (contract/index.ts passes its own). */
export interface RouteLookups {
  readonly basePaths: Readonly<Record<BaseName, string>>;
  readonly operation: (operationId: string) => OperationIndex;
  readonly operationsOnPath: (template: string) => readonly OperationIndex[];
  /** The route template a relative path matches, or null. */
  readonly routeOf: (method: string, path: string) => string | null;
}

export type AddressRequest = (method: string, path: string, where?: AddressedWhere) => Addressing;

/** `addressed(method, path, where)` over the given routes. */
export function addressing(routes: RouteLookups): AddressRequest {
  /** Which base a root-relative path is under, and the path relative to it. */
  const underBase = (path: string): { base: BaseName | 'none'; path: string } => {
    for (const base of ['current', 'alias'] as const) {
      const prefix = routes.basePaths[base];
      if (path === prefix || path.startsWith(`${prefix}/`)) return { base, path: path.slice(prefix.length) };
    }
    return { base: 'none', path };
  };
  /** Classifies `method` on `path` (raw, percent-encoded, without query). */
  return (method, path, where = {}) => {
    const m = method.toUpperCase();
    const at = where.base === 'root' ? underBase(path) : { base: where.base ?? 'current', path };
    if (at.base === 'none') return { kind: 'outside', ...at, operation: null };
    const named = where.operationId === undefined ? null : routes.operation(where.operationId);
    const route = named ? named.path : routes.routeOf(m, at.path);
    if (route === null) return { kind: 'route-not-found', ...at, operation: null };
    const onRoute = routes.operationsOnPath(route);
    const exact = onRoute.find((o) => o.method === m);
    if (exact) return { kind: 'operation', ...at, operation: exact };
    const fallback = named ?? onRoute[0] ?? null;
    if (m === 'HEAD') return { kind: 'head', ...at, operation: onRoute.find((o) => o.method === 'GET') ?? fallback };
    return { kind: m === 'OPTIONS' ? 'options' : 'method-not-allowed', ...at, operation: fallback };
  };
}
