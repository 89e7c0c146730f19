// One request-body field at, under and across its caps, generated from its contract field rule
// (`contract.fieldRules[schema]`: types, required, minLength/maxLength, pattern, format, enum,
// errorCode). A FieldCase says what was generated (`state`) and whether the field's own rule must
// reject it (`fails`); cross-field rules live in bodies.ts.
//
// Rules without a schema home that values must respect to be *accepted* (contract-decisions.md):
// a timezone is an IANA name, raw ≤ contract.limits.rawMaxBytes serialised. They are applied here
// by field shape (a `timezone` string; an `object` field with the raw limit), never by restating a
// number.

import fc from 'fast-check';
import { contract } from '../../contract';
import type { FieldRule } from '../../contract/types';
import { alphabetOf } from './alphabet';
import { rewritableText, rewritableUrl, timeZoneLinks } from './rewritable';

export type FieldState = 'absent' | 'null' | 'empty' | 'within' | 'at-cap' | 'over-cap' | 'bad-format' | 'wrong-type';

export interface FieldCase {
  readonly field: string;
  readonly state: FieldState;
  /** The value sent (undefined: the field is left out). */
  readonly value?: unknown;
  /** The field's own rule rejects this value (with the rule's errorCode). */
  readonly fails: boolean;
}

export function rulesOf(schema: string): readonly FieldRule[] {
  const r = contract.fieldRules[schema];
  if (!r) throw new Error(`[HARNESS] generated/contract.ts has no field rules for ${schema}`);
  return r;
}

export function ruleOf(schema: string, field: string): FieldRule {
  const r = rulesOf(schema).find((f) => f.name === field);
  if (!r) throw new Error(`[HARNESS] generated/contract.ts has no ${schema}.${field}`);
  return r;
}

/** Length in Unicode code points (what JSON Schema's maxLength counts). */
export function codePoints(s: string): number {
  return Array.from(s).length;
}

function cutTo(s: string, n: number): string {
  return Array.from(s).slice(0, n).join('');
}

const nullable = (r: FieldRule) => r.types.includes('null');
const isString = (r: FieldRule) => r.types.includes('string');

type Shape = 'enum' | 'date' | 'date-time' | 'email' | 'uri' | 'pattern' | 'timezone' | 'text' | 'raw' | 'array' | 'other';

/** Which generator a rule needs (by its keywords; `timezone` and `raw` by the decisions above). */
export function shapeOf(r: FieldRule): Shape {
  if (r.types.includes('object')) return 'raw';
  if (r.types.includes('array')) return 'array';
  if (!isString(r)) return 'other';
  if (r.enum) return 'enum';
  if (r.format === 'date') return 'date';
  if (r.format === 'date-time') return 'date-time';
  if (r.format === 'email') return 'email';
  if (r.format === 'uri' || r.format === 'url') return 'uri';
  if (r.pattern) return 'pattern';
  if (r.name === 'timezone') return 'timezone';
  return 'text';
}

// ---------------------------------------------------------------------------------------------
// Values

/** Mostly ASCII, sometimes Latin-1, CJK, an astral emoji or a no-break space: each one code point. */
const textUnit = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,;:!?\'"-_/()[]{}@#&*+=<>|~`$%^\\'),
  },
  { weight: 1, arbitrary: fc.constantFrom('é', 'ß', 'ñ', '中', '文', '😀', '\u00a0', 'Ω', '\u200d') },
);
const fillChar = fc.oneof({ weight: 4, arbitrary: fc.constant('x') }, { weight: 1, arbitrary: fc.constantFrom('é', '中', '😀') });

function textOfLength(n: number): fc.Arbitrary<string> {
  return fc
    .tuple(fc.string({ unit: textUnit, maxLength: Math.min(12, n) }), fillChar)
    .map(([prefix, fill]) => cutTo(prefix + fill.repeat(n), n));
}

function text(min: number, max: number): fc.Arbitrary<string> {
  return fc.string({ unit: textUnit, minLength: min, maxLength: Math.min(max, 48) }).map((s) => cutTo(s, max));
}

const overBy = fc.oneof({ weight: 4, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.integer({ min: 2, max: 50 }) });

// Dates and times ---------------------------------------------------------------------------------

const dayArb = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true });

export function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

// Milliseconds, none, microseconds or nanoseconds (a server keeping milliseconds only would change
// the instant), in UTC or with an offset (the contract returns the same instant in UTC).
const dateTimeArb = fc
  .tuple(dayArb, fc.constantFrom('ms', 'no-ms', 'offset', 'micro', 'nano-offset'), fc.integer({ min: 1, max: 999_999 }))
  .map(([d, style, sub]) => {
    const iso = d.toISOString();
    if (style === 'ms') return iso;
    if (style === 'no-ms') return `${iso.slice(0, 19)}Z`;
    if (style === 'micro') return `${iso.slice(0, 23)}${String(sub % 1000).padStart(3, '0')}Z`;
    // Same instant written with a +02:00 offset.
    const shifted = new Date(d.getTime() + 2 * 3_600_000).toISOString();
    if (style === 'nano-offset') return `${shifted.slice(0, 23)}${String(sub).padStart(6, '0')}+02:00`;
    return `${shifted.slice(0, 19)}+02:00`;
  });

const BAD_DATES = [
  '2026-02-30',
  '2026-13-01',
  '2026-00-10',
  '26-01-01',
  '2026/01/01',
  '2026-1-1',
  '20260101',
  '2026-01-01T00:00:00Z',
  'tomorrow',
];
const BAD_DATE_TIMES = [
  '2026-01-01',
  '2026-01-01T25:00:00Z',
  '2026-01-01T10:00:00',
  '2026-02-30T10:00:00Z',
  '2026-01-01T10:61:00Z',
  'now',
  '1700000000',
];

// Emails -----------------------------------------------------------------------------------------

/** An email of exactly n characters (n ≥ 8): local part ≤ 64, DNS labels ≤ 63, a dotted domain. */
export function emailOfLength(n: number, seed = 'a'): string {
  if (n < 8) throw new Error(`[HARNESS] emailOfLength(${n}): too short for a dotted domain`);
  const localLength = Math.min(64, n - 7);
  const local = (seed.replace(/[^a-z0-9]/gi, '') || 'a').padEnd(localLength, 'a').slice(0, localLength);
  const tld = '.test';
  const prefixLength = n - local.length - 1 - tld.length; // labels joined by dots, ≥ 1
  const labels = Math.ceil((prefixLength + 1) / 64);
  const letters = prefixLength - (labels - 1);
  const parts = Array.from({ length: labels }, (_, i) => 'b'.repeat(Math.floor(letters / labels) + (i < letters % labels ? 1 : 0)));
  const email = `${local}@${parts.join('.')}${tld}`;
  if (email.length !== n || parts.some((p) => p.length < 1 || p.length > 63))
    throw new Error(`[HARNESS] emailOfLength(${n}) built ${JSON.stringify(email)}`);
  return email;
}

const emailArb = fc
  .tuple(
    fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789._+-'), minLength: 1, maxLength: 16 }),
    fc.constantFrom('example.test', 'mail.example.test', 'x.test'),
  )
  .map(([l, d]) => `${l.replace(/^[._+-]+|[._+-]+$/g, '').replace(/\.\.+/g, '.') || 'a'}@${d}`);
const BAD_EMAILS = ['plainaddress', '@example.test', 'a b@example.test', 'a@@example.test', 'a@example test', 'a@'];

// URIs -------------------------------------------------------------------------------------------

const URI_BASES = ['https://www.linkedin.com/in/', 'https://example.com/', 'http://example.com/hooks/'];
const BAD_URIS = [
  'not a url',
  'www.linkedin.com/in/x',
  'ftp://example.com/x',
  'https://',
  'https:// example.com/x',
  'mailto:a@example.test',
  '/relative/path',
];

function uriOk(r: FieldRule, v: string): boolean {
  if (r.pattern && !new RegExp(r.pattern, 'u').test(v)) return false;
  try {
    new URL(v);
    return /^[A-Za-z][A-Za-z0-9+.-]*:/.test(v);
  } catch {
    return false;
  }
}

function uriBase(r: FieldRule): string | null {
  return URI_BASES.find((b) => uriOk(r, `${b}x`)) ?? null;
}

// Time zones -------------------------------------------------------------------------------------

let zones: string[] | null = null;
function timeZones(): string[] {
  if (!zones) {
    const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] };
    zones = [
      'UTC',
      ...(intl.supportedValuesOf?.('timeZone') ?? ['Europe/Paris', 'America/New_York', 'Asia/Tokyo', 'America/Argentina/Buenos_Aires']),
    ];
  }
  return zones;
}
const BAD_ZONES = ['Mars/Olympus_Mons', 'Europe/Pari', 'GMT+25', 'Not a zone', 'Europe//Paris'];

// ---------------------------------------------------------------------------------------------
// Cases

const WRONG_TYPES: readonly unknown[] = [42, true, ['x'], { x: 1 }, 1.5];

function wrongType(r: FieldRule): fc.Arbitrary<FieldCase> | null {
  const ok = (v: unknown) =>
    (typeof v === 'number' && (r.types.includes('number') || (r.types.includes('integer') && Number.isInteger(v)))) ||
    (typeof v === 'boolean' && r.types.includes('boolean')) ||
    (Array.isArray(v) && r.types.includes('array')) ||
    (v !== null && typeof v === 'object' && !Array.isArray(v) && r.types.includes('object'));
  const values = WRONG_TYPES.filter((v) => !ok(v));
  return values.length
    ? fc.constantFrom(...values).map((value) => ({ field: r.name, state: 'wrong-type' as const, value, fails: true }))
    : null;
}

const c =
  (r: FieldRule, state: FieldState, fails: boolean) =>
  (value: unknown): FieldCase => ({ field: r.name, state, value, fails });

type AddCase = (weight: number, arbitrary: fc.Arbitrary<FieldCase> | null) => unknown;

/** Passing URIs: a path under the rule's base, rewritable URLs, and one exactly at the cap. */
function uriPassing(r: FieldRule, max: number | null, add: AddCase): void {
  const b = uriBase(r);
  if (b) {
    add(
      3,
      fc
        .string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-_'), minLength: 1, maxLength: 30 })
        .map((s) => b + s)
        .map(c(r, 'within', false)),
    );
    const base = new URL(b);
    add(
      6,
      rewritableUrl(base.protocol === 'http:' ? 'http' : 'https', base.hostname, max ?? 2048)
        .filter((u) => uriOk(r, u))
        .map(c(r, 'within', false)),
    );
    if (max !== null) add(2, fc.constant(b + 'a'.repeat(max - b.length)).map(c(r, 'at-cap', false)));
  }
}

/** Passing pattern matches within the length bounds, and one exactly at the cap. */
function patternPassing(r: FieldRule, min: number, max: number | null, add: AddCase): void {
  const re = new RegExp(r.pattern!, 'u');
  add(
    3,
    fc
      .stringMatching(re)
      .filter((s) => s.length <= (max ?? Infinity) && s.length >= min)
      .map(c(r, 'within', false)),
  );
  if (max !== null) {
    const a = alphabetOf(re);
    const v =
      a.first.find((x) => /[a-z0-9]/.test(x))! +
      a.rest
        .join('')
        .repeat(Math.ceil(max / Math.max(1, a.rest.length)))
        .slice(0, max - 1);
    if (re.test(v)) add(2, fc.constant(v).map(c(r, 'at-cap', false)));
  }
}

/** Passing raw objects, and one of exactly the contract's byte cap. */
function rawPassing(r: FieldRule, add: AddCase): void {
  const cap = contract.limits.rawMaxBytes;
  add(
    2,
    fc
      .dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.boolean()), {
        maxKeys: 4,
      })
      .map(c(r, 'within', false)),
  );
  if (typeof cap === 'number') add(1, fc.constant(rawOfBytes(cap)).map(c(r, 'at-cap', false)));
}

/** Values the field's rule accepts (absent/null when allowed, within and exactly at the caps). */
export function passingCase(r: FieldRule): fc.Arbitrary<FieldCase> | null {
  const out: { weight: number; arbitrary: fc.Arbitrary<FieldCase> }[] = [];
  const add = (weight: number, arbitrary: fc.Arbitrary<FieldCase> | null) => arbitrary && out.push({ weight, arbitrary });
  if (!r.required) add(2, fc.constant({ field: r.name, state: 'absent' as const, fails: false }));
  if (nullable(r)) add(1, fc.constant({ field: r.name, state: 'null' as const, value: null, fails: false }));
  const max = r.maxLength;
  const min = r.minLength ?? 0;
  switch (shapeOf(r)) {
    case 'text':
      add(3, text(Math.max(min, 1), max ?? 64).map(c(r, 'within', false)));
      add(4, rewritableText(max ?? 64).map(c(r, 'within', false)));
      if (max !== null) add(3, textOfLength(max).map(c(r, 'at-cap', false)));
      if (min === 0) add(1, fc.constant('').map(c(r, 'empty', false)));
      break;
    case 'enum':
      add(4, fc.constantFrom(...(r.enum!.filter((v) => typeof v === 'string') as string[])).map(c(r, 'within', false)));
      break;
    case 'date':
      add(4, dayArb.map(isoDate).map(c(r, 'within', false)));
      break;
    case 'date-time':
      add(4, dateTimeArb.map(c(r, 'within', false)));
      break;
    case 'email':
      add(3, emailArb.map(c(r, 'within', false)));
      if (max !== null)
        add(
          2,
          fc
            .constantFrom('a', 'jo', 'x9')
            .map((s) => emailOfLength(max, s))
            .map(c(r, 'at-cap', false)),
        );
      break;
    case 'uri':
      uriPassing(r, max, add);
      break;
    case 'pattern':
      patternPassing(r, min, max, add);
      break;
    case 'timezone':
      add(4, fc.constantFrom(...timeZones().filter((z) => z.length <= (max ?? Infinity))).map(c(r, 'within', false)));
      if (timeZoneLinks().length) add(2, fc.constantFrom(...timeZoneLinks()).map(c(r, 'within', false)));
      break;
    case 'raw':
      rawPassing(r, add);
      break;
    default:
      break;
  }
  return out.length ? fc.oneof(...out) : null;
}

/** `{"raw":"xxx…"}` serialising to exactly n UTF-8 bytes. */
export function rawOfBytes(n: number): Record<string, string> {
  const overhead = JSON.stringify({ raw: '' }).length;
  return { raw: 'x'.repeat(Math.max(0, n - overhead)) };
}

/** Values the field's rule rejects with its errorCode (missing when required, null when not nullable, over the caps, malformed, wrong type). */
export function failingCase(r: FieldRule): fc.Arbitrary<FieldCase> | null {
  const out: { weight: number; arbitrary: fc.Arbitrary<FieldCase> }[] = [];
  const add = (weight: number, arbitrary: fc.Arbitrary<FieldCase> | null) => arbitrary && out.push({ weight, arbitrary });
  if (r.required) add(1, fc.constant({ field: r.name, state: 'absent' as const, fails: true }));
  if (!nullable(r)) add(1, fc.constant({ field: r.name, state: 'null' as const, value: null, fails: true }));
  add(1, wrongType(r));
  const max = r.maxLength;
  const min = r.minLength ?? 0;
  switch (shapeOf(r)) {
    case 'text':
      if (max !== null) add(4, overBy.chain((k) => textOfLength(max + k)).map(c(r, 'over-cap', true)));
      if (min >= 1) add(2, fc.constant('').map(c(r, 'empty', true)));
      break;
    case 'enum': {
      const values = r.enum!.filter((v) => typeof v === 'string') as string[];
      add(
        3,
        fc
          .constantFrom(...values.map((v) => v.toUpperCase()), ...values.map((v) => `${v} `), 'other', '')
          .filter((v) => !values.includes(v))
          .map(c(r, 'bad-format', true)),
      );
      if (max !== null) add(2, overBy.map((k) => 'x'.repeat(max + k)).map(c(r, 'over-cap', true)));
      break;
    }
    case 'date':
      add(4, fc.constantFrom(...BAD_DATES).map(c(r, 'bad-format', true)));
      break;
    case 'date-time':
      add(4, fc.constantFrom(...BAD_DATE_TIMES).map(c(r, 'bad-format', true)));
      break;
    case 'email':
      add(3, fc.constantFrom(...BAD_EMAILS).map(c(r, 'bad-format', true)));
      if (max !== null) add(2, overBy.map((k) => emailOfLength(max + k)).map(c(r, 'over-cap', true)));
      break;
    case 'uri': {
      add(3, fc.constantFrom(...BAD_URIS.filter((u) => !uriOk(r, u))).map(c(r, 'bad-format', true)));
      const b = uriBase(r);
      if (b && max !== null) add(2, overBy.map((k) => b + 'a'.repeat(max + k - b.length)).map(c(r, 'over-cap', true)));
      break;
    }
    case 'pattern': {
      const re = new RegExp(r.pattern!, 'u');
      const a = alphabetOf(re);
      const good = a.first.find((x) => /[a-z0-9]/.test(x)) ?? a.first[0]!;
      const bad = [
        ...a.restOnly.map((ch) => ch + good),
        ...a.illegalAscii.map((ch) => good + ch + good),
        `${good.toUpperCase()}${good}`,
        '',
      ].filter((v) => !re.test(v));
      add(3, fc.constantFrom(...bad).map(c(r, 'bad-format', true)));
      if (max !== null) add(2, overBy.map((k) => good.repeat(max + k)).map(c(r, 'over-cap', true)));
      break;
    }
    case 'timezone':
      add(3, fc.constantFrom(...BAD_ZONES).map(c(r, 'bad-format', true)));
      if (max !== null) add(2, overBy.map((k) => `Europe/${'x'.repeat(max + k - 7)}`).map(c(r, 'over-cap', true)));
      break;
    case 'raw': {
      const cap = contract.limits.rawMaxBytes;
      if (typeof cap === 'number') add(2, overBy.map((k) => rawOfBytes(cap + k)).map(c(r, 'over-cap', true)));
      break;
    }
    default:
      break;
  }
  return out.length ? fc.oneof(...out) : null;
}

/** The body value of a case (undefined = leave the field out). */
export function valueOf(fc_: FieldCase): unknown {
  return fc_.state === 'absent' ? undefined : fc_.value;
}

/** Present in the "at least one field" sense: not absent, not null, not the empty string. */
export function isPresent(fc_: FieldCase): boolean {
  return fc_.state !== 'absent' && fc_.value !== null && fc_.value !== '';
}
