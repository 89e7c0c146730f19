// `npm run replay -- --seed N --path P --test "title" [--replay-path R] [--file F] [--budget B]`
//
// Replays one failing property (or model-based sequence) of specs/properties from the seed and
// path its failure printed: runs `playwright test --project=conformance <file> -g <title>` with
// MESHI_SEED, MESHI_FC_PATH (and MESHI_FC_REPLAY_PATH for fc.commands), so fast-check runs only the
// minimal counterexample. The target is whatever the environment says (MESHI_BASE_URL and the
// keys, or a .env file); without MESHI_BASE_URL the conformance project starts the bundled mock.
// The exit code is the child's.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setting } from '../harness/settings';
import { PLAYWRIGHT_CLI } from '../harness/run/toolPaths';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = PLAYWRIGHT_CLI;

const USAGE = `usage: npm run replay -- --seed <n> --test "<test title or a unique part of it>" [--path <fast-check path>]
                      [--replay-path <fc.commands replayPath>] [--file <spec file>] [--budget default|nightly]
Every failing property prints this line (and a replay annotation) with the values to use.
exit: the replayed run's (0 passed · 1 failed) · 2 bad arguments`;

function parse(argv: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--help' || a === '-h') {
      out.help = '1';
      continue;
    }
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(a);
    if (!m) throw new Error(`unexpected argument ${JSON.stringify(a)}`);
    const value = m[2] ?? argv[++i];
    if (value === undefined) throw new Error(`--${m[1]} needs a value`);
    out[m[1]!] = value;
  }
  return out;
}

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

let args: Record<string, string>;
try {
  args = parse(process.argv.slice(2));
} catch (e) {
  fail(e instanceof Error ? e.message : String(e));
}
if (args.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const seed = args.seed;
const title = args.test;
if (!seed) fail('--seed must be the integer seed of the failure');
if (!title) fail('--test must give the test title');
const file = args.file ?? 'specs/properties';
if (!existsSync(join(ROOT, file))) fail(`no such spec file or folder: ${file}`);

const env: NodeJS.ProcessEnv = { ...process.env, MESHI_SEED: seed };
if (args.path) env.MESHI_FC_PATH = args.path;
else delete env.MESHI_FC_PATH;
if (args['replay-path']) env.MESHI_FC_REPLAY_PATH = args['replay-path'];
else delete env.MESHI_FC_REPLAY_PATH;
if (args.budget) env.MESHI_PROPERTY_BUDGET = args.budget;
// --seed, --path and --budget become settings: the settings reader validates them.
try {
  for (const name of ['MESHI_SEED', 'MESHI_FC_PATH', 'MESHI_PROPERTY_BUDGET'] as const) setting(name, env);
} catch (e) {
  fail(`bad --seed, --path or --budget: ${e instanceof Error ? e.message : String(e)}`);
}

const grep = title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const cliArgs = [CLI, 'test', '--project=conformance', file, '-g', grep, '--retries=0', '--workers=1'];
process.stdout.write(
  `[replay] MESHI_SEED=${seed}${args.path ? ` MESHI_FC_PATH=${args.path}` : ''}${args['replay-path'] ? ` MESHI_FC_REPLAY_PATH=${args['replay-path']}` : ''} against ${setting('MESHI_BASE_URL', env)?.href ?? 'the bundled mock'}\n`,
);
const child = spawn(process.execPath, cliArgs, { cwd: ROOT, env, stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
