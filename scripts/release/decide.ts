// The release decision: each criterion judged over the inputs, and one answer — release only when
// every criterion passes (unknown is not a pass). --dry-run decides the same and exits 0.

import { catalogueCriterion } from './criteria/catalogue';
import { combineGuarantees } from './criteria/combine';
import { conformanceCriterion } from './criteria/conformance';
import { contractChangesCriterion } from './criteria/contractChanges';
import { coverageCriterion } from './criteria/coverage';
import { sensitivityCriterion } from './criteria/sensitivity';
import type { Criterion, Decision, GuaranteeLine, ReleaseInputs } from './types';

export function judgeCriteria(inputs: ReleaseInputs): Criterion[] {
  return [
    conformanceCriterion(inputs),
    contractChangesCriterion(inputs),
    coverageCriterion(inputs),
    sensitivityCriterion(inputs),
    catalogueCriterion(inputs),
  ];
}

function guaranteeLines(inputs: ReleaseInputs): GuaranteeLine[] {
  const combined = combineGuarantees(inputs.reports);
  return inputs.guarantees.map((g) => {
    const c = combined.get(g.id);
    const s = inputs.killMatrix?.byGuarantee.get(g.id);
    return {
      id: g.id,
      level: g.level,
      provenance: g.provenance,
      verdict: c?.verdict ?? null,
      evidence: c?.evidence ?? null,
      sensitivity: s && s.injected > 0 ? { injected: s.injected, killed: s.killed, score: s.killed / s.injected } : null,
    };
  });
}

export function decide(inputs: ReleaseInputs, meta: { killMatrix: string | null; base: string | null }): Decision {
  const criteria = judgeCriteria(inputs);
  const release = criteria.every((c) => c.status === 'pass');
  const decisionExitCode = release ? 0 : 1;
  const base = inputs.catalogue.base;
  return {
    schemaVersion: 1,
    decidedAt: inputs.now.toISOString(),
    dryRun: inputs.dryRun,
    release,
    decisionExitCode,
    exitCode: inputs.dryRun ? 0 : decisionExitCode,
    criteria,
    guarantees: guaranteeLines(inputs),
    catalogue: {
      current: inputs.catalogue.current.version,
      reports: inputs.reports.map((r) => r.catalogue),
      base: base
        ? {
            ref: base.ref,
            version: base.version,
            added: inputs.catalogue.current.ids.filter((id) => !base.ids.includes(id)),
            removed: base.ids.filter((id) => !inputs.catalogue.current.ids.includes(id)),
          }
        : null,
    },
    inputs: {
      reports: inputs.reports.map((r) => ({
        file: r.file,
        runId: r.runId,
        finishedAt: r.finishedAt,
        target: r.target.name,
        kind: r.target.kind,
      })),
      killMatrix: meta.killMatrix,
      base: meta.base,
      maxAgeHours: inputs.maxAgeHours,
    },
  };
}
