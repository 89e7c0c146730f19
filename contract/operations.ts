// The contract's operations, grouped the ways the mock, the harness and the suites sweep them, and
// the path-template helpers. Every group is computed from the contract index (generated/contract.ts),
// so an operation added to contracts/partner-api.yaml joins its groups without an edit here; where a
// group rests on a convention rather than an extension, its comment says which part of the contract
// states it.

import { contract, missing } from './data';
import type { OperationIndex } from './types';

/** The operation of an operationId. */
export function operation(operationId: string): OperationIndex {
  return contract.operations[operationId] ?? missing(`operation ${JSON.stringify(operationId)}`);
}

/** Every contract operation, in contract order. */
export function allOperations(): OperationIndex[] {
  return Object.values(contract.operations);
}

/** Operations a read key may call (`x-meshi-scope: partner:read`). */
export function readOperations(): OperationIndex[] {
  return allOperations().filter((o) => o.scope === 'partner:read');
}

/** Operations that need partner:write (`x-meshi-scope`; the POST and PUT routes). */
export function writeOperations(): OperationIndex[] {
  return allOperations().filter((o) => o.scope === 'partner:write');
}

/** Write operations that carry a JSON request body. */
export function bodyOperations(): OperationIndex[] {
  return allOperations().filter((o) => o.requestBody !== null);
}

/** The run-creating operations (`x-meshi-run-creating`), in contract order. */
export const runCreatingOperations: readonly string[] = allOperations()
  .filter((o) => o.runCreating)
  .map((o) => o.operationId);

/** GET operations of the contract. */
export function readOperationIds(): string[] {
  return allOperations()
    .filter((o) => o.method === 'GET')
    .map((o) => o.operationId);
}

/** GET operations that read one object of the org (every path parameter names an object). */
export function objectReadOperationIds(): string[] {
  return allOperations()
    .filter((o) => o.method === 'GET' && o.parameters.some((p) => p.in === 'path'))
    .map((o) => o.operationId);
}

/**
 * Operations whose path is under `/events/{event_id}` (every event-scoped route): the contract's
 * paths nest an event's sessions, attendees, runs and matches below the event.
 */
export function eventScopedOperations(): string[] {
  return allOperations()
    .filter((o) => o.path.startsWith('/events/{event_id}'))
    .map((o) => o.operationId);
}

/** List operations: those taking the contract's pagination parameter (`components/parameters/CursorParam`, `cursor`). */
export function listOperations(): string[] {
  return allOperations()
    .filter((o) => o.parameters.some((p) => p.in === 'query' && p.name === 'cursor'))
    .map((o) => o.operationId);
}

// ---------------------------------------------------------------------------------------------
// Routes and path templates

/** Operations whose path template is `path` (the methods of one route). */
export function operationsOnPath(path: string): OperationIndex[] {
  return allOperations().filter((o) => o.path === path);
}

/** One entry per distinct path template, in contract order: the route's operations and the first of them. */
export function routes(): { path: string; ops: OperationIndex[]; any: OperationIndex }[] {
  const by = new Map<string, OperationIndex[]>();
  for (const op of allOperations()) by.set(op.path, [...(by.get(op.path) ?? []), op]);
  return [...by.entries()].map(([path, ops]) => ({ path, ops, any: ops[0]! }));
}

/**
 * The Allow set of a route with these methods, sorted (the contract's `components/headers/Allow`:
 * "OPTIONS is always listed; HEAD is listed exactly where GET is").
 */
export function allowOf(methods: Iterable<string>): string[] {
  const allowed = new Set<string>(methods);
  if (allowed.has('GET')) allowed.add('HEAD');
  allowed.add('OPTIONS');
  return [...allowed].sort();
}

/** The Allow set the route `path` must list: its methods, HEAD where GET is, and OPTIONS. */
export function expectedAllow(path: string): string[] {
  return allowOf(operationsOnPath(path).map((o) => o.method));
}

/** Names of an operation's path parameters, in template order. */
export function pathParamNames(op: OperationIndex): string[] {
  return [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
}
