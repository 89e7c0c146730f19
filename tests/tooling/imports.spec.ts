// The import graph's two rules: generated/ is read only through contract/, and no module imports
// itself through others (scripts/import-circles.ts, whose allow-list only shrinks).
import { test, expect } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { circles, importGraph, specifiersOf } from '../../scripts/importGraph';
import { checkCircles } from '../../scripts/import-circles';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Where generated/ may be imported: contract/ only (the contract project's tests read it through contract/ too). */
const GENERATED_READERS: readonly string[] = ['contract/'];

test('the graph sees static, type-only, re-exported and dynamic imports', () => {
  const text = ["import { a } from './a';", "import type { B } from '../b';", "export * from './c';", "const d = await import('./d');", "import x from 'pkg';"].join('\n');
  expect(specifiersOf(text)).toEqual(['./a', '../b', './c', './d']);
});

test('the circle finder finds a two-file circle, a self-import and nothing in a chain', () => {
  const g = new Map([
    ['a.ts', ['b.ts']],
    ['b.ts', ['a.ts', 'c.ts']],
    ['c.ts', ['d.ts']],
    ['d.ts', []],
    ['e.ts', ['e.ts']],
  ]);
  expect(circles(g)).toEqual([['a.ts', 'b.ts'], ['e.ts']]);
  expect(circles(new Map([['a.ts', ['b.ts']], ['b.ts', ['c.ts']], ['c.ts', []]]))).toEqual([]);
});

test('no import circle outside the allow-list, and no allowed circle that is gone', () => {
  const { unexpected, stale } = checkCircles(ROOT);
  expect(unexpected, 'import circles (break them; never allow-list a new one)').toEqual([]);
  expect(stale, 'allowed circles that no longer exist: remove them from ALLOWED_CIRCLES').toEqual([]);
});

test('no file outside contract/ imports generated/', () => {
  const offenders: string[] = [];
  for (const [file, targets] of importGraph(ROOT)) {
    if (GENERATED_READERS.some((dir) => file.startsWith(dir))) continue;
    for (const t of targets) if (t.startsWith('generated/')) offenders.push(`${file} → ${t}`);
  }
  expect(offenders, 'read the contract through contract/').toEqual([]);
});
