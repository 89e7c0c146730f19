// Sensitivity per guarantee: of the catalogue faults that declare a guarantee and that this matrix
// injected, how many its own checks caught (killed / injected). Every guarantee of
// contracts/guarantees.yaml gets a line; those no catalogue fault declares are listed apart, as
// checks never shown to fail.
import type { FaultSpec } from '../../mock/faults/switch';
import type { CatalogueEntry } from '../../reporter/types';
import type { FaultOutcome, FaultResult, GuaranteeSensitivity, Sensitivity } from './types';

const KILLED: ReadonlySet<FaultOutcome> = new Set(['killed', 'collateral']);
const SURVIVED: ReadonlySet<FaultOutcome> = new Set(['survived', 'misattributed']);

export function sensitivity(
  results: readonly FaultResult[],
  guarantees: readonly CatalogueEntry[],
  catalogue: readonly FaultSpec[],
): Sensitivity {
  const lines: GuaranteeSensitivity[] = guarantees.map((g) => {
    const mine = results.filter((r) => r.guarantee === g.id);
    const killed = mine.filter((r) => KILLED.has(r.outcome)).length;
    const survived = mine.filter((r) => SURVIVED.has(r.outcome)).length;
    return {
      id: g.id,
      family: g.family,
      level: g.level,
      provenance: g.provenance,
      catalogueFaults: catalogue.filter((f) => f.guarantee === g.id).length,
      injected: mine.length,
      killed,
      survived,
      other: mine.length - killed - survived,
      score: mine.length ? killed / mine.length : null,
      faults: mine.map((r) => ({ fault: r.fault, outcome: r.outcome })),
    };
  });
  const without = lines.filter((l) => l.catalogueFaults === 0);
  return {
    guarantees: lines,
    documentedWithoutFault: without.filter((l) => l.provenance === 'documented').map((l) => l.id),
    withoutFault: without.map((l) => l.id),
  };
}
