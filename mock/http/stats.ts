// Request counters per API key (the key's table name, e.g. mk_test_org_a_write, or "anonymous"):
// every partner response, and the 429 PARTNER_RATE_LIMIT_EXCEEDED among them. Read through
// GET /__mock/stats (false-alarms prints requests per key against the quota); never reset by
// POST /__mock/reset, so a run that resets the mock midway still counts everything it sent.

export interface KeyCounts {
  requests: number;
  rateLimited: number;
  /** Answers with status ≥ 500 (configured transient failures included). */
  serverErrors: number;
}

export class RequestStats {
  private readonly byKey = new Map<string, KeyCounts>();

  record(key: string | null, status: number, code: string | null): void {
    const name = key ?? 'anonymous';
    let c = this.byKey.get(name);
    if (!c) this.byKey.set(name, (c = { requests: 0, rateLimited: 0, serverErrors: 0 }));
    c.requests++;
    if (status === 429 && code === 'PARTNER_RATE_LIMIT_EXCEEDED') c.rateLimited++;
    if (status >= 500) c.serverErrors++;
  }

  snapshot(): Record<string, KeyCounts> {
    return Object.fromEntries([...this.byKey].map(([k, v]) => [k, { ...v }]));
  }
}
