// Oracle: the JSON body of a success validates against the contract schema of the declared
// response (ajv standalone validator `<operationId>:<status>` or `generic:<name>`); errors are
// summarised, deduplicated by schema location. Error bodies are errorEnvelope's.
import type { ErrorObject } from 'ajv';
import { validator } from '../../contract';
import { declaredResponse } from './expectations';
import { gid } from './ids';
import { defineCheck, where } from './types';

/** `instancePath keyword message` lines, one per distinct (instancePath, schemaPath), at most `max`. */
export function summariseAjvErrors(errors: readonly ErrorObject[] | null | undefined, max = 5): string {
  if (!errors || errors.length === 0) return 'invalid';
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const e of errors) {
    const k = `${e.instancePath}|${e.schemaPath}`;
    if (seen.has(k)) continue;
    seen.add(k);
    const params =
      e.keyword === 'additionalProperties' || e.keyword === 'unevaluatedProperties'
        ? ` (${JSON.stringify((e.params as Record<string, unknown>).additionalProperty ?? (e.params as Record<string, unknown>).unevaluatedProperty)})`
        : e.keyword === 'enum'
          ? ` (${JSON.stringify((e.params as { allowedValues?: unknown }).allowedValues)})`
          : '';
    lines.push(`${e.instancePath || '/'} ${e.message ?? e.keyword}${params}`);
  }
  const more = lines.length > max ? `; … ${lines.length - max} more` : '';
  return lines.slice(0, max).join('; ') + more;
}

export const bodyMatchesSchema = defineCheck('bodyMatchesSchema', [gid('bodySchema')], (x) => {
  if (x.kind === 'head' || x.kind === 'outside') return [];
  // An error body is the envelope, and errorEnvelope owns every facet of it (shape and types
  // ERR-01, extra keys ERR-02, the code ERR-04): judging it here too would report one defect twice.
  if (x.response.status >= 300) return [];
  const r = declaredResponse(x);
  if (!r) return [];
  const id = gid('bodySchema');
  if (!r.validator) {
    if (x.response.text.length > 0) {
      return [
        {
          guarantee: id,
          check: 'bodyMatchesSchema',
          message: `the contract declares no body for ${r.status}, but one was sent (${x.response.text.length} bytes) ${where(x)}`,
        },
      ];
    }
    return [];
  }
  if (x.response.text.length === 0) {
    return [
      { guarantee: id, check: 'bodyMatchesSchema', message: `body missing: the contract declares a JSON body for ${r.status} ${where(x)}` },
    ];
  }
  if (x.response.jsonError !== null) return []; // contentTypeJson reports unparseable bodies
  const validate = validator(r.validator);
  if (!validate)
    return [
      {
        guarantee: id,
        check: 'bodyMatchesSchema',
        message: `[HARNESS] no validator ${r.validator} in generated/validators.cjs ${where(x)}`,
      },
    ];
  if (validate(x.response.body)) return [];
  return [
    {
      guarantee: id,
      check: 'bodyMatchesSchema',
      message: `body does not match ${r.validator}: ${summariseAjvErrors(validate.errors)} ${where(x)}`,
    },
  ];
});
