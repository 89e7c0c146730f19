// Catalogue version: every report was scored against this checkout's guarantee catalogue (the
// contract's info.version and the catalogue's content hash). A report scored against another one,
// or one that does not say, is unknown. With --base, the guarantees added and removed since then.

import type { CiFinding } from '../../../reporter/ci/findings';
import type { Criterion, ReleaseInputs } from '../types';
import { listed, statusOf } from './combine';

export function catalogueCriterion(inputs: ReleaseInputs): Criterion {
  const current = inputs.catalogue.current;
  const unknowns: string[] = [];
  const notes: string[] = [];
  const findings: CiFinding[] = [];
  if (!inputs.reports.length) unknowns.push('no conformance report');
  for (const r of inputs.reports) {
    if (!r.catalogue) unknowns.push(`${r.file}: records no catalogue version`);
    else if (r.catalogue.sha256 !== current.version.sha256 || r.catalogue.infoVersion !== current.version.infoVersion) {
      const reportIds = new Set(r.guarantees.map((g) => g.id));
      const added = current.ids.filter((id) => !reportIds.has(id));
      const removed = r.partial ? [] : [...reportIds].filter((id) => !current.ids.includes(id));
      unknowns.push(
        `${r.file}: scored against catalogue ${r.catalogue.version}, this checkout has ${current.version.version}${added.length ? `; not judged: ${listed(added)}` : ''}${removed.length ? `; since removed: ${listed(removed)}` : ''}`,
      );
      findings.push({
        rule: 'catalogue-mismatch',
        level: 'warning',
        title: 'report scored against another catalogue',
        message: `${r.file} was scored against ${r.catalogue.version}; contracts/guarantees.yaml is ${current.version.version}`,
        location: { file: 'contracts/guarantees.yaml', line: 1 },
      });
    }
  }
  const base = inputs.catalogue.base;
  if (base) {
    const added = current.ids.filter((id) => !base.ids.includes(id));
    const removed = base.ids.filter((id) => !current.ids.includes(id));
    notes.push(
      `since ${base.ref} (${base.version.version}): ${added.length ? `added ${added.join(', ')}` : 'no guarantee added'}; ${removed.length ? `removed ${removed.join(', ')}` : 'none removed'}`,
    );
  } else notes.push('no --base: guarantees added or removed were not listed');
  const status = statusOf(0, unknowns.length);
  const reason = unknowns[0] ?? `${inputs.reports.length} report(s) scored against ${current.version.version}`;
  return { id: 'catalogue', status, reason, details: [...unknowns, ...notes], findings };
}
