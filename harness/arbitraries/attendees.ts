// Attendee import rows and payloads: sets of attendee IDs, rows at and over their field caps
// (AttendeeImportRow rules, via bodies.ts), payloads with and without duplicate attendee_ids, and
// payloads at and over the row cap (AttendeeImportRequest.attendees maxItems / importMaxRows).
//
// Attendee IDs are scoped to their event; properties import into fresh namespaced events, and the
// IDs themselves start with the namespace prefix given to the arbitrary (`ns.prefix`).

import fc from 'fast-check';
import { contract } from '../../contract';
import { bodyCase, materialise, type BodyCase } from './bodies';
import { ruleOf } from './fields';
import { idTail, isValidPartnerId } from './partnerIds';

export type Row = Record<string, unknown> & { attendee_id: string };

/** The row cap and floor of an import (the attendees rule's maxItems/minItems). */
export function rowCap(): { min: number; max: number } {
  const r = ruleOf('AttendeeImportRequest', 'attendees');
  return { min: r.minItems ?? contract.limits.importMinRows ?? 1, max: r.maxItems ?? contract.limits.importMaxRows ?? 1000 };
}

/** Unique attendee-ID tails (every allowed character class, mixed case, so the order is exercised). */
export function attendeeTails(constraints: { minLength?: number; maxLength: number; size?: fc.SizeForArbitrary }): fc.Arbitrary<string[]> {
  return fc.uniqueArray(
    idTail(12).filter((t) => t.length > 0),
    { minLength: constraints.minLength ?? 0, maxLength: constraints.maxLength, ...(constraints.size ? { size: constraints.size } : {}) },
  );
}

export function attendeeId(prefix: string, tail: string): string {
  const id = prefix + tail;
  if (!isValidPartnerId(id)) throw new Error(`[HARNESS] attendee ID ${JSON.stringify(id)} is not a valid partner ID`);
  return id;
}

/** A plain valid row (name and email derived from the ID: deterministic, enrichable). */
export function plainRow(id: string, i: number): Row {
  return { attendee_id: id, name: `Attendee ${i + 1}`, email: `a${i + 1}@example.test`, company: 'Example Ltd' };
}

export function rowsOf(prefix: string, tails: readonly string[]): Row[] {
  return tails.map((t, i) => plainRow(attendeeId(prefix, t), i));
}

// ---------------------------------------------------------------------------------------------
// Duplicates

export interface DuplicatePlan {
  /** Unique tails of the payload before duplication. */
  readonly tails: readonly string[];
  /** Each: the row at `of` is repeated (same attendee_id, maybe other fields) at position `at`. */
  readonly copies: readonly { readonly of: number; readonly at: number; readonly sameFields: boolean }[];
}

export function duplicatePlan(maxRows = 12): fc.Arbitrary<DuplicatePlan> {
  return attendeeTails({ minLength: 1, maxLength: maxRows }).chain((tails) =>
    fc.record({
      tails: fc.constant(tails),
      copies: fc.array(fc.record({ of: fc.nat({ max: tails.length - 1 }), at: fc.nat({ max: tails.length }), sameFields: fc.boolean() }), {
        minLength: 1,
        maxLength: 3,
      }),
    }),
  );
}

/** The payload rows of a duplicate plan. */
export function duplicateRows(prefix: string, plan: DuplicatePlan): Row[] {
  const rows = rowsOf(prefix, plan.tails);
  const out = [...rows];
  // Insert copies from the highest position down so earlier positions stay as planned.
  const copies = [...plan.copies].sort((a, b) => b.at - a.at);
  for (const c of copies) {
    const src = rows[c.of]!;
    const copy: Row = c.sameFields ? { ...src } : { ...src, name: `${String(src.name)} (again)`, email: null };
    out.splice(Math.min(c.at, out.length), 0, copy);
  }
  return out;
}

/** The same rows without repeated IDs (first occurrence kept). */
export function dedupe(rows: readonly Row[]): Row[] {
  const seen = new Set<string>();
  return rows.filter((r) => (seen.has(r.attendee_id) ? false : (seen.add(r.attendee_id), true)));
}

// ---------------------------------------------------------------------------------------------
// Row caps

/** A row count at or across the row cap and floor. */
export function rowCount(): fc.Arbitrary<number> {
  const { min, max } = rowCap();
  return fc.constantFrom(min, max, max + 1, Math.max(0, min - 1));
}

/** `n` plain rows with IDs `<prefix>r<k>` (deterministic: row-cap payloads are not shrunk row by row). */
export function numberedRows(prefix: string, n: number): Row[] {
  return Array.from({ length: n }, (_, i) => plainRow(attendeeId(prefix, `r${i}`), i));
}

// ---------------------------------------------------------------------------------------------
// Row fields at and across their caps (row-level: a failing row fails alone inside the run)

export function rowFieldCase(): fc.Arbitrary<BodyCase> {
  return bodyCase('AttendeeImportRow', { supplied: ['attendee_id', 'session_ids'], maxFailing: 1 });
}

export function rowOf(id: string, bc: BodyCase): Row {
  return materialise(bc, { attendee_id: id }) as Row;
}
