// prepare: what is sent. The bearer of the key option (a named key that is not configured skips
// the test as not exercised), a unique valid x-correlation-id (`ct-<namespace>-w<worker>-<n>`)
// unless told otherwise, the body bytes and headers; an unknown credential becomes a redaction,
// and everything sent but the credentials is exempt from the UUID oracle.

import { KEY_ENV, KEY_NAMES, type KeyName } from '../../settings/config';
import { phase, type Stage } from '../exchange';
import type { CallOptions, ClientContext, KeyOption } from '../options';
import { carriesIdempotencyKey, isSafeMethod } from '../transient';

/** Longest request body text kept for the record and the UUID registry. */
const BODY_TEXT_LIMIT = 262_144;

let correlationSeq = 0;

function nextCorrelationId(ctx: ClientContext): string {
  correlationSeq += 1;
  return `${ctx.correlationPrefix}-${correlationSeq}`;
}

/** The bearer value for a key option, skipping the test when a named key is not configured. */
function bearerOf(ctx: ClientContext, key: KeyOption): string | null {
  if (key === null) return null;
  if (!(KEY_NAMES as readonly string[]).includes(key)) return key;
  const v = ctx.config.keys[key as KeyName];
  if (v) return v;
  const reason = `not exercised: no ${KEY_ENV[key as KeyName]}`;
  if (ctx.testInfo) ctx.testInfo.skip(true, reason);
  throw new Error(`[HARNESS] ${reason}`);
}

function bodyOf(opts: CallOptions): Buffer | undefined {
  if (opts.body !== undefined && opts.rawBody !== undefined) throw new Error('[HARNESS] give either body or rawBody, not both');
  if (opts.rawBody !== undefined) return Buffer.isBuffer(opts.rawBody) ? opts.rawBody : Buffer.from(opts.rawBody, 'utf8');
  if (opts.body !== undefined) return Buffer.from(JSON.stringify(opts.body), 'utf8');
  return undefined;
}

function lowerHeaders(h: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h ?? {})) out[k.toLowerCase()] = v;
  return out;
}

export const prepare: Stage = (ctx) => (next) => (x) => {
  const a = phase(x, 'addressed');
  const opts = x.asked.options;
  const data = bodyOf(opts);
  const bearer = bearerOf(ctx, x.asked.key);
  const headers: Record<string, string> = {};
  if (bearer !== null) headers.authorization = `Bearer ${bearer}`;
  const correlationId = opts.correlationId === undefined ? nextCorrelationId(ctx) : opts.correlationId;
  if (correlationId !== null) headers['x-correlation-id'] = correlationId;
  if (data !== undefined) {
    const ct = opts.contentType === undefined ? 'application/json' : opts.contentType;
    if (ct !== null) headers['content-type'] = ct;
  }
  Object.assign(headers, lowerHeaders(opts.headers));
  if (typeof headers.authorization === 'string') {
    const m = /^\S+\s+(.*)$/.exec(headers.authorization);
    if (m && m[1] && !ctx.redactor.placeholderFor(m[1])) ctx.redactor.add(m[1], '$MESHI_UNKNOWN_CREDENTIAL');
  }
  const bodyText = data === undefined ? null : data.subarray(0, BODY_TEXT_LIMIT).toString('utf8');
  // Everything the harness sends is exempt from the UUID oracle (credentials excluded).
  ctx.registry.noteSent(
    a.url,
    bodyText,
    ...Object.entries(headers)
      .filter(([k]) => k !== 'authorization')
      .map(([, v]) => v),
  );
  x.prepared = {
    headers,
    data,
    bodyText,
    bearer,
    correlationId,
    rateLimitExpected: opts.expectRateLimit ?? x.asked.key === 'rateLimit',
    replayable: isSafeMethod(a.method) || (!!a.operation?.runCreating && carriesIdempotencyKey(opts.body)),
  };
  return next(x);
};
