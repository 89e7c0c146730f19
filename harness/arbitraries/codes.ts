// Named error codes checked against contract.errorCodes (so a renamed or retired code breaks the
// property at load time, not silently at run time). A parameter's or field's code: contract/
// (paramErrorCode, errorCodeOf).

import { contract } from '../../contract';

/** A code by name, after checking the contract lists it. */
export function code(name: string): string {
  if (!(name in contract.errorCodes)) throw new Error(`[HARNESS] error code ${name} is not in generated/contract.ts`);
  return name;
}
