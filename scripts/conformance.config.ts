// The Playwright configuration behind `npm run conformance` (scripts/conformance.ts) and
// `scripts/merge-conformance.ts`: playwright.config.ts's conformance project, with
//   * the specs folder from CONFORMANCE_SPECS_DIR (default specs/);
//   * the reporters: list (dot on CI), the guarantee-matrix reporter (reporter/index.ts, options
//     from CONFORMANCE_* variables), and a blob report into CONFORMANCE_BLOB_DIR when set (shards);
//   * for merge-reports (CONFORMANCE_MERGE=1) only the guarantee-matrix reporter;
//   * run metadata (namespace, seed, target) carried into blob reports.
// Paths of playwright.config.ts are relative to the repository root; they are made absolute here.

import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type PlaywrightTestConfig, type ReporterDescription } from '@playwright/test';
import { setting } from '../harness/settings';
import base from '../playwright.config';
import { cliScope, toldLimits } from '../reporter/provenance';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const env = process.env;
const abs = (p: string | undefined): string | undefined => (p === undefined ? undefined : isAbsolute(p) ? p : resolve(ROOT, p));

/** A URL without credentials, query or fragment (never carried into metadata). */
function originAndPath(u: URL | undefined): string | null {
  return u ? `${u.protocol}//${u.host}${u.pathname}` : null;
}

const reporterFile = resolve(ROOT, 'reporter/index.ts');
const conformance = base.projects?.find((p) => p.name === 'conformance');
if (!conformance) throw new Error('playwright.config.ts has no `conformance` project');

const merging = env.CONFORMANCE_MERGE === '1';
const reporters: ReporterDescription[] = merging
  ? [[reporterFile, { merged: true }]]
  : [[env.CONFORMANCE_CONSOLE_REPORTER || (env.CI ? 'dot' : 'list')], [reporterFile, {}]];
if (!merging && env.CONFORMANCE_BLOB_DIR) reporters.push(['blob', { outputDir: abs(env.CONFORMANCE_BLOB_DIR) }]);

const config: PlaywrightTestConfig = {
  ...base,
  // The repository root: reporters show files relative to it (the project's own testDir is below).
  testDir: ROOT,
  globalSetup: typeof base.globalSetup === 'string' ? abs(base.globalSetup) : base.globalSetup,
  globalTeardown: typeof base.globalTeardown === 'string' ? abs(base.globalTeardown) : base.globalTeardown,
  outputDir: abs(env.CONFORMANCE_OUTPUT_DIR || base.outputDir || 'test-results'),
  reporter: reporters,
  metadata: {
    ...(base.metadata ?? {}),
    meshi: {
      namespace: setting('MESHI_RUN_NAMESPACE') ?? null,
      seed: setting('MESHI_SEED') ?? null,
      target: env.CONFORMANCE_TARGET ?? null,
      baseUrl: originAndPath(setting('MESHI_BASE_URL')),
      // What a shard measured, for the merged report's provenance (reporter/provenance.ts).
      scope: cliScope(process.argv),
      limits: toldLimits(),
    },
  },
  projects: [{ ...conformance, testDir: abs(env.CONFORMANCE_SPECS_DIR || 'specs') }],
};

export default defineConfig(config);
