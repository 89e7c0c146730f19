// Well-formed requests for any operation, derived from the contract: a valid body (from the field
// rules), path parameters, and the operation groups the cross-cutting suites sweep.

import { contract, operation, type OperationIndex } from '../../contract';
import type { Namespace } from './namespace';

/** Names of an operation's path parameters, in template order. */
export function pathParamNames(op: OperationIndex): string[] {
  return [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
}

/** The first id-map kind the contract knows (e.g. `event`), used with an event ID as partner_id. */
export function eventKind(): string {
  const k = contract.idMapKinds.find((x) => x === 'event') ?? contract.idMapKinds[0];
  if (!k) throw new Error('[HARNESS] the contract lists no id-map kinds');
  return k;
}

/**
 * Well-formed path parameters for an operation (an ID or its index entry): the given ones, and for
 * the rest fresh namespaced IDs that name nothing (the id-map kind stays valid, a run ID keeps its form).
 */
export function freshParams(op: OperationIndex | string, ns: Namespace, given: Readonly<Record<string, string>> = {}): Record<string, string> {
  const index = typeof op === 'string' ? operation(op) : op;
  const out: Record<string, string> = {};
  for (const name of pathParamNames(index)) out[name] = given[name] ?? freshParam(name, ns);
  return out;
}

function freshParam(name: string, ns: Namespace): string {
  if (name === 'kind') return eventKind();
  if (name === 'run_id') return `run_${ns.id('none').replace(/[^A-Za-z0-9]/g, '')}`;
  return ns.id(name.replace(/_id$/, ''));
}

/** Operations whose path is under /events/{event_id} (every event-scoped route). */
export function eventScopedOperations(): string[] {
  return Object.values(contract.operations)
    .filter((o) => o.path.startsWith('/events/{event_id}'))
    .map((o) => o.operationId);
}

/** List operations (those with a `cursor` query parameter). */
export function listOperations(): string[] {
  return Object.values(contract.operations)
    .filter((o) => o.parameters.some((p) => p.in === 'query' && p.name === 'cursor'))
    .map((o) => o.operationId);
}
