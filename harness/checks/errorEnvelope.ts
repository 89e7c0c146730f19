// Oracle: every non-2xx body is a JSON object of exactly {code, message, correlation_id} (three
// non-empty strings; other keys are a separate violation), and the code is one the contract lists for this operation and status, with that status.
import { contract } from '../../contract';
import { allowedCodes } from './expectations';
import { gid } from './ids';
import { defineCheck, where, type Violation } from './types';

const KEYS = ['code', 'message', 'correlation_id'];

export const errorEnvelope = defineCheck('errorEnvelope', [gid('errorEnvelope'), gid('errorExtraKeys'), gid('errorCode')], (x) => {
  const status = x.response.status;
  if (status < 300 || x.kind === 'head' || x.kind === 'outside') return [];
  const env = gid('errorEnvelope');
  const out: Violation[] = [];
  const body = x.response.body;
  if (x.response.text.length === 0)
    return [
      {
        guarantee: env,
        check: 'errorEnvelope',
        message: `error response without a body (expected {code, message, correlation_id}) ${where(x)}`,
      },
    ];
  if (x.response.jsonError !== null || !body || typeof body !== 'object' || Array.isArray(body)) {
    return [{ guarantee: env, check: 'errorEnvelope', message: `error body is not a JSON object ${where(x)}` }];
  }
  const obj = body as Record<string, unknown>;
  const keys = Object.keys(obj);
  const missing = KEYS.filter((k) => !(k in obj));
  const extra = keys.filter((k) => !KEYS.includes(k));
  if (missing.length) {
    out.push({
      guarantee: env,
      check: 'errorEnvelope',
      message: `error body lacks ${missing.join(', ')} (expected {code, message, correlation_id}) ${where(x)}`,
    });
  }
  if (extra.length) {
    out.push({
      guarantee: gid('errorExtraKeys'),
      check: 'errorEnvelope',
      message: `error body has keys beyond {code, message, correlation_id}: ${extra.join(', ')} ${where(x)}`,
    });
  }
  for (const k of KEYS) {
    if (k in obj && (typeof obj[k] !== 'string' || (obj[k] as string).length === 0)) {
      out.push({
        guarantee: env,
        check: 'errorEnvelope',
        message: `error body ${k} must be a non-empty string, got ${JSON.stringify(obj[k])} ${where(x)}`,
      });
    }
  }
  const code = obj.code;
  if (typeof code === 'string' && code.length > 0) {
    const codeId = gid('errorCode');
    const known = contract.errorCodes[code];
    const allowed = allowedCodes(x);
    if (!known) {
      out.push({
        guarantee: codeId,
        check: 'errorEnvelope',
        message: `error code ${code} is not in the contract's error codes ${where(x)}`,
      });
    } else if (known.status !== status) {
      out.push({
        guarantee: codeId,
        check: 'errorEnvelope',
        message: `error code ${code} belongs to status ${known.status}, sent with ${status} ${where(x)}`,
      });
    } else if (allowed.length > 0 && !allowed.includes(code)) {
      out.push({
        guarantee: codeId,
        check: 'errorEnvelope',
        message: `error code ${code} is not listed for ${x.operationId ?? x.kind} ${status} (allowed: ${allowed.join(', ')}) ${where(x)}`,
      });
    }
  }
  return out;
});
