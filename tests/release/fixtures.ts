// Fixture inputs of the release decision, generated from the contract and the catalogue (never
// hand-edited): a report of a remote target that passed everything with evidence and met every
// operation, status and code; a kill matrix that killed one fault per guarantee; a diff without a
// breaking change. Each test breaks one of them.

import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { catalogueVersion } from '../../reporter/catalogueVersion';
import { contractLocator } from '../../reporter/ci/contractLines';
import type { CoverageExchange } from '../../reporter/types';
import { readCatalogue } from '../../scripts/release/inputs/catalogue';
import { adaptDiff, type ContractDiffInput } from '../../scripts/release/inputs/contractDiff';
import { adaptReport, type ReportInput } from '../../scripts/release/inputs/conformanceReport';
import { adaptKillMatrix } from '../../scripts/release/inputs/killMatrix';
import { catalogueGuarantees, contractSurface } from '../../scripts/release/inputs';
import type { ReleaseInputs } from '../../scripts/release/types';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const NOW = new Date('2026-12-06T12:00:00Z');
const HOUR = 3_600_000;

/** Every operation × base × status × code of the contract, met once. */
export function fullCoverage(): CoverageExchange[] {
  const out: CoverageExchange[] = [];
  for (const op of contractSurface().operations) {
    for (const base of ['current', 'alias'] as const) {
      for (const s of op.statuses) {
        for (const code of s.codes.length ? s.codes : [null])
          out.push({ operationId: op.operationId, base, status: s.status, code, exchanges: 1, tests: 1, guarantees: [] });
      }
    }
  }
  return out;
}

export type ReportJson = Record<string, any>;

/** A report as conformance-report.json has it (the fields the adapter reads). */
export function reportJson(over: { finishedHoursAgo?: number; kind?: string } = {}): ReportJson {
  return {
    schemaVersion: 1,
    run: {
      id: 'fixture-run-0001',
      target: { name: 'staging', url: 'https://api.staging.meshi.io', kind: over.kind ?? 'external', production: false },
      finishedAt: new Date(NOW.getTime() - (over.finishedHoursAgo ?? 2) * HOUR).toISOString(),
      mockFaults: [],
      scope: { partial: false, selection: null },
      shard: null,
      merged: false,
    },
    totals: { tests: { transient: 0, interrupted: 0 } },
    errors: [],
    catalogue: catalogueVersion(ROOT),
    guarantees: catalogueGuarantees().map((g) => ({
      id: g.id,
      level: g.level,
      provenance: g.provenance,
      verdict: 'passed',
      reason: null,
      evidence: { exchanges: 3, tests: 1 },
    })),
    coverage: { exchanges: fullCoverage() },
  };
}

export function report(json: ReportJson = reportJson()): ReportInput {
  return adaptReport(json, 'fixtures/conformance-report.json');
}

/** One synthetic fault per guarantee, every one killed. */
export function killMatrixJson(): ReportJson {
  return {
    generatedAt: NOW.toISOString(),
    mode: 'full',
    faults: catalogueGuarantees().map((g) => ({ fault: `fx-${g.id.toLowerCase()}`, guarantee: g.id, outcome: 'killed' })),
  };
}

export function diff(
  changes: Record<string, unknown>[] = [
    {
      id: 'response-property-added:getEvent:200:x',
      rule: 'response-property-added',
      severity: 'non-breaking',
      message: 'GET /events/{id} 200 gains x',
      provenance: 'provisional',
      guarantees: [],
      base: null,
      head: { file: 'contracts/partner-api.yaml', line: 10, column: 3, pointer: '/paths' },
      accepted: null,
    },
  ],
): ContractDiffInput {
  const unaccepted = changes.filter((c) => c.severity !== 'non-breaking' && !c.accepted).length;
  return adaptDiff({
    base: { label: 'v0.1.0', version: '0.1.0' },
    head: { label: 'working tree', version: '0.1.0' },
    changes,
    unacceptedBreaking: unaccepted,
  });
}

export function inputs(over: Partial<ReleaseInputs> = {}): ReleaseInputs {
  return {
    reports: [report()],
    diff: diff(),
    killMatrix: adaptKillMatrix(killMatrixJson(), 'fixtures/kill-matrix.json'),
    catalogue: readCatalogue(ROOT, null),
    guarantees: catalogueGuarantees(),
    faults: catalogueGuarantees().map((g) => ({ name: `fx-${g.id.toLowerCase()}`, guarantee: g.id })),
    surface: contractSurface(),
    locator: contractLocator(ROOT),
    now: NOW,
    maxAgeHours: 36,
    dryRun: false,
    ...over,
  };
}

export const META = { killMatrix: 'fixtures/kill-matrix.json', base: 'v0.1.0' };
export const KILL_MATRIX_FILE = join(ROOT, 'reports/kill-matrix/kill-matrix.json');
