// The per-request output state and the hooks that may rewrite it. Like Fastify's lifecycle, the
// writer (envelope.ts) knows nothing about why a response changes: response faults
// (mock/faults/response.ts) and legitimate variations (variations.ts) are hooks registered on
// the reply, run in registration order, faults first.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestStats } from './stats';

export type Logger = (reply: Reply) => void;

/** A response on its way out: what the hooks may read and replace. */
export interface Outgoing {
  readonly status: number;
  /** The JSON body before serialisation (preSerialization hooks may replace it), or null. */
  body: Record<string, unknown> | null;
  /** The error this response answers, or null. */
  readonly error: { readonly status: number; readonly code: string } | null;
  /** The serialised body, or null (no body). onSend hooks may replace it. */
  text: string | null;
  /** True while `text` is the serialisation of `body`. */
  json: boolean;
  /** Send the body even to HEAD. */
  bodyOnHead: boolean;
  /** Send the body in two chunks (Transfer-Encoding: chunked; no Content-Length). */
  chunked: boolean;
}

/** Rewrites a response about to be sent; `reply.headers` and `out` are its to change. */
export type SendHook = (reply: Reply, out: Outgoing) => void;

export interface SendHooks {
  /** Run on JSON bodies before serialisation (the correlation_id is added after them). */
  readonly preSerialization: readonly SendHook[];
  /** Run on every response once its status, body text and headers are set, before the write. */
  readonly onSend: readonly SendHook[];
}

export const NO_HOOKS: SendHooks = { preSerialization: [], onSend: [] };

/** Hook sets joined in order. */
export function joinHooks(...sets: readonly SendHooks[]): SendHooks {
  const live = sets.filter((s) => s.preSerialization.length || s.onSend.length);
  if (live.length <= 1) return live[0] ?? NO_HOOKS;
  return { preSerialization: live.flatMap((s) => s.preSerialization), onSend: live.flatMap((s) => s.onSend) };
}

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
    /** Partner responses (under a base path) get the universal partner headers and faults. */
    readonly partner: boolean,
    readonly log: Logger | null,
    /** The response faults and variations switched on for this request. */
    readonly hooks: SendHooks = NO_HOOKS,
    readonly stats: RequestStats | null = null,
  ) {
    this.started = log ? performance.now() : 0;
  }

  get head(): boolean {
    return this.req.method === 'HEAD';
  }
}
