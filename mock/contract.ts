// The contract index as the mock reads it (generated/contract.ts, typed loosely for lookups by
// name) and the one way to build an ApiError: the status always comes from the contract's
// x-meshi-error-codes, never from the mock.

import { contract } from '../generated/contract';
import type { ContractIndex, OperationIndex } from '../scripts/generate/contractIndex';
import { ApiError } from './app';

export const C: ContractIndex = contract;

export function operation(operationId: string): OperationIndex {
  const op = C.operations[operationId];
  if (!op) throw new Error(`unknown operation ${operationId}`);
  return op;
}

export function statusOf(code: string): number {
  const e = C.errorCodes[code];
  if (!e) throw new Error(`error code ${code} is not in the contract`);
  return e.status;
}

export function apiError(code: string, message: string, headers?: Readonly<Record<string, string>>): ApiError {
  return new ApiError(statusOf(code), code, message, headers);
}

/** The contract's regex source of a named pattern (partnerId, partnerKind, correlationId, …), compiled. */
export function patternOf(name: string): RegExp {
  const src = C.patterns[name];
  if (!src) throw new Error(`contract has no pattern ${name}`);
  return new RegExp(src, 'u');
}
