// Assembles the decision's inputs from the adapters (inputs/) and the contract.

import { contract } from '../../contract';
import { guarantees } from '../../contract';
import { faultCatalogue } from '../../mock/faults/catalogue';
import { contractLocator } from '../../reporter/ci/contractLines';
import { readCatalogue } from './inputs/catalogue';
import { loadContractDiff } from './inputs/contractDiff';
import { readReports, type ReportInput } from './inputs/conformanceReport';
import { readKillMatrix } from './inputs/killMatrix';
import type { CatalogueGuarantee, ContractSurface, ReleaseInputs } from './types';

/** The contract's operations with their declared statuses and, per status, the error codes an HTTP response can carry. */
export function contractSurface(): ContractSurface {
  return {
    operations: Object.values(contract.operations).map((op) => ({
      operationId: op.operationId,
      statuses: Object.values(op.responses).map((r) => ({
        status: r.status,
        codes: r.codes.filter((c) => !contract.errorCodes[c]?.runErrorOnly),
      })),
    })),
  };
}

export function catalogueGuarantees(): CatalogueGuarantee[] {
  return guarantees.map((g) => ({
    id: g.id,
    level: g.level,
    provenance: g.provenance,
    operations: [...((g as { operations?: readonly string[] }).operations ?? [])],
  }));
}

export interface GatherOptions {
  readonly root: string;
  readonly reports: readonly ReportInput[] | readonly string[];
  readonly base: string | null;
  readonly killMatrix: string | null;
  readonly dryRun: boolean;
  readonly maxAgeHours: number;
  readonly now?: Date;
}

export async function gatherInputs(o: GatherOptions): Promise<ReleaseInputs & { killMatrixFile: string | null }> {
  const now = o.now ?? new Date();
  const reports = o.reports.length && typeof o.reports[0] === 'string' ? readReports(o.reports as string[]) : (o.reports as ReportInput[]);
  const killMatrix = readKillMatrix(o.killMatrix, o.root);
  return {
    reports,
    diff: loadContractDiff(o.base, o.root, now.toISOString().slice(0, 10)),
    killMatrix,
    killMatrixFile: killMatrix?.file ?? null,
    catalogue: readCatalogue(o.root, o.base),
    guarantees: catalogueGuarantees(),
    faults: faultCatalogue.map((f) => ({ name: f.name, guarantee: f.guarantee })),
    surface: contractSurface(),
    locator: contractLocator(o.root),
    now,
    maxAgeHours: o.maxAgeHours,
    dryRun: o.dryRun,
  };
}
