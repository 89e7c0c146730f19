// The shared flow of the three run-creating writes (import, enrichment, matching):
// body checks (400) → event (404) → idempotency (replay or 409) → a new queued run, scheduled.
// Nothing awaits between the idempotency lookup and the insert, so concurrent requests with one
// key make exactly one run. A request rejected before the run exists stores nothing.

import type { HandlerResult, MockApp, RequestContext } from '../app';
import { operation } from '../../contract';
import { REPLAY_HEADER, claim, rejected } from '../idempotency';
import { requireEvent } from '../routes/events';
import type { EventRecord, RunRecord } from '../store';
import { createRun, runView } from './runs';
import { schedulerOf, type RunWork } from './scheduler';

export interface RunRequestSpec<V> {
  readonly operationId: string;
  readonly kind: RunRecord['kind'];
  /** Synchronous body checks; throws the ApiError of the first failure. */
  readonly validate: (body: Readonly<Record<string, unknown>>) => V;
  /** counts.total of the new run. */
  readonly total: (event: EventRecord, validated: V) => number;
  readonly work: (event: EventRecord, validated: V, run: RunRecord) => RunWork;
}

export function handleRunRequest<V>(app: MockApp, ctx: RequestContext, spec: RunRequestSpec<V>): HandlerResult {
  const body = ctx.body as Readonly<Record<string, unknown>>;
  const org = ctx.org;
  const eventId = ctx.params.event_id!;
  let validated: V;
  try {
    validated = spec.validate(body);
  } catch (e) {
    rejected(app, org, spec.operationId, eventId, body);
    throw e;
  }
  const event = requireEvent(ctx);
  const webhook = typeof body.webhook_url === 'string' ? body.webhook_url : null;
  const { run, replayed } = claim(
    app,
    org,
    { key: body.idempotency_key as string, operationId: spec.operationId, eventId, payload: body },
    () => {
      const created = createRun(app, org, spec.kind, eventId, webhook, spec.total(event, validated));
      schedulerOf(app).submit(org, created, spec.work(event, validated, created));
      return created;
    },
  );
  return {
    status: operation(spec.operationId).successStatus,
    body: runView(app, run),
    ...(replayed ? { headers: { [REPLAY_HEADER]: 'true' } } : {}),
  };
}
