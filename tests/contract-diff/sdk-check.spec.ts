// The SDK check with the real generator: the consumer program compiles against the SDK generated
// from the contract and runs the canonical flow against the bundled mock; a head contract that
// renames an operation makes the base consumer fail to compile against the head SDK.

import { rmSync } from 'node:fs';
import { test, expect } from '@playwright/test';
import { checkSdk } from '../../scripts/sdkCheck/index';
import { createMockServer } from '../../mock/server';
import { API_TEXT, pairSources, set } from './fixtures';

// Generation, two compiles and a child process; measured by `npm run bench:contract-diff`.
test.setTimeout(180_000);

const roots: string[] = [];
const root = (name: string) => {
  roots.push(`.sdk/test-${name}-${process.pid}`);
  return roots.at(-1)!;
};
test.afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

test('the consumer compiles against the generated SDK and runs the canonical flow against the mock', async () => {
  const mock = await createMockServer({ readEnv: false, port: 0, queuedMs: 40, runningMs: 60 });
  try {
    const r = await checkSdk({
      head: { label: 'working tree', api: API_TEXT },
      target: { baseUrl: mock.baseUrl, key: mock.keys.write!, namespace: `sdkt${Date.now().toString(36)}` },
      root: root('run'),
    });
    expect(r.head.compile.diagnostics).toEqual([]);
    expect(r.run?.detail).toMatchObject({ ok: true, errorCode: 'EVENT_NOT_FOUND' });
    expect(r.run!.detail.steps).toEqual([
      'getAuth',
      'createEvent',
      'importAttendees',
      'getRun',
      'runMatching',
      'listMatches',
      'error envelope',
    ]);
    expect(Number(r.run!.detail.pages)).toBeGreaterThan(1);
    expect(r.ok).toBe(true);
    expect(r.unexpressible.map((u) => u.construct)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/unevaluatedProperties/),
        expect.stringMatching(/x-meshi-alias/),
        expect.stringMatching(/generic-responses/),
      ]),
    );
  } finally {
    await mock.close();
  }
});

test('a head contract renaming an operation: the base consumer no longer compiles (source break, with the compiler message)', async () => {
  const { head } = pairSources({ head: set(['paths', '/runs/{run_id}', 'get', 'operationId'], 'fetchRun') });
  const r = await checkSdk({
    base: { label: 'contract', api: API_TEXT },
    head: { label: 'renamed', api: head.api },
    target: null,
    root: root('rename'),
  });
  expect(r.base!.compile.diagnostics, 'the consumer compiles against the base SDK').toEqual([]);
  expect(r.base!.againstHead.ok).toBe(false);
  expect(r.base!.againstHead.diagnostics.join('\n')).toMatch(/sdk\/consumer\/flow\.ts\(\d+,\d+\): error TS\d+: .*getRun/);
  expect(r.ok).toBe(false);
});
