// The one valid-body builder: a minimal valid request body built from the contract's field rules,
// so a new body schema needs no code here. A schema the contract has no rules for throws.

import { contract, operation, type OperationIndex } from '../../contract';
import type { Namespace } from './namespace';

/**
 * A minimal valid body for a request-body component schema: every required field (partner IDs from
 * the namespace, idempotency keys fresh, arrays of one valid item); a schema without required
 * fields gets its first field (event context).
 */
export function bodyOfSchema(schema: string, ns: Namespace, label = 'probe'): Record<string, unknown> {
  const rules = contract.fieldRules[schema];
  if (!rules) throw new Error(`[HARNESS] the contract has no field rules for ${schema}`);
  const partnerId = contract.patterns.partnerId;
  const chosen = rules.filter((r) => r.required);
  if (chosen.length === 0 && rules[0]) chosen.push(rules[0]);
  const out: Record<string, unknown> = {};
  for (const r of chosen) {
    if (r.types.includes('array')) {
      const n = Math.max(1, r.minItems ?? 1);
      out[r.name] = Array.from({ length: n }, () =>
        r.itemsSchema && contract.fieldRules[r.itemsSchema] ? bodyOfSchema(r.itemsSchema, ns, label) : ns.id(label),
      );
    } else if (r.types.includes('string')) {
      if (r.name === 'idempotency_key') out[r.name] = ns.idempotencyKey(label);
      else if (r.pattern === partnerId) out[r.name] = ns.id(label);
      else out[r.name] = `${label} ${r.name}`.slice(0, r.maxLength ?? 64);
    } else if (r.types.includes('object')) out[r.name] = {};
    else if (r.types.includes('boolean')) out[r.name] = true;
    else if (r.types.includes('integer') || r.types.includes('number')) out[r.name] = r.minimum ?? 1;
  }
  return out;
}

/** A valid body for an operation (an operation ID or its index entry); undefined when it takes none. */
export function validBodyFor(op: OperationIndex | string, ns: Namespace, label = 'probe'): Record<string, unknown> | undefined {
  const index = typeof op === 'string' ? operation(op) : op;
  return index.requestBody ? bodyOfSchema(index.requestBody.schema, ns, label) : undefined;
}
