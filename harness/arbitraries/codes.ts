// The error codes generated inputs must get, looked up in the contract: the x-meshi-error-code of
// a parameter or body field, and named codes checked against contract.errorCodes (so a renamed or
// retired code breaks the property at load time, not silently at run time).

import { contract, operation } from '../../contract';
import { ruleOf } from './fields';

/** A code by name, after checking the contract lists it. */
export function code(name: string): string {
  if (!(name in contract.errorCodes)) throw new Error(`[HARNESS] error code ${name} is not in generated/contract.ts`);
  return name;
}

/** The status the contract pins a code to. */
export function statusOf(codeName: string): number {
  const c = contract.errorCodes[code(codeName)];
  return c!.status;
}

/** The error code of an operation's parameter (path or query). */
export function paramCode(operationId: string, name: string): string {
  const p = operation(operationId).parameters.find((x) => x.name === name);
  if (!p?.errorCode) throw new Error(`[HARNESS] ${operationId} has no parameter ${name} with an error code`);
  return p.errorCode;
}

/** The error code of a body field. */
export function fieldCode(schema: string, field: string): string {
  const c = ruleOf(schema, field).errorCode;
  if (!c) throw new Error(`[HARNESS] ${schema}.${field} has no error code`);
  return c;
}

/** The read operations (GET) of the contract. */
export function readOperations(): string[] {
  return Object.values(contract.operations)
    .filter((o) => o.method === 'GET')
    .map((o) => o.operationId);
}

/** Path parameter names of an operation, in path order. */
export function pathParams(operationId: string): string[] {
  return operation(operationId)
    .parameters.filter((p) => p.in === 'path')
    .map((p) => p.name);
}
