// Correlation IDs: a valid client `x-correlation-id` (contract pattern CorrelationId) is echoed
// unchanged; an absent or malformed one is replaced by a server-made `corr_…` handle.

import { contract as C, pattern as patternOf } from '../../contract';
import { F } from '../faults/http';
import type { FaultSwitch } from '../faults/switch';
import { correlationId } from '../ids';

const VALID = patternOf('correlationId');
const MAX = C.limits.correlationIdMaxLength ?? Infinity;

/** The client's value when it is valid, else null. */
export function clientCorrelationId(header: string | string[] | undefined): string | null {
  if (typeof header !== 'string') return null;
  return header.length <= MAX && VALID.test(header) ? header : null;
}

export function effectiveCorrelationId(header: string | string[] | undefined, echo = true): string {
  const client = echo ? clientCorrelationId(header) : null;
  return client ?? correlationId();
}

const SAFE = /^[A-Za-z0-9._:-]+$/;

/** The effective correlation ID with the correlation faults applied (only called when a fault is on). */
export function faultyCorrelationId(header: string | string[] | undefined, faults: FaultSwitch): string {
  if (faults.isOn(F.corrNotEchoed)) return correlationId();
  // Over-long values of the valid charset are echoed (safe in headers and JSON without escaping).
  if (faults.isOn(F.corrInvalidEchoed) && typeof header === 'string' && header.length <= 4096 && SAFE.test(header)) return header;
  return effectiveCorrelationId(header);
}
