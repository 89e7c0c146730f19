// Idempotency keys, valid and invalid, from the run-creating request's `idempotency_key` field
// rule (length bounds and pattern). A valid key is built at execution time around a fresh
// namespaced key (`ns.idempotencyKey()`), so no execution — shrink or replay — ever meets a key
// used before (keys are kept ≥ 24 h by the target). The UUID form is drawn at execution time too.

import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { ruleOf } from './fields';
import { CONTROL_CHARS, LOOK_ALIKES } from './alphabet';

const PRINTABLE: readonly string[] = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i));

export function keyRule(schema = 'AttendeeImportRequest') {
  return ruleOf(schema, 'idempotency_key');
}

export function keyBounds(schema?: string): { min: number; max: number; regex: RegExp | null } {
  const r = keyRule(schema);
  return { min: r.minLength ?? 1, max: r.maxLength ?? 255, regex: r.pattern ? new RegExp(r.pattern, 'u') : null };
}

/** Characters the key pattern accepts (printable ASCII under the contract). */
export function keyAlphabet(schema?: string): string[] {
  const { regex } = keyBounds(schema);
  return PRINTABLE.filter((c) => regex === null || regex.test(c));
}

export function isValidKey(key: string, schema?: string): boolean {
  const { min, max, regex } = keyBounds(schema);
  return key.length >= min && key.length <= max && (regex === null || regex.test(key));
}

export type ValidKeyShape = { readonly form: 'namespaced'; readonly tail: string; readonly toMax: boolean } | { readonly form: 'uuid' };

export function validKeyShape(schema?: string): fc.Arbitrary<ValidKeyShape> {
  const alphabet = keyAlphabet(schema);
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({
        form: fc.constant('namespaced' as const),
        tail: fc.string({ unit: fc.constantFrom(...alphabet), maxLength: 40 }),
        toMax: fc.boolean(),
      }),
    },
    { weight: 1, arbitrary: fc.constant({ form: 'uuid' as const }) },
  );
}

export function buildValidKey(fresh: string, shape: ValidKeyShape, schema?: string): string {
  if (shape.form === 'uuid') return randomUUID();
  const { max } = keyBounds(schema);
  const alphabet = keyAlphabet(schema);
  let key = (fresh + shape.tail).slice(0, max);
  for (let i = 0; shape.toMax && key.length < max; i++) key += alphabet[(i * 7) % alphabet.length]!;
  if (!isValidKey(key, schema)) throw new Error(`[HARNESS] buildValidKey produced an invalid key ${JSON.stringify(key)}`);
  return key;
}

export type InvalidKeyCase =
  | { readonly reason: 'missing' }
  | { readonly reason: 'empty' }
  | { readonly reason: 'too-long'; readonly over: number }
  | { readonly reason: 'control'; readonly char: string }
  | { readonly reason: 'non-ascii'; readonly char: string }
  | { readonly reason: 'wrong-type'; readonly value: unknown };

export function invalidKeyCase(): fc.Arbitrary<InvalidKeyCase> {
  return fc.oneof(
    fc.constant({ reason: 'missing' as const }),
    fc.constant({ reason: 'empty' as const }),
    fc.oneof(fc.constant(1), fc.integer({ min: 2, max: 100 })).map((over) => ({ reason: 'too-long' as const, over })),
    fc.constantFrom(...CONTROL_CHARS).map((char) => ({ reason: 'control' as const, char })),
    fc.constantFrom(...LOOK_ALIKES.map((l) => l.char)).map((char) => ({ reason: 'non-ascii' as const, char })),
    fc.constantFrom<unknown>(42, true, null, ['k'], { k: 1 }).map((value) => ({ reason: 'wrong-type' as const, value })),
  );
}

/** The `idempotency_key` body value of an invalid case (undefined = left out). */
export function buildInvalidKey(fresh: string, c: InvalidKeyCase, schema?: string): unknown {
  const { max } = keyBounds(schema);
  switch (c.reason) {
    case 'missing':
      return undefined;
    case 'empty':
      return '';
    case 'too-long':
      return (fresh + 'k'.repeat(max + c.over)).slice(0, max + c.over);
    case 'control':
    case 'non-ascii': {
      const k = Math.floor(fresh.length / 2);
      return fresh.slice(0, k) + c.char + fresh.slice(k);
    }
    case 'wrong-type':
      return c.value;
  }
}
