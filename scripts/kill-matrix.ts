// `npm run kill-matrix [-- --faults a,b] [--full] [--out reports/kill-matrix]`: every catalogue
// fault against the harness; writes kill-matrix.json and kill-matrix.html, prints the table, and
// exits 1 on any survivor, misattribution, collateral failure or error.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runKillMatrix } from './killMatrix/run';
import { renderHtml, renderText } from './killMatrix/render';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const value = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const outDir = resolve(value('--out') ?? join(root, 'reports/kill-matrix'));
const faults = value('--faults')?.split(',').filter(Boolean);

rmSync(join(outDir, 'runs'), { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
const matrix = await runKillMatrix({
  root,
  outDir,
  faults,
  full: args.includes('--full'),
  onResult: (r) => console.log(`${r.outcome.padEnd(13)} ${r.fault} (${r.guarantee})${r.collateral.length ? ` collateral: ${r.collateral.join(', ')}` : ''} in ${(r.durationMs / 1000).toFixed(1)} s`),
});
writeFileSync(join(outDir, 'kill-matrix.json'), JSON.stringify(matrix, null, 2));
writeFileSync(join(outDir, 'kill-matrix.html'), renderHtml(matrix));
console.log(`\n${renderText(matrix)}\n\nwritten: ${join(outDir, 'kill-matrix.json')}, ${join(outDir, 'kill-matrix.html')}`);
process.exit(matrix.survivors.length || matrix.misattributed.length || matrix.collateral.length || matrix.errors.length ? 1 : 0);
