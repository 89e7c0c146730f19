// The test API of the conformance suites:
//   import { test, expect, proves } from './fixtures';
//   test(...proves('EVT-01'), async ({ meshi, ns }) => { … });
// Fixtures: `target` (the configuration), `ns` (namespaced partner IDs), `meshi` (write key),
// `meshiRead`, `meshiOrgB`, `meshiRateLimit`, `meshiWithKey(key)`, `mockAdmin`. Tests tagged with a
// profile (by proves()) skip as `not exercised: …` when the profile is unavailable; a retry runs
// only after a transient attempt (harness/http/transient.ts).

import { test as base, expect, type TestInfo } from '@playwright/test';
import { MockAdmin } from '../world/admin';
import { dataOnlySink, MeshiClient, type ClientContext } from '../http/client';
import {
  getConfig,
  KEY_ENV,
  PROFILES,
  profileUnavailableReason,
  type HarnessConfig,
  type KeyName,
  type ProfileName,
} from '../settings/config';
import { Namespace } from '../world/namespace';
import { Pacer } from '../http/pacer';
import { Redactor } from '../http/redact';
import { SentRegistry } from '../http/sentRegistry';
import { finding, noteFinding } from '../verdicts/findings';
import { attemptWasTransient, previousAttemptErrors, previousAttemptWasTransient, recordFailedAttempt } from '../http/transient';
import { attachLedger, UniversalLedger } from '../checks/universalLedger';

export { expect };
export { proves, guarantee } from '../verdicts/guarantees';
export { pollRun } from '../world/pollRun';
export type { MeshiClient, MeshiResponse, CallOptions } from '../http/client';

export interface HarnessTestFixtures {
  /** The client with the write key (MESHI_PARTNER_KEY). */
  meshi: MeshiClient;
  /** The read-only key (skips the test when MESHI_PARTNER_READ_KEY is not configured). */
  meshiRead: MeshiClient;
  /** A write key of a second org (skips without MESHI_PARTNER_KEY_ORG_B). */
  meshiOrgB: MeshiClient;
  /** The key with the tiny rate-limit window (skips without MESHI_RATE_LIMIT_KEY). */
  meshiRateLimit: MeshiClient;
  /** A client with any key: a configured key name (`read`, `disabled`, …), a literal value, or null (no Authorization). */
  meshiWithKey: (key: KeyName | (string & {}) | null) => MeshiClient;
  /** The bundled mock's admin API, or null on any other target. */
  mockAdmin: MockAdmin | null;
  /** The per-test client context (request context, recorder, registry). */
  clientContext: ClientContext;
  /** Auto: skips tests whose profile tags are unavailable. */
  profileGate: void;
  /** The universal ledger of this test (attached at its end for the reporter). */
  ledger: UniversalLedger;
  /** Auto: on a retry, runs only when the previous attempt ended transiently. */
  transientGate: void;
  /** Auto: a test that crashed (or timed out) leaves a `harness-error` finding. */
  crashFindings: void;
}

export interface HarnessWorkerFixtures {
  /** The harness configuration (MESHI_* settings). */
  target: HarnessConfig;
  /** Partner IDs namespaced by run and worker. */
  ns: Namespace;
  sentRegistry: SentRegistry;
  redactor: Redactor;
  pacer: Pacer;
}

/** Skips the test (as `not exercised: …`) unless every profile is available. */
export function requireProfiles(testInfo: TestInfo, ...profiles: ProfileName[]): void {
  const config = getConfig();
  for (const p of profiles) {
    const reason = profileUnavailableReason(config, p);
    if (reason) testInfo.skip(true, reason);
  }
}

/** Why a test with these tags cannot run against this configuration (`not exercised: …`), or null. */
export function profileSkipReason(config: HarnessConfig, tags: readonly string[]): string | null {
  for (const p of profileTags(tags)) {
    const reason = profileUnavailableReason(config, p);
    if (reason) return reason;
  }
  return null;
}

/**
 * The errors of a finished attempt that are the harness's own, not the target's: a JavaScript error
 * other than an assertion's (TypeError, ReferenceError…), a `[HARNESS]` error, a timeout. Each is
 * one `harness-error` finding: the guarantees the test was judging end in `error`, never failed
 * and never passed. An assertion (`expect`, a `[ID]` violation) is not a crash.
 */
export function crashesOf(testInfo: Pick<TestInfo, 'status' | 'errors' | 'timeout' | 'duration'>): string[] {
  const out: string[] = [];
  if (testInfo.status === 'timedOut') out.push(`the test timed out (${testInfo.timeout} ms) before it could judge its guarantees`);
  for (const e of testInfo.errors) {
    const text = (e.message ?? e.value ?? '').split('\n')[0]!;
    if (
      /^(?:TypeError|ReferenceError|RangeError|SyntaxError|EvalError|URIError|AggregateError|InternalError):/.test(text) ||
      /^(?:[A-Za-z]*Error:\s*)?\[HARNESS\]/.test(text)
    )
      out.push(text);
  }
  return out;
}

/** The profile tags of a test (`@read-key` → `read-key`). */
export function profileTags(tags: readonly string[]): ProfileName[] {
  return tags.map((t) => t.replace(/^@/, '')).filter((t): t is ProfileName => (PROFILES as readonly string[]).includes(t));
}

function keyedClient(ctx: ClientContext, testInfo: TestInfo, key: KeyName): MeshiClient {
  if (!ctx.config.keys[key]) testInfo.skip(true, `not exercised: no ${KEY_ENV[key]}`);
  return new MeshiClient(ctx, { key });
}

export const test = base.extend<HarnessTestFixtures, HarnessWorkerFixtures>({
  target: [
    async ({}, use) => {
      await use(getConfig());
    },
    { scope: 'worker' },
  ],
  redactor: [
    async ({ target }, use) => {
      const r = Redactor.fromKeys(target.keys);
      await use(r);
    },
    { scope: 'worker' },
  ],
  sentRegistry: [
    async ({}, use) => {
      await use(new SentRegistry(getConfig().sentRegistry));
    },
    { scope: 'worker' },
  ],
  pacer: [
    async ({ target }, use, workerInfo) => {
      // Every worker of every shard shares each key's quota (MESHI_SHARDS × workers).
      await use(new Pacer({ clients: target.shards * workerInfo.config.workers }));
    },
    { scope: 'worker' },
  ],
  ns: [
    async ({ target }, use, workerInfo) => {
      await use(new Namespace(target.runNamespace, workerInfo.workerIndex));
    },
    { scope: 'worker' },
  ],

  profileGate: [
    async ({ target }, use, testInfo) => {
      const reason = profileSkipReason(target, testInfo.tags);
      if (reason) testInfo.skip(true, reason);
      await use();
    },
    { auto: true },
  ],
  transientGate: [
    async ({}, use, testInfo) => {
      if (testInfo.retry > 0) {
        if (previousAttemptWasTransient(testInfo)) {
          testInfo.annotations.push({
            type: 'transient-retry',
            description: `attempt ${testInfo.retry + 1}: re-run because attempt ${testInfo.retry} ended transiently`,
          });
        } else {
          // Fail (not skip: a skipped retry makes Playwright call the test flaky), repeating the errors.
          const previous = previousAttemptErrors(testInfo);
          recordFailedAttempt(testInfo, previous); // carried forward to any later attempt
          throw new Error(
            `not retried: attempt ${testInfo.retry} failed for a non-transient reason (only transient failures are retried)` +
              (previous.length ? `; its errors:\n${previous.join('\n')}` : ''),
          );
        }
      }
      await use();
      if (testInfo.errors.length > 0 && !attemptWasTransient(testInfo)) {
        recordFailedAttempt(testInfo, testInfo.errors.map((e) => (e.message ?? String(e.value ?? '')).split('\n')[0]!).slice(0, 20));
      }
    },
    { auto: true },
  ],

  crashFindings: [
    async ({}, use, testInfo) => {
      await use();
      if (testInfo.status === 'skipped' || testInfo.status === 'passed' || attemptWasTransient(testInfo)) return;
      for (const message of crashesOf(testInfo))
        noteFinding(testInfo, finding({ kind: 'harness-error', guarantee: null, check: 'test', message }));
    },
    { auto: true },
  ],

  ledger: async ({}, use, testInfo) => {
    const ledger = new UniversalLedger();
    await use(ledger);
    await attachLedger(testInfo, ledger);
  },

  clientContext: async ({ request, target, redactor, sentRegistry, ns, pacer, ledger }, use, testInfo) => {
    await use({
      request,
      config: target,
      testInfo,
      redactor,
      registry: sentRegistry,
      sink: dataOnlySink,
      ledger,
      correlationPrefix: `ct-${ns.prefix.replace(/-$/, '')}`,
      pacer,
    });
  },
  meshi: async ({ clientContext }, use, testInfo) => {
    if (!clientContext.config.rootUrl)
      throw new Error('[HARNESS] no target: set MESHI_BASE_URL, or run the conformance project so globalSetup starts the bundled mock');
    await use(keyedClient(clientContext, testInfo, 'write'));
  },
  meshiRead: async ({ clientContext }, use, testInfo) => {
    await use(keyedClient(clientContext, testInfo, 'read'));
  },
  meshiOrgB: async ({ clientContext }, use, testInfo) => {
    await use(keyedClient(clientContext, testInfo, 'orgB'));
  },
  meshiRateLimit: async ({ clientContext }, use, testInfo) => {
    if (clientContext.config.production) testInfo.skip(true, 'not exercised: exhausting a rate limit is never done against production');
    await use(keyedClient(clientContext, testInfo, 'rateLimit'));
  },
  meshiWithKey: async ({ clientContext }, use) => {
    await use((key) => new MeshiClient(clientContext, { key }));
  },
  mockAdmin: async ({ target }, use) => {
    await use(target.adminUrl ? new MockAdmin(target.adminUrl) : null);
  },
});
