// The test API of property specs (specs/properties): the harness `test` plus a `props` fixture
// (clients, namespace, session, budget, `run`), and the few helpers those specs import.
//
//   import { test, expect, proves } from '../../harness/property';
//   test(...proves('PAGE-01'), async ({ props }) => {
//     await props.run('walk', fc.asyncProperty(arb, async (v) => { … props.client.call(…) … }), { numRuns: 8 });
//   });
//
// Budgets: property/budget.ts; the client and its call log: property/client.ts; running a property
// and what a failure reports: property/runProperty.ts, property/replay.ts.

import type fc from 'fast-check';
import { test as base, expect } from '../run/fixtures';
import type { ClientContext } from '../http/client';
import { KEY_ENV, type KeyName } from '../settings/config';
import type { Namespace } from '../world/namespace';
import { propertyBudget, type PropertyBudget } from './budget';
import { PropertyClient, PropertySession } from './client';
import { registerSession, runProperty, startPropertyClock, type RunPropertyOptions } from './runProperty';

export { expect };
export { proves } from '../run/fixtures';
export { replayPathFromEnv } from './budget';
export { PropertyClient } from './client';
export { FAST_POLL, FAST_POLL_CONFIRMED, pollNew } from './polling';

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
  run<Ts extends [unknown, ...unknown[]]>(
    name: string,
    property: fc.IAsyncProperty<Ts> | fc.IAsyncPropertyWithHooks<Ts>,
    options: RunPropertyOptions<Ts>,
  ): Promise<fc.RunDetails<Ts>>;
}

export const test = base.extend<{ props: PropertyKit; propertyClock: void }>({
  propertyClock: [
    async ({}, use, testInfo) => {
      startPropertyClock(testInfo);
      const budget = propertyBudget();
      if (budget.testTimeoutMs > testInfo.timeout) testInfo.setTimeout(budget.testTimeoutMs);
      await use();
    },
    { auto: true },
  ],
  props: async ({ clientContext, ns, target }, use, testInfo) => {
    if (!target.rootUrl)
      throw new Error('[HARNESS] no target: set MESHI_BASE_URL, or run the conformance project so globalSetup starts the bundled mock');
    const session = new PropertySession();
    registerSession(testInfo, session);
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
