// Guarantee rules: the catalogue (contracts/guarantees.yaml) compared by guarantee ID.

import type { DiffContext, Guarantee } from '../context';

const LEVEL: Record<string, number> = { MAY: 1, SHOULD: 2, MUST: 3 };
const PROVENANCE: Record<string, number> = { provisional: 1, observed: 2, documented: 3 };

function rank(table: Record<string, number>, v: string): number {
  return table[v] ?? 0;
}

export function guaranteeRules(ctx: DiffContext): void {
  const head = ctx.head.guarantees.byId;
  for (const b of ctx.base.guarantees.byId.values()) {
    const h = head.get(b.id);
    const path = (g: Guarantee, field?: string) => ['guarantees', g.index, ...(field ? [field] : [])];
    const emit = (rule: Parameters<DiffContext['emit']>[0]['rule'], message: string, field?: string) =>
      ctx.emit({
        rule,
        subject: [b.id],
        message: `${b.id}: ${message}`,
        basePath: path(b, field),
        headPath: h ? path(h, field) : ['guarantees'],
        provenance: b.provenance,
        guarantees: [b.id],
        file: 'guarantees',
      });
    if (!h) {
      emit('guarantee-removed', `removed (was ${b.level}, ${b.provenance}: "${b.statement}")`);
      continue;
    }
    if (rank(LEVEL, h.level) < rank(LEVEL, b.level)) emit('guarantee-level-lowered', `level ${b.level} → ${h.level}`, 'level');
    else if (rank(LEVEL, h.level) > rank(LEVEL, b.level)) emit('guarantee-level-raised', `level ${b.level} → ${h.level}`, 'level');
    const lost = h.operations.length ? b.operations.filter((o) => !h.operations.includes(o)) : [];
    const universalDropped = ctx.base.guarantees.universal(b.id) && !ctx.head.guarantees.universal(h.id);
    if (lost.length || (b.operations.length === 0 && h.operations.length > 0) || universalDropped) {
      const what = universalDropped
        ? 'no longer universal (checked on every response)'
        : lost.length
          ? `no longer covers ${lost.join(', ')}`
          : `narrowed from every operation to ${h.operations.join(', ')}`;
      emit('guarantee-scope-narrowed', what, universalDropped ? undefined : 'operations');
    }
    if (h.statement !== b.statement)
      emit(
        'guarantee-statement-changed',
        `sentence changed from "${b.statement}" to "${h.statement}": review whether it weakens`,
        'statement',
      );
    if (rank(PROVENANCE, h.provenance) < rank(PROVENANCE, b.provenance))
      emit('guarantee-provenance-lowered', `provenance ${b.provenance} → ${h.provenance}`, 'provenance');
    else if (rank(PROVENANCE, h.provenance) > rank(PROVENANCE, b.provenance))
      emit('guarantee-provenance-raised', `provenance ${b.provenance} → ${h.provenance}`, 'provenance');
  }
  const base = ctx.base.guarantees.byId;
  for (const h of head.values()) {
    if (base.has(h.id)) continue;
    ctx.emit({
      rule: 'guarantee-added',
      subject: [h.id],
      message: `${h.id} added (${h.level}, ${h.provenance})`,
      basePath: null,
      headPath: ['guarantees', h.index],
      provenance: h.provenance,
      guarantees: [h.id],
      file: 'guarantees',
    });
  }
}
