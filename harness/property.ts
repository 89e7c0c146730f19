// Property-based testing inside Playwright Test (fast-check 4): budgets, the property client and
// `runProperty`, the one way a spec in specs/properties runs a property.
//
//   import { test, expect, proves } from '../../harness/property';
//   test(...proves('PAGE-01'), async ({ props }, testInfo) => {
//     await runProperty(testInfo, 'walk', fc.asyncProperty(arb, async (v) => { … props.client.call(…) … }), { numRuns: 8 });
//   });
//
// * Budgets (`MESHI_PROPERTY_BUDGET`): `default` keeps `npm test` fast; `nightly` multiplies the
//   runs, grows `size` and sequences, and raises the test timeout. Every property sets `size`
//   explicitly and `interruptAfterTimeLimit` below the time left in the test; an interrupted run is
//   a failure (a budget that does not fit the target), except when the target's rate limit made
//   the run wait, which is reported as transient.
// * Replay: `MESHI_SEED` (pinned per run by globalSetup, shared by every property of the run),
//   `MESHI_FC_PATH` (the counterexample path: replays only the minimal counterexample) and, for
//   model-based tests, `MESHI_FC_REPLAY_PATH` (fc.commands' replayPath). A failure puts the seed,
//   path, shrunk counterexample and a one-line replay command in the error message, in a JSON
//   attachment and in a `replay` annotation. `npm run replay -- --seed N --path P --test "title"`
//   (scripts/replay.ts) does the same against any target.
// * The property client: the typed MeshiClient (every universal check runs on every generated
//   request) whose violations throw inside the property, so fast-check sees them and shrinks.
//   It records nothing per call (a property makes hundreds of calls): it keeps a compact log of the
//   last failing execution instead, attached on failure. A 429 the property did not ask for is
//   checked (envelope and Retry-After come from the universal checks) and then waited out.

import fc from 'fast-check';
import type { TestInfo } from '@playwright/test';
import { test as base, expect } from './fixtures';
import { MeshiClient, type CallOptions, type ClientContext, type MeshiResponse } from './client';
import { insideProperty } from './preconditions';
import { BlockedError, GuaranteeViolation, TransientError } from './errors';
import { getConfig, KEY_ENV, type HarnessConfig, type KeyName, type PropertySettings } from './config';
import { markTransientAttempt, parseRetryAfter } from './transient';
import { replayCommand, runContextOf, splitFaults } from './reproduce';
import { setting } from './settings';
import { shellQuote } from './redact';
import { pollRun, type PollOptions, type PollResult } from './pollRun';
import type { Namespace } from './namespace';
import type { Pacer } from './pacer';

export { expect };
export { proves } from './fixtures';

// ---------------------------------------------------------------------------------------------
// Budgets

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

/**
 * Polling for properties: a run is seen terminal soon after it gets there (the model re-reads it
 * later to prove it stays so), without spending the key's rate limit on needless reads.
 */
export const FAST_POLL = { intervalsMs: [100, 150, 200, 300, 500, 800], confirmTerminal: false } as const;

/** FAST_POLL plus pollRun's immediate re-read of the terminal run (RUN-03 on the spot). */
export const FAST_POLL_CONFIRMED = { ...FAST_POLL, confirmTerminal: true } as const;

/**
 * pollRun for a run just created (its 202 said queued): waits the first interval before the first
 * read instead of reading at once.
 */
export async function pollNew(client: MeshiClient, runId: string, options: PollOptions = FAST_POLL): Promise<PollResult> {
  await sleep(options.intervalsMs?.[0] ?? 0);
  return pollRun(client, runId, options);
}

// ---------------------------------------------------------------------------------------------
// The property client

/** One call of the current execution (compact; the failing execution's log is attached). */
export interface PropertyCall {
  readonly n: number;
  readonly key: string;
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly code: string | null;
  readonly sentCorrelationId: string | null;
  readonly ms: number;
}

/** State shared by every property client of one test. */
export class PropertySession {
  /** The calls of the current execution. */
  log: PropertyCall[] = [];
  /** The calls of the last failing execution (attached on failure). */
  failingLog: PropertyCall[] = [];
  calls = 0;
  /** Total time spent waiting out 429s the property did not ask for. */
  rateLimitWaitMs = 0;
  rateLimitWaits = 0;
  /** Calls stop waiting out 429s past this instant (ms since epoch). */
  deadline = Number.POSITIVE_INFINITY;

  constructor(
    /** The harness pacer (RateLimit-header pacing), applied by the property client itself. */
    readonly pacer: Pacer | null = null,
    /** The running test, whose timeout grows by every wait. */
    readonly testInfo: TestInfo | null = null,
  ) {}

  /** Waits for a rate-limit window (counted; the test timeout grows by the wait). Throws TransientError past the deadline. */
  async waitForRateLimit(ms: number, why: string): Promise<void> {
    if (Date.now() + ms > this.deadline) {
      throw new TransientError(`rate limit of the harness's own key: waiting ${ms} ms (${why}) does not fit the property's time budget`, 429);
    }
    this.rateLimitWaits++;
    this.rateLimitWaitMs += ms;
    if (this.testInfo && this.testInfo.timeout > 0) this.testInfo.setTimeout(this.testInfo.timeout + ms);
    await sleep(ms);
  }

  beginExecution(): void {
    this.log = [];
  }

  noteFailure(): void {
    this.failingLog = this.log;
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * The client for properties: the harness client plus a compact call log of each execution (attached
 * when it fails) and key rotation for reads. Universal violations are data in the test's ledger,
 * like everywhere else; a 429 the call did not expect is waited out by the base client.
 */
export class PropertyClient extends MeshiClient {
  private turn = 0;

  constructor(
    ctx: ClientContext,
    defaults: MeshiClient['defaults'],
    readonly session: PropertySession,
    /**
     * Keys of one org taken in turn by calls that name no key (reads spread over the org's keys,
     * so a property's reads do not exhaust one key's rate limit). Empty: the default key.
     */
    readonly rotation: readonly KeyName[] = [],
  ) {
    super(ctx, defaults);
  }

  override withKey(key: KeyName | (string & {}) | null): PropertyClient {
    return new PropertyClient(this.ctx, { ...this.defaults, key }, this.session);
  }

  override get alias(): PropertyClient {
    return new PropertyClient(this.ctx, { ...this.defaults, base: 'alias' }, this.session, this.rotation);
  }

  override get setup(): PropertyClient {
    return new PropertyClient(this.ctx, { ...this.defaults, setup: true }, this.session, this.rotation);
  }

  /** The same client on the current base (undoes `alias`). */
  get current(): PropertyClient {
    return new PropertyClient(this.ctx, { ...this.defaults, base: 'current' }, this.session, this.rotation);
  }

  override async call<T = any>(operationId: string, opts: CallOptions = {}): Promise<MeshiResponse<T>> {
    const s = this.session;
    if (opts.key === undefined && this.rotation.length > 0) opts = { ...opts, key: this.rotation[this.turn++ % this.rotation.length]! };
    const key = opts.key !== undefined ? opts.key : this.defaults.key;
    const started = performance.now();
    // Pacing and 429 waits are the base client's (one place); universal violations go to the ledger.
    const res = await super.call<T>(operationId, opts);
    const body = res.body as { code?: unknown } | undefined;
    s.calls++;
    s.log.push({
      n: s.calls,
      key: String(key ?? 'none'),
      method: res.method,
      url: res.url,
      status: res.status,
      code: res.status >= 400 && body && typeof body.code === 'string' ? body.code : null,
      sentCorrelationId: res.sentCorrelationId,
      ms: Math.round(performance.now() - started),
    });
    if (s.log.length > 400) s.log.splice(0, s.log.length - 400);
    return res;
  }
}

// ---------------------------------------------------------------------------------------------
// runProperty

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

export interface PropertyFailureReport {
  readonly property: string;
  readonly test: string;
  readonly seed: number;
  readonly path: string | null;
  readonly replayPath: string | null;
  readonly counterexample: string;
  /** Commands in the shrunk sequence (model-based tests), else null. */
  readonly commands: number | null;
  readonly numRuns: number;
  readonly numShrinks: number;
  readonly interrupted: boolean;
  readonly error: string;
  readonly replay: string;
  readonly npmReplay: string;
  readonly budget: BudgetName;
}

const startedAt = new WeakMap<TestInfo, number>();
const sessions = new WeakMap<TestInfo, PropertySession>();

/** Time reserved at the end of a test for reporting after the property stops. */
function reserveMs(timeout: number): number {
  return Math.max(3_000, Math.round(timeout * 0.15));
}

const ANSI = /\u001b\[[0-9;]*m/g;

export function errorText(e: unknown): string {
  if (e instanceof Error) return (e.message || String(e)).replace(ANSI, '');
  return String(e).replace(ANSI, '');
}

/** The spec file relative to the project root (for replay commands). */
function relativeFile(testInfo: TestInfo): string {
  const root = testInfo.config.rootDir;
  const f = testInfo.file;
  const cut = f.indexOf('/specs/');
  if (cut >= 0) return f.slice(cut + 1);
  return f.startsWith(root) ? f.slice(root.length + 1) : f;
}

/** The replay line of a property failure: the run's settings plus the counterexample's path. */
export function propertyReplayCommand(p: { seed: number; path: string | null; replayPath: string | null; file: string; title: string }): string {
  const env: Record<string, string> = {};
  if (p.path) env.MESHI_FC_PATH = p.path;
  if (p.replayPath) env.MESHI_FC_REPLAY_PATH = p.replayPath;
  return replayCommand({ ...runContextOf(getConfig(), splitFaults(setting('MESHI_MOCK_FAULTS'))), seed: p.seed }, { file: p.file, title: p.title, env });
}

export function npmReplayCommand(p: { seed: number; path: string | null; replayPath: string | null; title: string }): string {
  const parts = ['npm run replay --', '--seed', String(p.seed)];
  if (p.path) parts.push('--path', p.path);
  if (p.replayPath) parts.push('--replay-path', shellQuote(p.replayPath));
  parts.push('--test', shellQuote(p.title));
  return parts.join(' ');
}

/** fc.commands prints `/*replayPath="…"*\/` in a counterexample. */
function replayPathOf(counterexample: string): string | null {
  const m = /\/\*replayPath="([^"]*)"\*\//.exec(counterexample);
  return m ? m[1]! : null;
}

/** The number of commands a model-based counterexample ran (fc.commands prints them comma-separated). */
function commandCount(counterexample: unknown): number | null {
  if (!Array.isArray(counterexample)) return null;
  for (const v of counterexample) {
    // fc.commands values are iterables that are not arrays, printed as `Cmd1,Cmd2 /*replayPath=…*/`.
    if (v && typeof v === 'object' && !Array.isArray(v) && Symbol.iterator in v) {
      const text = String(v).replace(/\s*\/\*replayPath=.*\*\/\s*$/, '').trim();
      if (text.startsWith('[') || text === '') continue;
      // fc.commands' toString: "Cmd1(…),Cmd2(…)" — count top-level commas.
      let depth = 0;
      let n = 1;
      for (const ch of text) {
        if ('([{'.includes(ch)) depth++;
        else if (')]}'.includes(ch)) depth--;
        else if (ch === ',' && depth === 0) n++;
      }
      return n;
    }
  }
  return null;
}

/** The first line of an error that carries a bracketed guarantee ID, else the first line. */
function headline(message: string): string {
  const lines = message.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.find((l) => /^\[[A-Z]+-\d+\]/.test(l)) ?? lines[0] ?? '(no message)';
}

/**
 * Runs a property with the budget's runs, an explicit size, a time limit below the test timeout,
 * the run's seed (and MESHI_FC_PATH for replay). Throws on failure (message: the violated
 * guarantee first, then seed, path, counterexample and the replay command) and on interruption.
 */
export async function runProperty<Ts extends [unknown, ...unknown[]]>(
  testInfo: TestInfo,
  name: string,
  property: fc.IAsyncProperty<Ts> | fc.IAsyncPropertyWithHooks<Ts>,
  options: RunPropertyOptions<Ts>,
): Promise<fc.RunDetails<Ts>> {
  const budget = propertyBudget();
  const config = getConfig();
  const seed = config.seed;
  const path = pathFromEnv();
  const numRuns = budget.name === 'default' ? options.numRuns : (options.nightlyRuns ?? options.numRuns * budget.runsFactor);
  const size = options.size ?? budget.size;
  const start = startedAt.get(testInfo) ?? Date.now();
  const timeout = testInfo.timeout > 0 ? testInfo.timeout : budget.testTimeoutMs;
  const left = timeout - (Date.now() - start) - reserveMs(timeout);
  const timeLimit = Math.max(1_000, Math.min(options.timeLimitMs ?? left, left));
  const session = options.session ?? sessions.get(testInfo) ?? new PropertySession();
  session.deadline = Date.now() + timeLimit;
  const waitsBefore = session.rateLimitWaitMs;

  // Wrap run(): a fresh call log per execution, kept when the execution fails.
  const inner = property as fc.IAsyncProperty<Ts>;
  const wrapped = new Proxy(inner, {
    get(target, key, receiver) {
      if (key === 'run') {
        return async (v: Ts) => {
          session.beginExecution();
          const r = await target.run(v);
          if (r !== null && !fc.PreconditionFailure.isFailure(r)) session.noteFailure();
          return r;
        };
      }
      const value = Reflect.get(target, key, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as fc.IAsyncProperty<Ts>;

  const params: fc.Parameters<Ts> = {
    seed,
    numRuns,
    endOnFailure: path !== undefined,
    plugins: [fc.interruptAfterTimeLimit(timeLimit, { failOnInterrupt: true })],
    ...(path !== undefined ? { path } : {}),
    ...(options.examples ? { examples: options.examples } : {}),
  };
  const t0 = Date.now();
  // `size` is a global parameter in fast-check 4: set it for this check only.
  const globals = fc.readConfigureGlobal();
  fc.configureGlobal({ ...globals, baseSize: size });
  let details: fc.RunDetails<Ts>;
  try {
    details = await insideProperty(() => fc.check(wrapped, params));
  } finally {
    fc.configureGlobal(globals);
  }
  const elapsed = Date.now() - t0;
  testInfo.annotations.push({
    type: 'property',
    description: `${name}: ${details.failed ? 'FAILED' : 'passed'} ${details.numRuns}/${numRuns} runs, ${details.numSkips} skipped, ${details.numShrinks} shrinks, ${elapsed} ms, seed ${details.seed}, size ${size}, budget ${budget.name}${session.rateLimitWaits ? `, waited ${session.rateLimitWaitMs} ms for 429s` : ''}`,
  });
  if (!details.failed) return details;

  const waitedFor429 = session.rateLimitWaitMs > waitsBefore;
  const title = testInfo.title;
  const file = relativeFile(testInfo);

  if (details.counterexample === null) {
    // Interrupted before any failure (or too many skips): not a pass.
    const what = details.interrupted
      ? `was interrupted after ${details.numRuns} of ${numRuns} runs (time limit ${timeLimit} ms, ${elapsed} ms used)`
      : `skipped too many generated values (${details.numSkips} skips) to reach ${numRuns} runs`;
    const msg = `property "${name}" ${what}: the budget does not fit this target (seed ${details.seed}, budget ${budget.name})`;
    if (details.interrupted && waitedFor429) {
      markTransientAttempt(testInfo, `${msg}; ${session.rateLimitWaitMs - waitsBefore} ms went to waiting out 429s of the harness's own key`);
      throw new TransientError(`${msg}; the target's rate limit made it wait ${session.rateLimitWaitMs - waitsBefore} ms`, 429);
    }
    throw new Error(`[HARNESS] ${msg}. Lower numRuns or raise the test timeout; an interrupted property is never a pass.`);
  }

  const error = errorText(details.errorInstance);
  if (details.errorInstance instanceof BlockedError) testInfo.skip(true, error.replace(/^\[BLOCKED\]\s*/, ''));
  if (details.errorInstance instanceof TransientError || /^\[TRANSIENT\]/.test(error)) {
    markTransientAttempt(testInfo, error);
    throw details.errorInstance instanceof TransientError ? details.errorInstance : new TransientError(error, null);
  }

  const counterexample = fc.stringify(details.counterexample);
  const replayPath = replayPathOf(counterexample) ?? replayPathFromEnv() ?? null;
  const report: PropertyFailureReport = {
    property: name,
    test: title,
    seed: details.seed,
    path: details.counterexamplePath,
    replayPath,
    counterexample,
    commands: commandCount(details.counterexample),
    numRuns: details.numRuns,
    numShrinks: details.numShrinks,
    interrupted: details.interrupted,
    error,
    replay: propertyReplayCommand({ seed: details.seed, path: details.counterexamplePath, replayPath, file, title }),
    npmReplay: npmReplayCommand({ seed: details.seed, path: details.counterexamplePath, replayPath, title }),
    budget: budget.name,
  };
  testInfo.annotations.push({ type: 'replay', description: report.replay });
  testInfo.annotations.push({
    type: 'property-failure',
    description: JSON.stringify({ property: name, seed: report.seed, path: report.path, commands: report.commands, numShrinks: report.numShrinks, interrupted: report.interrupted }),
  });
  await testInfo.attach(`property ${name} counterexample`, { body: JSON.stringify(report, null, 2), contentType: 'application/json' });
  if (session.failingLog.length) {
    await testInfo.attach(`property ${name} calls of the failing execution`, {
      body: JSON.stringify(session.failingLog.slice(-200), null, 2),
      contentType: 'application/json',
    });
  }
  const shrunk = details.interrupted ? `(shrinking interrupted by the time limit after ${details.numShrinks} shrinks)` : `(shrunk ${details.numShrinks} times)`;
  const lines = [
    headline(error),
    '',
    `property "${name}" failed after ${details.numRuns} run(s) ${shrunk}; seed ${details.seed}, path ${details.counterexamplePath}${replayPath ? `, replayPath ${replayPath}` : ''}`,
    `counterexample${report.commands !== null ? ` (${report.commands} commands)` : ''}: ${counterexample.length > 4000 ? `${counterexample.slice(0, 4000)}… (full text attached)` : counterexample}`,
    `replay: ${report.replay}`,
    `    or: ${report.npmReplay}`,
    '',
    error,
  ];
  throw new Error(lines.join('\n'));
}

// ---------------------------------------------------------------------------------------------
// The test API of property specs: the harness `test` plus a `props` fixture.

export interface PropertyKit {
  /** Write key, current base. */
  readonly client: PropertyClient;
  /** Reads: the read key when configured (three calls in four; the write key the fourth), else the write key. */
  readonly reader: PropertyClient;
  /** A client for a configured key; skips the test (`not exercised`) when that key is missing. */
  keyed(key: KeyName): PropertyClient;
  readonly ns: Namespace;
  readonly session: PropertySession;
  readonly budget: PropertyBudget;
  /** `runProperty` bound to this test. */
  run<Ts extends [unknown, ...unknown[]]>(name: string, property: fc.IAsyncProperty<Ts> | fc.IAsyncPropertyWithHooks<Ts>, options: RunPropertyOptions<Ts>): Promise<fc.RunDetails<Ts>>;
}

export const test = base.extend<{ props: PropertyKit; propertyClock: void }>({
  propertyClock: [
    async ({}, use, testInfo) => {
      startedAt.set(testInfo, Date.now());
      const budget = propertyBudget();
      if (budget.testTimeoutMs > testInfo.timeout) testInfo.setTimeout(budget.testTimeoutMs);
      await use();
    },
    { auto: true },
  ],
  props: async ({ clientContext, ns, target }, use, testInfo) => {
    if (!target.rootUrl) throw new Error('[HARNESS] no target: set MESHI_BASE_URL, or run the conformance project so globalSetup starts the bundled mock');
    const session = new PropertySession(clientContext.pacer ?? null, testInfo);
    sessions.set(testInfo, session);
    const ctx: ClientContext = {
      ...clientContext,
      // Properties make hundreds of calls: no per-call step or attachment (the failing
      // execution's compact log is attached instead); universal violations go to the test's ledger.
      testInfo: null,
      record: false,
    };
    const keyed = (key: KeyName): PropertyClient => {
      if (!target.keys[key]) testInfo.skip(true, `not exercised: no ${KEY_ENV[key]}`);
      return new PropertyClient(ctx, { key }, session);
    };
    const client = keyed('write');
    // Reads go mostly to the read key, every fourth to the write key: both keys' rate limits share the load.
    const reader = target.keys.read ? new PropertyClient(ctx, { key: 'read' }, session, ['read', 'read', 'read', 'write']) : client;
    await use({
      client,
      reader,
      keyed,
      ns,
      session,
      budget: propertyBudget(),
      run: (name, property, options) => runProperty(testInfo, name, property, { session, ...options }),
    });
  },
});
