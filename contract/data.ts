// The generated contract index with its declared type, and the one error for a lookup the contract
// cannot answer: what every module of contract/ builds on (contract/index.ts re-exports it).

import { contract as generatedContract } from '../generated/contract';
import type { ContractIndex } from './types';

/** The contract index with its declared (index-signature) type, so lookups by string typecheck. */
export const contract: ContractIndex = generatedContract;

/** A lookup that found nothing: a harness or mock defect (a name that is not in the contract). */
export function missing(what: string): never {
  throw new Error(`[HARNESS] the contract has no ${what} (generated/contract.ts)`);
}
