// `npm run kill-matrix [-- --faults a,b] [--full] [--always-on c,d] [--out reports/kill-matrix] [--record]`:
// a clean baseline run, then every catalogue fault against the harness; writes kill-matrix.json
// (contracts/kill-matrix.schema.json) and kill-matrix.html, prints the table, and exits 1 on any
// fault not killed (survivor, misattribution, collateral, baseline failure, flake, inconclusive,
// error), 2 on a usage error. `--record` (with `--full`, the whole catalogue) also writes the
// committed latest result, docs/sensitivity/kill-matrix.json, which the release decision reads.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { allKilled, RECORDED_MATRIX, runKillMatrix, selectFaults } from './killMatrix/run';
import { renderHtml, renderText } from './killMatrix/render';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const value = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const list = (name: string) => value(name)?.split(',').filter(Boolean);
const outDir = resolve(value('--out') ?? join(root, 'reports/kill-matrix'));
const faults = list('--faults');
const alwaysOn = list('--always-on') ?? [];
const full = args.includes('--full');
const record = args.includes('--record');

const usage = (message: string): never => {
  console.error(`[kill-matrix] ${message}`);
  process.exit(2);
};
if (record && (!full || faults?.length || alwaysOn.length))
  usage('--record writes the committed sensitivity of the whole catalogue: it needs --full, and neither --faults nor --always-on');
try {
  selectFaults([...(faults ?? []), ...alwaysOn]);
} catch (e) {
  usage(e instanceof Error ? e.message : String(e));
}

rmSync(join(outDir, 'runs'), { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
const matrix = await runKillMatrix({
  root,
  outDir,
  faults,
  full,
  alwaysOn,
  onBaseline: (b) =>
    console.log(
      `baseline ${(b.durationMs / 1000).toFixed(1)} s: ${b.problem ?? (b.failing.length ? `not passing: ${b.failing.join(', ')}` : 'clean')}`,
    ),
  onResult: (r) =>
    console.log(
      `${r.outcome.padEnd(16)} ${r.fault} (${r.guarantee})${r.collateral.length ? ` collateral: ${r.collateral.join(', ')}` : ''} in ${(r.durationMs / 1000).toFixed(1)} s${r.note ? ` — ${r.note}` : ''}`,
    ),
});
const json = `${JSON.stringify(matrix, null, 2)}\n`;
writeFileSync(join(outDir, 'kill-matrix.json'), json);
writeFileSync(join(outDir, 'kill-matrix.html'), renderHtml(matrix));
const written = [join(outDir, 'kill-matrix.json'), join(outDir, 'kill-matrix.html')];
if (record) {
  mkdirSync(dirname(join(root, RECORDED_MATRIX)), { recursive: true });
  writeFileSync(join(root, RECORDED_MATRIX), json);
  written.push(join(root, RECORDED_MATRIX));
}
console.log(`\n${renderText(matrix)}\n\nwritten: ${written.join(', ')}`);
process.exit(allKilled(matrix) ? 0 : 1);
