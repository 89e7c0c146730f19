// Provenance rules for contract elements (operations, responses, parameters, properties): a
// documented or observed element that becomes provisional is no longer a promise.

import type { DiffContext } from '../context';
import type { Path } from '../parsed';

const RANK: Record<string, number> = { provisional: 1, observed: 2, documented: 3 };

export interface ProvenancePair {
  readonly subject: readonly string[];
  readonly where: string;
  readonly base: string | null;
  readonly head: string | null;
  readonly basePath: Path;
  readonly headPath: Path;
  readonly guarantees: readonly string[];
}

export function provenanceRules(ctx: DiffContext, p: ProvenancePair): void {
  if (!p.base || !p.head || p.base === p.head) return;
  const b = RANK[p.base] ?? 0;
  const h = RANK[p.head] ?? 0;
  if (h === b) return;
  ctx.emit({
    rule: h < b ? 'element-provenance-lowered' : 'element-provenance-raised',
    subject: p.subject,
    message: `${p.where}: provenance ${p.base} → ${p.head}${h < b ? ' (no longer a promise partners can rely on)' : ''}`,
    basePath: [...p.basePath, 'x-meshi-provenance'],
    headPath: [...p.headPath, 'x-meshi-provenance'],
    provenance: p.base,
    guarantees: p.guarantees,
  });
}
