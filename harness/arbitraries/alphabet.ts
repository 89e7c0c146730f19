// Alphabets and lengths derived from the contract's patterns (generated/contract.ts), never
// restated: which printable ASCII characters a pattern accepts as the first character and after
// it, and the longest value it accepts. The partner-ID, kind, correlation-ID and idempotency-key
// arbitraries are built on these, so a contract change moves the generators with it.

import { contract, pattern } from '../../contract';

export interface Alphabet {
  /** The pattern the alphabet was derived from. */
  readonly regex: RegExp;
  /** Printable ASCII characters accepted in the first position. */
  readonly first: readonly string[];
  /** Printable ASCII characters accepted after a valid first character. */
  readonly rest: readonly string[];
  /** Characters accepted after the first but not as the first ("bad first characters"). */
  readonly restOnly: readonly string[];
  /** Printable ASCII characters accepted nowhere (every illegal ASCII class). */
  readonly illegalAscii: readonly string[];
  /** The longest accepted value (contract limit, else found by search). */
  readonly maxLength: number;
  /** The shortest accepted value. */
  readonly minLength: number;
}

const PRINTABLE: readonly string[] = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i));

/** The longest string of `c` the regex accepts, searching up to `cap`. */
function longestOf(re: RegExp, c: string, cap = 4096): number {
  if (!re.test(c)) return 0;
  let lo = 1;
  let hi = cap;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (re.test(c.repeat(mid))) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Derives the alphabet of an anchored single-token pattern (`^[first][rest]{m,n}$` shaped). */
export function alphabetOf(regex: RegExp, maxLength?: number): Alphabet {
  const first = PRINTABLE.filter((c) => regex.test(c) || regex.test(c + c));
  if (first.length === 0) throw new Error(`[HARNESS] pattern ${regex.source} accepts no printable first character`);
  const f = first.find((c) => /[A-Za-z]/.test(c)) ?? first[0]!;
  const rest = PRINTABLE.filter((c) => regex.test(f + c) || regex.test(f + c + f));
  const restOnly = rest.filter((c) => !first.includes(c));
  const illegalAscii = PRINTABLE.filter((c) => !first.includes(c) && !rest.includes(c));
  const max = maxLength ?? longestOf(regex, f);
  const minLength = regex.test(f) ? 1 : regex.test(f + f) ? 2 : 1;
  return { regex, first, rest, restOnly, illegalAscii, maxLength: max, minLength };
}

let partnerIdAlphabet: Alphabet | null = null;
let kindAlphabet: Alphabet | null = null;
let correlationAlphabet: Alphabet | null = null;

/** Partner IDs (`contract.patterns.partnerId`, `contract.limits.partnerIdMaxLength`). */
export function partnerIdAlphabetOf(): Alphabet {
  partnerIdAlphabet ??= alphabetOf(pattern('partnerId'), contract.limits.partnerIdMaxLength);
  return partnerIdAlphabet;
}

/** Id-map kinds (`contract.patterns.partnerKind`, `contract.limits.partnerKindMaxLength`). */
export function kindAlphabetOf(): Alphabet {
  kindAlphabet ??= alphabetOf(pattern('partnerKind'), contract.limits.partnerKindMaxLength);
  return kindAlphabet;
}

/** Correlation IDs (`contract.patterns.correlationId`, `contract.limits.correlationIdMaxLength`). */
export function correlationAlphabetOf(): Alphabet {
  correlationAlphabet ??= alphabetOf(pattern('correlationId'), contract.limits.correlationIdMaxLength);
  return correlationAlphabet;
}

/**
 * Unicode characters that look like allowed ASCII ones (homoglyphs and width variants) plus other
 * non-ASCII classes: none is accepted by an ASCII-only pattern. Each entry names what it imitates.
 */
export const LOOK_ALIKES: readonly { readonly char: string; readonly imitates: string; readonly name: string }[] = [
  { char: '\u0430', imitates: 'a', name: 'CYRILLIC SMALL LETTER A' },
  { char: '\u043e', imitates: 'o', name: 'CYRILLIC SMALL LETTER O' },
  { char: '\u0391', imitates: 'A', name: 'GREEK CAPITAL LETTER ALPHA' },
  { char: '\u0131', imitates: 'i', name: 'LATIN SMALL LETTER DOTLESS I' },
  { char: '\uff21', imitates: 'A', name: 'FULLWIDTH LATIN CAPITAL LETTER A' },
  { char: '\uff10', imitates: '0', name: 'FULLWIDTH DIGIT ZERO' },
  { char: '\u0661', imitates: '1', name: 'ARABIC-INDIC DIGIT ONE' },
  { char: '\u2010', imitates: '-', name: 'HYPHEN' },
  { char: '\u2212', imitates: '-', name: 'MINUS SIGN' },
  { char: '\u2013', imitates: '-', name: 'EN DASH' },
  { char: '\uff0e', imitates: '.', name: 'FULLWIDTH FULL STOP' },
  { char: '\u2024', imitates: '.', name: 'ONE DOT LEADER' },
  { char: '\u2236', imitates: ':', name: 'RATIO' },
  { char: '\uff1a', imitates: ':', name: 'FULLWIDTH COLON' },
  { char: '\uff3f', imitates: '_', name: 'FULLWIDTH LOW LINE' },
  { char: '\u00e9', imitates: 'e', name: 'LATIN SMALL LETTER E WITH ACUTE' },
  { char: 'e\u0301', imitates: 'e', name: 'e + COMBINING ACUTE ACCENT' },
  { char: '\u00a0', imitates: ' ', name: 'NO-BREAK SPACE' },
  { char: '\u200b', imitates: '', name: 'ZERO WIDTH SPACE' },
  { char: '\ufeff', imitates: '', name: 'ZERO WIDTH NO-BREAK SPACE (BOM)' },
  { char: '\u{1d5ba}', imitates: 'a', name: 'MATHEMATICAL SANS-SERIF SMALL A (astral)' },
  { char: '\u{1f600}', imitates: '', name: 'GRINNING FACE (emoji, astral)' },
];

/** C0 controls and DEL: never accepted, and never sendable in a header (bodies and paths only). */
export const CONTROL_CHARS: readonly string[] = [...Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i)), '\x7f'];
