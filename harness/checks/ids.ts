// Which guarantee each oracle attributes a violation to. The IDs live in the catalogue
// (generated/guarantees.ts); this table only says which entry a concern belongs to. It is validated
// on load: an ID missing from the catalogue, or of another family than expected, throws, so a
// renumbered catalogue cannot be silently mis-attributed (tests/harness/checks.spec.ts also
// requires every `universal: true` guarantee to be reported by some check).

import { guarantees } from '../../contract';

interface Entry {
  readonly id: string;
  readonly family: string;
}

const table = {
  /** The status is declared for the operation or a generic response. */
  statusDocumented: { id: 'SCHEMA-02', family: 'SCHEMA' },
  /** No 5xx (other than the transient 502/503/504) for any request. */
  notAServerError: { id: 'ERR-05', family: 'ERR' },
  /** HEAD: GET's status and headers, empty body. */
  headNoBody: { id: 'HTTP-02', family: 'HTTP' },
  /** OPTIONS and 405 list the path's methods in Allow. */
  allowHeader: { id: 'HTTP-03', family: 'HTTP' },
  /** Bodies (and declared headers without a guarantee of their own) validate against the contract. */
  bodySchema: { id: 'SCHEMA-01', family: 'SCHEMA' },
  /** A 429 PARTNER_RATE_LIMIT_EXCEEDED carries Retry-After. */
  retryAfterHeader: { id: 'RATE-01', family: 'RATE' },
  /** Idempotent-Replayed is well-formed when present. */
  replayHeader: { id: 'IDEM-03', family: 'IDEM' },
  /** Non-2xx: a JSON object with string code, message, correlation_id. */
  errorEnvelope: { id: 'ERR-01', family: 'ERR' },
  /** Non-2xx: no other top-level key. */
  errorExtraKeys: { id: 'ERR-02', family: 'ERR' },
  /** Non-2xx: application/json. */
  errorContentType: { id: 'ERR-03', family: 'ERR' },
  /** The code is listed for this operation and status, with its one status. */
  errorCode: { id: 'ERR-04', family: 'ERR' },
  /** x-correlation-id present and non-empty. */
  correlationHeader: { id: 'CORR-01', family: 'CORR' },
  /** The body's correlation_id equals the header. */
  correlationBody: { id: 'CORR-02', family: 'CORR' },
  /** A valid client value is echoed unchanged. */
  correlationEcho: { id: 'CORR-03', family: 'CORR' },
  /** Absent or malformed client value: a fresh server-made corr_… value. */
  correlationGenerated: { id: 'CORR-04', family: 'CORR' },
  /** No foreign UUID in the body outside the handle fields. */
  uuidBody: { id: 'UUID-01', family: 'UUID' },
  /** No foreign UUID in a header other than x-correlation-id. */
  uuidHeader: { id: 'UUID-02', family: 'UUID' },
  /** No foreign UUID in next_cursor, as written or decoded. */
  uuidCursor: { id: 'UUID-03', family: 'UUID' },
  /** Meshi-issued handles are never UUIDs. */
  uuidHandle: { id: 'UUID-04', family: 'UUID' },
  /** RateLimit-Policy and RateLimit on every response (provisional SHOULD). */
  rateLimitHeaders: { id: 'RATE-04', family: 'RATE' },
  /** Alias responses carry Deprecation and Link rel=successor-version (provisional SHOULD). */
  aliasHeaders: { id: 'ALIAS-03', family: 'ALIAS' },
  // pollRun (harness/world/pollRun.ts):
  /** Run status in the contract set, only forward, terminal within the run budget. */
  runStatusKnown: { id: 'RUN-02', family: 'RUN' },
  runForward: { id: 'RUN-02', family: 'RUN' },
  runReachesTerminal: { id: 'RUN-02', family: 'RUN' },
  /** GET /runs/{run_id} answers the run an import answered (for a run of another kind, runReachesTerminal). */
  importRunReadable: { id: 'IMP-01', family: 'IMP' },
  /** A terminal run never changes again. */
  runTerminalStable: { id: 'RUN-03', family: 'RUN' },
} as const satisfies Record<string, Entry>;

export type CheckGuarantee = keyof typeof table;

const byId = new Map<string, { family: string }>(guarantees.map((g) => [g.id as string, g as { family: string }]));

for (const [name, e] of Object.entries(table) as [string, Entry][]) {
  const g = byId.get(e.id);
  if (!g) throw new Error(`[HARNESS] harness/checks/ids.ts: ${name} → ${e.id} is not in generated/guarantees.ts`);
  if (g.family !== e.family)
    throw new Error(`[HARNESS] harness/checks/ids.ts: ${name} → ${e.id} is in family ${g.family}, expected ${e.family}`);
}

/** The guarantee ID an oracle reports for one of its concerns. */
export function gid(concern: CheckGuarantee): string {
  return table[concern].id;
}

/** Every (concern → ID) pair, for tests and the report. */
export function checkGuaranteeTable(): Record<CheckGuarantee, string> {
  return Object.fromEntries(Object.entries(table).map(([k, v]) => [k, v.id])) as Record<CheckGuarantee, string>;
}
