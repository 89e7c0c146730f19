// Deterministic text helpers shared by enrichment, matching and the stored records: tokenising and
// flattening raw values, a body value as a nullable string.
// Pure functions: the same input always gives the same output (no locale, no randomness).

const STOPWORDS = new Set([
  'a',
  'an',
  'and',
  'are',
  'as',
  'at',
  'be',
  'by',
  'for',
  'from',
  'in',
  'into',
  'is',
  'it',
  'of',
  'on',
  'or',
  'our',
  'the',
  'their',
  'this',
  'to',
  'we',
  'with',
  'you',
  'your',
  'de',
  'la',
  'le',
  'et',
  'der',
  'die',
  'das',
  'und',
  'null',
  'true',
  'false',
  'inc',
  'ltd',
  'llc',
  'gmbh',
  'co',
]);

const SPLIT = /[^\p{L}\p{N}]+/u;

/** Lower-cased word tokens of at least two characters, stopwords removed, in text order. */
export function tokens(text: string | null | undefined): string[] {
  if (!text) return [];
  const out: string[] = [];
  for (const part of text.toLowerCase().split(SPLIT)) {
    if (part.length < 2 || part.length > 40 || STOPWORDS.has(part)) continue;
    out.push(part);
  }
  return out;
}

/** Every string, number and boolean leaf of a JSON value, depth-first in key order. Bounded. */
export function rawLeaves(value: unknown, limit = 256): string[] {
  const out: string[] = [];
  const walk = (v: unknown, depth: number): void => {
    if (out.length >= limit || depth > 8) return;
    if (typeof v === 'string') out.push(v);
    else if (typeof v === 'number' && Number.isFinite(v)) out.push(String(v));
    else if (Array.isArray(v)) for (const item of v) walk(item, depth + 1);
    else if (v !== null && typeof v === 'object') {
      for (const key of Object.keys(v).sort()) walk((v as Record<string, unknown>)[key], depth + 1);
    }
  };
  walk(value, 0);
  return out;
}

/** A case- and space-normalised form, used to compare identities (emails, company names, URLs). */
export function normalise(text: string | null | undefined): string {
  return (text ?? '').trim().toLowerCase().replace(/\s+/g, ' ');
}

/** Ordinal string comparison (code units), independent of locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A body value as a stored nullable text field: the string itself, anything else null. */
export function stringOrNull(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}
