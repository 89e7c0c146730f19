// Adapter: conformance-report.json (reporter/, contracts/conformance-report.schema.json) as the
// release decision reads it. Fields that older reports lack (evidence counts, the catalogue
// version, coverage, the target's origin) come out as null, and the criteria that need them say
// `unknown` rather than guess.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CatalogueVersion } from '../../../reporter/catalogueVersion';
import type { ContractCoverage } from '../../../reporter/types';
import { ReleaseConfigError } from '../errors';

export const REPORT_FILE = 'conformance-report.json';

/** Verdicts a report may give (`error` and `inconclusive` once typed findings land). */
export type ReportVerdict = 'passed' | 'failed' | 'flaky' | 'not-exercised' | 'known-deviation' | 'error' | 'inconclusive';

export interface ReportGuarantee {
  readonly id: string;
  readonly level: 'MUST' | 'SHOULD';
  readonly provenance: 'documented' | 'observed' | 'provisional';
  readonly verdict: ReportVerdict;
  readonly reason: string | null;
  /** Exchanges and tests that earned the verdict; null when the report does not count them. */
  readonly evidence: { readonly exchanges: number; readonly tests: number } | null;
}

export interface ReportInput {
  readonly file: string;
  readonly runId: string;
  readonly finishedAt: string | null;
  readonly target: {
    readonly name: string;
    readonly url: string | null;
    /** `remote`: any target but the harness's own bundled mock. */
    readonly kind: 'bundled-mock' | 'remote' | 'unknown';
    readonly origin: string | null;
    readonly production: boolean;
  };
  readonly mockFaults: readonly string[];
  /** A partial scope (--guarantees) or a run narrowed by --grep, spec files or other filters (run.provenance.scope). */
  readonly partial: boolean;
  readonly shard: { readonly current: number; readonly total: number } | null;
  readonly catalogue: CatalogueVersion | null;
  readonly guarantees: readonly ReportGuarantee[];
  /** Tests transient on every attempt or interrupted (what older reports fold into not exercised). */
  readonly inconclusiveTests: number;
  readonly runErrors: readonly string[];
  readonly coverage: ContractCoverage | null;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

function targetKind(kind: unknown): ReportInput['target']['kind'] {
  if (kind === 'bundled-mock') return 'bundled-mock';
  if (kind === 'external' || kind === 'remote') return 'remote';
  return 'unknown';
}

function originOf(target: Json, provenance: Json): string | null {
  const given = str(obj(provenance.target).origin) ?? str(target.origin);
  if (given) return given;
  const url = str(target.url);
  try {
    return url ? new URL(url).origin : null;
  } catch {
    return null;
  }
}

function evidenceOf(g: Json): ReportGuarantee['evidence'] {
  const e = obj(g.evidence);
  return typeof e.exchanges === 'number' && typeof e.tests === 'number' ? { exchanges: e.exchanges, tests: e.tests } : null;
}

function catalogueOf(v: unknown): CatalogueVersion | null {
  const c = obj(v);
  return typeof c.sha256 === 'string' && typeof c.infoVersion === 'string' && typeof c.version === 'string'
    ? { sha256: c.sha256, infoVersion: c.infoVersion, version: c.version }
    : null;
}

/** One parsed report as the decision sees it. Throws ReleaseConfigError on something that is not a report. */
export function adaptReport(json: unknown, file: string): ReportInput {
  const r = obj(json);
  const run = obj(r.run);
  if (r.schemaVersion !== 1 || typeof run.id !== 'string' || !Array.isArray(r.guarantees))
    throw new ReleaseConfigError(`${file} is not a conformance report (schemaVersion 1 with run.id and guarantees)`);
  const target = obj(run.target);
  const tests = obj(obj(r.totals).tests);
  const shard = obj(run.shard);
  const provenance = obj(run.provenance);
  const narrowed = obj(provenance.scope);
  const listedIn = (v: unknown) => Array.isArray(v) && v.length > 0;
  const faults = [
    ...(Array.isArray(run.mockFaults) ? run.mockFaults : []),
    ...(Array.isArray(obj(provenance.mock).faults) ? (obj(provenance.mock).faults as unknown[]) : []),
  ];
  return {
    file,
    runId: run.id,
    finishedAt: str(run.finishedAt),
    target: {
      name: str(target.name) ?? 'unknown',
      url: str(target.url),
      kind: targetKind(obj(provenance.target).kind ?? target.kind),
      origin: originOf(target, provenance),
      production: target.production === true,
    },
    mockFaults: [...new Set(faults.filter((f): f is string => typeof f === 'string'))],
    partial:
      obj(run.scope).partial === true ||
      !!str(narrowed.grep) ||
      !!str(narrowed.grepInvert) ||
      listedIn(narrowed.files) ||
      listedIn(narrowed.filters),
    shard:
      typeof shard.current === 'number' && typeof shard.total === 'number' && run.merged !== true
        ? { current: shard.current, total: shard.total }
        : null,
    catalogue: catalogueOf(r.catalogue),
    guarantees: (r.guarantees as unknown[])
      .map(obj)
      .map((g) => ({
        id: String(g.id),
        level: g.level === 'SHOULD' ? 'SHOULD' : 'MUST',
        provenance: g.provenance === 'documented' || g.provenance === 'observed' ? g.provenance : 'provisional',
        verdict: String(g.verdict) as ReportVerdict,
        reason: str(g.reason),
        evidence: evidenceOf(g),
      })),
    inconclusiveTests: num(tests.transient) + num(tests.interrupted),
    runErrors: (Array.isArray(r.errors) ? r.errors : [])
      .map(obj)
      .map((e) => `${str(e.kind) ?? 'run'}: ${(str(e.message) ?? '').split('\n')[0]}`),
    coverage: Array.isArray(obj(r.coverage).exchanges) ? (r.coverage as ContractCoverage) : null,
  };
}

/** Every conformance-report.json under `dir` (the folder itself, or any depth below: a nightly's shard folders). */
export function reportFilesUnder(dir: string): string[] {
  const abs = resolve(dir);
  if (!existsSync(abs)) throw new ReleaseConfigError(`--report ${dir}: no such file or folder`);
  if (statSync(abs).isFile()) return [abs];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (e.name === REPORT_FILE) out.push(join(d, e.name));
    }
  };
  walk(abs);
  if (!out.length) throw new ReleaseConfigError(`--report ${dir}: no ${REPORT_FILE} in it`);
  return out.sort();
}

export function readReports(dirs: readonly string[]): ReportInput[] {
  return dirs.flatMap(reportFilesUnder).map((file) => {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new ReleaseConfigError(`${file}: unreadable (${e instanceof Error ? e.message : String(e)})`);
    }
    return adaptReport(json, file);
  });
}
