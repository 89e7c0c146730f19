// Legitimate variations: what a conforming server may do differently from this mock wherever the
// contract leaves it open — opaque cursors that differ on every call, undeclared response headers
// (a per-response request ID among them), freely worded error messages, chunked bodies, another
// JSON key and header order — and the shapes a gateway or an overloaded instance gives a transient
// 503. Each is off by default and switched on by a MOCK_* setting (mock/config.ts), so the suite
// can be run against each to show it depends on none of them.

import { createHmac, randomBytes } from 'node:crypto';
import { NO_HOOKS, type SendHook, type SendHooks } from './reply';
import type { TimestampDigits } from '../timestampDigits';

export interface Variations {
  /** next_cursor carries a fresh nonce on every page; a cursor with or without it still works. */
  readonly cursorNonce: boolean;
  /** Undeclared headers on every partner response, a per-response request ID among them. */
  readonly extraHeaders: boolean;
  /** Error messages end with a request-specific token. */
  readonly messageNonce: boolean;
  /** Bodies sent with Transfer-Encoding: chunked (no Content-Length). */
  readonly chunked: boolean;
  /** JSON members and response headers in reverse order. */
  readonly reorder: boolean;
  /** The transient 503's shape (see TransientShape). */
  readonly transientShape: TransientShape;
  /** Fractional-second digits of every timestamp the mock's clock issues (3, 6 or 9; mock/timestampDigits.ts). */
  readonly timestampDigits?: TimestampDigits;
}

/**
 * `envelope`: the mock's own 503 (JSON envelope, correlation ID, every partner header).
 * `gateway`: JSON envelope and correlation ID, but no RateLimit/RateLimit-Policy and, under the
 * alias, no Deprecation/Link. `html`: an HTML page, none of those headers and no correlation ID.
 */
export const TRANSIENT_SHAPES = ['envelope', 'gateway', 'html'] as const;
export type TransientShape = (typeof TRANSIENT_SHAPES)[number];

export const NO_VARIATIONS: Variations = {
  cursorNonce: false,
  extraHeaders: false,
  messageNonce: false,
  chunked: false,
  reorder: false,
  transientShape: 'envelope',
};

/** The switched variations, each carried out by its writer hooks (valued ones, like the transient shape, act elsewhere). */
type HookedVariation = { [K in keyof Variations]-?: Variations[K] extends boolean ? K : never }[keyof Variations];

/** Each variation's own hooks, in the order they run. */
const VARIATION_HOOKS: Readonly<Record<HookedVariation, { readonly preSerialization?: SendHook; readonly onSend?: SendHook }>> = {
  cursorNonce: {
    preSerialization: (_reply, out) => {
      if (typeof out.body?.next_cursor === 'string') out.body = { ...out.body, next_cursor: withCursorNonce(out.body.next_cursor) };
    },
  },
  messageNonce: {
    preSerialization: (_reply, out) => {
      if (out.error && typeof out.body?.message === 'string') out.body = { ...out.body, message: messageWithNonce(out.body.message) };
    },
  },
  extraHeaders: {
    onSend: (reply) => {
      if (reply.partner) Object.assign(reply.headers, extraHeaders());
    },
  },
  chunked: {
    onSend: (reply, out) => {
      if (out.text === null) return;
      out.chunked = true;
      delete reply.headers['content-length'];
    },
  },
  reorder: {
    onSend: (reply, out) => {
      if (out.json && out.text !== null) out.text = JSON.stringify(reversedMembers(JSON.parse(out.text)));
      reverseInPlace(reply.headers);
    },
  },
};

/** The hooks of the variations that are on. */
export function variationHooks(v: Variations): SendHooks {
  const on = (Object.keys(VARIATION_HOOKS) as HookedVariation[]).filter((name) => v[name]).map((name) => VARIATION_HOOKS[name]);
  if (!on.length) return NO_HOOKS;
  return {
    preSerialization: on.flatMap((h) => (h.preSerialization ? [h.preSerialization] : [])),
    onSend: on.flatMap((h) => (h.onSend ? [h.onSend] : [])),
  };
}

/** A short random token: base64url, never UUID-shaped. */
function token(): string {
  return randomBytes(9).toString('base64url');
}

const NONCE_SEPARATOR = '.';
const NONCE_SECRET = randomBytes(16);
/** `n`, a 12-character token, then an 8-character tag binding the token to the cursor. */
const NONCE = /^n([A-Za-z0-9_-]{12})([A-Za-z0-9_-]{8})$/;

function nonceTag(cursor: string, t: string): string {
  return createHmac('sha256', NONCE_SECRET).update(`${cursor}|${t}`).digest('base64url').slice(0, 8);
}

/** The cursor as issued to the client: the mock's cursor plus a nonce segment bound to it. */
export function withCursorNonce(cursor: string): string {
  const t = token();
  return `${cursor}${NONCE_SEPARATOR}n${t}${nonceTag(cursor, t)}`;
}

/**
 * The query with a cursor's intact nonce segment removed. A cursor whose nonce was cut or altered
 * is left as it came, so it fails as INVALID_CURSOR like any other damaged cursor.
 */
export function stripCursorNonce(search: string): string {
  if (!search.includes('cursor=')) return search;
  const q = new URLSearchParams(search);
  const cursor = q.get('cursor');
  const cut = cursor === null ? -1 : cursor.lastIndexOf(NONCE_SEPARATOR);
  if (cursor === null || cut < 0) return search;
  const inner = cursor.slice(0, cut);
  const m = NONCE.exec(cursor.slice(cut + 1));
  if (!m || m[2] !== nonceTag(inner, m[1]!)) return search;
  q.set('cursor', inner);
  return q.toString();
}

export function extraHeaders(): Record<string, string> {
  return {
    'x-request-id': `req_${token()}`,
    server: 'meshi-edge',
    'cache-control': 'no-store',
    'x-upstream-time-ms': String(1 + Math.floor(Math.random() * 40)),
  };
}

export function messageWithNonce(message: string): string {
  return `${message} (request req_${token()})`;
}

/** A JSON value with every object's members in reverse order. */
export function reversedMembers(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedMembers);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).reverse()) out[k] = reversedMembers((value as Record<string, unknown>)[k]);
    return out;
  }
  return value;
}

/** Re-inserts every header in reverse order (insertion order is the order on the wire). */
function reverseInPlace(headers: Record<string, string>): void {
  const entries = Object.entries(headers).reverse();
  for (const [k] of entries) delete headers[k];
  for (const [k, v] of entries) headers[k] = v;
}

/** Headers a gateway or an overloaded instance does not add to its own 503. */
export const PARTNER_ONLY_HEADERS = ['ratelimit', 'ratelimit-policy', 'deprecation', 'link'] as const;

export const TRANSIENT_HTML =
  '<!DOCTYPE html><html><head><title>503 Service Unavailable</title></head><body><h1>Service Unavailable</h1><p>Please retry.</p></body></html>';
