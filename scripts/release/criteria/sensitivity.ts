// Sensitivity per guarantee: of the catalogue faults that break it, how many the latest kill matrix
// killed. A documented guarantee with no fault in the catalogue, or any guarantee with a fault the
// matrix injected and did not kill, fails; a catalogue fault the result does not cover is unknown.

import type { CiFinding } from '../../../reporter/ci/findings';
import type { Criterion, ReleaseInputs } from '../types';
import { listed, statusOf } from './combine';
import { weightOf } from './findingAt';

export function sensitivityCriterion(inputs: ReleaseInputs): Criterion {
  const km = inputs.killMatrix;
  if (!km)
    return {
      id: 'sensitivity',
      status: 'unknown',
      reason: 'no kill-matrix result (npm run kill-matrix, or the one committed under docs/sensitivity/)',
      details: [],
      findings: [],
    };
  const fails: string[] = [];
  const unknowns: string[] = [];
  const findings: CiFinding[] = [];
  const fail = (id: string, text: string) => {
    const g = inputs.guarantees.find((x) => x.id === id);
    fails.push(`${id}: ${text}`);
    findings.push({
      rule: 'guarantee-insensitive',
      level: 'error',
      title: `${id}: ${text}`,
      message: `${id}: ${text} (kill matrix ${km.file})`,
      location: inputs.locator.guarantee(id),
      weight: weightOf(g),
    });
  };
  for (const g of inputs.guarantees) {
    const faults = inputs.faults.filter((f) => f.guarantee === g.id).map((f) => f.name);
    const s = km.byGuarantee.get(g.id);
    if (faults.length === 0) {
      if (g.provenance === 'documented') fail(g.id, 'no fault in the catalogue breaks it: nothing shows its tests can fail');
      continue;
    }
    if (s?.notKilled.length) fail(g.id, `fault(s) not killed: ${s.notKilled.join(', ')}`);
    const missing = s?.faults.length ? faults.filter((f) => !s.faults.includes(f)) : s && s.injected >= faults.length ? [] : faults;
    if (missing.length) unknowns.push(`${g.id}: fault(s) not in the kill-matrix result: ${listed(missing, 4)}`);
  }
  const status = statusOf(fails.length, unknowns.length);
  const scored = [...km.byGuarantee.values()].filter((s) => s.injected > 0);
  const killed = scored.reduce((n, s) => n + s.killed, 0);
  const injected = scored.reduce((n, s) => n + s.injected, 0);
  const reason = fails.length
    ? `${fails.length} guarantee(s) without a killed fault: ${listed(fails.map((f) => f.split(':')[0]!))}`
    : unknowns.length
      ? `${unknowns.length} guarantee(s) with faults the kill-matrix result did not inject`
      : `${killed}/${injected} faults killed over ${scored.length} guarantees (${km.mode ?? 'unknown'} mode, ${km.generatedAt ?? 'undated'})`;
  return { id: 'sensitivity', status, reason, details: [...fails, ...unknowns], findings };
}
