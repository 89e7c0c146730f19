// A set-up run that ends `failed` names its cause: the test is blocked by the guarantee of the
// run's kind (IMP-05 for an import), as a typed `blocked` finding, so the reporter makes it a root
// cause; a test of that very guarantee fails by it instead.
import { test, expect } from '@playwright/test';
import { requireRunDone } from '../../harness/world/builders';
import { BlockedError, GuaranteeViolation } from '../../harness/verdicts/errors';
import { findingsIn } from '../../harness/verdicts/findings';
import { insideProperty } from '../../harness/verdicts/preconditions';

const failedImport = { run_id: 'run_1', kind: 'import', status: 'failed' };

test('a set-up import that ended failed blocks by IMP-05, as a typed finding', async ({}, testInfo) => {
  const err = await insideProperty(async () => requireRunDone('the attendee import', failedImport)).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(BlockedError);
  expect((err as Error).message).toMatch(/blocked by IMP-05: the attendee import: the import run run_1 ended failed/);
  const blocks = findingsIn(testInfo.annotations).filter((f) => f.kind === 'blocked');
  expect(blocks).toEqual([
    expect.objectContaining({ guarantee: 'IMP-05', observed: 'run ended failed', expected: 'succeeded or partial' }),
  ]);
});

test(
  'a test of IMP-05 itself fails by it instead of being blocked',
  { annotation: [{ type: 'guarantee', description: 'IMP-05' }] },
  async () => {
    expect(() => requireRunDone('the import', failedImport)).toThrow(GuaranteeViolation);
  },
);

test('a run that delivered its results passes', () => {
  for (const status of ['succeeded', 'partial']) expect(() => requireRunDone('x', { ...failedImport, status })).not.toThrow();
});
