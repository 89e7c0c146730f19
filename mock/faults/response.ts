// The response-level faults in one place: each rewrites a response about to be sent (its status,
// headers or body) and touches nothing else. The pipeline passes every handler result through
// `resultFaults`; every other response fault is an entry of RESPONSE_FAULTS, whose hooks the
// pipeline registers on each reply (mock/http/reply.ts) while the fault is on.
// Faults that need the domain (internal ids, stored state, validation) stay where that lives.

import { randomUUID } from 'node:crypto';
import type { HandlerResult } from '../app';
import { runCreatingOperations } from '../../contract';
import { round } from '../domain/matchEngine';
import { NO_HOOKS, type SendHook, type SendHooks } from '../http/reply';
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

/** A response fault as an entry: the hook(s) it registers on every reply while it is on. */
interface ResponseFault {
  readonly fault: string;
  readonly preSerialization?: SendHook;
  readonly onSend?: SendHook;
}

/** Only on partner responses (under a base path). */
const partner =
  (hook: SendHook): SendHook =>
  (reply, out) => {
    if (reply.partner) hook(reply, out);
  };

/** In registration order: a later entry sees what an earlier one did. */
const RESPONSE_FAULTS: readonly ResponseFault[] = [
  {
    fault: F.corrMismatch,
    onSend: (reply) => {
      if (reply.headers['x-correlation-id'] !== undefined) reply.headers['x-correlation-id'] = newCorrelationId();
    },
  },
  { fault: F.corrHeaderMissing, onSend: (reply) => delete reply.headers['x-correlation-id'] },
  { fault: F.uuidLeakHeader, onSend: partner((reply) => (reply.headers['x-meshi-trace'] = randomUUID())) },
  {
    fault: F.rateLimitHeadersMissing,
    onSend: partner(({ headers }) => {
      delete headers.ratelimit;
      delete headers['ratelimit-policy'];
    }),
  },
  { fault: F.rateLimitNoRetryAfter, onSend: partner((reply, out) => out.status === 429 && delete reply.headers['retry-after']) },
  { fault: F.methodNotAllowedNoAllow, onSend: partner((reply, out) => out.status === 405 && delete reply.headers.allow) },
  {
    fault: F.aliasNoDeprecation,
    onSend: partner(({ headers }) => {
      delete headers.deprecation;
      delete headers.link;
    }),
  },
  {
    fault: F.headWithBody,
    onSend: (reply, out) => {
      if (!reply.head || out.text === null) return;
      // Node drops HEAD bodies; force it through, and close so the stream stays parseable.
      (reply.res as unknown as { _hasBody: boolean })._hasBody = true;
      reply.headers.connection = 'close';
      out.bodyOnHead = true;
    },
  },
  {
    fault: F.errorExtraField,
    preSerialization: (_reply, out) => {
      if (out.error && out.body) out.body = { ...out.body, status: out.error.status };
    },
  },
  {
    fault: F.errorNotEnvelope,
    onSend: (_reply, out) => {
      if (out.error?.code !== 'ROUTE_NOT_FOUND') return;
      // Only the envelope breaks: the media type still claims JSON.
      out.text = 'Not Found';
      out.json = false;
    },
  },
  {
    fault: F.errorWrongContentType,
    onSend: (reply, out) => {
      if (out.error && out.json) reply.headers['content-type'] = 'text/plain; charset=utf-8';
    },
  },
];

/** The hooks of the response faults that are on. */
export function responseFaultHooks(faults: FaultSwitch): SendHooks {
  if (!faults.any) return NO_HOOKS;
  const on = RESPONSE_FAULTS.filter((f) => faults.isOn(f.fault));
  return {
    preSerialization: on.flatMap((f) => (f.preSerialization ? [f.preSerialization] : [])),
    onSend: on.flatMap((f) => (f.onSend ? [f.onSend] : [])),
  };
}
