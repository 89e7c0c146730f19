// Well-formed requests for any operation, derived from the contract: fresh path parameters (the
// operation groups and path-template helpers: contract/operations.ts).

import { contract, operation, pathParamNames, type OperationIndex } from '../../contract';
import type { Namespace } from './namespace';

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
export function freshParams(
  op: OperationIndex | string,
  ns: Namespace,
  given: Readonly<Record<string, string>> = {},
): Record<string, string> {
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
