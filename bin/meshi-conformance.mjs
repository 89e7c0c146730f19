#!/usr/bin/env node
// meshi-conformance <conformance|evidence|contract-diff|sdk-check|release|replay> [args] [--help]
//
// The one command-line entry: the npm scripts call it, and so can another repository that has
// this package as a dependency (`npx meshi-conformance release --dry-run`). Each command is a
// TypeScript script run through tsx's loader in a child Node process, which gets the arguments,
// the terminal and the signals; its exit code is this command's. Plain JavaScript, so that Node
// runs it without a loader.

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runChild } from './runChild.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Each command's script (each prints its own --help: flags and exit codes). */
export const COMMANDS = {
  conformance: { script: 'scripts/conformance.ts', summary: 'run the conformance suite against the target and apply the gate' },
  evidence: {
    script: 'scripts/evidence.ts',
    summary: "judge the contract's provisional elements from earlier runs and propose contract.patch",
  },
  'contract-diff': {
    script: 'scripts/contract-diff.ts',
    summary: 'guarantee-aware breaking-change diff of the contract against a git ref',
  },
  'sdk-check': { script: 'scripts/sdk-check.ts', summary: 'generate an SDK from the contract and check it' },
  release: {
    script: 'scripts/release.ts',
    summary: 'one release decision: conformance, contract changes, coverage, sensitivity, catalogue version',
  },
  replay: { script: 'scripts/replay.ts', summary: 'replay one failing property from its seed and path' },
};

export const USAGE = `usage: meshi-conformance <command> [args] [--help]
commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(14)} ${c.summary}`)
  .join('\n')}
exit: the command's (each command's --help lists its flags and exit codes) · 2 unknown command`;

function run(command, args) {
  const c = COMMANDS[command];
  const script = join(ROOT, c.script);
  if (!existsSync(script)) {
    process.stderr.write(`meshi-conformance ${command}: ${c.script} is not in this version of the harness\n`);
    return Promise.resolve(2);
  }
  let loader;
  try {
    loader = import.meta.resolve('tsx');
  } catch {
    process.stderr.write(`meshi-conformance: tsx is not installed beside this package (npm ci installs it)\n`);
    return Promise.resolve(2);
  }
  return runChild(['--import', loader, script, ...args], {}, (e) => process.stderr.write(`meshi-conformance ${command}: ${e.message}\n`));
}

const [command, ...args] = process.argv.slice(2);
if (!command || command === '--help' || command === '-h' || command === 'help') {
  process.stdout.write(`${USAGE}\n`);
  process.exit(command ? 0 : 2);
}
if (!Object.hasOwn(COMMANDS, command)) {
  process.stderr.write(`meshi-conformance: unknown command ${JSON.stringify(command)}\n${USAGE}\n`);
  process.exit(2);
}
process.exit(await run(command, args));
