// Who may use the admin API (/__mock/*), which can wipe the mock. A browser page must not reach
// it: a foreign Origin is refused, and so is a Host that is not a loopback name (a DNS-rebinding
// page reaches 127.0.0.1 under its own name). With an admin token configured, the token is
// required instead of a loopback Host (so the mock may listen elsewhere). Writes carrying a body
// must declare application/json, which a cross-site form cannot send without a preflight.

import type { IncomingMessage } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type { MockConfig } from './config';
import { bearerToken } from './http/auth';
import { isJsonContentType } from './http/contentType';

export interface AdminRefusal {
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

/** `localhost` (and `*.localhost`), 127.0.0.0/8, ::1; case and a trailing dot ignored. */
export function isLoopbackName(name: string): boolean {
  const n = name
    .toLowerCase()
    .replace(/\.$/, '')
    .replace(/^\[(.*)\]$/, '$1');
  if (n === 'localhost' || n.endsWith('.localhost')) return true;
  if (isIP(n) === 4) return n.startsWith('127.');
  if (isIP(n) === 6) return n === '::1' || n === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(n);
  return false;
}

/** The host name of a Host header value (`name`, `name:port`, `[v6]:port`). */
function hostName(host: string): string {
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  const colon = host.lastIndexOf(':');
  return colon < 0 ? host : host.slice(0, colon);
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(bearerToken(header) ?? '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function hasBody(req: IncomingMessage): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

/** Why this admin request is refused, or null when it may proceed. */
export function adminRefusal(req: IncomingMessage, config: MockConfig): AdminRefusal | null {
  const host = req.headers.host ?? '';
  const origin = req.headers.origin;
  if (origin !== undefined && origin.toLowerCase() !== `http://${host.toLowerCase()}`) {
    return { status: 403, code: 'ADMIN_FORBIDDEN', message: 'The admin API refuses cross-origin requests' };
  }
  if (config.adminToken !== null) {
    if (!tokenMatches(req.headers.authorization, config.adminToken)) {
      return { status: 401, code: 'ADMIN_UNAUTHORIZED', message: 'The admin API needs "Authorization: Bearer <MOCK_ADMIN_TOKEN>"' };
    }
  } else if (!isLoopbackName(hostName(host))) {
    return {
      status: 403,
      code: 'ADMIN_FORBIDDEN',
      message: 'The admin API answers only to a loopback Host (set MOCK_ADMIN_TOKEN to reach it otherwise)',
    };
  }
  const method = req.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD') {
    const type = req.headers['content-type'];
    if ((type !== undefined && !isJsonContentType(type)) || (type === undefined && hasBody(req))) {
      return { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Admin writes must be application/json' };
    }
  }
  return null;
}

/** Refuses to listen off loopback without an admin token (anyone on the network could wipe the mock). */
export function checkListenHost(config: MockConfig): void {
  if (config.adminToken === null && !isLoopbackName(config.host)) {
    throw new Error(`refusing to listen on ${config.host} without MOCK_ADMIN_TOKEN (the admin API would be open to the network)`);
  }
}
