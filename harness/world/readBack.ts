// Read-your-writes, sampled: one read after a write passes a server whose replicas lag now and
// then. After each write the round-trip tests read the item, and the list holding it, through both
// base paths, MESHI_READ_SAMPLES times each (default 3; 10 with the nightly property budget), and
// every read must show the write.

import { contract, type GuaranteeId } from '../../contract';
import type { Base, MeshiClient } from '../http/client';
import { withoutCorrelation, type Json } from '../http/json';
import { cursorPages, lister } from './pages';
import { setting } from '../settings';
import { expectEqual } from '../verdicts/expect';
import { caseNotExercised } from '../verdicts/observe';

/** Reads after each write (MESHI_READ_SAMPLES). */
export function readSamples(): number {
  return setting('MESHI_READ_SAMPLES') ?? (setting('MESHI_PROPERTY_BUDGET') === 'nightly' ? 10 : 3);
}

/** Where a written object can be read back: its item operation, and the list that holds it. */
export interface ReadBackPlace {
  readonly item: { readonly op: string; readonly params: Readonly<Record<string, string>> };
  readonly list?: { readonly op: string; readonly params: Readonly<Record<string, string>>; readonly idField: string; readonly id: string };
}

const BASES: readonly Base[] = ['current', 'alias'];

/** The object as one read shows it (item: the body without correlation_id; list: the matching item), or a note why none. */
async function readOnce(
  meshi: MeshiClient,
  place: ReadBackPlace,
  from: 'item' | 'list',
  base: Base,
  label: string,
): Promise<Json | string> {
  if (from === 'item') {
    const res = await meshi.call<Json>(place.item.op, { params: place.item.params, base, label });
    return res.status === 200 ? withoutCorrelation(res.body) : `answered ${res.status}${res.body?.code ? ` ${res.body.code}` : ''}`;
  }
  const l = place.list!;
  for await (const { res } of cursorPages(lister(meshi, l.op, l.params, { base, label }), { limit: contract.limits.pageLimitMax! })) {
    if (res.status !== 200) return `answered ${res.status}${res.body?.code ? ` ${res.body.code}` : ''}`;
    const hit = (res.body.items as Json[]).find((x) => x[l.idField] === l.id);
    if (hit) return hit;
  }
  return `not in the list`;
}

/**
 * Reads `place` `samples` times through each base, as item and (when given) in its list; each read
 * must equal `expected` (compared without correlation_id): expectEqual of `guarantee` (the
 * vocabulary's order, with the client and the place as the subject).
 */
export async function expectReadsShow(
  guarantee: GuaranteeId,
  what: string,
  meshi: MeshiClient,
  place: ReadBackPlace,
  expected: Json,
  samples = readSamples(),
): Promise<void> {
  const want = withoutCorrelation(expected);
  const bases = new Set(BASES);
  for (let i = 1; i <= samples; i++) {
    for (const base of bases) {
      for (const from of place.list ? (['item', 'list'] as const) : (['item'] as const)) {
        const where = `${from === 'item' ? place.item.op : place.list!.op} (${base} base), read ${i} of ${samples}`;
        const got = await readOnce(meshi, place, from, base, `${what}: ${where}`);
        if (base === 'alias' && got === `answered 404 ${ROUTE_NOT_FOUND}`) {
          // The alias does not route the operation: ALIAS-01's failure, not this guarantee's.
          caseNotExercised(`${what}: reads through the alias base (it answers 404 ${ROUTE_NOT_FOUND}, ALIAS-01)`);
          bases.delete('alias');
          break;
        }
        expectEqual(guarantee, `${what}: ${where} shows the write`, got, want);
      }
    }
  }
}

const ROUTE_NOT_FOUND = 'ROUTE_NOT_FOUND';
