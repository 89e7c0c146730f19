// Cursors: base64url(JSON [list fingerprint, ...cursor key]) "." base64url(HMAC), signed with a
// per-process secret: opaque, never a UUID and never an internal id (cursor keys are sequence
// numbers and partner-visible values only). A cursor that is malformed, forged, from another
// process or from another list gives 400 INVALID_CURSOR.

import { createHash, createHmac, randomBytes } from 'node:crypto';
import { contract as C } from '../../contract';
import { apiError } from '../contract';
import type { SortKey } from './sortedIndex';

const SECRET = randomBytes(32);
const SEPARATOR = '.';

function fingerprint(listId: string): string {
  return createHash('sha256').update(listId).digest('base64url').slice(0, 12);
}

function sign(payload: string): string {
  return createHmac('sha256', SECRET).update(payload).digest('base64url').slice(0, 22);
}

/** The cursor after an item whose cursor key is `key`, in list `listId`. */
export function encodeCursor(listId: string, key: SortKey): string {
  const payload = Buffer.from(JSON.stringify([fingerprint(listId), ...key])).toString('base64url');
  return `${payload}${SEPARATOR}${sign(payload)}`;
}

const CURSOR_CODE =
  Object.values(C.operations)
    .flatMap((o) => o.parameters)
    .find((p) => p.in === 'query' && p.name === 'cursor')?.errorCode ?? 'INVALID_CURSOR';

export function cursorError(): Error {
  return apiError(CURSOR_CODE, 'The cursor is malformed, expired or belongs to another list');
}

/** The cursor key a cursor carries; throws INVALID_CURSOR unless it was issued by this process for `listId`. */
export function decodeCursor(listId: string, cursor: string): SortKey {
  const dot = cursor.indexOf(SEPARATOR);
  if (dot <= 0 || cursor.length > 2048) throw cursorError();
  const payload = cursor.slice(0, dot);
  if (cursor.slice(dot + 1) !== sign(payload)) throw cursorError();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw cursorError();
  }
  if (!Array.isArray(parsed) || parsed[0] !== fingerprint(listId)) throw cursorError();
  const key = parsed.slice(1);
  if (!key.every((k) => typeof k === 'string' || typeof k === 'number')) throw cursorError();
  return key as SortKey;
}
