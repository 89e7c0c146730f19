// One parser per kind of mock option. Each reads the same value from text (a MOCK_* variable, a
// CLI flag) and from JSON (PATCH /__mock/config) through one check, so a range is written once.
// A parser throws OptionValueError with what it expected; the caller names the option.

export class OptionValueError extends Error {}

export interface OptionParser<T> {
  /** From the environment or a flag. */
  text(raw: string): T;
  /** From a JSON document (PATCH /__mock/config). */
  json(value: unknown): T;
}

export function fail(expected: string): never {
  throw new OptionValueError(`expected ${expected}`);
}

export interface NumberRange {
  readonly min?: number;
  /** Exclusive lower bound. */
  readonly above?: number;
  readonly max?: number;
  readonly int?: boolean;
}

function describe({ min, above, max, int }: NumberRange): string {
  const what = int ? 'an integer' : 'a number';
  if (min !== undefined && max !== undefined) return `${what} ${min}–${max}`;
  if (min !== undefined) return `${what} ≥ ${min}`;
  if (above !== undefined) return `${what} > ${above}`;
  return what;
}

export function number(range: NumberRange = {}): OptionParser<number> {
  const { min = -Infinity, above = -Infinity, max = Infinity, int = false } = range;
  const check = (n: number): number => {
    if (!Number.isFinite(n) || n < min || n <= above || n > max || (int && !Number.isInteger(n))) fail(describe(range));
    return n;
  };
  return {
    text: (raw) => (raw.trim() === '' ? fail(describe(range)) : check(Number(raw))),
    json: (v) => (typeof v === 'number' ? check(v) : fail(describe(range))),
  };
}

const TRUE = ['1', 'true', 'yes', 'on', ''];
const FALSE = ['0', 'false', 'no', 'off'];

/** Text: 1/true/yes/on (or a bare flag) and 0/false/no/off; JSON: a boolean. */
export const boolean: OptionParser<boolean> = {
  text: (raw) => {
    const v = raw.trim().toLowerCase();
    if (TRUE.includes(v)) return true;
    if (FALSE.includes(v)) return false;
    return fail('a boolean');
  },
  json: (v) => (typeof v === 'boolean' ? v : fail('a boolean')),
};

/** One of a list of strings or numbers (text spells a number as usual). */
export function oneOf<T extends string | number>(values: readonly T[]): OptionParser<T> {
  const check = (v: unknown): T => (values.includes(v as T) ? (v as T) : fail(`one of ${values.join(', ')}`));
  return { text: (raw) => check(values.find((v) => String(v) === raw.trim()) ?? raw), json: check };
}

/** Any text; the empty string is null. */
export const textOrNull: OptionParser<string | null> = {
  text: (raw) => raw || null,
  json: (v) => (v === null || typeof v === 'string' ? v || null : fail('a string or null')),
};

export const text: OptionParser<string> = { text: (raw) => raw, json: (v) => (typeof v === 'string' ? v : fail('a string')) };

/** `a,b,c` (blanks dropped), or a JSON array of strings. */
export const list: OptionParser<string[]> = {
  text: (raw) => splitList(raw),
  json: (v) => (Array.isArray(v) && v.every((s) => typeof s === 'string') ? v : fail('an array of strings')),
};

function splitList(raw: string): string[] {
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * A map read as `key=value,…` (text) or an object (JSON; text may be a JSON object too when
 * `jsonText`), each entry through `entry`, which gets the key and the value as text or JSON.
 */
export function map<V>(
  entry: { readonly text: (key: string, raw: string) => V; readonly json: (key: string, v: unknown) => V; readonly shape: string },
  jsonText = false,
): OptionParser<Record<string, V>> {
  const fromObject = (v: unknown): Record<string, V> => {
    if (!v || typeof v !== 'object' || Array.isArray(v)) fail(`an object of ${entry.shape}`);
    const out: Record<string, V> = {};
    for (const [k, val] of Object.entries(v as Record<string, unknown>)) out[k] = named(k, () => entry.json(k, val));
    return out;
  };
  return {
    text: (raw) => {
      if (jsonText && raw.trim().startsWith('{')) return fromObject(JSON.parse(raw.trim()));
      const out: Record<string, V> = {};
      for (const pair of splitList(raw)) {
        const eq = pair.indexOf('=');
        if (eq <= 0) fail(entry.shape);
        const key = pair.slice(0, eq).trim();
        out[key] = named(key, () => entry.text(key, pair.slice(eq + 1)));
      }
      return out;
    },
    json: fromObject,
  };
}

/** Runs an entry's parser; its error names the entry. */
function named<V>(key: string, parse: () => V): V {
  try {
    return parse();
  } catch (e) {
    if (e instanceof OptionValueError) throw new OptionValueError(`${key}: ${e.message}`);
    throw e;
  }
}
