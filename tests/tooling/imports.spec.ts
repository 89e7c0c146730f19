// The import graph's three rules: generated/ is read only through contract/; no module imports
// itself through others (scripts/import-circles.ts, whose allow-list only shrinks); and no arrow
// goes from a lower floor up or to a tower beside (scripts/import-floors.ts, its LAYERS table).
import { test, expect } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { circles, importGraph, specifiersOf } from '../../scripts/importGraph';
import { checkCircles } from '../../scripts/import-circles';
import { floorOf, floorViolations, LAYERS, layerOf, type Layer } from '../../scripts/import-floors';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Where generated/ may be imported: contract/ only (the contract project's tests read it through contract/ too). */
const GENERATED_READERS: readonly string[] = ['contract/'];

test('the graph sees static, type-only, re-exported and dynamic imports', () => {
  const text = [
    "import { a } from './a';",
    "import type { B } from '../b';",
    "export * from './c';",
    "const d = await import('./d');",
    "import x from 'pkg';",
  ].join('\n');
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
  expect(
    circles(
      new Map([
        ['a.ts', ['b.ts']],
        ['b.ts', ['c.ts']],
        ['c.ts', []],
      ]),
    ),
  ).toEqual([]);
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

test('every source file sits in exactly one layer, and the layers stand on each other without a circle', () => {
  const files = [...importGraph(ROOT).keys()];
  expect(
    files.filter((f) => layerOf(f) === null),
    'files no layer of LAYERS holds',
  ).toEqual([]);
  const twice = files.filter((f) => LAYERS.filter((l) => l.holds.some((h) => (h.endsWith('/') ? f.startsWith(h) : f === h))).length > 1);
  expect(twice, 'files two layers hold').toEqual([]);
  const names = new Set(LAYERS.map((l) => l.name));
  expect(
    LAYERS.flatMap((l) => l.standsOn).filter((n) => !names.has(n)),
    'standsOn names no layer',
  ).toEqual([]);
  for (const l of LAYERS) expect(() => floorOf(l.name)).not.toThrow();
});

test('the floor check finds an arrow up, an arrow to a tower beside and an unplaced file, and accepts arrows down', () => {
  const layers: Layer[] = [
    { name: 'low', holds: ['low/'], standsOn: [] },
    { name: 'mid', holds: ['mid/'], standsOn: ['low'] },
    { name: 'high', holds: ['high/', 'top.ts'], standsOn: ['mid'] },
    { name: 'side', holds: ['side/'], standsOn: ['low'] },
  ];
  const g = new Map([
    ['high/a.ts', ['mid/b.ts', 'low/c.ts', 'high/d.ts']],
    ['top.ts', ['low/c.ts']],
    ['mid/b.ts', ['high/a.ts']],
    ['side/e.ts', ['low/c.ts', 'mid/b.ts']],
    ['stray/f.ts', []],
    ['low/c.ts', []],
  ]);
  expect(floorViolations(g, layers)).toEqual([
    'mid/b.ts (mid) → high/a.ts (high)',
    'side/e.ts (side) → mid/b.ts (mid)',
    'stray/f.ts: no layer holds it (add its folder to LAYERS)',
  ]);
  expect(floorOf('high', new Map(layers.map((l) => [l.name, l])))).toBe(2);
});

test('no import from a lower floor up, nor into a tower beside (LAYERS in scripts/import-floors.ts)', () => {
  expect(floorViolations(importGraph(ROOT)), 'move the imported piece down to the floor that needs it, or the importer up').toEqual([]);
});
