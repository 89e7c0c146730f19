// The response-level faults in one place: each rewrites a response about to be sent (its status,
// headers or body) and touches nothing else. The pipeline passes every handler result through
// `resultFaults`; the envelope writer passes every response's headers through `headerFaults`.
// Faults that need the domain (internal ids, stored state, validation) stay where that lives.

import { randomUUID } from 'node:crypto';
import type { HandlerResult } from '../app';
import { runCreatingOperations } from '../../contract';
import { round } from '../domain/matchEngine';
import type { Reply } from '../http/envelope';
import { correlationId as newCorrelationId } from '../ids';
import { D } from './domain';
import { F } from './http';
import type { FaultSwitch } from './switch';

type Body = Record<string, any>;

const EVENT_BODIES = new Set(['createEvent', 'getEvent', 'updateEvent']);
const RUN_BODIES = new Set(['getRun', ...runCreatingOperations]);

/** A handler result with the body- and status-level faults applied (only called when a fault is on). */
export function resultFaults(faults: FaultSwitch, operationId: string, alias: boolean, result: HandlerResult): HandlerResult {
  const body = result.body as Body;
  let status = result.status;
  if (operationId === 'createEvent' && status === 201 && faults.isOn(F.createStatus200)) status = 200;
  if (faults.isOn(F.eventExtraField)) {
    if (EVENT_BODIES.has(operationId)) body.internal_status = 'active';
    else if (operationId === 'listEvents') for (const e of body.items as Body[]) e.internal_status = 'active';
  }
  if (operationId === 'getAuth' && alias && typeof body.service_account_user_id === 'string' && faults.isOn(F.aliasBodyDiffers)) {
    body.service_account_user_id = `${body.service_account_user_id}X`;
  }
  if (operationId === 'listMatches') {
    if (faults.isOn(D.matchScoreOutOfRange)) for (const m of body.items as Body[]) m.score = round(m.score + 1.01);
    if (faults.isOn(D.matchWrongOrder)) body.items.reverse();
  }
  if (RUN_BODIES.has(operationId)) {
    if (body.status === 'succeeded' && faults.isOn(D.runStatusOutsideContract)) body.status = 'completed';
    if (faults.isOn(D.runWebhookNotEchoed)) body.webhook_url = null;
  }
  return status === result.status ? result : { ...result, status };
}

/** Sets x-correlation-id and applies the header-level faults (only called when a fault is on). */
export function headerFaults(reply: Reply): void {
  const { faults, headers } = reply;
  if (!faults.isOn(F.corrHeaderMissing)) {
    headers['x-correlation-id'] = faults.isOn(F.corrMismatch) ? newCorrelationId() : reply.correlationId;
  }
  if (!reply.partner) return;
  if (faults.isOn(F.uuidLeakHeader)) headers['x-meshi-trace'] = randomUUID();
  if (faults.isOn(F.rateLimitHeadersMissing)) {
    delete headers.ratelimit;
    delete headers['ratelimit-policy'];
  }
  if (reply.status === 429 && faults.isOn(F.rateLimitNoRetryAfter)) delete headers['retry-after'];
  if (reply.status === 405 && faults.isOn(F.methodNotAllowedNoAllow)) delete headers.allow;
  if (faults.isOn(F.aliasNoDeprecation)) {
    delete headers.deprecation;
    delete headers.link;
  }
}
