// Client x-correlation-id values, valid and malformed, from the contract's correlationId pattern
// and length limit. Header values must be sendable over HTTP: malformed values use printable
// ASCII only (no control or non-Latin-1 characters, which no client can put in a header) and
// never put whitespace at the ends (HTTP strips it, which would make the value valid again).

import fc from 'fast-check';
import { correlationAlphabetOf } from './alphabet';

export interface CorrelationCase {
  /** The header value to send (null: send none). */
  readonly value: string | null;
  /** The contract requires it to be echoed unchanged (else a fresh server-made one). */
  readonly echoed: boolean;
  readonly why: string;
}

export function validCorrelationId(): fc.Arbitrary<CorrelationCase> {
  const a = correlationAlphabetOf();
  const any = fc.string({ unit: fc.constantFrom(...a.rest), minLength: a.minLength, maxLength: 40 });
  const longest = fc.string({ unit: fc.constantFrom(...a.rest), minLength: a.maxLength, maxLength: a.maxLength });
  return fc
    .oneof({ weight: 3, arbitrary: any }, { weight: 1, arbitrary: longest }, { weight: 1, arbitrary: fc.constantFrom(...a.first) })
    .filter((v) => a.regex.test(v))
    .map((value) => ({ value, echoed: true, why: `valid (${value.length} characters)` }));
}

export function malformedCorrelationId(): fc.Arbitrary<CorrelationCase> {
  const a = correlationAlphabetOf();
  const inner = a.illegalAscii.filter((c) => c !== ' ');
  const body = fc.string({ unit: fc.constantFrom(...a.rest), minLength: 2, maxLength: 20 });
  const tooLong = fc.constantFrom(...a.rest).map((c) => ({ value: c.repeat(a.maxLength + 1), why: `${a.maxLength + 1} characters` }));
  const illegal = fc
    .tuple(body, fc.constantFrom(...inner, ' '))
    .map(([b, c]) => ({ value: b.slice(0, 1) + c + b.slice(1), why: `contains ${JSON.stringify(c)}` }));
  return fc
    .oneof(tooLong, illegal)
    .filter((c) => !a.regex.test(c.value))
    .map((c) => ({ ...c, echoed: false }));
}

export function anyCorrelationId(): fc.Arbitrary<CorrelationCase> {
  return fc.oneof(
    { weight: 3, arbitrary: validCorrelationId() },
    { weight: 2, arbitrary: malformedCorrelationId() },
    { weight: 1, arbitrary: fc.constant({ value: null, echoed: false, why: 'absent' }) },
    { weight: 1, arbitrary: fc.constant({ value: '', echoed: false, why: 'empty' }) },
  );
}
