// A run against the bundled mock cannot carry another target's label: `--target staging` without
// MESHI_BASE_URL is refused before anything runs (exit 2), so mock behaviour never reads as staging's.

import { test, expect } from '@playwright/test';
import { checkTargetLabel } from '../../reporter/deviations';
import { parseArgs, preflight } from '../../scripts/conformance';
import { runScript } from './helpers';

test('--target staging for the bundled mock is refused (exit 2); mock, and any name for a configured target, are accepted', async () => {
  const r = await runScript('scripts/conformance.ts', [
    '--target',
    'staging',
    '--report-dir',
    '/nonexistent/never-written',
    'specs/context.spec.ts',
  ]);
  expect(r.code, r.out).toBe(2);
  expect(r.out).toMatch(/configuration error: --target: "staging" names another server, but this run is against the bundled mock/);
  expect(() => preflight(parseArgs(['--target', 'staging']), {})).toThrow(/bundled mock/);
  expect(preflight(parseArgs(['--target', 'mock']), {})).toEqual({ target: 'mock' });
  expect(preflight(parseArgs(['--target', 'staging']), { MESHI_BASE_URL: 'https://api.staging.meshi.io' })).toEqual({ target: 'staging' });
  expect(() => checkTargetLabel('production', 'mock')).toThrow();
  expect(() => checkTargetLabel('other', 'staging')).not.toThrow();
});
