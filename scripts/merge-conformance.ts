// `npx tsx scripts/merge-conformance.ts <blob-dir>… [--gate] [--strict] [--report-dir DIR]
//   [--history DIR] [--target NAME] [--deviations FILE] [--guarantees LIST]`
// Merges the blob reports of sharded runs (`npm run conformance -- --shard=i/n` writes one each,
// report-<i>.zip) with `playwright merge-reports` and the guarantee-matrix reporter, then prints the
// summary and applies the gate to the whole run — same options and exit codes as
// scripts/conformance.ts. The *.zip files are collected from every folder given, recursively (each
// shard's blob reporter empties its own folder first, so local shards use one folder each).
// The harness configuration (keys) is not needed here; the target name comes from --target or
// MESHI_BASE_URL.

import { randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPORT_FILES } from '../reporter/output';
import { CONFIG_FILE, judge, parseArgs, preflight, readReport, reporterEnv, runPlaywright, USAGE, UsageError } from './conformance';

function zipsUnder(dir: string, depth = 0): string[] {
  if (!existsSync(dir) || depth > 4) return [];
  if (statSync(dir).isFile()) return dir.endsWith('.zip') ? [dir] : [];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      return statSync(p).isDirectory() ? zipsUnder(p, depth + 1) : name.endsWith('.zip') ? [p] : [];
    });
}

async function main(argv: readonly string[]): Promise<number> {
  let o;
  try {
    o = parseArgs(argv);
  } catch (e) {
    console.error(`[merge-conformance] ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
  if (o.help) {
    console.log(`usage: npx tsx scripts/merge-conformance.ts <blob-dir>… [options of npm run conformance]\n${USAGE}`);
    return 0;
  }
  const positional = o.rest.filter((a) => !a.startsWith('-'));
  const unknown = o.rest.filter((a) => a.startsWith('-'));
  try {
    if (positional.length === 0) throw new UsageError('give the blob-report folder(s)');
    if (unknown.length) throw new UsageError(`unknown option(s): ${unknown.join(' ')}`);
  } catch (e) {
    console.error(`[merge-conformance] ${(e as Error).message}`);
    return 2;
  }
  const zips = positional.flatMap((d) => zipsUnder(resolve(d)));
  if (zips.length === 0) {
    console.error(`[merge-conformance] no blob reports (*.zip) under ${positional.join(', ')}`);
    return 2;
  }
  const blobDir = mkdtempSync(join(tmpdir(), 'conformance-blobs-'));
  const used = new Set<string>();
  for (const [i, z] of zips.entries()) {
    let name = basename(z);
    if (used.has(name)) name = `${name.replace(/\.zip$/, '')}-${i}.zip`;
    used.add(name);
    copyFileSync(z, join(blobDir, name));
  }
  console.log(`[merge-conformance] merging ${zips.length} blob report(s)`);
  let target: string;
  try {
    ({ target } = preflight(o));
  } catch (e) {
    console.error(`[merge-conformance] configuration error: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
  const runId = randomUUID();
  const env: NodeJS.ProcessEnv = { ...process.env, ...reporterEnv(o, target, runId), CONFORMANCE_MERGE: '1' };
  rmSync(join(resolve(o.reportDir), REPORT_FILES.json), { force: true });
  const code = await runPlaywright(['merge-reports', '--config', CONFIG_FILE, blobDir], env);
  rmSync(blobDir, { recursive: true, force: true });
  const report = readReport(o.reportDir, runId);
  if (!report) {
    console.error(`[merge-conformance] merge-reports exited with ${code} and wrote no report to ${resolve(o.reportDir)}`);
    return 2;
  }
  return judge(report, o, { sharded: false });
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(`[merge-conformance] ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      process.exit(2);
    },
  );
}
