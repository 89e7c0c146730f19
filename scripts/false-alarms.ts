// `npm run false-alarms [-- --profile NAME[,NAME] | all] [--only TEXT] [--shards N] [--out DIR]`:
// the conformance suite against conforming targets, where every failure is a false alarm.
// Profiles (scripts/falseAlarms/profiles.ts): embedded (default), variations, staging-like, ci.
// Prints per run the verdicts, the lost tests, the harness's waits and, against an external mock,
// requests per key, 429s and the wall time against the quota floor. Exits 1 on any false alarm
// (a failed or not exercised guarantee, a lost test, an unexpected 429 of the harness's own key,
// a gate failure), 2 on a bad option. Figures, not a test (not part of `npm test`).
import { join } from 'node:path';
import { executeRun } from './falseAlarms/execute';
import { judgeRun } from './falseAlarms/figures';
import { ROOT } from './falseAlarms/paths';
import { PROFILE_NAMES, PROFILES, type FalseAlarmRun } from './falseAlarms/profiles';
import { readWaits } from './falseAlarms/waits';

const USAGE = `usage: npm run false-alarms -- [--profile ${PROFILE_NAMES.join('|')}|all (comma-separated; default embedded)] [--only TEXT] [--shards N] [--out DIR]`;

interface Options {
  profiles: string[];
  only: string | null;
  shards: number | null;
  out: string;
}

function parseArgs(argv: readonly string[]): Options {
  const o: Options = { profiles: ['embedded'], only: null, shards: null, out: join(ROOT, 'reports/false-alarms') };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.includes('=') ? argv[i]!.split(/=(.*)/s, 2) : [argv[i]!, undefined];
    const value = () =>
      inline ??
      argv[++i] ??
      (() => {
        throw new Error(`${flag} needs a value`);
      })();
    if (flag === '--profile') {
      const v = value();
      o.profiles = v === 'all' ? PROFILE_NAMES : v.split(',');
    } else if (flag === '--only') o.only = value();
    else if (flag === '--shards') o.shards = Number(value());
    else if (flag === '--out') o.out = value();
    else throw new Error(`unknown option ${flag}`);
  }
  const unknown = o.profiles.filter((p) => !PROFILES[p]);
  if (unknown.length) throw new Error(`unknown profile ${unknown.join(', ')}`);
  if (o.shards !== null && !(Number.isInteger(o.shards) && o.shards >= 1)) throw new Error('--shards needs a positive integer');
  return o;
}

async function main(): Promise<number> {
  let o: Options;
  try {
    o = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`[false-alarms] ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const runs: FalseAlarmRun[] = o.profiles
    .flatMap((p) => PROFILES[p]!)
    .filter((r) => !o.only || r.name.includes(o.only))
    .map((r) => (o.shards !== null && r.target === 'external' ? { ...r, shards: o.shards } : r));
  if (!runs.length) {
    console.error(`[false-alarms] no run matches --only ${o.only}\n${USAGE}`);
    return 2;
  }
  const summary: string[] = [];
  for (const [i, run] of runs.entries()) {
    const outcome = await executeRun(run, join(o.out, `${i + 1}-${run.name.replace(/[^A-Za-z0-9]+/g, '-')}`));
    const verdict = judgeRun(outcome, readWaits(outcome.blobRoot));
    for (const line of verdict.lines) console.log(line);
    console.log(
      `  → ${verdict.falseAlarms.length ? `FALSE ALARMS: ${verdict.falseAlarms.join('; ')}` : 'no false alarm'} (logs and reports: ${outcome.dir})`,
    );
    if (verdict.falseAlarms.length) summary.push(`${run.name}: ${verdict.falseAlarms.join('; ')}`);
  }
  console.log(
    summary.length
      ? `false alarms in ${summary.length} of ${runs.length} runs:\n  ${summary.join('\n  ')}`
      : `false alarms: none in ${runs.length} runs`,
  );
  return summary.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`[false-alarms] ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exit(2);
  },
);
