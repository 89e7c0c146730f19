// The fixtures' gates: tests tagged with an unavailable profile skip as "not exercised: …";
// named clients skip without their key.
import { expect } from '@playwright/test';
import { loadConfig } from '../../harness/settings/config';
import { crashesOf, profileSkipReason, proves, test as harnessTest } from '../../harness/run/fixtures';
import { allGuarantees } from '../../harness/verdicts/guarantees';

const noExtraKeys = loadConfig({
  MESHI_BASE_URL: 'http://127.0.0.1:9',
  MESHI_PARTNER_KEY: 'sk_unit_write_0123456789',
  MESHI_RUN_NAMESPACE: 'ctunit',
});

harnessTest('profileSkipReason names the missing variable, or null', () => {
  expect(profileSkipReason(noExtraKeys, ['@documented', '@MUST'])).toBeNull();
  expect(profileSkipReason(noExtraKeys, ['@writes'])).toBeNull();
  expect(profileSkipReason(noExtraKeys, ['@writes', '@second-org'])).toBe('not exercised: no MESHI_PARTNER_KEY_ORG_B');
  expect(profileSkipReason(noExtraKeys, ['@disabled-key'])).toBe('not exercised: no MESHI_DISABLED_KEY');
});

// A test declared with a guarantee needing a key this configuration lacks is skipped by the auto fixture.
const gated = harnessTest.extend({ target: [async ({}, use) => use(noExtraKeys), { scope: 'worker' }] });
const needsOrgB = allGuarantees().find((g) => g.profiles.includes('second-org'))!;
gated.describe('gated tests', () => {
  gated.afterEach(async ({}, testInfo) => {
    expect(testInfo.status, 'the gated test must have been skipped').toBe('skipped');
    const skip = testInfo.annotations.find((a) => a.type === 'skip');
    expect(skip?.description, 'skipped as not exercised, naming the variable').toMatch(
      /^not exercised: no MESHI_PARTNER_(KEY_ORG_B|READ_KEY)$/,
    );
  });
  gated(...proves(needsOrgB.id), async () => {
    throw new Error('a test needing an unavailable profile must not run');
  });
  gated('a named client without its key skips the test', async ({ meshiRead }) => {
    void meshiRead;
    throw new Error('meshiRead without MESHI_PARTNER_READ_KEY must skip before the body');
  });
});

harnessTest("a crash is the harness's own error: JavaScript errors, [HARNESS] errors and timeouts; never an assertion", () => {
  const info = (status: 'failed' | 'timedOut', ...messages: string[]) => ({
    status,
    timeout: 60_000,
    duration: 1,
    errors: messages.map((message) => ({ message })),
  });
  expect(crashesOf(info('failed', "TypeError: Cannot read properties of undefined (reading 'x')"))).toEqual([
    "TypeError: Cannot read properties of undefined (reading 'x')",
  ]);
  expect(crashesOf(info('failed', 'Error: [HARNESS] contract precondition failed: three fields'))).toHaveLength(1);
  expect(crashesOf(info('timedOut'))).toEqual(['the test timed out (60000 ms) before it could judge its guarantees']);
  expect(
    crashesOf(
      info(
        'failed',
        'Error: [EVT-01] create answered 200\n\nExpected: 201',
        'Error: expect(received).toBe(expected)',
        'GuaranteeViolation: [RUN-02] never terminal',
        'TransientError: [TRANSIENT] 503',
      ),
    ),
  ).toEqual([]);
});
