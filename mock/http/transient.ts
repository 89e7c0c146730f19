// Configured transient failures: a seeded pseudo-random share (config.transientFailureRate) of
// reads is answered 503 SERVICE_UNAVAILABLE with Retry-After, so clients' retry paths get exercised.

import type { MockConfig } from '../config';

/** mulberry32: small, fast, deterministic for a seed. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class TransientFailures {
  private seed: number;
  private random: () => number;

  constructor(private readonly config: MockConfig) {
    this.seed = config.seed;
    this.random = mulberry32(config.seed);
  }

  /** Restarts the sequence from config.seed (after PATCH of the seed, and on reset). */
  reseed(): void {
    this.seed = this.config.seed;
    this.random = mulberry32(this.seed);
  }

  /** Whether this read fails; draws only when the rate is above 0. */
  fails(): boolean {
    const rate = this.config.transientFailureRate;
    if (!(rate > 0)) return false;
    if (this.config.seed !== this.seed) {
      this.seed = this.config.seed;
      this.random = mulberry32(this.seed);
    }
    return this.random() < rate;
  }
}
