// The import graph's floors: every source file lives in one layer of LAYERS, and imports only its
// own layer and the layers it stands on (directly or through others) — never one above it or beside
// it. `npm run check:imports` runs this after the circle check (exit 1 on any arrow against the
// table); tests/tooling/imports.spec.ts runs the same check. docs/ARCHITECTURE.md describes the table.

import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importGraph } from './importGraph';

export interface Layer {
  readonly name: string;
  /** What it holds: folders (ending in `/`) or files, relative to the repository root. */
  readonly holds: readonly string[];
  /** The layers directly beneath it: it may import them and whatever they stand on. */
  readonly standsOn: readonly string[];
}

/**
 * The layers, lowest first. A folder is placed as a whole (a new file in it takes its floor); a new
 * top-level folder needs its row here, and a file no row holds fails the check.
 */
export const LAYERS: readonly Layer[] = [
  // The one way to read the contract, and the data it reads (generated/ only through contract/:
  // the second rule of tests/tooling/imports.spec.ts; generated/contract.ts types itself with contract/types.ts).
  { name: 'contract', holds: ['contract/', 'generated/'], standsOn: [] },
  // MESHI_* settings, the harness configuration built on them, ConfigError.
  { name: 'settings', holds: ['harness/settings/'], standsOn: ['contract'] },
  // One exchange: the client and its transport, the universal checks it runs on every response, the
  // verdicts a test gives on it (each judges the others' records: one floor).
  { name: 'exchange', holds: ['harness/http/', 'harness/checks/', 'harness/verdicts/'], standsOn: ['settings'] },
  // What tests build with the client: the seeded world, builders, pagers, polling, arbitraries.
  { name: 'world', holds: ['harness/world/', 'harness/arbitraries/'], standsOn: ['exchange'] },
  // The runners: Playwright fixtures, global set-up, the property runner.
  { name: 'run', holds: ['harness/run/', 'harness/property/'], standsOn: ['world'] },
  // The conformance suites.
  { name: 'suites', holds: ['specs/'], standsOn: ['run'] },
  // The reference mock: the contract and nothing of the harness.
  { name: 'mock', holds: ['mock/'], standsOn: ['contract'] },
  // The report: the exchange's typed records (findings, ledger, call records, redaction) and the
  // mock's settings for provenance; never the runners or the suites.
  { name: 'reporter', holds: ['reporter/'], standsOn: ['exchange', 'mock'] },
  // What runs everything: the scripts, the command-line entry and the runner's configuration; never a suite.
  { name: 'tools', holds: ['scripts/', 'bin/', 'playwright.config.ts'], standsOn: ['run', 'reporter'] },
  // The SDK consumer: the generated SDK only (outside tsconfig.json).
  { name: 'sdk', holds: ['sdk/'], standsOn: [] },
  // The project's own tests: anything.
  { name: 'tests', holds: ['tests/'], standsOn: ['suites', 'tools', 'sdk'] },
];

const byName = new Map(LAYERS.map((l) => [l.name, l]));

/** The layer holding a file, or null when no row holds it. */
export function layerOf(file: string, layers: readonly Layer[] = LAYERS): Layer | null {
  return layers.find((l) => l.holds.some((h) => (h.endsWith('/') ? file.startsWith(h) : file === h))) ?? null;
}

/** The layers a layer may import: itself and everything it stands on, transitively. */
export function beneath(name: string, layers: ReadonlyMap<string, Layer> = byName): Set<string> {
  const out = new Set<string>([name]);
  const todo = [name];
  while (todo.length) for (const below of layers.get(todo.pop()!)?.standsOn ?? []) if (!out.has(below)) todo.push((out.add(below), below));
  return out;
}

/** The floor of a layer: 0 for one standing on nothing, else one above the highest it stands on. */
export function floorOf(name: string, layers: ReadonlyMap<string, Layer> = byName, seen: readonly string[] = []): number {
  if (seen.includes(name)) throw new Error(`the layers stand on each other: ${[...seen, name].join(' → ')}`);
  const below = layers.get(name)?.standsOn ?? [];
  return below.length === 0 ? 0 : 1 + Math.max(...below.map((b) => floorOf(b, layers, [...seen, name])));
}

/** Every arrow of the graph against the table: a file no layer holds, or an import of a layer not beneath the importer. */
export function floorViolations(graph: ReadonlyMap<string, readonly string[]>, layers: readonly Layer[] = LAYERS): string[] {
  const table = new Map(layers.map((l) => [l.name, l]));
  const out: string[] = [];
  for (const [file, targets] of graph) {
    const from = layerOf(file, layers);
    if (!from) {
      out.push(`${file}: no layer holds it (add its folder to LAYERS)`);
      continue;
    }
    const allowed = beneath(from.name, table);
    for (const t of targets) {
      const to = layerOf(t, layers);
      if (to && !allowed.has(to.name)) out.push(`${file} (${from.name}) → ${t} (${to.name})`);
    }
  }
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const found = floorViolations(importGraph(fileURLToPath(new URL('..', import.meta.url))));
  for (const v of found) console.log(`import against the floors: ${v}`);
  if (found.length) process.exit(1);
  console.log(`no import against the floors (${LAYERS.map((l) => `${l.name} ${floorOf(l.name)}`).join(', ')})`);
}
