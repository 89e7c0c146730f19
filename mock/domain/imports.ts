// Attendee imports. Synchronous checks (before the run exists), in the contract's order:
// attendees (shape, count, each row an object with a valid attendee_id, no duplicate ids), then
// idempotency_key, then webhook_url. Row-level checks (the x-meshi-row-level properties) happen
// when the run executes: a bad row fails alone and is reported in the run's errors; the others
// are upserted by attendee_id (enrichment reset to pending).

import type { MockApp } from '../app';
import { limitOf } from '../config';
import { contract as C } from '../../contract';
import { apiError } from '../contract';
import { D } from '../faults/domain';
import type { AttendeeRecord, EventRecord, OrgState, RunRecord } from '../store';
import { internal } from '../store';
import { nowIso } from '../time';
import { firstFailure, type Failure } from '../validation';
import { nestsDeeperThan } from './depth';
import { pendingEnrichment } from './enrichmentRules';
import { invalidateAttendees } from './attendeeIndex';
import { stringOrNull } from './text';
import { runErrorCode } from './runErrors';
import type { RunOutcome, RunWork } from './scheduler';

const REQUEST = 'AttendeeImportRequest';
const ROW = 'AttendeeImportRow';

function rules(schema: string) {
  const r = C.fieldRules[schema];
  if (!r) throw new Error(`contract has no field rules for ${schema}`);
  return r;
}

function rule(schema: string, field: string) {
  const r = rules(schema).find((f) => f.name === field);
  if (!r) throw new Error(`contract has no ${schema}.${field}`);
  return r;
}

const ROWS_RULE = rule(REQUEST, 'attendees');
const ROWS_CODE = ROWS_RULE.errorCode ?? 'INVALID_ATTENDEES';
const ROW_FIELDS = rules(ROW).map((r) => r.name);
const SESSION_IDS_CODE = rule(ROW, 'session_ids').errorCode!;
const RAW_CODE = rule(ROW, 'raw').errorCode!;
const PARTNER_ID = new RegExp(C.patterns.partnerId ?? '^$', 'u');

/** The code of a same-id-twice payload (the contract's x-meshi-duplicate-error-code). */
const DUPLICATE_CODE = 'DUPLICATE_ATTENDEE_ID';
if (!(DUPLICATE_CODE in C.errorCodes)) throw new Error(`contract has no error code ${DUPLICATE_CODE}`);

export type ImportRow = Readonly<Record<string, unknown>>;

/** The rows of an import body that passed validateImport. */
export function importRowsOf(body: Readonly<Record<string, unknown>>): ImportRow[] {
  return body.attendees as ImportRow[];
}

/** Validates an import body synchronously; throws the ApiError of the first failing check. */
export function validateImport(app: MockApp, body: Readonly<Record<string, unknown>>): void {
  const ignoreCap = app.faults.isOn(D.importRowCapIgnored);
  let failure = firstFailure(REQUEST, body, app);
  const rows = body.attendees;
  if (failure?.field === 'attendees' && ignoreCap && Array.isArray(rows) && rows.length > 0) {
    // The fault: the row cap is not enforced (the other checks still are).
    failure = firstFailure(REQUEST, { ...body, attendees: rows.slice(0, 1) }, app);
  }
  if (failure?.field === 'attendees' && Array.isArray(rows) && rows.length === 0 && app.faults.isOn(D.importEmptyAccepted)) {
    // The fault: the minimum row count is not enforced (the other checks still are), so an empty
    // import starts a run with nothing to do.
    failure = firstFailure(REQUEST, { ...body, attendees: [{ attendee_id: 'placeholder', name: 'placeholder' }] }, app);
  }
  if (failure?.field === 'attendees') throw apiError(failure.code, failure.message);
  const list = rows as unknown[];
  list.forEach((row, i) => {
    if (row === null || typeof row !== 'object' || Array.isArray(row)) {
      throw apiError(ROWS_CODE, `attendees[${i}] must be a JSON object`);
    }
  });
  list.forEach((row, i) => {
    const f = firstFailure(ROW, row as ImportRow, app);
    if (f?.field === 'attendee_id') throw apiError(f.code, `attendees[${i}].${f.message}`);
  });
  if (!app.faults.isOn(D.importDuplicatesAccepted)) {
    const seen = new Set<string>();
    list.forEach((row, i) => {
      const id = (row as ImportRow).attendee_id as string;
      if (seen.has(id))
        throw apiError(DUPLICATE_CODE, `attendees[${i}].attendee_id ${JSON.stringify(id)} appears more than once in this payload`);
      seen.add(id);
    });
  }
  if (failure) throw apiError(failure.code, failure.message);
}

/** The first row-level failure of a row (schema order), or null. */
function rowFailure(app: MockApp, event: EventRecord, row: ImportRow): Failure | null {
  const found: Failure[] = [];
  const f = firstFailure(ROW, row, app);
  if (f) found.push(f);
  const sessions = row.session_ids;
  if (Array.isArray(sessions)) {
    const seen = new Set<unknown>();
    for (const s of sessions) {
      if (typeof s !== 'string' || !PARTNER_ID.test(s)) {
        found.push({ field: 'session_ids', code: SESSION_IDS_CODE, message: 'session_ids must hold partner IDs' });
        break;
      }
      if (seen.has(s)) {
        found.push({ field: 'session_ids', code: SESSION_IDS_CODE, message: `session_ids lists ${JSON.stringify(s)} twice` });
        break;
      }
      seen.add(s);
      if (!event.sessions.has(s)) {
        found.push({ field: 'session_ids', code: SESSION_IDS_CODE, message: `session ${JSON.stringify(s)} does not exist in this event` });
        break;
      }
    }
  }
  const raw = row.raw;
  if (raw !== undefined && raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
    const maxDepth = limitOf(app.config, 'rawMaxDepth');
    const max = limitOf(app.config, 'rawMaxBytes');
    if (nestsDeeperThan(raw, maxDepth)) found.push({ field: 'raw', code: RAW_CODE, message: `raw nests deeper than ${maxDepth} levels` });
    else {
      const bytes = Buffer.byteLength(JSON.stringify(raw));
      if (bytes > max)
        found.push({ field: 'raw', code: RAW_CODE, message: `raw is ${bytes} bytes serialised; at most ${max} are allowed` });
    }
  }
  if (found.length === 0) return null;
  found.sort((a, b) => ROW_FIELDS.indexOf(a.field) - ROW_FIELDS.indexOf(b.field));
  return found[0]!;
}

/** Inserts or replaces one attendee from a valid row. */
function upsert(org: OrgState, event: EventRecord, row: ImportRow, now: string): void {
  const id = row.attendee_id as string;
  const existing = event.attendees.get(id);
  const fields = {
    name: row.name as string,
    email: stringOrNull(row.email),
    linkedin_url: stringOrNull(row.linkedin_url),
    title: stringOrNull(row.title),
    company: stringOrNull(row.company),
    session_ids: Array.isArray(row.session_ids) ? [...(row.session_ids as string[])] : [],
    raw: row.raw && typeof row.raw === 'object' ? structuredClone(row.raw as Record<string, unknown>) : null,
  };
  if (existing) {
    Object.assign(existing, fields, { enrichment: pendingEnrichment(), updated_at: now });
    return;
  }
  const record: AttendeeRecord = {
    ...internal(org),
    attendee_id: id,
    event_id: event.event_id,
    ...fields,
    enrichment: pendingEnrichment(),
    created_at: now,
    updated_at: now,
  };
  event.attendees.set(id, record);
}

export function importWork(app: MockApp, org: OrgState, event: EventRecord, rows: readonly ImportRow[], _run: RunRecord): RunWork {
  return (): RunOutcome => {
    const now = nowIso(app);
    const errors: RunRecord['errors'] = [];
    for (const row of rows) {
      const attendeeId = row.attendee_id as string;
      try {
        const f = rowFailure(app, event, row);
        if (f) errors.push({ attendee_id: attendeeId, code: f.code, message: f.message });
        else upsert(org, event, row, now);
      } catch (e) {
        // A row the checks let through but storing failed: that row alone fails (nothing of it is
        // stored, upsert mutates last), so the counts always match what was stored.
        process.stderr.write(`[mock] import row ${attendeeId} failed: ${e instanceof Error ? e.message : String(e)}\n`);
        errors.push({ attendee_id: attendeeId, code: runErrorCode('internal'), message: 'The row could not be stored' });
      }
    }
    invalidateAttendees(event);
    const total = rows.length;
    const failed = errors.length;
    const status = failed === 0 ? 'succeeded' : failed === total ? 'failed' : 'partial';
    return { status, counts: { total, succeeded: total - failed, failed }, errors };
  };
}
