// The response writer. Every JSON body gets the effective `correlation_id`, and the
// `x-correlation-id` header always equals it; every error is exactly {code, message,
// correlation_id} with Content-Type application/json. HEAD gets GET's status and headers, no body.
// What a response fault or a variation changes, its hook changes (reply.ts); the writer runs them.

import type { ApiError } from '../app';
import type { Outgoing, Reply } from './reply';

export const JSON_TYPE = 'application/json';

function finish(reply: Reply, out: Outgoing, contentType: string | null): void {
  const { res, headers, hooks } = reply;
  reply.status = out.status;
  if (out.body !== null) {
    for (const hook of hooks.preSerialization) hook(reply, out);
    out.text = bodyText(out.body, reply.correlationId);
  }
  if (!reply.withoutCorrelation) headers['x-correlation-id'] = reply.correlationId;
  if (contentType !== null) headers['content-type'] = contentType;
  if (out.text !== null) headers['content-length'] = String(Buffer.byteLength(out.text));
  if (hooks.onSend.length) {
    for (const hook of hooks.onSend) hook(reply, out);
    if (out.text !== null && headers['content-length'] !== undefined) headers['content-length'] = String(Buffer.byteLength(out.text));
  }
  const text = out.text;
  if (!res.headersSent && !res.destroyed) {
    res.writeHead(out.status, headers);
    if (text === null || (reply.head && !out.bodyOnHead)) res.end();
    else if (out.chunked) {
      const bytes = Buffer.from(text, 'utf8');
      const half = bytes.length >> 1;
      res.write(bytes.subarray(0, half));
      res.end(bytes.subarray(half));
    } else res.end(text);
  }
  reply.stats?.record(reply.key, out.status, reply.code);
  reply.log?.(reply);
}

function outgoing(status: number, body: Record<string, unknown> | null, text: string | null, error: ApiError | null = null): Outgoing {
  return { status, body, error, text, json: body !== null, bodyOnHead: false, chunked: false };
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

export function sendJson(
  reply: Reply,
  status: number,
  body: Readonly<Record<string, unknown>>,
  extra?: Readonly<Record<string, string>>,
): void {
  if (extra) Object.assign(reply.headers, extra);
  finish(reply, outgoing(status, body as Record<string, unknown>, null), JSON_TYPE);
}

/** A non-JSON body as sent (a transient HTML page). */
export function sendText(reply: Reply, status: number, contentType: string, text: string): void {
  finish(reply, outgoing(status, null, text), contentType);
}

/** A response without a body (OPTIONS 204). */
export function sendEmpty(reply: Reply, status: number, extra?: Readonly<Record<string, string>>): void {
  if (extra) Object.assign(reply.headers, extra);
  finish(reply, outgoing(status, null, null), null);
}

export function sendError(reply: Reply, err: ApiError): void {
  Object.assign(reply.headers, err.headers);
  reply.code = err.code;
  finish(reply, outgoing(err.status, { code: err.code, message: err.message }, null, err), JSON_TYPE);
}
