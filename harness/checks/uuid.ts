// UUID shapes, canonical forms and cursor decoding for the "no internal UUIDs" oracle and for the
// registry of values the harness itself sent (which responses may echo).

/** Hyphenated UUID of any version. */
const DASHED = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
/** 32 hex digits not inside a longer hex run, with a UUID version (1–8) and RFC 4122 variant nibble. */
const COMPACT = /(?<![0-9a-f])[0-9a-f]{12}[1-8][0-9a-f]{3}[89ab][0-9a-f]{15}(?![0-9a-f])/gi;

/** Lower case, hyphenated. */
export function canonicalUuid(s: string): string {
  const h = s.replace(/-/g, '').toLowerCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Every UUID-shaped substring of a text (hyphenated, or compact with version/variant bits), canonical. */
export function findUuids(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(DASHED)) out.add(canonicalUuid(m[0]));
  for (const m of text.matchAll(COMPACT)) out.add(canonicalUuid(m[0]));
  return [...out];
}

function printable(buf: Buffer): string | null {
  const s = buf.toString('utf8');
  if (s.includes('\uFFFD')) return null;
  // Mostly printable text (allow whitespace).
  let bad = 0;
  for (const ch of s) if (/[\x00-\x08\x0e-\x1f\x7f]/.test(ch)) bad++;
  return bad === 0 ? s : null;
}

export interface Decoding {
  /** How the value was decoded, e.g. `base64url`, `base64url → hex`. */
  readonly via: string;
  readonly text: string | null;
  readonly uuids: readonly string[];
}

/**
 * Decodes an opaque token (a cursor) every plausible way — base64, base64url, hex; whole and per
 * segment between separators such as `.` or `~` (payload.signature forms) — up to two levels deep,
 * and reports the UUIDs found as text in each decoding (also inside decoded JSON). Raw 16-byte
 * decodings are not flagged: they cannot be told apart from random bytes (signatures, nonces).
 */
export function decodeToken(token: string, depth = 2, via = ''): Decoding[] {
  const out: Decoding[] = [];
  if (depth <= 0 || token.length < 8) return out;
  const candidates = new Set([token, ...token.split(/[.~:|,;\s]+/).filter((p) => p.length >= 8)]);
  const attempts: { name: string; buf: Buffer }[] = [];
  for (const c of candidates) {
    if (/^[0-9a-fA-F]+$/.test(c) && c.length % 2 === 0) attempts.push({ name: 'hex', buf: Buffer.from(c, 'hex') });
    if (/^[A-Za-z0-9+/]+={0,2}$/.test(c)) attempts.push({ name: 'base64', buf: Buffer.from(c, 'base64') });
    if (/^[A-Za-z0-9_-]+={0,2}$/.test(c)) attempts.push({ name: 'base64url', buf: Buffer.from(c.replace(/=+$/, ''), 'base64url') });
  }
  const seen = new Set<string>();
  for (const { name, buf } of attempts) {
    const key = buf.toString('hex');
    if (seen.has(key) || buf.length === 0) continue;
    seen.add(key);
    const label = via ? `${via} → ${name}` : name;
    const uuids = new Set<string>();
    const text = printable(buf);
    if (text !== null) {
      for (const u of findUuids(text)) uuids.add(u);
      // Decoded JSON: scan its strings too (they may be encoded once more).
      try {
        const parsed = JSON.parse(text) as unknown;
        for (const s of stringsIn(parsed))
          for (const d of decodeToken(s, depth - 1, `${label} → json`)) d.uuids.forEach((u) => uuids.add(u));
      } catch {
        for (const d of decodeToken(text.trim(), depth - 1, label)) d.uuids.forEach((u) => uuids.add(u));
      }
    }
    out.push({ via: label, text, uuids: [...uuids] });
  }
  return out;
}

/** Every string inside a JSON value (keys excluded). */
export function stringsIn(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(stringsIn);
  if (v && typeof v === 'object') return Object.values(v).flatMap(stringsIn);
  return [];
}

/** `[path, string]` for every string in a JSON value, path in `$.a[0].b` form. */
export function stringLeaves(v: unknown, path = '$'): [string, string][] {
  if (typeof v === 'string') return [[path, v]];
  if (Array.isArray(v)) return v.flatMap((x, i) => stringLeaves(x, `${path}[${i}]`));
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => stringLeaves(x, `${path}.${k}`));
  return [];
}
