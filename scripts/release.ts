// `npm run release -- [--base <git-ref>] [--report <dir>…] [--kill-matrix <file>] [--out <dir>] [--dry-run]`
//
// One answer to "may we release the SDK?": conformance of the target, contract changes since
// --base, coverage of the contract, sensitivity per guarantee and the catalogue version, each
// pass / fail / unknown with its reason (scripts/release/). Without --report it runs the
// conformance suite first (against MESHI_BASE_URL, or the bundled mock) into <out>/conformance.

import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '../harness/settings/configError';
import { setting } from '../harness/settings';
import { ROOT } from './conformance';
import { decide } from './release/decide';
import { ReleaseConfigError } from './release/errors';
import { gatherInputs } from './release/inputs';
import { publishDecision } from './release/publish';
import { renderTable } from './release/render';

export const DEFAULT_RELEASE_DIR = 'reports/release';

export const USAGE = `usage: npm run release -- [--base <git-ref>] [--report <dir>]… [--kill-matrix <file>] [--out <dir>] [--dry-run]
  --base <git-ref>      compare the contract and the guarantee catalogue with this ref (contract changes, guarantees added/removed)
  --report <dir|file>   conformance-report.json to judge (folders searched recursively: a nightly's shards); repeatable.
                        Without it, a fresh conformance run (MESHI_BASE_URL, or the bundled mock) into <out>/conformance
  --kill-matrix <file>  kill-matrix result (default reports/kill-matrix/kill-matrix.json, then docs/sensitivity/kill-matrix.json)
  --out <dir>           where release-decision.json, release-decision.md and release.sarif go (default ${DEFAULT_RELEASE_DIR})
  --dry-run             decide and print, exit 0 whatever the decision (the bundled mock's report counts only here)
settings: MESHI_RELEASE_MAX_AGE_HOURS (default 36): the oldest report a release may stand on
exit: 0 release · 1 do not release (a criterion failed or is unknown) · 2 configuration error · --dry-run: always 0`;

export interface ReleaseOptions {
  base: string | null;
  reports: string[];
  killMatrix: string | null;
  out: string;
  dryRun: boolean;
  help: boolean;
}

export function parseReleaseArgs(argv: readonly string[]): ReleaseOptions {
  const o: ReleaseOptions = { base: null, reports: [], killMatrix: null, out: join(ROOT, DEFAULT_RELEASE_DIR), dryRun: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const eq = a.indexOf('=');
    const name = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    const value = () => {
      const v = eq > 0 ? a.slice(eq + 1) : argv[++i];
      if (v === undefined || v === '' || (eq < 0 && v.startsWith('--'))) throw new ReleaseConfigError(`${name} needs a value`);
      return v;
    };
    if (a === '--dry-run') o.dryRun = true;
    else if (a === '--help' || a === '-h') o.help = true;
    else if (name === '--base') o.base = value();
    else if (name === '--report') o.reports.push(resolve(value()));
    else if (name === '--kill-matrix') o.killMatrix = resolve(value());
    else if (name === '--out') o.out = resolve(value());
    else throw new ReleaseConfigError(`unknown option ${a}`);
  }
  return o;
}

/**
 * A fresh conformance run into `dir` (its output on stderr, so stdout is the decision); resolves
 * with its exit code. Its own annotations are off: they would share this step's per-level cap with
 * the decision's, which include the run's findings.
 */
function freshConformance(dir: string): Promise<number> {
  console.error(`[release] no --report: running the conformance suite into ${dir}`);
  return new Promise((done) => {
    const child = spawn(process.execPath, [...process.execArgv, join(ROOT, 'scripts/conformance.ts'), '--report-dir', dir], {
      cwd: ROOT,
      env: { ...process.env, CONFORMANCE_ANNOTATIONS: 'off' },
      stdio: ['ignore', 2, 2],
    });
    child.on('exit', (code) => done(code ?? 1));
    child.on('error', () => done(2));
  });
}

export async function runRelease(argv: readonly string[]): Promise<number> {
  let o: ReleaseOptions | null = null;
  try {
    o = parseReleaseArgs(argv);
    if (o.help) {
      console.log(USAGE);
      return 0;
    }
    const maxAgeHours = setting('MESHI_RELEASE_MAX_AGE_HOURS');
    if (!o.reports.length) {
      const dir = join(o.out, 'conformance');
      const code = await freshConformance(dir);
      if (code === 2) throw new ReleaseConfigError(`the conformance run exited 2 (configuration error or no report; see above)`);
      o.reports.push(dir);
    }
    const inputs = await gatherInputs({
      root: ROOT,
      reports: o.reports,
      base: o.base,
      killMatrix: o.killMatrix,
      dryRun: o.dryRun,
      maxAgeHours,
    });
    const decision = decide(inputs, { killMatrix: inputs.killMatrixFile, base: o.base });
    const published = publishDecision(decision, o.out);
    for (const line of published.annotations) console.log(line);
    console.log(renderTable(decision));
    console.log(`\nwritten: ${published.files.json}, ${published.files.markdown}, ${published.files.sarif}`);
    return decision.exitCode;
  } catch (e) {
    if (!(e instanceof ReleaseConfigError || e instanceof ConfigError)) throw e;
    console.error(`[release] configuration error: ${e.message}\n${USAGE}`);
    return o?.dryRun || argv.includes('--dry-run') ? 0 : 2;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  runRelease(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(`[release] ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      process.exit(process.argv.includes('--dry-run') ? 0 : 2);
    },
  );
}
