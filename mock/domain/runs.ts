// Run records: creation, lookup and the partner-facing view (with the read-time run faults).

import type { MockApp } from '../app';
import type { OrgState, RunRecord } from '../store';
import { internal } from '../store';
import { runId } from '../ids';
import { apiError } from '../contract';
import { D } from '../faults/domain';
import { nowIso } from '../time';

export function createRun(
  app: MockApp,
  org: OrgState,
  kind: RunRecord['kind'],
  eventId: string,
  webhookUrl: string | null,
  total: number,
): RunRecord {
  const now = app.now();
  const stamp = nowIso(app);
  const run: RunRecord = {
    ...internal(org),
    run_id: runId(now),
    kind,
    status: 'queued',
    event_id: eventId,
    webhook_url: webhookUrl,
    counts: { total, succeeded: 0, failed: 0 },
    errors: [],
    created_at: stamp,
    updated_at: stamp,
    finished_at: null,
  };
  org.runs.set(run.run_id, run);
  return run;
}

/** The run visible to `org`, or 404 RUN_NOT_FOUND (another org's run is indistinguishable from none). */
export function findRun(app: MockApp, org: OrgState, id: string): RunRecord {
  const run = org.runs.get(id);
  // D.importRunNotReadable: the lookup forgets import runs (they are still created, processed and replayed).
  if (run && !(run.kind === 'import' && app.faults.isOn(D.importRunNotReadable))) return run;
  if (app.faults.isOn(D.runCrossOrgReadable)) {
    for (const other of app.store.orgStates()) {
      const found = other.runs.get(id);
      if (found) return found;
    }
  }
  throw apiError('RUN_NOT_FOUND', 'No run exists with that run_id in this org');
}

/** The partner-facing run body (without correlation_id). */
export function runView(app: MockApp, run: RunRecord): Record<string, unknown> {
  const leak = app.faults.isOn(D.runErrorLeaksUuid);
  return {
    run_id: run.run_id,
    kind: run.kind,
    status: run.status,
    event_id: run.event_id,
    webhook_url: run.webhook_url,
    counts: { total: run.counts.total, succeeded: run.counts.succeeded, failed: run.counts.failed },
    errors: run.errors.map((e) => ({
      attendee_id: e.attendee_id,
      code: e.code,
      message: leak ? `${e.message} (internal ref ${run.internalId})` : e.message,
    })),
    created_at: run.created_at,
    updated_at: run.updated_at,
    finished_at: run.finished_at,
  };
}
