// `proves(...ids)`: how a test names the guarantees it proves (docs/ARCHITECTURE.md). Returns
// `[title, details]` for `test(...)`: the title starts with the IDs and reads as the first
// guarantee's sentence; details carry the tags (@documented/@provisional, @MUST/@SHOULD, one per
// profile) and one `{type: 'guarantee', description: ID}` annotation per guarantee.

import { guarantees as catalogue, type GuaranteeId, type Provenance } from '../../contract';

export interface Guarantee {
  readonly id: GuaranteeId;
  readonly family: string;
  readonly level: 'MUST' | 'SHOULD';
  readonly statement: string;
  readonly provenance: Provenance;
  readonly doc: string | null;
  readonly profiles: readonly string[];
  readonly universal: boolean;
  readonly operations: readonly string[];
}

const all: readonly Guarantee[] = catalogue as unknown as readonly Guarantee[];
const byId = new Map<string, Guarantee>(all.map((g) => [g.id, g]));

export function allGuarantees(): readonly Guarantee[] {
  return all;
}

/** The catalogue entry for an ID; throws on an unknown ID. */
export function guarantee(id: string): Guarantee {
  const g = byId.get(id);
  if (!g) throw new Error(`[HARNESS] unknown guarantee ID ${JSON.stringify(id)} (not in generated/guarantees.ts)`);
  return g;
}

export function universalGuarantees(): Guarantee[] {
  return all.filter((g) => g.universal);
}

export interface ProvesDetails {
  tag: string[];
  annotation: { type: string; description: string }[];
}

/** `test(...proves('IDEM-01', 'IDEM-02'), async (…) => …)`. Throws on no ID, an unknown or repeated ID. */
export function proves(...ids: GuaranteeId[]): [string, ProvesDetails] {
  if (ids.length === 0) throw new Error('[HARNESS] proves() needs at least one guarantee ID');
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) throw new Error(`[HARNESS] proves(): ${id} listed twice`);
    seen.add(id);
  }
  const gs = ids.map(guarantee);
  const first = gs[0]!;
  const title = `${ids.join(' ')}: ${first.statement}`;
  const tags = new Set<string>();
  for (const g of gs) tags.add(`@${g.provenance}`);
  for (const g of gs) tags.add(`@${g.level}`);
  for (const g of gs) for (const p of g.profiles) tags.add(`@${p}`);
  return [title, { tag: [...tags], annotation: gs.map((g) => ({ type: 'guarantee', description: g.id })) }];
}

/** The guarantee IDs a test declares (its `guarantee` annotations). */
export function declaredGuarantees(annotations: readonly { type: string; description?: string }[]): string[] {
  return annotations.filter((a) => a.type === 'guarantee' && a.description).map((a) => a.description!);
}
