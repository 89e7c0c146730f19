// Prints `N passed, N failed[, N skipped]` summed over every Playwright JSON report under a folder.
// Exits 1 when a report is unreadable or when no test ran at all.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

interface Stats {
  expected: number;
  unexpected: number;
  flaky: number;
  skipped: number;
}

function reports(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const file = join(dir, name);
    if (statSync(file).isDirectory()) out.push(...reports(file));
    else if (/results.*\.json$/.test(name)) out.push(file);
  }
  return out;
}

const dir = process.argv[2] ?? 'reports';
let passed = 0,
  failed = 0,
  skipped = 0,
  bad = 0;
let files: string[] = [];
try {
  files = reports(dir);
} catch {
  /* no reports folder: counted below */
}
for (const file of files) {
  try {
    const stats = JSON.parse(readFileSync(file, 'utf8')).stats as Stats;
    passed += stats.expected + stats.flaky;
    failed += stats.unexpected;
    skipped += stats.skipped;
  } catch {
    bad++;
    console.error(`unreadable test report: ${file}`);
  }
}
if (files.length === 0) console.error(`no test reports under ${dir}`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(bad || files.length === 0 || passed + failed === 0 ? 1 : 0);
