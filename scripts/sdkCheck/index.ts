// The SDK check: generate the TypeScript SDK of the head contract, typecheck the consumer program
// (sdk/consumer) against it and run it against a target; with a base, generate the base SDK too
// and compile the base consumer against the head SDK — a compile error there is a source break.

import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { compileAgainst, writeRunTsconfig, type CompileResult } from './compile';
import { generateSdk } from './generate';
import { runConsumer, type RunResult } from './run';
import { unexpressible, type Unexpressible } from './unexpressible';

export const SDK_ROOT = '.sdk';
export const CONSUMER_DIR = 'sdk/consumer';
export const CONSUMER_MAIN = `${CONSUMER_DIR}/main.ts`;

export interface SdkVersion {
  readonly label: string;
  readonly api: string;
  /** The consumer program of that version (a git ref's own, else the working tree's). */
  readonly consumerRef?: string;
}

export interface SdkTarget {
  readonly baseUrl: string;
  readonly key: string;
  readonly namespace: string;
}

export interface SdkCheckOptions {
  readonly head: SdkVersion;
  readonly base?: SdkVersion;
  /** null: do not run the consumer. */
  readonly target: SdkTarget | null;
  readonly root?: string;
  readonly cwd?: string;
}

export interface SdkCheckReport {
  readonly head: { readonly label: string; readonly generateMs: number; readonly compile: CompileResult };
  readonly base: {
    readonly label: string;
    readonly consumer: string;
    readonly generateMs: number;
    readonly compile: CompileResult;
    readonly againstHead: CompileResult;
  } | null;
  readonly run: RunResult | null;
  readonly unexpressible: readonly Unexpressible[];
  readonly ok: boolean;
}

/** The consumer files of a git ref, copied under `dir`; null when the ref has no consumer. */
function consumerAt(ref: string, dir: string, cwd: string): string | null {
  let names: string[];
  try {
    names = execFileSync('git', ['ls-tree', '--name-only', `${ref}:${CONSUMER_DIR}`], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    })
      .split('\n')
      .filter((n) => n.endsWith('.ts'));
  } catch {
    return null;
  }
  if (!names.length) return null;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const n of names)
    writeFileSync(join(dir, n), execFileSync('git', ['show', `${ref}:${CONSUMER_DIR}/${n}`], { cwd, encoding: 'utf8' }));
  return dir;
}

function consumerFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((n) => n.endsWith('.ts'))
    .map((n) => join(dir, n));
}

export async function checkSdk(opts: SdkCheckOptions): Promise<SdkCheckReport> {
  const cwd = opts.cwd ?? process.cwd();
  const root = resolve(cwd, opts.root ?? SDK_ROOT);
  const head = await generateSdk(opts.head.api, join(root, 'head'));
  const headConsumer = consumerFiles(resolve(cwd, CONSUMER_DIR));
  const headCompile = compileAgainst(headConsumer, head.dir, cwd);
  let base: SdkCheckReport['base'] = null;
  if (opts.base) {
    const b = await generateSdk(opts.base.api, join(root, 'base'));
    const own = opts.base.consumerRef ? consumerAt(opts.base.consumerRef, join(root, 'base-consumer'), cwd) : null;
    const files = own ? consumerFiles(own) : headConsumer;
    base = {
      label: opts.base.label,
      consumer: own
        ? `${CONSUMER_DIR} at ${opts.base.consumerRef}`
        : `${CONSUMER_DIR} (working tree${opts.base.consumerRef ? `: none at ${opts.base.consumerRef}` : ''})`,
      generateMs: b.ms,
      compile: compileAgainst(files, b.dir, cwd),
      againstHead: compileAgainst(files, head.dir, cwd),
    };
  }
  const run =
    opts.target && headCompile.ok ? await runConsumer(resolve(cwd, CONSUMER_MAIN), writeRunTsconfig(head.dir), opts.target) : null;
  const ok = headCompile.ok && (base ? base.againstHead.ok : true) && (opts.target ? run?.ok === true : true);
  return {
    head: { label: opts.head.label, generateMs: head.ms, compile: headCompile },
    base,
    run,
    unexpressible: unexpressible(parse(opts.head.api)),
    ok,
  };
}

export function renderSdkReport(r: SdkCheckReport): string {
  const lines: string[] = [];
  const compiled = (c: CompileResult) =>
    c.ok ? `compiles (${c.ms} ms)` : `DOES NOT COMPILE (${c.diagnostics.length} error${c.diagnostics.length === 1 ? '' : 's'})`;
  lines.push(
    `sdk-check: @hey-api/openapi-ts SDK of ${r.head.label} generated in ${r.head.generateMs} ms; consumer ${compiled(r.head.compile)}`,
  );
  for (const d of r.head.compile.diagnostics) lines.push(`  ${d}`);
  if (r.base) {
    lines.push(
      `base ${r.base.label}: SDK generated in ${r.base.generateMs} ms; base consumer (${r.base.consumer}) against the base SDK: ${compiled(r.base.compile)}`,
    );
    lines.push(
      r.base.againstHead.ok
        ? `base consumer against the head SDK: compiles — no source break (${r.base.againstHead.ms} ms)`
        : 'SOURCE BREAK: the base consumer no longer compiles against the head SDK:',
    );
    for (const d of r.base.againstHead.diagnostics) lines.push(`  ${d}`);
  }
  if (r.run)
    lines.push(
      r.run.ok
        ? `consumer run: passed (${r.run.ms} ms): ${JSON.stringify(r.run.detail)}`
        : `WIRE BREAK: the consumer run failed (${r.run.ms} ms): ${String(r.run.detail.error ?? JSON.stringify(r.run.detail))}`,
    );
  else lines.push('consumer run: not run');
  if (r.unexpressible.length) {
    lines.push('Contract constructs this generator does not express (what a partner on it loses):');
    for (const u of r.unexpressible) lines.push(`  - ${u.construct} ×${u.count}: ${u.lost}`);
  }
  lines.push(r.ok ? 'OK' : 'FAILED');
  return `${lines.join('\n')}\n`;
}
