// The response writer. Every JSON body gets the effective `correlation_id`, and the
// `x-correlation-id` header always equals it; every error is exactly {code, message,
// correlation_id} with Content-Type application/json. HEAD gets GET's status and headers, no body.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiError } from '../app';
import { F } from '../faults/http';
import { headerFaults } from '../faults/response';
import type { FaultSwitch } from '../faults/switch';
import type { RequestStats } from './stats';
import { extraHeaders, messageWithNonce, reversedHeaders, reversedMembers, withCursorNonce, type Variations } from './variations';

export const JSON_TYPE = 'application/json';

export type Logger = (reply: Reply) => void;

/** The per-request output state: headers collected along the pipeline, then one write. */
export class Reply {
  readonly headers: Record<string, string> = {};
  status = 0;
  operationId: string | null = null;
  /** The bearer key of the request when it was identified (for the log, redacted there). */
  key: string | null = null;
  /** The error code sent, if any (for the log). */
  code: string | null = null;
  /** No x-correlation-id header (a transient answer of a layer in front of the API). */
  withoutCorrelation = false;
  readonly started: number;

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    public correlationId: string,
    readonly faults: FaultSwitch,
    /** Partner responses (under a base path) get the universal partner headers and faults. */
    readonly partner: boolean,
    readonly log: Logger | null,
    /** The legitimate variations switched on (mock/http/variations.ts), or null. */
    readonly variations: Variations | null = null,
    readonly stats: RequestStats | null = null,
  ) {
    this.started = log ? performance.now() : 0;
  }

  get head(): boolean {
    return this.req.method === 'HEAD';
  }
}

function finish(reply: Reply, status: number, contentType: string | null, text: string | null): void {
  const { res, headers, faults } = reply;
  reply.status = status;
  if (faults.any) headerFaults(reply);
  else if (!reply.withoutCorrelation) headers['x-correlation-id'] = reply.correlationId;
  if (contentType !== null) headers['content-type'] = contentType;
  const v = reply.variations;
  if (v?.extraHeaders && reply.partner) Object.assign(headers, extraHeaders());
  let withBody = text !== null && !reply.head;
  if (text !== null && !v?.chunked) headers['content-length'] = String(Buffer.byteLength(text));
  if (text !== null && reply.head && faults.isOn(F.headWithBody)) {
    // Node drops HEAD bodies; force it through, and close so the stream stays parseable.
    (res as unknown as { _hasBody: boolean })._hasBody = true;
    headers.connection = 'close';
    withBody = true;
  }
  if (!res.headersSent && !res.destroyed) {
    res.writeHead(status, v?.reorder ? reversedHeaders(headers) : headers);
    if (withBody && v?.chunked) {
      const bytes = Buffer.from(text!, 'utf8');
      const half = bytes.length >> 1;
      res.write(bytes.subarray(0, half));
      res.end(bytes.subarray(half));
    } else if (withBody) res.end(text);
    else res.end();
  }
  reply.stats?.record(reply.key, status, reply.code);
  reply.log?.(reply);
}

/** Serialises `body` with the effective correlation_id as its last member. */
export function bodyText(body: Readonly<Record<string, unknown>>, correlationId: string): string {
  let source = body;
  if (Object.prototype.hasOwnProperty.call(body, 'correlation_id')) {
    const { correlation_id: _drop, ...rest } = body;
    source = rest;
  }
  const json = JSON.stringify(source);
  // The correlation id is restricted to [A-Za-z0-9._:-]; no escaping is needed.
  return json.length === 2 ? `{"correlation_id":"${correlationId}"}` : `${json.slice(0, -1)},"correlation_id":"${correlationId}"}`;
}

/** bodyText with the variations applied (a nonce in next_cursor, reversed members). */
function variedBodyText(v: Variations, body: Readonly<Record<string, unknown>>, correlationId: string): string {
  const b = v.cursorNonce && typeof body.next_cursor === 'string' ? { ...body, next_cursor: withCursorNonce(body.next_cursor) } : body;
  const text = bodyText(b, correlationId);
  return v.reorder ? JSON.stringify(reversedMembers(JSON.parse(text))) : text;
}

export function sendJson(reply: Reply, status: number, body: Readonly<Record<string, unknown>>, extra?: Readonly<Record<string, string>>): void {
  if (extra) Object.assign(reply.headers, extra);
  const v = reply.variations;
  finish(reply, status, JSON_TYPE, v ? variedBodyText(v, body, reply.correlationId) : bodyText(body, reply.correlationId));
}

/** A non-JSON body as sent (a transient HTML page). */
export function sendText(reply: Reply, status: number, contentType: string, text: string): void {
  finish(reply, status, contentType, text);
}

/** A response without a body (OPTIONS 204). */
export function sendEmpty(reply: Reply, status: number, extra?: Readonly<Record<string, string>>): void {
  if (extra) Object.assign(reply.headers, extra);
  finish(reply, status, null, null);
}

export function sendError(reply: Reply, err: ApiError): void {
  Object.assign(reply.headers, err.headers);
  reply.code = err.code;
  const { faults } = reply;
  if (faults.any) {
    if (err.code === 'ROUTE_NOT_FOUND' && faults.isOn(F.errorNotEnvelope)) {
      // Only the envelope breaks: the media type still claims JSON.
      finish(reply, err.status, JSON_TYPE, 'Not Found');
      return;
    }
    const envelope: Record<string, unknown> = { code: err.code, message: err.message };
    if (faults.isOn(F.errorExtraField)) envelope.status = err.status;
    const type = faults.isOn(F.errorWrongContentType) ? 'text/plain; charset=utf-8' : JSON_TYPE;
    finish(reply, err.status, type, bodyText(envelope, reply.correlationId));
    return;
  }
  const v = reply.variations;
  if (v) {
    const message = v.messageNonce ? messageWithNonce(err.message) : err.message;
    finish(reply, err.status, JSON_TYPE, variedBodyText(v, { code: err.code, message }, reply.correlationId));
    return;
  }
  finish(reply, err.status, JSON_TYPE, bodyText({ code: err.code, message: err.message }, reply.correlationId));
}
