// Figures: what the runs showed that no contract element states (run durations and statuses,
// page sizes, body sizes, RateLimit-Policy values), merged over the runs for evidence.md.

import type { Observations } from '../../reporter/observations';
import type { Figures } from './types';

export function figures(all: readonly Observations[]): Figures {
  const out: Figures = {
    exchanges: 0,
    runDurationMs: { count: 0, min: null, max: null },
    runStatuses: {},
    rateLimitPolicies: {},
    defaultFullPageSizes: {},
    pageLimitAccepted: { min: null, max: null },
    pageLimitRejected: [],
    bodyBytes: { largestAccepted: null, smallestRejected: null },
  };
  const lo = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));
  const hi = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));
  for (const o of all) {
    out.exchanges += o.exchanges;
    const l = o.limits;
    out.runDurationMs = {
      count: out.runDurationMs.count + l.runDurationMs.count,
      min: lo(out.runDurationMs.min, l.runDurationMs.min),
      max: hi(out.runDurationMs.max, l.runDurationMs.max),
    };
    for (const [k, n] of Object.entries(l.runStatuses)) out.runStatuses[k] = (out.runStatuses[k] ?? 0) + n;
    for (const [k, n] of Object.entries(l.rateLimitPolicies)) out.rateLimitPolicies[k] = (out.rateLimitPolicies[k] ?? 0) + n;
    for (const [k, s] of Object.entries(l.defaultPageSize.full)) out.defaultFullPageSizes[k] = (out.defaultFullPageSizes[k] ?? 0) + s.count;
    out.pageLimitAccepted = {
      min: lo(out.pageLimitAccepted.min, l.pageLimit.accepted.min),
      max: hi(out.pageLimitAccepted.max, l.pageLimit.accepted.max),
    };
    out.pageLimitRejected = [...new Set([...out.pageLimitRejected, ...l.pageLimit.rejected])].sort((a, b) => a - b);
    out.bodyBytes = {
      largestAccepted: hi(out.bodyBytes.largestAccepted, l.bodyBytes.largestAccepted),
      smallestRejected: lo(out.bodyBytes.smallestRejected, l.bodyBytes.smallestRejected),
    };
  }
  return out;
}
