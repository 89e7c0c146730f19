// Limits: the page-size bounds and default of the `limit` parameter, and the x-meshi-limits values
// (body size, rate limits, …), judged from what the runs' limit probes showed. A limit the harness
// was told (MESHI_<LIMIT>, the run's provenance) is the operator's setting, not an observation of the
// server: that run's probes of it are left out, and the element says so.

import { contract } from '../../contract';
import { limitEnvName } from '../../harness/settings';
import type { Judge, Obj } from './context';
import { observedMark, type Ledger } from './ledger';
import type { Run } from './runs';
import { at, parameterLoc } from './schema';
import type { Edit, Loc } from './types';

/** The contract limits (contract.limits names) each limit element is judged on. */
const LIMITS_OF: Record<string, readonly string[]> = {
  pageLimitDefault: ['pageLimitDefault'],
  pageLimitMax: ['pageLimitMax'],
  pageLimitMin: ['pageLimitMin'],
  maxBodyBytes: ['maxBodyBytes'],
  rateLimit: ['rateLimitQuota', 'rateLimitWindowSeconds'],
  rateLimitKey: ['rateLimitKeyQuota', 'rateLimitKeyWindowSeconds'],
};

/** Whether the run's harness was told the limit behind `element`; notes why on the element. */
function told(ledger: Ledger, run: Run, element: string): boolean {
  const names = (LIMITS_OF[element] ?? []).filter((n) => run.observations.run.provenance?.limits[n] !== undefined);
  if (names.length)
    ledger.ignore(
      `limit:${element}`,
      `${names.map(limitEnvName).join(', ')} told to the harness (an operator's setting, not an observation)`,
    );
  return names.length > 0;
}

function policyOf(text: string): { quota: number; window: number } | null {
  const q = /(?:^|;)\s*q=(\d+)/.exec(text);
  const w = /(?:^|;)\s*w=(\d+(?:\.\d+)?)/.exec(text);
  return q && w ? { quota: Number(q[1]), window: Number(w[1]) } : null;
}

export const judgeLimits: Judge = ({ ledger, runs, doc }) => {
  const limits = doc['x-meshi-limits'] ?? {};
  const limitParamLoc = Object.values(contract.operations)
    .map((o) => (o.parameters.some((p) => p.name === 'limit' && p.in === 'query') ? parameterLoc(doc, o.operationId, 'limit') : null))
    .find((x): x is Loc => x !== null);
  const limitSchema = limitParamLoc ? at(doc, [...limitParamLoc, 'schema']) : null;
  const paging = (name: 'pageLimitDefault' | 'pageLimitMax' | 'pageLimitMin', keyword: 'default' | 'maximum' | 'minimum') => {
    if (!limitParamLoc || limitSchema?.['x-meshi-provenance'] !== 'provisional') return;
    const loc = [...limitParamLoc, 'schema'];
    ledger.declare({
      key: `limit:${name}`,
      kind: 'limit',
      name: `${name} (limit parameter ${keyword})`,
      provenance: 'provisional',
      declared: String(contract.limits[name]),
      markObserved: (s) => observedMark(loc, s),
      adopt: (value, s) =>
        /^\d+$/.test(value) ? [{ file: 'partner-api.yaml', loc: [...loc, keyword], value: Number(value) }, ...observedMark(loc, s)] : [],
    });
  };
  paging('pageLimitDefault', 'default');
  paging('pageLimitMax', 'maximum');
  paging('pageLimitMin', 'minimum');
  const limitEntry = (key: string, name: string, declared: string, adopt?: (value: string) => Edit[]) => {
    if (limits[key]?.provenance !== 'provisional') return;
    ledger.declare({
      key: `limit:${name}`,
      kind: 'limit',
      name: `${name} (x-meshi-limits.${key})`,
      provenance: 'provisional',
      declared,
      markObserved: (s) => observedMark(['x-meshi-limits', key], s, 'provenance', 'observed'),
      adopt: adopt
        ? (v, s) => {
            const e = adopt(v);
            return e.length ? [...e, ...observedMark(['x-meshi-limits', key], s, 'provenance', 'observed')] : [];
          }
        : undefined,
    });
  };
  const L = contract.limits;
  limitEntry('max_body_bytes', 'maxBodyBytes', String(L.maxBodyBytes), (v) =>
    /^\d+$/.test(v) ? [{ file: 'partner-api.yaml', loc: ['x-meshi-limits', 'max_body_bytes', 'value'], value: Number(v) }] : [],
  );
  const rateAdopt = (key: string) => (v: string) => {
    const m = /^(\d+)\/(\d+(?:\.\d+)?)s$/.exec(v);
    return m
      ? [
          { file: 'partner-api.yaml' as const, loc: ['x-meshi-limits', key, 'quota'], value: Number(m[1]) },
          { file: 'partner-api.yaml' as const, loc: ['x-meshi-limits', key, 'window_seconds'], value: Number(m[2]) },
        ]
      : [];
  };
  limitEntry('rate_limit', 'rateLimit', `${L.rateLimitQuota}/${L.rateLimitWindowSeconds}s`, rateAdopt('rate_limit'));
  limitEntry('rate_limit_key', 'rateLimitKey', `${L.rateLimitKeyQuota}/${L.rateLimitKeyWindowSeconds}s`);
  limitEntry('match_top_k', 'matchTopK', String(L.matchTopK));
  limitEntry('raw_max_bytes', 'rawMaxBytes', String(L.rawMaxBytes));
  limitEntry('idempotency_retention_hours', 'idempotencyRetentionHours', String(L.idempotencyRetentionHours));

  runs.forEach((run, r) => judgeRun(ledger, run, r));
};

function judgeRun(ledger: Ledger, run: Run, r: number): void {
  const L = contract.limits;
  const o = run.observations.limits;
  if (!told(ledger, run, 'pageLimitDefault')) {
    for (const [size, seen] of Object.entries(o.defaultPageSize.full)) {
      if (Number(size) === L.pageLimitDefault) ledger.consistent('limit:pageLimitDefault', r, seen.count);
      else ledger.contradicted('limit:pageLimitDefault', r, size, seen.count, seen.examples);
    }
    if ((o.defaultPageSize.largestLast ?? 0) > L.pageLimitDefault!)
      ledger.contradicted('limit:pageLimitDefault', r, `more than ${L.pageLimitDefault}`, 1, []);
  }
  const acc = o.pageLimit.accepted;
  if (!told(ledger, run, 'pageLimitMax')) {
    if (acc.max !== null) {
      if (acc.max > L.pageLimitMax!) ledger.contradicted('limit:pageLimitMax', r, String(acc.max), 1, []);
      else if (acc.max === L.pageLimitMax) ledger.consistent('limit:pageLimitMax', r, acc.count);
    }
    if (o.pageLimit.rejected.includes(L.pageLimitMax!)) ledger.contradicted('limit:pageLimitMax', r, `${L.pageLimitMax} rejected`, 1, []);
  }
  if (!told(ledger, run, 'pageLimitMin') && acc.min !== null) {
    if (acc.min < L.pageLimitMin!) ledger.contradicted('limit:pageLimitMin', r, String(acc.min), 1, []);
    else if (acc.min === L.pageLimitMin) ledger.consistent('limit:pageLimitMin', r, acc.count);
  }
  const b = o.bodyBytes;
  if (!told(ledger, run, 'maxBodyBytes')) {
    if (b.largestAccepted !== null && b.largestAccepted > L.maxBodyBytes!)
      ledger.contradicted('limit:maxBodyBytes', r, `accepted ${b.largestAccepted}`, 1, []);
    else if (b.smallestRejected !== null && b.smallestRejected <= L.maxBodyBytes!)
      ledger.contradicted(
        'limit:maxBodyBytes',
        r,
        b.largestAccepted !== null && b.smallestRejected > b.largestAccepted
          ? String(b.smallestRejected - 1)
          : `rejected ${b.smallestRejected}`,
        b.rejected.count,
        b.rejected.examples,
      );
    else if (b.smallestRejected !== null) ledger.consistent('limit:maxBodyBytes', r, b.rejected.count);
  }
  const mainTold = told(ledger, run, 'rateLimit');
  const keyTold = told(ledger, run, 'rateLimitKey');
  for (const [text, n] of Object.entries(o.rateLimitPolicies)) {
    const p = policyOf(text);
    if (!p) continue;
    if (p.quota === L.rateLimitKeyQuota && p.window === L.rateLimitKeyWindowSeconds) {
      if (!keyTold) ledger.consistent('limit:rateLimitKey', r, n);
    } else if (mainTold) continue;
    else if (p.quota === L.rateLimitQuota && p.window === L.rateLimitWindowSeconds) ledger.consistent('limit:rateLimit', r, n);
    else ledger.contradicted('limit:rateLimit', r, `${p.quota}/${p.window}s`, n, []);
  }
}
