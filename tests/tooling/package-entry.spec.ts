// The package as another repository installs it (`npx meshi-conformance …` with this package as a
// dependency): every package the commands load at run time is a dependency, not a devDependency
// (npm does not install a dependency's devDependencies), and the bin is what the npm scripts call.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { packagesOf, sourceFiles } from '../../scripts/importGraph';

const ROOT = new URL('../..', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  bin: Record<string, string>;
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** What the commands run: everything but the project's own tests and the maintainers' generator. */
const RUNTIME = /^(?:bin|contract|harness|mock|reporter|scripts|specs|sdk)\//;
/** The SDK sdk-check generates into .sdk/ and the consumer imports by that name (scripts/sdkCheck). */
const GENERATED_PACKAGES = new Set(['meshi-sdk']);
const MAINTAINERS_ONLY = /^scripts\/(?:generate|bench-|importGraph|import-circles|functionLengths)/;

test('every package the commands import at run time is a dependency', () => {
  const missing: string[] = [];
  for (const file of sourceFiles(ROOT)) {
    if (!RUNTIME.test(file) || MAINTAINERS_ONLY.test(file)) continue;
    for (const name of packagesOf(readFileSync(join(ROOT, file), 'utf8'))) {
      if (!(name in pkg.dependencies) && !GENERATED_PACKAGES.has(name))
        missing.push(`${file}: ${name}${name in pkg.devDependencies ? ' (a devDependency)' : ''}`);
    }
  }
  // The bin runs every command through tsx, and sdk-check compiles with the project's TypeScript.
  for (const name of ['tsx', 'typescript']) if (!(name in pkg.dependencies)) missing.push(`bin: ${name}`);
  expect(missing).toEqual([]);
});

test('the package reader finds packages, not subpaths or built-ins', () => {
  expect(
    packagesOf(
      "import a from 'ajv/dist/2020';\nimport { x } from '@playwright/test/reporter';\nimport 'dotenv/config';\nimport fs from 'node:fs';\nimport y from './y';",
    ),
  ).toEqual(['ajv', '@playwright/test', 'dotenv']);
});

test('the bin is the entry the npm scripts call', () => {
  expect(pkg.bin['meshi-conformance']).toBe('bin/meshi-conformance.mjs');
  for (const name of ['conformance', 'evidence', 'replay', 'release', 'contract-diff', 'sdk-check'])
    expect(pkg.scripts[name], name).toMatch(/bin\/meshi-conformance\.mjs/);
});
