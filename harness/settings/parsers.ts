// Parsers of setting values, one per kind (boolean, integer, URL, key, text, choice). Each takes the
// raw text of a variable (unset or blank = not set) and its name, and returns the typed value or
// throws ConfigError naming the variable. A message never contains the value, not even part of it:
// any variable may hold a key pasted into the wrong place, so it says what is wrong instead.

import { ConfigError } from './configError';

export type Parser<T> = (raw: string | undefined, variable: string) => T;

/** The one set of boolean spellings, for every boolean setting. */
const TRUE = ['1', 'true', 'yes', 'on'];
const FALSE = ['0', 'false', 'no', 'off'];

function trimmed(raw: string | undefined): string | undefined {
  const t = raw?.trim();
  return t ? t : undefined;
}

/** How a rejected value is referred to: its length only. */
function unshown(v: string): string {
  return `the value (${v.length} characters, not shown)`;
}

export function boolean(dflt: boolean): Parser<boolean> {
  return (raw, variable) => {
    const v = trimmed(raw);
    if (v === undefined) return dflt;
    const l = v.toLowerCase();
    if (TRUE.includes(l)) return true;
    if (FALSE.includes(l)) return false;
    throw new ConfigError(variable, `expected a boolean (${TRUE.join('/')} or ${FALSE.join('/')}); ${unshown(v)} is neither`);
  };
}

interface Range {
  readonly min?: number;
  readonly max?: number;
}

function parseInteger(v: string, variable: string, { min = 0, max = Number.MAX_SAFE_INTEGER }: Range): number {
  const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `in ${min}..${max}`;
  if (!/^-?\d+$/.test(v)) throw new ConfigError(variable, `expected an integer ${range}; ${unshown(v)} is not an integer`);
  const n = Number(v);
  if (n < min || n > max) throw new ConfigError(variable, `expected an integer ${range}; the value is out of range`);
  return n;
}

export function integer(dflt: number, range: Range = {}): Parser<number> {
  return (raw, variable) => {
    const v = trimmed(raw);
    return v === undefined ? dflt : parseInteger(v, variable, range);
  };
}

export function optionalInteger(range: Range = {}): Parser<number | undefined> {
  return (raw, variable) => {
    const v = trimmed(raw);
    return v === undefined ? undefined : parseInteger(v, variable, range);
  };
}

/** An absolute http(s) URL without query, fragment or credentials. */
export function httpUrl(): Parser<URL | undefined> {
  return (raw, variable) => {
    const v = trimmed(raw);
    if (v === undefined) return undefined;
    let u: URL;
    try {
      u = new URL(v);
    } catch {
      throw new ConfigError(variable, `expected an absolute http(s) URL such as https://api.staging.meshi.io; ${unshown(v)} is not a URL`);
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:')
      throw new ConfigError(variable, `expected an http(s) URL; ${unshown(v)} has another scheme`);
    if (u.username || u.password) throw new ConfigError(variable, 'must not carry credentials (user:password@)');
    if (u.search || u.hash) throw new ConfigError(variable, 'must not carry a query or fragment');
    return u;
  };
}

/** A bare API key: no "Bearer " prefix, no whitespace or control characters. */
export function apiKey(): Parser<string | null> {
  return (raw, variable) => {
    if (raw === undefined || raw.trim() === '') return null;
    if (/^bearer\s/i.test(raw.trim())) throw new ConfigError(variable, 'give the bare key, without the "Bearer " prefix');
    if (/[\s\x00-\x1f\x7f]/.test(raw.trim())) throw new ConfigError(variable, 'must not contain whitespace or control characters');
    if (raw !== raw.trim()) throw new ConfigError(variable, 'has leading or trailing whitespace');
    return raw;
  };
}

/** Free text, optionally checked (`accepts`) against what `expected` describes. */
export function text(check?: { readonly accepts: (v: string) => boolean; readonly expected: string }): Parser<string | undefined> {
  return (raw, variable) => {
    const v = trimmed(raw);
    if (v === undefined || !check || check.accepts(v)) return v;
    throw new ConfigError(variable, `expected ${check.expected}; ${unshown(v)} does not match`);
  };
}

/** One of a fixed set of lower-case words. */
export function choice<T extends string>(values: readonly T[], dflt: T): Parser<T> {
  return (raw, variable) => {
    const v = trimmed(raw)?.toLowerCase();
    if (v === undefined) return dflt;
    if ((values as readonly string[]).includes(v)) return v as T;
    throw new ConfigError(variable, `expected one of ${values.join(', ')}; ${unshown(v)} is none of them`);
  };
}
