// Request bodies (event, session, event context, run-creating writes) at and across every cap,
// built field by field from `contract.fieldRules[schema]` (fields.ts), with the expected answer:
// the errorCode of the first failing field in schema order, or acceptance.
//
// Cross-field rules with no schema home (contract-decisions.md): an end (end_date, ends_at) must
// not be before its start; an event-context POST needs at least one field that is a non-empty
// string. Fields the property supplies itself (partner IDs, idempotency keys) are left out of the
// generated cases and placed in schema order when the body is materialised.

import fc from 'fast-check';
import type { FieldRule } from '../../contract/types';
import { contract } from '../../contract';
import { failingCase, isPresent, passingCase, rulesOf, valueOf, type FieldCase } from './fields';
import { instantNs } from '../world/timestamps';

/** end ≥ start pairs (contract-decisions.md › Objects). */
export const ORDERED_PAIRS: readonly (readonly [string, string])[] = [
  ['start_date', 'end_date'],
  ['starts_at', 'ends_at'],
];

/** Schemas whose POST needs at least one present field (contract-decisions.md › EventContext). */
export const AT_LEAST_ONE: ReadonlySet<string> = new Set(['EventContextUpdate']);

export interface BodyCase {
  readonly schema: string;
  /** One case per generated field, in schema order. */
  readonly fields: readonly FieldCase[];
  /** When both ends of an ordered pair are valid: put the end before the start. */
  readonly reversed: readonly string[];
}

export interface BodyOptions {
  /** Fields the property supplies (IDs, idempotency keys): not generated. */
  readonly supplied?: readonly string[];
  /** Most fields that fail on purpose in one body (default 2). */
  readonly maxFailing?: number;
}

/** Rules of the generated fields of a schema. */
export function generatedRules(schema: string, supplied: readonly string[] = []): FieldRule[] {
  const partnerId = contract.patterns.partnerId;
  return rulesOf(schema).filter((r) => !supplied.includes(r.name) && r.pattern !== partnerId);
}

export function bodyCase(schema: string, options: BodyOptions = {}): fc.Arbitrary<BodyCase> {
  const rules = generatedRules(schema, options.supplied ?? []);
  const maxFailing = options.maxFailing ?? 2;
  const pass = rules.map((r) => passingCase(r) ?? fc.constant<FieldCase>({ field: r.name, state: 'absent', fails: false }));
  const fail = rules.map((r) => failingCase(r));
  const failable = rules.map((_, i) => i).filter((i) => fail[i] !== null);
  const failingSet = fc.oneof(
    { weight: 2, arbitrary: fc.constant<number[]>([]) },
    { weight: 3, arbitrary: fc.subarray(failable, { minLength: 1, maxLength: Math.min(maxFailing, failable.length) }) },
  );
  const pairs = ORDERED_PAIRS.filter(([a, b]) => rules.some((r) => r.name === a) && rules.some((r) => r.name === b));
  return fc
    .tuple(failingSet, fc.tuple(...pass), fc.tuple(...failable.map((i) => fail[i]!)), fc.subarray(pairs.map(([, end]) => end)))
    .map(([failing, passes, fails, reversed]) => ({
      schema,
      fields: rules.map((_r, i) => (failing.includes(i) ? fails[failable.indexOf(i)]! : passes[i]!)),
      reversed,
    }));
}

/** The body in schema order: supplied values first placed where their rule is, then the cases. */
export function materialise(bc: BodyCase, supplied: Readonly<Record<string, unknown>> = {}): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const values = fixPairs(bc);
  for (const r of rulesOf(bc.schema)) {
    if (r.name in supplied) {
      if (supplied[r.name] !== undefined) body[r.name] = supplied[r.name];
      continue;
    }
    const v = values.get(r.name);
    if (v !== undefined) body[r.name] = v;
  }
  for (const [k, v] of Object.entries(supplied)) if (!(k in body) && v !== undefined) body[k] = v;
  return body;
}

/** A date or date-time as its exact instant (nanoseconds), or null. */
function comparable(v: unknown): bigint | null {
  if (typeof v !== 'string') return null;
  return instantNs(v.length === 10 ? `${v}T00:00:00Z` : v);
}

/** Orders (or reverses, when asked) the ends of each pair whose both values are valid. */
function fixPairs(bc: BodyCase): Map<string, unknown> {
  const values = new Map(bc.fields.map((f) => [f.field, valueOf(f)] as const));
  for (const [start, end] of ORDERED_PAIRS) {
    const s = bc.fields.find((f) => f.field === start);
    const e = bc.fields.find((f) => f.field === end);
    if (!s || !e || s.fails || e.fails) continue;
    const sv = comparable(values.get(start));
    const ev = comparable(values.get(end));
    if (sv === null || ev === null) continue;
    const wantReversed = bc.reversed.includes(end);
    const isReversed = ev < sv;
    if (wantReversed !== isReversed && sv !== ev) {
      const startValue = values.get(start);
      values.set(start, values.get(end));
      values.set(end, startValue);
    }
  }
  return values;
}

export type Expected = { readonly ok: true } | { readonly ok: false; readonly field: string; readonly code: string; readonly why: string };

/** The answer the contract prescribes for a body case: the first failing field's code, or acceptance. */
export function expectedOf(bc: BodyCase): Expected {
  const rules = rulesOf(bc.schema);
  const body = materialise(bc);
  const failingByField = new Map(bc.fields.filter((f) => f.fails).map((f) => [f.field, f] as const));
  for (const r of rules) {
    const f = failingByField.get(r.name);
    if (f) return { ok: false, field: r.name, code: r.errorCode ?? '(no errorCode)', why: `${r.name} ${f.state}` };
    const pair = ORDERED_PAIRS.find(([, end]) => end === r.name);
    if (pair) {
      const s = comparable(body[pair[0]]);
      const e = comparable(body[pair[1]]);
      if (s !== null && e !== null && e < s && !failingByField.has(pair[0])) {
        return { ok: false, field: r.name, code: r.errorCode ?? '(no errorCode)', why: `${r.name} before ${pair[0]}` };
      }
    }
  }
  if (AT_LEAST_ONE.has(bc.schema) && !bc.fields.some(isPresent)) {
    const r = rules[0]!;
    return { ok: false, field: r.name, code: r.errorCode ?? '(no errorCode)', why: 'no field present' };
  }
  return { ok: true };
}

/** A compact description of a body case for assertion messages. */
export function describeBody(bc: BodyCase): string {
  return bc.fields
    .filter((f) => f.state !== 'absent' || f.fails)
    .map((f) => {
      const v = f.value;
      const len = typeof v === 'string' ? `(${Array.from(v).length})` : '';
      return `${f.field}=${f.state}${len}${f.fails ? '!' : ''}`;
    })
    .join(' ');
}
