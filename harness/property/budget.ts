// Property budgets and replay settings: how many runs, what size, how long a property test may take
// (MESHI_PROPERTY_BUDGET), and the counterexample paths a replay pins (MESHI_FC_PATH,
// MESHI_FC_REPLAY_PATH). Read from the harness configuration, never from the environment directly.

import type fc from 'fast-check';
import { getConfig, type HarnessConfig, type PropertySettings } from '../settings/config';

export type BudgetName = PropertySettings['budget'];

export interface PropertyBudget {
  readonly name: BudgetName;
  /** Multiplier applied to each property's default `numRuns` (unless it gives `nightlyRuns`). */
  readonly runsFactor: number;
  /** fast-check `baseSize` for arbitraries that do not set their own. */
  readonly size: fc.Size;
  /** Longest command sequence of the model-based test. */
  readonly maxCommands: number;
  /**
   * Test timeout the property specs set (ms). A passing property takes a few seconds; the room is
   * for shrinking, which re-runs a failing property many times against the target.
   */
  readonly testTimeoutMs: number;
  /** How long a model re-read of a terminal run waits after the terminal status was first seen. */
  readonly terminalSettleMs: number;
}

const BUDGETS: Readonly<Record<BudgetName, PropertyBudget>> = {
  default: { name: 'default', runsFactor: 1, size: 'small', maxCommands: 50, testTimeoutMs: 120_000, terminalSettleMs: 300 },
  nightly: { name: 'nightly', runsFactor: 10, size: 'medium', maxCommands: 100, testTimeoutMs: 900_000, terminalSettleMs: 1_000 },
};

/** The run's property budget (MESHI_PROPERTY_BUDGET, MESHI_PROPERTY_TERMINAL_SETTLE_MS). */
export function propertyBudget(config: HarnessConfig = getConfig()): PropertyBudget {
  const b = BUDGETS[config.property.budget];
  const settle = config.property.terminalSettleMs;
  return settle === null ? b : { ...b, terminalSettleMs: settle };
}

/** `MESHI_FC_PATH` (validated, `1:0:2`), or undefined. */
export function pathFromEnv(config: HarnessConfig = getConfig()): string | undefined {
  return config.property.fcPath ?? undefined;
}

/** `MESHI_FC_REPLAY_PATH` (fc.commands replayPath), or undefined. */
export function replayPathFromEnv(config: HarnessConfig = getConfig()): string | undefined {
  return config.property.fcReplayPath ?? undefined;
}
