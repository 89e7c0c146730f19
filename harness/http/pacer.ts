// Client-side pacing from the target's own RateLimit header (`r` remaining, `t` seconds to reset),
// so that every client sharing a key — Playwright workers in one process, shards on other
// machines — converges on the key's quota instead of racing it. Never applied to calls that
// observe rate limiting (the rate-limit key, expectRateLimit).
//
// The server's `remaining` counts every client, but a worker's last view of it ages while the
// others keep sending (a worker may sit in a poll or in local work for seconds). So the pacer
// predicts the remaining quota: the last `r`, minus this worker's own sends since, minus the key's
// measured consumption rate (the fall of `r` since the window's first observation over the time
// since, all clients included) times the view's age. When the prediction reaches the reserve (the requests other clients may
// have in flight), the next call waits for the window's reset. Between two observations a worker
// spends at most its share of the spare quota ((remaining − reserve) / clients, the configured
// share: shards × workers): a worker that sends one call at a time is never held back by it, but
// several workers bursting concurrent calls on the same view cannot together overrun the quota.
// Bursting and then waiting for the reset is the fastest schedule a fixed window allows.

import { limit } from '../../contract';
import { parseSfList } from '../checks/rateLimitHeaders';

export interface PacerOptions {
  /** Clients sharing each key: shards × workers per shard (MESHI_SHARDS × Playwright workers). Default 1. */
  readonly clients?: number;
  /** Requests kept in reserve for other clients' in-flight calls. Default max(4, 2 × clients). */
  readonly reserve?: number;
  /** Longest single wait. Default the contract's rate-limit window plus one second. */
  readonly maxWaitMs?: number;
  readonly now?: () => number;
}

interface KeyView {
  /** The window's first observation: the baseline of the consumption rate. */
  anchorRemaining: number;
  anchorAt: number;
  /** `r` of the last observation. */
  remaining: number;
  observedAt: number;
  /** Epoch ms when the window resets (the server's `t` is rounded up, so this is never early). */
  resetAt: number;
  /** This worker's calls since the observation. */
  sentSince: number;
}

/** Margin after the announced reset before the first call of the next window. */
const RESET_MARGIN_MS = 100;
/** Shortest span a consumption rate is measured over (shorter ones are noise of concurrent calls). */
const MIN_RATE_SPAN_MS = 1000;

export class Pacer {
  readonly clients: number;
  readonly reserve: number;
  readonly maxWaitMs: number;
  private readonly now: () => number;
  private readonly views = new Map<string, KeyView>();
  /** Measured requests per ms on each key, all clients included. */
  private readonly rates = new Map<string, number>();

  /** `new Pacer(options)`; the positional form `(reserve, maxWaitMs, now)` is kept for existing callers. */
  constructor(options?: PacerOptions | number, maxWaitMs?: number, now?: () => number) {
    const o: PacerOptions = typeof options === 'number' ? { reserve: options, maxWaitMs, now } : { ...options };
    this.clients = Math.max(1, Math.floor(o.clients ?? 1));
    this.reserve = o.reserve ?? Math.max(4, 2 * this.clients);
    this.maxWaitMs = o.maxWaitMs ?? (limit('rateLimitWindowSeconds') + 1) * 1000;
    this.now = o.now ?? Date.now;
  }

  /** Records the RateLimit header of a response made with `key` (absent or malformed: ignored). */
  observe(key: string, rateLimitHeader: string | undefined): void {
    if (!rateLimitHeader) return;
    const item = parseSfList(rateLimitHeader)?.[0];
    const r = Number(item?.params.r);
    const t = Number(item?.params.t);
    if (!item || !Number.isFinite(r) || !Number.isFinite(t)) return;
    const now = this.now();
    const prev = this.views.get(key);
    const resetAt = now + t * 1000;
    // `t` is whole seconds, so within one window the announced reset moves by less than a second;
    // a later one means a new window (its `r` may well be below the old window's first `r`).
    const sameWindow = prev !== undefined && now < prev.resetAt && resetAt <= prev.resetAt + 1000 && r <= prev.anchorRemaining;
    const anchorRemaining = sameWindow ? prev.anchorRemaining : r;
    const anchorAt = sameWindow ? prev.anchorAt : now;
    if (now - anchorAt >= MIN_RATE_SPAN_MS) this.rates.set(key, (anchorRemaining - r) / (now - anchorAt));
    this.views.set(key, { anchorRemaining, anchorAt, remaining: r, observedAt: now, resetAt, sentSince: 0 });
  }

  /**
   * How long to wait before the next call with `key` (0 when the predicted quota allows it). Call
   * it once per call: a 0 counts the call as sent.
   */
  waitMs(key: string): number {
    const v = this.views.get(key);
    if (!v) return 0;
    const now = this.now();
    if (now >= v.resetAt) {
      this.views.delete(key);
      return 0;
    }
    if (this.predictedSpare(key, v, now) > 0) {
      v.sentSince++;
      return 0;
    }
    return Math.min(v.resetAt - now + RESET_MARGIN_MS, this.maxWaitMs);
  }

  /** Forgets a key's window after waiting it out (the consumption rate is kept). */
  reset(key: string): void {
    this.views.delete(key);
  }

  /** Requests this worker may still send in the window before it must wait. */
  private predictedSpare(key: string, v: KeyView, now: number): number {
    const rate = this.rates.get(key);
    const othersSince = rate === undefined ? 0 : rate * (now - v.observedAt);
    const spare = v.remaining - v.sentSince - othersSince - this.reserve;
    return Math.min(spare, (v.remaining - this.reserve) / this.clients - v.sentSince);
  }
}
