// Idempotency of run-creating writes, scoped to the org and keyed by `idempotency_key`.
//
// The fingerprint is operation + event + canonical JSON of the payload (keys sorted at every
// level). Same key and fingerprint → the original run (a replay); same key with another
// operation, event or payload → 409 IDEMPOTENCY_KEY_CONFLICT. Only requests that passed
// validation are recorded. `claim` is synchronous from lookup to insert: Node runs it to the end
// before any other request is looked at, so concurrent identical requests make exactly one run.

import { createHash } from 'node:crypto';
import type { MockApp } from './app';
import { contract as C } from '../contract';
import { apiError } from './contract';
import { D } from './faults/domain';
import { limitOf } from './config';
import type { IdempotencyRecord, OrgState, RunRecord } from './store';

export const REPLAY_HEADER = 'Idempotent-Replayed';

/**
 * JSON with object keys sorted at every level; arrays keep their order. Iterative, so a payload
 * nested thousands of levels deep (which JSON.parse accepts) cannot exhaust the call stack.
 */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  // LIFO work list: a value still to serialise, or literal text to emit.
  const work: ({ v: unknown } | string)[] = [{ v: value }];
  while (work.length) {
    const item = work.pop()!;
    if (typeof item === 'string') {
      out.push(item);
      continue;
    }
    const v = item.v;
    if (v === null || typeof v !== 'object') {
      out.push(JSON.stringify(v) ?? 'null');
    } else if (Array.isArray(v)) {
      work.push(']');
      for (let i = v.length - 1; i >= 0; i--) {
        work.push({ v: v[i] });
        if (i > 0) work.push(',');
      }
      work.push('[');
    } else {
      const obj = v as Record<string, unknown>;
      const keys = Object.keys(obj)
        .filter((k) => obj[k] !== undefined)
        .sort();
      work.push('}');
      for (let i = keys.length - 1; i >= 0; i--) {
        work.push({ v: obj[keys[i]!] }, `${JSON.stringify(keys[i])}:`);
        if (i > 0) work.push(',');
      }
      work.push('{');
    }
  }
  return out.join('');
}

export function fingerprint(operationId: string, eventId: string, payload: unknown): string {
  return createHash('sha256')
    .update(operationId)
    .update('\u0000')
    .update(eventId)
    .update('\u0000')
    .update(canonicalJson(payload))
    .digest('base64url');
}

export interface ClaimRequest {
  readonly key: string;
  readonly operationId: string;
  readonly eventId: string;
  readonly payload: unknown;
}

export interface Claim {
  readonly run: RunRecord;
  /** True when an earlier request with this key made the run. */
  readonly replayed: boolean;
}

function retentionMs(app: MockApp): number {
  return limitOf(app.config, 'idempotencyRetentionHours') * 3_600_000;
}

function live(app: MockApp, org: OrgState, key: string): IdempotencyRecord | undefined {
  const record = org.idempotency.get(key);
  if (record && app.now() - record.createdAt >= retentionMs(app)) {
    org.idempotency.delete(key);
    return undefined;
  }
  return record;
}

/**
 * Returns the run for this key: the recorded one on a replay, or a new one made by `create`
 * (which must store the run and must not await). Throws 409 on a conflict.
 */
export function claim(app: MockApp, org: OrgState, req: ClaimRequest, create: () => RunRecord): Claim {
  // The fault idem-event-not-compared: the event is neither fingerprinted nor compared.
  const eventBlind = app.faults.isOn(D.idemEventNotCompared);
  const print = fingerprint(req.operationId, eventBlind ? '' : req.eventId, req.payload);
  if (app.faults.isOn(D.idemKeysNotOrgScoped)) {
    // The fault: keys are global, so a key another org used conflicts here.
    for (const other of app.store.orgStates()) {
      if (other !== org && live(app, other, req.key)) {
        throw apiError('IDEMPOTENCY_KEY_CONFLICT', 'This idempotency_key was already used; use a new key');
      }
    }
  }
  const record = live(app, org, req.key);
  if (record) {
    const sameTarget = record.operationId === req.operationId && (eventBlind || record.eventId === req.eventId);
    const same = sameTarget && record.fingerprint === print;
    const original = org.runs.get(record.runId);
    // The fault idem-payload-conflict-undetected: only the operation and event are compared.
    if (same || (sameTarget && app.faults.isOn(D.idemPayloadConflictUndetected))) {
      if (original && !app.faults.isOn(D.idemReplayCreatesRun)) return { run: original, replayed: true };
      // No run behind the record (a rejected request stored it) or the replay fault: a new run.
    } else {
      throw apiError(
        'IDEMPOTENCY_KEY_CONFLICT',
        'This idempotency_key was already used for a different event, operation or payload; use a new key',
      );
    }
  }
  const run = create();
  org.idempotency.set(req.key, {
    key: req.key,
    operationId: req.operationId,
    eventId: req.eventId,
    fingerprint: print,
    runId: run.run_id,
    createdAt: app.now(),
  });
  return { run, replayed: false };
}

const KEY_RULE = C.fieldRules.AttendeeImportRequest?.find((r) => r.name === 'idempotency_key');
if (!KEY_RULE) throw new Error('contract has no AttendeeImportRequest.idempotency_key');
const KEY_PATTERN = KEY_RULE.pattern === null ? null : new RegExp(KEY_RULE.pattern, 'u');

/** A well-formed idempotency_key (what the contract's field rule accepts). */
export function isValidKey(app: MockApp, key: unknown): key is string {
  if (typeof key !== 'string') return false;
  const min = limitOf(app.config, 'idempotencyKeyMinLength');
  const max = limitOf(app.config, 'idempotencyKeyMaxLength');
  return key.length >= min && key.length <= max && (KEY_PATTERN === null || KEY_PATTERN.test(key));
}

/**
 * Called when a run-creating request failed validation. Stores nothing, except under the fault
 * idem-rejected-request-stores-key, which records the key against the rejected payload.
 */
export function rejected(app: MockApp, org: OrgState, operationId: string, eventId: string, body: unknown): void {
  if (!app.faults.isOn(D.idemRejectedStoresKey)) return;
  const key = (body as { idempotency_key?: unknown } | null)?.idempotency_key;
  if (!isValidKey(app, key) || org.idempotency.has(key)) return;
  org.idempotency.set(key, {
    key,
    operationId,
    eventId,
    fingerprint: fingerprint(operationId, eventId, body),
    runId: '',
    createdAt: app.now(),
  });
}
