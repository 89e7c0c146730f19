// Values a careless server would be tempted to rewrite although the contract says it returns them
// unchanged: text that Unicode normalisation (NFC, NFKC) changes or that carries surrounding or
// repeated spaces, URLs that a URL library canonicalises (host case, default port, empty path,
// percent-encoding case and needless escapes, dot segments), IANA time-zone links that resolve to
// another name, IDs whose case a server could fold. The generators draw them; `rewrites` says
// which normalisations would change a value, so a bench can report how often they were drawn.
// The oracle compares what comes back byte for byte.

import fc from 'fast-check';

/** Each careless rewrite, by name: what it turns a value into. */
const REWRITES = {
  nfc: (s: string) => s.normalize('NFC'),
  nfkc: (s: string) => s.normalize('NFKC'),
  trim: (s: string) => s.trim(),
  collapseSpaces: (s: string) => s.replace(/\s{2,}/g, ' '),
  lowercase: (s: string) => s.toLowerCase(),
  url: (s: string) => canonicalUrl(s),
  timeZone: (s: string) => canonicalZone(s),
} as const satisfies Record<string, (s: string) => string>;

export type Rewrite = keyof typeof REWRITES;

/** The rewrites that change `value` (none for anything but a string). */
export function rewrites(value: unknown, which: readonly Rewrite[] = Object.keys(REWRITES) as Rewrite[]): Rewrite[] {
  if (typeof value !== 'string') return [];
  return which.filter((r) => REWRITES[r](value) !== value);
}

function canonicalUrl(s: string): string {
  try {
    // WHATWG canonical form, then what an RFC 3986 normaliser adds: upper-case escapes, decoded unreserved ones.
    return new URL(s).href.replace(/%[0-9a-f]{2}/gi, (e) => {
      const c = String.fromCharCode(parseInt(e.slice(1), 16));
      return /[A-Za-z0-9\-._~]/.test(c) ? c : e.toUpperCase();
    });
  } catch {
    return s;
  }
}

function canonicalZone(s: string): string {
  try {
    return new Intl.DateTimeFormat('en', { timeZone: s }).resolvedOptions().timeZone;
  } catch {
    return s;
  }
}

// Text -------------------------------------------------------------------------------------------

/** Pieces NFC or NFKC changes: decomposed accents, a ligature, full-width and superscript forms, Hangul jamo, singletons (Å, Ω signs). */
const UNNORMALISED = ['e\u0301', 'A\u030a', 'n\u0303o', '\ufb01', '\uff21\uff22', 'x\u00b2', '\u1100\u1161', '\u212b', '\u2126'];

/**
 * Text of 1..max code points (never whitespace only) that some careless rewrite changes: an
 * unnormalised piece, surrounding spaces or a double space, around an ordinary core.
 */
export function rewritableText(max: number): fc.Arbitrary<string> {
  const core = fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ]{0,10}[A-Za-z0-9]$/);
  return fc
    .tuple(core, fc.constantFrom(...UNNORMALISED), fc.constantFrom('lead', 'trail', 'both', 'double', 'none'))
    .map(([c, piece, spaces]) => {
      const body = `${c} ${piece}`;
      const spaced =
        spaces === 'lead'
          ? ` ${body}`
          : spaces === 'trail'
            ? `${body} `
            : spaces === 'both'
              ? `  ${body}  `
              : spaces === 'double'
                ? body.replace(' ', '  ')
                : body;
      return Array.from(spaced).slice(0, Math.max(1, max)).join('');
    })
    .filter((s) => s.trim().length > 0 && rewrites(s).length > 0);
}

// URLs -------------------------------------------------------------------------------------------

/**
 * Absolute http(s) URLs on `host` that a URL library would rewrite: host in mixed case, the scheme's
 * default port, an empty path, lower-case or needless percent-escapes, dot segments, an empty query.
 */
export function rewritableUrl(scheme: 'https' | 'http', host: string, maxLength: number): fc.Arbitrary<string> {
  const mixedHost = fc.constantFrom(
    host.toUpperCase(),
    host.replace(/^./, (c) => c.toUpperCase()),
    host.replace(/\.(.)/g, (_m, c: string) => `.${c.toUpperCase()}`),
  );
  const port = fc.constantFrom('', scheme === 'https' ? ':443' : ':80');
  const path = fc.constantFrom('', '/hooks/%7euser', '/a/./b/../meshi', '/x%2fy/%c3%a9', '/plain', '/%41bc');
  const tail = fc.constantFrom('', '?', '?sig=a%2bb', '#');
  return fc
    .tuple(fc.oneof(mixedHost, fc.constant(host)), port, path, tail)
    .map(([h, p, pa, t]) => `${scheme}://${h}${p}${pa}${t}`)
    .filter((u) => u.length <= maxLength && rewrites(u, ['url']).length > 0);
}

// Time zones -------------------------------------------------------------------------------------

/** IANA links: valid names that resolve to another canonical name (Asia/Calcutta → Asia/Kolkata). */
export function timeZoneLinks(): string[] {
  return ['Asia/Calcutta', 'US/Eastern', 'Europe/Kiev', 'America/Buenos_Aires', 'Asia/Saigon', 'Etc/GMT', 'GB', 'Japan'].filter(
    (z) => rewrites(z, ['timeZone']).length > 0,
  );
}
