// The loose JSON object type the suites read bodies as, and small helpers over response bodies.

import type { MeshiResponse } from './client';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

/** `value` without `correlation_id` (for comparing two responses of one object). */
export function withoutCorrelation<T extends Json>(value: T): Omit<T, 'correlation_id'> {
  const { correlation_id: _c, ...rest } = value;
  return rest;
}

/** Whether a response carries `Idempotent-Replayed: true`. */
export function isReplay(res: MeshiResponse): boolean {
  return (res.headers['idempotent-replayed'] ?? '').trim().toLowerCase() === 'true';
}
