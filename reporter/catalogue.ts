// The guarantee catalogue as the reporter sees it (generated/guarantees.ts), and the optional
// scope selection (`--guarantees EVT-01,ERR,CORR-03`): a partial run says so in every artefact.

import { families, guarantees } from '../contract';
import type { Catalogue, CatalogueEntry } from './types';

export function loadCatalogue(): Catalogue {
  return { families: families as Readonly<Record<string, string>>, guarantees: guarantees as unknown as readonly CatalogueEntry[] };
}

/** Parses a selection list: guarantee IDs and/or family names, comma or space separated. Throws on an unknown item. */
export function parseSelection(text: string | undefined | null, catalogue: Catalogue): string[] | null {
  if (text === undefined || text === null || text.trim() === '') return null;
  const items = text
    .split(/[\s,]+/)
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean);
  const ids = new Set(catalogue.guarantees.map((g) => g.id));
  for (const item of items) {
    if (!ids.has(item) && !(item in catalogue.families))
      throw new Error(`unknown guarantee ID or family ${JSON.stringify(item)} in the guarantee selection`);
  }
  return items;
}

/** The catalogue restricted to a selection (IDs or families); the whole catalogue for null. */
export function selectGuarantees(catalogue: Catalogue, selection: readonly string[] | null): CatalogueEntry[] {
  if (!selection) return [...catalogue.guarantees];
  const set = new Set(selection);
  return catalogue.guarantees.filter((g) => set.has(g.id) || set.has(g.family));
}

/** A guarantee ID as written in a bracket: FAMILY-NN. */
export const GUARANTEE_ID = /^[A-Z][A-Z0-9]*-\d{2,3}$/;
