// Oracle: the headers the contract declares for the response are present when required and their
// values validate against the header schema (`header:<Name>`), coercing numeric and boolean text
// like Schemathesis does; Allow (OPTIONS, 405) lists the path's methods. Each header is attributed
// to the guarantee about it (Retry-After, Allow, Idempotent-Replayed), else to the schema guarantee.
// x-correlation-id, RateLimit* and the alias headers have their own oracles.
import { expectedAllow, validator } from '../../contract';
import { contract } from '../../contract';
import { declaredResponse } from './expectations';
import { gid, type CheckGuarantee } from './ids';
import { defineCheck, where, type Violation } from './types';

const OWN_ORACLE = new Set(['ratelimit', 'ratelimit-policy', 'x-correlation-id', 'deprecation', 'link']);

const CONCERN: Readonly<Record<string, CheckGuarantee>> = {
  'retry-after': 'retryAfterHeader',
  allow: 'allowHeader',
  'idempotent-replayed': 'replayHeader',
};

function concernOf(header: string): CheckGuarantee {
  return CONCERN[header] ?? 'bodySchema';
}

/** Validates a header text value, trying it as a string, then as a number or boolean. */
export function headerValueValid(validatorKey: string, value: string): boolean | null {
  const validate = validator(validatorKey);
  if (!validate) return null;
  if (validate(value)) return true;
  if (/^-?\d+(\.\d+)?$/.test(value.trim()) && validate(Number(value.trim()))) return true;
  if ((value === 'true' || value === 'false') && validate(value === 'true')) return true;
  return false;
}

export const responseHeaders = defineCheck(
  'responseHeaders',
  [...new Set([gid('bodySchema'), gid('retryAfterHeader'), gid('allowHeader'), gid('replayHeader')])],
  (x) => {
    if (x.kind === 'outside') return [];
    const r = declaredResponse(x);
    if (!r) return [];
    const out: Violation[] = [];
    for (const [name, h] of Object.entries(r.headers)) {
      if (OWN_ORACLE.has(name)) continue;
      const id = gid(concernOf(name));
      const value = x.response.headers[name];
      if (value === undefined) {
        if (h.required) out.push({ guarantee: id, check: 'responseHeaders', message: `required header ${name} missing ${where(x)}` });
        continue;
      }
      const ok = headerValueValid(h.validator, value);
      if (ok === false)
        out.push({
          guarantee: id,
          check: 'responseHeaders',
          message: `header ${name}: ${JSON.stringify(value)} does not match ${h.validator} ${where(x)}`,
        });
    }
    // Allow must name every method the contract defines on the path, OPTIONS, and HEAD where GET
    // exists (HEAD is GET without a body).
    const allow = x.response.headers['allow'];
    const path = x.operationId ? contract.operations[x.operationId]?.path : undefined;
    if (allow !== undefined && path && (x.kind === 'options' || x.kind === 'method-not-allowed')) {
      const listed = new Set(allow.split(',').map((m) => m.trim().toUpperCase()));
      const missing = expectedAllow(path).filter((m) => !listed.has(m));
      if (missing.length)
        out.push({
          guarantee: gid('allowHeader'),
          check: 'responseHeaders',
          message: `Allow ${JSON.stringify(allow)} omits ${missing.join(', ')} ${where(x)}`,
        });
    }
    return out;
  },
  {
    [gid('retryAfterHeader')]: { property: 'a 429 response', present: (x) => x.response.status === 429 },
    [gid('allowHeader')]: {
      property: 'an OPTIONS or 405 response',
      present: (x) => x.kind === 'options' || x.kind === 'method-not-allowed',
    },
    [gid('replayHeader')]: {
      property: 'an Idempotent-Replayed header',
      present: (x) => x.response.headers['idempotent-replayed'] !== undefined,
    },
  },
);
