// Defence in depth for every artefact the reporter writes. The harness already redacts what it
// attaches (harness/http/redact.ts); the reporter redacts again, with the keys configured in its own
// environment (MESHI_* key variables) plus the bundled mock's seeded keys, and scrubs any
// `Bearer <value>` and any Authorization-like header value that is not a `$MESHI_…` placeholder.
// `scrubReport` walks the finished report so no renderer can forget a field.

import { KEY_ENV, KEY_NAMES, readBundledMockKeys } from '../harness/settings/config';
import { configuredKeyValues, mockKeysFile } from '../harness/settings';
import { Redactor } from '../harness/http/redact';

const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key', 'api-key']);

/** The redactor for report artefacts: configured keys from `env` (default: the environment), and the bundled mock's keys. */
export function reportRedactor(env?: Readonly<Record<string, string | undefined>>): Redactor {
  const r = new Redactor();
  for (const { variable, value } of configuredKeyValues(env)) r.add(value, `$${variable}`);
  let mock: ReturnType<typeof readBundledMockKeys> | null = null;
  try {
    mock = readBundledMockKeys(mockKeysFile(env));
  } catch {
    mock = null;
  }
  if (mock) for (const name of KEY_NAMES) if (mock[name]) r.add(mock[name]!, `$${KEY_ENV[name]}`);
  return r;
}

// Values that are already placeholders: `$MESHI_…`, `<redacted N chars>` (also HTML-escaped), `[redacted]`.
const NOT_PLACEHOLDER = String.raw`(?!\$MESHI_|<redacted|&lt;redacted|\[redacted\])`;
// A credential-looking value: 8+ characters with a digit or one of _ . - + / = ~ (so prose such as
// "a bearer token that…" is left alone; configured keys are replaced whatever they look like).
const VALUE = String.raw`(?=[^\s"'\\,;<>&]*[0-9_.+/=~-])([^\s"'\\,;<>&]{8,})`;
const BEARER = new RegExp(String.raw`\b(Bearer)(\s+)${NOT_PLACEHOLDER}${VALUE}`, 'gi');
const HEADER_LINE = new RegExp(
  String.raw`\b(authorization|proxy-authorization|x-api-key|api-key)(["']?\s*[:=]\s*["']?)(?!Bearer\b)${NOT_PLACEHOLDER}${VALUE}`,
  'gi',
);

/** A credential header value that is already a placeholder (`Bearer $MESHI_PARTNER_KEY`, `<redacted 12 chars>`). */
const PLACEHOLDER = /^(?:\S+\s+)?(?:\$MESHI_[A-Z0-9_]+|<redacted[^>]*>)$/;

/** Redacts known secrets and scrubs bearer credentials from any text. */
export function scrubText(r: Redactor, text: string): string {
  return r
    .text(text)
    .replace(BEARER, (_m, scheme: string, sp: string, value: string) => `${scheme}${sp}${r.placeholderFor(value) ?? '[redacted]'}`)
    .replace(HEADER_LINE, (_m, name: string, sep: string, value: string) => `${name}${sep}${r.placeholderFor(value) ?? '[redacted]'}`);
}

/** A deep copy of a JSON value with every string scrubbed and credential headers redacted. */
export function scrubReport<T>(r: Redactor, value: T): T {
  const walk = (v: unknown, key: string | null): unknown => {
    if (typeof v === 'string') return scrubText(r, v);
    if (Array.isArray(v)) return v.map((x) => walk(x, null));
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      const isHeaders = key === 'headers';
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        if (isHeaders && typeof x === 'string' && SECRET_HEADERS.has(k.toLowerCase()))
          out[scrubText(r, k)] = PLACEHOLDER.test(x) ? x : scrubText(r, r.header(k, x));
        else out[scrubText(r, k)] = walk(x, k);
      }
      return out;
    }
    return v;
  };
  return walk(value, null) as T;
}
