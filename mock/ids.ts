// Meshi-issued opaque handles: `<prefix>_` + 26 Crockford base32 characters (10 of time, 16 of
// randomness, ULID-like). Never UUID-shaped: no hyphens, no 32-hex run, and nothing encoded.

import { randomFillSync } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const POOL_SIZE = 4096;
const pool = new Uint8Array(POOL_SIZE);
let poolPos = POOL_SIZE;

function randomChars(n: number): string {
  if (poolPos + n > POOL_SIZE) {
    randomFillSync(pool);
    poolPos = 0;
  }
  let out = '';
  for (let i = 0; i < n; i++) out += ALPHABET[pool[poolPos++]! & 31];
  return out;
}

function timeChars(ms: number): string {
  let out = '';
  let t = Math.max(0, Math.floor(ms));
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[t % 32] + out;
    t = Math.floor(t / 32);
  }
  return out;
}

export type IdPrefix = 'run' | 'rev' | 'corr' | 'org' | 'sa';

export function newId(prefix: IdPrefix | string, now: number = Date.now()): string {
  return `${prefix}_${timeChars(now)}${randomChars(16)}`;
}

export const runId = (now?: number) => newId('run', now);
export const reviewId = (now?: number) => newId('rev', now);
export const correlationId = (now?: number) => newId('corr', now);
export const orgId = (now?: number) => newId('org', now);
