// Run error codes (RunError.code), checked against the contract's enum so a typo fails at start-up
// rather than producing an off-contract run.

import { contract as C } from '../../contract';

const NAMES = {
  insufficientData: 'INSUFFICIENT_ENRICHMENT_INPUT',
  notEnoughAttendees: 'NOT_ENOUGH_ATTENDEES',
  internal: 'INTERNAL_ERROR',
} as const;

const allowed = new Set<unknown>(C.fieldRules.RunError?.find((r) => r.name === 'code')?.enum ?? []);

/** True when `code` is one of RunError.code's values in the contract. */
export function isRunErrorCode(code: string): boolean {
  return allowed.has(code);
}

for (const code of Object.values(NAMES)) {
  if (!isRunErrorCode(code)) throw new Error(`RunError.code in the contract has no ${code}`);
}

export function runErrorCode(name: keyof typeof NAMES): string {
  return NAMES[name];
}
