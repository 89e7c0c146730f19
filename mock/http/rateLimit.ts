// Per-key fixed-window rate limiter. A window starts at a key's first request and lasts
// `windowSeconds`; `quota` requests fit in it. Every partner response of a known key carries
// `RateLimit-Policy: "default";q=<quota>;w=<window>` and `RateLimit: "default";r=<remaining>;t=<reset>`
// (IETF httpapi draft form); a refused request gets 429 with an integer Retry-After ≥ 1.

import type { WindowLimit } from '../config';

interface Window {
  start: number;
  count: number;
}

export interface RateState {
  readonly allowed: boolean;
  readonly quota: number;
  readonly remaining: number;
  /** Whole seconds until the window resets, ≥ 1. */
  readonly resetSeconds: number;
  readonly windowSeconds: number;
}

export class RateLimiter {
  private windows = new Map<string, Window>();

  /**
   * Counts one request of `key` and says whether it fits in the window. `slack` lets that many
   * requests more through than the quota the headers announce (a fault: an off-by-one boundary).
   */
  take(key: string, limit: WindowLimit, now: number, enforce = true, slack = 0): RateState {
    const w = this.current(key, limit, now);
    const allowed = !enforce || w.count < limit.quota + slack;
    if (allowed) w.count++;
    return this.state(w, limit, now, allowed);
  }

  /** The state of `key`'s window without counting a request. */
  peek(key: string, limit: WindowLimit, now: number): RateState {
    return this.state(this.current(key, limit, now), limit, now, true);
  }

  reset(): void {
    this.windows = new Map();
  }

  private current(key: string, limit: WindowLimit, now: number): Window {
    const windowMs = limit.windowSeconds * 1000;
    let w = this.windows.get(key);
    if (!w) {
      w = { start: now, count: 0 };
      this.windows.set(key, w);
    } else if (now - w.start >= windowMs || now < w.start) {
      w.start = now;
      w.count = 0;
    }
    return w;
  }

  private state(w: Window, limit: WindowLimit, now: number, allowed: boolean): RateState {
    const leftMs = w.start + limit.windowSeconds * 1000 - now;
    return {
      allowed,
      quota: limit.quota,
      remaining: Math.max(0, limit.quota - w.count),
      resetSeconds: Math.max(1, Math.ceil(leftMs / 1000)),
      windowSeconds: limit.windowSeconds,
    };
  }
}

/** The state shown before a key is known (401): a full, fresh window of the default limit. */
export function anonymousRate(limit: WindowLimit): RateState {
  return {
    allowed: true,
    quota: limit.quota,
    remaining: limit.quota,
    resetSeconds: Math.max(1, Math.ceil(limit.windowSeconds)),
    windowSeconds: limit.windowSeconds,
  };
}

export function policyHeader(s: RateState): string {
  return `"default";q=${s.quota};w=${Math.max(1, Math.ceil(s.windowSeconds))}`;
}

export function rateLimitHeader(s: RateState): string {
  return `"default";r=${s.remaining};t=${s.resetSeconds}`;
}
