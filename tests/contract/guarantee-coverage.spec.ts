// Every guarantee of the catalogue is proven by at least one conformance test, and no test names
// a guarantee the catalogue does not have. Read from Playwright's own listing of the suites.
import { test, expect } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { guarantees } from '../../contract';

const root = new URL('../..', import.meta.url).pathname;

interface ListedSpec {
  title: string;
  tests: { annotations: { type: string; description?: string }[] }[];
}
interface ListedSuite {
  specs?: ListedSpec[];
  suites?: ListedSuite[];
}

function listedSpecs(suites: ListedSuite[]): ListedSpec[] {
  return suites.flatMap((s) => [...(s.specs ?? []), ...listedSpecs(s.suites ?? [])]);
}

test('every guarantee has a conformance test and every test names known guarantees', () => {
  test.setTimeout(120_000);
  const run = spawnSync(join(root, 'node_modules/.bin/playwright'), ['test', '--list', '--project=conformance', '--reporter=json'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, MESHI_BASE_URL: 'http://127.0.0.1:9', MESHI_PARTNER_KEY: 'listing-only' },
  });
  expect(run.status, run.stderr).toBe(0);
  const specs = listedSpecs(JSON.parse(run.stdout).suites ?? []);
  expect(specs.length, 'the conformance project lists no test').toBeGreaterThan(0);

  const known = new Set<string>(guarantees.map((g) => g.id));
  const proven = new Set<string>();
  const unknown: string[] = [];
  const unnamed: string[] = [];
  for (const spec of specs) {
    const ids = spec.tests.flatMap((t) => t.annotations.filter((a) => a.type === 'guarantee').map((a) => a.description ?? ''));
    if (ids.length === 0 || !spec.title.startsWith(`${ids.join(' ')}:`)) unnamed.push(spec.title);
    for (const id of ids) {
      if (known.has(id)) proven.add(id);
      else unknown.push(`${id} in "${spec.title}"`);
    }
  }
  expect(unknown, 'tests naming unknown guarantees').toEqual([]);
  expect(unnamed, 'tests whose title does not start with the guarantees they prove').toEqual([]);
  expect(
    [...known].filter((id) => !proven.has(id)),
    'guarantees without a test',
  ).toEqual([]);
});
