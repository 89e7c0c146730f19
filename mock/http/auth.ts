// Authentication and scope (check order 401 → 403): bearer key → key table → disabled (401) →
// service account (403) → org (403) → scope by method (403). Read methods (GET, HEAD, OPTIONS)
// accept either scope; every other method needs partner:write.

import type { IncomingMessage } from 'node:http';
import type { Principal } from '../app';
import { requestRule } from '../../contract';
import { apiError } from '../contract';
import type { FaultSwitch } from '../faults/switch';
import { F } from '../faults/http';
import type { KeyEntry, KeyTable } from './keys';

export const READ_SCOPE = 'partner:read';
export const WRITE_SCOPE = 'partner:write';
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The principal the HTTP layer hands to handlers: the app's Principal plus the key's table row. */
export interface KeyPrincipal extends Principal {
  readonly orgId: string;
  readonly entry: KeyEntry;
}

/**
 * Parses `Bearer <token>` (scheme case-insensitive, RFC 9110 §11.1; the auth-scheme-case-sensitive
 * fault accepts only `Bearer`); null when missing or malformed.
 */
export function bearerToken(header: string | undefined, caseSensitive = false): string | null {
  if (!header) return null;
  const sp = header.indexOf(' ');
  const scheme = header.slice(0, sp);
  if (sp < 0 || (caseSensitive ? scheme !== 'Bearer' : scheme.toLowerCase() !== 'bearer')) return null;
  const token = header.slice(sp + 1).trim();
  return token && !/\s/.test(token) ? token : null;
}

export function isReadMethod(method: string): boolean {
  return READ_METHODS.has(method);
}

/** x-meshi-request-rules: more than one Authorization header is refused with this code. */
const REPEATED_AUTHORIZATION_CODE = requestRule('repeatedAuthorization').errorCode;
if (REPEATED_AUTHORIZATION_CODE === null) throw new Error('x-meshi-request-rules.repeated_authorization has no error_code');

/**
 * The request's Authorization value. Node keeps only the first of repeated Authorization headers,
 * so the raw headers are counted: more than one is refused rather than letting one silently win.
 */
export function authorizationOf(req: IncomingMessage): string | undefined {
  const raw = req.rawHeaders;
  let seen = 0;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    if (name.length === 13 && name.toLowerCase() === 'authorization' && ++seen > 1) {
      throw apiError(REPEATED_AUTHORIZATION_CODE!, 'More than one Authorization header; send exactly one "Bearer <key>"');
    }
  }
  return req.headers.authorization;
}

/** Resolves the bearer key; throws 401 UNAUTHORIZED when it is missing, malformed or unknown. */
export function identify(header: string | undefined, keys: KeyTable, faults?: FaultSwitch): KeyEntry {
  const token = bearerToken(header, faults?.isOn(F.authSchemeCaseSensitive) ?? false);
  if (token === null) throw apiError('UNAUTHORIZED', 'Missing or malformed Authorization header; expected "Bearer <key>"');
  const entry = keys.get(token) ?? (faults?.isOn(F.tokenPrefixMatch) ? keys.prefixOf(token) : undefined);
  if (!entry) throw apiError('UNAUTHORIZED', 'The bearer token does not resolve to an active API key');
  return entry;
}

/** The checks after the key is known, in order: disabled (401), service account, org, scope (403). */
export function authorize(entry: KeyEntry, method: string, faults: FaultSwitch): KeyPrincipal {
  if (entry.disabled && !faults.isOn(F.disabledKeyAccepted))
    throw apiError('ACCOUNT_DISABLED', 'The service account of this key is disabled');
  if (entry.principal_type !== 'service_account' && !faults.isOn(F.userTokenAccepted)) {
    throw apiError('SERVICE_ACCOUNT_REQUIRED', 'This token is not an org-scoped service-account API key');
  }
  if (!entry.org_id) {
    if (faults.isOn(F.noOrgAs401)) throw apiError('UNAUTHORIZED', 'The bearer token does not resolve to an active API key');
    throw apiError('PARTNER_ORG_REQUIRED', 'No partner org is available for this service account');
  }
  const read = isReadMethod(method) && !(method === 'OPTIONS' && faults.isOn(F.optionsNeedsWrite));
  const needed = read ? null : WRITE_SCOPE;
  const scopes = entry.scopes;
  if (needed === null) {
    if (!scopes.includes(READ_SCOPE) && !scopes.includes(WRITE_SCOPE)) {
      throw apiError('INSUFFICIENT_SCOPE', `${method} needs ${READ_SCOPE} or ${WRITE_SCOPE}`);
    }
  } else if (!scopes.includes(needed) && !faults.isOn(F.readKeyCanWrite)) {
    throw apiError('INSUFFICIENT_SCOPE', `${method} needs ${WRITE_SCOPE}`);
  }
  let principal = principals.get(entry);
  if (!principal) {
    principal = Object.freeze({ key: entry.key, orgId: entry.org_id, scopes, entry });
    principals.set(entry, principal);
  }
  return principal;
}

const principals = new WeakMap<KeyEntry, KeyPrincipal>();
