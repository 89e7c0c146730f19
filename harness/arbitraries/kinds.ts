// Id-map kinds, valid and invalid, from the contract's partnerKind pattern, its length limit and
// the known kinds (contract.idMapKinds). Kinds are read-only inputs (GET /id-map/{kind}/…): they
// need no namespace.

import fc from 'fast-check';
import { contract } from '../../contract';
import { LOOK_ALIKES, kindAlphabetOf } from './alphabet';

export interface KindCase {
  readonly kind: string;
  /** Matches the kind pattern. */
  readonly wellFormed: boolean;
  /** One of the contract's known kinds (event, session, attendee). */
  readonly known: boolean;
  readonly why: string;
}

export function knownKinds(): readonly string[] {
  return contract.idMapKinds;
}

/** Kinds matching the pattern that are not known: case variants of known kinds, random ones, the longest. */
export function unknownWellFormedKind(): fc.Arbitrary<KindCase> {
  const a = kindAlphabetOf();
  const known = new Set(knownKinds());
  const random = fc
    .tuple(fc.constantFrom(...a.first), fc.string({ unit: fc.constantFrom(...a.rest), maxLength: 20 }))
    .map(([f, r]) => f + r);
  const caseVariant = fc.constantFrom(...knownKinds()).map((k) => k.toUpperCase());
  const plural = fc.constantFrom(...knownKinds()).map((k) => `${k}s`);
  const longest = fc.constantFrom(...a.first).map(
    (f) =>
      f +
      a.rest
        .join('')
        .repeat(8)
        .slice(0, a.maxLength - 1),
  );
  return fc
    .oneof(random, caseVariant, plural, longest)
    .filter((k) => !known.has(k) && a.regex.test(k))
    .map((kind) => ({
      kind,
      wellFormed: true,
      known: false,
      why: kind.length === a.maxLength ? `unknown kind of the maximum length ${a.maxLength}` : 'unknown well-formed kind',
    }));
}

export function knownKind(): fc.Arbitrary<KindCase> {
  return fc.constantFrom(...knownKinds()).map((kind) => ({ kind, wellFormed: true, known: true, why: 'known kind' }));
}

/** Kinds that break the pattern: one over the length limit, bad first characters, illegal characters, look-alikes. Never empty (that is another route). */
export function malformedKind(): fc.Arbitrary<KindCase> {
  const a = kindAlphabetOf();
  const base = fc.constantFrom(...knownKinds());
  const tooLong = fc
    .constantFrom(...a.first)
    .map((f) => ({ kind: f + a.rest.join('').repeat(8).slice(0, a.maxLength), why: `${a.maxLength + 1} characters` }));
  const badFirst = fc
    .tuple(fc.constantFrom(...a.restOnly, ...a.illegalAscii.filter((c) => c !== '.')), base)
    .map(([c, k]) => ({ kind: c + k, why: `starts with ${JSON.stringify(c)}` }));
  const illegal = fc.tuple(base, fc.constantFrom(...a.illegalAscii), fc.nat()).map(([k, c, i]) => {
    const at = 1 + (i % k.length);
    return { kind: k.slice(0, at) + c + k.slice(at), why: `contains ${JSON.stringify(c)}` };
  });
  const lookAlike = fc.tuple(base, fc.constantFrom(...LOOK_ALIKES)).map(([k, l]) => {
    const i = k.indexOf(l.imitates);
    const kind = i > 0 ? k.slice(0, i) + l.char + k.slice(i + 1) : k + l.char;
    return { kind, why: `contains ${l.name}` };
  });
  return fc
    .oneof(tooLong, badFirst, illegal, lookAlike)
    .filter((c) => !a.regex.test(c.kind) && c.kind !== '.' && c.kind !== '..')
    .map((c) => ({ ...c, wellFormed: false, known: false }));
}

export function anyKind(): fc.Arbitrary<KindCase> {
  return fc.oneof(knownKind(), unknownWellFormedKind(), malformedKind());
}
