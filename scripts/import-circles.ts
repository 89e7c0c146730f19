// Fails (exit 1) on any import circle in the project's TypeScript sources that is not in
// ALLOWED_CIRCLES, and on an allowed circle that is gone (so the list only shrinks):
// `npm run check:imports`. tests/tooling/imports.spec.ts runs the same check.

import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { circles, importGraph } from './importGraph';

/**
 * Circles known and not yet removed, each as its sorted files. Remove an entry with the change
 * that breaks its circle; never add one.
 */
export const ALLOWED_CIRCLES: readonly (readonly string[])[] = [
  // The per-family rules import the Operation/OperationPair types from operations.ts, which imports
  // the rules: moving those types to scripts/contractDiff/types.ts breaks it (owner: contract-diff).
  [
    'scripts/contractDiff/rules/operations.ts',
    'scripts/contractDiff/rules/parameters.ts',
    'scripts/contractDiff/rules/requestBody.ts',
    'scripts/contractDiff/rules/responses.ts',
    'scripts/contractDiff/rules/security.ts',
  ],
];

export interface CircleReport {
  /** Circles not in the allow-list. */
  readonly unexpected: readonly string[][];
  /** Allow-list entries whose circle no longer exists. */
  readonly stale: readonly (readonly string[])[];
}

export function checkCircles(root: string): CircleReport {
  const found = circles(importGraph(root));
  const key = (c: readonly string[]) => c.join(' ');
  const allowed = new Set(ALLOWED_CIRCLES.map(key));
  const present = new Set(found.map(key));
  return { unexpected: found.filter((c) => !allowed.has(key(c))), stale: ALLOWED_CIRCLES.filter((c) => !present.has(key(c))) };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { unexpected, stale } = checkCircles(fileURLToPath(new URL('..', import.meta.url)));
  for (const c of unexpected) console.log(`import circle among: ${c.join(', ')}`);
  for (const c of stale) console.log(`allowed circle gone, remove it from ALLOWED_CIRCLES: ${c.join(', ')}`);
  if (unexpected.length || stale.length) process.exit(1);
  console.log('no import circle');
}
