// Legitimate variations: what a conforming server may do differently from this mock wherever the
// contract leaves it open — opaque cursors that differ on every call, undeclared response headers
// (a per-response request ID among them), freely worded error messages, chunked bodies, another
// JSON key and header order — and the shapes a gateway or an overloaded instance gives a transient
// 503. Each is off by default and switched on by a MOCK_* setting (mock/config.ts), so the suite
// can be run against each to show it depends on none of them.

import { randomBytes } from 'node:crypto';
import type { MockConfig } from '../config';

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
}

/**
 * `envelope`: the mock's own 503 (JSON envelope, correlation ID, every partner header).
 * `gateway`: JSON envelope and correlation ID, but no RateLimit/RateLimit-Policy and, under the
 * alias, no Deprecation/Link. `html`: an HTML page, none of those headers and no correlation ID.
 */
export const TRANSIENT_SHAPES = ['envelope', 'gateway', 'html'] as const;
export type TransientShape = (typeof TRANSIENT_SHAPES)[number];

export const NO_VARIATIONS: Variations = { cursorNonce: false, extraHeaders: false, messageNonce: false, chunked: false, reorder: false, transientShape: 'envelope' };

/** The live variations of a config (null when none is on, so the hot path pays nothing). */
export function variationsOf(config: MockConfig): Variations | null {
  const v = config.variations;
  const any = v.cursorNonce || v.extraHeaders || v.messageNonce || v.chunked || v.reorder || v.transientShape !== 'envelope';
  return any ? v : null;
}

/** A short random token: base64url, never UUID-shaped. */
function token(): string {
  return randomBytes(9).toString('base64url');
}

const NONCE_SEPARATOR = '.';

/** The cursor as issued to the client: the mock's cursor plus a nonce segment. */
export function withCursorNonce(cursor: string): string {
  return `${cursor}${NONCE_SEPARATOR}n${token()}`;
}

/** The query with any cursor's nonce segment removed (the mock's own cursor has exactly one dot). */
export function stripCursorNonce(search: string): string {
  if (!search.includes('cursor=')) return search;
  const q = new URLSearchParams(search);
  const cursor = q.get('cursor');
  if (cursor === null) return search;
  const parts = cursor.split(NONCE_SEPARATOR);
  if (parts.length !== 3 || !parts[2]!.startsWith('n')) return search;
  q.set('cursor', parts.slice(0, 2).join(NONCE_SEPARATOR));
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

export function reversedHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(headers).reverse()) out[k] = headers[k]!;
  return out;
}

/** Headers a gateway or an overloaded instance does not add to its own 503. */
export const PARTNER_ONLY_HEADERS = ['ratelimit', 'ratelimit-policy', 'deprecation', 'link'] as const;

export const TRANSIENT_HTML = '<!DOCTYPE html><html><head><title>503 Service Unavailable</title></head><body><h1>Service Unavailable</h1><p>Please retry.</p></body></html>';
