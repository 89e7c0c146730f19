// Client-side pacing from the target's own RateLimit header: when a key's remaining quota drops to
// a small reserve, the next call with that key waits for the window to reset, so a long suite on
// a rate-limited target does not trip 429s that have nothing to do with the guarantee under test.
// Never applied to calls that observe rate limiting (the rate-limit key, expectRateLimit). The
// server's count covers every worker, so the reserve only needs to absorb in-flight requests.

import { parseSfList } from './checks/rateLimitHeaders';

interface KeyWindow {
  remaining: number;
  /** Epoch ms when the window resets. */
  resetAt: number;
}

export class Pacer {
  private readonly windows = new Map<string, KeyWindow>();

  constructor(
    /** Requests kept in reserve (≈ concurrent workers × 2). */
    readonly reserve = 4,
    /** Longest single wait. */
    readonly maxWaitMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records the RateLimit header of a response made with `key`. */
  observe(key: string, rateLimitHeader: string | undefined): void {
    if (!rateLimitHeader) return;
    const items = parseSfList(rateLimitHeader);
    const item = items?.[0];
    const r = Number(item?.params.r);
    const t = Number(item?.params.t);
    if (!item || !Number.isFinite(r) || !Number.isFinite(t)) return;
    this.windows.set(key, { remaining: r, resetAt: this.now() + t * 1000 });
  }

  /** How long to wait before the next call with `key` (0 when there is quota left). */
  waitMs(key: string): number {
    const w = this.windows.get(key);
    if (!w || w.remaining > this.reserve) return 0;
    const wait = w.resetAt - this.now();
    if (wait <= 0) {
      this.windows.delete(key);
      return 0;
    }
    return Math.min(wait + 50, this.maxWaitMs);
  }

  /** Forgets a key's window after waiting it out. */
  reset(key: string): void {
    this.windows.delete(key);
  }
}
