// Secrets never leave the process: every attachment, title, error message and log line the
// harness writes goes through these functions. A configured key is replaced by the shell variable
// that holds it (`$MESHI_PARTNER_KEY`), so a curl line stays runnable; any other credential-like
// header value is replaced by a description of its shape.

import { KEY_ENV, KEY_NAMES, type Keys } from '../settings/config';

/** Headers whose values are credentials. */
export const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key', 'api-key']);

export interface Secret {
  readonly value: string;
  /** What replaces it, e.g. `$MESHI_PARTNER_KEY`. */
  readonly placeholder: string;
}

/** A set of known secrets, longest first so a key containing another is replaced whole. */
export class Redactor {
  private secrets: Secret[] = [];

  constructor(secrets: readonly Secret[] = []) {
    for (const s of secrets) this.add(s.value, s.placeholder);
  }

  static fromKeys(keys: Keys): Redactor {
    const r = new Redactor();
    for (const name of KEY_NAMES) {
      const v = keys[name];
      if (v) r.add(v, `$${KEY_ENV[name]}`);
    }
    return r;
  }

  add(value: string, placeholder: string): void {
    // Very short values would turn unrelated text into placeholders; they are not real secrets.
    if (!value || value.length < 4 || this.secrets.some((s) => s.value === value)) return;
    this.secrets.push({ value, placeholder });
    this.secrets.sort((a, b) => b.value.length - a.value.length);
  }

  /** The placeholder for a known secret value, or null. */
  placeholderFor(value: string): string | null {
    return this.secrets.find((s) => s.value === value)?.placeholder ?? null;
  }

  /** Replaces every known secret in a text. */
  text(text: string): string {
    let out = text;
    for (const s of this.secrets) if (out.includes(s.value)) out = out.split(s.value).join(s.placeholder);
    return out;
  }

  /** The redacted value of one header. */
  header(name: string, value: string): string {
    const lower = name.toLowerCase();
    if (!SECRET_HEADERS.has(lower)) return this.text(value);
    const m = /^(\S+)\s+(.*)$/.exec(value);
    const scheme = m ? m[1]! : null;
    const credential = m ? m[2]! : value;
    const known = this.placeholderFor(credential);
    const shown = known ?? `<redacted ${credential.length} chars>`;
    return scheme ? `${scheme} ${shown}` : shown;
  }

  headers(headers: Readonly<Record<string, string>>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(headers)) out[k] = this.header(k, v);
    return out;
  }

  /** Redacts a JSON-able value (strings anywhere in it). */
  value<T>(v: T): T {
    if (typeof v === 'string') return this.text(v) as T;
    if (Array.isArray(v)) return v.map((x) => this.value(x)) as T;
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[this.text(k)] = this.value(x);
      return out as T;
    }
    return v;
  }
}

/** Truncates a text to `max` characters, saying how much was cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… [truncated: ${text.length - max} more characters of ${text.length}]`;
}

/** Single-quotes a string for a POSIX shell. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
