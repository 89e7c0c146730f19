// `runProperty`: the one way a property runs inside a Playwright test — the budget's runs, an
// explicit size, a time limit below the test timeout, the run's seed (and MESHI_FC_PATH for replay).
// An interrupted run is never a pass; a failure throws with its replay command.

import fc from 'fast-check';
import type { TestInfo } from '@playwright/test';
import { getConfig } from '../settings/config';
import { BlockedError, TransientError } from '../verdicts/errors';
import { insideProperty } from '../verdicts/preconditions';
import { markTransientAttempt } from '../http/transient';
import { pathFromEnv, propertyBudget, replayPathFromEnv, type PropertyBudget } from './budget';
import { PropertySession } from './client';
import { errorText, failureMessage, failureReport } from './replay';

export interface RunPropertyOptions<Ts> {
  /** Runs under the default budget. */
  readonly numRuns: number;
  /** Runs under the nightly budget (default numRuns × the budget's factor). */
  readonly nightlyRuns?: number;
  /** fast-check baseSize (default: the budget's size). */
  readonly size?: fc.Size;
  /** Upper bound on the time the property may take (default and cap: the time left in the test minus a reserve). */
  readonly timeLimitMs?: number;
  /** Values tried first (e.g. the documented boundaries). */
  readonly examples?: Ts[];
  /** The session whose call log is attached on failure (defaults to the `props` fixture's). */
  readonly session?: PropertySession;
}

type AnyProperty<Ts> = fc.IAsyncProperty<Ts> | fc.IAsyncPropertyWithHooks<Ts>;

const startedAt = new WeakMap<TestInfo, number>();
const sessions = new WeakMap<TestInfo, PropertySession>();

/** Starts a property test's clock (time limits count from here). */
export function startPropertyClock(testInfo: TestInfo): void {
  startedAt.set(testInfo, Date.now());
}

/** The session whose call log runProperty attaches when no session is passed. */
export function registerSession(testInfo: TestInfo, session: PropertySession): void {
  sessions.set(testInfo, session);
}

/** Time reserved at the end of a test for reporting after the property stops. */
function reserveMs(timeout: number): number {
  return Math.max(3_000, Math.round(timeout * 0.15));
}

/** The time the property may take: what is left of the test minus the reserve (at least 1 s). */
function timeLimitOf(testInfo: TestInfo, budget: PropertyBudget, requested: number | undefined): number {
  const start = startedAt.get(testInfo) ?? Date.now();
  const timeout = testInfo.timeout > 0 ? testInfo.timeout : budget.testTimeoutMs;
  const left = timeout - (Date.now() - start) - reserveMs(timeout);
  return Math.max(1_000, Math.min(requested ?? left, left));
}

/**
 * The property with run() wrapped: a fresh call log per execution, kept when the execution fails.
 * Once an execution ends blocked or transient there is nothing to shrink (the value did not cause
 * it): every later execution is skipped at once, so fast-check's shrinking costs no requests and
 * the first blocked or transient error is the one reported.
 */
function withExecutionLog<Ts>(property: AnyProperty<Ts>, session: PropertySession): fc.IAsyncProperty<Ts> {
  const inner = property as fc.IAsyncProperty<Ts>;
  let stopped = false;
  return new Proxy(inner, {
    get(target, key, receiver) {
      if (key === 'run') {
        return async (v: Ts) => {
          if (stopped) return new fc.PreconditionFailure();
          session.beginExecution();
          const r = await target.run(v);
          if (r !== null && !fc.PreconditionFailure.isFailure(r)) {
            session.noteFailure();
            const error = (r as { error?: unknown }).error;
            if (error instanceof BlockedError || error instanceof TransientError) stopped = true;
          }
          return r;
        };
      }
      const value = Reflect.get(target, key, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as fc.IAsyncProperty<Ts>;
}

/** fc.check with `size` set for this check only (a global parameter in fast-check 4). */
async function checkWithSize<Ts>(property: fc.IAsyncProperty<Ts>, params: fc.Parameters<Ts>, size: fc.Size): Promise<fc.RunDetails<Ts>> {
  const globals = fc.readConfigureGlobal();
  fc.configureGlobal({ ...globals, baseSize: size });
  try {
    return await insideProperty(() => fc.check(property, params));
  } finally {
    fc.configureGlobal(globals);
  }
}

/** Runs a property; throws on failure (see failureMessage) and on interruption. */
export async function runProperty<Ts extends [unknown, ...unknown[]]>(
  testInfo: TestInfo,
  name: string,
  property: AnyProperty<Ts>,
  options: RunPropertyOptions<Ts>,
): Promise<fc.RunDetails<Ts>> {
  const budget = propertyBudget();
  const path = pathFromEnv();
  const numRuns = budget.name === 'default' ? options.numRuns : (options.nightlyRuns ?? options.numRuns * budget.runsFactor);
  const size = options.size ?? budget.size;
  const timeLimit = timeLimitOf(testInfo, budget, options.timeLimitMs);
  const session = options.session ?? sessions.get(testInfo) ?? new PropertySession();
  const params: fc.Parameters<Ts> = {
    seed: getConfig().seed,
    numRuns,
    endOnFailure: path !== undefined,
    plugins: [fc.interruptAfterTimeLimit(timeLimit, { failOnInterrupt: true })],
    ...(path !== undefined ? { path } : {}),
    ...(options.examples ? { examples: options.examples } : {}),
  };
  const t0 = Date.now();
  const details = await checkWithSize(withExecutionLog(property, session), params, size);
  const elapsed = Date.now() - t0;
  testInfo.annotations.push({
    type: 'property',
    description: `${name}: ${details.failed ? 'FAILED' : 'passed'} ${details.numRuns}/${numRuns} runs, ${details.numSkips} skipped, ${details.numShrinks} shrinks, ${elapsed} ms, seed ${details.seed}, size ${size}, budget ${budget.name}`,
  });
  if (!details.failed) return details;
  if (details.counterexample === null) throwUnfinished(name, details, { numRuns, timeLimit, elapsed, budget });
  return throwFailure(testInfo, name, details, session, budget);
}

/** Interrupted before any failure (or too many skips): not a pass. */
function throwUnfinished<Ts>(
  name: string,
  details: fc.RunDetails<Ts>,
  run: { numRuns: number; timeLimit: number; elapsed: number; budget: PropertyBudget },
): never {
  const what = details.interrupted
    ? `was interrupted after ${details.numRuns} of ${run.numRuns} runs (time limit ${run.timeLimit} ms, ${run.elapsed} ms used)`
    : `skipped too many generated values (${details.numSkips} skips) to reach ${run.numRuns} runs`;
  const msg = `property "${name}" ${what}: the budget does not fit this target (seed ${details.seed}, budget ${run.budget.name})`;
  throw new Error(`[HARNESS] ${msg}. Lower numRuns or raise the test timeout; an interrupted property is never a pass.`);
}

/** A counterexample: blocked and transient errors keep their kind; anything else is reported with its replay. */
async function throwFailure<Ts>(
  testInfo: TestInfo,
  name: string,
  details: fc.RunDetails<Ts>,
  session: PropertySession,
  budget: PropertyBudget,
): Promise<never> {
  const error = errorText(details.errorInstance);
  if (details.errorInstance instanceof BlockedError) testInfo.skip(true, error.replace(/^\[BLOCKED\]\s*/, ''));
  if (details.errorInstance instanceof TransientError || /^\[TRANSIENT\]/.test(error)) {
    markTransientAttempt(testInfo, error);
    throw details.errorInstance instanceof TransientError ? details.errorInstance : new TransientError(error, null);
  }
  const counterexample = fc.stringify(details.counterexample);
  const report = failureReport(testInfo, {
    name,
    budget: budget.name,
    error,
    details,
    counterexample,
    replayPathFromRun: replayPathFromEnv() ?? null,
  });
  testInfo.annotations.push({ type: 'replay', description: report.replay });
  testInfo.annotations.push({
    type: 'property-failure',
    description: JSON.stringify({
      property: name,
      seed: report.seed,
      path: report.path,
      commands: report.commands,
      numShrinks: report.numShrinks,
      interrupted: report.interrupted,
    }),
  });
  await testInfo.attach(`property ${name} counterexample`, { body: JSON.stringify(report, null, 2), contentType: 'application/json' });
  if (session.failingLog.length) {
    await testInfo.attach(`property ${name} calls of the failing execution`, {
      body: JSON.stringify(session.failingLog.slice(-200), null, 2),
      contentType: 'application/json',
    });
  }
  throw new Error(failureMessage(report));
}
