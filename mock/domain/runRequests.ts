// The shared flow of the three run-creating writes (import, enrichment, matching):
// body checks (400, by the HTTP layer) → event (404) → idempotency (replay or 409) → a new queued
// run, scheduled. Nothing awaits between the idempotency lookup and the insert, so concurrent
// requests with one key make exactly one run. A request rejected before the run exists stores nothing.

import type { BodyCheck, HandlerResult, MockApp, RequestContext } from '../app';
import { operation } from '../../contract';
import { REPLAY_HEADER, claim, rejected } from '../idempotency';
import type { EventRecord, RunRecord } from '../store';
import { validateBody } from '../validation';
import { requireEvent } from './events';
import { createRun, runView } from './runs';
import { schedulerOf, type RunWork } from './scheduler';
import { D } from '../faults/domain';

export type RunBody = Readonly<Record<string, unknown>>;

export interface RunRequestSpec {
  readonly operationId: string;
  readonly kind: RunRecord['kind'];
  /** counts.total of the new run. */
  readonly total: (event: EventRecord, body: RunBody) => number;
  readonly work: (event: EventRecord, body: RunBody, run: RunRecord) => RunWork;
}

/**
 * The body check of a run-creating operation: `check` (default: the contract's field rules), and on
 * a failure the idempotency layer hears of the rejected request before the error goes out.
 */
export function runBodyCheck(app: MockApp, operationId: string, check?: (body: RunBody) => void): BodyCheck {
  const op = operation(operationId);
  const inner = check ?? ((body: RunBody) => validateBody(op, body, app));
  return (ctx) => {
    const body = ctx.body as RunBody;
    try {
      inner(body);
    } catch (e) {
      rejected(app, ctx.org, operationId, ctx.params.event_id!, body);
      throw e;
    }
  };
}

export function handleRunRequest(app: MockApp, ctx: RequestContext, spec: RunRequestSpec): HandlerResult {
  const body = ctx.body as RunBody;
  const org = ctx.org;
  const event = requireEvent(ctx);
  const webhook =
    typeof body.webhook_url === 'string'
      ? app.faults.isOn(D.webhookUrlNormalised)
        ? new URL(body.webhook_url).href
        : body.webhook_url
      : null;
  const { run, replayed } = claim(
    app,
    org,
    { key: body.idempotency_key as string, operationId: spec.operationId, eventId: event.event_id, payload: body },
    () => {
      const created = createRun(app, org, spec.kind, event.event_id, webhook, spec.total(event, body));
      schedulerOf(app).submit(org, created, spec.work(event, body, created));
      return created;
    },
  );
  return {
    status: operation(spec.operationId).successStatus,
    body: runView(app, run),
    ...(replayed ? { headers: { [REPLAY_HEADER]: 'true' } } : {}),
  };
}
