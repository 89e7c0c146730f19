// The provenance of a run: what was measured. The target's kind and origin, the bundled mock's
// faults, variations and settings, what narrowed the run (--guarantees, --grep, projects, spec
// files, one shard) and the contract limits the harness was told. `npm run evidence` reads it to
// decide which runs count as observations of a server (scripts/evidence/runs.ts).

import { contract } from '../contract';
import { limitEnvName, limitOverride } from '../harness/settings';
import { configFromEnv } from '../mock/config';
import { NO_VARIATIONS } from '../mock/http/variations';
import type { RunProvenance } from './types';

/** Playwright CLI options that take a value (`--grep X` or `--grep=X`). */
const VALUE_FLAGS = new Set([
  '-c',
  '--config',
  '-g',
  '--grep',
  '-G',
  '--grep-invert',
  '-p',
  '--project',
  '-j',
  '--workers',
  '--reporter',
  '--repeat-each',
  '--retries',
  '--shard',
  '--timeout',
  '--output',
  '--max-failures',
  '--global-timeout',
  '--trace',
  '--tsconfig',
  '--update-snapshots',
  '-u',
  '--update-source-method',
  '--test-list',
  '--test-list-invert',
  '--ui-host',
  '--ui-port',
  '--browser',
]);
/** Options that run part of the suite (beside grep, projects and files). */
const FILTER_FLAGS = new Set(['--last-failed', '--only-changed', '--test-list', '--test-list-invert', '--max-failures', '-x']);

export interface CliScope {
  grep: string | null;
  grepInvert: string | null;
  projects: string[] | null;
  files: string[];
  filters: string[];
}

/** What the Playwright command line (`… test [options] [files]`) narrowed the run to. */
export function cliScope(argv: readonly string[]): CliScope {
  const out: CliScope = { grep: null, grepInvert: null, projects: null, files: [], filters: [] };
  const start = argv.indexOf('test');
  if (start < 0) return out;
  for (let i = start + 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('-')) {
      out.files.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(0, eq) : a;
    const value = VALUE_FLAGS.has(name) ? (eq > 0 ? a.slice(eq + 1) : argv[++i]) : undefined;
    if (name === '-g' || name === '--grep') out.grep = value ?? null;
    else if (name === '-G' || name === '--grep-invert') out.grepInvert = value ?? null;
    else if (name === '-p' || name === '--project') (out.projects ??= []).push(value ?? '');
    else if (FILTER_FLAGS.has(name)) out.filters.push(value === undefined ? name : `${name}=${value}`);
  }
  return out;
}

/** The names of the mock's legitimate variations switched on by its MOCK_* settings. */
function variationsOn(env: NodeJS.ProcessEnv): string[] {
  let variations: Partial<typeof NO_VARIATIONS> | undefined;
  try {
    variations = configFromEnv(env).variations;
  } catch {
    return ['(malformed MOCK_* setting)'];
  }
  return Object.entries(variations ?? {})
    .filter(([k, v]) => v !== NO_VARIATIONS[k as keyof typeof NO_VARIATIONS])
    .map(([k, v]) => (typeof v === 'boolean' ? k : `${k}=${String(v)}`))
    .sort();
}

/** Contract limits set through MESHI_<LIMIT> (by globalSetup for the bundled mock's quota, or by the operator). */
export function toldLimits(env: NodeJS.ProcessEnv = process.env): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of Object.keys(contract.limits)) {
    try {
      const v = limitOverride(name, env);
      if (v !== undefined) out[name] = v;
    } catch {
      // malformed: already reported as a configuration error
    }
  }
  return out;
}

export interface ProvenanceInput {
  readonly kind: RunProvenance['target']['kind'];
  readonly baseUrl: string | undefined;
  readonly selection: readonly string[] | null;
  readonly mockFaults: readonly string[];
  readonly shard: { current: number; total: number } | null;
  readonly argv: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  /** A merged run: what the shards recorded in their metadata (scripts/conformance.config.ts). */
  readonly recorded?: { readonly scope?: Partial<CliScope>; readonly limits?: Readonly<Record<string, number>> };
}

function origin(url: string | undefined): { origin: string | null; loopback: boolean } {
  if (!url) return { origin: null, loopback: false };
  try {
    const u = new URL(url);
    const host = u.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    return { origin: u.origin, loopback: host === 'localhost' || host.endsWith('.localhost') || /^127\./.test(host) || host === '::1' };
  } catch {
    return { origin: null, loopback: false };
  }
}

export function runProvenance(i: ProvenanceInput): RunProvenance {
  const cli = { ...cliScope(i.argv), ...(i.recorded?.scope ?? {}) };
  const mock =
    i.kind === 'bundled-mock'
      ? {
          faults: [...i.mockFaults],
          variations: variationsOn(i.env),
          settings: Object.keys(i.env)
            .filter((k) => k.startsWith('MOCK_') && i.env[k] !== undefined && i.env[k] !== '')
            .sort(),
        }
      : null;
  return {
    target: { kind: i.kind, ...origin(i.baseUrl) },
    mock,
    scope: {
      guarantees: i.selection ? [...i.selection] : null,
      grep: cli.grep,
      grepInvert: cli.grepInvert,
      projects: cli.projects,
      files: cli.files,
      filters: cli.filters,
      shard: i.shard,
    },
    limits: { ...(i.recorded?.limits ?? {}), ...toldLimits(i.env) },
  };
}

/** The MESHI_* variable of a told limit (for messages). */
export function limitVariable(name: string): string {
  return limitEnvName(name);
}
