// Lifecycle hooks of one mock app: plugins with their own state (timers, caches) register here to
// be cleared by POST /__mock/reset and stopped when the server closes.

import type { MockApp } from './app';

interface Hooks {
  readonly reset: (() => void)[];
  readonly close: (() => void)[];
}

const hooks = new WeakMap<MockApp, Hooks>();

function of(app: MockApp): Hooks {
  let h = hooks.get(app);
  if (!h) {
    h = { reset: [], close: [] };
    hooks.set(app, h);
  }
  return h;
}

/** Runs `fn` on POST /__mock/reset (after the store is cleared). */
export function onReset(app: MockApp, fn: () => void): void {
  of(app).reset.push(fn);
}

/** Runs `fn` when the server closes. */
export function onClose(app: MockApp, fn: () => void): void {
  of(app).close.push(fn);
}

export function runResetHooks(app: MockApp): void {
  for (const fn of of(app).reset) fn();
}

export function runCloseHooks(app: MockApp): void {
  for (const fn of of(app).close) fn();
}
