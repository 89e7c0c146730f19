// INVALID_JSON: the body must be UTF-8 JSON whose top level is an object. Non-UTF-8 bytes, a
// truncated or malformed document, an empty body on an operation that needs one, and a top-level
// array, string, number or null are all INVALID_JSON (never a 5xx).

import { apiError } from '../contract';

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** `syntaxErrorAsEmpty`: the invalid-json-as-empty fault, a parser whose syntax errors leave the body {}. */
export function parseJsonObject(bytes: Buffer, syntaxErrorAsEmpty = false): Record<string, unknown> {
  if (bytes.length === 0) throw apiError('INVALID_JSON', 'The request body is empty; a JSON object is required');
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    throw apiError('INVALID_JSON', 'The request body is not valid UTF-8');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    if (syntaxErrorAsEmpty) return {};
    const at = e instanceof Error ? /position (\d+)/.exec(e.message)?.[1] : undefined;
    throw apiError('INVALID_JSON', `The request body is not valid JSON${at ? ` (near character ${at})` : ''}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw apiError('INVALID_JSON', 'The request body must be a JSON object');
  }
  return value as Record<string, unknown>;
}
