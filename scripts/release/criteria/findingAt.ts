// Where a guarantee's finding points: the contract line of the guarantee's first operation, else
// its entry in the catalogue.

import type { ContractLocator } from '../../../reporter/ci/contractLines';
import type { CiLocation } from '../../../reporter/ci/findings';
import type { CatalogueGuarantee } from '../types';

export function guaranteeLocation(
  locator: ContractLocator,
  g: Pick<CatalogueGuarantee, 'id' | 'operations'> | undefined,
  id: string,
): CiLocation | null {
  for (const op of g?.operations ?? []) {
    const at = locator.operation(op);
    if (at) return at;
  }
  return locator.guarantee(id);
}

/** Documented MUST first, then observed, then provisional; SHOULD below MUST. */
export function weightOf(g: Pick<CatalogueGuarantee, 'level' | 'provenance'> | undefined): number {
  if (!g) return 0;
  return (g.provenance === 'documented' ? 30 : g.provenance === 'observed' ? 20 : 10) + (g.level === 'MUST' ? 5 : 0);
}
