// Partner IDs, valid and invalid, from the contract's partnerId pattern and length limit.
//
// Generated IDs stay inside the run's namespace: an arbitrary produces the *shape* of an ID (a
// tail, whether to pad it to the maximum length, how to break it), and the property builds the
// concrete ID at execution time around a fresh namespaced ID (`ns.id()`), so every execution —
// shrinks and replays included — writes objects nobody else has, on any target. The only IDs not
// namespaced are the very short valid ones (length 1, 2), which properties use in read positions
// only (they may exist on a shared target, so only "not rejected as malformed" is asserted).

import fc from 'fast-check';
import { CONTROL_CHARS, LOOK_ALIKES, partnerIdAlphabetOf, type Alphabet } from './alphabet';

export const idAlphabet = (): Alphabet => partnerIdAlphabetOf();

/** The contract's longest partner ID. */
export function maxIdLength(): number {
  return idAlphabet().maxLength;
}

export function isValidPartnerId(id: string): boolean {
  return idAlphabet().regex.test(id);
}

// ---------------------------------------------------------------------------------------------
// Valid

export interface ValidIdShape {
  /** Characters appended to the fresh namespaced ID (any allowed character, mixed case). */
  readonly tail: string;
  /** Pad the ID to exactly the maximum length with a filler cycling through every allowed class. */
  readonly toMax: boolean;
}

/** A tail of allowed characters (every class: letters of both cases, digits, . _ : -). */
export function idTail(maxLength = 24): fc.Arbitrary<string> {
  const a = idAlphabet();
  const classes = a.rest.filter((c) => !/[A-Za-z0-9]/.test(c));
  // Bias toward the punctuation classes, which are where servers go wrong.
  const unit = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...a.rest) }, { weight: 1, arbitrary: fc.constantFrom(...classes) });
  return fc.string({ unit, maxLength });
}

export function validIdShape(): fc.Arbitrary<ValidIdShape> {
  return fc.record({ tail: idTail(), toMax: fc.boolean() });
}

/** Every allowed character in turn, starting at `offset`: the filler of maximum-length IDs. */
export function filler(length: number, offset = 0): string {
  const rest = idAlphabet().rest;
  let out = '';
  for (let i = 0; out.length < length; i++) out += rest[(i + offset) % rest.length]!;
  return out;
}

/** Builds a valid ID around a fresh namespaced one. Throws if the result is not valid (harness bug). */
export function buildValidId(fresh: string, shape: ValidIdShape): string {
  const max = maxIdLength();
  let id = `${fresh}${shape.tail}`;
  if (id.length > max) id = id.slice(0, max);
  if (shape.toMax && id.length < max) id += filler(max - id.length, shape.tail.length);
  if (!isValidPartnerId(id)) throw new Error(`[HARNESS] buildValidId produced an invalid ID ${JSON.stringify(id)}`);
  return id;
}

/** Very short valid IDs (length 1 and 2): read positions only (never created). */
export function shortValidId(): fc.Arbitrary<string> {
  const a = idAlphabet();
  return fc.oneof(
    fc.constantFrom(...a.first),
    fc.tuple(fc.constantFrom(...a.first), fc.constantFrom(...a.rest)).map(([x, y]) => x + y),
  );
}

/** Swaps the case of every letter (for "Ev-1 and ev-1 are two events"). */
export function swapCase(s: string): string {
  return s.replace(/[A-Za-z]/g, (c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()));
}

// ---------------------------------------------------------------------------------------------
// Invalid

export type Position = 'start' | 'middle' | 'end';

export type InvalidIdCase =
  | { readonly reason: 'empty' }
  | { readonly reason: 'too-long'; readonly over: number }
  | { readonly reason: 'bad-first'; readonly char: string }
  | { readonly reason: 'illegal-ascii'; readonly char: string; readonly at: Position }
  | { readonly reason: 'control'; readonly char: string; readonly at: Position }
  | { readonly reason: 'look-alike'; readonly char: string; readonly name: string; readonly at: Position }
  | { readonly reason: 'percent-encoded'; readonly encoded: string; readonly at: Position };

const position = (): fc.Arbitrary<Position> => fc.constantFrom<Position>('start', 'middle', 'end');

/** `%XX` of an allowed character, of `%` itself, of `/` and of a non-ASCII byte. */
function percentSequences(): string[] {
  const a = idAlphabet();
  const hex = (c: string) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;
  return [...new Set([hex(a.first[0]!), hex(a.restOnly[0] ?? '-'), '%25', '%2F', '%2f', '%20', '%C3%A9', '%00'])];
}

export interface InvalidIdOptions {
  /** Leave out cases that cannot be a path segment (the empty ID). */
  readonly pathSafe?: boolean;
}

/** Every way an ID can break the contract's pattern or length. */
export function invalidIdCase(options: InvalidIdOptions = {}): fc.Arbitrary<InvalidIdCase> {
  const a = idAlphabet();
  const cases: fc.Arbitrary<InvalidIdCase>[] = [
    fc.integer({ min: 1, max: 64 }).map((over) => ({ reason: 'too-long' as const, over: over <= 8 ? 1 : over })),
    fc.constantFrom(...a.restOnly, ...a.illegalAscii).map((char) => ({ reason: 'bad-first' as const, char })),
    fc.record({ reason: fc.constant('illegal-ascii' as const), char: fc.constantFrom(...a.illegalAscii), at: position() }),
    fc.record({ reason: fc.constant('control' as const), char: fc.constantFrom(...CONTROL_CHARS), at: position() }),
    fc
      .record({ reason: fc.constant('look-alike' as const), char: fc.constantFrom(...LOOK_ALIKES.map((l) => l.char)), at: position() })
      .map((c) => ({ ...c, name: LOOK_ALIKES.find((l) => l.char === c.char)!.name })),
    fc.record({ reason: fc.constant('percent-encoded' as const), encoded: fc.constantFrom(...percentSequences()), at: position() }),
  ];
  if (!options.pathSafe) cases.push(fc.constant({ reason: 'empty' as const }));
  return fc.oneof(...cases);
}

function insert(fresh: string, piece: string, at: Position): string {
  if (at === 'start') return piece + fresh;
  if (at === 'end') return fresh + piece;
  const k = Math.max(1, Math.floor(fresh.length / 2));
  return fresh.slice(0, k) + piece + fresh.slice(k);
}

/**
 * Builds the invalid ID around a fresh namespaced one. Throws if it is accidentally valid (harness
 * bug). Give it a fresh ID that ends in a letter (`freshForInvalid`): lenient readings then never
 * coincide with an ID the namespace hands out (those end in `-<n>`).
 */
export function buildInvalidId(fresh: string, c: InvalidIdCase): string {
  let id: string;
  switch (c.reason) {
    case 'empty':
      id = '';
      break;
    case 'too-long':
      id = fresh + filler(Math.max(0, maxIdLength() + c.over - fresh.length));
      break;
    case 'bad-first':
      id = c.char + fresh;
      break;
    case 'illegal-ascii':
    case 'control':
    case 'look-alike':
      id = insert(fresh, c.char, c.at);
      break;
    case 'percent-encoded':
      id = insert(fresh, c.encoded, c.at);
      break;
  }
  if (isValidPartnerId(id)) throw new Error(`[HARNESS] buildInvalidId(${JSON.stringify(c)}) produced a valid ID ${JSON.stringify(id)}`);
  return id;
}

/**
 * Valid IDs a lenient server could have made out of an invalid one (stripped, truncated,
 * percent-decoded, Unicode-normalised, trimmed): none of them may exist after the rejection.
 */
export function lenientReadings(fresh: string, invalid: string): string[] {
  const out = new Set<string>([fresh]);
  const max = maxIdLength();
  out.add(invalid.slice(0, max));
  try {
    out.add(decodeURIComponent(invalid));
  } catch {
    // not decodable: nothing to add
  }
  out.add(invalid.normalize('NFKC'));
  out.add(invalid.trim());
  out.add(invalid.replace(/[^\x21-\x7e]/g, ''));
  out.add(
    invalid.replace(
      new RegExp(
        `[^${idAlphabet()
          .rest.map((c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
          .join('')}]`,
        'g',
      ),
      '',
    ),
  );
  out.add(invalid.replace(/^[^A-Za-z0-9]+/, ''));
  return [...out].filter((id) => id !== invalid && isValidPartnerId(id));
}

/** A fresh namespaced ID for building invalid ones: ends in a letter (see buildInvalidId). */
export function freshForInvalid(nsId: string): string {
  return `${nsId}z`;
}

/** A readable label for reports. */
export function describeInvalidId(c: InvalidIdCase): string {
  switch (c.reason) {
    case 'empty':
      return 'empty';
    case 'too-long':
      return `${maxIdLength() + c.over} characters (max ${maxIdLength()})`;
    case 'bad-first':
      return `starts with ${JSON.stringify(c.char)}`;
    case 'look-alike':
      return `${c.name} at ${c.at}`;
    case 'percent-encoded':
      return `${c.encoded} at ${c.at}`;
    default:
      return `${JSON.stringify(c.char)} at ${c.at}`;
  }
}
