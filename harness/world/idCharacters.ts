// Characters tried against the contract's ID patterns, and malformed or derived IDs built from
// them (ids, events, imports, enrichment suites). Every rule comes from the contract's patterns.

import { contract, pattern } from '../../contract';
import type { Namespace } from './namespace';

const PRINTABLE_ASCII = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i));
/** Characters beyond printable ASCII tried against the ID rules: controls, DEL, Latin-1, CJK, astral. */
const OTHER_CHARS = ['\t', '\n', '\u0000', '\u007f', 'é', 'ß', '日', '\u00a0', '😀'];
export const CANDIDATE_CHARS: readonly string[] = [...PRINTABLE_ASCII, ...OTHER_CHARS];

/** Characters that may not appear anywhere in a string of the pattern (tested between two letters). */
export function illegalCharacters(re: RegExp): string[] {
  return CANDIDATE_CHARS.filter((c) => !re.test(`a${c}b`) && !re.test(`A${c}b`));
}

/** Characters allowed inside but not first. */
export function badFirstCharacters(re: RegExp): string[] {
  return CANDIDATE_CHARS.filter((c) => re.test(`a${c}`) && !re.test(`${c}a`));
}

/** Characters allowed everywhere. */
export function allowedCharacters(re: RegExp): string[] {
  return CANDIDATE_CHARS.filter((c) => re.test(`${c}a`));
}

/** A readable name for a character in assertion messages. */
export function charName(c: string): string {
  const cp = c.codePointAt(0)!;
  return cp < 0x21 || cp === 0x7f || cp === 0xa0 ? `U+${cp.toString(16).toUpperCase().padStart(4, '0')}` : JSON.stringify(c);
}

export interface BadId {
  readonly what: string;
  readonly id: string;
}

/**
 * Malformed partner IDs, one per defect: one character too long, every character allowed inside
 * but not first, every illegal character (inside an otherwise valid ID). `sample` keeps the
 * length case, then every n-th of the others (for positions where the full sweep is too costly).
 */
export function badPartnerIds(ns: Namespace, sample?: { readonly count: number; readonly offset: number }): BadId[] {
  const re = pattern('partnerId');
  const max = contract.limits.partnerIdMaxLength!;
  const all: BadId[] = [];
  const base = ns.id('bad');
  for (const c of badFirstCharacters(re)) all.push({ what: `starting with ${charName(c)}`, id: `${c}${base}` });
  for (const c of illegalCharacters(re)) all.push({ what: `containing ${charName(c)}`, id: `${base}${c}x` });
  const long: BadId = { what: `of ${max + 1} characters`, id: ns.idOfLength(max + 1, 'long') };
  if (!sample) return [long, ...all];
  const picked: BadId[] = [long];
  for (let i = 0; i < sample.count; i++)
    picked.push(all[(sample.offset + i * Math.max(1, Math.floor(all.length / sample.count))) % all.length]!);
  return picked;
}

/** A lower-case url_slug-safe rendering of a partner ID. */
export function slugOf(id: string): string {
  return id
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+/, '');
}

/** A fresh email that belongs to this namespace (identity clustering never meets other tests). */
export function emailOf(ns: Namespace, label: string): string {
  return `${slugOf(ns.id(label))}@example.com`;
}

/** A fresh LinkedIn profile URL that belongs to this namespace. */
export function linkedinOf(ns: Namespace, label: string): string {
  return `https://www.linkedin.com/in/${slugOf(ns.id(label))}`;
}
